// Spatiotemporal parameters and symmetry: the synthetic walker's truth (strides, steps, step width,
// cadence, stance) recovered overground and on a treadmill, an injected step-length asymmetry seen by the
// symmetry measures, hand-checked numbers, missing data and bad input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Geometry>

#include "gaitchain/core/error.hpp"
#include "gaitchain/metrics/cycles.hpp"
#include "gaitchain/metrics/gait_data.hpp"
#include "gaitchain/metrics/spatiotemporal.hpp"
#include "gaitchain/metrics/symmetry.hpp"
#include "gaitchain/synthetic/walk.hpp"

#include "truth_motion.hpp"

using namespace gaitchain;
using namespace gaitchain::metrics;
using gaitchain::test::truth_motion;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

SyntheticWalk walk(std::vector<Compensation> compensations = {}, double duration = 8.0) {
  WalkOptions o;
  o.duration_s = duration;
  o.compensations = std::move(compensations);
  return synthetic_walk(o);
}

// A treadmill at the walking speed: the belt takes the pelvis' travel off every frame, so the body stays
// in place and the feet move back in stance.
Motion on_treadmill(const SyntheticWalk& w, double belt_speed) {
  Motion m = truth_motion(w);
  const int tx = w.truth.model.coordinate_index("pelvis_tx");
  for (Eigen::Index k = 0; k < m.coordinates.rows(); ++k) m.coordinates(k, tx) -= belt_speed * m.time(static_cast<std::size_t>(k));
  return m;
}

struct Result {
  GaitData data;
  std::vector<Cycle> cycles;
  std::vector<StrideParameters> strides;
};

Result analyse(const SyntheticWalk& w, const Motion& m, const SpatiotemporalOptions& options = {}) {
  Result r{gait_data(w.truth.model, m, w.truth.events), {}, {}};
  r.cycles = gait_cycles(r.data.events);
  r.strides = spatiotemporal(r.data, r.cycles, options);
  return r;
}

// The parameters of the stride that starts at `start` on `side`, or nullptr.
const StrideParameters* stride_at(const std::vector<StrideParameters>& rows, Side side, double start) {
  for (const StrideParameters& p : rows)
    if (p.side == side && std::abs(p.start - start) < 1e-9) return &p;
  return nullptr;
}

std::vector<double> column(const std::vector<StrideParameters>& rows, Side side, double StrideParameters::*field) {
  std::vector<double> out;
  for (const StrideParameters& p : rows)
    if (p.side == side) out.push_back(p.*field);
  return out;
}

}  // namespace

