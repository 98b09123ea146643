// Compensation findings (metrics/compensations.hpp): the reference table, a healthy synthetic walk at three
// speeds that flags nothing, every finding injected into the synthetic walker and flagged on its side, the
// strike pattern from edited foot angles, and data that cannot give a value.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <map>
#include <numbers>
#include <string>
#include <vector>

#include "gaitchain/core/error.hpp"
#include "gaitchain/metrics/compensations.hpp"
#include "gaitchain/synthetic/walk.hpp"

#include "truth_motion.hpp"

using namespace gaitchain;
using namespace gaitchain::metrics;

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;

// Truth coordinates of a synthetic walk as a Motion, and the metric inputs built from it.
struct Analysed {
  GaitData data;
  CycleCurves curves;
  std::vector<StrideParameters> strides;
  std::vector<Finding> findings;
};

GaitData walk_data(const WalkOptions& o) {
  const SyntheticWalk w = synthetic_walk(o);
  return gait_data(w.truth.model, test::truth_motion(w), w.truth.events);
}

Analysed analyse(GaitData data) {
  Analysed a;
  const std::vector<Cycle> cycles = gait_cycles(data.events);
  a.curves = cycle_curves(data, cycles);
  a.strides = spatiotemporal(data, cycles);
  a.findings = compensations(data, a.curves, a.strides);
  a.data = std::move(data);
  return a;
}

// 6 s: four or five complete cycles per side. Walks are deterministic, so each is analysed once.
const Analysed& walk(double speed, std::vector<Compensation> injected = {}) {
  static std::map<std::string, Analysed> cache;
  std::string key = std::to_string(speed);
  for (const Compensation& c : injected) key += c.finding + std::string(to_string(c.side)) + std::to_string(c.magnitude);
  auto it = cache.find(key);
  if (it == cache.end()) {
    WalkOptions o;
    o.duration_s = 6.0;
    o.speed_m_s = speed;
    o.compensations = std::move(injected);
    it = cache.emplace(key, analyse(walk_data(o))).first;
  }
  return it->second;
}
const Analysed& healthy() { return walk(1.3); }
const Analysed& injected(const std::string& finding, Side side, double magnitude) {
  return walk(1.3, {{finding, side, magnitude}});
}

const Finding* find(const std::vector<Finding>& findings, const std::string& name, const std::string& side) {
  for (const Finding& f : findings)
    if (f.finding == name && f.side == side) return &f;
  return nullptr;
}
const Finding& get(const std::vector<Finding>& findings, const std::string& name, const std::string& side) {
  const Finding* f = find(findings, name, side);
  REQUIRE_MESSAGE(f != nullptr, name << " " << side << " missing");
  return *f;
}
std::string other(Side s) { return std::string(to_string(opposite(s))); }
std::string name(Side s) { return std::string(to_string(s)); }

std::vector<std::string> all_findings() {
  std::vector<std::string> names = compensation_names();
  names.push_back("strike_pattern");
  return names;
}

}  // namespace

TEST_CASE("compensations: every finding has a sourced reference row") {
  const std::vector<std::string> names = all_findings();
  REQUIRE(reference_values().size() == names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const ReferenceValue& r = reference_values()[i];
    CAPTURE(names[i]);
    CHECK(r.finding == names[i]);  // the report keeps this order
    CHECK(&reference_value(names[i]) == &r);
    CHECK(std::isfinite(r.mean));
    CHECK(r.sd > 0);
    CHECK(r.z_limit > 0);
    CHECK((r.direction == -1 || r.direction == 0 || r.direction == 1));
    CHECK(!r.unit.empty());
    CHECK(!r.measure.empty());
    CHECK(!r.population.empty());
    CHECK(r.source.size() > 40);  // a citation or a derivation, not a label
  }
  CHECK_THROWS_AS(reference_value("hip_hike"), InvalidArgument);
  CHECK(strike_pattern_boundaries().heel_above_deg > strike_pattern_boundaries().forefoot_below_deg);
  CHECK(strike_pattern(15.0) == "heel");
  CHECK(strike_pattern(3.0) == "midfoot");
  CHECK(strike_pattern(-5.0) == "forefoot");
  CHECK(strike_pattern(std::nan("")) == "unknown");
}

