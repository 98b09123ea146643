// Zero-lag Butterworth filtering, peaks, valleys and level crossings (core/filter.hpp, core/peaks.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <gaitchain/core/error.hpp>
#include <gaitchain/core/filter.hpp>
#include <gaitchain/core/peaks.hpp>
#include <limits>
#include <numbers>
#include <span>
#include <vector>

using gaitchain::Peak;

namespace {
constexpr double pi = std::numbers::pi;
const double NaN = std::numeric_limits<double>::quiet_NaN();

// Amplitude of the sin and cos components at `f` Hz of y[first, first + count), count spanning whole periods.
struct Components {
  double sin = 0, cos = 0;
};
Components components(const std::vector<double>& y, double f, double rate, std::size_t first, std::size_t count) {
  Components c;
  for (std::size_t i = first; i < first + count; ++i) {
    const double w = 2 * pi * f * static_cast<double>(i) / rate;
    c.sin += 2 * y[i] * std::sin(w) / static_cast<double>(count);
    c.cos += 2 * y[i] * std::cos(w) / static_cast<double>(count);
  }
  return c;
}

// The 40-sample test signal of the scipy reference values below.
std::vector<double> reference_signal() {
  std::vector<double> x(40);
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double i = static_cast<double>(k);
    x[k] = std::sin(2 * pi * 3 * i / 100.0) + 0.5 * std::sin(2 * pi * 11 * i / 100.0 + 0.3) + 0.02 * i;
  }
  return x;
}

void check_close(const std::vector<double>& got, const std::vector<double>& expected, double eps) {
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i] == doctest::Approx(expected[i]).epsilon(eps));
  }
}

std::vector<std::size_t> indices(const std::vector<Peak>& peaks) {
  std::vector<std::size_t> out;
  for (const Peak& p : peaks) out.push_back(p.index);
  return out;
}
}  // namespace

TEST_CASE("filter: steady-state amplitude is |H|^2 of the prewarped Butterworth, with zero phase") {
  const double rate = 100, fc = 7;
  const std::size_t n = 2000, first = 500, count = 1000;  // 10 s in the middle, whole periods of every f
  for (const int order : {1, 2, 3, 4, 8}) {
    for (const double f : {1.0, 6.0, 7.0, 15.0}) {
      CAPTURE(order);
      CAPTURE(f);
      std::vector<double> x(n);
      for (std::size_t i = 0; i < n; ++i) x[i] = std::sin(2 * pi * f * static_cast<double>(i) / rate);
      const double ratio = std::tan(pi * f / rate) / std::tan(pi * fc / rate);
      const double low = 1 / (1 + std::pow(ratio, 2 * order)), high = 1 / (1 + std::pow(ratio, -2 * order));
      if (f == fc) CHECK(low == doctest::Approx(0.5));
      const Components l = components(gaitchain::lowpass(x, rate, fc, order), f, rate, first, count);
      const Components h = components(gaitchain::highpass(x, rate, fc, order), f, rate, first, count);
      CHECK(l.sin == doctest::Approx(low).epsilon(1e-9));
      CHECK(h.sin == doctest::Approx(high).epsilon(1e-9));
      CHECK(std::abs(l.cos) < 1e-9);  // zero phase: no cos component appears
      CHECK(std::abs(h.cos) < 1e-9);
    }
  }
  SUBCASE("peak times are unchanged") {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = std::sin(2 * pi * 1.3 * static_cast<double>(i) / rate);
    const auto in = gaitchain::find_peaks(x, 0.5);
    const auto out = gaitchain::find_peaks(gaitchain::lowpass(x, rate, fc, 4), 0.5);
    REQUIRE(in.size() == out.size());
    REQUIRE(in.size() == 26);
    for (std::size_t k = 2; k + 2 < in.size(); ++k)  // away from the end transients
      CHECK(out[k].position == doctest::Approx(in[k].position).epsilon(1e-9));
  }
}

TEST_CASE("filter: constant series pass unchanged through lowpass and vanish through highpass") {
  const std::vector<double> x(30, 3.7);
  for (double v : gaitchain::lowpass(x, 100, 6, 4)) CHECK(v == doctest::Approx(3.7).epsilon(1e-12));
  for (double v : gaitchain::highpass(x, 100, 6, 4)) CHECK(std::abs(v) < 1e-12);
  CHECK(gaitchain::lowpass(std::vector<double>{}, 100, 6).empty());
}

