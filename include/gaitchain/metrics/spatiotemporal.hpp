#pragma once
// Spatiotemporal parameters per stride: times from the events, distances from the heel contact points.
#include <limits>
#include <vector>

#include "gaitchain/core/side.hpp"
#include "gaitchain/metrics/cycles.hpp"
#include "gaitchain/metrics/gait_data.hpp"

namespace gaitchain::metrics {

// One row per cycle. NaN where the events or the heels do not allow a value (a missing foot off, a gap).
struct StrideParameters {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  Side side = Side::right;
  double start = nan;               // the cycle's first foot strike, s (capture clock)
  double stride_time_s = nan;       // strike to strike of this foot
  double step_time_s = nan;         // the opposite foot's strike before `start` to `start`
  double cadence_steps_min = nan;   // 120 / stride time
  double stride_length_m = nan;     // horizontal distance between the heel's two footprints (+ belt travel)
  // From the opposite footprint (its strike before `start`) to this heel at `start`, along / across the
  // opposite foot's stride line (to cycle.opposite_foot_strike): two steps add up to a stride, and the
  // pelvis' sway does not leak into the width. Width is signed: negative when the feet cross.
  double step_length_m = nan;
  double step_width_m = nan;
  double speed_m_s = nan;           // stride length / stride time
  double stance_pct = nan, swing_pct = nan;                     // of the cycle
  double double_support_pct = nan, single_support_pct = nan;    // of the cycle (both double supports)
};

struct SpatiotemporalOptions {
  // Treadmill belt speed (m/s) for stride lengths and speed on a treadmill; NaN: the belt speed
  // estimated from the feet in stance (GaitSignals::walking_speed). Ignored overground.
  double treadmill_speed_m_s = std::numeric_limits<double>::quiet_NaN();
};

std::vector<StrideParameters> spatiotemporal(const GaitData& data, const std::vector<Cycle>& cycles,
                                             const SpatiotemporalOptions& options = {});

}  // namespace gaitchain::metrics
