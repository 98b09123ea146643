// Normative curves (built-in Schwartz 2008 set, tidy-CSV reader), Gait Variable / Profile Scores (Baker 2009)
// and kinematic summaries: hand-checked numbers on constructed curves, the built-in table against the CSV it
// was generated from, reader errors, and the synthetic walker (healthy, and with limited dorsiflexion).
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <gaitchain/core/angles.hpp>
#include <gaitchain/core/error.hpp>
#include <gaitchain/metrics/cycles.hpp>
#include <gaitchain/metrics/gait_data.hpp>
#include <gaitchain/metrics/kinematic_summary.hpp>
#include <gaitchain/metrics/normative.hpp>
#include <gaitchain/metrics/scores.hpp>
#include <gaitchain/synthetic/walk.hpp>
#include <limits>
#include <map>
#include <numbers>
#include <string>

#include "data.hpp"

#include "truth_motion.hpp"

using namespace gaitchain;
using namespace gaitchain::metrics;
using gaitchain::test::truth_motion;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::string kCsv = "normative/normative_curves.csv";

void write(const std::filesystem::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

// Cycle curves with `cycles` cycles per side (1 s each, foot off at 60 %), every variable equal to `base`
// (variables x 101, the normative means for the GPS variables, 0 elsewhere).
CycleCurves constant_curves(int cycles, const NormativeCurves& normative) {
  CycleCurves out;
  for (Side side : {Side::left, Side::right}) {
    const int s = side_index(side);
    for (int c = 0; c < cycles; ++c) {
      Cycle cycle;
      cycle.side = side;
      cycle.start = c;
      cycle.end = c + 1.0;
      cycle.foot_off = c + 0.6;
      out.cycles[s].push_back(cycle);
    }
    for (std::string_view v : angle_variables) {
      const int n = normative.index(v);
      Eigen::MatrixXd m = Eigen::MatrixXd::Zero(cycles, cycle_points);
      if (n >= 0)
        for (int c = 0; c < cycles; ++c) m.row(c) = normative.mean.row(n);
      out.curves[s].push_back(m);
    }
  }
  return out;
}

Eigen::MatrixXd& curve(CycleCurves& c, std::string_view variable, Side side) {
  return c.curves[side_index(side)][variable_index(variable)];
}

int gps_index(std::string_view v) {
  for (std::size_t i = 0; i < gps_variables.size(); ++i)
    if (gps_variables[i] == v) return static_cast<int>(i);
  return -1;
}

// The walker's truth as a fitted motion and everything the metrics read from it.
struct WalkMetrics {
  SyntheticWalk walk;
  GaitData data;
  CycleCurves curves;
};

const WalkMetrics& walk_metrics(const std::vector<Compensation>& compensations = {}) {
  static std::map<std::string, WalkMetrics> cache;  // walks are deterministic: compute each once
  std::string key;
  for (const auto& c : compensations) key += c.finding + std::string(to_string(c.side)) + std::to_string(c.magnitude);
  auto it = cache.find(key);
  if (it == cache.end()) {
    WalkOptions o;
    o.duration_s = 8.0;  // 6-7 cycles per side
    o.speed_m_s = 1.3;
    o.height_m = 1.75;
    o.compensations = compensations;
    WalkMetrics m;
    m.walk = synthetic_walk(o);
    m.data = gait_data(m.walk.truth.model, truth_motion(m.walk), m.walk.truth.events);
    m.curves = cycle_curves(m.data, gait_cycles(m.data.events));
    it = cache.emplace(key, std::move(m)).first;
  }
  return it->second;
}

double dimensionless_speed(const WalkMetrics& m) {
  const double leg = 0.5 * (m.data.leg_length_m[0] + m.data.leg_length_m[1]);
  return 1.3 / std::sqrt(9.81 * leg);
}

}  // namespace

