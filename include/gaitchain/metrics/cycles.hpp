#pragma once
// Gait cycles cut at foot strikes, and curves normalised to 0-100 % of the cycle (101 points).
#include <Eigen/Core>
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "gaitchain/core/side.hpp"
#include "gaitchain/core/trial.hpp"
#include "gaitchain/metrics/gait_data.hpp"

namespace gaitchain::metrics {

inline constexpr int cycle_points = 101;  // 0, 1, ..., 100 % of the cycle

// One stride of one foot: from its strike to its next strike, with the events between (NaN if absent).
struct Cycle {
  Side side = Side::right;
  double start = 0.0, end = 0.0;  // foot strikes of `side`, s (capture clock)
  double foot_off = std::numeric_limits<double>::quiet_NaN();              // of `side`
  double opposite_foot_off = std::numeric_limits<double>::quiet_NaN();     // first one after start
  double opposite_foot_strike = std::numeric_limits<double>::quiet_NaN();  // first one after start
  double duration() const { return end - start; }
  // Every event present and in the order of walking: opposite off < opposite strike < own off.
  bool complete() const;
  // Percent of the cycle at capture time t.
  double percent(double t) const { return 100.0 * (t - start) / (end - start); }
};

// The cycles of both sides in time order. A cycle spans two successive strikes of one foot with no other
// strike of that foot between; it is dropped when longer than max_duration_s (a gap in the events, a stop)
// or when a foot off of its own side is missing between the strikes (the events did not see the foot).
std::vector<Cycle> gait_cycles(const std::vector<Event>& events, double max_duration_s = 2.5);

// A series (one value per frame, frame k at time (first_frame - 1 + k) / rate) resampled on the cycle's
// 101 points by linear interpolation. All NaN if the cycle is not inside the series or any frame it spans
// is NaN: a cycle curve is either whole or absent.
Eigen::VectorXd normalize_cycle(const Eigen::Ref<const Eigen::VectorXd>& series, double rate, long first_frame,
                                const Cycle& cycle);

// Cycle curves of every angle variable: per side, the side's cycles and per variable a matrix with one
// row per cycle (101 columns, rad; rows of NaN for cycles the motion does not cover).
struct CycleCurves {
  std::array<std::vector<Cycle>, 2> cycles;           // [side_index]
  std::array<std::vector<Eigen::MatrixXd>, 2> curves;  // [side_index][variable_index]: cycles x 101
  const Eigen::MatrixXd& of(std::string_view variable, Side side) const {
    return curves[side_index(side)][variable_index(variable)];
  }
};
CycleCurves cycle_curves(const GaitData& data, const std::vector<Cycle>& cycles);

// Mean and SD (n - 1) over the rows without NaN, per point; NaN where fewer than 1 (mean) or 2 (SD) rows.
Eigen::VectorXd mean_curve(const Eigen::MatrixXd& curves);
Eigen::VectorXd sd_curve(const Eigen::MatrixXd& curves);

}  // namespace gaitchain::metrics
