#pragma once
// A captured (or synthesised) walking trial: marker or keypoint trajectories in the internal frame
// (metres; X progression, Y left, Z up), their sample rate, the capture clock, and gait events.
#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/core/error.hpp"
#include "gaitchain/core/rotation.hpp"
#include "gaitchain/core/side.hpp"

namespace gaitchain {

// frames x (3 * markers), row-major: row f holds x, y, z of marker 0, then marker 1, ... This is the
// memory layout of a C-ordered numpy array of shape (frames, markers, 3).
using PointArray = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// frames x coordinates (a motion), row-major like a C-ordered numpy array.
using CoordinateArray = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

enum class EventKind { foot_strike, foot_off };

constexpr std::string_view to_string(EventKind k) { return k == EventKind::foot_strike ? "foot_strike" : "foot_off"; }

struct Event {
  double time = 0.0;  // s, capture clock
  Side side = Side::right;
  EventKind kind = EventKind::foot_strike;
  bool operator==(const Event&) const = default;
};

// Ground reaction measured by one force plate, in the trial's frame (the internal frame once read into a
// Trial) and SI units. Sample j lies at start_time + j / rate on the capture clock.
struct ForcePlate {
  using Series = Eigen::Matrix<double, Eigen::Dynamic, 3, Eigen::RowMajor>;
  // Below this normal force the centre of pressure is undefined (noise over a near-zero divisor) and
  // is reported as NaN. 10 N is about 1.5 % of body weight, above the noise of lab plates (< 5 N).
  static constexpr double cop_minimum_force = 10.0;  // N

  Series force;   // N, reaction of the plate on the subject: the vertical component is positive under load
  Series moment;  // N m, free moment on the subject about the centre of pressure (normal to the surface)
  Series cop;     // m, centre of pressure on the plate surface; NaN while the normal force is small
  Eigen::Matrix<double, 4, 3, Eigen::RowMajor> corners = Eigen::Matrix<double, 4, 3, Eigen::RowMajor>::Zero();  // m
  double rate = 0.0;        // Hz
  double start_time = 0.0;  // s, time of sample 0 on the capture clock
  int type = 0;             // C3D FORCE_PLATFORM:TYPE (1-4); 0 for plates read from a GRF table
  std::string name;         // "FP1", ... or the GRF table's column prefix

  std::size_t sample_count() const { return static_cast<std::size_t>(force.rows()); }
  double time(std::size_t j) const { return start_time + static_cast<double>(j) / rate; }
};

// How a file's coordinates map to the internal frame: internal = rotation * (scale * file). Kept on the
// Trial so results can be written back in the file's own axes and units.
struct LabFrame {
  Mat3 rotation = Mat3::Identity();
  double scale = 1.0;        // file units -> m
  std::string units = "m";   // the file's length unit
};

struct Trial {
  std::vector<std::string> marker_names;
  PointArray points;  // frames x 3*markers, m, NaN where missing
  double rate = 0.0;  // Hz
  // Capture frame number (1-based) of the first sample: sample k lies at (first_frame - 1 + k) / rate,
  // the clock of C3D EVENT times.
  long first_frame = 1;
  std::vector<Event> events;  // sorted by time
  std::vector<ForcePlate> force_plates;
  LabFrame lab_frame;               // identity for data created in the internal frame
  std::string source;               // the file it was read from, if any
  std::vector<std::string> notes;   // what a reader converted, repaired or skipped, in plain words

  std::size_t frame_count() const { return static_cast<std::size_t>(points.rows()); }
  std::size_t marker_count() const { return marker_names.size(); }
  double time(std::size_t k) const { return (static_cast<double>(first_frame - 1) + static_cast<double>(k)) / rate; }

  // Index of a marker by name, or -1.
  int find_marker(std::string_view name) const {
    for (std::size_t i = 0; i < marker_names.size(); ++i)
      if (marker_names[i] == name) return static_cast<int>(i);
    return -1;
  }

  // Throws InvalidArgument if sizes, rate or names are inconsistent.
  void validate() const {
    if (!(rate > 0.0)) throw InvalidArgument("Trial: rate must be a positive number of Hz");
    if (points.cols() != static_cast<Eigen::Index>(3 * marker_names.size()))
      throw InvalidArgument("Trial: points has " + std::to_string(points.cols()) + " columns but " +
                            std::to_string(marker_names.size()) + " markers need " +
                            std::to_string(3 * marker_names.size()));
  }
};

}  // namespace gaitchain
