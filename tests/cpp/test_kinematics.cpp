// Forward kinematics, analytic Jacobians and the clinical sign conventions (model/kinematics.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <gaitchain/core/angles.hpp>
#include <gaitchain/core/error.hpp>
#include <gaitchain/model/kinematics.hpp>
#include <gaitchain/model/model.hpp>
#include <limits>
#include <random>
#include <string>

using gaitchain::Kinematics;
using gaitchain::LowerBodyOptions;
using gaitchain::Model;
using gaitchain::Vec3;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

Model model_with_knee_dofs(int knee_dofs) {
  LowerBodyOptions o;
  o.knee_dofs = knee_dofs;
  return Model::lower_body(o);
}

// Angles uniform in +-40 deg, translations uniform in +-0.5 m.
VectorXd random_pose(const Model& m, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  VectorXd q(m.coordinate_count());
  for (int c = 0; c < m.coordinate_count(); ++c)
    q[c] = m.coordinates[c].kind == gaitchain::DofKind::translation ? 0.5 * u(rng) : gaitchain::rad(40.0) * u(rng);
  return q;
}

VectorXd markers_at(const Model& m, const VectorXd& q) {
  Kinematics kin;
  gaitchain::forward_kinematics(m, q, kin);
  VectorXd x(3 * m.markers.size());
  gaitchain::marker_positions(m, kin, x);
  return x;
}

// Largest |analytic - numeric| / max(|numeric|, 1e-3) over all entries.
// A copy of m with other scale factors.
Model with_scales(const Model& m, const VectorXd& scales) {
  Model scaled = m;
  scaled.scales = scales;
  return scaled;
}

double max_relative_error(const MatrixXd& analytic, const MatrixXd& numeric) {
  double worst = 0;
  for (Eigen::Index i = 0; i < analytic.rows(); ++i)
    for (Eigen::Index j = 0; j < analytic.cols(); ++j)
      worst = std::max(worst, std::abs(analytic(i, j) - numeric(i, j)) / std::max(std::abs(numeric(i, j)), 1e-3));
  return worst;
}

// Central differences of f (R^n -> R^m) at x with step h.
MatrixXd central_differences(const std::function<VectorXd(const VectorXd&)>& f, const VectorXd& x, double h = 1e-6) {
  const VectorXd f0 = f(x);
  MatrixXd J(f0.size(), x.size());
  for (Eigen::Index c = 0; c < x.size(); ++c) {
    VectorXd xp = x, xm = x;
    xp[c] += h;
    xm[c] -= h;
    J.col(c) = (f(xp) - f(xm)) / (2 * h);
  }
  return J;
}

// Displacement of a landmark or marker when one coordinate alone is set to `value` from the neutral pose.
struct SignProbe {
  Model m;
  explicit SignProbe(int knee_dofs = 1) : m(model_with_knee_dofs(knee_dofs)) {}
  Kinematics pose(const char* coordinate, double value) const {
    VectorXd q = VectorXd::Zero(m.coordinate_count());
    if (coordinate) q[m.coordinate_index(coordinate)] = value;
    Kinematics kin;
    gaitchain::forward_kinematics(m, q, kin);
    return kin;
  }
  Vec3 point(const Kinematics& kin, const std::string& name) const {
    const bool is_marker = std::any_of(m.markers.begin(), m.markers.end(), [&](auto& p) { return p.name == name; });
    return gaitchain::point_position(m, kin, is_marker ? m.markers[m.marker_index(name)] : m.landmark(name));
  }
  // Movement of `point` (world) when `coordinate` goes from 0 to +20 deg.
  Vec3 moves(const char* coordinate, const std::string& name, double deg = 20.0) const {
    return point(pose(coordinate, gaitchain::rad(deg)), name) - point(pose(nullptr, 0), name);
  }
  // Movement of `point` relative to `reference`.
  Vec3 moves_relative(const char* coordinate, const std::string& name, const std::string& reference) const {
    const Kinematics a = pose(coordinate, gaitchain::rad(20)), b = pose(nullptr, 0);
    return (point(a, name) - point(a, reference)) - (point(b, name) - point(b, reference));
  }
};

}  // namespace