TEST_CASE("normative: built-in Schwartz 2008 curves are the CSV's numbers") {
  const NormativeCurves free = builtin_normative();
  CHECK(free.source == "Schwartz2008");
  CHECK(free.group == "Free");
  CHECK(free.population.find("N = 82") != std::string::npos);
  REQUIRE(free.variables.size() == 14);
  CHECK(free.mean.rows() == 14);
  CHECK(free.mean.cols() == 101);
  CHECK(free.sd.rows() == 14);
  CHECK(free.index("knee_rotation") == 8);
  CHECK(free.index("subtalar_inversion") == -1);
  CHECK(free.notes[static_cast<std::size_t>(free.index("trunk_tilt"))].find("pattern only") != std::string::npos);
  CHECK(free.notes[static_cast<std::size_t>(free.index("hip_flexion"))].empty());
  // normative_curves.csv: "Schwartz2008,Free,hip_flexion,ipsilateral_PiG,0.0,35.8264,5.4258" and at 2.0 %
  // "35.6886,5.4772". Odd percents lie halfway between their neighbours.
  const int hip = free.index("hip_flexion");
  CHECK(free.mean(hip, 0) == doctest::Approx(rad(35.8264)).epsilon(1e-12));
  CHECK(free.sd(hip, 0) == doctest::Approx(rad(5.4258)).epsilon(1e-12));
  CHECK(free.mean(hip, 2) == doctest::Approx(rad(35.6886)).epsilon(1e-12));
  CHECK(free.mean(hip, 1) == doctest::Approx(rad(0.5 * (35.8264 + 35.6886))).epsilon(1e-12));
  // Every group and value equals what the reader makes of the CSV it was generated from.
  for (std::string_view group : normative_groups) {
    CAPTURE(group);
    const NormativeCurves built = builtin_normative(group);
    const NormativeCurves read = read_normative_curves(test::shared_data(kCsv), "Schwartz2008", group);
    CHECK(read.variables.size() == built.variables.size());
    for (std::size_t v = 0; v < built.variables.size(); ++v) {
      CAPTURE(built.variables[v]);
      const int r = read.index(built.variables[v]);
      REQUIRE(r >= 0);
      CHECK((read.mean.row(r) - built.mean.row(static_cast<Eigen::Index>(v))).cwiseAbs().maxCoeff() < 1e-15);
      CHECK((read.sd.row(r) - built.sd.row(static_cast<Eigen::Index>(v))).cwiseAbs().maxCoeff() < 1e-15);
    }
  }
  // Speed trends of the paper: peak knee flexion in swing rises with speed.
  const int knee = free.index("knee_flexion");
  CHECK(builtin_normative("VeryFast").mean.row(knee).maxCoeff() > builtin_normative("VerySlow").mean.row(knee).maxCoeff());

  const std::string bad = message_of([] { builtin_normative("Medium"); });
  CHECK(bad.find("Medium") != std::string::npos);
  CHECK(bad.find("VerySlow, Slow, Free, Fast, VeryFast") != std::string::npos);
  CHECK_THROWS_AS(builtin_normative("free"), InvalidArgument);
}

TEST_CASE("normative: group for a dimensionless speed") {
  CHECK(normative_group_for_speed(0.429) == "Free");
  CHECK(normative_group_for_speed(0.0) == "VerySlow");
  CHECK(normative_group_for_speed(0.35) == "Slow");   // 0.06 from Slow, 0.079 from Free
  CHECK(normative_group_for_speed(0.37) == "Free");
  CHECK(normative_group_for_speed(0.62) == "Fast");
  CHECK(normative_group_for_speed(2.0) == "VeryFast");
  CHECK_THROWS_AS(normative_group_for_speed(kNaN), InvalidArgument);
  CHECK_THROWS_AS(normative_group_for_speed(-0.1), InvalidArgument);
}

