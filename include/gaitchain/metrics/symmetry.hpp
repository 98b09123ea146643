#pragma once
// Left-right symmetry of one parameter, and the per-side summary (mean, SD, CV) it is computed from.
#include <span>

namespace gaitchain::metrics {

// Three common symmetry measures of a left and a right value (e.g. mean step lengths). Each is NaN
// where it is undefined for the inputs or an input is NaN or infinite.
struct Symmetry {
  // Symmetry index (Robinson et al. 1987): 100 (left - right) / (0.5 (left + right)), %; 0 is symmetric,
  // positive = left larger. NaN when left + right = 0.
  double index;
  // Symmetry ratio left / right; 1 is symmetric. NaN when right = 0 or the signs differ.
  double ratio;
  // Gait asymmetry (Plotnik et al. 2007, there |ln(swing ratio)| x 100): 100 ln(left / right), %, with
  // the sign kept (positive = left larger); NaN unless left / right > 0.
  double gait_asymmetry;
};
Symmetry symmetry(double left, double right);

// Mean, SD (n - 1) and coefficient of variation 100 SD / |mean| (%) of the values that are not NaN; n
// counts them. mean is NaN for n = 0, sd and cv_pct for n < 2, cv_pct also for a zero mean.
// InvalidArgument for an infinite value (a computation gone wrong, not missing data).
struct SideSummary {
  double mean, sd, cv_pct;
  int n;
};
SideSummary summarize(std::span<const double> values);

}  // namespace gaitchain::metrics
