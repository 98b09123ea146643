// Inverse kinematics against known answers: the synthetic walker's truth (noise-free, with noise against
// the Cramer-Rao bound, with dropout), ceres::Covariance, and OpenSim's IK on the gait2354 trial.
#include <ceres/ceres.h>
#include <doctest/doctest.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>

#include "../../src/fit/marker_fit.hpp"
#include "data.hpp"
#include "gaitchain/core/angles.hpp"
#include "gaitchain/fit/calibrate.hpp"
#include "gaitchain/fit/inverse_kinematics.hpp"
#include "gaitchain/io/table.hpp"
#include "gaitchain/io/trial_io.hpp"
#include "gaitchain/synthetic/walk.hpp"

using namespace gaitchain;

namespace {

SyntheticWalk walk(double noise, double dropout = 0.0, double duration = 4.0, std::uint64_t seed = 1) {
  WalkOptions o;
  o.duration_s = duration;
  o.noise_m = noise;
  o.dropout = dropout;
  o.seed = seed;
  return synthetic_walk(o);
}

// RMS over frames of (fit - truth) for coordinate c, NaN frames skipped.
double rms_error(const Motion& m, const CoordinateArray& truth, int c) {
  double ss = 0;
  int n = 0;
  for (Eigen::Index f = 0; f < truth.rows(); ++f) {
    const double d = m.coordinates(f, c) - truth(f, c);
    if (std::isnan(d)) continue;
    ss += d * d;
    ++n;
  }
  return std::sqrt(ss / n);
}

double rms_sd(const Motion& m, int c) {
  double ss = 0;
  int n = 0;
  for (Eigen::Index f = 0; f < m.uncertainty.rows(); ++f)
    if (!std::isnan(m.uncertainty(f, c))) ss += m.uncertainty(f, c) * m.uncertainty(f, c), ++n;
  return std::sqrt(ss / n);
}

const std::vector<std::string> key_coordinates{"pelvis_tilt",  "pelvis_list",   "pelvis_rotation", "hip_flexion_r",
                                               "hip_adduction_r", "knee_angle_r", "ankle_angle_r",  "hip_flexion_l",
                                               "knee_angle_l", "ankle_angle_l", "lumbar_extension", "lumbar_rotation"};

}  // namespace

TEST_CASE("inverse_kinematics: noise-free synthetic walk recovers the truth within 0.01 degree") {
  const SyntheticWalk w = walk(0.0);
  const Motion m = inverse_kinematics(w.truth.model, w.trial);
  REQUIRE(m.frame_count() == w.trial.frame_count());
  const Model& model = w.truth.model;
  for (int c = 0; c < model.coordinate_count(); ++c) {
    CAPTURE(model.coordinates[c].name);
    if (model.coordinates[c].name.starts_with("mtp_angle")) {
      // Plug-in Gait has no marker on the toes: never invented, always flagged.
      for (Eigen::Index f = 0; f < m.coordinates.rows(); ++f) REQUIRE(std::isnan(m.coordinates(f, c)));
      continue;
    }
    double worst = 0;
    for (Eigen::Index f = 0; f < m.coordinates.rows(); ++f) worst = std::max(worst, std::abs(m.coordinates(f, c) - w.truth.coordinates(f, c)));
    CHECK(worst < (model.coordinates[c].kind == DofKind::rotation ? rad(0.01) : 1e-5));
  }
  CHECK(m.flags[0] == "not determined by the observed markers: mtp_angle_r, mtp_angle_l");
  CHECK(m.marker_rms.maxCoeff() < 1e-6);
  CHECK(m.time(0) == w.trial.time(0));
}

