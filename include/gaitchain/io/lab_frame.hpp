#pragma once
// The internal frame of a trial recorded in lab axes: Z up, X along the direction of progression, Y to
// the left (DESIGN.md). Found from the data, so files from Z-up and Y-up labs, walking either way along
// any axis, read the same.
//
// Vertical: the lab axis nearest the direction along which the body is longest (principal axis of the
// marker cloud, summed over frames), pointing to the side the markers lie on (lab origins sit on the
// floor). Force plates, when given, decide instead: their surface normal is the vertical.
// Progression: overground, the net horizontal displacement of the markers over the trial; on a
// treadmill (less than 0.25 m/s of net travel), the axis of largest horizontal marker velocity, pointing
// where the fast swing movements go (positive skew of the velocity). A trial without either (standing,
// a static calibration) faces away from its right-side markers: Y runs from the markers named R*/R./R_
// to their L*/L./L_ twins; without such pairs the first horizontal lab axis is kept.
#include <span>
#include <string>
#include <vector>

#include "gaitchain/core/rotation.hpp"
#include "gaitchain/core/trial.hpp"

namespace gaitchain::io {

struct LabAxes {
  Mat3 rotation = Mat3::Identity();  // internal = rotation * lab
  std::string how;                   // how the axes were found, in plain words (goes into Trial::notes)
};

// `points`: frames x 3*markers in lab axes, in metres (NaN where missing); `rate` in Hz; `names` the
// marker names (may be empty); `plates` in lab axes. InvalidArgument if no frame has 3 valid markers.
LabAxes detect_lab_axes(const PointArray& points, double rate, const std::vector<std::string>& names = {},
                        std::span<const ForcePlate> plates = {});

// Rotates a trial's points and plates by `rotation` (internal = rotation * current) and composes it
// into trial.lab_frame.
void rotate_trial(Trial& trial, const Mat3& rotation);

}  // namespace gaitchain::io
