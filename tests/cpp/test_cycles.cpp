// Cycles from events, cycle normalisation, and the per-side clinical angles of gait_data().
#include <doctest/doctest.h>

#include <cmath>
#include <gaitchain/core/angles.hpp>
#include <gaitchain/core/error.hpp>
#include <gaitchain/metrics/cycles.hpp>
#include <gaitchain/metrics/gait_data.hpp>
#include <gaitchain/synthetic/walk.hpp>
#include <numbers>

#include "truth_motion.hpp"

using namespace gaitchain;
using namespace gaitchain::metrics;
using gaitchain::test::truth_motion;

namespace {

Event strike(double t, Side s) { return {t, s, EventKind::foot_strike}; }
Event off(double t, Side s) { return {t, s, EventKind::foot_off}; }

double column_of(const SyntheticWalk& w, const std::string& name, Eigen::Index k) {
  return w.truth.coordinates(k, w.truth.model.coordinate_index(name));
}

}  // namespace

TEST_CASE("gait_cycles: strides of each foot with the events between them") {
  const Side R = Side::right, L = Side::left;
  // Right cycle 1.0-2.1 with every event; left cycle 1.55-2.65 has no own foot off (the events lost the foot).
  const std::vector<Event> events = {strike(1.0, R), off(1.1, L),  strike(1.55, L), off(1.65, R),
                                     strike(2.1, R), strike(2.65, L), strike(3.2, R), off(2.75, R),
                                     strike(9.0, R), off(9.5, R)};
  const auto cycles = gait_cycles(events);
  REQUIRE(cycles.size() == 2);
  const Cycle& c = cycles[0];
  CHECK(c.side == R);
  CHECK(c.start == 1.0);
  CHECK(c.end == 2.1);
  CHECK(c.foot_off == 1.65);
  CHECK(c.opposite_foot_off == 1.1);
  CHECK(c.opposite_foot_strike == 1.55);
  CHECK(c.complete());
  CHECK(c.percent(1.55) == doctest::Approx(50.0));
  // 2.1-3.2 has its foot off (2.75) but no opposite foot off: kept, not complete. 3.2-9.0 is too long.
  CHECK(cycles[1].start == 2.1);
  CHECK(cycles[1].foot_off == 2.75);
  CHECK(std::isnan(cycles[1].opposite_foot_off));
  CHECK_FALSE(cycles[1].complete());
  CHECK_THROWS_AS(gait_cycles(events, 0.0), InvalidArgument);
  CHECK(gait_cycles({}).empty());
}

TEST_CASE("normalize_cycle: 101 points by time, whole or absent") {
  Eigen::VectorXd series(300);
  for (Eigen::Index k = 0; k < series.size(); ++k) series[k] = 2.0 * static_cast<double>(k);
  Cycle c;
  c.start = 1.005;  // frame 100.5 at 100 Hz with first_frame 1
  c.end = 2.005;
  const Eigen::VectorXd v = normalize_cycle(series, 100.0, 1, c);
  REQUIRE(v.size() == cycle_points);
  CHECK(v[0] == doctest::Approx(201.0));
  CHECK(v[50] == doctest::Approx(301.0));
  CHECK(v[100] == doctest::Approx(401.0));
  // The capture clock: with first_frame 51 the same times are 50 frames earlier in the series.
  CHECK(normalize_cycle(series, 100.0, 51, c)[0] == doctest::Approx(101.0));
  series[150] = std::numeric_limits<double>::quiet_NaN();
  CHECK(normalize_cycle(series, 100.0, 1, c).array().isNaN().all());
  c.end = 3.5;  // beyond the series
  CHECK(normalize_cycle(series, 100.0, 1, c).array().isNaN().all());
  c.end = 0.5;
  CHECK_THROWS_AS(normalize_cycle(series, 100.0, 1, c), InvalidArgument);
}