TEST_CASE("normative: read_normative_curves resamples, and its errors name the file and line") {
  test::TempDir dir;
  const auto path = dir.path / "lab.csv";
  // Columns in another order, an extra column, CRLF line ends, 3 points per curve, a blank sd.
  write(path,
        "variable,sd,mean,percent_cycle,group,source,comment\r\n"
        "knee_flexion,2,10,0,Adults,MyLab,x\r\n"
        "knee_flexion,4,60,50,Adults,MyLab,\r\n"
        "knee_flexion,2,10,100,Adults,MyLab,\r\n"
        "knee_flexion,9,99,0,Children,MyLab,\r\n"
        "knee_flexion,9,99,100,Children,MyLab,\r\n"
        "hip_flexion,,30,100,Adults,MyLab,\r\n"
        "hip_flexion,,-10,0,Adults,MyLab,\r\n");
  const NormativeCurves n = read_normative_curves(path, "MyLab", "Adults");
  CHECK(n.source == "MyLab");
  CHECK(n.group == "Adults");
  REQUIRE(n.variables == std::vector<std::string>{"knee_flexion", "hip_flexion"});
  CHECK(n.mean(0, 0) == doctest::Approx(rad(10.0)));
  CHECK(n.mean(0, 25) == doctest::Approx(rad(35.0)));  // halfway from 10 to 60 deg
  CHECK(n.mean(0, 50) == doctest::Approx(rad(60.0)));
  CHECK(n.sd(0, 75) == doctest::Approx(rad(3.0)));
  CHECK(n.mean(1, 50) == doctest::Approx(rad(10.0)));  // unsorted rows are sorted by percent
  CHECK(std::isnan(n.sd(1, 10)));

  CHECK_THROWS_AS(read_normative_curves(dir.path / "missing.csv", "MyLab", "Adults"), IoError);
  CHECK(message_of([&] { read_normative_curves(dir.path / "missing.csv", "MyLab", "Adults"); }).find("missing.csv") !=
        std::string::npos);

  const std::string no_rows = message_of([&] { read_normative_curves(path, "MyLab", "Elderly"); });
  CHECK(no_rows.find("lab.csv") != std::string::npos);
  CHECK(no_rows.find("Elderly") != std::string::npos);
  CHECK_THROWS_AS(read_normative_curves(path, "MyLab", "Elderly"), InvalidArgument);

  write(path, "source,group,variable,percent_cycle,mean,sd\nS,G,knee_flexion,0,10,1\nS,G,knee_flexion,100,1O,1\n");
  CHECK_THROWS_AS(read_normative_curves(path, "S", "G"), ParseError);
  const std::string bad = message_of([&] { read_normative_curves(path, "S", "G"); });
  CHECK(bad.find("lab.csv: line 3") != std::string::npos);
  CHECK(bad.find("'1O'") != std::string::npos);

  write(path, "source,group,variable,percent,mean\nS,G,knee_flexion,0,10\n");
  const std::string columns = message_of([&] { read_normative_curves(path, "S", "G"); });
  CHECK(columns.find("line 1") != std::string::npos);
  CHECK(columns.find("percent_cycle, sd") != std::string::npos);

  write(path, "source,group,variable,percent_cycle,mean,sd\nS,G,knee_flexion,0,10,1\nS,G,knee_flexion,1,12,1\n");
  const std::string fractions = message_of([&] { read_normative_curves(path, "S", "G"); });
  CHECK(fractions.find("span 0 to 100") != std::string::npos);
  CHECK(fractions.find("fractions") != std::string::npos);

  write(path, "source,group,variable,percent_cycle,mean,sd\nS,G,v,0,1,1\nS,G,v,50,1,1\nS,G,v,50,2,1\nS,G,v,100,1,1\n");
  CHECK(message_of([&] { read_normative_curves(path, "S", "G"); }).find("line 4") != std::string::npos);
  write(path, "source,group,variable,percent_cycle,mean,sd\nS,G,v,0,1,1\nS,G,v\n");
  CHECK(message_of([&] { read_normative_curves(path, "S", "G"); }).find("line 3") != std::string::npos);
  write(path, "");
  CHECK_THROWS_AS(read_normative_curves(path, "S", "G"), ParseError);
}

