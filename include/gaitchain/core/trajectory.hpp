#pragma once
// Sampled trajectories with missing samples. Missing is NaN; nothing here fills a gap unless asked to,
// and gap filling always takes a maximum gap length so long gaps stay missing.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "gaitchain/core/error.hpp"

namespace gaitchain {

// A run of missing samples [first, first + length).
struct Gap {
  std::size_t first = 0;
  std::size_t length = 0;
  bool operator==(const Gap&) const = default;
};

// Runs of NaN samples in a series, in order.
inline std::vector<Gap> find_gaps(std::span<const double> series) {
  std::vector<Gap> gaps;
  for (std::size_t i = 0; i < series.size();) {
    if (!std::isnan(series[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < series.size() && std::isnan(series[j])) ++j;
    gaps.push_back({i, j - i});
    i = j;
  }
  return gaps;
}

enum class GapFill { linear, cubic };

// Fills interior gaps of at most `max_gap` samples in place and returns how many samples it filled.
// Gaps touching either end of the series, and longer gaps, stay NaN. `cubic` is a cubic Hermite curve
// whose end slopes are one-sided differences just outside the gap: three-point (second order) where two
// valid samples lie beyond the gap edge, two-point where one does, the chord where none does. Validity
// is judged on the input, so the result does not depend on the order the gaps are filled in.
inline std::size_t fill_gaps(std::span<double> series, std::size_t max_gap, GapFill method = GapFill::cubic) {
  const std::size_t n = series.size();
  const std::vector<Gap> gaps = find_gaps(series);
  std::vector<bool> valid(n);
  for (std::size_t i = 0; i < n; ++i) valid[i] = !std::isnan(series[i]);
  std::vector<double> original(series.begin(), series.end());
  // Slope per sample at edge sample e, looking outward (direction -1: backward, +1: forward).
  auto edge_slope = [&](std::size_t e, int direction, double chord) {
    const auto at = [&](int k) -> std::optional<double> {
      const long i = static_cast<long>(e) + direction * k;
      if (i < 0 || i >= static_cast<long>(n) || !valid[i]) return std::nullopt;
      return original[i];
    };
    const auto y1 = at(1), y2 = at(2);
    if (y1 && y2) return -direction * (3 * original[e] - 4 * *y1 + *y2) / 2;
    if (y1) return -direction * (original[e] - *y1);
    return chord;
  };
  std::size_t filled = 0;
  for (const Gap& g : gaps) {
    if (g.first == 0 || g.first + g.length >= n || g.length > max_gap) continue;
    const std::size_t a = g.first - 1, b = g.first + g.length;  // valid neighbours
    const double ya = original[a], yb = original[b];
    const double span_len = static_cast<double>(b - a);
    const double chord = (yb - ya) / span_len;
    const double ma = method == GapFill::cubic ? edge_slope(a, -1, chord) : chord;
    const double mb = method == GapFill::cubic ? edge_slope(b, +1, chord) : chord;
    for (std::size_t i = g.first; i < b; ++i) {
      const double t = static_cast<double>(i - a) / span_len;
      const double t2 = t * t, t3 = t2 * t;
      series[i] = (2 * t3 - 3 * t2 + 1) * ya + (t3 - 2 * t2 + t) * span_len * ma + (-2 * t3 + 3 * t2) * yb +
                  (t3 - t2) * span_len * mb;
      ++filled;
    }
  }
  return filled;
}

// Central-difference derivative of a series sampled at `rate` Hz (one-sided at the ends and next to
// gaps). A sample with no valid neighbour, or that is NaN itself, gives NaN.
inline std::vector<double> derivative(std::span<const double> series, double rate) {
  if (!(rate > 0.0)) throw InvalidArgument("derivative: rate must be positive");
  const std::size_t n = series.size();
  std::vector<double> d(n, std::nan(""));
  auto ok = [&](std::size_t i) { return i < n && !std::isnan(series[i]); };
  for (std::size_t i = 0; i < n; ++i) {
    if (!ok(i)) continue;
    const bool prev = i > 0 && ok(i - 1), next = ok(i + 1);
    if (prev && next)
      d[i] = 0.5 * (series[i + 1] - series[i - 1]) * rate;
    else if (next)
      d[i] = (series[i + 1] - series[i]) * rate;
    else if (prev)
      d[i] = (series[i] - series[i - 1]) * rate;
  }
  return d;
}

// Median of the valid (non-NaN) samples; NaN when there are none.
inline double nan_median(std::vector<double> values) {
  std::erase_if(values, [](double x) { return std::isnan(x); });
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), mid, values.end());
  return *mid;
}

}  // namespace gaitchain
