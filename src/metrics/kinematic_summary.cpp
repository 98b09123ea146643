// Discrete kinematic parameters from cycle curves (101 points, 1 % apart). Windows that end between samples
// (a foot off at 59.4 %) are evaluated with the curve's linear interpolation there, so a parameter does not
// jump by a sample when the foot off moves by a fraction of a percent.
#include "gaitchain/metrics/kinematic_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gaitchain::metrics {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double last_percent = cycle_points - 1;

using Curve = Eigen::Ref<const Eigen::VectorXd>;

double value_at(const Curve& y, double percent) {
  if (!(percent >= 0.0 && percent <= last_percent)) return nan;
  const int i = std::min(static_cast<int>(std::floor(percent)), cycle_points - 2);
  const double t = percent - i;
  return t == 0.0 ? y[i] : t == 1.0 ? y[i + 1] : y[i] + t * (y[i + 1] - y[i]);
}

struct Extreme {
  double value = nan, percent = nan;
};

// Largest (sign +1) or smallest (sign -1) value over [a, b]: the interpolated ends and the samples between.
// The first occurrence wins. NaN for an empty or undefined window.
Extreme extreme(const Curve& y, double a, double b, double sign) {
  Extreme best;
  if (!(a >= 0.0 && b <= last_percent && a <= b)) return best;
  auto consider = [&](double p, double v) {
    if (std::isnan(best.value) || sign * v > sign * best.value) best = {v, p};
  };
  consider(a, value_at(y, a));
  for (int p = static_cast<int>(std::floor(a)) + 1; p < b; ++p) consider(p, y[p]);
  consider(b, value_at(y, b));
  return best;
}

// Mean of the piecewise-linear curve over [a, b] (trapezoidal integral / length).
double mean_over(const Curve& y, double a, double b) {
  if (!(a >= 0.0 && b <= last_percent && a <= b)) return nan;
  if (a == b) return value_at(y, a);
  double integral = 0.0, p = a, v = value_at(y, a);
  for (int k = static_cast<int>(std::floor(a)) + 1; k <= b; ++k) {
    integral += 0.5 * (v + y[k]) * (k - p);
    p = k;
    v = y[k];
  }
  if (p < b) integral += 0.5 * (v + value_at(y, b)) * (b - p);
  return integral / (b - a);
}

// The cycle's own foot off in % of the cycle; NaN when missing or outside the cycle.
double foot_off_percent(const Cycle& cycle) {
  const double fo = cycle.percent(cycle.foot_off);
  return fo > 0.0 && fo < last_percent ? fo : nan;
}

bool whole(const Eigen::MatrixXd& curves, int row) {
  return row < curves.rows() && curves.cols() == cycle_points && curves.row(row).allFinite();
}

}  // namespace

std::vector<VariableSummary> variable_summaries(const CycleCurves& curves) {
  std::vector<VariableSummary> out;
  for (Side side : {Side::left, Side::right}) {
    const int s = side_index(side);
    for (int c = 0; c < static_cast<int>(curves.cycles[s].size()); ++c) {
      const double fo = foot_off_percent(curves.cycles[s][static_cast<std::size_t>(c)]);
      for (std::string_view variable : angle_variables) {
        const Eigen::MatrixXd& m = curves.of(variable, side);
        if (!whole(m, c)) continue;
        const Eigen::VectorXd y = m.row(c).transpose();
        const Extreme lo = extreme(y, 0.0, last_percent, -1.0), hi = extreme(y, 0.0, last_percent, 1.0);
        VariableSummary row;
        row.side = side;
        row.cycle = c;
        row.variable = variable;
        row.min = lo.value;
        row.max = hi.value;
        row.range = hi.value - lo.value;
        row.percent_of_min = lo.percent;
        row.percent_of_max = hi.percent;
        row.at_foot_strike = y[0];
        row.mean_stance = mean_over(y, 0.0, fo);
        out.push_back(std::move(row));
      }
    }
  }
  return out;
}

