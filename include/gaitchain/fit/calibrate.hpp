#pragma once
// Subject calibration: segment scale factors and marker positions fitted to a static trial (optionally
// plus frames of a dynamic trial), regularised toward the template so that what the data cannot tell
// apart stays where the template put it.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "gaitchain/core/trial.hpp"
#include "gaitchain/model/model.hpp"

namespace gaitchain {

struct CalibrationOptions {
  int static_frames = 20;           // frames used from the static trial, evenly spread
  const Trial* dynamic = nullptr;   // optional walking trial: its frames inform joint centres
  int dynamic_frames = 30;          // frames used from it, evenly spread
  // Prior standard deviations: how far the data must push before the fit leaves the template.
  double marker_sd_m = 0.02;        // marker position, per axis (m)
  double scale_sd = 0.10;           // segment scale factor, relative to the whole-body size fit
  double static_pose_sd_rad = 0.2;  // joint angles of the static pose around 0 (standing upright)
  // Static frames are expected to stand still; markers moving more than this (SD over the static
  // frames, m) make the calibration fail with a message naming them.
  double max_static_motion_m = 0.05;
};

struct Calibration {
  Model model;                       // the template with fitted scales and marker positions
  double size_factor = 1.0;          // whole-body size of the subject relative to the template
  std::vector<std::string> marker_names;  // model markers found in the static trial
  Eigen::VectorXd marker_rms;        // per marker: RMS distance to the data over the frames used (m)
  Eigen::VectorXd marker_moved;      // per marker: distance from its template place, neutral pose, fitted scales (m)
  double rms = 0.0;                  // over all markers and frames (m)
  // Per side (left, right): how far the foot below the ankle (joint axes, offsets, landmarks) was turned
  // about the vertical through the ankle centre to follow its heel and toe markers (rad, about +z;
  // toe-out is + on the left, - on the right). The chain has no joint for tibial torsion, so this is
  // where a toe-out stance goes. 0 when the foot has no heel and toe marker.
  double foot_axis_turn_rad[2] = {0.0, 0.0};
};

// Throws InvalidArgument when no marker names match, when the static trial's size is implausible for
// the template (more than 40 % off: give Model::lower_body the subject's height; or units in mm passed
// as m), when fewer than 2 usable frames remain, or when the subject moved during the static trial.
Calibration calibrate(const Model& template_model, const Trial& static_trial, const CalibrationOptions& options = {});

}  // namespace gaitchain