TEST_CASE("compensations: a healthy symmetric walk flags nothing at 1.1, 1.3 and 1.5 m/s") {
  for (double speed : {1.1, 1.3, 1.5}) {
    CAPTURE(speed);
    const std::vector<Finding>& findings = walk(speed).findings;
    // Per-side findings on both sides, bilateral and asymmetry ones once: 10 x 2 + 4.
    CHECK(findings.size() == 24);
    std::map<std::string, double> max_z;
    for (const Finding& f : findings) {
      CAPTURE(f.finding);
      CAPTURE(f.side);
      CAPTURE(f.text);
      CHECK_FALSE(f.flagged);
      CHECK(!f.text.empty());
      CHECK(f.source == reference_value(f.finding).source);
      if (f.finding == "knee_valgus") {
        // The healthy walker's knee has one degree of freedom: no frontal-plane angle, no invented value.
        CHECK(std::isnan(f.value));
        CHECK(f.text.find("not measured") != std::string::npos);
        continue;
      }
      REQUIRE(std::isfinite(f.value));
      CHECK(f.z == doctest::Approx((f.value - f.normal_mean) / f.normal_sd));
      max_z[f.finding] = std::max(max_z[f.finding], std::abs(f.z));
    }
    for (const auto& [finding, z] : max_z) MESSAGE(speed << " m/s  " << finding << " max |z| " << z);
    CHECK(get(findings, "strike_pattern", "left").text.find("heel first") != std::string::npos);
    for (const Finding& f : findings)
      if (f.finding == "step_length_asymmetry") CHECK(f.value == doctest::Approx(1.0).epsilon(0.01));
  }
}