TEST_CASE("inverse_kinematics: with 2 mm noise the error matches the Cramer-Rao bound and the reported SD") {
  const SyntheticWalk w = walk(0.002, 0.0, 6.0);
  const Motion m = inverse_kinematics(w.truth.model, w.trial);
  const Model& model = w.truth.model;
  // Cramer-Rao bound at the true poses: sigma^2 (J^T J)^-1 with J over the determined coordinates.
  std::vector<int> free;
  for (int c = 0; c < model.coordinate_count(); ++c)
    if (!model.coordinates[c].name.starts_with("mtp_angle")) free.push_back(c);
  Eigen::VectorXd crb_ss = Eigen::VectorXd::Zero(model.coordinate_count());
  Kinematics kin;
  Eigen::MatrixXd J(3 * model.markers.size(), model.coordinate_count()), Jf(J.rows(), free.size());
  for (Eigen::Index f = 0; f < w.truth.coordinates.rows(); ++f) {
    forward_kinematics(model, w.truth.coordinates.row(f).transpose(), kin);
    marker_jacobian(model, kin, J);
    for (std::size_t i = 0; i < free.size(); ++i) Jf.col(i) = J.col(free[i]);
    const Eigen::MatrixXd cov = 0.002 * 0.002 * (Jf.transpose() * Jf).inverse();
    for (std::size_t i = 0; i < free.size(); ++i) crb_ss[free[i]] += cov(i, i);
  }
  CHECK(m.marker_noise_m == doctest::Approx(0.002).epsilon(0.05));
  for (const auto& name : key_coordinates) {
    const int c = model.coordinate_index(name);
    const double crb = std::sqrt(crb_ss[c] / w.truth.coordinates.rows());
    const double rmse = rms_error(m, w.truth.coordinates, c);
    CAPTURE(name);
    CAPTURE(deg(rmse));
    CAPTURE(deg(crb));
    CHECK(rmse / crb < 1.2);
    CHECK(rmse / crb > 0.8);
    CHECK(rms_sd(m, c) / crb == doctest::Approx(1.0).epsilon(0.1));
  }
}

TEST_CASE("inverse_kinematics: 30 % dropout converges and the uncertainty grows where markers are missing") {
  const SyntheticWalk w = walk(0.002, 0.3, 6.0);
  const Motion m = inverse_kinematics(w.truth.model, w.trial);
  const Model& model = w.truth.model;
  std::vector<double> rms;
  for (Eigen::Index f = 0; f < m.marker_rms.size(); ++f)
    if (std::isfinite(m.marker_rms[f])) rms.push_back(m.marker_rms[f]);
  std::sort(rms.begin(), rms.end());
  CHECK(rms[rms.size() / 2] < 0.004);
  // Right knee flexion: frames missing RTIB or RANK against frames with every right-leg marker.
  const int knee = model.coordinate_index("knee_angle_r");
  const int tib = w.trial.find_marker("RTIB"), ank = w.trial.find_marker("RANK");
  double sd_missing = 0, sd_full = 0;
  int n_missing = 0, n_full = 0;
  for (Eigen::Index f = 0; f < m.uncertainty.rows(); ++f) {
    if (std::isnan(m.uncertainty(f, knee))) continue;
    const bool missing = std::isnan(w.trial.points(f, 3 * tib)) || std::isnan(w.trial.points(f, 3 * ank));
    (missing ? sd_missing : sd_full) += m.uncertainty(f, knee);
    ++(missing ? n_missing : n_full);
  }
  REQUIRE(n_missing > 10);
  CHECK(sd_missing / n_missing > 1.3 * sd_full / n_full);
  for (const auto& name : key_coordinates) {
    CAPTURE(name);
    CHECK(deg(rms_error(m, w.truth.coordinates, model.coordinate_index(name))) < 3.0);
  }
}

TEST_CASE("inverse_kinematics: 1 and 3 threads give identical results") {
  const SyntheticWalk w = walk(0.002, 0.2, 5.0);
  IkOptions one, three;
  three.threads = 3;
  const Motion a = inverse_kinematics(w.truth.model, w.trial, one), b = inverse_kinematics(w.truth.model, w.trial, three);
  for (Eigen::Index i = 0; i < a.coordinates.size(); ++i) {
    REQUIRE(test::same(a.coordinates.data()[i], b.coordinates.data()[i]));
    REQUIRE(test::same(a.uncertainty.data()[i], b.uncertainty.data()[i]));
  }
  CHECK(a.flags == b.flags);
}