TEST_CASE("spatiotemporal: the synthetic walk's strides, steps, cadence and phases") {
  const SyntheticWalk w = walk();
  const Result r = analyse(w, truth_motion(w));
  CHECK(!r.data.signals.treadmill);
  REQUIRE(r.strides.size() == r.cycles.size());
  REQUIRE(r.strides.size() >= w.truth.strides.size());

  const double stride_time = 120.0 / w.truth.cadence_steps_per_min;
  const double stance_pct = 100.0 * w.truth.stance_fraction;
  const double width = 0.10 * w.truth.model.height_m / 1.75;
  double worst_stride = 0, worst_step = 0, worst_width = 0;
  int steps = 0;
  for (const Stride& truth : w.truth.strides) {
    CAPTURE(truth.start);
    const StrideParameters* p = stride_at(r.strides, truth.side, truth.start);
    REQUIRE(p != nullptr);
    CHECK(p->stride_time_s == doctest::Approx(truth.end - truth.start).epsilon(1e-12));
    CHECK(p->cadence_steps_min == doctest::Approx(w.truth.cadence_steps_per_min).epsilon(1e-9));
    // The heel is interpolated linearly between frames at the strike, where it is still decelerating: 0.3 mm at
    // 100 Hz.
    CHECK(std::abs(p->stride_length_m - truth.length) < 5e-4);
    CHECK(p->speed_m_s == doctest::Approx(1.3).epsilon(0.002));
    // A step needs the opposite strikes before and after `start`: the trial's first and last strides
    // have none.
    const bool has_step = std::isfinite(p->step_length_m);
    steps += has_step;
    if (has_step) {
      CHECK(p->step_time_s == doctest::Approx(0.5 * stride_time).epsilon(1e-9));
      CHECK(std::abs(p->step_length_m - w.truth.step_length_m) < 5e-4);
      CHECK(std::abs(p->step_width_m - width) < 1e-4);
      worst_step = std::max(worst_step, std::abs(p->step_length_m - w.truth.step_length_m));
      worst_width = std::max(worst_width, std::abs(p->step_width_m - width));
    }
    CHECK(p->stance_pct == doctest::Approx(stance_pct).epsilon(1e-9));
    CHECK(p->swing_pct == doctest::Approx(100 - stance_pct).epsilon(1e-9));
    // Symmetric timing: each double support lasts stance - 50 %, single support is the other's swing.
    CHECK(p->double_support_pct == doctest::Approx(2 * (stance_pct - 50)).epsilon(1e-9));
    CHECK(p->single_support_pct == doctest::Approx(100 - stance_pct).epsilon(1e-9));
    CHECK(p->double_support_pct + p->single_support_pct == doctest::Approx(p->stance_pct));
    worst_stride = std::max(worst_stride, std::abs(p->stride_length_m - truth.length));
  }
  CHECK(steps >= static_cast<int>(w.truth.strides.size()) - 2);
  MESSAGE("overground, " << w.truth.strides.size() << " strides, " << steps << " steps: worst stride length error " << worst_stride * 1e3
                         << " mm, step length " << worst_step * 1e3 << " mm, step width " << worst_width * 1e3
                         << " mm (truth step " << w.truth.step_length_m << " m, width " << width << " m)");
  // Two successive steps make a stride: the opposite step ending inside the stride plus this one.
  for (const StrideParameters& p : r.strides) {
    const StrideParameters* next_step = nullptr;  // the opposite foot's step inside this stride
    for (const StrideParameters& q : r.strides)
      if (q.side != p.side && q.start > p.start && q.start < p.start + p.stride_time_s) next_step = &q;
    const StrideParameters* closing = stride_at(r.strides, p.side, p.start + p.stride_time_s);
    if (next_step == nullptr || closing == nullptr) continue;
    if (std::isnan(next_step->step_length_m) || std::isnan(closing->step_length_m)) continue;
    CHECK(std::abs(next_step->step_length_m + closing->step_length_m - p.stride_length_m) < 1e-4);
  }
}

TEST_CASE("spatiotemporal: the clock of a motion that starts at a later frame") {
  // Frame k of a motion whose first frame is 51 lies at (50 + k) / rate: the same walk, its events shifted
  // by 0.5 s, gives the same parameters.
  SyntheticWalk w = walk({}, 6.0);
  Motion shifted = truth_motion(w);
  shifted.first_frame = 51;
  const double shift = 50.0 / w.trial.rate;
  const Result reference = analyse(w, truth_motion(w));
  for (Event& e : w.truth.events) e.time += shift;
  const Result r = analyse(w, shifted);
  REQUIRE(r.strides.size() == reference.strides.size());
  for (std::size_t i = 0; i < r.strides.size(); ++i) {
    CHECK(r.strides[i].start == doctest::Approx(reference.strides[i].start + shift));
    CHECK(r.strides[i].stride_length_m == doctest::Approx(reference.strides[i].stride_length_m).epsilon(1e-9));
    CHECK(std::isnan(r.strides[i].step_length_m) == std::isnan(reference.strides[i].step_length_m));
    if (std::isfinite(reference.strides[i].step_length_m))
      CHECK(r.strides[i].step_length_m == doctest::Approx(reference.strides[i].step_length_m).epsilon(1e-9));
  }
}