// Generated with scipy 1.17.1 / numpy 2.4.6:
//   i = np.arange(40); x = np.sin(2*np.pi*3*i/100) + 0.5*np.sin(2*np.pi*11*i/100 + 0.3) + 0.02*i
//   scipy.signal.sosfiltfilt(scipy.signal.butter(order, fc/50, btype, output="sos"), x)
// for (order, btype, fc) = (2, "lowpass", 6), (4, "lowpass", 6), (4, "highpass", 5). scipy's ba form,
// filtfilt(*butter(order, fc/50, btype), x), agrees with these to 4e-14.
TEST_CASE("filter: matches scipy sosfiltfilt") {
  const std::vector<double> x = reference_signal();
  SUBCASE("lowpass order 2") {
    check_close(gaitchain::lowpass(x, 100, 6, 2),
                {0.15729178165038527,  0.3244696123752015,   0.48089506377143043,  0.61838566967421915,
                 0.7355216435704296,   0.8361818424929699,   0.92541585866966858,  1.0048555822777419,
                 1.0700018717385682,   1.1107890644966356,   1.1152633575951849,   1.0747304999343086,
                 0.98801273494971342,  0.8628316197339746,   0.71362782876545494,  0.55674578080655712,
                 0.40510671324880343,  0.26471899862203901,  0.13452518609101249,  0.0095510247760006908,
                 -0.11419326993284501, -0.23540953663754141, -0.34587405136511062, -0.4322988029124214,
                 -0.48090317258316456, -0.48264366250704521, -0.43672327461861471, -0.35076401401972485,
                 -0.23752705957273382, -0.10961815505949729, 0.025489395208823297, 0.16795190418914807,
                 0.32456216549706796,  0.50485336128825264,  0.71618970995354714,  0.9601334348214503,
                 1.2316823451223005,   1.5214934431349807,   1.8196208917372081,   2.1183340665068338},
                1e-9);
  }
  SUBCASE("lowpass order 4") {
    check_close(gaitchain::lowpass(x, 100, 6, 4),
                {0.14462075183497503,  0.31516294138866446,  0.48026738136383967,  0.635448864662157,
                 0.77666361521719807,  0.90020661921363399,  1.002515511295925,    1.0800289527626821,
                 1.1292497671412518,   1.1470844484457396,   1.1314045713651477,   1.0816603337650417,
                 0.9993271922084983,   0.88800938856303568,  0.75314338293915706,  0.60138899424991465,
                 0.43990350123995625,  0.27571775935223553,  0.11536498329309518,  -0.035214678715761887,
                 -0.17059776406450522, -0.28580137448890963, -0.37635768874794984, -0.43858933177890175,
                 -0.47000545032646535, -0.46964078891246525, -0.4381441388739355,  -0.37750021560472641,
                 -0.29040953349636939, -0.17949423095327602, -0.046581690634534927, 0.10769473510785861,
                 0.28384288131503832,  0.48302431261312329,  0.70628825419487007,  0.95375468458755619,
                 1.2239592683955056,   1.5134905091697646,   1.8169474050126169,   2.1271733654072653},
                1e-9);
  }
  SUBCASE("highpass order 4") {
    check_close(gaitchain::highpass(x, 100, 5, 4),
                {0.016908224228956686, 0.32114160497786071,  0.43123352230377887,   0.31029095915799532,
                 0.026163171900368404, -0.27997381128708498, -0.45860529824151941,  -0.42060475731418256,
                 -0.17815850492735835, 0.1608850690138619,   0.44263382623198555,   0.5379484891012225,
                 0.40190917462969011,  0.094646804737247625, -0.24602898488535635,  -0.4676453705860617,
                 -0.47280226376894147, -0.2636190036947248,  0.059510830047559748,  0.34428562801676266,
                 0.45669841179144649,  0.34284483918157183,  0.053950897419282162,  -0.27689201532411029,
                 -0.4956390097599549,  -0.49793127880860344, -0.27708144508880606,  0.072581349533318046,
                 0.39851056342070784,  0.55922225290519889,  0.48825510284893503,   0.22347179066139422,
                 -0.11170686803805296, -0.36645917678454987, -0.43333576511525518,  -0.29906874936728656,
                 -0.051994583673386982, 0.1574123443195376,  0.18485861624529432,   -0.041906719030043088},
                1e-9);
  }
}