TEST_CASE("inverse_kinematics: frames without enough markers are flagged, never invented") {
  SyntheticWalk w = walk(0.0, 0.0, 2.0);
  Trial& t = w.trial;
  t.points.row(10).setConstant(std::nan(""));
  for (int k = 2; k < static_cast<int>(t.marker_count()); ++k) t.points.block<1, 3>(20, 3 * k).setConstant(std::nan(""));
  // Frame 30: every marker of the left foot and shank gone: the left ankle and subtalar are undetermined.
  for (const char* name : {"LHEE", "LTOE", "LANK", "LTIB"}) t.points.block<1, 3>(30, 3 * t.find_marker(name)).setConstant(std::nan(""));
  const Motion m = inverse_kinematics(w.truth.model, t);
  const Model& model = w.truth.model;
  CHECK(m.flags[10] == "only 0 of 21 markers observed");
  CHECK(m.flags[20] == "only 2 of 21 markers observed");
  for (int c = 0; c < model.coordinate_count(); ++c) {
    CHECK(std::isnan(m.coordinates(10, c)));
    CHECK(std::isnan(m.coordinates(20, c)));
  }
  CHECK(std::isnan(m.marker_rms[10]));
  CHECK(m.flags[30].find("ankle_angle_l") != std::string::npos);
  CHECK(std::isnan(m.coordinates(30, model.coordinate_index("ankle_angle_l"))));
  CHECK(std::isnan(m.coordinates(30, model.coordinate_index("subtalar_angle_l"))));
  CHECK(std::abs(m.coordinates(30, model.coordinate_index("knee_angle_r")) - w.truth.coordinates(30, model.coordinate_index("knee_angle_r"))) < 1e-6);
  // The frames around are fitted exactly (the solver restarts cold after a lost frame).
  for (Eigen::Index f : {9, 11, 19, 21})
    CHECK(std::abs(m.coordinates(f, model.coordinate_index("hip_flexion_r")) - w.truth.coordinates(f, model.coordinate_index("hip_flexion_r"))) < 1e-6);
}

TEST_CASE("inverse_kinematics: bad input gives clear errors") {
  SyntheticWalk w = walk(0.0, 0.0, 1.0);
  SUBCASE("millimetres passed as metres") {
    w.trial.points *= 1000.0;
    CHECK_THROWS_WITH_AS(inverse_kinematics(w.truth.model, w.trial), doctest::Contains("millimetres"), InvalidArgument);
  }
  SUBCASE("no marker name in common") {
    for (auto& name : w.trial.marker_names) name = "X" + name;
    CHECK_THROWS_WITH_AS(inverse_kinematics(w.truth.model, w.trial), doctest::Contains("no marker of the trial"), InvalidArgument);
  }
  SUBCASE("unknown locked coordinate, bad weights, bad options") {
    IkOptions o;
    o.locked = {{"knee_angel_r", 0.0}};
    CHECK_THROWS_WITH_AS(inverse_kinematics(w.truth.model, w.trial, o), doctest::Contains("knee_angel_r"), InvalidArgument);
    IkOptions bad_weights;
    bad_weights.weights = Eigen::MatrixXd::Ones(3, 3);
    CHECK_THROWS_AS(inverse_kinematics(w.truth.model, w.trial, bad_weights), InvalidArgument);
    IkOptions threads;
    threads.threads = 0;
    CHECK_THROWS_AS(inverse_kinematics(w.truth.model, w.trial, threads), InvalidArgument);
  }
  SUBCASE("all frames empty") {
    w.trial.points.setConstant(std::nan(""));
    const Motion m = inverse_kinematics(w.truth.model, w.trial);
    CHECK(m.flags.front() == "only 0 of 21 markers observed");
    CHECK(m.coordinates.array().isNaN().all());
  }
}

TEST_CASE("inverse_kinematics: locked coordinates, joint limits, weights") {
  const SyntheticWalk w = walk(0.0, 0.0, 2.0);
  const Model& model = w.truth.model;
  SUBCASE("locked") {
    IkOptions o;
    o.locked = {{"lumbar_rotation", 0.1}};
    const Motion m = inverse_kinematics(model, w.trial, o);
    const int c = model.coordinate_index("lumbar_rotation");
    for (Eigen::Index f = 0; f < m.coordinates.rows(); ++f) {
      REQUIRE(m.coordinates(f, c) == 0.1);
      REQUIRE(m.uncertainty(f, c) == 0.0);
    }
  }
  SUBCASE("limits hold") {
    Model narrow = model;
    const int c = narrow.coordinate_index("knee_angle_r");
    narrow.coordinates[c].upper = rad(30);
    const Motion m = inverse_kinematics(narrow, w.trial);
    double highest = -1;
    for (Eigen::Index f = 0; f < m.coordinates.rows(); ++f) highest = std::max(highest, m.coordinates(f, c));
    CHECK(highest == doctest::Approx(rad(30)));
    IkOptions free;
    free.joint_limits = false;
    const Motion unbounded = inverse_kinematics(narrow, w.trial, free);
    CHECK(unbounded.coordinates.col(c).maxCoeff() > rad(50));
  }
  SUBCASE("a zero weight removes the marker") {
    Trial without = w.trial;
    const int rtoe = without.find_marker("RTHI");
    without.points.middleCols<3>(3 * rtoe).setConstant(std::nan(""));
    IkOptions weighted;
    weighted.weights = Eigen::MatrixXd::Ones(w.trial.frame_count(), w.trial.marker_count());
    weighted.weights.col(rtoe).setZero();
    Trial noisy = w.trial;
    noisy.points.middleCols<3>(3 * rtoe).array() += 0.05;  // ignored when weighted 0
    const Motion a = inverse_kinematics(model, without), b = inverse_kinematics(model, noisy, weighted);
    CHECK((a.coordinates - b.coordinates).cwiseAbs().maxCoeff() < 1e-9);
  }
}

