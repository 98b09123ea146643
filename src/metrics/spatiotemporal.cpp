#include "gaitchain/metrics/spatiotemporal.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "gaitchain/core/error.hpp"

namespace gaitchain::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Event times are copied, not computed, so they match to rounding; this only absorbs float noise.
constexpr double kTimeTolerance = 1e-9;  // s
const Eigen::Vector3d kNaN3 = Eigen::Vector3d::Constant(kNaN);

std::string describe(const Cycle& c) {
  return std::string(to_string(c.side)) + " cycle " + std::to_string(c.start) + "-" + std::to_string(c.end) + " s";
}

bool inside_data(const GaitData& data, double t) {
  const double f = data.frame_at(t);
  const double last = static_cast<double>(data.frame_count()) - 1.0;
  const double slack = kTimeTolerance * data.rate;
  return f >= -slack && f <= last + slack;
}

// A Series3 sampled at capture time t, linear between the two neighbouring frames; NaN if either is NaN
// or t lies outside the frames (the caller decides whether that is an error).
Eigen::Vector3d sample(const GaitData& data, const Series3& series, double t) {
  if (!std::isfinite(t) || !inside_data(data, t)) return kNaN3;
  const auto last = static_cast<Eigen::Index>(data.frame_count()) - 1;
  const double f = std::clamp(data.frame_at(t), 0.0, static_cast<double>(last));
  const auto k0 = std::min(static_cast<Eigen::Index>(std::floor(f)), last);
  const auto k1 = std::min<Eigen::Index>(k0 + 1, last);
  const double w = f - static_cast<double>(k0);
  const Eigen::Vector3d a = series.row(k0).transpose(), b = series.row(k1).transpose();
  if (w == 0.0) return a;  // exactly on a frame: the neighbour's NaN must not matter
  return (1.0 - w) * a + w * b;  // NaN propagates
}

// Horizontal unit walking direction over an interval: the mean of the pelvis' progression at its two ends.
// NaN where either end is not walking (standing, turning on the spot) or the pelvis is missing.
Eigen::Vector3d walking_direction(const GaitData& data, double t0, double t1) {
  Eigen::Vector3d d = sample(data, data.signals.progression, t0) + sample(data, data.signals.progression, t1);
  d.z() = 0.0;
  const double norm = d.norm();
  if (!(norm > 1e-6)) return kNaN3;  // NaN, or opposite headings
  return d / norm;
}

// Horizontal ground distance from a heel at time t0 to a heel at t1 (one foot, or two feet). On a
// treadmill a foot standing on the belt rides back along the walking direction at the belt speed, so
// the ground distance is the lab displacement plus belt speed x (t1 - t0) along the walking direction.
// NaN unless the subject walks at both ends (the metric is only defined while walking).
Eigen::Vector3d ground_travel(const GaitData& data, const Eigen::Vector3d& heel0, double t0,
                              const Eigen::Vector3d& heel1, double t1, double belt_speed) {
  const Eigen::Vector3d heading = walking_direction(data, t0, t1);
  Eigen::Vector3d d = heel1 - heel0 + belt_speed * (t1 - t0) * heading;
  d.z() = 0.0;
  return heading.allFinite() ? d : kNaN3;
}

// Latest foot strike of `side` strictly before t, or NaN.
double strike_before(const std::vector<Event>& events, Side side, double t) {
  double found = kNaN;
  for (const Event& e : events)
    if (e.side == side && e.kind == EventKind::foot_strike && e.time < t - kTimeTolerance) found = e.time;
  return found;
}

void check_inputs(const GaitData& data, const SpatiotemporalOptions& options) {
  if (!(data.rate > 0)) throw InvalidArgument("spatiotemporal: the data's rate must be positive");
  const auto n = static_cast<Eigen::Index>(data.frame_count());
  for (const Series3* s : {&data.signals.heel[0], &data.signals.heel[1], &data.signals.progression})
    if (s->rows() != n)
      throw InvalidArgument("spatiotemporal: heel and progression series must have " + std::to_string(n) +
                            " frames, one has " + std::to_string(s->rows()));
  if (std::isfinite(options.treadmill_speed_m_s) && options.treadmill_speed_m_s < 0)
    throw InvalidArgument("spatiotemporal: treadmill_speed_m_s must not be negative, got " +
                          std::to_string(options.treadmill_speed_m_s));
  if (std::isinf(options.treadmill_speed_m_s)) throw InvalidArgument("spatiotemporal: treadmill_speed_m_s is infinite");
}

void check_cycle(const GaitData& data, const Cycle& c) {
  if (!std::isfinite(c.start) || !std::isfinite(c.end) || !(c.end > c.start))
    throw InvalidArgument("spatiotemporal: " + describe(c) + " needs finite strikes with end after start");
  if (!inside_data(data, c.start) || !inside_data(data, c.end))
    throw InvalidArgument("spatiotemporal: " + describe(c) + " lies outside the data (" +
                          std::to_string(data.time(0)) + "-" +
                          std::to_string(data.time(static_cast<double>(data.frame_count()) - 1)) + " s)");
  if (std::isfinite(c.foot_off) && !(c.foot_off > c.start && c.foot_off < c.end))
    throw InvalidArgument("spatiotemporal: the foot off at " + std::to_string(c.foot_off) + " s is not inside the " +
                          describe(c));
}

}  // namespace