TEST_CASE("filter: each run of valid samples is filtered on its own; short runs come out NaN") {
  // Order 2: padlen 9, so a run needs 10 samples.
  std::vector<double> x(70);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = static_cast<double>(i);
    x[i] = std::sin(0.3 * t) + 0.01 * t;
  }
  // Runs: [0, 25) valid, [25, 28) NaN, [28, 38) 10 valid, 38 NaN, [39, 48) 9 valid, 48 NaN, [49, 70) valid.
  for (const std::size_t i : {25, 26, 27, 38, 48}) x[i] = NaN;
  const std::span<const double> all(x);
  for (const bool high : {false, true}) {
    CAPTURE(high);
    auto filter = [&](std::span<const double> s) {
      return high ? gaitchain::highpass(s, 100, 8, 2) : gaitchain::lowpass(s, 100, 8, 2);
    };
    const std::vector<double> y = filter(all);
    REQUIRE(y.size() == x.size());
    auto check_run = [&](std::size_t first, std::size_t length) {
      const std::vector<double> alone = filter(all.subspan(first, length));
      for (std::size_t k = 0; k < length; ++k) CHECK(y[first + k] == doctest::Approx(alone[k]).epsilon(1e-14));
    };
    check_run(0, 25);
    check_run(28, 10);  // exactly padlen + 1: filtered
    check_run(49, 21);
    for (std::size_t i = 39; i < 48; ++i) CHECK(std::isnan(y[i]));  // padlen samples: too short
    for (const std::size_t i : {25, 26, 27, 38, 48}) CHECK(std::isnan(y[i]));
    CHECK(!std::isnan(y[28]));
    double change = 0;  // the runs really were filtered
    for (std::size_t i = 0; i < 25; ++i) change = std::max(change, std::abs(y[i] - x[i]));
    CHECK(change > 0.05);
  }
  const std::vector<double> nine(9, 1.0), ten(10, 1.0);
  CHECK(std::isnan(gaitchain::lowpass(nine, 100, 8, 2)[0]));
  CHECK(gaitchain::lowpass(ten, 100, 8, 2)[0] == doctest::Approx(1.0));
  CHECK(std::isnan(gaitchain::lowpass(std::vector<double>(15, 1.0), 100, 8, 4)[7]));  // order 4: padlen 15
  CHECK(gaitchain::lowpass(std::vector<double>(16, 1.0), 100, 8, 4)[7] == doctest::Approx(1.0));
}