TEST_CASE("inverse_kinematics: a robust loss resists a displaced marker") {
  SyntheticWalk w = walk(0.001, 0.0, 3.0);
  // RTIB knocked 8 cm forward in one frame of three (a marker wobbling on its base, or a ghost marker).
  Trial& t = w.trial;
  const int tib = t.find_marker("RTIB");
  for (Eigen::Index f = 0; f < t.points.rows(); f += 3) t.points(f, 3 * tib) += 0.08;
  IkOptions cauchy;
  cauchy.loss = RobustLoss::cauchy;
  cauchy.loss_scale_m = 0.01;
  IkOptions huber = cauchy;
  huber.loss = RobustLoss::huber;
  const Motion plain = inverse_kinematics(w.truth.model, t), robust = inverse_kinematics(w.truth.model, t, cauchy),
               huberised = inverse_kinematics(w.truth.model, t, huber);
  for (const char* name : {"knee_angle_r", "ankle_angle_r", "hip_rotation_r"}) {
    const int c = w.truth.model.coordinate_index(name);
    const double e_plain = rms_error(plain, w.truth.coordinates, c), e_cauchy = rms_error(robust, w.truth.coordinates, c),
                 e_huber = rms_error(huberised, w.truth.coordinates, c);
    CAPTURE(name);
    CAPTURE(deg(e_plain));
    CAPTURE(deg(e_cauchy));
    CAPTURE(deg(e_huber));
    CHECK(deg(e_plain) > 0.5);
    CHECK(e_cauchy < 0.5 * e_plain);
    CHECK(e_huber < 0.8 * e_plain);
  }
}

TEST_CASE("inverse_kinematics: smoothing lowers the noise-driven error") {
  const SyntheticWalk w = walk(0.004, 0.0, 3.0);
  IkOptions smooth;
  smooth.smoothing = 1e-7;
  const Motion plain = inverse_kinematics(w.truth.model, w.trial), smoothed = inverse_kinematics(w.truth.model, w.trial, smooth);
  for (const char* name : {"hip_flexion_r", "knee_angle_r", "pelvis_tilt"}) {
    const int c = w.truth.model.coordinate_index(name);
    CAPTURE(name);
    CHECK(rms_error(smoothed, w.truth.coordinates, c) < 0.8 * rms_error(plain, w.truth.coordinates, c));
  }
}

TEST_CASE("inverse_kinematics: the uncertainty equals ceres::Covariance of the frame's problem") {
  const SyntheticWalk w = walk(0.002, 0.0, 0.5);
  IkOptions o;
  o.locked = {{"mtp_angle_r", 0.0}, {"mtp_angle_l", 0.0}};
  const Motion m = inverse_kinematics(w.truth.model, w.trial, o);
  const auto [match, matched, obs] = fit::match_trial(w.truth.model, w.trial, {}, "test");
  std::vector<int> free;
  for (int c = 0; c < matched.coordinate_count(); ++c)
    if (!matched.coordinates[c].name.starts_with("mtp")) free.push_back(c);
  const Eigen::Index frame = 20;
  fit::MarkerResiduals residuals(matched, free, Eigen::VectorXd::Zero(matched.coordinate_count()), {});
  residuals.set_frame(obs.points.row(frame).data(), obs.sqrt_weight.row(frame).data());
  fit::MarkerCost cost(&residuals);
  Eigen::VectorXd x(free.size());
  for (std::size_t i = 0; i < free.size(); ++i) x[i] = m.coordinates(frame, free[i]);
  ceres::Problem::Options po;
  po.cost_function_ownership = ceres::DO_NOT_TAKE_OWNERSHIP;
  ceres::Problem problem(po);
  problem.AddResidualBlock(&cost, nullptr, x.data());
  ceres::Covariance::Options co;
  ceres::Covariance covariance(co);
  const std::vector<std::pair<const double*, const double*>> blocks{{x.data(), x.data()}};
  REQUIRE(covariance.Compute(blocks, &problem));
  Eigen::MatrixXd cov(free.size(), free.size());
  covariance.GetCovarianceBlock(x.data(), x.data(), cov.data());
  for (std::size_t i = 0; i < free.size(); ++i) {
    CAPTURE(matched.coordinates[free[i]].name);
    CHECK(m.uncertainty(frame, free[i]) == doctest::Approx(m.marker_noise_m * std::sqrt(cov(i, i))).epsilon(1e-6));
  }
}

