#include "gaitchain/events/detectors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "gaitchain/core/error.hpp"
#include "gaitchain/core/filter.hpp"
#include "gaitchain/core/peaks.hpp"
#include "gaitchain/core/trajectory.hpp"

namespace gaitchain::events {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// O'Connor 2007 and Desailly 2009 low-pass the markers at 7 Hz; all kinematic detectors here do, so
// they differ only by their rule.
constexpr double kLowpassHz = 7.0;
constexpr double kMinStride = 0.3;        // s between two strikes (offs) of one foot: faster than running
constexpr double kMinExcursion = 0.05;    // m: a foot's swing moves it at least this far relative to the body
constexpr double kMinSpeedSwing = 0.2;    // m/s: the smallest vertical-velocity swing of a stepping foot
constexpr double kShortestTrial = 0.5;    // s: shorter than a step

using Samples = std::vector<double>;

std::string role_names(const GaitSignals& s, const std::string& role) {
  std::string out;
  for (const std::string& n : s.roles.at(role)) out += (out.empty() ? "" : "+") + n;
  return out;
}

std::string source_of(const GaitSignals& s) { return s.source.empty() ? std::string("the trial") : s.source; }

// Throws InvalidArgument naming the role if it was not found or has no valid sample.
void require(const GaitSignals& s, const std::string& role, const Series3& series, std::string_view detector) {
  if (!s.roles.count(role)) {
    std::string looked;
    for (const std::string& c : role_candidates(role)) looked += (looked.empty() ? "" : ", ") + c;
    throw InvalidArgument(std::string(detector) + ": no marker for the role '" + role + "' in " + source_of(s) +
                          " (looked for " + looked + "); name it with mapping={'" + role + "': ...}");
  }
  if (series.array().isNaN().all())
    throw InvalidArgument(std::string(detector) + ": the '" + role + "' marker " + role_names(s, role) +
                          " has no valid sample in " + source_of(s));
}

Samples column(const Series3& x, int axis) {
  Samples out(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index k = 0; k < x.rows(); ++k) out[k] = x(k, axis);
  return out;
}

// Both feet's heel and toe roles, as every foot-based detector needs them.
void require_feet(const GaitSignals& s, std::string_view detector) {
  for (Side side : {Side::left, Side::right}) {
    const std::string sx(suffix(side));
    require(s, "heel" + sx, s.heel[side_index(side)], detector);
    require(s, "toe" + sx, s.toe[side_index(side)], detector);
  }
}

Series3 lowpass3(const Series3& x, double rate) {
  Series3 out(x.rows(), 3);
  for (int axis = 0; axis < 3; ++axis) {
    const Samples f = lowpass(column(x, axis), rate, kLowpassHz);
    for (Eigen::Index k = 0; k < x.rows(); ++k) out(k, axis) = f[k];
  }
  return out;
}

// Central-difference velocity of each axis (NaN next to gaps and at the ends).
Series3 velocity(const Series3& x, double rate) {
  Series3 v = Series3::Constant(x.rows(), 3, kNaN);
  for (Eigen::Index k = 1; k + 1 < x.rows(); ++k) v.row(k) = 0.5 * rate * (x.row(k + 1) - x.row(k - 1));
  return v;
}

// Per frame: the component of `x` along the walking direction (NaN where not walking).
Samples along(const Series3& x, const Series3& direction) {
  Samples out(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index k = 0; k < x.rows(); ++k) out[k] = x.row(k).dot(direction.row(k));
  return out;
}

std::size_t min_distance(const GaitSignals& s) { return std::max<std::size_t>(1, static_cast<std::size_t>(kMinStride * s.rate)); }

// Where a detector could see one foot: frames where every signal it used is valid.
Samples seen(const Samples& a, const Samples& b) {
  Samples out(a.size());
  for (std::size_t k = 0; k < a.size(); ++k) out[k] = std::isnan(a[k]) || std::isnan(b[k]) ? kNaN : 0.0;
  return out;
}

// Candidate events of one foot, then per foot: strikes and offs alternate, the first of two in a row is
// kept (every rule here finds the earliest sign of the change first). A gap in `visible` resets the
// alternation: the event that would have come between may be hidden in it.
struct Candidate {
  double frame;
  EventKind kind;
};

void add_alternating(std::vector<Candidate> candidates, Side side, const GaitSignals& s, const Samples& visible,
                     Detection& out) {
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) { return a.frame < b.frame; });
  const auto gap_between = [&](double a, double b) {
    for (auto k = static_cast<std::size_t>(std::ceil(a)); k <= static_cast<std::size_t>(b) && k < visible.size(); ++k)
      if (std::isnan(visible[k])) return true;
    return false;
  };
  const Candidate* last = nullptr;
  for (const Candidate& c : candidates) {
    if (last && last->kind == c.kind && !gap_between(last->frame, c.frame)) continue;
    out.events.push_back({s.time(c.frame), side, c.kind});
    last = &c;
  }
}

