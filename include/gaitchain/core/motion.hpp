#pragma once
// A fitted motion: joint coordinates per frame, how well they fit, and how certain they are. Produced by
// inverse_kinematics(); read by event detection and metrics.
#include <Eigen/Core>
#include <string>
#include <vector>

#include "gaitchain/core/trial.hpp"

namespace gaitchain {

struct Motion {
  std::vector<std::string> coordinate_names;  // Model::coordinates order (OpenSim names)
  std::vector<bool> rotational;               // per coordinate: rad (true) or m (false)
  CoordinateArray coordinates;                // frames x coordinates; NaN where not determined
  // frames x coordinates: standard deviation of each coordinate (rad or m), sigma^2 (J^T W J)^-1 at the
  // solution with sigma the marker noise; 0 for locked coordinates, NaN where not determined.
  CoordinateArray uncertainty;
  std::vector<std::string> marker_names;      // the model markers found in the trial
  // frames x marker_names: distance (m) between each observed marker and its model position; NaN
  // where the marker was missing or the frame could not be fitted.
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> marker_error;
  Eigen::VectorXd marker_rms;                 // per frame: RMS of marker_error over observed markers (m)
  // Per frame: empty if every coordinate was determined, else why some or all are NaN.
  std::vector<std::string> flags;
  double marker_noise_m = 0.0;  // the sigma used for uncertainty (given, or estimated from the residuals)
  double rate = 0.0;            // Hz, as the trial
  long first_frame = 1;         // as Trial::first_frame: frame k lies at (first_frame - 1 + k) / rate
  std::vector<Event> events;    // copied from the trial

  std::size_t frame_count() const { return static_cast<std::size_t>(coordinates.rows()); }
  double time(std::size_t k) const { return (static_cast<double>(first_frame - 1) + static_cast<double>(k)) / rate; }
};

}  // namespace gaitchain