TEST_CASE("scores: GVS, GPS and MAP by hand") {
  const NormativeCurves normative = builtin_normative("Free");
  const Eigen::VectorXd reference = normative.mean.row(normative.index("knee_flexion")).transpose();

  // A constant 5 deg offset: GVS 5 deg. A sine of amplitude A over the cycle, sampled at 0, 2, ..., 100 %:
  // the 51 squares sum to 25 A^2 (the two ends are 0), so GVS = A sqrt(25/51).
  CHECK(deg(gait_variable_score(reference.array() + rad(5.0), reference)) == doctest::Approx(5.0));
  Eigen::VectorXd sine(cycle_points);
  for (int p = 0; p < cycle_points; ++p) sine[p] = rad(8.0) * std::sin(2.0 * std::numbers::pi * p / 100.0);
  CHECK(deg(gait_variable_score(reference + sine, reference)) == doctest::Approx(8.0 * std::sqrt(25.0 / 51.0)));
  // Only the even points count (Baker's 2 % grid): a spike at 1 % does not.
  Eigen::VectorXd spike = reference;
  spike[1] += 1.0;
  CHECK(gait_variable_score(spike, reference) == 0.0);
  CHECK_THROWS_AS(gait_variable_score(Eigen::VectorXd::Zero(51), Eigen::VectorXd::Zero(51)), InvalidArgument);

  // Left: every GPS variable 5 deg off -> every GVS 5, GPS 5. Right: hip flexion 3 deg, knee 4 deg off in both
  // cycles, ankle +6 in one cycle and -6 in the other (per-cycle GVS 6 each, so 6 after averaging; scoring the
  // mean curve would give 0).
  CycleCurves c = constant_curves(2, normative);
  for (std::string_view v : gps_variables) curve(c, v, Side::left).array() += rad(5.0);
  curve(c, "hip_flexion", Side::right).array() += rad(3.0);
  curve(c, "knee_flexion", Side::right).array() += rad(4.0);
  curve(c, "ankle_dorsiflexion", Side::right).row(0).array() += rad(6.0);
  curve(c, "ankle_dorsiflexion", Side::right).row(1).array() -= rad(6.0);
  const GaitScores s = gait_scores(c, normative);
  const int L = side_index(Side::left), R = side_index(Side::right);
  REQUIRE(s.variables.size() == 9);
  CHECK(s.cycles == std::array<int, 2>{2, 2});
  for (int v = 0; v < 9; ++v) CHECK(deg(s.gvs[L][v]) == doctest::Approx(5.0));
  CHECK(deg(s.gps[L]) == doctest::Approx(5.0));
  CHECK(deg(s.gvs[R][gps_index("hip_flexion")]) == doctest::Approx(3.0));
  CHECK(deg(s.gvs[R][gps_index("knee_flexion")]) == doctest::Approx(4.0));
  CHECK(deg(s.gvs[R][gps_index("ankle_dorsiflexion")]) == doctest::Approx(6.0));
  CHECK(s.gvs[R][gps_index("pelvis_tilt")] == doctest::Approx(0.0));
  // GPS = RMS of the nine GVS: sqrt((9 + 16 + 36) / 9) deg.
  CHECK(deg(s.gps[R]) == doctest::Approx(std::sqrt(61.0 / 9.0)));
  CHECK(deg(s.gps_cycles[R][0]) == doctest::Approx(std::sqrt(61.0 / 9.0)));
  // Overall: the left side's nine (25 each) and the right side's six non-pelvic ones: sqrt((225 + 61) / 15).
  CHECK(deg(s.gps_overall) == doctest::Approx(std::sqrt(286.0 / 15.0)));
  // Pelvis counts once, from the left side: a right-side pelvis offset changes the right GPS, not the overall.
  CycleCurves p = c;
  curve(p, "pelvis_tilt", Side::right).array() += rad(10.0);
  const GaitScores sp = gait_scores(p, normative);
  CHECK(sp.gps[R] > s.gps[R]);
  CHECK(sp.gps_overall == doctest::Approx(s.gps_overall));

  // A cycle the motion does not cover (NaN) is not scored; a side without cycles scores NaN.
  curve(c, "foot_progression", Side::right).row(1).setConstant(kNaN);
  const GaitScores partial = gait_scores(c, normative);
  CHECK(partial.cycles[R] == 1);
  CHECK(partial.cycle_indices[R] == std::vector<int>{0});
  CHECK(deg(partial.gvs[R][gps_index("ankle_dorsiflexion")]) == doctest::Approx(6.0));
  curve(c, "foot_progression", Side::right).row(0).setConstant(kNaN);
  const GaitScores none = gait_scores(c, normative);
  CHECK(none.cycles[R] == 0);
  CHECK(std::isnan(none.gps[R]));
  CHECK(std::isnan(none.gps_overall));
  CHECK(deg(none.gps[L]) == doctest::Approx(5.0));

  NormativeCurves partial_norm = normative;
  partial_norm.variables[static_cast<std::size_t>(partial_norm.index("foot_progression"))] = "toe_angle";
  const std::string missing = message_of([&] { gait_scores(c, partial_norm); });
  CHECK(missing.find("foot_progression") != std::string::npos);
  CHECK_THROWS_AS(gait_scores(c, partial_norm), InvalidArgument);
}

