#pragma once
// What every metric reads: the angles of both sides in the clinical (Plug-in Gait) sense of each side,
// the foot and pelvis trajectories, the walking direction and the events, all from one fitted Motion.
// Built once per trial by gait_data(); the metrics are plain functions of it, so a trial fitted offline,
// a frame-by-frame online fit or a synthetic truth all go through the same code.
#include <Eigen/Core>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/core/motion.hpp"
#include "gaitchain/core/side.hpp"
#include "gaitchain/core/trial.hpp"
#include "gaitchain/events/gait_signals.hpp"
#include "gaitchain/model/model.hpp"

namespace gaitchain::metrics {

using events::Series3;

// The angle variables of each side, in radians, with Plug-in Gait's clinical signs for that side (the
// left side's obliquity, rotation, adduction... mean the same as the right's; docs/metrics.md):
//   pelvis_tilt (anterior +), pelvis_obliquity (this side up +), pelvis_rotation (this side forward +):
//     the pelvis in the progression frame (X = walking direction of the frame, Z up);
//   hip_flexion, hip_adduction, hip_rotation (internal +), knee_flexion, knee_adduction (varus +),
//   knee_rotation (internal +; knee adduction and rotation are NaN for a 1-dof knee), ankle_dorsiflexion, subtalar_inversion,
//   mtp_extension: the model's joint coordinates;
//   foot_progression: the foot's long axis (heel to toe tip) against the walking direction in the
//     horizontal plane, internal (toe-in) +;
//   trunk_tilt (forward +), trunk_obliquity (this side up +), trunk_rotation (this side forward +):
//     the torso in the progression frame;
//   lumbar_flexion (forward +), lumbar_bending (toward this side +), lumbar_rotation (trunk toward this
//     side +): the torso on the pelvis.
//   foot_pitch: the foot's long axis (heel to toe tip) against the floor, toes up + (0 when the sole is
//     flat; the strike pattern reads it at foot strike).
inline constexpr std::array<std::string_view, 20> angle_variables = {
    "pelvis_tilt",        "pelvis_obliquity", "pelvis_rotation",  "hip_flexion",     "hip_adduction",
    "hip_rotation",       "knee_flexion",     "knee_adduction",   "knee_rotation",   "ankle_dorsiflexion",
    "subtalar_inversion", "mtp_extension",    "foot_progression", "trunk_tilt",      "trunk_obliquity",
    "trunk_rotation",     "lumbar_flexion",   "lumbar_bending",   "lumbar_rotation", "foot_pitch"};

// Index of a variable in angle_variables; InvalidArgument for an unknown name.
int variable_index(std::string_view name);

struct GaitData {
  double rate = 0.0;     // Hz
  long first_frame = 1;  // frame k lies at (first_frame - 1 + k) / rate, the capture clock
  std::vector<Event> events;  // sorted by time
  // [side_index(side)]: frames x angle_variables, rad; NaN where the motion was not determined.
  std::array<Eigen::MatrixXd, 2> angles;
  // Heel contact point, toe tip and mid-ASIS of the model, progression, treadmill and walking speed.
  events::GaitSignals signals;
  std::array<Series3, 2> hip;             // hip joint centres [side], m
  std::array<double, 2> leg_length_m{};   // hip centre to ankle centre via the knee, [side]
  double height_m = 0.0;
  std::string source;

  std::size_t frame_count() const { return static_cast<std::size_t>(signals.frame_count()); }
  double time(double frame) const { return (static_cast<double>(first_frame - 1) + frame) / rate; }
  // Fractional frame index of capture time t.
  double frame_at(double t) const { return t * rate - static_cast<double>(first_frame - 1); }
  // The series of one variable and side (a view into angles).
  auto angle(std::string_view variable, Side side) const { return angles[side_index(side)].col(variable_index(variable)); }
};

// The data of a fitted motion. `events` are the ones to cut cycles with (detected, from plates, or the
// trial's stored ones); InvalidArgument if the motion and model do not match or the motion is empty.
// Joint angles of locked coordinates (uncertainty exactly 0) are NaN: held values are not measurements.
GaitData gait_data(const Model& model, const Motion& motion, std::vector<Event> events);

}  // namespace gaitchain::metrics
