#pragma once
// Scoring detected events against a truth (force-plate contacts, events stored in a file, or a synthetic
// walker's). Events are matched one to one, per foot and kind, nearest first within a tolerance; only
// detected events inside the truth's coverage are scored, so a detector is not charged with "extra"
// events on steps the truth could not see (most steps of an overground trial miss the plates).
#include <span>
#include <vector>

#include "gaitchain/core/trial.hpp"
#include "gaitchain/events/detectors.hpp"

namespace gaitchain::events {

struct EventPair {
  Event truth;
  double detected = 0.0;  // s
  double error() const { return detected - truth.time; }  // s, positive when the detector is late
};

struct EventComparison {
  std::vector<EventPair> matched;
  std::vector<Event> missed;  // truth events with no detected event within the tolerance
  std::vector<Event> extra;   // detected events inside the truth's coverage left unmatched
  double frame_s = 0.0;       // the trial's frame period, for the "within one frame" counts
};

// `truth.coverage` empty means the truth covers the whole trial. InvalidArgument if tolerance_s <= 0 or
// frame_s <= 0.
EventComparison compare_events(const std::vector<Event>& detected, const Detection& truth, double frame_s,
                               double tolerance_s = 0.1);

struct EventScore {
  int matched = 0, missed = 0, extra = 0;
  double f1 = 0.0;                            // 2 matched / (2 matched + missed + extra); NaN if all are 0
  double bias = 0.0, mae = 0.0, sd = 0.0;     // s, over matched events (NaN without; sd NaN below 2)
  double within_1 = 0.0, within_2 = 0.0;      // fraction of matched events within 1 (2) frames of truth
};

// Pooled over comparisons (trials) for one event kind; within_1/2 use each trial's own frame period.
EventScore summarize(std::span<const EventComparison> comparisons, EventKind kind);

}  // namespace gaitchain::events
