#include "gaitchain/metrics/symmetry.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "gaitchain/core/error.hpp"

namespace gaitchain::metrics {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

Symmetry symmetry(double left, double right) {
  Symmetry s{kNaN, kNaN, kNaN};
  if (!std::isfinite(left) || !std::isfinite(right)) return s;
  const double sum = left + right;
  if (sum != 0.0) s.index = 100.0 * (left - right) / (0.5 * sum);  // Robinson et al. 1987
  // A ratio of values with opposite signs (or a zero denominator) says nothing about symmetry.
  if (right != 0.0 && !(left * right < 0.0)) s.ratio = left / right;
  if (s.ratio > 0.0) s.gait_asymmetry = 100.0 * std::log(s.ratio);  // Plotnik et al. 2007, signed
  return s;
}

SideSummary summarize(std::span<const double> values) {
  double sum = 0.0;
  int n = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isinf(values[i])) throw InvalidArgument("summarize: value " + std::to_string(i) + " is infinite");
    if (!std::isnan(values[i])) sum += values[i], ++n;
  }
  SideSummary s{kNaN, kNaN, kNaN, n};
  if (n == 0) return s;
  s.mean = sum / n;
  if (n < 2) return s;
  double squares = 0.0;  // two passes: no cancellation for values far from zero
  for (double v : values)
    if (!std::isnan(v)) squares += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(squares / (n - 1));
  if (s.mean != 0.0) s.cv_pct = 100.0 * s.sd / std::abs(s.mean);
  return s;
}

}  // namespace gaitchain::metrics