TEST_CASE("gait_data: clinical angles of each side from the walker's truth") {
  WalkOptions o;
  o.duration_s = 4.0;
  const SyntheticWalk w = synthetic_walk(o);
  const GaitData d = gait_data(w.truth.model, truth_motion(w), w.truth.events);
  REQUIRE(d.frame_count() == w.trial.frame_count());
  CHECK(d.events.size() == w.truth.events.size());
  // Leg length: hip to knee to ankle of the 1.75 m model (thigh 0.429 m + shank 0.430 m, docs/model.md).
  CHECK(d.leg_length_m[0] == doctest::Approx(d.leg_length_m[1]));
  CHECK(d.leg_length_m[1] == doctest::Approx(0.859).epsilon(0.01));
  const Eigen::Index k = 150;
  // Joint coordinates pass through; walking along +X the pelvis in the progression frame is its coordinates,
  // obliquity and rotation mirrored for the left side.
  CHECK(d.angle("hip_flexion", Side::right)[k] == doctest::Approx(column_of(w, "hip_flexion_r", k)));
  CHECK(d.angle("knee_flexion", Side::left)[k] == doctest::Approx(column_of(w, "knee_angle_l", k)));
  // (within 0.1 deg: the stride-long window of the walking direction leaves a trace of the sway)
  const double tenth_degree = rad(0.1);
  CHECK(std::abs(d.angle("pelvis_tilt", Side::left)[k] - column_of(w, "pelvis_tilt", k)) < tenth_degree);
  CHECK(std::abs(d.angle("pelvis_obliquity", Side::right)[k] - column_of(w, "pelvis_list", k)) < tenth_degree);
  CHECK(std::abs(d.angle("pelvis_obliquity", Side::left)[k] + column_of(w, "pelvis_list", k)) < tenth_degree);
  CHECK(std::abs(d.angle("pelvis_rotation", Side::left)[k] + column_of(w, "pelvis_rotation", k)) < tenth_degree);
  CHECK(d.angle("lumbar_flexion", Side::right)[k] == doctest::Approx(-column_of(w, "lumbar_extension", k)));
  CHECK(std::isnan(d.angle("knee_adduction", Side::right)[k]));  // 1-dof knee
  // Every angle is defined over the walk except the 1-dof knee's adduction and rotation.
  for (Side side : {Side::left, Side::right})
    for (auto name : angle_variables)
      if (name != "knee_adduction" && name != "knee_rotation")
        CHECK_MESSAGE(d.angle(name, side).allFinite(), name);
}

TEST_CASE("gait_data: foot angles and the trunk respond to injected compensations on the right") {
  auto mean_at_strikes = [](const GaitData& d, std::string_view name, Side side) {
    double sum = 0.0;
    int n = 0;
    for (const Event& e : d.events)
      if (e.side == side && e.kind == EventKind::foot_strike) {
        const double f = std::round(d.frame_at(e.time));
        if (f < 0 || f >= static_cast<double>(d.frame_count())) continue;
        sum += d.angle(name, side)[static_cast<Eigen::Index>(f)];
        ++n;
      }
    return deg(sum / n);
  };
  WalkOptions o;
  o.duration_s = 4.0;
  const SyntheticWalk healthy = synthetic_walk(o);
  const GaitData h = gait_data(healthy.truth.model, truth_motion(healthy), healthy.truth.events);
  // At foot strike the heel touches with the toes up (a heel strike); both feet point alike.
  CHECK(mean_at_strikes(h, "foot_pitch", Side::right) > 5.0);
  CHECK(std::abs(mean_at_strikes(h, "foot_progression", Side::left) - mean_at_strikes(h, "foot_progression", Side::right)) < 1.5);
  o.compensations = {{"foot_progression", Side::right, 10.0}};
  const SyntheticWalk toe_out = synthetic_walk(o);
  const GaitData t = gait_data(toe_out.truth.model, truth_motion(toe_out), toe_out.truth.events);
  // 10 degrees more toe-out of the right footprints: the right foot progression drops by about 10.
  CHECK(mean_at_strikes(t, "foot_progression", Side::right) - mean_at_strikes(h, "foot_progression", Side::right) ==
        doctest::Approx(-10.0).epsilon(0.15));
  CHECK(std::abs(mean_at_strikes(t, "foot_progression", Side::left) - mean_at_strikes(h, "foot_progression", Side::left)) < 1.5);
}

TEST_CASE("gait_data: bad input") {
  WalkOptions o;
  o.duration_s = 2.0;
  const SyntheticWalk w = synthetic_walk(o);
  Motion m = truth_motion(w);
  Model other = Model::lower_body({.knee_dofs = 3});
  CHECK_THROWS_AS(gait_data(other, m, {}), InvalidArgument);
  m.coordinates.resize(0, m.coordinates.cols());
  CHECK_THROWS_AS(gait_data(w.truth.model, m, {}), InvalidArgument);
  CHECK_THROWS_AS(variable_index("hip_flex"), InvalidArgument);
}