TEST_CASE("forward_kinematics: hand-checked poses") {
  const Model m = Model::lower_body();
  const double H = 1.75;
  const Vec3 hip_r(-0.0477, -0.08815, -0.0844);
  const double thigh = 0.245 * H, shank = 0.246 * H;
  Kinematics kin;
  VectorXd q = VectorXd::Zero(m.coordinate_count());
  auto at = [&](const char* landmark) { return gaitchain::point_position(m, kin, m.landmark(landmark)); };

  SUBCASE("neutral: axes and origins of the dofs") {
    gaitchain::forward_kinematics(m, q, kin);
    REQUIRE(kin.segment_pose.size() == m.segments.size());
    for (const auto& pose : kin.segment_pose) CHECK((pose.R - gaitchain::Mat3::Identity()).norm() < 1e-15);
    CHECK((kin.axis[m.coordinate_index("hip_flexion_r")] - Vec3(0, -1, 0)).norm() < 1e-15);
    CHECK((kin.origin[m.coordinate_index("hip_flexion_r")] - hip_r).norm() < 1e-12);
    CHECK((kin.axis[m.coordinate_index("knee_angle_l")] - Vec3(0, 1, 0)).norm() < 1e-15);
    CHECK((kin.axis[m.coordinate_index("pelvis_tz")] - Vec3(0, 0, 1)).norm() < 1e-15);
    CHECK((kin.axis[m.coordinate_index("pelvis_list")] - Vec3(-1, 0, 0)).norm() < 1e-15);
    CHECK((kin.origin[m.coordinate_index("lumbar_rotation")] - Vec3(-0.075 * H, 0, 0.020 * H)).norm() < 1e-12);
  }
  SUBCASE("pelvis translation moves everything rigidly") {
    q[m.coordinate_index("pelvis_tx")] = 1.0;
    q[m.coordinate_index("pelvis_ty")] = -0.2;
    q[m.coordinate_index("pelvis_tz")] = 0.9;
    gaitchain::forward_kinematics(m, q, kin);
    CHECK((at("hip_r") - (hip_r + Vec3(1.0, -0.2, 0.9))).norm() < 1e-12);
    CHECK((at("mid_asis") - Vec3(1.0, -0.2, 0.9)).norm() < 1e-15);
  }
  SUBCASE("pelvis_rotation 90 deg turns the pelvis to the left (right ASIS to the front)") {
    q[m.coordinate_index("pelvis_rotation")] = gaitchain::rad(90);
    gaitchain::forward_kinematics(m, q, kin);
    const Vec3 rasi = gaitchain::point_position(m, kin, m.markers[m.marker_index("RASI")]);
    CHECK((rasi - Vec3(0.070 * H, 0, 0)).norm() < 1e-12);
    CHECK((at("hip_r") - Vec3(-hip_r.y(), hip_r.x(), hip_r.z())).norm() < 1e-12);
  }
  SUBCASE("sitting: hip flexion 90 and knee flexion 90") {
    q[m.coordinate_index("hip_flexion_r")] = gaitchain::rad(90);
    q[m.coordinate_index("knee_angle_r")] = gaitchain::rad(90);
    gaitchain::forward_kinematics(m, q, kin);
    CHECK((at("knee_r") - (hip_r + Vec3(thigh, 0, 0))).norm() < 1e-12);
    CHECK((at("ankle_r") - (hip_r + Vec3(thigh, 0, -shank))).norm() < 1e-12);
    // The shank is vertical again, so the foot is in its neutral orientation.
    CHECK((kin.segment_pose[m.segment_index("calcn_r")].R - gaitchain::Mat3::Identity()).norm() < 1e-12);
    CHECK((kin.axis[m.coordinate_index("knee_angle_r")] - Vec3(0, 1, 0)).norm() < 1e-15);
    CHECK((kin.origin[m.coordinate_index("ankle_angle_r")] - at("ankle_r")).norm() < 1e-12);
  }
}

