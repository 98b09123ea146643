// Angle unwrapping and trajectory gap handling (core/angles.hpp, core/trajectory.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <gaitchain/core/angles.hpp>
#include <gaitchain/core/error.hpp>
#include <gaitchain/core/trajectory.hpp>
#include <limits>
#include <numbers>
#include <vector>

using gaitchain::Gap;
using gaitchain::GapFill;

namespace {
constexpr double pi = std::numbers::pi;
const double NaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("deg / rad") {
  CHECK(gaitchain::deg(pi) == doctest::Approx(180.0));
  CHECK(gaitchain::rad(90.0) == doctest::Approx(pi / 2));
  CHECK(gaitchain::deg(gaitchain::rad(-37.5)) == doctest::Approx(-37.5));
}

TEST_CASE("unwrap_near returns the equivalent angle closest to the reference") {
  CHECK(gaitchain::unwrap_near(-3.1, 3.1) == doctest::Approx(-3.1 + 2 * pi));
  CHECK(gaitchain::unwrap_near(3.1, -3.1) == doctest::Approx(3.1 - 2 * pi));
  CHECK(gaitchain::unwrap_near(0.5, 0.0) == doctest::Approx(0.5));
  CHECK(gaitchain::unwrap_near(0.5, 4 * pi) == doctest::Approx(0.5 + 4 * pi));
  CHECK(gaitchain::unwrap_near(0.5 + 6 * pi, -0.2) == doctest::Approx(0.5));
  CHECK(gaitchain::unwrap_near(-1.0, -20.0) == doctest::Approx(-1.0 - 6 * pi));  // -19.85 is nearest to -20
}

TEST_CASE("unwrap makes a series crossing +-pi continuous") {
  SUBCASE("a steadily increasing angle wrapped into (-pi, pi]") {
    std::vector<double> truth, wrapped;
    for (int i = 0; i < 200; ++i) {
      const double a = -1.0 + 0.1 * i;  // from -1 to 18.9 rad: crosses +pi three times
      truth.push_back(a);
      wrapped.push_back(std::atan2(std::sin(a), std::cos(a)));
    }
    gaitchain::unwrap(wrapped);
    for (std::size_t i = 0; i < truth.size(); ++i) CHECK(wrapped[i] == doctest::Approx(truth[i]).epsilon(1e-12));
  }
  SUBCASE("oscillation around pi (a heading near 180 deg)") {
    std::vector<double> s{3.0, 3.1, -3.1, -3.0, -3.1, 3.1, 3.0};
    gaitchain::unwrap(s);
    const std::vector<double> expect{3.0, 3.1, 2 * pi - 3.1, 2 * pi - 3.0, 2 * pi - 3.1, 3.1, 3.0};
    for (std::size_t i = 0; i < s.size(); ++i) CHECK(s[i] == doctest::Approx(expect[i]));
  }
  SUBCASE("NaN samples stay NaN and continuity is kept across them") {
    std::vector<double> s{3.0, NaN, NaN, -3.0, NaN, -2.9};
    gaitchain::unwrap(s);
    CHECK(s[0] == doctest::Approx(3.0));
    CHECK(std::isnan(s[1]));
    CHECK(std::isnan(s[2]));
    CHECK(s[3] == doctest::Approx(2 * pi - 3.0));
    CHECK(std::isnan(s[4]));
    CHECK(s[5] == doctest::Approx(2 * pi - 2.9));
  }
  SUBCASE("leading NaN, then the first valid sample is kept as is") {
    std::vector<double> s{NaN, -3.0, 3.0};
    gaitchain::unwrap(s);
    CHECK(std::isnan(s[0]));
    CHECK(s[1] == doctest::Approx(-3.0));
    CHECK(s[2] == doctest::Approx(3.0 - 2 * pi));
  }
  SUBCASE("empty and all-NaN series") {
    std::vector<double> e;
    gaitchain::unwrap(e);
    CHECK(e.empty());
    std::vector<double> a{NaN, NaN};
    gaitchain::unwrap(a);
    CHECK(std::isnan(a[0]));
    CHECK(std::isnan(a[1]));
  }
}

TEST_CASE("find_gaps lists NaN runs in order, including runs at the edges") {
  CHECK(gaitchain::find_gaps(std::vector<double>{}).empty());
  CHECK(gaitchain::find_gaps(std::vector<double>{1, 2, 3}).empty());
  {
    const std::vector<double> s{NaN, NaN, 1, 2, NaN, 3, NaN, NaN, NaN, 4, NaN};
    const std::vector<Gap> expect{{0, 2}, {4, 1}, {6, 3}, {10, 1}};
    CHECK(gaitchain::find_gaps(s) == expect);
  }
  {
    const std::vector<double> s{NaN, NaN, NaN};
    CHECK(gaitchain::find_gaps(s) == std::vector<Gap>{{0, 3}});
  }
  {
    const std::vector<double> s{1, NaN};
    CHECK(gaitchain::find_gaps(s) == std::vector<Gap>{{1, 1}});
  }
}

TEST_CASE("fill_gaps") {
  SUBCASE("linear fill of a line is exact; the count of filled samples is returned") {
    std::vector<double> s;
    for (int i = 0; i < 20; ++i) s.push_back(0.5 + 0.25 * i);
    for (int i : {3, 4, 5, 10, 15, 16}) s[i] = NaN;
    CHECK(gaitchain::fill_gaps(s, 3, GapFill::linear) == 6);
    for (int i = 0; i < 20; ++i) CHECK(s[i] == doctest::Approx(0.5 + 0.25 * i).epsilon(1e-14));
  }
  SUBCASE("cubic fill of a line is exact too") {
    std::vector<double> s;
    for (int i = 0; i < 20; ++i) s.push_back(2.0 - 0.3 * i);
    for (int i : {1, 2, 8, 9, 10, 11, 18}) s[i] = NaN;
    CHECK(gaitchain::fill_gaps(s, 4, GapFill::cubic) == 7);
    for (int i = 0; i < 20; ++i) CHECK(s[i] == doctest::Approx(2.0 - 0.3 * i).epsilon(1e-14));
  }
  SUBCASE("a gap longer than max_gap stays NaN, a gap of exactly max_gap is filled") {
    std::vector<double> s(30);
    for (int i = 0; i < 30; ++i) s[i] = i;
    for (int i = 5; i < 9; ++i) s[i] = NaN;    // 4 samples
    for (int i = 15; i < 20; ++i) s[i] = NaN;  // 5 samples
    CHECK(gaitchain::fill_gaps(s, 4, GapFill::linear) == 4);
    for (int i = 5; i < 9; ++i) CHECK(s[i] == doctest::Approx(i));
    for (int i = 15; i < 20; ++i) CHECK(std::isnan(s[i]));
    CHECK(gaitchain::find_gaps(s) == std::vector<Gap>{{15, 5}});
  }
  SUBCASE("gaps at either end stay NaN whatever max_gap") {
    std::vector<double> s{NaN, NaN, 2, 3, NaN, 5, NaN};
    CHECK(gaitchain::fill_gaps(s, 100) == 1);
    CHECK(std::isnan(s[0]));
    CHECK(std::isnan(s[1]));
    CHECK(s[4] == doctest::Approx(4.0));
    CHECK(std::isnan(s[6]));
    std::vector<double> all{NaN, NaN, NaN};
    CHECK(gaitchain::fill_gaps(all, 100) == 0);
    CHECK(std::isnan(all[1]));
  }
  SUBCASE("cubic Hermite with three-point end slopes: exact on a parabola") {
    // y = i^2, gap {4, 5}: a = 3, b = 6, three-point slopes ma = (3*9 - 4*4 + 1) / 2 = 6 and
    // mb = -(3*36 - 4*49 + 64) / 2 = 12, the exact derivatives 2i. The Hermite cubic through exact values and
    // slopes of a parabola is the parabola: (20*9 + 4*3*6 + 7*36 - 2*3*12) / 27 = 16, likewise 25.
    std::vector<double> s;
    for (int i = 0; i < 10; ++i) s.push_back(i * i);
    s[4] = s[5] = NaN;
    CHECK(gaitchain::fill_gaps(s, 2) == 2);
    CHECK(s[4] == doctest::Approx(16.0).epsilon(1e-13));
    CHECK(s[5] == doctest::Approx(25.0).epsilon(1e-13));
  }
  SUBCASE("cubic falls back to the chord slope next to the series ends") {
    // y = i^2, n = 7, NaN at 1, 2 and 5.
    // Gap {1,2}: a = 0 (no sample before it) -> ma = (9 - 0)/3 = 3; mb = 16 - 9 = 7:
    //   t = 1/3: (4*3*3 + 7*9 - 2*3*7)/27 = 19/9; t = 2/3: (2*3*3 + 20*9 - 4*3*7)/27 = 38/9.
    // Gap {5}: ma = 16 - 9 = 7, b + 1 = n -> mb = (36 - 16)/2 = 10: t = 1/2 gives 8 + 1.75 + 18 - 2.5 = 25.25.
    std::vector<double> s{0, NaN, NaN, 9, 16, NaN, 36};
    CHECK(gaitchain::fill_gaps(s, 5) == 3);
    CHECK(s[1] == doctest::Approx(19.0 / 9).epsilon(1e-13));
    CHECK(s[2] == doctest::Approx(38.0 / 9).epsilon(1e-13));
    CHECK(s[5] == doctest::Approx(25.25).epsilon(1e-13));
  }
  SUBCASE("smooth signal: cubic fill of a 1 Hz sine at 100 Hz, 5-sample gaps") {
    // Measured: 4.5e-5 at the worst gap position (where |y''| is large) against 1.8e-2 for linear.
    double worst_cubic = 0, worst_linear = 0;
    for (int start = 5; start < 100; start += 3) {
      std::vector<double> cubic(120), linear(120);
      for (int i = 0; i < 120; ++i) cubic[i] = linear[i] = std::sin(2 * pi * i / 100.0);
      for (int i = start; i < start + 5; ++i) cubic[i] = linear[i] = NaN;
      REQUIRE(gaitchain::fill_gaps(cubic, 5, GapFill::cubic) == 5);
      REQUIRE(gaitchain::fill_gaps(linear, 5, GapFill::linear) == 5);
      for (int i = start; i < start + 5; ++i) {
        worst_cubic = std::max(worst_cubic, std::abs(cubic[i] - std::sin(2 * pi * i / 100.0)));
        worst_linear = std::max(worst_linear, std::abs(linear[i] - std::sin(2 * pi * i / 100.0)));
      }
    }
    CHECK(worst_cubic < 1e-4);
    CHECK(worst_linear > 1.5e-2);
  }
}

// Three-point end slopes make the cubic fill second-order accurate.
TEST_CASE("fill_gaps cubic: 1 Hz sine at 100 Hz with a 5-sample gap within 1e-4") {
  double worst = 0;
  for (int start = 5; start < 100; start += 3) {
    std::vector<double> s(120);
    for (int i = 0; i < 120; ++i) s[i] = std::sin(2 * pi * i / 100.0);
    for (int i = start; i < start + 5; ++i) s[i] = NaN;
    gaitchain::fill_gaps(s, 5, GapFill::cubic);
    for (int i = start; i < start + 5; ++i) worst = std::max(worst, std::abs(s[i] - std::sin(2 * pi * i / 100.0)));
  }
  CHECK(worst < 1e-4);
}

// y = i^2 with two gaps one sample apart: gap {4,5} has no valid sample left of 3, so its left slope is
// the chord (36 - 9) / 3 = 9; its right slope is 49 - 36 = 13. Fill: 462/27 and 681/27.
TEST_CASE("fill_gaps cubic: slopes next to another gap use the chord, independent of fill order") {
  std::vector<double> s{0, NaN, NaN, 9, NaN, NaN, 36, 49};
  CHECK(gaitchain::fill_gaps(s, 5) == 4);
  // Gap {1,2}: a = 0 -> chord slope 3; b + 1 = 4 is NaN -> chord slope 3: a straight line 0, 3, 6, 9.
  CHECK(s[1] == doctest::Approx(3.0));
  CHECK(s[2] == doctest::Approx(6.0));
  CHECK(s[4] == doctest::Approx(462.0 / 27));
  CHECK(s[5] == doctest::Approx(681.0 / 27));
}

TEST_CASE("derivative") {
  SUBCASE("of t^2 is 2t in the interior (central differences are exact for a parabola)") {
    const double rate = 50.0;
    std::vector<double> s;
    for (int i = 0; i < 40; ++i) s.push_back(std::pow(i / rate, 2));
    const std::vector<double> d = gaitchain::derivative(s, rate);
    REQUIRE(d.size() == s.size());
    for (int i = 1; i < 39; ++i) CHECK(d[i] == doctest::Approx(2 * i / rate).epsilon(1e-12));
    // One-sided at the ends: (t1^2 - t0^2) * rate = 1/rate; (t39^2 - t38^2) * rate = 77/rate.
    CHECK(d[0] == doctest::Approx(1 / rate).epsilon(1e-12));
    CHECK(d[39] == doctest::Approx(77 / rate).epsilon(1e-12));
  }
  SUBCASE("NaN neighbours: one-sided next to a gap, NaN where isolated or missing") {
    const std::vector<double> s{0, 1, 4, NaN, 16, NaN, 36, 49, 64};
    const std::vector<double> d = gaitchain::derivative(s, 2.0);
    CHECK(d[0] == doctest::Approx(2.0));          // (1 - 0) * 2
    CHECK(d[1] == doctest::Approx(4.0));          // (4 - 0) / 2 * 2
    CHECK(d[2] == doctest::Approx(6.0));          // backward: (4 - 1) * 2
    CHECK(std::isnan(d[3]));                      // missing itself
    CHECK(std::isnan(d[4]));                      // no valid neighbour
    CHECK(std::isnan(d[5]));
    CHECK(d[6] == doctest::Approx(26.0));         // forward: (49 - 36) * 2
    CHECK(d[7] == doctest::Approx(28.0));         // (64 - 36) / 2 * 2
    CHECK(d[8] == doctest::Approx(30.0));         // backward: (64 - 49) * 2
  }
  SUBCASE("short series") {
    CHECK(gaitchain::derivative(std::vector<double>{}, 1.0).empty());
    const auto one = gaitchain::derivative(std::vector<double>{3.0}, 1.0);
    REQUIRE(one.size() == 1);
    CHECK(std::isnan(one[0]));
  }
  SUBCASE("rate <= 0 or NaN throws InvalidArgument") {
    const std::vector<double> s{1, 2, 3};
    CHECK_THROWS_AS(gaitchain::derivative(s, 0.0), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(gaitchain::derivative(s, -100.0), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(gaitchain::derivative(s, NaN), gaitchain::InvalidArgument);
  }
}