std::vector<StrideParameters> spatiotemporal(const GaitData& data, const std::vector<Cycle>& cycles,
                                             const SpatiotemporalOptions& options) {
  check_inputs(data, options);
  for (const Cycle& c : cycles) check_cycle(data, c);

  // On a treadmill the heels measure travel relative to the belt; the belt adds speed x time (below).
  // An estimate of 0 means the heels never showed a belt speed (gait_signals' fallback): unknown, NaN.
  double belt_speed = 0.0;
  if (data.signals.treadmill) {
    belt_speed = std::isfinite(options.treadmill_speed_m_s) ? options.treadmill_speed_m_s
                 : data.signals.walking_speed > 0          ? data.signals.walking_speed
                                                           : kNaN;
  }

  std::vector<StrideParameters> rows;
  rows.reserve(cycles.size());
  for (const Cycle& c : cycles) {
    StrideParameters p;
    p.side = c.side;
    p.start = c.start;
    const Side other = opposite(c.side);
    const Series3& heel = data.signals.heel[side_index(c.side)];
    const Series3& other_heel = data.signals.heel[side_index(other)];

    // Temporal parameters from the events alone.
    const double stride_time = c.duration();
    p.stride_time_s = stride_time;
    p.cadence_steps_min = 120.0 / stride_time;  // two steps per stride
    if (std::isfinite(c.foot_off)) {
      p.stance_pct = 100.0 * (c.foot_off - c.start) / stride_time;
      p.swing_pct = 100.0 - p.stance_pct;
    }
    if (c.complete()) {
      // Initial double support (until the opposite foot leaves) plus terminal double support (from the
      // opposite strike until this foot leaves); the opposite foot's swing is this foot's single support.
      p.double_support_pct =
          100.0 * ((c.opposite_foot_off - c.start) + (c.foot_off - c.opposite_foot_strike)) / stride_time;
      p.single_support_pct = 100.0 * (c.opposite_foot_strike - c.opposite_foot_off) / stride_time;
    }

    // The step ending at `start` began at the opposite foot's last strike, unless this foot struck in
    // between or it is at least a stride ago: then the opposite strike of this step was not detected.
    const double opposite_strike = strike_before(data.events, other, c.start);
    const double own_before = strike_before(data.events, c.side, c.start);
    const bool step_found = std::isfinite(opposite_strike) && !(own_before > opposite_strike) &&
                            c.start - opposite_strike < stride_time;
    const double step_time = step_found ? c.start - opposite_strike : kNaN;
    p.step_time_s = step_time;

    // Stride length: the distance between the heel's two footprints (GAITRite's definition, and the
    // synthetic truth's). Measured along the stride itself rather than projected on the pelvis' heading,
    // which wobbles by about 2 degrees with the pelvis' sway and rotation even after smoothing (a 1 mm
    // loss per stride, and 6 mm of false step width, on the synthetic walk).
    const Eigen::Vector3d heel_start = sample(data, heel, c.start);
    const Eigen::Vector3d stride = ground_travel(data, heel_start, c.start, sample(data, heel, c.end), c.end, belt_speed);
    p.stride_length_m = stride.norm();
    p.speed_m_s = p.stride_length_m / stride_time;

    // Step length and width of the step ending at `start` (GAITRite's definitions): the opposite foot's
    // stride around it, from its footprint at opposite_strike to its next one (the cycle's
    // opposite_foot_strike), is the line of progression; this heel at `start` is measured from the
    // opposite footprint along that line (length) and across it (width). Two successive steps then add
    // up to the stride.
    // The opposite heel is taken at its own strike, where it touched the ground: at `start` it has begun
    // to rise and roll forward over the forefoot. On a treadmill the opposite foot has ridden the belt back
    // by belt speed x step time since that strike, so (ground_travel)
    //   step length = (heel(start) - opposite heel(opposite_strike)) . line + belt speed x step time,
    // whose first term alone is a (short) lab heel-to-heel distance. The heel-to-heel distance measured at
    // the same instant needs no belt term (both feet ride the same belt); adding one to it would count the
    // belt twice.
    const double next_opposite_strike = c.opposite_foot_strike;
    if (step_found && std::isfinite(next_opposite_strike) && inside_data(data, opposite_strike) &&
        next_opposite_strike > c.start && next_opposite_strike < c.end) {
      const Eigen::Vector3d opposite_print = sample(data, other_heel, opposite_strike);
      const Eigen::Vector3d line = ground_travel(data, opposite_print, opposite_strike,
                                                 sample(data, other_heel, next_opposite_strike), next_opposite_strike,
                                                 belt_speed);
      const Eigen::Vector3d step =
          ground_travel(data, opposite_print, opposite_strike, heel_start, c.start, belt_speed);
      const double line_length = line.norm();
      if (line_length > 1e-6) {  // an opposite foot that did not travel (marching in place) gives no line
        const Eigen::Vector3d forward = line / line_length;
        p.step_length_m = step.dot(forward);
        // Positive while this foot is on its own side of the other's line (left foot to the left); a
        // negative width means the feet crossed.
        p.step_width_m = (c.side == Side::left ? 1.0 : -1.0) * step.dot(Eigen::Vector3d::UnitZ().cross(forward));
      }
    }
    rows.push_back(p);
  }
  return rows;
}

}  // namespace gaitchain::metrics
