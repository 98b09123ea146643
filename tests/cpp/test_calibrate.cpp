// Calibration against a subject with known segment scales and marker positions, and its bad inputs.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "data.hpp"
#include "gaitchain/core/angles.hpp"
#include "gaitchain/fit/calibrate.hpp"
#include "gaitchain/fit/inverse_kinematics.hpp"
#include "gaitchain/io/trial_io.hpp"
#include "gaitchain/model/kinematics.hpp"
#include "gaitchain/synthetic/walk.hpp"

using namespace gaitchain;

namespace {

// A subject: the template with other segment proportions and markers shifted by up to 1 cm.
Model subject() {
  Model m = Model::lower_body();
  m.scales << 1.04, 1.08, 0.95, 1.02, 1.07, 0.96, 1.0, 1.05;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> shift(-0.01, 0.01);
  for (auto& marker : m.markers) marker.position += Vec3(shift(rng), shift(rng), shift(rng));
  return m;
}

// Frames of `model` at poses q (frames x coordinates) with Gaussian noise.
Trial trial_of(const Model& model, const CoordinateArray& q, double noise, std::uint64_t seed) {
  Trial t;
  for (const auto& marker : model.markers) t.marker_names.push_back(marker.name);
  t.rate = 100;
  t.points = marker_trajectories(model, q);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n(0.0, noise);
  for (Eigen::Index i = 0; i < t.points.size(); ++i) t.points.data()[i] += n(rng);
  return t;
}

// Standing still, upright, with a little sway.
Trial standing(const Model& model, double noise = 0.001) {
  CoordinateArray q = CoordinateArray::Zero(40, model.coordinate_count());
  for (Eigen::Index f = 0; f < q.rows(); ++f) {
    q(f, model.coordinate_index("pelvis_tx")) = 0.3;
    q(f, model.coordinate_index("pelvis_tz")) = 0.93 * 1.04;
    q(f, model.coordinate_index("pelvis_rotation")) = 0.2;
    q(f, model.coordinate_index("pelvis_tilt")) = rad(1.0) * std::sin(0.1 * static_cast<double>(f));
  }
  return trial_of(model, q, noise, 3);
}

}  // namespace

TEST_CASE("calibrate: recovers a subject's proportions; IK with it beats the template") {
  const Model truth = subject();
  const Calibration cal = calibrate(Model::lower_body(), standing(truth));
  CHECK(cal.size_factor == doctest::Approx(1.03).epsilon(0.03));
  for (Eigen::Index s = 0; s < truth.scales.size(); ++s) {
    CAPTURE(truth.scale_names[s]);
    CHECK(cal.model.scales[s] == doctest::Approx(truth.scales[s]).epsilon(0.04));
  }
  CHECK(cal.rms < 0.002);
  REQUIRE(cal.marker_names.size() == truth.markers.size());
  CHECK(cal.marker_rms.maxCoeff() < 0.004);

  // A walk by the subject: joint angles from the calibrated model are far closer to the truth.
  WalkOptions wo;
  wo.duration_s = 2.0;
  const SyntheticWalk w = synthetic_walk(wo);
  const Trial walk = trial_of(truth, w.truth.coordinates, 0.001, 5);
  const Motion with = inverse_kinematics(cal.model, walk), without = inverse_kinematics(Model::lower_body(), walk);
  for (const char* name : {"hip_flexion_r", "knee_angle_r", "ankle_angle_r", "knee_angle_l"}) {
    const int c = truth.coordinate_index(name);
    double err_with = 0, err_without = 0;
    for (Eigen::Index f = 0; f < walk.points.rows(); ++f) {
      err_with += std::pow(with.coordinates(f, c) - w.truth.coordinates(f, c), 2);
      err_without += std::pow(without.coordinates(f, c) - w.truth.coordinates(f, c), 2);
    }
    CAPTURE(name);
    CAPTURE(deg(std::sqrt(err_with / walk.points.rows())));
    CAPTURE(deg(std::sqrt(err_without / walk.points.rows())));
    CHECK(err_with < 0.5 * err_without);
    CHECK(deg(std::sqrt(err_with / walk.points.rows())) < 3.0);
  }
}

TEST_CASE("calibrate: bad static trials give clear errors") {
  const Model truth = subject();
  SUBCASE("a subject of a very different size") {
    Trial t = standing(truth);
    t.points *= 1.8;
    CHECK_THROWS_WITH_AS(calibrate(Model::lower_body(), t), doctest::Contains("height_m"), InvalidArgument);
  }
  SUBCASE("millimetres as metres") {
    Trial t = standing(truth);
    t.points *= 1000;
    CHECK_THROWS_WITH_AS(calibrate(Model::lower_body(), t), doctest::Contains("millimetres"), InvalidArgument);
  }
  SUBCASE("the subject walked") {
    WalkOptions wo;
    wo.duration_s = 1.0;
    const SyntheticWalk w = synthetic_walk(wo);
    CHECK_THROWS_WITH_AS(calibrate(Model::lower_body(), w.trial), doctest::Contains("moved during the static trial"), InvalidArgument);
  }
  SUBCASE("no frame with markers") {
    Trial t = standing(truth);
    t.points.setConstant(std::nan(""));
    CHECK_THROWS_AS(calibrate(Model::lower_body(), t), InvalidArgument);
  }
}

