#include "gaitchain/metrics/cycles.hpp"

#include <algorithm>
#include <cmath>

#include "gaitchain/core/error.hpp"

namespace gaitchain::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Time of the first event of `side` and `kind` in (after, before), NaN if none.
double first_between(const std::vector<Event>& events, Side side, EventKind kind, double after, double before) {
  for (const Event& e : events)
    if (e.side == side && e.kind == kind && e.time > after && e.time < before) return e.time;
  return kNaN;
}

}  // namespace

bool Cycle::complete() const {
  return std::isfinite(foot_off) && std::isfinite(opposite_foot_off) && std::isfinite(opposite_foot_strike) &&
         start < opposite_foot_off && opposite_foot_off < opposite_foot_strike && opposite_foot_strike < foot_off &&
         foot_off < end;
}

std::vector<Cycle> gait_cycles(const std::vector<Event>& events, double max_duration_s) {
  if (!(max_duration_s > 0)) throw InvalidArgument("gait_cycles: max_duration_s must be positive");
  std::vector<Event> sorted = events;
  std::sort(sorted.begin(), sorted.end(), [](const Event& a, const Event& b) { return a.time < b.time; });
  std::vector<Cycle> cycles;
  for (Side side : {Side::left, Side::right}) {
    std::vector<double> strikes;
    for (const Event& e : sorted)
      if (e.side == side && e.kind == EventKind::foot_strike) strikes.push_back(e.time);
    for (std::size_t i = 0; i + 1 < strikes.size(); ++i) {
      Cycle c;
      c.side = side;
      c.start = strikes[i];
      c.end = strikes[i + 1];
      if (!(c.end - c.start <= max_duration_s) || !(c.end > c.start)) continue;
      c.foot_off = first_between(sorted, side, EventKind::foot_off, c.start, c.end);
      // Without its own foot off the events did not follow this foot through the stride (a gap, an
      // edge of the plates' view): the stride cannot be timed, so it is no cycle.
      if (std::isnan(c.foot_off)) continue;
      c.opposite_foot_off = first_between(sorted, opposite(side), EventKind::foot_off, c.start, c.end);
      c.opposite_foot_strike = first_between(sorted, opposite(side), EventKind::foot_strike, c.start, c.end);
      cycles.push_back(c);
    }
  }
  std::sort(cycles.begin(), cycles.end(), [](const Cycle& a, const Cycle& b) { return a.start < b.start; });
  return cycles;
}

Eigen::VectorXd normalize_cycle(const Eigen::Ref<const Eigen::VectorXd>& series, double rate, long first_frame,
                                const Cycle& cycle) {
  if (!(rate > 0)) throw InvalidArgument("normalize_cycle: rate must be positive");
  if (!(cycle.end > cycle.start)) throw InvalidArgument("normalize_cycle: the cycle must end after it starts");
  Eigen::VectorXd out = Eigen::VectorXd::Constant(cycle_points, kNaN);
  const double offset = static_cast<double>(first_frame - 1);
  const double f0 = cycle.start * rate - offset, f1 = cycle.end * rate - offset;
  const auto n = series.size();
  if (f0 < 0 || f1 > static_cast<double>(n - 1)) return out;
  const auto k0 = static_cast<Eigen::Index>(std::floor(f0)), k1 = static_cast<Eigen::Index>(std::ceil(f1));
  if (!series.segment(k0, k1 - k0 + 1).allFinite()) return out;
  for (int p = 0; p < cycle_points; ++p) {
    const double f = f0 + (f1 - f0) * p / (cycle_points - 1);
    const auto k = std::min(static_cast<Eigen::Index>(std::floor(f)), n - 2);
    const double w = f - static_cast<double>(k);
    out[p] = (1.0 - w) * series[k] + w * series[k + 1];
  }
  return out;
}

CycleCurves cycle_curves(const GaitData& data, const std::vector<Cycle>& cycles) {
  CycleCurves out;
  for (const Cycle& c : cycles) out.cycles[side_index(c.side)].push_back(c);
  for (Side side : {Side::left, Side::right}) {
    const int s = side_index(side);
    const auto& mine = out.cycles[s];
    out.curves[s].assign(angle_variables.size(), Eigen::MatrixXd());
    for (std::size_t v = 0; v < angle_variables.size(); ++v) {
      Eigen::MatrixXd m(static_cast<Eigen::Index>(mine.size()), cycle_points);
      const Eigen::VectorXd series = data.angles[s].col(static_cast<Eigen::Index>(v));
      for (std::size_t i = 0; i < mine.size(); ++i)
        m.row(static_cast<Eigen::Index>(i)) = normalize_cycle(series, data.rate, data.first_frame, mine[i]).transpose();
      out.curves[s][v] = std::move(m);
    }
  }
  return out;
}

namespace {
std::vector<Eigen::Index> whole_rows(const Eigen::MatrixXd& curves) {
  std::vector<Eigen::Index> rows;
  for (Eigen::Index r = 0; r < curves.rows(); ++r)
    if (curves.row(r).allFinite()) rows.push_back(r);
  return rows;
}
}  // namespace

Eigen::VectorXd mean_curve(const Eigen::MatrixXd& curves) {
  const auto rows = whole_rows(curves);
  Eigen::VectorXd out = Eigen::VectorXd::Constant(curves.cols(), kNaN);
  if (rows.empty()) return out;
  out.setZero();
  for (auto r : rows) out += curves.row(r).transpose();
  return out / static_cast<double>(rows.size());
}

Eigen::VectorXd sd_curve(const Eigen::MatrixXd& curves) {
  const auto rows = whole_rows(curves);
  Eigen::VectorXd out = Eigen::VectorXd::Constant(curves.cols(), kNaN);
  if (rows.size() < 2) return out;
  const Eigen::VectorXd mean = mean_curve(curves);
  out.setZero();
  for (auto r : rows) out += (curves.row(r).transpose() - mean).cwiseAbs2();
  return (out / static_cast<double>(rows.size() - 1)).cwiseSqrt();
}

}  // namespace gaitchain::metrics
