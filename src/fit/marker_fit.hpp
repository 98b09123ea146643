#pragma once
// Internal pieces shared by inverse kinematics and calibration: matching model markers to trial markers,
// the per-frame marker residuals with their analytic Jacobian (and robust loss), and the Ceres cost
// function that wraps them. Ceres stays behind src/: nothing here is installed.
#include <ceres/ceres.h>

#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/core/trial.hpp"
#include "gaitchain/fit/inverse_kinematics.hpp"
#include "gaitchain/model/kinematics.hpp"
#include "gaitchain/model/model.hpp"

namespace gaitchain::fit {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The model markers that the trial has, in model order, with their trial columns.
struct MarkerMatch {
  std::vector<int> model_index;
  std::vector<int> trial_index;
  std::vector<std::string> names;
  std::size_t size() const { return names.size(); }
};

// Throws InvalidArgument naming both marker lists when nothing matches. `who` prefixes the message.
MarkerMatch match_markers(const Model& model, const Trial& trial, std::string_view who);

// A copy of `model` whose markers are only the matched ones, in match order.
Model with_markers(const Model& model, const MarkerMatch& match);

// Observations in match order: positions (frames x 3U) and square roots of the weights (frames x U),
// 0 where the sample is missing (any NaN component) or weighted 0. `weights` is frames x trial markers
// or empty.
struct Observations {
  RowMatrix points;
  RowMatrix sqrt_weight;
  int observed(Eigen::Index frame) const { return static_cast<int>((sqrt_weight.row(frame).array() > 0).count()); }
};
Observations observations(const Model& matched, const Trial& trial, const MarkerMatch& match,
                          const Eigen::MatrixXd& weights, std::string_view who);

// The three above in one: what every fit starts from.
struct MatchedTrial {
  MarkerMatch match;
  Model matched;
  Observations obs;
};
MatchedTrial match_trial(const Model& model, const Trial& trial, const Eigen::MatrixXd& weights, std::string_view who);

// Ratio of the trial's size to the model's (RMS distance of markers from their centroid, median over
// frames with at least 4 markers); NaN if no frame has 4. Catches millimetres passed as metres.
double size_ratio(const Model& matched, const Observations& obs);
// Throws InvalidArgument if the ratio is outside [lo, hi], with a hint for millimetres and for height.
void check_size(double ratio, double lo, double hi, double height_m, std::string_view who);

// The robust loss as a rescaling of each marker's residual: r' = f(s) r with s = |r|^2 and
// f = sqrt(rho(s) / s), so |r'|^2 = rho(s) exactly and Gauss-Newton on r' minimises sum rho.
struct Robust {
  RobustLoss loss = RobustLoss::none;
  double c2 = 0.0;  // scale^2
  // f(s) and df/ds
  void factor(double s, double& f, double& dfds) const;
};

// Marker residuals of one frame over the free coordinates `free` (the others stay at `q_fixed`).
// Residual rows are 3 per matched marker (zero for missing markers); the Jacobian is row-major
// (3 * markers) x free.size().
class MarkerResiduals {
 public:
  MarkerResiduals(const Model& matched, std::vector<int> free, Eigen::VectorXd q_fixed, Robust robust);

  int residual_count() const { return 3 * static_cast<int>(model_->markers.size()); }
  int parameter_count() const { return static_cast<int>(free_.size()); }
  const std::vector<int>& free() const { return free_; }
  void set_frame(const double* observed, const double* sqrt_weight) {
    observed_ = observed;
    sqrt_weight_ = sqrt_weight;
  }
  // Full coordinate vector for free values x.
  const Eigen::VectorXd& full(const double* x);
  // Residuals and, if `jacobian` is not null, the Jacobian: row-major (Ceres) or column-major
  // (TinySolver), written in place so no copy is needed either way.
  bool evaluate(const double* x, double* residuals, double* jacobian, bool column_major = false);

 private:
  const Model* model_;
  std::vector<int> free_;
  Eigen::VectorXd q_;
  Robust robust_;
  Kinematics kin_;
  std::vector<int> free_index_;  // per coordinate: its column among the free ones, -1 if held fixed
  const double* observed_ = nullptr;
  const double* sqrt_weight_ = nullptr;
};

class MarkerCost final : public ceres::CostFunction {
 public:
  explicit MarkerCost(MarkerResiduals* residuals) : residuals_(residuals) {
    set_num_residuals(residuals->residual_count());
    mutable_parameter_block_sizes()->push_back(residuals->parameter_count());
  }
  bool Evaluate(double const* const* parameters, double* residuals, double** jacobians) const override {
    return residuals_->evaluate(parameters[0], residuals, jacobians ? jacobians[0] : nullptr);
  }

 private:
  MarkerResiduals* residuals_;
};

// Solver settings shared by the per-frame fits: small dense problem, tight tolerances (the noise-free
// synthetic test asks for 0.01 degree), silent.
ceres::Solver::Options frame_solver_options(int max_iterations);

}  // namespace gaitchain::fit