TEST_CASE("marker_jacobian matches central differences at random poses") {
  for (int knee_dofs : {1, 3}) {
    CAPTURE(knee_dofs);
    const Model m = model_with_knee_dofs(knee_dofs);
    std::mt19937_64 rng(1234 + knee_dofs);
    for (int trial = 0; trial < 6; ++trial) {
      const VectorXd q = random_pose(m, rng);
      Kinematics kin;
      gaitchain::forward_kinematics(m, q, kin);
      MatrixXd J(3 * m.markers.size(), m.coordinate_count());
      J.setConstant(123.0);  // marker_jacobian must overwrite, not accumulate
      gaitchain::marker_jacobian(m, kin, J);
      const MatrixXd Jn = central_differences([&](const VectorXd& x) { return markers_at(m, x); }, q);
      CHECK(max_relative_error(J, Jn) < 1e-6);
      // Structure: a right-leg coordinate moves no left-leg or trunk marker.
      const int knee_r = m.coordinate_index("knee_angle_r");
      CHECK(J.block<3, 1>(3 * m.marker_index("LANK"), knee_r).norm() == 0.0);
      CHECK(J.block<3, 1>(3 * m.marker_index("C7"), knee_r).norm() == 0.0);
      CHECK(J.block<3, 1>(3 * m.marker_index("RKNE"), knee_r).norm() == 0.0);  // RKNE is on the femur
      CHECK(J.block<3, 1>(3 * m.marker_index("RANK"), knee_r).norm() > 0.1);
      // Pelvis translations have the identity Jacobian for every marker.
      for (std::size_t k = 0; k < m.markers.size(); ++k)
        CHECK((J.block<3, 3>(3 * k, m.coordinate_index("pelvis_tx")) - gaitchain::Mat3::Identity()).norm() < 1e-15);
    }
  }
}

TEST_CASE("marker_scale_jacobian matches central differences of model.scales") {
  for (int knee_dofs : {1, 3}) {
    CAPTURE(knee_dofs);
    Model m = model_with_knee_dofs(knee_dofs);
    std::mt19937_64 rng(99 + knee_dofs);
    std::uniform_real_distribution<double> s(0.85, 1.15);
    for (int trial = 0; trial < 4; ++trial) {
      for (Eigen::Index g = 0; g < m.scales.size(); ++g) m.scales[g] = s(rng);
      const VectorXd q = random_pose(m, rng);
      Kinematics kin;
      gaitchain::forward_kinematics(m, q, kin);
      MatrixXd J(3 * m.markers.size(), m.scales.size());
      J.setConstant(-7.0);
      gaitchain::marker_scale_jacobian(m, kin, J);
      const MatrixXd Jn = central_differences([&](const VectorXd& scales) { return markers_at(with_scales(m, scales), q); }, m.scales);
      CHECK(max_relative_error(J, Jn) < 1e-6);
      // The pelvis markers depend on the pelvis scale only; RHEE on pelvis, femur_r, tibia_r and foot_r.
      const int rasi = m.marker_index("RASI"), rhee = m.marker_index("RHEE");
      for (Eigen::Index g = 1; g < m.scales.size(); ++g) CHECK(J.block<3, 1>(3 * rasi, g).norm() == 0.0);
      for (const char* g : {"pelvis", "femur_r", "tibia_r", "foot_r"}) {
        const auto col = std::find(m.scale_names.begin(), m.scale_names.end(), g) - m.scale_names.begin();
        CHECK(J.block<3, 1>(3 * rhee, col).norm() > 0.01);
      }
      for (const char* g : {"femur_l", "tibia_l", "foot_l", "torso"}) {
        const auto col = std::find(m.scale_names.begin(), m.scale_names.end(), g) - m.scale_names.begin();
        CHECK(J.block<3, 1>(3 * rhee, col).norm() == 0.0);
      }
    }
  }
}