// Runs of frames where `visible` is valid, as coverage intervals of one foot.
void add_coverage(const GaitSignals& s, const Samples& visible, Side side, Detection& out);

// One foot's candidates from its heel and toe signals: alternated, and covered where both were seen.
void add_foot_events(std::vector<Candidate> candidates, const Samples& heel, const Samples& toe, Side side,
                     const GaitSignals& s, Detection& out) {
  const Samples visible = seen(heel, toe);
  add_alternating(std::move(candidates), side, s, visible, out);
  add_coverage(s, visible, side, out);
}

// Strikes at the maxima of a heel signal, offs at the minima of a toe signal (Zeni, Desailly).
void add_extrema_events(const Samples& heel, const Samples& toe, Side side, const GaitSignals& s, Detection& out) {
  std::vector<Candidate> c;
  for (const Peak& p : find_peaks(heel, kMinExcursion, min_distance(s))) c.push_back({p.position, EventKind::foot_strike});
  for (const Peak& p : find_valleys(toe, kMinExcursion, min_distance(s))) c.push_back({p.position, EventKind::foot_off});
  add_foot_events(std::move(c), heel, toe, side, s, out);
}

// Runs of frames where `visible` is valid, as coverage intervals of one foot.
void add_coverage(const GaitSignals& s, const Samples& visible, Side side, Detection& out) {
  const std::size_t n = visible.size();
  for (std::size_t i = 0; i < n;) {
    if (std::isnan(visible[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < n && !std::isnan(visible[j + 1])) ++j;
    out.coverage.push_back({side, s.time(static_cast<double>(i)), s.time(static_cast<double>(j))});
    i = j + 1;
  }
}

void finish(Detection& d) {
  std::stable_sort(d.events.begin(), d.events.end(), [](const Event& a, const Event& b) { return a.time < b.time; });
}

bool too_short(const GaitSignals& s, Detection& d) {
  if (s.duration() >= kShortestTrial) return false;
  d.notes.push_back("the trial lasts " + std::to_string(s.duration()).substr(0, 5) +
                    " s, shorter than a step: no events");
  return true;
}

std::string side_name(Side side) { return std::string(to_string(side)); }

}  // namespace

Detection zeni(const GaitSignals& s) {
  Detection d;
  if (too_short(s, d)) return d;
  require(s, "pelvis", s.pelvis, "zeni");
  require_feet(s, "zeni");
  const Series3 pelvis = lowpass3(s.pelvis, s.rate);
  for (Side side : {Side::left, Side::right}) {
    const int i = side_index(side);
    const Samples heel = along(lowpass3(s.heel[i], s.rate) - pelvis, s.progression);
    const Samples toe = along(lowpass3(s.toe[i], s.rate) - pelvis, s.progression);
    add_extrema_events(heel, toe, side, s, d);
  }
  finish(d);
  return d;
}

Detection oconnor(const GaitSignals& s) {
  Detection d;
  if (too_short(s, d)) return d;
  require_feet(s, "oconnor");
  for (Side side : {Side::left, Side::right}) {
    const int i = side_index(side);
    const Series3 centre = lowpass3(0.5 * (s.heel[i] + s.toe[i]), s.rate);
    const Samples height = column(centre, 2);
    Samples vz = column(velocity(centre, s.rate), 2);
    for (std::size_t k = 0; k < vz.size(); ++k)  // not walking (turning on the spot, standing): no events
      if (std::isnan(s.progression(static_cast<Eigen::Index>(k), 0))) vz[k] = kNaN;
    // The foot centre's vertical velocity peaks as the foot lifts off: foot offs are the large peaks (at
    // least 40 % of the largest). Between two foot offs the velocity has its last minimum as the foot
    // lands (after the swing's fast descent, and, in most real walks, a pause as the foot reaches out):
    // the strike is the last minimum of the swing while the foot centre is in the lower half of its
    // height range (5th to 95th percentile).
    Samples valid;
    for (double h : height)
      if (!std::isnan(h)) valid.push_back(h);
    std::sort(valid.begin(), valid.end());
    const double floor = valid[valid.size() / 20], top = valid[valid.size() * 19 / 20];
    const double low = floor + 0.5 * (top - floor);
    const std::vector<Peak> peaks = find_peaks(vz, kMinSpeedSwing, min_distance(s));
    double highest = 0;
    for (const Peak& p : peaks) highest = std::max(highest, p.value);
    std::vector<Candidate> c;
    std::vector<double> offs;
    for (const Peak& p : peaks)
      if (p.value >= 0.4 * highest) c.push_back({p.position, EventKind::foot_off}), offs.push_back(p.position);
    for (std::size_t k = 1; k < vz.size(); ++k)  // a gap also ends a swing: its strike may be hidden there
      if (std::isnan(vz[k]) != std::isnan(vz[k - 1])) offs.push_back(static_cast<double>(k) - 0.5);
    std::sort(offs.begin(), offs.end());
    const std::vector<Peak> valleys = find_valleys(vz, kMinSpeedSwing, 1);
    for (std::size_t k = 0; k <= offs.size(); ++k) {
      const double from = k == 0 ? -1.0 : offs[k - 1], to = k == offs.size() ? 1e300 : offs[k];
      const Peak* last = nullptr;
      for (const Peak& p : valleys)
        if (p.position > from && p.position < to && p.value < 0 && height[p.index] < low) last = &p;
      if (last) c.push_back({last->position, EventKind::foot_strike});
    }
    add_alternating(std::move(c), side, s, vz, d);
    add_coverage(s, vz, side, d);
  }
  finish(d);
  return d;
}

Detection ghoussayni(const GaitSignals& s, double threshold_m_s) {
  if (!(threshold_m_s > 0)) throw InvalidArgument("ghoussayni: the threshold must be a positive speed");
  Detection d;
  if (too_short(s, d)) return d;
  require_feet(s, "ghoussayni");
  // Sagittal-plane speed relative to the ground surface (the belt on a treadmill).
  const auto sagittal_speed = [&](const Series3& x) {
    Series3 v = velocity(lowpass3(x, s.rate), s.rate);
    v.rowwise() -= s.belt_velocity.transpose();
    const Samples forward = along(v, s.progression);
    Samples speed(forward.size());
    for (std::size_t k = 0; k < speed.size(); ++k) speed[k] = std::hypot(forward[k], v(static_cast<Eigen::Index>(k), 2));
    return speed;
  };
  for (Side side : {Side::left, Side::right}) {
    const int i = side_index(side);
    const Samples heel = sagittal_speed(s.heel[i]), toe = sagittal_speed(s.toe[i]);
    std::vector<Candidate> c;
    for (double f : crossings(heel, threshold_m_s, -1)) c.push_back({f, EventKind::foot_strike});
    for (double f : crossings(toe, threshold_m_s, +1)) c.push_back({f, EventKind::foot_off});
    add_foot_events(std::move(c), heel, toe, side, s, d);
  }
  finish(d);
  return d;
}

namespace {

// Stride period (s) of a foot: the first autocorrelation maximum of its height between 0.6 and 2.5 s,
// over the longest run of valid samples. NaN if no run spans 1.5 strides of 2.5 s.
double stride_period(const Series3& foot, double rate) {
  const Samples z = column(foot, 2);
  std::size_t best_start = 0, best_length = 0;
  for (std::size_t i = 0; i < z.size();) {
    std::size_t j = i;
    while (j < z.size() && !std::isnan(z[j])) ++j;
    if (j - i > best_length) best_start = i, best_length = j - i;
    i = j + 1;
  }
  const auto lag_min = static_cast<std::size_t>(0.6 * rate), lag_max = static_cast<std::size_t>(2.5 * rate);
  if (best_length < lag_min * 2 + 2) return kNaN;
  Samples x(z.begin() + static_cast<std::ptrdiff_t>(best_start), z.begin() + static_cast<std::ptrdiff_t>(best_start + best_length));
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  for (double& v : x) v -= mean;
  Samples r;
  for (std::size_t lag = 0; lag <= std::min(lag_max, x.size() / 2 + x.size() / 4); ++lag) {
    double sum = 0;
    for (std::size_t k = 0; k + lag < x.size(); ++k) sum += x[k] * x[k + lag];
    r.push_back(sum / static_cast<double>(x.size() - lag));
  }
  for (std::size_t lag = lag_min; lag + 1 < r.size(); ++lag)
    if (r[lag] > 0 && r[lag] >= r[lag - 1] && r[lag] > r[lag + 1]) return static_cast<double>(lag) / rate;
  return kNaN;
}

// Forward distance travelled (m) along the walking direction, integrated per run of valid samples.
Samples forward_path(const Series3& x, const GaitSignals& s) {
  const Samples v = along(velocity(x, s.rate), s.progression);
  Samples out(v.size(), kNaN);
  double sum = 0;
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (std::isnan(v[k])) {
      sum = 0;
      continue;
    }
    sum += v[k] / s.rate;
    out[k] = sum;
  }
  return out;
}

// Removes the straight line through each run's ends (the travel), which a high-pass filter would only
// remove after a transient as long as the trial.
void detrend_runs(Samples& x) {
  for (std::size_t i = 0; i < x.size();) {
    if (std::isnan(x[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < x.size() && !std::isnan(x[j + 1])) ++j;
    const double slope = j > i ? (x[j] - x[i]) / static_cast<double>(j - i) : 0.0, start = x[i];
    for (std::size_t k = i; k <= j; ++k) x[k] -= start + slope * static_cast<double>(k - i);
    i = j + 1;
  }
}

}  // namespace

Detection desailly(const GaitSignals& s) {
  Detection d;
  if (too_short(s, d)) return d;
  require_feet(s, "desailly");
  // The stride frequency of the trial, from both heels.
  Samples periods;
  for (int i = 0; i < 2; ++i)
    if (const double p = stride_period(lowpass3(s.heel[i], s.rate), s.rate); !std::isnan(p)) periods.push_back(p);
  double period = 1.1;  // s, a typical adult stride, when the trial is too short to measure one
  if (periods.empty())
    d.notes.push_back("desailly: trial too short to measure the stride period; assumed 1.1 s");
  else
    period = std::accumulate(periods.begin(), periods.end(), 0.0) / static_cast<double>(periods.size());
  const double cutoff = 0.5 / period;
  for (Side side : {Side::left, Side::right}) {
    const int i = side_index(side);
    Samples heel = forward_path(lowpass3(s.heel[i], s.rate), s), toe = forward_path(lowpass3(s.toe[i], s.rate), s);
    detrend_runs(heel);
    detrend_runs(toe);
    heel = highpass(heel, s.rate, cutoff, 2);
    toe = highpass(toe, s.rate, cutoff, 2);
    add_extrema_events(heel, toe, side, s, d);
  }
  finish(d);
  return d;
}

// --- Force plates.
namespace {

// Horizontal distance from p to the segment a-b (both feet points), NaN if any is missing.
double distance_to_foot(const Vec3& p, const Vec3& a, const Vec3& b) {
  const Eigen::Vector2d q = p.head<2>(), u = a.head<2>(), w = b.head<2>();
  const Eigen::Vector2d ab = w - u;
  const double len2 = ab.squaredNorm();
  const double t = len2 > 0 ? std::clamp((q - u).dot(ab) / len2, 0.0, 1.0) : 0.0;
  return (q - (u + t * ab)).norm();
}

struct FootCall {
  int side = -1;  // side_index, or -1 when no foot is close enough
  double distance = kNaN;
  std::string why;
  Side foot() const { return side == 0 ? Side::left : Side::right; }
};

// Which foot lies under the plate's centre of pressure over samples [j0, j1].
FootCall foot_under(const GaitSignals& s, const ForcePlate& plate, std::size_t j0, std::size_t j1, double max_distance) {
  std::array<Samples, 2> dist;
  for (std::size_t j = j0; j <= j1; ++j) {
    const Vec3 cop = plate.cop.row(static_cast<Eigen::Index>(j)).transpose();
    if (!cop.allFinite()) continue;
    const double frame = plate.time(j) * s.rate - static_cast<double>(s.first_frame - 1);
    const auto k = static_cast<Eigen::Index>(std::lround(frame));
    if (k < 0 || k >= static_cast<Eigen::Index>(s.frame_count())) continue;
    for (int i = 0; i < 2; ++i) {
      const double dd = distance_to_foot(cop, s.heel[i].row(k).transpose(), s.toe[i].row(k).transpose());
      if (!std::isnan(dd)) dist[i].push_back(dd);
    }
  }
  const double left = nan_median(dist[0]), right = nan_median(dist[1]);
  FootCall call;
  if (std::isnan(left) && std::isnan(right)) {
    call.why = "no foot markers while it was loaded";
    return call;
  }
  const int nearer = std::isnan(left) ? 1 : std::isnan(right) ? 0 : (left <= right ? 0 : 1);
  call.distance = nearer == 0 ? left : right;
  if (call.distance > max_distance) {
    call.why = "its centre of pressure lies " + std::to_string(std::lround(call.distance * 1000)) +
               " mm from the nearest foot";
    return call;
  }
  call.side = nearer;
  return call;
}

}  // namespace

Detection force_plate(const GaitSignals& s, const ForcePlateOptions& o) {
  if (!(o.threshold_n > 0) || !(o.hysteresis_n >= 0) || !(o.hysteresis_n < o.threshold_n) || !(o.min_contact_s >= 0) ||
      !(o.max_cop_distance_m > 0))
    throw InvalidArgument("force_plate: need threshold_n > hysteresis_n >= 0, min_contact_s >= 0, max_cop_distance_m > 0");
  Detection d;
  if (s.force_plates.empty()) {
    d.notes.push_back("the trial has no force plates");
    return d;
  }
  require_feet(s, "force_plate");
  int contacts = 0;
  for (const ForcePlate& plate : s.force_plates) {
    const std::size_t n = plate.sample_count();
    if (n < 2 || !(plate.rate > 0)) continue;
    Samples fz(n);
    for (std::size_t j = 0; j < n; ++j) fz[j] = plate.force(static_cast<Eigen::Index>(j), 2);
    // Baseline: the 5th percentile of the samples, an unloaded plate's offset (FP3 of test_small.c3d
    // carries +31 N). A plate loaded throughout has no unloaded samples: a "baseline" above 50 N is a
    // load, not an offset, and is not removed.
    Samples sorted;
    for (double f : fz)
      if (!std::isnan(f)) sorted.push_back(f);
    if (sorted.empty()) continue;
    std::sort(sorted.begin(), sorted.end());
    const double baseline = sorted[sorted.size() / 20];
    const double offset = std::abs(baseline) <= 50.0 ? baseline : 0.0;
    for (double& f : fz) f -= offset;
    const double release = o.threshold_n - o.hysteresis_n;
    bool any = false;
    for (std::size_t j = 0; j < n;) {
      if (!(fz[j] > o.threshold_n)) {
        ++j;
        continue;
      }
      // A contact: back to where the force rose above the release level, on to where it falls below it.
      std::size_t a = j, b = j;
      while (a > 0 && fz[a - 1] > release) --a;
      while (b + 1 < n && !(fz[b + 1] <= release)) ++b;
      j = b + 1;
      std::size_t first = a, last = b;  // first and last samples above the threshold itself
      while (!(fz[first] > o.threshold_n)) ++first;
      while (!(fz[last] > o.threshold_n)) --last;
      const double on = first == 0 ? kNaN : plate.time(first - 1) + (o.threshold_n - fz[first - 1]) / (fz[first] - fz[first - 1]) / plate.rate;
      const double off = last + 1 >= n ? kNaN : plate.time(last) + (fz[last] - o.threshold_n) / (fz[last] - fz[last + 1]) / plate.rate;
      const double begin = std::isnan(on) ? plate.time(first) : on, end = std::isnan(off) ? plate.time(last) : off;
      if (end - begin < o.min_contact_s) continue;
      any = true;
      ++contacts;
      // The foot at the start of the contact is the one that strikes; the one at its end lifts off. They
      // differ when a second foot steps onto the same plate (or belt) before the first leaves.
      const auto window = static_cast<std::size_t>(std::max(1.0, 0.1 * plate.rate));
      FootCall at_start, at_end;
      if (!std::isnan(on)) at_start = foot_under(s, plate, first, std::min(last, first + window), o.max_cop_distance_m);
      if (!std::isnan(off)) at_end = foot_under(s, plate, last > first + window ? last - window : first, last, o.max_cop_distance_m);
      const std::string span = plate.name + " " + std::to_string(begin).substr(0, 5) + "-" + std::to_string(end).substr(0, 5) + " s";
      if (at_start.side >= 0 && !std::isnan(on)) d.events.push_back({on, at_start.foot(), EventKind::foot_strike});
      if (at_end.side >= 0 && !std::isnan(off)) d.events.push_back({off, at_end.foot(), EventKind::foot_off});
      // What the plate saw of each foot: the whole contact when one foot made it; only the strike (or the
      // off) when a second foot shared the plate or the recording cut the contact, since the plate cannot
      // tell when the other event of that foot happened.
      constexpr double margin = 0.1;  // s, the bench's matching tolerance
      if (at_start.side >= 0 && at_end.side == at_start.side)
        d.coverage.push_back({at_start.foot(), begin - margin, end + margin});
      else {
        if (at_start.side >= 0) d.coverage.push_back({at_start.foot(), begin - margin, begin + margin});
        if (at_end.side >= 0) d.coverage.push_back({at_end.foot(), end - margin, end + margin});
      }
      if (at_start.side < 0 && !std::isnan(on)) d.notes.push_back(span + ": foot at the start not assigned, " + at_start.why);
      if (at_end.side < 0 && !std::isnan(off) && (at_start.side >= 0 || at_end.why != at_start.why))
        d.notes.push_back(span + ": foot at the end not assigned, " + at_end.why);
      if (at_start.side >= 0 && at_end.side >= 0 && at_start.side != at_end.side)
        d.notes.push_back(span + ": two feet on the plate (" + side_name(at_start.foot()) +
                          " strikes, " + side_name(at_end.foot()) + " lifts off)");
      if (std::isnan(on)) d.notes.push_back(span + ": loaded from the start of the recording, no strike");
      if (std::isnan(off)) d.notes.push_back(span + ": loaded to the end of the recording, no foot off");
    }
    if (!any)
      d.notes.push_back(plate.name + ": never loaded above " + std::to_string(std::lround(o.threshold_n)) + " N");
  }
  if (contacts == 0) d.notes.push_back("no plate was loaded: no events");
  finish(d);
  return d;
}

std::vector<std::string> detector_names() { return {"zeni", "oconnor", "ghoussayni", "desailly", "force_plate"}; }

Detector detector(std::string_view name) {
  if (name == "zeni") return [](const GaitSignals& s) { return zeni(s); };
  if (name == "oconnor") return [](const GaitSignals& s) { return oconnor(s); };
  if (name == "ghoussayni") return [](const GaitSignals& s) { return ghoussayni(s); };
  if (name == "desailly") return [](const GaitSignals& s) { return desailly(s); };
  if (name == "force_plate") return [](const GaitSignals& s) { return force_plate(s); };
  std::string names;
  for (const std::string& n : detector_names()) names += (names.empty() ? "" : ", ") + n;
  throw InvalidArgument("unknown event detector '" + std::string(name) + "'; built in: " + names);
}

Detection detect(const GaitSignals& s, const Detector& detector, std::string_view name) {
  Detection d = detector(s);
  const double half = 0.5 / s.rate, t0 = s.time(0.0) - half, t1 = s.time(static_cast<double>(s.frame_count()) - 1) + half;
  for (const Event& e : d.events)
    if (!std::isfinite(e.time) || e.time < t0 || e.time > t1)
      throw InvalidArgument(std::string(name) + ": returned an event at " + std::to_string(e.time) +
                            " s, outside the trial (" + std::to_string(t0 + half) + " to " + std::to_string(t1 - half) + " s)");
  for (const Interval& c : d.coverage)
    if (!std::isfinite(c.begin) || !std::isfinite(c.end) || c.begin > c.end)
      throw InvalidArgument(std::string(name) + ": returned a coverage interval that is not a finite begin <= end");
  finish(d);
  return d;
}

}  // namespace gaitchain::events