TEST_CASE("spatiotemporal: a walk in another direction gives the same parameters") {
  // Nothing assumes walking along +X: the same walk turned 30 degrees about the vertical (heels and
  // walking direction) measures the same.
  const SyntheticWalk w = walk({}, 6.0);
  const Result r = analyse(w, truth_motion(w));
  GaitData turned = r.data;
  const Eigen::Matrix3d R = Eigen::AngleAxisd(0.5236, Eigen::Vector3d::UnitZ()).toRotationMatrix();
  for (Series3* s : {&turned.signals.heel[0], &turned.signals.heel[1], &turned.signals.progression})
    *s = (*s * R.transpose()).eval();
  const std::vector<StrideParameters> rows = spatiotemporal(turned, r.cycles);
  REQUIRE(rows.size() == r.strides.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].stride_length_m == doctest::Approx(r.strides[i].stride_length_m).epsilon(1e-9));
    CHECK(std::isnan(rows[i].step_length_m) == std::isnan(r.strides[i].step_length_m));
    if (std::isnan(r.strides[i].step_length_m)) continue;
    CHECK(rows[i].step_length_m == doctest::Approx(r.strides[i].step_length_m).epsilon(1e-9));
    CHECK(rows[i].step_width_m == doctest::Approx(r.strides[i].step_width_m).epsilon(1e-9));
  }
}

TEST_CASE("spatiotemporal: a treadmill walk gives the overground strides and steps with the belt speed") {
  const SyntheticWalk w = walk();
  const Result overground = analyse(w, truth_motion(w));
  for (const bool given : {true, false}) {
    CAPTURE(given);
    SpatiotemporalOptions options;
    if (given) options.treadmill_speed_m_s = 1.3;
    const Result r = analyse(w, on_treadmill(w, 1.3), options);
    REQUIRE(r.data.signals.treadmill);
    MESSAGE("belt speed estimated from the heels: " << std::setprecision(6) << r.data.signals.walking_speed << " m/s");
    // The estimate is the heels' median backward speed in stance; given, the belt is exact.
    const double tolerance = given ? 1e-3 : 5e-3;
    double worst_stride = 0, worst_step = 0;
    for (const Stride& truth : w.truth.strides) {
      CAPTURE(truth.start);
      const StrideParameters* p = stride_at(r.strides, truth.side, truth.start);
      const StrideParameters* q = stride_at(overground.strides, truth.side, truth.start);
      REQUIRE(p != nullptr);
      REQUIRE(q != nullptr);
      CHECK(std::abs(p->stride_length_m - truth.length) < tolerance);
      CHECK(std::isnan(p->step_length_m) == std::isnan(q->step_length_m));
      if (std::isfinite(q->step_length_m)) {
        CHECK(std::abs(p->step_length_m - q->step_length_m) < tolerance);
        CHECK(std::abs(p->step_width_m - q->step_width_m) < 1e-4);
        worst_step = std::max(worst_step, std::abs(p->step_length_m - w.truth.step_length_m));
      }
      CHECK(p->speed_m_s == doctest::Approx(1.3).epsilon(tolerance));
      CHECK(p->stance_pct == q->stance_pct);
      worst_stride = std::max(worst_stride, std::abs(p->stride_length_m - truth.length));
    }
    MESSAGE("treadmill (belt " << std::string(given ? "given" : "estimated") << "): worst stride length error "
                               << worst_stride * 1e3 << " mm, step length " << worst_step * 1e3 << " mm");
  }
}