TEST_CASE("add_point_jacobian / add_point_scale_jacobian for landmarks") {
  for (int knee_dofs : {1, 3}) {
    CAPTURE(knee_dofs);
    Model m = model_with_knee_dofs(knee_dofs);
    std::mt19937_64 rng(5 + knee_dofs);
    for (Eigen::Index g = 0; g < m.scales.size(); ++g) m.scales[g] = 0.9 + 0.025 * static_cast<double>(g);
    const VectorXd q = random_pose(m, rng);
    Kinematics kin;
    gaitchain::forward_kinematics(m, q, kin);
    const int n = m.coordinate_count();
    const Eigen::Index L = static_cast<Eigen::Index>(m.landmarks.size());
    auto landmarks_at = [&](const Model& model, const VectorXd& x) {
      Kinematics k;
      gaitchain::forward_kinematics(model, x, k);
      VectorXd out(3 * L);
      for (Eigen::Index i = 0; i < L; ++i) out.segment<3>(3 * i) = gaitchain::point_position(model, k, model.landmarks[i]);
      return out;
    };
    MatrixXd J = MatrixXd::Zero(3 * L, n), S = MatrixXd::Zero(3 * L, m.scales.size());
    for (Eigen::Index i = 0; i < L; ++i) {
      const auto& lm = m.landmarks[i];
      gaitchain::add_point_jacobian(m, kin, lm.segment, gaitchain::point_position(m, kin, lm), J.middleRows<3>(3 * i));
      gaitchain::add_point_scale_jacobian(m, kin, lm, S.middleRows<3>(3 * i));
    }
    const MatrixXd Jn = central_differences([&](const VectorXd& x) { return landmarks_at(m, x); }, q);
    CHECK(max_relative_error(J, Jn) < 1e-6);
    const MatrixXd Sn = central_differences([&](const VectorXd& scales) { return landmarks_at(with_scales(m, scales), q); }, m.scales);
    CHECK(max_relative_error(S, Sn) < 1e-6);
    // A hip joint centre does not move with its own hip angles.
    const Eigen::Index hip = m.landmark_index("hip_r");
    CHECK(J.block<3, 3>(3 * hip, m.coordinate_index("hip_flexion_r")).norm() < 1e-15);

    {  // the add_* functions accumulate into J
      const auto& toe = m.landmark("toe_tip_l");
      const Vec3 p = gaitchain::point_position(m, kin, toe);
      MatrixXd J2 = MatrixXd::Ones(3, n);
      gaitchain::add_point_jacobian(m, kin, toe.segment, p, J2);
      gaitchain::add_point_jacobian(m, kin, toe.segment, p, J2);
      CHECK((J2 - MatrixXd::Ones(3, n) - 2 * J.middleRows<3>(3 * m.landmark_index("toe_tip_l"))).norm() < 1e-12);
    }
    {  // an arbitrary world point rigidly attached to a segment
      // A point 0.3 m in front of the torso's origin: differences of its world position under q.
      const int torso = m.segment_index("torso");
      const Vec3 local(0.3, -0.05, 0.2);
      auto world = [&](const VectorXd& x) {
        Kinematics k;
        gaitchain::forward_kinematics(m, x, k);
        return VectorXd(k.segment_pose[torso] * local);
      };
      MatrixXd Jp = MatrixXd::Zero(3, n);
      gaitchain::add_point_jacobian(m, kin, torso, kin.segment_pose[torso] * local, Jp);
      CHECK(max_relative_error(Jp, central_differences(world, q)) < 1e-6);
    }
  }
}