TEST_CASE("kinematic summary: extremes, timings and clinical parameters by hand") {
  const NormativeCurves normative = builtin_normative("Free");
  CycleCurves c = constant_curves(1, normative);
  // Right cycle, foot off at 60 %: hip flexion 10 + 20 cos(2 pi p/100) deg (min -10 at 50 %, max 30 at 0 and
  // 100 %); knee flexion a ramp 0.5 p deg; ankle 10 - 0.25 p deg.
  for (int p = 0; p < cycle_points; ++p) {
    curve(c, "hip_flexion", Side::right)(0, p) = rad(10.0 + 20.0 * std::cos(2.0 * std::numbers::pi * p / 100.0));
    curve(c, "knee_flexion", Side::right)(0, p) = rad(0.5 * p);
    curve(c, "ankle_dorsiflexion", Side::right)(0, p) = rad(10.0 - 0.25 * p);
  }
  curve(c, "knee_rotation", Side::right).setConstant(kNaN);  // a 1-dof knee: no row
  auto find_summary = [](const std::vector<VariableSummary>& rows, Side side, std::string_view v) {
    for (const auto& r : rows)
      if (r.side == side && r.variable == v) return r;
    FAIL("no summary of " << v);
    return VariableSummary{};
  };
  const auto summaries = variable_summaries(c);
  CHECK(summaries.size() == 2 * angle_variables.size() - 1);
  const VariableSummary hip = find_summary(summaries, Side::right, "hip_flexion");
  CHECK(deg(hip.min) == doctest::Approx(-10.0));
  CHECK(hip.percent_of_min == 50.0);
  CHECK(deg(hip.max) == doctest::Approx(30.0));
  CHECK(hip.percent_of_max == 0.0);
  CHECK(deg(hip.range) == doctest::Approx(40.0));
  CHECK(deg(hip.at_foot_strike) == doctest::Approx(30.0));
  // Mean of 10 + 20 cos over 0-60 %: 10 + 20 sin(1.2 pi) / (1.2 pi); the trapezoid rule is within 0.01 deg.
  CHECK(deg(hip.mean_stance) == doctest::Approx(10.0 + 20.0 * std::sin(1.2 * std::numbers::pi) / (1.2 * std::numbers::pi)).epsilon(1e-3));
  CHECK(deg(find_summary(summaries, Side::right, "knee_flexion").mean_stance) == doctest::Approx(15.0));

  auto find = [](const std::vector<ClinicalParameter>& rows, Side side, std::string_view name) {
    for (const auto& r : rows)
      if (r.side == side && r.parameter == name) return r;
    FAIL("no parameter " << name);
    return ClinicalParameter{};
  };
  const auto params = clinical_parameters(c);
  CHECK(params.size() == 2 * clinical_parameter_names.size());
  const auto ext = find(params, Side::right, "peak_hip_extension");
  CHECK(deg(ext.value) == doctest::Approx(10.0));  // extension positive
  CHECK(ext.percent == 50.0);
  CHECK(deg(find(params, Side::right, "hip_flexion_at_foot_strike").value) == doctest::Approx(30.0));
  const auto swing = find(params, Side::right, "peak_knee_flexion_swing");
  CHECK(deg(swing.value) == doctest::Approx(50.0));
  CHECK(swing.percent == 100.0);
  const auto loading = find(params, Side::right, "peak_knee_flexion_loading");
  CHECK(deg(loading.value) == doctest::Approx(10.0));
  CHECK(loading.percent == 20.0);
  CHECK(deg(find(params, Side::right, "knee_flexion_min_stance").value) == doctest::Approx(0.0));
  CHECK(deg(find(params, Side::right, "peak_dorsiflexion_stance").value) == doctest::Approx(10.0));
  const auto at_off = find(params, Side::right, "ankle_dorsiflexion_at_foot_off");
  CHECK(deg(at_off.value) == doctest::Approx(-5.0));
  CHECK(at_off.percent == doctest::Approx(60.0));
  const auto push = find(params, Side::right, "peak_plantarflexion_pushoff");  // min of the ramp at 70 %
  CHECK(deg(push.value) == doctest::Approx(7.5));
  CHECK(push.percent == doctest::Approx(70.0));
  // Pelvis from the Schwartz Free mean curves (the left side is built from them unchanged).
  const int tilt = normative.index("pelvis_tilt");
  const Eigen::VectorXd tilt_curve = normative.mean.row(tilt).transpose();
  CHECK(find(params, Side::left, "pelvic_tilt_range").value == doctest::Approx(tilt_curve.maxCoeff() - tilt_curve.minCoeff()));
  CHECK(find(params, Side::left, "pelvic_tilt_mean").value == doctest::Approx(tilt_curve.mean()).epsilon(1e-3));
  CHECK(std::isnan(find(params, Side::left, "pelvic_tilt_range").percent));

  // Without its foot off a cycle still has its whole-cycle values; stance values are NaN.
  c.cycles[side_index(Side::right)][0].foot_off = kNaN;
  const auto no_off = clinical_parameters(c);
  CHECK(std::isnan(find(no_off, Side::right, "peak_hip_extension").value));
  CHECK(std::isnan(find(no_off, Side::right, "peak_hip_extension").percent));
  CHECK(std::isnan(find(no_off, Side::right, "peak_knee_flexion_swing").value));
  CHECK(deg(find(no_off, Side::right, "peak_knee_flexion_loading").value) == doctest::Approx(10.0));
  CHECK(deg(find(no_off, Side::right, "knee_flexion_at_foot_strike").value) == doctest::Approx(0.0));
  CHECK(std::isnan(find_summary(variable_summaries(c), Side::right, "hip_flexion").mean_stance));
}