std::vector<ClinicalParameter> clinical_parameters(const CycleCurves& curves) {
  enum class Kind { mean, range, max, min_negated, min, value };
  // A window end: a fixed percent of the cycle, or an offset from the cycle's foot off.
  struct End {
    double percent;
    bool from_foot_off;
  };
  constexpr auto at = [](double percent) { return End{percent, false}; };
  constexpr auto foot_off_plus = [](double offset) { return End{offset, true}; };
  struct Definition {
    std::string_view name, variable;
    Kind kind;
    End from, to;
  };
  // The table of kinematic_summary.hpp, row for row.
  static constexpr std::array<Definition, clinical_parameter_names.size()> definitions = {{
      {"pelvic_tilt_mean", "pelvis_tilt", Kind::mean, at(0), at(100)},
      {"pelvic_tilt_range", "pelvis_tilt", Kind::range, at(0), at(100)},
      {"pelvic_obliquity_range", "pelvis_obliquity", Kind::range, at(0), at(100)},
      {"pelvic_obliquity_max_stance", "pelvis_obliquity", Kind::max, at(0), foot_off_plus(0)},
      {"pelvic_rotation_range", "pelvis_rotation", Kind::range, at(0), at(100)},
      {"hip_flexion_at_foot_strike", "hip_flexion", Kind::value, at(0), at(0)},
      {"peak_hip_extension", "hip_flexion", Kind::min_negated, at(0), foot_off_plus(0)},
      {"hip_adduction_peak_stance", "hip_adduction", Kind::max, at(0), foot_off_plus(0)},
      {"hip_rotation_mean_stance", "hip_rotation", Kind::mean, at(0), foot_off_plus(0)},
      {"knee_flexion_at_foot_strike", "knee_flexion", Kind::value, at(0), at(0)},
      {"peak_knee_flexion_loading", "knee_flexion", Kind::max, at(0), at(20)},
      {"knee_flexion_min_stance", "knee_flexion", Kind::min, at(0), foot_off_plus(0)},
      {"peak_knee_flexion_swing", "knee_flexion", Kind::max, foot_off_plus(0), at(100)},
      {"ankle_dorsiflexion_at_foot_strike", "ankle_dorsiflexion", Kind::value, at(0), at(0)},
      {"peak_dorsiflexion_stance", "ankle_dorsiflexion", Kind::max, at(0), foot_off_plus(0)},
      {"ankle_dorsiflexion_at_foot_off", "ankle_dorsiflexion", Kind::value, foot_off_plus(0), foot_off_plus(0)},
      {"peak_plantarflexion_pushoff", "ankle_dorsiflexion", Kind::min_negated, foot_off_plus(-10), foot_off_plus(10)},
      {"foot_progression_mean_stance", "foot_progression", Kind::mean, at(0), foot_off_plus(0)},
  }};
  static_assert([] {
    for (std::size_t k = 0; k < definitions.size(); ++k)
      if (definitions[k].name != clinical_parameter_names[k]) return false;
    return true;
  }(), "definitions must follow clinical_parameter_names");
  // Windows around foot off are clipped to the cycle; a missing foot off (NaN) stays NaN through clamp.
  auto resolve = [](End end, double foot_off) {
    return end.from_foot_off ? std::clamp(foot_off + end.percent, 0.0, last_percent) : end.percent;
  };

  std::vector<ClinicalParameter> out;
  for (Side side : {Side::left, Side::right}) {
    const int s = side_index(side);
    for (int c = 0; c < static_cast<int>(curves.cycles[s].size()); ++c) {
      const double foot_off = foot_off_percent(curves.cycles[s][static_cast<std::size_t>(c)]);
      for (const Definition& d : definitions) {
        const Eigen::MatrixXd& m = curves.of(d.variable, side);
        if (!whole(m, c)) continue;
        const Eigen::VectorXd y = m.row(c).transpose();
        const double a = resolve(d.from, foot_off), b = resolve(d.to, foot_off);
        ClinicalParameter row{side, c, std::string(d.name), nan, nan};
        switch (d.kind) {
          case Kind::mean:
            row.value = mean_over(y, a, b);
            break;
          case Kind::range:
            row.value = extreme(y, a, b, 1.0).value - extreme(y, a, b, -1.0).value;
            break;
          case Kind::max: {
            const Extreme e = extreme(y, a, b, 1.0);
            row.value = e.value;
            row.percent = e.percent;
            break;
          }
          case Kind::min:
          case Kind::min_negated: {
            const Extreme e = extreme(y, a, b, -1.0);
            row.value = d.kind == Kind::min ? e.value : -e.value;
            row.percent = e.percent;
            break;
          }
          case Kind::value:
            row.value = value_at(y, a);
            row.percent = std::isnan(row.value) ? nan : a;
            break;
        }
        out.push_back(std::move(row));
      }
    }
  }
  return out;
}

}  // namespace gaitchain::metrics