TEST_CASE("filter: bad arguments throw InvalidArgument") {
  const std::vector<double> x(50, 1.0);
  for (const bool high : {false, true}) {
    auto filter = [&](double rate, double cutoff, int order) {
      return high ? gaitchain::highpass(x, rate, cutoff, order) : gaitchain::lowpass(x, rate, cutoff, order);
    };
    CHECK_THROWS_AS(filter(0, 5, 2), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(filter(-100, 5, 2), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(filter(NaN, 5, 2), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(filter(100, 0, 2), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(filter(100, -1, 2), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(filter(100, 50, 2), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(filter(100, 60, 2), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(filter(100, NaN, 2), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(filter(100, 5, 0), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(filter(100, 5, 9), gaitchain::InvalidArgument);
    CHECK_NOTHROW(filter(100, 49.9, 8));
    CHECK_NOTHROW(filter(100, 5, 1));
  }
}

TEST_CASE("find_peaks: plateaus, ends, NaN neighbours and prominence") {
  const std::vector<double> x{0, 2, 1, 3, 1, 1, 5, 5, 5, 2, 4, 0,           // 0..11
                              NaN, 3, 6, 2, 2.5, 2, 3, NaN,              // 12..19
                              7, 1, 0.5, 4, 3, 3.5, 0};                  // 20..26
  const auto peaks = gaitchain::find_peaks(x, 0.0);
  // 7 is the middle of the plateau 6..8; 18 and 20 touch a NaN, 13 follows one; 0 and 26 are the ends.
  CHECK(indices(peaks) == std::vector<std::size_t>{1, 3, 7, 10, 14, 16, 23, 25});
  // scipy.signal.peak_prominences(x, [1, 3, 7, 10, 14, 16, 23, 25]) (scipy 1.17.1) gives the same values;
  // at 14 the left search stops at the NaN (reference minimum 3, not the 0 at 11).
  const std::vector<double> prominence{1, 2, 5, 2, 3, 0.5, 3.5, 0.5};
  REQUIRE(peaks.size() == prominence.size());
  for (std::size_t k = 0; k < peaks.size(); ++k) {
    CAPTURE(k);
    CHECK(peaks[k].prominence == doctest::Approx(prominence[k]));
    CHECK(peaks[k].value >= x[peaks[k].index]);
  }
  CHECK(peaks[2].position == 7.0);  // flat plateau: no curvature, no shift
  CHECK(peaks[2].value == 5.0);
  // x[2..4] = (1, 3, 1): symmetric, the vertex is the sample.
  CHECK(peaks[1].position == doctest::Approx(3.0));
  CHECK(peaks[1].value == doctest::Approx(3.0));
  // x[9..11] = (2, 4, 0): slope -1, curvature -6, vertex at -1/6, value 4 + 1/6 - 1/12.
  CHECK(peaks[3].position == doctest::Approx(10 - 1.0 / 6));
  CHECK(peaks[3].value == doctest::Approx(4 + 1.0 / 12));

  CHECK(indices(gaitchain::find_peaks(x, 2.0)) == std::vector<std::size_t>{3, 7, 10, 14, 23});
  CHECK(indices(gaitchain::find_peaks(x, 3.5)) == std::vector<std::size_t>{7, 23});

  // A two-sample plateau: the vertex is clamped to index + 0.5, the value is the parabola there.
  const auto two = gaitchain::find_peaks(std::vector<double>{0, 2, 2, 0}, 0.0);
  REQUIRE(two.size() == 1);
  CHECK(two[0].index == 1);
  CHECK(two[0].position == 1.5);
  CHECK(two[0].value == doctest::Approx(2.25));

  CHECK(gaitchain::find_peaks(std::vector<double>{1, 2, 3, 4}, 0.0).empty());
  CHECK(gaitchain::find_peaks(std::vector<double>{4, 3, 3, 4}, 0.0).empty());
  CHECK(gaitchain::find_peaks(std::vector<double>{0, 1, 1}, 0.0).empty());  // plateau running into the end
  CHECK(gaitchain::find_peaks(std::vector<double>{}, 0.0).empty());
  CHECK(gaitchain::find_peaks(std::vector<double>{NaN, 1, NaN}, 0.0).empty());
  CHECK_THROWS_AS(gaitchain::find_peaks(x, NaN), gaitchain::InvalidArgument);
}

TEST_CASE("find_peaks: min_distance keeps the higher of two close peaks") {
  const std::vector<double> x{0, 5, 0, 3, 0, 0, 0, 4, 0};
  CHECK(indices(gaitchain::find_peaks(x, 0.0)) == std::vector<std::size_t>{1, 3, 7});
  CHECK(indices(gaitchain::find_peaks(x, 0.0, 3)) == std::vector<std::size_t>{1, 7});  // scipy: [1, 7]
  CHECK(indices(gaitchain::find_peaks(x, 0.0, 2)) == std::vector<std::size_t>{1, 3, 7});  // 2 apart is allowed
  CHECK(indices(gaitchain::find_peaks(x, 0.0, 7)) == std::vector<std::size_t>{1});
  // Equal heights: the later one wins, as in scipy (find_peaks([0, 5, 0, 5, 0], distance=3) -> [3]).
  CHECK(indices(gaitchain::find_peaks(std::vector<double>{0, 5, 0, 5, 0}, 0.0, 3)) == std::vector<std::size_t>{3});
  // The prominence filter comes first: the bump at 5 (prominence 0.2) does not remove the peak at 8
  // (scipy's find_peaks(r, prominence=1, distance=4) applies distance first and returns only [1]).
  const std::vector<double> r{0, 10, 9, 9, 9, 9.2, 9, 3, 6, 0};
  CHECK(indices(gaitchain::find_peaks(r, 1.0, 4)) == std::vector<std::size_t>{1, 8});
}

TEST_CASE("find_peaks: sub-sample position of a sampled parabola and cosine") {
  std::vector<double> parabola(21), cosine(61);
  for (std::size_t i = 0; i < parabola.size(); ++i) parabola[i] = 7 - 0.3 * std::pow(static_cast<double>(i) - 10.3, 2);
  for (std::size_t i = 0; i < cosine.size(); ++i) cosine[i] = std::cos(2 * pi * (static_cast<double>(i) - 30.37) / 40);
  const auto p = gaitchain::find_peaks(parabola, 0.0);
  REQUIRE(p.size() == 1);
  CHECK(p[0].index == 10);
  CHECK(p[0].position == doctest::Approx(10.3).epsilon(1e-9));
  CHECK(p[0].value == doctest::Approx(7.0).epsilon(1e-9));
  const auto c = gaitchain::find_peaks(cosine, 0.0);
  REQUIRE(c.size() == 1);
  CHECK(c[0].index == 30);
  CHECK(std::abs(c[0].position - 30.37) < 1e-3);
  CHECK(std::abs(c[0].value - 1.0) < 1e-3);
}

TEST_CASE("find_valleys: minima are the peaks of -x, reported with the original values") {
  //                            0  1  2  3  4  5  6    7  8  9  10 11
  const std::vector<double> x{3, 1, 2, 0, 0, 0, 4, NaN, 1, 5, -1, 2};
  const auto v = gaitchain::find_valleys(x, 0.0);
  // 8 touches the NaN; 4 is the middle of the plateau 3..5.
  CHECK(indices(v) == std::vector<std::size_t>{1, 4, 10});
  REQUIRE(v.size() == 3);
  // (3, 1, 2): vertex at +1/6, value 1 - 1/12 + 1/24.
  CHECK(v[0].position == doctest::Approx(1 + 1.0 / 6));
  CHECK(v[0].value == doctest::Approx(23.0 / 24));
  CHECK(v[0].prominence == doctest::Approx(1.0));
  CHECK(v[1].position == 4.0);
  CHECK(v[1].value == 0.0);
  CHECK(v[1].prominence == doctest::Approx(3.0));  // rises to 3 on the left, to 4 before the NaN on the right
  // (5, -1, 2): vertex at +1/6, value -1 - 1/4 + 1/8.
  CHECK(v[2].position == doctest::Approx(10 + 1.0 / 6));
  CHECK(v[2].value == doctest::Approx(-1.125));
  CHECK(v[2].prominence == doctest::Approx(3.0));  // rises to 5 before the NaN, to 2 at the series end
  CHECK(indices(gaitchain::find_valleys(x, 2.0)) == std::vector<std::size_t>{4, 10});
}

TEST_CASE("crossings: fractional positions, direction and NaN pairs") {
  //                           0  1  2  3   4    5  6   7
  const std::vector<double> x{0, 2, 4, 1, -1, NaN, 3, -3};
  CHECK(gaitchain::crossings(x, 1.0, +1) == std::vector<double>{0.5});
  // Down: 4 -> 1 lands on the level (3.0); 1 -> -1 starts on it and is not counted again; 3 -> -3 at 1/3.
  const std::vector<double> down = gaitchain::crossings(x, 1.0, -1);
  REQUIRE(down.size() == 2);
  CHECK(down[0] == 3.0);
  CHECK(down[1] == doctest::Approx(6 + 1.0 / 3).epsilon(1e-15));
  const std::vector<double> both = gaitchain::crossings(x, 1.0, 0);
  REQUIRE(both.size() == 3);
  CHECK(both[0] == 0.5);
  CHECK(both[1] == 3.0);
  CHECK(both[2] == down[1]);
  // -1 -> NaN -> 3 would cross 1 but is skipped.
  CHECK(gaitchain::crossings(x, 2.5, +1) == std::vector<double>{1.25});
  CHECK(gaitchain::crossings(std::vector<double>{0, 1, 1, 0}, 1.0, 0) == std::vector<double>{1.0});
  CHECK(gaitchain::crossings(std::vector<double>{-2, 2, -2}, 0.0, 0) == std::vector<double>{0.5, 1.5});
  CHECK(gaitchain::crossings(std::vector<double>{}, 0.0, 0).empty());
  CHECK_THROWS_AS(gaitchain::crossings(x, 1.0, 2), gaitchain::InvalidArgument);
  CHECK_THROWS_AS(gaitchain::crossings(x, NaN, 0), gaitchain::InvalidArgument);
}