TEST_CASE("spatiotemporal: an injected step-length asymmetry shows in the steps and in symmetry()") {
  for (const Side side : {Side::left, Side::right}) {
    CAPTURE(to_string(side));
    const double m = 0.2;
    const SyntheticWalk w = walk({{"step_length_asymmetry", side, m}});
    const Result r = analyse(w, truth_motion(w));
    const double mean_step = w.truth.step_length_m;
    const SideSummary longer = summarize(column(r.strides, side, &StrideParameters::step_length_m));
    const SideSummary shorter = summarize(column(r.strides, opposite(side), &StrideParameters::step_length_m));
    REQUIRE(longer.n >= 3);
    REQUIRE(shorter.n >= 3);
    // The side's steps are (1 + m/2), the other's (1 - m/2) of the mean; every step alike (SD ~ 0).
    CHECK(std::abs(longer.mean - (1 + m / 2) * mean_step) < 1e-3);
    CHECK(std::abs(shorter.mean - (1 - m / 2) * mean_step) < 1e-3);
    CHECK(longer.sd < 1e-3);
    CHECK(shorter.sd < 1e-3);
    // Strides stay the same length on both sides: only the footprints of one side moved forward.
    const SideSummary stride_longer = summarize(column(r.strides, side, &StrideParameters::stride_length_m));
    const SideSummary stride_shorter = summarize(column(r.strides, opposite(side), &StrideParameters::stride_length_m));
    CHECK(stride_longer.mean == doctest::Approx(stride_shorter.mean).epsilon(1e-3));

    const double left = side == Side::left ? longer.mean : shorter.mean;
    const double right = side == Side::left ? shorter.mean : longer.mean;
    const Symmetry s = symmetry(left, right);
    const double sign = side == Side::left ? 1.0 : -1.0;
    // SI = 100 m (the difference is m times the mean), ratio (1 + m/2)/(1 - m/2), GA = 100 ln of it.
    CHECK(s.index == doctest::Approx(sign * 100 * m).epsilon(0.01));
    CHECK(s.ratio == doctest::Approx(std::pow((1 + m / 2) / (1 - m / 2), sign)).epsilon(0.003));
    CHECK(s.gait_asymmetry == doctest::Approx(sign * 100 * std::log(1.1 / 0.9)).epsilon(0.01));
    MESSAGE(to_string(side) << " steps longer by " << m << ": left " << left << " m, right " << right << " m, SI "
                            << s.index << " %, ratio " << s.ratio << ", GA " << s.gait_asymmetry << " %");
  }
}

TEST_CASE("symmetry: hand-checked numbers and undefined cases") {
  const Symmetry s = symmetry(0.6, 0.5);
  CHECK(s.index == doctest::Approx(100 * 0.1 / 0.55));  // 18.1818...
  CHECK(s.index == doctest::Approx(18.181818).epsilon(1e-6));
  CHECK(s.ratio == doctest::Approx(1.2));
  CHECK(s.gait_asymmetry == doctest::Approx(18.232156).epsilon(1e-6));  // 100 ln 1.2

  const Symmetry equal = symmetry(1.1, 1.1);
  CHECK(equal.index == 0.0);
  CHECK(equal.ratio == 1.0);
  CHECK(equal.gait_asymmetry == 0.0);
  // Swapping the sides flips the signs of SI and GA and inverts the ratio.
  const Symmetry swapped = symmetry(0.5, 0.6);
  CHECK(swapped.index == doctest::Approx(-18.181818).epsilon(1e-6));
  CHECK(swapped.ratio == doctest::Approx(1 / 1.2));
  CHECK(swapped.gait_asymmetry == doctest::Approx(-18.232156).epsilon(1e-6));
  // Both negative (e.g. a peak extension angle): the ratio and its log are still defined.
  const Symmetry negative = symmetry(-0.6, -0.5);
  CHECK(negative.ratio == doctest::Approx(1.2));
  CHECK(negative.index == doctest::Approx(18.181818).epsilon(1e-6));

  const Symmetry zero_right = symmetry(0.3, 0.0);
  CHECK(zero_right.index == doctest::Approx(200.0));
  CHECK(std::isnan(zero_right.ratio));
  CHECK(std::isnan(zero_right.gait_asymmetry));
  const Symmetry zero_left = symmetry(0.0, 0.3);
  CHECK(zero_left.ratio == 0.0);
  CHECK(std::isnan(zero_left.gait_asymmetry));  // ln 0
  const Symmetry opposite_signs = symmetry(0.2, -0.2);
  CHECK(std::isnan(opposite_signs.index));  // left + right = 0
  CHECK(std::isnan(opposite_signs.ratio));
  CHECK(std::isnan(opposite_signs.gait_asymmetry));
  for (const double bad : {kNaN, std::numeric_limits<double>::infinity()}) {
    for (const Symmetry& t : {symmetry(bad, 0.5), symmetry(0.5, bad)}) {
      CHECK(std::isnan(t.index));
      CHECK(std::isnan(t.ratio));
      CHECK(std::isnan(t.gait_asymmetry));
    }
  }
}