TEST_CASE("clinical sign conventions from the neutral pose (+20 deg alone)") {
  const SignProbe p;
  SUBCASE("hip flexion moves the knee forward") {
    CHECK(p.moves("hip_flexion_r", "knee_r").x() > 0.14);  // 0.42875 sin 20 = 0.1466
    CHECK(p.moves("hip_flexion_l", "knee_l").x() > 0.14);
    CHECK(p.moves("hip_flexion_r", "knee_r").x() == doctest::Approx(0.245 * 1.75 * std::sin(gaitchain::rad(20))));
  }
  SUBCASE("knee flexion moves the ankle backward relative to the knee") {
    CHECK(p.moves_relative("knee_angle_r", "ankle_r", "knee_r").x() < -0.14);
    CHECK(p.moves_relative("knee_angle_l", "ankle_l", "knee_l").x() < -0.14);
  }
  SUBCASE("ankle dorsiflexion raises the toe tip") {
    CHECK(p.moves("ankle_angle_r", "toe_tip_r").z() > 0.05);
    CHECK(p.moves("ankle_angle_l", "toe_tip_l").z() > 0.05);
    CHECK(p.moves("ankle_angle_r", "heel_r").z() < 0.0);
  }
  SUBCASE("hip adduction moves the knee medially") {
    // Regression: until 89843d3 the adduction axes were -r X and a positive angle abducted.
    CHECK(p.moves("hip_adduction_r", "knee_r").y() > 0.14);   // right: medial is +y
    CHECK(p.moves("hip_adduction_l", "knee_l").y() < -0.14);  // left: medial is -y
    CHECK(p.moves("hip_adduction_r", "knee_r").y() == doctest::Approx(0.245 * 1.75 * std::sin(gaitchain::rad(20))));
  }
  SUBCASE("internal hip rotation turns the toes medially") {
    CHECK(p.moves("hip_rotation_r", "toe_tip_r").y() > 0.05);   // right: medial is +y
    CHECK(p.moves("hip_rotation_l", "toe_tip_l").y() < -0.05);  // left: medial is -y
  }
  SUBCASE("subtalar inversion turns the sole medially") {
    for (const char* side : {"_r", "_l"}) {
      CAPTURE(side);
      const std::string s(side);
      const Kinematics kin = p.pose(("subtalar_angle" + s).c_str(), gaitchain::rad(20));
      const Vec3 sole = kin.segment_pose[p.m.segment_index("calcn" + s)].R * Vec3(0, 0, -1);
      if (s == "_r")
        CHECK(sole.y() == doctest::Approx(std::sin(gaitchain::rad(20))));
      else
        CHECK(sole.y() == doctest::Approx(-std::sin(gaitchain::rad(20))));
    }
  }
  SUBCASE("MTP extension raises the toe tip") {
    CHECK(p.moves("mtp_angle_r", "toe_tip_r").z() > 0.015);
    CHECK(p.moves("mtp_angle_l", "toe_tip_l").z() > 0.015);
    CHECK(p.moves("mtp_angle_r", "mtp_r").norm() == 0.0);  // the MTP contact point is on the calcaneus
  }
  SUBCASE("pelvis: anterior tilt, list right side up, rotation right side forward") {
    CHECK(p.moves_relative("pelvis_tilt", "RASI", "SACR").z() < -0.05);
    CHECK(p.moves_relative("pelvis_tilt", "LASI", "SACR").z() < -0.05);
    CHECK(p.moves("pelvis_list", "RASI").z() > 0.04);
    CHECK(p.moves("pelvis_list", "LASI").z() < -0.04);
    CHECK(p.moves("pelvis_rotation", "RASI").x() > 0.04);
    CHECK(p.moves("pelvis_rotation", "LASI").x() < -0.04);
  }
  SUBCASE("lumbar: extension C7 backward, bending right C7 to -y, rotation left CLAV to +y") {
    CHECK(p.moves("lumbar_extension", "C7").x() < -0.1);
    CHECK(p.moves("lumbar_bending", "C7").y() < -0.1);
    CHECK(p.moves("lumbar_rotation", "CLAV").y() > 0.02);
    CHECK(p.moves("lumbar_rotation", "C7").y() < 0.0);  // the back of the trunk turns the other way
  }
  SUBCASE("knee adduction (varus) moves the ankle medially, knee rotation (internal) the toes (knee_dofs = 3)") {
    const SignProbe p3(3);
    CHECK(p3.moves_relative("knee_adduction_r", "ankle_r", "knee_r").y() > 0.14);
    CHECK(p3.moves_relative("knee_adduction_l", "ankle_l", "knee_l").y() < -0.14);
    CHECK(p3.moves("knee_rotation_r", "toe_tip_r").y() > 0.03);
    CHECK(p3.moves("knee_rotation_l", "toe_tip_l").y() < -0.03);
  }
}

