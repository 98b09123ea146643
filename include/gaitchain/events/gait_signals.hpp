#pragma once
// What every gait-event detector reads: per side the heel and toe trajectories, the pelvis, the walking
// direction of each frame, and the force plates, all in the internal frame (m, X progression, Y left,
// Z up). Built from a Trial's markers (found by role: which marker is the heel, the toe, the pelvis)
// or from a fitted Motion (the model's heel, toe-tip and pelvis landmarks), so one detector serves both.
#include <Eigen/Core>
#include <array>
#include <map>
#include <string>
#include <vector>

#include "gaitchain/core/motion.hpp"
#include "gaitchain/core/side.hpp"
#include "gaitchain/core/trial.hpp"
#include "gaitchain/model/model.hpp"

namespace gaitchain::events {

using Series3 = Eigen::Matrix<double, Eigen::Dynamic, 3, Eigen::RowMajor>;  // frames x (x, y, z)

// The trial markers that play each role. A role may name several markers; its point is their mean in
// the frames where all of them are present (NaN elsewhere), so a missing marker never shifts the point.
// Role names: heel_r, heel_l, toe_r, toe_l (the forefoot: toe tip or 2nd metatarsal head), pelvis.
using MarkerRoles = std::map<std::string, std::vector<std::string>>;

// Roles found by name among `marker_names`. Each role takes the first candidate present from a table
// that covers the built-in marker sets (Plug-in Gait, OpenSim gait2354 and Rajagopal, the keypoint sets)
// and common lab spellings (RCAL, RMT2, RASIS, ...), matched without regard to case; see docs/events.md.
// `mapping` overrides roles (every name it gives must exist: InvalidArgument otherwise). Roles that are
// not found are absent from the result; the detector that needs one reports it.
MarkerRoles find_marker_roles(const std::vector<std::string>& marker_names, const MarkerRoles& mapping = {});

// Roles from a model's marker set instead of the name table: per side the markers on the foot nearest the
// heel and the toe-tip landmarks (within 5 cm at the template size), and every pelvis marker.
MarkerRoles marker_roles(const Model& model);

// Candidate names of a role, in the order find_marker_roles tries them ("pelvis" candidates are groups
// joined by '+', such as "RPSI+LPSI"). InvalidArgument for an unknown role.
std::vector<std::string> role_candidates(const std::string& role);

struct GaitSignals {
  double rate = 0.0;     // Hz
  long first_frame = 1;  // frame k lies at (first_frame - 1 + k) / rate, the capture clock
  std::array<Series3, 2> heel, toe;  // [side_index(side)], m; NaN where missing
  Series3 pelvis;                    // m; NaN where missing (all NaN without a pelvis role)
  // Per frame: unit horizontal walking direction (the pelvis' smoothed travel; +X on a treadmill); NaN
  // where the subject is not walking (standing, turning on the spot) or the pelvis is missing.
  Series3 progression;
  bool treadmill = false;         // the pelvis does not travel
  double walking_speed = 0.0;     // m/s: median travel speed overground, belt speed on a treadmill
  Eigen::Vector3d belt_velocity = Eigen::Vector3d::Zero();  // m/s; feet move with it in stance
  std::vector<ForcePlate> force_plates;
  MarkerRoles roles;  // which markers (or landmarks) each role came from; a missing role is absent
  std::string source;
  std::vector<std::string> notes;

  std::size_t frame_count() const { return static_cast<std::size_t>(pelvis.rows()); }
  double time(double frame) const { return (static_cast<double>(first_frame - 1) + frame) / rate; }
  double duration() const { return static_cast<double>(frame_count()) / rate; }
};

// Signals of a trial's markers and force plates. InvalidArgument for an invalid trial or a mapping that
// names absent markers.
GaitSignals gait_signals(const Trial& trial, const MarkerRoles& mapping = {});

// Signals of a fitted motion: the landmarks heel, toe_tip (per side) and mid_asis of `model` posed by
// the motion's coordinates, with the force plates given (e.g. the trial's). NaN frames stay NaN.
GaitSignals gait_signals(const Model& model, const Motion& motion, std::vector<ForcePlate> force_plates = {});

// Fills progression, treadmill, walking_speed and belt_velocity from the pelvis (or the feet when there
// is no pelvis). gait_signals() calls it; call it again after editing the trajectories by hand.
void estimate_progression(GaitSignals& signals);

}  // namespace gaitchain::events
