#include "gaitchain/metrics/analysis.hpp"

#include <cmath>
#include <utility>

namespace gaitchain::metrics {
namespace {

constexpr double gravity = 9.81;  // m/s^2

std::vector<SpatiotemporalSummary> summarize_strides(const std::vector<StrideParameters>& strides) {
  using Field = double StrideParameters::*;
  const std::pair<const char*, Field> fields[] = {
      {"stride_time_s", &StrideParameters::stride_time_s},         {"step_time_s", &StrideParameters::step_time_s},
      {"cadence_steps_min", &StrideParameters::cadence_steps_min}, {"stride_length_m", &StrideParameters::stride_length_m},
      {"step_length_m", &StrideParameters::step_length_m},         {"step_width_m", &StrideParameters::step_width_m},
      {"speed_m_s", &StrideParameters::speed_m_s},                 {"stance_pct", &StrideParameters::stance_pct},
      {"swing_pct", &StrideParameters::swing_pct},                 {"double_support_pct", &StrideParameters::double_support_pct},
      {"single_support_pct", &StrideParameters::single_support_pct}};
  std::vector<SpatiotemporalSummary> out;
  for (const auto& [name, field] : fields) {
    std::vector<double> values[2];
    for (const StrideParameters& s : strides) values[side_index(s.side)].push_back(s.*field);
    SpatiotemporalSummary row{name, summarize(values[0]), summarize(values[1]), {}};
    row.symmetry = symmetry(row.left.mean, row.right.mean);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

Analysis analyze(const Model& model, const Motion& motion, std::vector<Event> events, const AnalysisOptions& options) {
  Analysis a;
  a.data = gait_data(model, motion, std::move(events));
  a.cycles = gait_cycles(a.data.events, options.max_cycle_s);
  a.curves = cycle_curves(a.data, a.cycles);
  a.strides = spatiotemporal(a.data, a.cycles, options.spatiotemporal);
  a.spatiotemporal = summarize_strides(a.strides);
  a.variables = variable_summaries(a.curves);
  a.parameters = clinical_parameters(a.curves);
  for (Side side : {Side::left, Side::right})
    if (a.curves.cycles[side_index(side)].empty())
      a.notes.push_back(std::string("no ") + std::string(to_string(side)) +
                        " cycle: the events hold no two strikes of that foot with its foot off between");

  std::vector<double> speeds;
  for (const StrideParameters& s : a.strides)
    if (std::isfinite(s.speed_m_s)) speeds.push_back(s.speed_m_s);
  const double leg = 0.5 * (a.data.leg_length_m[0] + a.data.leg_length_m[1]);
  a.dimensionless_speed = speeds.empty() ? std::nan("") : summarize(speeds).mean / std::sqrt(gravity * leg);
  std::string group = options.normative_group;
  if (group.empty()) {
    if (std::isfinite(a.dimensionless_speed)) {
      group = std::string(normative_group_for_speed(a.dimensionless_speed));
    } else {
      group = "Free";
      a.notes.push_back("walking speed unknown (no stride length): normative curves of the Free speed group");
    }
  }
  a.normative = builtin_normative(group);
  a.scores = gait_scores(a.curves, a.normative);
  a.findings = compensations(a.data, a.curves, a.strides);
  return a;
}

}  // namespace gaitchain::metrics
