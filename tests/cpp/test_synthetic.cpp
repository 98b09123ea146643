// The synthetic walker (synthetic/walk.hpp): timing, events, feet that do not slide, markers equal to
// the forward kinematics of the truth, noise, dropout, determinism, healthy ranges and compensations.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <gaitchain/core/angles.hpp>
#include <gaitchain/core/error.hpp>
#include <gaitchain/core/trajectory.hpp>
#include <gaitchain/model/kinematics.hpp>
#include <gaitchain/synthetic/walk.hpp>
#include <map>
#include <string>
#include <vector>

using gaitchain::Compensation;
using gaitchain::Event;
using gaitchain::EventKind;
using gaitchain::Kinematics;
using gaitchain::Side;
using gaitchain::SyntheticWalk;
using gaitchain::Vec3;
using gaitchain::WalkOptions;

namespace {

constexpr double duration = 5.0;  // s; long enough for 3-4 strides per side, short enough to be fast

WalkOptions options(std::vector<Compensation> compensations = {}) {
  WalkOptions o;
  o.duration_s = duration;
  o.compensations = std::move(compensations);
  return o;
}

// Walks are deterministic, so each configuration is computed once per test run.
const SyntheticWalk& walk(const std::string& key, const std::function<WalkOptions()>& make) {
  static std::map<std::string, SyntheticWalk> cache;
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, gaitchain::synthetic_walk(make())).first;
  return it->second;
}
const SyntheticWalk& healthy() {
  return walk("healthy", [] { return options(); });
}
const SyntheticWalk& with(const std::string& finding, Side side, double magnitude) {
  return walk(finding + std::string(gaitchain::to_string(side)) + std::to_string(magnitude),
              [&] { return options({{finding, side, magnitude}}); });
}

double stride_time(const SyntheticWalk& w) { return 120.0 / w.truth.cadence_steps_per_min; }
const char* sfx(Side s) { return s == Side::right ? "_r" : "_l"; }

// Landmark trajectories (world) from the truth coordinates: [landmark][frame].
std::vector<std::vector<Vec3>> landmark_paths(const SyntheticWalk& w) {
  const auto& m = w.truth.model;
  const auto& Q = w.truth.coordinates;
  std::vector<std::vector<Vec3>> out(m.landmarks.size(), std::vector<Vec3>(static_cast<std::size_t>(Q.rows())));
  Kinematics kin;
  for (Eigen::Index f = 0; f < Q.rows(); ++f) {
    gaitchain::forward_kinematics(m, Q.row(f).transpose(), kin);
    for (std::size_t i = 0; i < m.landmarks.size(); ++i) out[i][f] = gaitchain::point_position(m, kin, m.landmarks[i]);
  }
  return out;
}

// Frames f whose time lies in [t0, t1] (with `inner`, also f - 1 and f + 1, for central differences).
std::vector<Eigen::Index> frames_in(const SyntheticWalk& w, double t0, double t1, bool inner = false) {
  std::vector<Eigen::Index> out;
  const double rate = w.trial.rate;
  for (Eigen::Index f = 0; f < w.truth.coordinates.rows(); ++f) {
    const double lo = inner ? (f - 1) / rate : f / rate, hi = inner ? (f + 1) / rate : f / rate;
    if (lo >= t0 && hi <= t1 && (!inner || (f >= 1 && f + 1 < w.truth.coordinates.rows()))) out.push_back(f);
  }
  return out;
}

std::vector<Event> strikes(const SyntheticWalk& w, Side side) {
  std::vector<Event> out;
  for (const Event& e : w.truth.events)
    if (e.side == side && e.kind == EventKind::foot_strike) out.push_back(e);
  return out;
}