TEST_CASE("forward_kinematics and the Jacobians reject bad input") {
  const Model m = Model::lower_body();
  Kinematics kin;
  SUBCASE("wrong-size q") {
    CHECK_THROWS_AS(gaitchain::forward_kinematics(m, VectorXd::Zero(22), kin), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(gaitchain::forward_kinematics(m, VectorXd::Zero(27), kin), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(gaitchain::forward_kinematics(m, VectorXd(), kin), gaitchain::InvalidArgument);
  }
  SUBCASE("non-finite coordinate: the message names it") {
    for (double bad : {std::nan(""), std::numeric_limits<double>::infinity()}) {
      VectorXd q = VectorXd::Zero(m.coordinate_count());
      q[m.coordinate_index("ankle_angle_l")] = bad;
      std::string msg;
      try {
        gaitchain::forward_kinematics(m, q, kin);
      } catch (const gaitchain::InvalidArgument& e) {
        msg = e.what();
      }
      CHECK(msg.find("ankle_angle_l") != std::string::npos);
    }
  }
  SUBCASE("wrong output shapes") {
    gaitchain::forward_kinematics(m, VectorXd::Zero(m.coordinate_count()), kin);
    const Eigen::Index rows = 3 * static_cast<Eigen::Index>(m.markers.size());
    MatrixXd wrong_cols(rows, 22), wrong_rows(rows - 3, 23), ok(rows, 23);
    CHECK_THROWS_AS(gaitchain::marker_jacobian(m, kin, wrong_cols), gaitchain::InvalidArgument);
    CHECK_THROWS_AS(gaitchain::marker_jacobian(m, kin, wrong_rows), gaitchain::InvalidArgument);
    CHECK_NOTHROW(gaitchain::marker_jacobian(m, kin, ok));
    MatrixXd scale_wrong(rows, 7), scale_ok(rows, 8);
    CHECK_THROWS_AS(gaitchain::marker_scale_jacobian(m, kin, scale_wrong), gaitchain::InvalidArgument);
    CHECK_NOTHROW(gaitchain::marker_scale_jacobian(m, kin, scale_ok));
    VectorXd x_wrong(rows + 1);
    CHECK_THROWS_AS(gaitchain::marker_positions(m, kin, x_wrong), gaitchain::InvalidArgument);
  }
  SUBCASE("marker_trajectories with the wrong number of columns") {
    CHECK_THROWS_AS(gaitchain::marker_trajectories(m, MatrixXd::Zero(4, 20)), gaitchain::InvalidArgument);
  }
}

TEST_CASE("marker_trajectories matches per-frame forward kinematics") {
  const Model m = model_with_knee_dofs(3);
  std::mt19937_64 rng(77);
  MatrixXd Q(12, m.coordinate_count());
  for (Eigen::Index f = 0; f < Q.rows(); ++f) Q.row(f) = random_pose(m, rng).transpose();
  const gaitchain::PointArray P = gaitchain::marker_trajectories(m, Q);
  REQUIRE(P.rows() == 12);
  REQUIRE(P.cols() == 3 * static_cast<Eigen::Index>(m.markers.size()));
  for (Eigen::Index f = 0; f < Q.rows(); ++f) {
    const VectorXd x = markers_at(m, Q.row(f).transpose());
    CHECK((P.row(f).transpose() - x).cwiseAbs().maxCoeff() == 0.0);
    // Layout: row f holds x, y, z of marker 0, then marker 1, ...
    Kinematics kin;
    gaitchain::forward_kinematics(m, Q.row(f).transpose(), kin);
    const Vec3 strn = gaitchain::point_position(m, kin, m.markers[m.marker_index("STRN")]);
    CHECK((P.block<1, 3>(f, 3 * m.marker_index("STRN")).transpose() - strn).norm() == 0.0);
  }
  CHECK(gaitchain::marker_trajectories(m, MatrixXd::Zero(0, m.coordinate_count())).rows() == 0);
}
