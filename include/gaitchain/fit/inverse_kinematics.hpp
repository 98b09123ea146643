#pragma once
// Inverse kinematics: the coordinates that put the model's markers closest to the measured ones, frame by
// frame (Ceres, analytic Jacobian, warm start), with optional robust loss, joint limits, locked
// coordinates, keypoint confidences and temporal smoothing; plus each coordinate's uncertainty.
#include <Eigen/Core>
#include <string>
#include <utility>
#include <vector>

#include "gaitchain/core/motion.hpp"
#include "gaitchain/core/trial.hpp"
#include "gaitchain/model/model.hpp"

namespace gaitchain {

enum class RobustLoss { none, huber, cauchy };

struct IkOptions {
  // Per-marker robust loss on the marker distance: quadratic below loss_scale_m, then growing linearly
  // (Huber) or logarithmically (Cauchy), so one mislabelled or swapped marker cannot drag the chain.
  RobustLoss loss = RobustLoss::none;
  double loss_scale_m = 0.02;
  bool joint_limits = true;  // keep coordinates inside Model::coordinates[c].lower/upper
  // Coordinates held at a value (rad or m) instead of being fitted, e.g. {"mtp_angle_r", 0} when no
  // marker sits on the toes (OpenSim's IK setups lock subtalar and MTP this way).
  std::vector<std::pair<std::string, double>> locked;
  // Per-frame, per-trial-marker weights (frames x trial markers), e.g. keypoint confidences in [0, 1];
  // empty means 1. Multiplies the model marker's own weight; 0 drops the sample.
  Eigen::MatrixXd weights;
  // Temporal smoothing: adds smoothing * integral |q''|^2 dt (q'' by second differences, rad/s^2 or
  // m/s^2) to the sum of squared marker errors (m^2), solved over each run of fitted frames at once.
  // 0 (default) fits every frame on its own. Around 1e-7 removes marker jitter at 100 Hz.
  double smoothing = 0.0;
  double marker_noise_m = 0.0;  // marker noise SD for the uncertainty; 0 estimates it from the residuals
  int threads = 1;              // worker threads; results do not depend on it
  int max_iterations = 100;     // Levenberg-Marquardt iterations per frame
};

// Fits `model` to every frame of `trial`. Model markers are matched to trial markers by name; model
// markers absent from the trial are ignored, trial markers absent from the model too.
// Throws InvalidArgument when no names match, when the trial's size is implausible for the model (e.g.
// millimetres passed as metres), or for bad options. Frames whose markers cannot determine the pelvis
// come out NaN with a flag; coordinates no observed marker determines (e.g. an ankle whose foot markers
// are all missing) are NaN in that frame, with a flag naming them.
Motion inverse_kinematics(const Model& model, const Trial& trial, const IkOptions& options = {});

}  // namespace gaitchain
