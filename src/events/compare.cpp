#include "gaitchain/events/compare.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "gaitchain/core/error.hpp"

namespace gaitchain::events {
namespace {

bool covered(const Detection& truth, const Event& e) {
  if (truth.coverage.empty()) return true;
  return std::any_of(truth.coverage.begin(), truth.coverage.end(),
                     [&](const Interval& c) { return c.side == e.side && e.time >= c.begin && e.time <= c.end; });
}

}  // namespace

EventComparison compare_events(const std::vector<Event>& detected, const Detection& truth, double frame_s,
                               double tolerance_s) {
  if (!(tolerance_s > 0)) throw InvalidArgument("compare_events: the tolerance must be positive");
  if (!(frame_s > 0)) throw InvalidArgument("compare_events: the frame period must be positive");
  EventComparison out;
  out.frame_s = frame_s;
  for (Side side : {Side::left, Side::right})
    for (EventKind kind : {EventKind::foot_strike, EventKind::foot_off}) {
      std::vector<Event> t, d;
      for (const Event& e : truth.events)
        if (e.side == side && e.kind == kind) t.push_back(e);
      for (const Event& e : detected)
        if (e.side == side && e.kind == kind && covered(truth, e)) d.push_back(e);
      // Nearest pairs first, each event used once: the same answer as an optimal assignment whenever
      // events of one kind are further apart than twice the tolerance (a stride is 1 s, the tolerance 0.1 s).
      std::vector<std::tuple<double, std::size_t, std::size_t>> pairs;
      for (std::size_t i = 0; i < t.size(); ++i)
        for (std::size_t j = 0; j < d.size(); ++j)
          if (const double gap = std::abs(d[j].time - t[i].time); gap <= tolerance_s) pairs.emplace_back(gap, i, j);
      std::sort(pairs.begin(), pairs.end());
      std::vector<bool> t_used(t.size()), d_used(d.size());
      std::vector<EventPair> matched;
      for (const auto& [gap, i, j] : pairs) {
        if (t_used[i] || d_used[j]) continue;
        t_used[i] = d_used[j] = true;
        matched.push_back({t[i], d[j].time});
      }
      for (std::size_t i = 0; i < t.size(); ++i)
        if (!t_used[i]) out.missed.push_back(t[i]);
      for (std::size_t j = 0; j < d.size(); ++j)
        if (!d_used[j]) out.extra.push_back(d[j]);
      out.matched.insert(out.matched.end(), matched.begin(), matched.end());
    }
  std::sort(out.matched.begin(), out.matched.end(), [](const EventPair& a, const EventPair& b) { return a.truth.time < b.truth.time; });
  return out;
}

EventScore summarize(std::span<const EventComparison> comparisons, EventKind kind) {
  EventScore s;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> errors;
  int within_1 = 0, within_2 = 0;
  for (const EventComparison& c : comparisons) {
    for (const EventPair& p : c.matched) {
      if (p.truth.kind != kind) continue;
      const double e = p.error();
      errors.push_back(e);
      // A relative slack so an error of exactly one frame, computed from rounded times, counts as one frame.
      within_1 += std::abs(e) <= c.frame_s * (1 + 1e-6);
      within_2 += std::abs(e) <= 2 * c.frame_s * (1 + 1e-6);
    }
    for (const Event& e : c.missed) s.missed += e.kind == kind;
    for (const Event& e : c.extra) s.extra += e.kind == kind;
  }
  s.matched = static_cast<int>(errors.size());
  const int total = 2 * s.matched + s.missed + s.extra;
  s.f1 = total > 0 ? 2.0 * s.matched / total : nan;
  if (errors.empty()) {
    s.bias = s.mae = s.sd = s.within_1 = s.within_2 = nan;
    return s;
  }
  double sum = 0, abs_sum = 0;
  for (double e : errors) sum += e, abs_sum += std::abs(e);
  const auto n = static_cast<double>(errors.size());
  s.bias = sum / n;
  s.mae = abs_sum / n;
  double ss = 0;
  for (double e : errors) ss += (e - s.bias) * (e - s.bias);
  s.sd = errors.size() > 1 ? std::sqrt(ss / (n - 1)) : nan;
  s.within_1 = within_1 / n;
  s.within_2 = within_2 / n;
  return s;
}

}  // namespace gaitchain::events
