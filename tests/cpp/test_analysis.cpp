// analyze(): the whole chain from a fitted motion to findings, on the walker's truth.
#include <doctest/doctest.h>

#include <cmath>
#include <gaitchain/core/angles.hpp>
#include <gaitchain/metrics/analysis.hpp>
#include <gaitchain/synthetic/walk.hpp>

#include "truth_motion.hpp"

using namespace gaitchain;
using namespace gaitchain::metrics;
using gaitchain::test::truth_motion;

namespace {

const Finding* find(const Analysis& a, std::string_view finding, std::string_view side) {
  for (const Finding& f : a.findings)
    if (f.finding == finding && f.side == side) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("analyze: a healthy synthetic walk, then the same walk with a right pelvic drop") {
  WalkOptions o;
  o.duration_s = 6.0;
  const SyntheticWalk healthy = synthetic_walk(o);
  const Analysis a = analyze(healthy.truth.model, truth_motion(healthy), healthy.truth.events);
  CHECK(a.notes.empty());
  CHECK(a.curves.cycles[0].size() >= 4);
  CHECK(a.curves.cycles[1].size() >= 4);
  // Spatiotemporal summaries agree with the walker's truth; left and right are symmetric.
  for (const SpatiotemporalSummary& s : a.spatiotemporal) {
    if (s.parameter == "cadence_steps_min") CHECK(s.left.mean == doctest::Approx(healthy.truth.cadence_steps_per_min).epsilon(1e-6));
    if (s.parameter == "step_length_m") CHECK(s.right.mean == doctest::Approx(healthy.truth.step_length_m).epsilon(0.002));
    if (s.parameter == "stance_pct") CHECK(s.right.mean == doctest::Approx(100 * healthy.truth.stance_fraction).epsilon(1e-6));
    if (s.parameter == "stride_length_m") CHECK(std::abs(s.symmetry.index) < 0.1);
  }
  // 1.3 m/s with a 0.86 m leg is v* 0.45: the Free speed group; the walker's targets are those curves.
  CHECK(a.normative.group == "Free");
  CHECK(a.dimensionless_speed == doctest::Approx(1.3 / std::sqrt(9.81 * a.data.leg_length_m[1])).epsilon(0.01));
  CHECK(deg(a.scores.gps_overall) < 6.0);
  for (const Finding& f : a.findings) CHECK_MESSAGE(!f.flagged, f.text);

  o.compensations = {{"pelvic_drop", Side::right, 8.0}};
  const SyntheticWalk dropped = synthetic_walk(o);
  const Analysis b = analyze(dropped.truth.model, truth_motion(dropped), dropped.truth.events);
  const Finding* right = find(b, "pelvic_drop", "right");
  const Finding* left = find(b, "pelvic_drop", "left");
  REQUIRE(right);
  REQUIRE(left);
  CHECK(right->flagged);
  CHECK_FALSE(left->flagged);
}

TEST_CASE("analyze: events without a complete cycle say so instead of inventing values") {
  WalkOptions o;
  o.duration_s = 3.0;
  const SyntheticWalk w = synthetic_walk(o);
  const std::vector<Event> one_strike = {w.truth.events.front()};
  const Analysis a = analyze(w.truth.model, truth_motion(w), one_strike);
  CHECK(a.cycles.empty());
  REQUIRE(a.notes.size() >= 2);
  CHECK(a.notes[0].find("no left cycle") != std::string::npos);
  CHECK(std::isnan(a.scores.gps_overall));
  for (const Finding& f : a.findings) CHECK_FALSE(f.flagged);
}

TEST_CASE("analyze: a locked coordinate poses the chain but is not measured") {
  WalkOptions o;
  o.duration_s = 6.0;
  o.compensations = {{"rearfoot_eversion", Side::right, 15.0}};
  const SyntheticWalk w = synthetic_walk(o);
  Motion m = truth_motion(w);
  m.uncertainty = CoordinateArray::Constant(m.coordinates.rows(), m.coordinates.cols(), 0.01);
  const Analysis measured = analyze(w.truth.model, m, w.truth.events);
  REQUIRE(find(measured, "rearfoot_eversion", "right"));
  CHECK(find(measured, "rearfoot_eversion", "right")->flagged);

  // The right subtalar held (as inverse_kinematics reports a locked coordinate: SD exactly 0).
  m.uncertainty.col(w.truth.model.coordinate_index("subtalar_angle_r")).setZero();
  const Analysis held = analyze(w.truth.model, m, w.truth.events);
  const Finding* right = find(held, "rearfoot_eversion", "right");
  REQUIRE(right);
  CHECK(std::isnan(right->value));
  CHECK_FALSE(right->flagged);
  CHECK(std::isfinite(find(held, "rearfoot_eversion", "left")->value));
  CHECK(held.data.angle("subtalar_inversion", Side::right).array().isNaN().all());
  // Everything else is measured as before: the pose still uses the held value.
  CHECK(held.data.angle("ankle_dorsiflexion", Side::right).isApprox(measured.data.angle("ankle_dorsiflexion", Side::right)));
  CHECK(held.data.angle("foot_progression", Side::right).isApprox(measured.data.angle("foot_progression", Side::right)));
}