TEST_CASE("inverse_kinematics vs OpenSim 4 IK on gait2354 subject01_walk1 (calibrated on subject01_static)") {
  const auto dir = test::shared_data("opensim-models/Pipelines/Gait2354_Simbody");
  const Model model = calibrate(Model::lower_body({1.8, 1, "gait2354"}), io::read_trial(dir / "subject01_static.trc")).model;
  IkOptions o;
  for (const char* name : {"subtalar_angle_r", "subtalar_angle_l", "mtp_angle_r", "mtp_angle_l"}) o.locked.push_back({name, 0.0});
  const Motion m = inverse_kinematics(model, io::read_trial(dir / "subject01_walk1.trc"), o);
  const io::Table ref = io::read_table(dir / "OutputReference/subject01_walk1_ik.mot");
  // OpenSim's gait2354 knee_angle is negative in flexion (docs/conventions.md).
  const std::map<std::string, double> sign{{"knee_angle_r", -1.0}, {"knee_angle_l", -1.0}};
  for (const char* name : {"hip_flexion_r", "hip_flexion_l", "knee_angle_r", "knee_angle_l", "ankle_angle_r", "ankle_angle_l"}) {
    const int c = model.coordinate_index(name);
    const auto col = std::find(ref.column_names.begin(), ref.column_names.end(), name) - ref.column_names.begin();
    std::vector<double> d;
    for (std::size_t r = 0; r < ref.time.size(); ++r) {
      const auto f = static_cast<Eigen::Index>(std::lround(ref.time[r] * m.rate));
      d.push_back(deg(m.coordinates(f, c)) * (sign.count(name) ? sign.at(name) : 1.0) - ref.values(static_cast<Eigen::Index>(r), col));
    }
    double mean = 0, ss = 0;
    for (double v : d) mean += v / static_cast<double>(d.size());
    for (double v : d) ss += (v - mean) * (v - mean);
    const double rms_after_offset = std::sqrt(ss / static_cast<double>(d.size()));
    CAPTURE(name);
    CAPTURE(mean);
    CHECK(rms_after_offset < 3.0);
    CHECK(std::abs(mean) < 8.0);
  }
  std::vector<double> rms(m.marker_rms.data(), m.marker_rms.data() + m.marker_rms.size());
  std::sort(rms.begin(), rms.end());
  CHECK(rms[rms.size() / 2] < 0.022);  // OpenSim's own IK: 22 mm mean
}

TEST_CASE("inverse_kinematics: angles stay continuous when the heading crosses +-180 degrees") {
  SyntheticWalk w = walk(0.001, 0.0, 3.0);
  // Walking along -X with a slow turn: the pelvis heading passes through 180 degrees many times.
  Trial turned = w.trial;
  for (Eigen::Index f = 0; f < turned.points.rows(); ++f) {
    const Mat3 R = rotation_z(std::numbers::pi + 0.05 * std::sin(0.5 * static_cast<double>(f)));
    for (std::size_t k = 0; k < turned.marker_count(); ++k)
      turned.points.row(f).segment<3>(3 * k) = (R * turned.points.row(f).segment<3>(3 * k).transpose()).transpose();
  }
  const Motion m = inverse_kinematics(w.truth.model, turned);
  const int heading = w.truth.model.coordinate_index("pelvis_rotation");
  double largest_step = 0;
  for (Eigen::Index f = 1; f < m.coordinates.rows(); ++f)
    largest_step = std::max(largest_step, std::abs(m.coordinates(f, heading) - m.coordinates(f - 1, heading)));
  CHECK(largest_step < 0.2);
  CHECK(std::abs(std::abs(m.coordinates(0, heading)) - std::numbers::pi) < 0.3);
  // The joints do not care which way the subject faces.
  const Motion straight = inverse_kinematics(w.truth.model, w.trial);
  for (const char* name : {"hip_flexion_r", "knee_angle_l", "ankle_angle_r"}) {
    const int c = w.truth.model.coordinate_index(name);
    CHECK((m.coordinates.col(c) - straight.coordinates.col(c)).cwiseAbs().maxCoeff() < 1e-4);
  }
}
