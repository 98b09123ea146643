#pragma once
// Peaks, valleys and level crossings of series with missing (NaN) samples, for gait-event detection.
// An extremum is only reported where the samples on both sides of it were seen: samples at either end
// of the series or next to a NaN are never peaks, and prominence is measured within the peak's run of
// valid samples.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <span>
#include <vector>

#include "gaitchain/core/error.hpp"

namespace gaitchain {

struct Peak {
  std::size_t index = 0;  // sample of the extremum (middle of a plateau, rounded down)
  double position = 0;    // sub-sample location: vertex of the parabola through index - 1, index, index + 1
  double value = 0;       // the parabola's value there
  double prominence = 0;  // height above the higher of the two reference minima (scipy's definition)
};

namespace detail {

// Parabolic refinement. The vertex is clamped to +-0.5 sample (it can only reach that on a plateau
// edge); `value` is then the parabola at the clamped position.
inline void refine_peak(std::span<const double> x, Peak& p) {
  const std::size_t i = p.index;
  p.position = static_cast<double>(i);
  p.value = x[i];
  if (i == 0 || i + 1 >= x.size() || std::isnan(x[i - 1]) || std::isnan(x[i + 1])) return;
  const double slope = (x[i + 1] - x[i - 1]) / 2, curvature = x[i - 1] - 2 * x[i] + x[i + 1];
  const double d = curvature != 0 ? std::clamp(-slope / curvature, -0.5, 0.5) : 0.0;
  p.position += d;
  p.value += d * slope + 0.5 * curvature * d * d;
}

}  // namespace detail

// Local maxima of `x` with prominence >= min_prominence, at least `min_distance` samples apart, sorted by
// index. A peak is a sample, or a plateau of equal samples (its middle is reported), strictly higher
// than the samples on either side. Prominence is scipy.signal.peak_prominences with the search for each
// side's minimum stopping at a NaN or the series end. min_distance is enforced as scipy.signal.find_peaks
// does (highest peak first, lower peaks closer than min_distance removed; of equal heights the later
// peak wins), but after the prominence filter, so a small bump cannot remove a prominent neighbour.
inline std::vector<Peak> find_peaks(std::span<const double> x, double min_prominence,
                                    std::size_t min_distance = 1) {
  if (std::isnan(min_prominence)) throw InvalidArgument("find_peaks: min_prominence is NaN");
  const std::size_t n = x.size();
  std::vector<Peak> peaks;
  // scipy's _local_maxima_1d. Every comparison with NaN is false, which keeps samples beside a NaN out.
  for (std::size_t i = 1; i + 1 < n; ++i) {
    if (!(x[i - 1] < x[i])) continue;
    std::size_t ahead = i + 1;
    while (ahead + 1 < n && x[ahead] == x[i]) ++ahead;
    if (!(x[ahead] < x[i])) continue;
    const std::size_t p = (i + ahead - 1) / 2;
    const double v = x[p];
    double left = v, right = v;
    for (std::size_t k = p; k > 0 && x[k - 1] <= v; --k) left = std::min(left, x[k - 1]);
    for (std::size_t k = p + 1; k < n && x[k] <= v; ++k) right = std::min(right, x[k]);
    if (v - std::max(left, right) >= min_prominence) peaks.push_back({p, 0, 0, v - std::max(left, right)});
    i = ahead;
  }
  if (min_distance > 1 && peaks.size() > 1) {
    std::vector<std::size_t> by_height(peaks.size());
    std::iota(by_height.begin(), by_height.end(), std::size_t{0});
    std::stable_sort(by_height.begin(), by_height.end(),
                     [&](std::size_t a, std::size_t b) { return x[peaks[a].index] < x[peaks[b].index]; });
    std::vector<bool> keep(peaks.size(), true);
    for (auto it = by_height.rbegin(); it != by_height.rend(); ++it) {
      const std::size_t j = *it;
      if (!keep[j]) continue;
      for (std::size_t k = j; k > 0 && peaks[j].index - peaks[k - 1].index < min_distance; --k) keep[k - 1] = false;
      for (std::size_t k = j + 1; k < peaks.size() && peaks[k].index - peaks[j].index < min_distance; ++k)
        keep[k] = false;
    }
    std::size_t m = 0;
    for (std::size_t j = 0; j < peaks.size(); ++j)
      if (keep[j]) peaks[m++] = peaks[j];
    peaks.resize(m);
  }
  for (Peak& p : peaks) detail::refine_peak(x, p);
  return peaks;
}

// Local minima: find_peaks of -x, reporting the values of x (prominence is the depth, positive).
inline std::vector<Peak> find_valleys(std::span<const double> x, double min_prominence,
                                      std::size_t min_distance = 1) {
  std::vector<double> negated(x.size());
  std::transform(x.begin(), x.end(), negated.begin(), [](double v) { return -v; });
  std::vector<Peak> valleys = find_peaks(negated, min_prominence, min_distance);
  for (Peak& v : valleys) v.value = -v.value;
  return valleys;
}

// Fractional sample positions where x crosses `level`, linearly interpolated, in increasing order.
// direction +1: upward, x[i] < level <= x[i + 1]; -1: downward, x[i] > level >= x[i + 1]; 0: both.
// (A series that touches the level from below and turns back gives one upward crossing and no downward
// one.) Sample pairs involving a NaN are skipped.
inline std::vector<double> crossings(std::span<const double> x, double level, int direction) {
  if (std::isnan(level)) throw InvalidArgument("crossings: level is NaN");
  if (direction < -1 || direction > 1) throw InvalidArgument("crossings: direction must be -1, 0 or +1");
  std::vector<double> out;
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    const double a = x[i], b = x[i + 1];  // NaN fails every comparison below
    if ((direction >= 0 && a < level && level <= b) || (direction <= 0 && a > level && level >= b))
      out.push_back(static_cast<double>(i) + (level - a) / (b - a));
  }
  return out;
}

}  // namespace gaitchain