TEST_CASE("calibrate: real static trials (gait2354, Rajagopal) fit to a few millimetres") {
  struct Case {
    const char* dir;
    const char* file;
    const char* set;
  };
  for (const Case& c : {Case{"opensim-models/Pipelines/Gait2354_Simbody", "subject01_static.trc", "gait2354"},
                        Case{"opensim-models/Pipelines/Rajagopal/ExpData", "static_walk_1.trc", "rajagopal"}}) {
    CAPTURE(c.set);
    const Calibration cal = calibrate(Model::lower_body({1.8, 1, c.set}), io::read_trial(test::shared_data(c.dir) / c.file));
    CHECK(cal.rms < 0.005);
    CHECK(cal.size_factor > 0.9);
    CHECK(cal.size_factor < 1.1);
    CHECK(cal.marker_moved.maxCoeff() < 0.1);
  }
}

TEST_CASE("calibrate: dynamic frames sharpen the joint centres (gait2354 subject01)") {
  const auto dir = test::shared_data("opensim-models/Pipelines/Gait2354_Simbody");
  const Trial walk = io::read_trial(dir / "subject01_walk1.trc");
  const Model template_model = Model::lower_body({1.8, 1, "gait2354"});
  const Trial still = io::read_trial(dir / "subject01_static.trc");
  CalibrationOptions with_walk;
  with_walk.dynamic = &walk;
  IkOptions o;
  for (const char* name : {"subtalar_angle_r", "subtalar_angle_l", "mtp_angle_r", "mtp_angle_l"}) o.locked.push_back({name, 0.0});
  auto median_rms = [&](const Model& model) {
    const Motion m = inverse_kinematics(model, walk, o);
    std::vector<double> v(m.marker_rms.data(), m.marker_rms.data() + m.marker_rms.size());
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double static_only = median_rms(calibrate(template_model, still).model);
  const double with_dynamic = median_rms(calibrate(template_model, still, with_walk).model);
  CAPTURE(static_only);
  CAPTURE(with_dynamic);
  CHECK(with_dynamic < 0.75 * static_only);
}

TEST_CASE("calibrate: a toed-out foot (tibial torsion) keeps its heading") {
  // The subject's right foot, everything below the ankle, turned 15 deg outward about the vertical through
  // the ankle centre: a torsion the chain has no joint for. Markers where the marker set puts them: a
  // misplaced heel or toe marker turns the foot axis the same way, as in every marker-based model.
  Model truth = Model::lower_body();
  truth.scales = subject().scales;
  const double torsion = rad(-15.0);  // toe-out on the right is clockwise seen from above
  const Mat3 R = rotation_z(torsion);
  const int talus = truth.segment_index("talus_r"), calcn = truth.segment_index("calcn_r"), toes = truth.segment_index("toes_r");
  for (int seg : {talus, calcn, toes})
    for (Dof& d : truth.segments[seg].dofs) d.axis = R * d.axis;
  for (int seg : {calcn, toes}) truth.segments[seg].joint_offset = R * truth.segments[seg].joint_offset;
  for (auto* points : {&truth.landmarks, &truth.markers})
    for (BodyPoint& p : *points)
      if (p.segment == talus || p.segment == calcn || p.segment == toes) p.position = R * p.position;

  const Calibration cal = calibrate(Model::lower_body(), standing(truth));
  MESSAGE("foot turn right " << deg(cal.foot_axis_turn_rad[1]) << " left " << deg(cal.foot_axis_turn_rad[0]));
  CHECK(deg(cal.foot_axis_turn_rad[1]) == doctest::Approx(-15.0).epsilon(0.07));
  CHECK(std::abs(deg(cal.foot_axis_turn_rad[0])) < 1.0);

  // Walking, the calibrated foot points where the subject's does (heel to MTP, seen from above).
  WalkOptions wo;
  wo.duration_s = 2.0;
  const SyntheticWalk w = synthetic_walk(wo);
  const Trial walk = trial_of(truth, w.truth.coordinates, 0.001, 5);
  const Motion fit = inverse_kinematics(cal.model, walk);
  Kinematics k_truth, k_fit;
  double worst = 0;
  for (Eigen::Index f = 0; f < walk.points.rows(); f += 10) {
    if (!fit.coordinates.row(f).head(12).allFinite()) continue;
    forward_kinematics(truth, w.truth.coordinates.row(f).transpose(), k_truth);
    Eigen::VectorXd q = fit.coordinates.row(f).transpose();
    q = q.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });
    forward_kinematics(cal.model, q, k_fit);
    auto heading = [](const Model& m, const Kinematics& k) {
      const Vec3 a = point_position(m, k, m.landmark("mtp_r")) - point_position(m, k, m.landmark("heel_r"));
      return std::atan2(a.y(), a.x());
    };
    worst = std::max(worst, std::abs(deg(heading(truth, k_truth) - heading(cal.model, k_fit))));
  }
  MESSAGE("worst heel-MTP heading error walking " << worst << " deg");
  CHECK(worst < 2.0);
}