TEST_CASE("scores: the synthetic walker against the Schwartz group of its speed") {
  // The walker's joint-angle targets are the Schwartz 2008 mean curves interpolated by dimensionless speed
  // (docs/synthetic.md); the solved pose departs from them where the planted feet require it.
  const WalkMetrics& h = walk_metrics();
  const double v = dimensionless_speed(h);
  CHECK(v == doctest::Approx(0.448).epsilon(0.01));  // 1.3 m/s, leg length 0.86 m: nearest group Free (0.429)
  const std::string_view group = normative_group_for_speed(v);
  CHECK(group == "Free");
  const GaitScores s = gait_scores(h.curves, builtin_normative(group));
  const int L = side_index(Side::left), R = side_index(Side::right);
  CHECK(s.cycles[L] >= 5);
  CHECK(s.cycles[R] >= 5);
  for (int side : {L, R}) {
    std::string map;
    for (int k = 0; k < 9; ++k) map += " " + std::string(gps_variables[k]) + " " + std::to_string(deg(s.gvs[side][k]));
    MESSAGE(std::string(side == L ? "left" : "right") << " GPS " << deg(s.gps[side]) << " deg; MAP:" << map);
  }
  MESSAGE("overall GPS " << deg(s.gps_overall) << " deg");
  // Measured (deg): GPS 3.86 left, 3.83 right, 4.21 overall; GVS pelvis 0.35-0.59, hip flexion 4.1, hip
  // adduction 2.6, hip rotation 5.0, knee 3.0, ankle 3.3, foot progression 8.0. The largest term is the
  // walker's, not the score's: its footprints point straight ahead (foot progression about +1 deg all cycle)
  // where the children toe out by about 6 deg, and the hips rotate to make up for it.
  // Bounds: pelvis angles are held to their targets (sigma 1.5 deg), so < 1 deg; the sagittal joints, which
  // the feet bend only in swing, < 4 deg; the GPS < 4.5 deg, within half the GPS's minimal clinically important
  // difference (1.6 deg, Baker et al. 2012) of the measured value; the walk is symmetric, so the sides agree.
  for (int side : {L, R}) {
    CAPTURE(side);
    for (std::string_view p : {"pelvis_tilt", "pelvis_obliquity", "pelvis_rotation"}) CHECK(deg(s.gvs[side][gps_index(p)]) < 1.0);
    CHECK(deg(s.gvs[side][gps_index("knee_flexion")]) < 4.0);
    CHECK(deg(s.gvs[side][gps_index("ankle_dorsiflexion")]) < 4.0);
    CHECK(deg(s.gps[side]) < 4.5);
  }
  CHECK(std::abs(deg(s.gps[L] - s.gps[R])) < 0.1);
  CHECK(deg(s.gps_overall) < 4.5);
  // The speed-matched group fits best (measured overall GPS: VerySlow 6.4, Slow 4.9, Free 4.2, Fast 4.5,
  // VeryFast 5.2 deg).
  for (std::string_view g : normative_groups) {
    CAPTURE(g);
    if (g != group) CHECK(gait_scores(h.curves, builtin_normative(g)).gps_overall > s.gps_overall + rad(0.2));
  }

  // Limited dorsiflexion on the right (the target lowered by 10 deg around 45 %): the right ankle's GVS rises
  // (measured 3.3 -> 6.3 deg), the left one's barely (3.3 -> 4.0: the pelvis and the other leg share the
  // compromise), and the right GPS rises more than the left.
  const WalkMetrics& d = walk_metrics({{"limited_dorsiflexion", Side::right, 10.0}});
  const GaitScores sd = gait_scores(d.curves, builtin_normative(group));
  const int ankle = gps_index("ankle_dorsiflexion");
  MESSAGE("limited_dorsiflexion right: ankle GVS left " << deg(sd.gvs[L][ankle]) << " right " << deg(sd.gvs[R][ankle])
                                                        << ", GPS left " << deg(sd.gps[L]) << " right " << deg(sd.gps[R]));
  CHECK(deg(sd.gvs[R][ankle] - s.gvs[R][ankle]) > 2.0);
  CHECK(std::abs(deg(sd.gvs[L][ankle] - s.gvs[L][ankle])) < 1.0);
  CHECK(sd.gvs[R][ankle] - s.gvs[R][ankle] > 3.0 * std::abs(sd.gvs[L][ankle] - s.gvs[L][ankle]));
  CHECK(sd.gps[R] - s.gps[R] > sd.gps[L] - s.gps[L] + rad(0.3));
  // The same finding in the discrete parameters: peak dorsiflexion in stance, averaged over cycles. Measured:
  // 4.9 deg lower on the right (about half the 10 deg of the target reaches the solved pose, the planted foot
  // takes the rest), 0.2 deg on the left.
  auto mean_peak = [](const CycleCurves& curves, Side side) {
    double sum = 0.0;
    int n = 0;
    for (const auto& p : clinical_parameters(curves))
      if (p.side == side && p.parameter == "peak_dorsiflexion_stance") {
        sum += p.value;
        ++n;
      }
    return sum / n;
  };
  const double drop_r = deg(mean_peak(h.curves, Side::right) - mean_peak(d.curves, Side::right));
  const double drop_l = deg(mean_peak(h.curves, Side::left) - mean_peak(d.curves, Side::left));
  MESSAGE("peak dorsiflexion in stance lowered by " << drop_r << " deg right, " << drop_l << " deg left");
  CHECK(drop_r > 3.0);
  CHECK(std::abs(drop_l) < 1.0);
}