TEST_CASE("symmetry: summarize skips NaN, SD with n - 1") {
  const std::vector<double> values = {1.0, 2.0, kNaN, 3.0, 4.0};
  const SideSummary s = summarize(values);
  CHECK(s.n == 4);
  CHECK(s.mean == doctest::Approx(2.5));
  CHECK(s.sd == doctest::Approx(std::sqrt(5.0 / 3.0)));  // squares 2.25 + 0.25 + 0.25 + 2.25 over 3
  CHECK(s.cv_pct == doctest::Approx(100 * std::sqrt(5.0 / 3.0) / 2.5));
  const std::vector<double> negative = {-1.0, -3.0};
  CHECK(summarize(negative).cv_pct == doctest::Approx(100 * std::sqrt(2.0) / 2.0));  // |mean|

  const SideSummary one = summarize(std::vector<double>{0.7, kNaN});
  CHECK(one.n == 1);
  CHECK(one.mean == 0.7);
  CHECK(std::isnan(one.sd));
  CHECK(std::isnan(one.cv_pct));
  const SideSummary none = summarize(std::vector<double>{kNaN, kNaN});
  CHECK(none.n == 0);
  CHECK(std::isnan(none.mean));
  const SideSummary empty = summarize({});
  CHECK(empty.n == 0);
  CHECK(std::isnan(empty.mean));
  const SideSummary zero_mean = summarize(std::vector<double>{-1.0, 1.0});
  CHECK(zero_mean.mean == 0.0);
  CHECK(std::isnan(zero_mean.cv_pct));
  CHECK_THROWS_AS(summarize(std::vector<double>{1.0, std::numeric_limits<double>::infinity()}), InvalidArgument);
}

