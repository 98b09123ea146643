// Subject calibration.
//
// 1. Whole-body size: the RMS spread of the static markers against the template's (median over frames).
// 2. Poses of the chosen frames by inverse kinematics on the template grown to that size.
// 3. One joint least-squares problem (Ceres, sparse): every frame's pose, the segment scale factors and
//    the marker positions, with Gaussian priors pulling markers toward the template (marker_sd_m), scales
//    toward the whole-body size (scale_sd) and the static pose toward upright (static_pose_sd_rad). The
//    priors settle what markers alone cannot, e.g. a thigh marker moved sideways versus a hip rotated.
//    The pelvis' markers sit on bony landmarks (ASIS, PSIS) that define its anatomical frame in every
//    clinical model, so their prior is tight: the static posture of the pelvis is kept, not absorbed.
// 4. The foot's long axis from its markers: the chain has no joint for tibial torsion, so a toe-out
//    stance ends up in the foot markers' positions. The foot below the ankle (joint axes, landmarks) is
//    turned about the vertical through the ankle centre to follow its heel and toe markers, as clinical
//    models take the foot axis from the static heel and toe markers; foot progression then reads the
//    foot, not the shank, and plantarflexion turns about the ankle's own axis.
#include "gaitchain/fit/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>

#include "gaitchain/core/error.hpp"
#include "gaitchain/fit/inverse_kinematics.hpp"
#include <ceres/normal_prior.h>

#include "marker_fit.hpp"

namespace gaitchain {
namespace {

using fit::RowMatrix;

// Marker residuals are divided by this (m) so that they and the priors (deviations over their SDs) are
// both in standard deviations: typical skin-marker misfit in a static trial, from soft tissue and from
// the template's rigid segments.
constexpr double kStaticMarkerSd = 0.005;
// Prior SD of the pelvis' markers (m): they define the anatomical frame (above); 1 cm is about how
// precisely pelvic landmarks are palpated (Della Croce, Cappozzo & Kerrigan 1999, Med Biol Eng Comput
// 37:155, report inter-examiner spreads of the order of a centimetre), so the pelvis keeps its markers'
// posture within a degree or two.
constexpr double kPelvisMarkerSd = 0.01;
// A foot turn smaller than this after a pass is applied as it is, without solving again.
constexpr double kFootTurnSettledRad = 0.5 * std::numbers::pi / 180.0;

// One frame to calibrate on: observed positions and weights in the order of the model's markers (weight
// 0 where the marker is missing in this frame or absent from its trial), and whether it is static.
struct CalibrationFrame {
  Eigen::VectorXd observed;     // 3M
  Eigen::VectorXd sqrt_weight;  // M
  bool is_static = true;
  Eigen::VectorXd q;            // pose (all coordinates)
  std::vector<int> markers;     // observed model markers
};

// Residuals of one frame: 3 per observed marker. Parameter blocks: pose (all coordinates), scales, then
// one position block (3, at scale 1, segment frame) per observed marker.
class CalibrationCost final : public ceres::CostFunction {
 public:
  CalibrationCost(const Model& model, const CalibrationFrame& frame) : model_(model), frame_(frame) {
    set_num_residuals(3 * static_cast<int>(frame.markers.size()));
    mutable_parameter_block_sizes()->push_back(model.coordinate_count());
    mutable_parameter_block_sizes()->push_back(static_cast<int>(model.scales.size()));
    for (std::size_t k = 0; k < frame.markers.size(); ++k) mutable_parameter_block_sizes()->push_back(3);
  }