// Each finding injected on one side of a 1.3 m/s walk: flagged on that side, not on the other, and where the
// measure follows the injection directly, the reported value moves by about the injected amount. Magnitudes
// are the smallest round numbers of a clinically plain pattern that the walker realises beyond the healthy
// range (docs/synthetic.md: the solved pose realises part of some injections; the feet stay planted).
TEST_CASE("compensations: every injected finding is flagged on its side") {
  struct Case {
    std::string finding;
    Side side;
    double magnitude;
    std::function<void(const Finding& affected, const Finding& healthy_same)> check;
  };
  auto change = [](const Finding& a, const Finding& h) { return a.value - h.value; };
  const std::vector<Case> cases = {
      // A pelvis held 9 deg forward on one side (half the magnitude): the offset is reported directly.
      {"pelvic_rotation_asymmetry", Side::right, 18.0,
       [](const Finding& a, const Finding&) { CHECK(a.value == doctest::Approx(9.0).epsilon(0.15)); }},
      {"pelvic_rotation_asymmetry", Side::left, 18.0,
       [](const Finding& a, const Finding&) { CHECK(a.value == doctest::Approx(9.0).epsilon(0.15)); }},
      // 5 deg more contralateral drop (a Trendelenburg-like 8 deg pattern): reported almost in full.
      {"pelvic_drop", Side::right, 5.0, [&](const Finding& a, const Finding& h) { CHECK(change(a, h) == doctest::Approx(5.0).epsilon(0.2)); }},
      {"pelvic_drop", Side::left, 5.0, [&](const Finding& a, const Finding& h) { CHECK(change(a, h) == doctest::Approx(5.0).epsilon(0.2)); }},
      // 10 deg forward trunk lean, bilateral: reported in full.
      {"trunk_forward_lean", Side::right, 10.0,
       [&](const Finding& a, const Finding& h) { CHECK(change(a, h) == doctest::Approx(10.0).epsilon(0.1)); }},
      // 15 deg lean toward the stance side at mid-stance (a marked lateral lean; healthy children lean 7 deg).
      {"trunk_lateral_lean", Side::right, 15.0, [&](const Finding& a, const Finding& h) { CHECK(change(a, h) > 8.0); }},
      // Heel placed 0.3 m further ahead: the solved pelvis follows part of it, 0.2 leg lengths remain.
      {"overstriding", Side::right, 0.3, [&](const Finding& a, const Finding& h) { CHECK(change(a, h) > 0.15); }},
      // 15 deg more rearfoot eversion over stance: about 13 deg reach the subtalar angle.
      {"rearfoot_eversion", Side::right, 15.0, [&](const Finding& a, const Finding& h) { CHECK(change(a, h) > 11.0); }},
      {"rearfoot_eversion", Side::left, 15.0, [&](const Finding& a, const Finding& h) { CHECK(change(a, h) > 11.0); }},
      // 25 deg of extra toe-out (beyond the 20 deg that marks excessive out-toeing) and 12 deg of in-toeing.
      {"foot_progression", Side::right, 25.0,
       [&](const Finding& a, const Finding& h) { CHECK(change(a, h) == doctest::Approx(-25.0).epsilon(0.05)); }},
      {"foot_progression", Side::left, -12.0,
       [&](const Finding& a, const Finding& h) { CHECK(change(a, h) == doctest::Approx(12.0).epsilon(0.05)); }},
      // 15 deg less dorsiflexion target: the earlier heel rise leaves about 5 deg of dorsiflexion in stance.
      {"limited_dorsiflexion", Side::right, 15.0, [&](const Finding& a, const Finding& h) { CHECK(change(a, h) < -6.0); }},
      // 15 deg of dynamic valgus over stance (3-dof knee): about 12 deg reach the knee angle.
      {"knee_valgus", Side::right, 15.0, [](const Finding& a, const Finding&) { CHECK(a.value > 11.0); }},
      // Steps of 1.075 and 0.925 of the mean: a ratio of 1.16, twice the healthy limit of 1.08.
      {"step_length_asymmetry", Side::right, 0.15,
       [](const Finding& a, const Finding&) { CHECK(a.value == doctest::Approx(1.075 / 0.925).epsilon(0.01)); }},
      {"step_length_asymmetry", Side::left, 0.15,
       [](const Finding& a, const Finding&) { CHECK(a.value == doctest::Approx(1.075 / 0.925).epsilon(0.01)); }},
      // A 10 deg heel whip (twice the 5 deg criterion): reported almost in full.
      {"heel_whip", Side::right, 10.0, [](const Finding& a, const Finding&) { CHECK(a.value == doctest::Approx(10.0).epsilon(0.1)); }},
      // 15 deg more lumbar flexion-extension per stride (three times the adult range).
      {"lumbar_excursion", Side::right, 15.0,
       [&](const Finding& a, const Finding& h) { CHECK(change(a, h) == doctest::Approx(15.0).epsilon(0.2)); }},
  };
  for (const Case& c : cases) {
    CAPTURE(c.finding);
    CAPTURE(name(c.side));
    CAPTURE(c.magnitude);
    const std::vector<Finding>& findings = injected(c.finding, c.side, c.magnitude).findings;
    const ReferenceValue& ref = reference_value(c.finding);
    const bool bilateral = c.finding == "trunk_forward_lean" || c.finding == "lumbar_excursion";
    const bool asymmetry = c.finding == "pelvic_rotation_asymmetry" || c.finding == "step_length_asymmetry";
    const std::string reported_side = bilateral ? "both" : name(c.side);
    const Finding& affected = get(findings, c.finding, reported_side);
    CAPTURE(affected.text);
    MESSAGE(c.finding << " " << name(c.side) << " " << c.magnitude << " -> " << affected.value << " " << affected.unit
                      << ", z " << affected.z);
    CHECK(affected.flagged);
    CHECK(std::abs(affected.z) > ref.z_limit);
    if (!bilateral && !asymmetry) {
      const Finding& unaffected = get(findings, c.finding, other(c.side));
      CAPTURE(unaffected.text);
      CHECK_FALSE(unaffected.flagged);
    }
    if (asymmetry) CHECK(find(findings, c.finding, other(c.side)) == nullptr);  // reported once, on the larger side
    // The healthy walk's same finding (an asymmetry is reported on whichever side is marginally larger).
    const Finding* healthy_same = find(healthy().findings, c.finding, reported_side);
    if (!healthy_same && asymmetry) healthy_same = find(healthy().findings, c.finding, other(c.side));
    REQUIRE(healthy_same != nullptr);
    c.check(affected, *healthy_same);
  }
}

