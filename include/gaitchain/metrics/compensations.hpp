#pragma once
// The foot-to-spine compensation report: one finding per pattern and side, each measured on the cycles of
// a trial, set against a healthy reference (mean, SD, source) and flagged when it lies outside it.
// The references are data (reference_values(), src/metrics/reference_values.cpp), each with its source
// and population; docs/metrics.md says what every value measures.
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/metrics/cycles.hpp"
#include "gaitchain/metrics/gait_data.hpp"
#include "gaitchain/metrics/spatiotemporal.hpp"

namespace gaitchain::metrics {

// A healthy reference for one finding's measure, in presentation units (degrees, leg lengths, ratio).
struct ReferenceValue {
  std::string finding, measure, unit;
  double mean = 0.0, sd = 0.0;
  int direction = 0;     // +1: flag when high, -1: flag when low, 0: either way
  double z_limit = 2.0;  // flag when the z-score passes this many SDs in `direction`
  std::string population, source;
};

// The reference table: one row per finding of compensation_names() (synthetic/walk.hpp) plus
// strike_pattern. Each row says where its numbers come from, or how they were derived.
const std::vector<ReferenceValue>& reference_values();
// The row of one finding; InvalidArgument for an unknown name.
const ReferenceValue& reference_value(std::string_view finding);

// Foot strike pattern from the foot angle at contact (foot_pitch at foot strike, toes up +, deg):
// heel above heel_above_deg, forefoot below forefoot_below_deg, midfoot between.
struct StrikePatternBoundaries {
  double heel_above_deg = 0.0, forefoot_below_deg = 0.0;
  std::string source;
};
const StrikePatternBoundaries& strike_pattern_boundaries();
// "heel", "midfoot" or "forefoot"; "unknown" for NaN.
std::string_view strike_pattern(double foot_angle_deg);

struct Finding {
  std::string finding;  // a name of compensation_names(), or "strike_pattern"
  std::string side;     // "left", "right" or "both"
  double value = 0.0;   // the measure of reference_value(finding), mean over the side's complete cycles
  std::string unit;
  double normal_mean = 0.0, normal_sd = 0.0;
  double z = 0.0;        // (value - normal_mean) / normal_sd
  bool flagged = false;  // z beyond the reference's limit in its direction (strike_pattern: not a heel strike)
  std::string text;      // one plain sentence describing the pattern with its numbers; no diagnosis
  std::string source;    // of the reference
};

// The findings of a trial, in the order of reference_values(): per-side findings once per side with at
// least one complete cycle, bilateral ones (trunk_forward_lean, lumbar_excursion) once with side "both",
// asymmetries (pelvic_rotation_asymmetry, step_length_asymmetry) once on the side that is larger. A
// finding the data cannot measure (no complete cycle, NaN angles, a 1-dof knee) has value NaN,
// flagged false and a text that says why. `strides` are spatiotemporal(data, cycles) of the same cycles.
std::vector<Finding> compensations(const GaitData& data, const CycleCurves& curves,
                                   const std::vector<StrideParameters>& strides);

}  // namespace gaitchain::metrics