TEST_CASE("kinematic summary: the synthetic walker's parameters against its truth coordinates") {
  const WalkMetrics& h = walk_metrics();
  const auto& truth = h.walk.truth;
  const auto params = clinical_parameters(h.curves);
  const auto summaries = variable_summaries(h.curves);
  // 20 variables minus knee_adduction and knee_rotation (1-dof knee: NaN) per cycle.
  CHECK(summaries.size() == 18 * (h.curves.cycles[0].size() + h.curves.cycles[1].size()));
  CHECK(params.size() == clinical_parameter_names.size() * (h.curves.cycles[0].size() + h.curves.cycles[1].size()));
  auto value = [&](Side side, int cycle, std::string_view name) {
    for (const auto& p : params)
      if (p.side == side && p.cycle == cycle && p.parameter == name) return p;
    FAIL("no " << name);
    return ClinicalParameter{};
  };
  // By hand from the coordinates: the frames of each cycle's stance (strike to own foot off) and swing.
  for (Side side : {Side::left, Side::right}) {
    const std::string sfx(suffix(side));
    const auto hip = truth.coordinates.col(truth.model.coordinate_index("hip_flexion" + sfx));
    const auto knee = truth.coordinates.col(truth.model.coordinate_index("knee_angle" + sfx));
    const auto ankle = truth.coordinates.col(truth.model.coordinate_index("ankle_angle" + sfx));
    const auto& cycles = h.curves.cycles[side_index(side)];
    for (int c = 0; c < static_cast<int>(cycles.size()); ++c) {
      CAPTURE(c);
      const Cycle& cycle = cycles[static_cast<std::size_t>(c)];
      auto frame = [&](double t) { return static_cast<Eigen::Index>(std::lround(h.data.frame_at(t))); };
      double hip_min = 1e9, knee_max_swing = -1e9, ankle_max_stance = -1e9;
      for (Eigen::Index k = frame(cycle.start); k <= frame(cycle.foot_off); ++k) {
        hip_min = std::min(hip_min, hip[k]);
        ankle_max_stance = std::max(ankle_max_stance, ankle[k]);
      }
      for (Eigen::Index k = frame(cycle.foot_off); k <= frame(cycle.end); ++k) knee_max_swing = std::max(knee_max_swing, knee[k]);
      // Strikes lie between frames; the curve interpolates the frames, so the values agree to what the angle
      // changes in half a frame (at most ~0.3 deg at 100 Hz for the knee in swing, 0.1 deg at the extremes).
      const ClinicalParameter ext = value(side, c, "peak_hip_extension");
      CHECK(std::abs(deg(ext.value + hip_min)) < 0.1);
      CHECK(ext.percent > 40.0);
      CHECK(ext.percent < cycle.percent(cycle.foot_off));
      CHECK(std::abs(deg(value(side, c, "peak_knee_flexion_swing").value - knee_max_swing)) < 0.1);
      CHECK(std::abs(deg(value(side, c, "peak_dorsiflexion_stance").value - ankle_max_stance)) < 0.1);
      const double knee_at_strike = knee[frame(cycle.start)] +
                                    (h.data.frame_at(cycle.start) - static_cast<double>(frame(cycle.start))) *
                                        (knee[frame(cycle.start) + 1] - knee[frame(cycle.start)]);
      CHECK(std::abs(deg(value(side, c, "knee_flexion_at_foot_strike").value - knee_at_strike)) < 0.3);
    }
  }
  // Healthy values against the Schwartz Free ANOVA sheet (README): peak hip extension (S08 hip flexion
  // minimum -7.9 +- 6.6 deg at Free), max dorsiflexion in stance 11.3 +- 3.8, knee flexion at foot contact
  // 5.6 +- 4.7: the walker lies within 2 SD.
  const ClinicalParameter ext = value(Side::right, 1, "peak_hip_extension");
  MESSAGE("right cycle 1: peak hip extension " << deg(ext.value) << " deg at " << ext.percent << " %, peak dorsiflexion "
                                               << deg(value(Side::right, 1, "peak_dorsiflexion_stance").value)
                                               << ", knee at strike " << deg(value(Side::right, 1, "knee_flexion_at_foot_strike").value)
                                               << ", knee swing peak " << deg(value(Side::right, 1, "peak_knee_flexion_swing").value));
  CHECK(std::abs(deg(ext.value) - 7.9) < 2 * 6.6);
  CHECK(std::abs(deg(value(Side::right, 1, "peak_dorsiflexion_stance").value) - 11.3) < 2 * 3.8);
  CHECK(std::abs(deg(value(Side::right, 1, "knee_flexion_at_foot_strike").value) - 5.6) < 2 * 4.7);
}