  bool Evaluate(double const* const* x, double* residuals, double** jacobians) const override {
    const int n = model_.coordinate_count();
    const auto S = model_.scales.size();
    const Eigen::Map<const Eigen::VectorXd> q(x[0], n);
    if (!q.allFinite()) return false;
    model_.scales = Eigen::Map<const Eigen::VectorXd>(x[1], S);
    constexpr double inv_sd = 1.0 / kStaticMarkerSd;
    for (std::size_t k = 0; k < frame_.markers.size(); ++k)
      model_.markers[frame_.markers[k]].position = Eigen::Map<const Vec3>(x[2 + k]);
    forward_kinematics(model_, q, kin_);
    const auto rows = static_cast<Eigen::Index>(3 * frame_.markers.size());
    for (std::size_t k = 0; k < frame_.markers.size(); ++k) {
      const int m = frame_.markers[k];
      const BodyPoint& marker = model_.markers[m];
      const double w = frame_.sqrt_weight[m] * inv_sd;
      const Vec3 p = point_position(model_, kin_, marker);
      Eigen::Map<Vec3>(residuals + 3 * k) = w * (p - frame_.observed.segment<3>(3 * m));
      if (!jacobians) continue;
      const auto row = 3 * static_cast<Eigen::Index>(k);
      if (jacobians[0]) {
        Eigen::Map<RowMatrix> J(jacobians[0], rows, n);
        J.middleRows<3>(row).setZero();
        add_point_jacobian(model_, kin_, marker.segment, p, J.middleRows<3>(row));
        J.middleRows<3>(row) *= w;
      }
      if (jacobians[1]) {
        Eigen::Map<RowMatrix> J(jacobians[1], rows, S);
        J.middleRows<3>(row).setZero();
        add_point_scale_jacobian(model_, kin_, marker, J.middleRows<3>(row));
        J.middleRows<3>(row) *= w;
      }
      for (std::size_t j = 0; j < frame_.markers.size(); ++j) {
        if (!jacobians[2 + j]) continue;
        Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, 3, Eigen::RowMajor>> J(jacobians[2 + j], rows, 3);
        if (j == k)
          J.middleRows<3>(row) = w * model_.scales[model_.segments[marker.segment].scale] *
                                 kin_.segment_pose[marker.segment].R;
        else
          J.middleRows<3>(row).setZero();
      }
    }
    return true;
  }