TEST_CASE("spatiotemporal: missing heels and events give NaN, not made-up values") {
  const SyntheticWalk w = walk({}, 6.0);
  Result r = analyse(w, truth_motion(w));
  REQUIRE(r.cycles.size() >= 4);
  const Cycle c = r.cycles[2];
  const int s = side_index(c.side);

  SUBCASE("a gap in this heel at the closing strike: its stride length is NaN, its times are not") {
    GaitData data = r.data;
    const auto k = static_cast<Eigen::Index>(std::llround(data.frame_at(c.end)));
    data.signals.heel[s].row(k).setConstant(kNaN);
    const StrideParameters p = spatiotemporal(data, {c})[0];
    CHECK(std::isnan(p.stride_length_m));
    CHECK(std::isnan(p.speed_m_s));
    CHECK(std::isfinite(p.step_length_m));  // the step at `start` does not use the closing strike
    CHECK(std::isfinite(p.stride_time_s));
    CHECK(std::isfinite(p.stance_pct));
  }
  SUBCASE("a heel sample next to a strike between frames is NaN: the interpolated heel is NaN") {
    GaitData data = r.data;
    const double f = data.frame_at(c.start);
    const auto k = static_cast<Eigen::Index>(std::ceil(f));
    data.signals.heel[s].row(k).setConstant(kNaN);
    const StrideParameters p = spatiotemporal(data, {c})[0];
    if (f != std::floor(f)) {
      CHECK(std::isnan(p.stride_length_m));
      CHECK(std::isnan(p.step_length_m));
      CHECK(std::isnan(p.step_width_m));
    } else {
      CHECK(std::isfinite(p.stride_length_m));  // exactly on a frame: the neighbour does not count
    }
  }
  SUBCASE("no walking direction (the pelvis missing) at the strike: NaN lengths") {
    GaitData data = r.data;
    const auto k = static_cast<Eigen::Index>(std::llround(data.frame_at(c.start)));
    data.signals.progression.middleRows(std::max<Eigen::Index>(k - 2, 0), 5).setConstant(kNaN);
    const StrideParameters p = spatiotemporal(data, {c})[0];
    CHECK(std::isnan(p.stride_length_m));
    CHECK(std::isnan(p.step_length_m));
    CHECK(std::isnan(p.step_width_m));
    CHECK(std::isfinite(p.cadence_steps_min));
  }
  SUBCASE("the opposite strike before `start` not detected: no step") {
    GaitData data = r.data;
    const double before = [&] {
      double t = kNaN;
      for (const Event& e : data.events)
        if (e.side != c.side && e.kind == EventKind::foot_strike && e.time < c.start) t = e.time;
      return t;
    }();
    std::erase_if(data.events, [&](const Event& e) { return e.time == before; });
    const StrideParameters p = spatiotemporal(data, {c})[0];
    CHECK(std::isnan(p.step_time_s));
    CHECK(std::isnan(p.step_length_m));
    CHECK(std::isnan(p.step_width_m));
    CHECK(std::isfinite(p.stride_length_m));
  }
  SUBCASE("a cycle without foot off or opposite events: no stance or support") {
    Cycle partial = c;
    partial.foot_off = kNaN;
    partial.opposite_foot_strike = kNaN;
    const StrideParameters p = spatiotemporal(r.data, {partial})[0];
    CHECK(std::isnan(p.stance_pct));
    CHECK(std::isnan(p.swing_pct));
    CHECK(std::isnan(p.double_support_pct));
    CHECK(std::isnan(p.single_support_pct));
    CHECK(std::isfinite(p.stride_length_m));
  }
  SUBCASE("a treadmill whose belt speed the heels never showed: NaN lengths unless the belt is given") {
    GaitData data = r.data;
    data.signals.treadmill = true;
    data.signals.walking_speed = 0.0;
    CHECK(std::isnan(spatiotemporal(data, {c})[0].stride_length_m));
    SpatiotemporalOptions options;
    options.treadmill_speed_m_s = 0.0;  // a belt at rest: the heels' travel is the stride
    CHECK(spatiotemporal(data, {c}, options)[0].stride_length_m == doctest::Approx(r.strides[2].stride_length_m));
  }
}

TEST_CASE("spatiotemporal: bad input throws InvalidArgument") {
  const SyntheticWalk w = walk({}, 4.0);
  const Result r = analyse(w, truth_motion(w));
  REQUIRE(!r.cycles.empty());
  const Cycle c = r.cycles.front();
  const double last = r.data.time(static_cast<double>(r.data.frame_count()) - 1);

  Cycle outside = c;
  outside.end = last + 0.1;
  CHECK_THROWS_AS(spatiotemporal(r.data, {outside}), InvalidArgument);
  outside = c;
  outside.start = r.data.time(0) - 0.05;
  CHECK_THROWS_AS(spatiotemporal(r.data, {outside}), InvalidArgument);
  Cycle backwards = c;
  std::swap(backwards.start, backwards.end);
  CHECK_THROWS_AS(spatiotemporal(r.data, {backwards}), InvalidArgument);
  Cycle not_finite = c;
  not_finite.end = kNaN;
  CHECK_THROWS_AS(spatiotemporal(r.data, {not_finite}), InvalidArgument);
  Cycle late_off = c;
  late_off.foot_off = c.end + 0.01;
  CHECK_THROWS_AS(spatiotemporal(r.data, {late_off}), InvalidArgument);

  SpatiotemporalOptions negative;
  negative.treadmill_speed_m_s = -1.0;
  CHECK_THROWS_AS(spatiotemporal(r.data, r.cycles, negative), InvalidArgument);
  GaitData no_rate = r.data;
  no_rate.rate = 0.0;
  CHECK_THROWS_AS(spatiotemporal(no_rate, r.cycles), InvalidArgument);
  GaitData short_heel = r.data;
  short_heel.signals.heel[0].conservativeResize(10, 3);
  CHECK_THROWS_AS(spatiotemporal(short_heel, r.cycles), InvalidArgument);
  // No cycles: no rows.
  CHECK(spatiotemporal(r.data, {}).empty());
}
