#include "marker_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "gaitchain/core/error.hpp"

namespace gaitchain::fit {
namespace {

std::string joined(const std::vector<std::string>& names, std::size_t at_most = 60) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < at_most; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > at_most) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

}  // namespace

MarkerMatch match_markers(const Model& model, const Trial& trial, std::string_view who) {
  MarkerMatch match;
  for (std::size_t m = 0; m < model.markers.size(); ++m) {
    const int t = trial.find_marker(model.markers[m].name);
    if (t < 0) continue;
    match.model_index.push_back(static_cast<int>(m));
    match.trial_index.push_back(t);
    match.names.push_back(model.markers[m].name);
  }
  if (match.size() == 0) {
    std::vector<std::string> model_names;
    for (const auto& m : model.markers) model_names.push_back(m.name);
    throw InvalidArgument(std::string(who) + ": no marker of the trial" +
                          (trial.source.empty() ? "" : " '" + trial.source + "'") + " is in the model's marker set '" +
                          model.marker_set + "'. Trial markers: " + joined(trial.marker_names) +
                          ". Model markers: " + joined(model_names) +
                          ". Choose the matching marker set (Model.lower_body(marker_set=...)) or rename the markers.");
  }
  return match;
}

Model with_markers(const Model& model, const MarkerMatch& match) {
  Model out = model;
  out.markers.clear();
  for (int m : match.model_index) out.markers.push_back(model.markers[m]);
  return out;
}

Observations observations(const Model& matched, const Trial& trial, const MarkerMatch& match,
                          const Eigen::MatrixXd& weights, std::string_view who) {
  const Eigen::Index frames = trial.points.rows();
  const Eigen::Index U = static_cast<Eigen::Index>(match.size());
  if (weights.size() != 0 && (weights.rows() != frames || weights.cols() != static_cast<Eigen::Index>(trial.marker_count())))
    throw InvalidArgument(std::string(who) + ": weights must be frames x trial markers (" + std::to_string(frames) + " x " +
                          std::to_string(trial.marker_count()) + "), got " + std::to_string(weights.rows()) + " x " +
                          std::to_string(weights.cols()));
  if (weights.size() != 0 && !((weights.array() >= 0.0).all() && weights.allFinite()))
    throw InvalidArgument(std::string(who) + ": weights must be finite and >= 0");
  Observations obs;
  obs.points.resize(frames, 3 * U);
  obs.sqrt_weight.setZero(frames, U);
  for (Eigen::Index f = 0; f < frames; ++f)
    for (Eigen::Index u = 0; u < U; ++u) {
      const int t = match.trial_index[u];
      const auto p = trial.points.row(f).segment<3>(3 * t);
      obs.points.row(f).segment<3>(3 * u) = p;
      const double w = matched.markers[u].weight * (weights.size() ? weights(f, t) : 1.0);
      if (p.allFinite() && w > 0.0) obs.sqrt_weight(f, u) = std::sqrt(w);
    }
  return obs;
}

MatchedTrial match_trial(const Model& model, const Trial& trial, const Eigen::MatrixXd& weights, std::string_view who) {
  MatchedTrial out;
  out.match = match_markers(model, trial, who);
  out.matched = with_markers(model, out.match);
  out.obs = observations(out.matched, trial, out.match, weights, who);
  return out;
}