// Frames inside the stance phases of one side (from each strike to its foot off, both inside the trial).
std::vector<Eigen::Index> stance_frames(const SyntheticWalk& w, Side side, double from = 0.0, double to = -1.0) {
  const double T = stride_time(w), beta = w.truth.stance_fraction;
  std::vector<Eigen::Index> out;
  for (const Event& e : strikes(w, side)) {
    const auto f = frames_in(w, e.time + from * T, e.time + (to < 0 ? beta : to) * T);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

Eigen::VectorXd column(const SyntheticWalk& w, const std::string& coordinate) {
  return w.truth.coordinates.col(w.truth.model.coordinate_index(coordinate));
}
double max_over(const SyntheticWalk& w, const std::string& c, const std::vector<Eigen::Index>& frames) {
  const Eigen::VectorXd v = column(w, c);
  double out = -1e300;
  for (auto f : frames) out = std::max(out, v[f]);
  return out;
}
double min_over(const SyntheticWalk& w, const std::string& c, const std::vector<Eigen::Index>& frames) {
  const Eigen::VectorXd v = column(w, c);
  double out = 1e300;
  for (auto f : frames) out = std::min(out, v[f]);
  return out;
}
double mean_over(const SyntheticWalk& w, const std::string& c, const std::vector<Eigen::Index>& frames) {
  const Eigen::VectorXd v = column(w, c);
  double sum = 0;
  for (auto f : frames) sum += v[f];
  return sum / static_cast<double>(frames.size());
}

// Heel contact point x of each foot strike, measured in the foot-flat phase that follows it.
struct Footprint {
  Side side;
  double time, heel_x;
};
std::vector<Footprint> footprints(const SyntheticWalk& w) {
  const auto paths = landmark_paths(w);
  const auto& m = w.truth.model;
  std::vector<Footprint> out;
  for (const Event& e : w.truth.events) {
    if (e.kind != EventKind::foot_strike) continue;
    const auto f = frames_in(w, e.time + 0.15 * stride_time(w), e.time + 0.25 * stride_time(w));
    if (f.empty()) continue;
    out.push_back({e.side, e.time, paths[m.landmark_index(std::string("heel") + sfx(e.side))][f.front()].x()});
  }
  return out;
}
// Mean step length ending at each side's strike (heel x minus the other heel's previous footprint).
std::pair<double, double> mean_steps(const SyntheticWalk& w) {
  const auto fp = footprints(w);
  double r = 0, l = 0;
  int nr = 0, nl = 0;
  for (std::size_t i = 1; i < fp.size(); ++i) {
    REQUIRE(fp[i].side != fp[i - 1].side);
    const double step = fp[i].heel_x - fp[i - 1].heel_x;
    (fp[i].side == Side::right ? r : l) += step;
    ++(fp[i].side == Side::right ? nr : nl);
  }
  REQUIRE(nr >= 2);
  REQUIRE(nl >= 2);
  return {r / nr, l / nl};
}

// Yaw (deg) of the calcaneus X axis, averaged over the flat part (10-30 %) of each stance.
double flat_foot_yaw_deg(const SyntheticWalk& w, Side side) {
  const auto& m = w.truth.model;
  const int calcn = m.segment_index(std::string("calcn") + sfx(side));
  Kinematics kin;
  double sum = 0;
  int n = 0;
  for (auto f : stance_frames(w, side, 0.10, 0.30)) {
    gaitchain::forward_kinematics(m, w.truth.coordinates.row(f).transpose(), kin);
    const Vec3 x = kin.segment_pose[calcn].R.col(0);
    sum += std::atan2(x.y(), x.x());
    ++n;
  }
  REQUIRE(n > 10);
  return gaitchain::deg(sum / n);
}

}  // namespace

TEST_CASE("synthetic_walk: sizes, names and sample clock") {
  for (auto [d, rate] : {std::pair{5.0, 100.0}, std::pair{4.5, 100.0}, std::pair{2.0, 120.0}, std::pair{1.0, 250.0}}) {
    CAPTURE(d);
    CAPTURE(rate);
    WalkOptions o;
    o.duration_s = d;
    o.rate_hz = rate;
    const SyntheticWalk w = gaitchain::synthetic_walk(o);
    const auto frames = static_cast<Eigen::Index>(std::llround(d * rate));
    CHECK(w.trial.points.rows() == frames);
    CHECK(w.truth.coordinates.rows() == frames);
    CHECK(w.truth.coordinates.cols() == 23);
    CHECK(w.trial.points.cols() == 3 * 21);
    CHECK(w.trial.rate == rate);
    CHECK(w.trial.first_frame == 1);
    CHECK(w.trial.time(0) == 0.0);
    CHECK(w.trial.time(static_cast<std::size_t>(frames - 1)) == doctest::Approx((frames - 1) / rate));
    CHECK_NOTHROW(w.trial.validate());
    CHECK(w.trial.events == w.truth.events);
    REQUIRE(w.trial.marker_names.size() == w.truth.model.markers.size());
    for (std::size_t i = 0; i < w.trial.marker_names.size(); ++i) CHECK(w.trial.marker_names[i] == w.truth.model.markers[i].name);
    CHECK(w.truth.model.height_m == 1.75);
    CHECK(w.trial.points.allFinite());
    CHECK(w.truth.coordinates.allFinite());
    for (const Event& e : w.truth.events) {
      CHECK(e.time >= 0.0);
      CHECK(e.time < d);
    }
  }
}

TEST_CASE("synthetic_walk: timing from speed (constant walk ratio, Schwartz 2008 free-speed anchor)") {
  const SyntheticWalk& w = healthy();
  // Leg length for the dimensionless speed: hip joint centre height standing = 0.530 H = 0.9275 m.
  const double leg = 0.530 * 1.75, v = 1.3;
  const double v_star = v / std::sqrt(9.81 * leg);                   // 0.4310
  const double step = std::sqrt(0.760 / 0.565 * v_star) * leg;       // 0.7062 m
  const double stance = 0.59 - 0.12 * (v_star - 0.429);              // 0.5898
  CHECK(w.truth.step_length_m == doctest::Approx(step).epsilon(1e-3));
  CHECK(w.truth.stance_fraction == doctest::Approx(stance).epsilon(1e-3));
  CHECK(w.truth.cadence_steps_per_min == doctest::Approx(60.0 * v / step).epsilon(1e-3));  // 110.4 steps/min
  CHECK(w.truth.cadence_steps_per_min == doctest::Approx(110.45).epsilon(2e-3));

  SUBCASE("faster walking: longer steps, higher cadence, shorter stance") {
    WalkOptions slow, fast;
    slow.duration_s = fast.duration_s = 0.5;
    slow.speed_m_s = 0.9;
    fast.speed_m_s = 1.8;
    const auto a = gaitchain::synthetic_walk(slow).truth, b = gaitchain::synthetic_walk(fast).truth;
    CHECK(a.step_length_m < w.truth.step_length_m);
    CHECK(b.step_length_m > w.truth.step_length_m);
    CHECK(a.cadence_steps_per_min < w.truth.cadence_steps_per_min);
    CHECK(b.cadence_steps_per_min > w.truth.cadence_steps_per_min);
    CHECK(a.stance_fraction > w.truth.stance_fraction);
    CHECK(b.stance_fraction < w.truth.stance_fraction);
    // Speed = step length * cadence.
    CHECK(a.step_length_m * a.cadence_steps_per_min / 60 == doctest::Approx(0.9));
    CHECK(b.step_length_m * b.cadence_steps_per_min / 60 == doctest::Approx(1.8));
  }
}

TEST_CASE("synthetic_walk: events alternate and match stride time and stance fraction") {
  const SyntheticWalk& w = healthy();
  const auto& ev = w.truth.events;
  const double T = stride_time(w), beta = w.truth.stance_fraction;
  REQUIRE(ev.size() >= 12);
  CHECK(std::is_sorted(ev.begin(), ev.end(), [](const Event& a, const Event& b) { return a.time < b.time; }));
  // The order of a walk: strike of one foot, then the other foot's off (double support), then its strike...
  for (std::size_t i = 1; i < ev.size(); ++i) {
    CAPTURE(i);
    CHECK(ev[i].kind != ev[i - 1].kind);
    if (ev[i - 1].kind == EventKind::foot_strike) CHECK(ev[i].side != ev[i - 1].side);  // opposite foot off
    if (ev[i - 1].kind == EventKind::foot_off) CHECK(ev[i].side == ev[i - 1].side);     // that foot strikes
  }
  for (Side side : {Side::right, Side::left}) {
    CAPTURE(gaitchain::to_string(side));
    std::vector<Event> own;
    for (const Event& e : ev)
      if (e.side == side) own.push_back(e);
    REQUIRE(own.size() >= 6);
    int stance_checked = 0;
    for (std::size_t i = 1; i < own.size(); ++i) {
      CHECK(own[i].kind != own[i - 1].kind);  // strike and off alternate for each foot
      if (own[i - 1].kind == EventKind::foot_strike) {
        CHECK((own[i].time - own[i - 1].time) / T == doctest::Approx(beta).epsilon(1e-9));
        ++stance_checked;
      }
    }
    CHECK(stance_checked >= 3);
    const auto s = strikes(w, side);
    for (std::size_t i = 1; i < s.size(); ++i) CHECK(s[i].time - s[i - 1].time == doctest::Approx(T).epsilon(1e-9));
  }
  // Right and left strikes are half a cycle apart.
  const auto r = strikes(w, Side::right), l = strikes(w, Side::left);
  CHECK(std::abs(r[0].time - l[0].time) == doctest::Approx(0.5 * T).epsilon(1e-9));

  SUBCASE("strides") {
    REQUIRE(w.truth.strides.size() >= 5);
    for (const auto& s : w.truth.strides) {
      CHECK(s.end - s.start == doctest::Approx(T).epsilon(1e-9));
      CHECK(s.start >= 0.0);
      CHECK(s.end < duration);
      // Each stride starts at a truth foot strike of its side.
      const auto own = strikes(w, s.side);
      CHECK(std::any_of(own.begin(), own.end(), [&](const Event& e) { return std::abs(e.time - s.start) < 1e-12; }));
      CHECK(s.length == doctest::Approx(2 * w.truth.step_length_m).epsilon(0.02));
    }
    // Stride length equals the measured heel displacement between the foot-flat phases.
    const auto fp = footprints(w);
    for (const auto& s : w.truth.strides) {
      const auto a = std::find_if(fp.begin(), fp.end(), [&](const Footprint& p) { return p.side == s.side && std::abs(p.time - s.start) < 1e-12; });
      const auto b = std::find_if(fp.begin(), fp.end(), [&](const Footprint& p) { return p.side == s.side && std::abs(p.time - s.end) < 1e-12; });
      if (a == fp.end() || b == fp.end()) continue;
      CHECK(b->heel_x - a->heel_x == doctest::Approx(s.length).epsilon(1e-6));
    }
  }
}

TEST_CASE("synthetic_walk: the feet do not slide and never go through the floor") {
  const SyntheticWalk& w = healthy();
  const auto& m = w.truth.model;
  const auto paths = landmark_paths(w);
  const auto& P = w.trial.points;
  const double T = stride_time(w), beta = w.truth.stance_fraction, rate = w.trial.rate;
  auto speed = [&](auto&& position, Eigen::Index f) { return ((position(f + 1) - position(f - 1)) * (0.5 * rate)).norm(); };
  const double still = 1e-3;  // m/s

  int windows = 0;
  for (Side side : {Side::right, Side::left}) {
    const std::string s = sfx(side), S = side == Side::right ? "R" : "L";
    const auto& heel = paths[m.landmark_index("heel" + s)];
    const auto& toe = paths[m.landmark_index("toe_tip" + s)];
    const int hee = m.marker_index(S + "HEE"), toe_marker = m.marker_index(S + "TOE");
    auto marker = [&](int k) { return [&, k](Eigen::Index f) { return Vec3(P.block<1, 3>(f, 3 * k).transpose()); }; };
    for (const Event& e : strikes(w, side)) {
      CAPTURE(s);
      CAPTURE(e.time);
      const double off = e.time + beta * T;
      // Foot flat (10-30 % of the cycle): the calcaneus markers stand still.
      for (auto f : frames_in(w, e.time + 0.10 * T, e.time + 0.30 * T, true)) {
        CHECK(speed(marker(hee), f) < still);
        CHECK(speed(marker(toe_marker), f) < still);
        ++windows;
      }
      // Heel rocker (strike to 8 %): the heel contact point is still, on the floor.
      for (auto f : frames_in(w, e.time, e.time + 0.08 * T, true)) CHECK(speed([&](Eigen::Index k) { return heel[k]; }, f) < still);
      for (auto f : frames_in(w, e.time, e.time + 0.30 * T)) CHECK(std::abs(heel[f].z()) < 1e-6);
      // Forefoot rocker (32 % to foot off): the toe tip is still, on the floor.
      if (off < duration) {
        for (auto f : frames_in(w, e.time + 0.32 * T, off, true)) CHECK(speed([&](Eigen::Index k) { return toe[k]; }, f) < still);
        for (auto f : frames_in(w, e.time + 0.10 * T, off)) CHECK(std::abs(toe[f].z()) < 1e-6);
      }
    }
    // At the truth events: the first frame at or after each strike has the heel on the floor; the last
    // frame at or before each foot off has the toe tip on it; the heel is off the floor 5 % of the cycle
    // before the strike, the toe tip 5 % after the foot off.
    for (const Event& e : w.truth.events) {
      if (e.side != side) continue;
      CAPTURE(e.time);
      if (e.kind == EventKind::foot_strike) {
        const auto f = static_cast<Eigen::Index>(std::ceil(e.time * rate - 1e-9));
        if (f < P.rows()) CHECK(std::abs(heel[f].z()) < 1e-6);
        const auto before = static_cast<Eigen::Index>(std::floor((e.time - 0.05 * T) * rate));
        if (before >= 0) CHECK(heel[before].z() > 0.005);
      } else {
        const auto f = static_cast<Eigen::Index>(std::floor(e.time * rate + 1e-9));
        CHECK(std::abs(toe[f].z()) < 1e-6);
        const auto after = static_cast<Eigen::Index>(std::ceil((e.time + 0.05 * T) * rate));
        if (after < P.rows()) CHECK(toe[after].z() > 0.005);
      }
    }
  }
  CHECK(windows > 100);

  // No contact point below the floor, ever.
  double lowest = 1e9;
  for (const char* name : {"heel_r", "mtp_r", "toe_tip_r", "heel_l", "mtp_l", "toe_tip_l"})
    for (const Vec3& p : paths[m.landmark_index(name)]) lowest = std::min(lowest, p.z());
  CHECK(lowest > -1e-6);
  CHECK(lowest < 1e-6);  // and the feet do reach it
}

TEST_CASE("synthetic_walk: markers are the forward kinematics of the truth coordinates") {
  const SyntheticWalk& w = healthy();
  const gaitchain::PointArray fk = gaitchain::marker_trajectories(w.truth.model, w.truth.coordinates);
  REQUIRE(fk.rows() == w.trial.points.rows());
  CHECK((fk - w.trial.points).cwiseAbs().maxCoeff() < 1e-12);
  CHECK_NOTHROW(w.truth.model.validate());
}

TEST_CASE("synthetic_walk: speed, step length and symmetry") {
  const SyntheticWalk& w = healthy();
  const Eigen::VectorXd tx = column(w, "pelvis_tx");
  const double mean_speed = (tx[tx.size() - 1] - tx[0]) / ((tx.size() - 1) / w.trial.rate);
  CHECK(mean_speed == doctest::Approx(1.3).epsilon(0.01));
  const auto [right, left] = mean_steps(w);
  CHECK(right == doctest::Approx(w.truth.step_length_m).epsilon(0.01));
  CHECK(left == doctest::Approx(w.truth.step_length_m).epsilon(0.01));
  // Footprints: right foot on the right (-y), left on the left.
  const auto paths = landmark_paths(w);
  const auto f = frames_in(w, strikes(w, Side::right)[0].time + 0.2 * stride_time(w), 1e9).front();
  CHECK(paths[w.truth.model.landmark_index("heel_r")][f].y() < -0.03);
}

TEST_CASE("synthetic_walk: healthy joint-angle ranges") {
  const SyntheticWalk& w = healthy();
  const double T = stride_time(w), beta = w.truth.stance_fraction;
  auto deg_max = [&](const char* c, const std::vector<Eigen::Index>& f) { return gaitchain::deg(max_over(w, c, f)); };
  // Swing frames: from each foot off to the next strike.
  auto swing = [&](Side side) {
    std::vector<Eigen::Index> out;
    for (const Event& e : strikes(w, side)) {
      const auto f = frames_in(w, e.time + beta * T, e.time + T);
      out.insert(out.end(), f.begin(), f.end());
    }
    return out;
  };
  const double knee_r = deg_max("knee_angle_r", swing(Side::right)), knee_l = deg_max("knee_angle_l", swing(Side::left));
  CHECK(knee_r > 50.0);
  CHECK(knee_r < 70.0);
  CHECK(std::abs(knee_r - knee_l) < 1.0);
  for (const char* side : {"_r", "_l"}) {
    CAPTURE(side);
    const Eigen::VectorXd hip = column(w, std::string("hip_flexion") + side);
    const double range = gaitchain::deg(hip.maxCoeff() - hip.minCoeff());
    CHECK(range > 35.0);
    CHECK(range < 60.0);  // measured 54.9; normative adult range is about 45-55
    CHECK(gaitchain::deg(hip.minCoeff()) < 0.0);  // the hip extends in terminal stance
    const Eigen::VectorXd ankle = column(w, std::string("ankle_angle") + side);
    CHECK(gaitchain::deg(ankle.minCoeff()) > -30.0);
    CHECK(gaitchain::deg(ankle.maxCoeff()) < 25.0);
    CHECK(gaitchain::deg(ankle.maxCoeff()) > 5.0);  // stance dorsiflexion
    const Eigen::VectorXd knee = column(w, std::string("knee_angle") + side);
    CHECK(gaitchain::deg(knee.minCoeff()) > -5.0);
    CHECK(gaitchain::deg(knee.minCoeff()) < 10.0);  // near full extension at some point
  }
  // Every coordinate stays inside its joint limits.
  const auto& m = w.truth.model;
  for (int c = 0; c < m.coordinate_count(); ++c) {
    CAPTURE(m.coordinates[c].name);
    CHECK(column(w, m.coordinates[c].name).minCoeff() >= m.coordinates[c].lower);
    CHECK(column(w, m.coordinates[c].name).maxCoeff() <= m.coordinates[c].upper);
  }
}

TEST_CASE("synthetic_walk: measurement noise") {
  WalkOptions o = options();
  o.noise_m = 0.002;
  o.seed = 11;
  const SyntheticWalk w = gaitchain::synthetic_walk(o);
  const Eigen::ArrayXXd r = (w.trial.points - healthy().trial.points).array();
  const double n = static_cast<double>(r.size());
  const double mean = r.sum() / n;
  const double sd = std::sqrt((r - mean).square().sum() / (n - 1));
  CHECK(sd == doctest::Approx(0.002).epsilon(0.10));
  CHECK(std::abs(mean) < 1e-4);
  // The truth is unaffected by the noise.
  CHECK(w.truth.coordinates == healthy().truth.coordinates);
  CHECK(w.truth.events == healthy().truth.events);
}

TEST_CASE("synthetic_walk: dropout as gaps of whole xyz triplets") {
  WalkOptions o = options();
  o.dropout = 0.3;
  o.seed = 3;
  const SyntheticWalk w = gaitchain::synthetic_walk(o);
  const auto& P = w.trial.points;
  const auto& clean = healthy().trial.points;
  const Eigen::Index frames = P.rows(), markers = P.cols() / 3;
  Eigen::Index missing = 0;
  bool triplets = true, untouched = true;
  for (Eigen::Index f = 0; f < frames; ++f)
    for (Eigen::Index k = 0; k < markers; ++k) {
      const int nans = std::isnan(P(f, 3 * k)) + std::isnan(P(f, 3 * k + 1)) + std::isnan(P(f, 3 * k + 2));
      if (nans != 0 && nans != 3) triplets = false;
      if (nans == 3) ++missing;
      if (nans == 0 && (P.block<1, 3>(f, 3 * k) - clean.block<1, 3>(f, 3 * k)).cwiseAbs().maxCoeff() != 0.0) untouched = false;
    }
  CHECK(triplets);
  CHECK(untouched);  // no noise asked for: present samples are exact
  const double fraction = static_cast<double>(missing) / static_cast<double>(frames * markers);
  CHECK(fraction == doctest::Approx(0.30).epsilon(0.02 / 0.30));
  // Gaps of 5 to 30 frames: runs shorter than 5 only where a gap was cut by the end of the trial or by
  // reaching the requested fraction (at most one such run).
  int short_runs = 0, runs = 0;
  for (Eigen::Index k = 0; k < markers; ++k) {
    std::vector<double> x(static_cast<std::size_t>(frames));
    for (Eigen::Index f = 0; f < frames; ++f) x[f] = P(f, 3 * k);
    for (const gaitchain::Gap& g : gaitchain::find_gaps(x)) {
      ++runs;
      if (g.length < 5 && g.first + g.length < static_cast<std::size_t>(frames)) ++short_runs;
    }
  }
  CHECK(runs > 50);
  CHECK(short_runs <= 1);
}

TEST_CASE("synthetic_walk: seeds") {
  WalkOptions o;
  o.duration_s = 2.0;
  o.noise_m = 0.001;
  o.dropout = 0.1;
  o.seed = 42;
  const SyntheticWalk a = gaitchain::synthetic_walk(o), b = gaitchain::synthetic_walk(o);
  o.seed = 43;
  const SyntheticWalk c = gaitchain::synthetic_walk(o);
  // Same seed: bit-identical, including where the NaNs are.
  const Eigen::ArrayXXd pa = a.trial.points.array(), pb = b.trial.points.array(), pc = c.trial.points.array();
  CHECK((pa.isNaN() == pb.isNaN()).all());
  CHECK((pa.isNaN() || pa == pb).all());
  // Another seed: other noise and other gaps, same truth.
  CHECK(!(pa.isNaN() == pc.isNaN()).all());
  const Eigen::ArrayXXd diff = (pa - pc).abs();
  int compared = 0, differ = 0;
  for (Eigen::Index i = 0; i < diff.size(); ++i)
    if (!std::isnan(diff.data()[i])) {
      ++compared;
      differ += diff.data()[i] > 0;
    }
  CHECK(compared > 1000);
  CHECK(differ == compared);
  CHECK(a.truth.coordinates == c.truth.coordinates);
}

TEST_CASE("synthetic_walk compensations") {
  const SyntheticWalk& h = healthy();
  SUBCASE("pelvic_drop right 5 deg: the left hemipelvis drops in right stance") {
    const SyntheticWalk& w = with("pelvic_drop", Side::right, 5.0);
    const double before = gaitchain::deg(max_over(h, "pelvis_list", stance_frames(h, Side::right)));
    const double after = gaitchain::deg(max_over(w, "pelvis_list", stance_frames(w, Side::right)));
    CHECK(after - before >= 3.0);
    CHECK(after - before <= 5.5);
    // The left stance is not affected in the same way (its most negative list is unchanged).
    const double left_before = gaitchain::deg(min_over(h, "pelvis_list", stance_frames(h, Side::left)));
    const double left_after = gaitchain::deg(min_over(w, "pelvis_list", stance_frames(w, Side::left)));
    CHECK(std::abs(left_after - left_before) < 1.0);
  }
  SUBCASE("limited_hip_extension right 10 deg") {
    const SyntheticWalk& w = with("limited_hip_extension", Side::right, 10.0);
    const double dr = gaitchain::deg(column(w, "hip_flexion_r").minCoeff() - column(h, "hip_flexion_r").minCoeff());
    const double dl = gaitchain::deg(column(w, "hip_flexion_l").minCoeff() - column(h, "hip_flexion_l").minCoeff());
    CHECK(dr >= 5.0);
    CHECK(dr <= 10.5);
    CHECK(std::abs(dl) < 2.0);
  }
  SUBCASE("foot_progression right 10 deg: the right foot turns out by 10 deg") {
    const SyntheticWalk& w = with("foot_progression", Side::right, 10.0);
    // Toe-out of the right foot is a negative yaw (toes toward -y).
    CHECK(flat_foot_yaw_deg(w, Side::right) - flat_foot_yaw_deg(h, Side::right) == doctest::Approx(-10.0).epsilon(0.1));
    CHECK(std::abs(flat_foot_yaw_deg(w, Side::left) - flat_foot_yaw_deg(h, Side::left)) < 0.1);
    WalkOptions o = options({{"foot_progression", Side::left, 10.0}});
    o.duration_s = 2.0;
    const SyntheticWalk left = gaitchain::synthetic_walk(o);
    WalkOptions ho = options();
    ho.duration_s = 2.0;
    const SyntheticWalk left_h = gaitchain::synthetic_walk(ho);
    CHECK(flat_foot_yaw_deg(left, Side::left) - flat_foot_yaw_deg(left_h, Side::left) == doctest::Approx(10.0).epsilon(0.1));
  }
  SUBCASE("step_length_asymmetry right 0.2: right steps 20 % (of the mean) longer than left") {
    const SyntheticWalk& w = with("step_length_asymmetry", Side::right, 0.2);
    const auto [right, left] = mean_steps(w);
    CHECK((right - left) / (0.5 * (right + left)) == doctest::Approx(0.20).epsilon(0.05));
    CHECK(right == doctest::Approx(1.1 * w.truth.step_length_m).epsilon(0.01));
    CHECK(left == doctest::Approx(0.9 * w.truth.step_length_m).epsilon(0.01));
    // Stride length is unchanged: the walk still progresses at the requested speed.
    for (const auto& s : w.truth.strides) CHECK(s.length == doctest::Approx(2 * w.truth.step_length_m).epsilon(0.02));
  }
  SUBCASE("knee_valgus right 5 deg: a 3-dof knee, abducted in right stance") {
    const SyntheticWalk& w = with("knee_valgus", Side::right, 5.0);
    CHECK(w.truth.model.coordinate_count() == 27);
    CHECK(w.truth.coordinates.cols() == 27);
    CHECK(w.truth.model.segments[w.truth.model.segment_index("tibia_r")].dofs.size() == 3);
    const double r = gaitchain::deg(mean_over(w, "knee_adduction_r", stance_frames(w, Side::right)));
    const double l = gaitchain::deg(mean_over(w, "knee_adduction_l", stance_frames(w, Side::left)));
    CHECK(r - l < -1.5);  // valgus = negative adduction, on the right only
    CHECK(h.truth.model.coordinate_count() == 23);
  }
  SUBCASE("trunk_forward_lean 10 deg lowers lumbar extension by 10 deg") {
    const SyntheticWalk& w = with("trunk_forward_lean", Side::right, 10.0);
    const double d = gaitchain::deg(column(w, "lumbar_extension").mean() - column(h, "lumbar_extension").mean());
    CHECK(d == doctest::Approx(-10.0).epsilon(0.01));
    // The pelvis and legs are unaffected: the lumbar joint does not move the feet.
    CHECK(gaitchain::deg((column(w, "hip_flexion_r") - column(h, "hip_flexion_r")).cwiseAbs().maxCoeff()) < 1e-6);
  }
  SUBCASE("every documented finding runs and changes the markers") {
    for (const std::string& name : gaitchain::compensation_names()) {
      CAPTURE(name);
      const double magnitude = name == "overstriding" ? 0.05 : name == "step_length_asymmetry" ? 0.1 : 5.0;
      WalkOptions o = options({{name, Side::left, magnitude}});
      o.duration_s = 1.5;
      WalkOptions ho = options();
      ho.duration_s = 1.5;
      const SyntheticWalk w = gaitchain::synthetic_walk(o), base = gaitchain::synthetic_walk(ho);
      CHECK((w.trial.points - base.trial.points).cwiseAbs().maxCoeff() > 0.005);
    }
    CHECK(gaitchain::compensation_names().size() == 13);
  }
}

TEST_CASE("synthetic_walk rejects bad options with InvalidArgument") {
  auto rejects = [](const std::function<void(WalkOptions&)>& change) {
    WalkOptions o;
    o.duration_s = 1.0;
    change(o);
    CHECK_THROWS_AS(gaitchain::synthetic_walk(o), gaitchain::InvalidArgument);
  };
  rejects([](WalkOptions& o) { o.compensations = {{"limping", Side::right, 5.0}}; });
  rejects([](WalkOptions& o) { o.compensations = {{"pelvic_drop", Side::right, std::nan("")}}; });
  rejects([](WalkOptions& o) { o.speed_m_s = 5.0; });
  rejects([](WalkOptions& o) { o.speed_m_s = 0.0; });
  rejects([](WalkOptions& o) { o.noise_m = -0.001; });
  rejects([](WalkOptions& o) { o.dropout = 1.5; });
  rejects([](WalkOptions& o) { o.dropout = -0.1; });
  rejects([](WalkOptions& o) { o.duration_s = 0.0; });
  rejects([](WalkOptions& o) { o.duration_s = -1.0; });
  rejects([](WalkOptions& o) { o.rate_hz = 0.0; });
  rejects([](WalkOptions& o) { o.height_m = 3.0; });
  rejects([](WalkOptions& o) { o.marker_set = "nope"; });
  // The message of an unknown finding lists the known ones.
  WalkOptions o;
  o.compensations = {{"limping", Side::right, 5.0}};
  std::string msg;
  try {
    gaitchain::synthetic_walk(o);
  } catch (const gaitchain::InvalidArgument& e) {
    msg = e.what();
  }
  CHECK(msg.find("limping") != std::string::npos);
  CHECK(msg.find("pelvic_drop") != std::string::npos);
}