 private:
  mutable Model model_;  // scratch copy: scales and marker positions are set from the parameters
  const CalibrationFrame& frame_;
  mutable Kinematics kin_;
};

// Up to `count` frames evenly spread over those with at least 80 % of the best frame's markers.
std::vector<Eigen::Index> pick_frames(const fit::Observations& obs, int count) {
  int best = 0;
  for (Eigen::Index f = 0; f < obs.points.rows(); ++f) best = std::max(best, obs.observed(f));
  std::vector<Eigen::Index> usable;
  for (Eigen::Index f = 0; f < obs.points.rows(); ++f)
    if (obs.observed(f) >= std::max(3, (4 * best + 4) / 5)) usable.push_back(f);
  if (static_cast<int>(usable.size()) <= count) return usable;
  std::vector<Eigen::Index> out;
  for (int k = 0; k < count; ++k)
    out.push_back(usable[static_cast<std::size_t>((static_cast<double>(k) + 0.5) * usable.size() / count)]);
  return out;
}

// A point of the foot (`position` in `segment`, at scale 1) from the talus origin at the neutral pose,
// where the talus, calcaneus and toes frames are parallel.
Vec3 from_talus(const Model& model, int calcn, int toes, int segment, const Vec3& position) {
  Vec3 at = position;
  if (segment == toes) at += model.segments[toes].joint_offset;
  if (segment == toes || segment == calcn) at += model.segments[calcn].joint_offset;
  return at;
}

// Turns one foot below the ankle by `angle` about the vertical through the ankle centre: every joint
// axis, joint offset and landmark from the ankle down, and the foot's markers too unless `keep_markers`,
// in which case they keep their places at the neutral pose (the three frames are parallel there).
void turn_foot(Model& model, Side side, double angle, bool keep_markers) {
  const std::string s(suffix(side));
  const int talus = model.segment_index("talus" + s), calcn = model.segment_index("calcn" + s),
            toes = model.segment_index("toes" + s);
  auto below_ankle = [&](int segment) { return segment == talus || segment == calcn || segment == toes; };
  auto offsets = [&](int segment) { return from_talus(model, calcn, toes, segment, Vec3::Zero()); };
  const Mat3 R = rotation_z(angle);
  std::vector<Vec3> marker_at;
  for (const BodyPoint& p : model.markers) marker_at.push_back(offsets(p.segment) + p.position);
  for (int seg : {talus, calcn, toes})
    for (Dof& d : model.segments[seg].dofs) d.axis = R * d.axis;
  for (int seg : {calcn, toes}) model.segments[seg].joint_offset = R * model.segments[seg].joint_offset;
  for (BodyPoint& l : model.landmarks)
    if (below_ankle(l.segment)) l.position = R * l.position;
  for (std::size_t m = 0; m < model.markers.size(); ++m) {
    BodyPoint& p = model.markers[m];
    if (!below_ankle(p.segment)) continue;
    p.position = (keep_markers ? marker_at[m] : Vec3(R * marker_at[m])) - offsets(p.segment);
  }
}

// Step 4: how far the calibrated foot's heel and toe markers have turned, about the vertical of the
// foot, against their bearing in `tmpl` (rad, about +z; toe-out is - on the right): a turn the chain has
// no joint for (tibial torsion, a toe-out stance). 0 when the foot has no heel and toe marker 5 cm apart.
double foot_marker_turn(const Model& model, const Model& tmpl, const std::vector<bool>& seen, Side side) {
  const std::string s(suffix(side));
  const int calcn = model.segment_index("calcn" + s), toes = model.segment_index("toes" + s);
  auto in_talus = [&](const Model& mo, const BodyPoint& p) { return from_talus(mo, calcn, toes, p.segment, p.position); };
  auto nearest = [&](const Vec3& target) {
    int best = -1;
    double best_d = 0.07;  // at most 7 cm (template scale) from the landmark
    for (std::size_t m = 0; m < tmpl.markers.size(); ++m) {
      const BodyPoint& p = tmpl.markers[m];
      if (!seen[m] || (p.segment != calcn && p.segment != toes)) continue;
      if (const double d = (in_talus(tmpl, p) - target).norm(); d < best_d) best = static_cast<int>(m), best_d = d;
    }
    return best;
  };
  const int heel = nearest(in_talus(tmpl, tmpl.landmark("heel" + s)));
  int toe = nearest(in_talus(tmpl, tmpl.landmark("toe_tip" + s)));
  if (toe < 0) toe = nearest(in_talus(tmpl, tmpl.landmark("mtp" + s)));
  if (heel < 0 || toe < 0 || heel == toe) return 0.0;
  const Vec3 before = in_talus(tmpl, tmpl.markers[toe]) - in_talus(tmpl, tmpl.markers[heel]);
  const Vec3 after = in_talus(model, model.markers[toe]) - in_talus(model, model.markers[heel]);
  if (before.head<2>().norm() < 0.05 || after.head<2>().norm() < 0.05) return 0.0;
  return std::atan2(before.x() * after.y() - before.y() * after.x(), before.head<2>().dot(after.head<2>()));
}

std::string calibrate_who(bool is_static) { return is_static ? "calibrate (static trial)" : "calibrate (dynamic trial)"; }

// Frames of `trial` (matched to the model's markers in `data`) in the model's marker order, with poses
// from IK on `sized`.
std::vector<CalibrationFrame> frames_of(const Model& sized, const Trial& trial, const fit::MatchedTrial& data, int count,
                                        bool is_static, double max_motion) {
  const std::string who = calibrate_who(is_static);
  const fit::MarkerMatch& match = data.match;
  const fit::Observations& obs = data.obs;
  const std::vector<Eigen::Index> picked = pick_frames(obs, count);
  if (picked.size() < 2)
    throw InvalidArgument(who + ": fewer than 2 frames have enough markers" +
                          (trial.source.empty() ? "" : " in '" + trial.source + "'"));
  const auto U = static_cast<Eigen::Index>(match.size());
  if (is_static) {
    std::string moving;
    for (Eigen::Index u = 0; u < U; ++u) {
      Vec3 mean = Vec3::Zero();
      int n = 0;
      for (Eigen::Index f : picked)
        if (obs.sqrt_weight(f, u) > 0) mean += obs.points.row(f).segment<3>(3 * u).transpose(), ++n;
      if (n < 2) continue;
      mean /= n;
      double ss = 0;
      for (Eigen::Index f : picked)
        if (obs.sqrt_weight(f, u) > 0) ss += (obs.points.row(f).segment<3>(3 * u).transpose() - mean).squaredNorm();
      const double sd = std::sqrt(ss / n);
      if (sd > max_motion) moving += (moving.empty() ? "" : ", ") + match.names[u] + " (" + std::to_string(sd * 1000).substr(0, 5) + " mm)";
    }
    if (!moving.empty())
      throw InvalidArgument(who + ": the subject moved during the static trial: " + moving +
                            " move more than max_static_motion_m between the frames used");
  }

  // Poses: IK on the picked frames.
  Trial sub;
  sub.marker_names = trial.marker_names;
  sub.rate = trial.rate;
  sub.points.resize(static_cast<Eigen::Index>(picked.size()), trial.points.cols());
  for (std::size_t k = 0; k < picked.size(); ++k) sub.points.row(static_cast<Eigen::Index>(k)) = trial.points.row(picked[k]);
  const Motion motion = inverse_kinematics(sized, sub, {});

  const auto M = static_cast<Eigen::Index>(sized.markers.size());
  std::vector<CalibrationFrame> out;
  for (std::size_t k = 0; k < picked.size(); ++k) {
    CalibrationFrame frame;
    frame.q = motion.coordinates.row(static_cast<Eigen::Index>(k)).transpose();
    if (std::isnan(frame.q[sized.segments[0].dofs[0].coordinate])) continue;  // pelvis not determined
    frame.q = frame.q.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; });  // the pose prior holds these
    frame.is_static = is_static;
    frame.observed = Eigen::VectorXd::Zero(3 * M);
    frame.sqrt_weight = Eigen::VectorXd::Zero(M);
    for (Eigen::Index u = 0; u < U; ++u) {
      const double w = obs.sqrt_weight(picked[k], u);
      if (w == 0) continue;
      const int m = match.model_index[u];
      frame.observed.segment<3>(3 * m) = obs.points.row(picked[k]).segment<3>(3 * u).transpose();
      frame.sqrt_weight[m] = w;
      frame.markers.push_back(m);
    }
    out.push_back(std::move(frame));
  }
  if (out.size() < 2)
    throw InvalidArgument(who + ": fewer than 2 frames could be fitted; the markers do not determine the pelvis");
  return out;
}

}  // namespace