double size_ratio(const Model& matched, const Observations& obs) {
  Kinematics kin;
  forward_kinematics(matched, Eigen::VectorXd::Zero(matched.coordinate_count()), kin);
  const Eigen::Index U = obs.sqrt_weight.cols();
  std::vector<Vec3> neutral(U);  // the model's markers in the neutral pose, the same for every frame
  for (Eigen::Index u = 0; u < U; ++u) neutral[u] = point_position(matched, kin, matched.markers[u]);
  std::vector<double> ratios;
  for (Eigen::Index f = 0; f < obs.points.rows(); ++f) {
    if (obs.observed(f) < 4) continue;
    Vec3 data_centre = Vec3::Zero(), model_centre = Vec3::Zero();
    int n = 0;
    for (Eigen::Index u = 0; u < U; ++u)
      if (obs.sqrt_weight(f, u) > 0) {
        data_centre += obs.points.row(f).segment<3>(3 * u).transpose();
        model_centre += neutral[u];
        ++n;
      }
    data_centre /= n;
    model_centre /= n;
    double data_ss = 0, model_ss = 0;
    for (Eigen::Index u = 0; u < U; ++u)
      if (obs.sqrt_weight(f, u) > 0) {
        data_ss += (obs.points.row(f).segment<3>(3 * u).transpose() - data_centre).squaredNorm();
        model_ss += (neutral[u] - model_centre).squaredNorm();
      }
    if (model_ss > 0) ratios.push_back(std::sqrt(data_ss / model_ss));
  }
  if (ratios.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::nth_element(ratios.begin(), ratios.begin() + ratios.size() / 2, ratios.end());
  return ratios[ratios.size() / 2];
}

void check_size(double ratio, double lo, double hi, double height_m, std::string_view who) {
  if (!std::isfinite(ratio) || (ratio >= lo && ratio <= hi)) return;
  std::string hint;
  if (ratio > 300 && ratio < 3000)
    hint = " The coordinates look like millimetres read as metres: divide them by 1000 (gaitchain.read converts "
           "C3D/TRC units itself).";
  else if (ratio > 0.0003 && ratio < 0.003)
    hint = " The coordinates look like metres given where millimetres were expected, or like a wrong unit.";
  else
    hint = " Build the model for the subject: Model.lower_body(height_m=" + std::to_string(height_m * ratio) +
           ") is about this size.";
  throw InvalidArgument(std::string(who) + ": the markers span " + std::to_string(ratio) +
                        " times the model's size (markers RMS distance from their centroid, median over frames)." + hint);
}

void Robust::factor(double s, double& f, double& dfds) const {
  double rho = s, drho = 1.0;  // rho(s) and rho'(s)
  switch (loss) {
    case RobustLoss::none:
      break;
    case RobustLoss::huber:  // rho = s for s <= c^2, else 2 c sqrt(s) - c^2
      if (s > c2) {
        const double c = std::sqrt(c2), root = std::sqrt(s);
        rho = 2.0 * c * root - c2;
        drho = c / root;
      }
      break;
    case RobustLoss::cauchy: {  // rho = c^2 log(1 + s / c^2)
      const double u = s / c2;
      if (u < 1e-8) {  // series: f = 1 - u/4 + ..., avoids 0/0
        f = 1.0 - 0.25 * u;
        dfds = -0.25 / c2;
        return;
      }
      rho = c2 * std::log1p(u);
      drho = 1.0 / (1.0 + u);
      break;
    }
  }
  if (rho == s) {  // the quadratic part: no rescaling
    f = 1.0;
    dfds = 0.0;
    return;
  }
  f = std::sqrt(rho / s);
  dfds = (drho * s - rho) / (2.0 * s * s * f);
}

MarkerResiduals::MarkerResiduals(const Model& matched, std::vector<int> free, Eigen::VectorXd q_fixed, Robust robust)
    : model_(&matched), free_(std::move(free)), q_(std::move(q_fixed)), robust_(robust),
      free_index_(matched.coordinate_count(), -1) {
  for (std::size_t i = 0; i < free_.size(); ++i) free_index_[free_[i]] = static_cast<int>(i);
}

const Eigen::VectorXd& MarkerResiduals::full(const double* x) {
  for (std::size_t i = 0; i < free_.size(); ++i) q_[free_[i]] = x[i];
  return q_;
}

bool MarkerResiduals::evaluate(const double* x, double* residuals, double* jacobian, bool column_major) {
  const int P = parameter_count();
  for (int i = 0; i < P; ++i)
    if (!std::isfinite(x[i])) return false;
  forward_kinematics(*model_, full(x), kin_);
  const auto M = static_cast<Eigen::Index>(model_->markers.size());
  using Strided = Eigen::Map<Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;
  Strided J(jacobian, jacobian ? 3 * M : 0, P,
            column_major ? Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(3 * M, 1) : Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(1, P));
  if (jacobian) J.setZero();
  for (Eigen::Index m = 0; m < M; ++m) {
    Eigen::Map<Vec3> r(residuals + 3 * m);
    const double w = sqrt_weight_[m];
    if (w == 0.0) {  // missing: contributes nothing (the observed value may be NaN)
      r.setZero();
      continue;
    }
    const BodyPoint& marker = model_->markers[m];
    const Vec3 p = point_position(*model_, kin_, marker);
    r = w * (p - Eigen::Map<const Vec3>(observed_ + 3 * m));
    double f = 1.0, dfds = 0.0;
    robust_.factor(r.squaredNorm(), f, dfds);
    if (jacobian) {
      // d p / d q for every free dof on the path to the ground (see model/kinematics.hpp)
      auto Jm = J.middleRows<3>(3 * m);
      for (int k = marker.segment; k >= 0; k = model_->segments[k].parent)
        for (const Dof& dof : model_->segments[k].dofs) {
          const int col = free_index_[dof.coordinate];
          if (col < 0) continue;
          const Vec3& a = kin_.axis[dof.coordinate];
          Jm.col(col) = dof.kind == DofKind::translation ? Vec3(w * a) : Vec3(w * a.cross(p - kin_.origin[dof.coordinate]));
        }
      if (dfds != 0.0) {
        const Eigen::RowVectorXd rJ = r.transpose() * Jm;  // d(s)/dx / 2
        Jm = f * Jm + (2.0 * dfds) * r * rJ;
      } else if (f != 1.0) {
        Jm *= f;
      }
    }
    r *= f;
  }
  return true;
}

ceres::Solver::Options frame_solver_options(int max_iterations) {
  ceres::Solver::Options options;
  options.linear_solver_type = ceres::DENSE_NORMAL_CHOLESKY;
  options.max_num_iterations = max_iterations;
  options.function_tolerance = 1e-10;
  options.gradient_tolerance = 1e-12;
  options.parameter_tolerance = 1e-9;
  options.logging_type = ceres::SILENT;
  options.minimizer_progress_to_stdout = false;
  options.num_threads = 1;
  return options;
}

}  // namespace gaitchain::fit