// The walker tilts the pelvis anteriorly by the injected amount in the side's terminal stance and both
// hips carry the tilt, so 20 deg leaves the right hip flexed at its peak extension, beyond Schwartz 2008's
// mean - 2 SD (SD 6.5 deg); the left side's own terminal stance is untouched.
TEST_CASE("compensations: limited hip extension is measured on its side") {
  const std::vector<Finding>& findings = injected("limited_hip_extension", Side::right, 20.0).findings;
  const Finding& right = get(findings, "limited_hip_extension", "right");
  const Finding& left = get(findings, "limited_hip_extension", "left");
  const Finding& before = get(healthy().findings, "limited_hip_extension", "right");
  MESSAGE("limited_hip_extension right 20 -> " << right.value << " deg, z " << right.z);
  CHECK(right.value - before.value < -10.0);
  CHECK(right.value < 0.0);  // the hip no longer extends in stance
  CHECK(right.z < -1.5);
  CHECK(right.text.find("stays flexed") != std::string::npos);
  CHECK_FALSE(left.flagged);
  CHECK(right.flagged);
}

TEST_CASE("compensations: the strike pattern follows the foot angle at contact") {
  // Healthy: heel first on both sides.
  for (const char* side : {"left", "right"}) {
    const Finding& f = get(healthy().findings, "strike_pattern", side);
    CHECK(f.value > strike_pattern_boundaries().heel_above_deg);
    CHECK_FALSE(f.flagged);
  }
  // Forefoot on the right: the right foot pitched 10 deg toes down at every frame (a toe walker's contact).
  GaitData data = healthy().data;
  auto set_pitch = [&](GaitData& d, Side side, double deg) {
    d.angles[side_index(side)].col(variable_index("foot_pitch")).setConstant(deg * kDegToRad);
  };
  set_pitch(data, Side::right, -10.0);
  Analysed forefoot = analyse(data);
  const Finding& right = get(forefoot.findings, "strike_pattern", "right");
  CHECK(right.value == doctest::Approx(-10.0));
  CHECK(right.flagged);
  CHECK(right.text.find("forefoot first") != std::string::npos);
  CHECK_FALSE(get(forefoot.findings, "strike_pattern", "left").flagged);
  // Midfoot on the left: the sole nearly flat (3 deg) at contact.
  set_pitch(data, Side::left, 3.0);
  Analysed midfoot = analyse(data);
  const Finding& left = get(midfoot.findings, "strike_pattern", "left");
  CHECK(left.flagged);
  CHECK(left.text.find("midfoot") != std::string::npos);
}

TEST_CASE("compensations: data without a value give NaN, not invented numbers") {
  // No events: no cycles, so no per-side findings; bilateral and asymmetry ones say why they are missing.
  GaitData data = healthy().data;
  data.events.clear();
  const Analysed none = analyse(data);
  CHECK(none.findings.size() == 4);
  for (const Finding& f : none.findings) {
    CAPTURE(f.finding);
    CHECK(std::isnan(f.value));
    CHECK(std::isnan(f.z));
    CHECK_FALSE(f.flagged);
    CHECK(f.text.find("not measured") != std::string::npos);
  }
  // The right hip undetermined everywhere: its cycle curves are absent, the finding says so; the left stays.
  data = healthy().data;
  data.angles[side_index(Side::right)].col(variable_index("hip_flexion")).setConstant(std::nan(""));
  const Analysed gap = analyse(data);
  const Finding& right = get(gap.findings, "limited_hip_extension", "right");
  CHECK(std::isnan(right.value));
  CHECK_FALSE(right.flagged);
  CHECK(std::isfinite(get(gap.findings, "limited_hip_extension", "left").value));
}