// Steps 2 and 3 on the template grown to the subject's size: the calibrated model (scales, marker
// positions), the frames it was fitted on, and which markers the frames saw.
struct Solved {
  Model model;
  std::vector<CalibrationFrame> frames;
  std::vector<bool> seen;
};

Solved solve_calibration(const Model& model, double size, const Trial& static_trial, const fit::MatchedTrial& still,
                         const CalibrationOptions& options) {
  // 2. Frames and their initial poses.
  std::vector<CalibrationFrame> frames =
      frames_of(model, static_trial, still, options.static_frames, true, options.max_static_motion_m);
  if (options.dynamic) {
    options.dynamic->validate();
    auto dynamic = frames_of(model, *options.dynamic, fit::match_trial(model, *options.dynamic, {}, calibrate_who(false)),
                             options.dynamic_frames, false, 0);
    frames.insert(frames.end(), std::make_move_iterator(dynamic.begin()), std::make_move_iterator(dynamic.end()));
  }

  // 3. The joint problem.
  const int n = model.coordinate_count();
  const auto M = static_cast<Eigen::Index>(model.markers.size());
  const auto S = model.scales.size();
  Eigen::VectorXd scales = model.scales;
  std::vector<Vec3> positions(M);
  std::vector<bool> seen(M, false);
  for (Eigen::Index m = 0; m < M; ++m) positions[m] = model.markers[m].position;
  for (const auto& frame : frames)
    for (int m : frame.markers) seen[m] = true;

  ceres::Problem problem;
  for (auto& frame : frames) {
    std::vector<double*> blocks{frame.q.data(), scales.data()};
    for (int m : frame.markers) blocks.push_back(positions[m].data());
    problem.AddResidualBlock(new CalibrationCost(model, frame), nullptr, blocks);
    for (int c = 0; c < n; ++c) {
      const Coordinate& co = model.coordinates[c];
      if (std::isfinite(co.lower)) problem.SetParameterLowerBound(frame.q.data(), c, co.lower);
      if (std::isfinite(co.upper)) problem.SetParameterUpperBound(frame.q.data(), c, co.upper);
    }
    {  // Static frames stand upright: joints near 0. Dynamic frames get a weak prior (1 rad) that only
       // holds coordinates no marker sees. The pelvis is placed freely.
      Eigen::MatrixXd A = Eigen::MatrixXd::Zero(n, n);
      for (int c = 0; c < n; ++c) A(c, c) = 1.0 / (frame.is_static ? options.static_pose_sd_rad : 1.0);
      for (const Dof& d : model.segments[0].dofs) A(d.coordinate, d.coordinate) = 0.0;
      problem.AddResidualBlock(new ceres::NormalPrior(A, Eigen::VectorXd::Zero(n)), nullptr, frame.q.data());
    }
  }
  problem.AddResidualBlock(
      new ceres::NormalPrior(Eigen::MatrixXd::Identity(S, S) / (options.scale_sd * size), Eigen::VectorXd::Constant(S, size)),
      nullptr, scales.data());
  for (Eigen::Index s = 0; s < S; ++s) {
    problem.SetParameterLowerBound(scales.data(), static_cast<int>(s), 0.5 * size);
    problem.SetParameterUpperBound(scales.data(), static_cast<int>(s), 2.0 * size);
  }
  for (Eigen::Index m = 0; m < M; ++m)
    if (seen[m]) {
      // marker_sd_m is in metres; positions are at scale 1, so the prior's precision grows with size.
      const double sd = model.markers[m].segment == 0 ? std::min(kPelvisMarkerSd, options.marker_sd_m) : options.marker_sd_m;
      const double a = size / sd;
      problem.AddResidualBlock(new ceres::NormalPrior(a * Eigen::Matrix3d::Identity(), positions[m]), nullptr,
                               positions[m].data());
    }
  ceres::Solver::Options so;
  so.linear_solver_type = ceres::SPARSE_NORMAL_CHOLESKY;
  so.max_num_iterations = 200;
  so.function_tolerance = 1e-12;
  so.parameter_tolerance = 1e-10;
  so.logging_type = ceres::SILENT;
  ceres::Solver::Summary summary;
  ceres::Solve(so, &problem, &summary);
  if (summary.termination_type == ceres::FAILURE)
    throw Error("calibrate: the solver failed: " + summary.message);

  Solved out{model, std::move(frames), std::move(seen)};
  out.model.scales = scales;
  for (Eigen::Index m = 0; m < M; ++m) out.model.markers[m].position = positions[m];
  return out;
}

