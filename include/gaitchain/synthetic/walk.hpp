#pragma once
// A synthetic walker with known truth: the ground truth for testing fitting, event detection and
// metrics. Joint-angle targets come from normative curves (Schwartz et al. 2008, interpolated between
// their speed groups by dimensionless speed); the feet follow prescribed footprints: in stance they
// roll over the heel, stand flat, then roll over the MTP joint without sliding; in swing they move on a
// smooth path. Every frame's coordinates are the pose closest to the targets that puts both feet exactly
// where they must be, so markers, coordinates and events agree exactly.
#include <cstdint>
#include <string>
#include <vector>

#include "gaitchain/core/side.hpp"
#include "gaitchain/core/trial.hpp"
#include "gaitchain/model/model.hpp"

namespace gaitchain {

// One injected compensation pattern (names of compensation_names(); units in docs/synthetic.md).
struct Compensation {
  std::string finding;
  Side side = Side::right;
  double magnitude = 0.0;
};

struct WalkOptions {
  double duration_s = 10.0;
  double rate_hz = 100.0;
  double speed_m_s = 1.3;
  double noise_m = 0.0;   // SD of Gaussian noise added to every marker coordinate
  double dropout = 0.0;   // fraction of marker samples removed, as gaps of 5 to 30 frames (NaN)
  std::uint64_t seed = 0;
  std::vector<Compensation> compensations;
  double height_m = 1.75;
  std::string marker_set = "plug-in-gait";
};

// A stride from one foot strike to the next of the same foot.
struct Stride {
  Side side = Side::right;
  double start = 0.0, end = 0.0;  // foot-strike times, s
  double length = 0.0;            // heel displacement between the two strikes, m
};

struct WalkTruth {
  Model model;                  // the model that generated the markers (knee_dofs 3 with knee_valgus)
  CoordinateArray coordinates;  // frames x model coordinates, rad and m
  std::vector<Event> events;    // foot strikes (heel touches the floor) and foot offs (toe tip leaves it)
  std::vector<Stride> strides;  // complete strides inside the trial
  double cadence_steps_per_min = 0.0;
  double step_length_m = 0.0;   // mean of left and right
  double stance_fraction = 0.0; // of the gait cycle
};

struct SyntheticWalk {
  Trial trial;
  WalkTruth truth;
};

SyntheticWalk synthetic_walk(const WalkOptions& options = {});

// The finding names synthetic_walk accepts (shared with the compensation report).
std::vector<std::string> compensation_names();

}  // namespace gaitchain