Calibration calibrate(const Model& template_model, const Trial& static_trial, const CalibrationOptions& options) {
  template_model.validate();
  static_trial.validate();
  for (double v : {options.marker_sd_m, options.scale_sd, options.static_pose_sd_rad, options.max_static_motion_m})
    if (!(v > 0) || !std::isfinite(v)) throw InvalidArgument("calibrate: prior SDs and max_static_motion_m must be positive");
  if (options.static_frames < 2 || options.dynamic_frames < 2)
    throw InvalidArgument("calibrate: static_frames and dynamic_frames must be at least 2");

  // 1. Whole-body size.
  const fit::MatchedTrial still = fit::match_trial(template_model, static_trial, {}, calibrate_who(true));
  const double size = fit::size_ratio(still.matched, still.obs);
  if (!std::isfinite(size)) throw InvalidArgument("calibrate: no frame of the static trial has 4 or more markers");
  fit::check_size(size, 0.6, 1.4, template_model.height_m, calibrate_who(true));
  Model sized = template_model;
  sized.scales *= size;

  // 2-4. Solve; then turn each foot to follow its heel and toe markers. A large turn is folded into the
  // template (markers and all) and the problem solved again, so that the static pose's joint priors
  // stop sharing it (a hip turned to point a toed-out foot): the turn is found whole within two passes.
  double turn[2] = {0.0, 0.0};
  Solved solved = solve_calibration(sized, size, static_trial, still, options);
  for (int pass = 1;; ++pass) {
    double residual[2];
    for (Side side : {Side::left, Side::right})
      residual[side_index(side)] = foot_marker_turn(solved.model, sized, solved.seen, side);
    const bool settled = std::max(std::abs(residual[0]), std::abs(residual[1])) < kFootTurnSettledRad || pass == 3;
    for (Side side : {Side::left, Side::right}) {
      turn_foot(settled ? solved.model : sized, side, residual[side_index(side)], settled);
      turn[side_index(side)] += residual[side_index(side)];
    }
    if (settled) break;
    solved = solve_calibration(sized, size, static_trial, still, options);
  }

  // Result and report.
  Calibration out;
  out.size_factor = size;
  out.model = std::move(solved.model);
  out.foot_axis_turn_rad[0] = turn[0];
  out.foot_axis_turn_rad[1] = turn[1];
  out.model.validate();
  const std::vector<CalibrationFrame>& frames = solved.frames;
  const Eigen::Index U = static_cast<Eigen::Index>(still.match.size());
  out.marker_names = still.match.names;
  out.marker_rms = Eigen::VectorXd::Zero(U);
  out.marker_moved = Eigen::VectorXd::Zero(U);
  Eigen::VectorXi counts = Eigen::VectorXi::Zero(U);
  Kinematics kin;
  double total = 0;
  long total_count = 0;
  for (const auto& frame : frames) {
    forward_kinematics(out.model, frame.q, kin);
    for (Eigen::Index u = 0; u < U; ++u) {
      const int m = still.match.model_index[u];
      if (frame.sqrt_weight[m] == 0) continue;
      const double d2 = (point_position(out.model, kin, out.model.markers[m]) - frame.observed.segment<3>(3 * m)).squaredNorm();
      out.marker_rms[u] += d2;
      ++counts[u];
      total += d2;
      ++total_count;
    }
  }
  // Moved: the marker's place in the neutral pose, calibrated model against the template at the same scales.
  Model reference = template_model;
  reference.scales = out.model.scales;
  Kinematics neutral, neutral_reference;
  forward_kinematics(out.model, Eigen::VectorXd::Zero(out.model.coordinate_count()), neutral);
  forward_kinematics(reference, Eigen::VectorXd::Zero(reference.coordinate_count()), neutral_reference);
  for (Eigen::Index u = 0; u < U; ++u) {
    const int m = still.match.model_index[u];
    out.marker_rms[u] = counts[u] ? std::sqrt(out.marker_rms[u] / counts[u]) : std::nan("");
    out.marker_moved[u] = (point_position(out.model, neutral, out.model.markers[m]) -
                           point_position(reference, neutral_reference, reference.markers[m])).norm();
  }
  out.rms = total_count ? std::sqrt(total / total_count) : 0.0;
  return out;
}

}  // namespace gaitchain
