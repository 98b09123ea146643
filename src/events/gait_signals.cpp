#include "gaitchain/events/gait_signals.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "gaitchain/core/error.hpp"
#include "gaitchain/core/trajectory.hpp"
#include "gaitchain/model/kinematics.hpp"

namespace gaitchain::events {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Below this net speed of the pelvis the subject walks on a treadmill (or not at all): the same bound
// the lab-frame detection uses (io/lab_frame.cpp).
constexpr double kTreadmillSpeed = 0.25;  // m/s
// A frame belongs to a walking pass while the smoothed pelvis speed is at least this fraction of the
// trial's median walking speed: turning on the spot and standing fall below it.
constexpr double kWalkingFraction = 0.4;
constexpr double kSmoothingWindow = 1.0;  // s, about one stride: removes the within-stride sway

// Candidate names per role, "{S}" standing for R or L. Covers the built-in marker sets (a test checks
// that every one resolves) and spellings met in lab files.
const std::vector<std::string>& heel_names() {
  static const std::vector<std::string> names = {"{S}HEE", "{S}.Heel", "{S}Heel", "{S}_Heel", "{S}CAL", "{S}.CAL",
                                                 "{S}_CAL", "{S}HEEL"};
  return names;
}
const std::vector<std::string>& toe_names() {
  static const std::vector<std::string> names = {"{S}TOE", "{S}.Toe.Tip", "{S}.Toe", "{S}_Toe", "{S}BigToe",
                                                 "{S}MT2", "{S}.MT2", "{S}_MT2", "{S}FM2", "{S}MT1", "{S}.MT1",
                                                 "{S}FM1", "{S}MT5", "{S}.MT5", "{S}FM5"};
  return names;
}
// Pelvis groups: a midline marker, else a symmetric pair (its mean lies on the midline too).
const std::vector<std::string>& pelvis_groups() {
  static const std::vector<std::string> groups = {
      "SACR",          "RPSI+LPSI",   "V.Sacral",  "S2",        "R.PSIS+L.PSIS", "RPSIS+LPSIS", "R_PSIS+L_PSIS",
      "MidPSIS",       "RASI+LASI",   "R.ASIS+L.ASIS", "RASIS+LASIS", "R_ASIS+L_ASIS", "MidASIS", "CHip",
      "Hip",           "MidHip",      "RHip+LHip", "RHJC+LHJC"};
  return groups;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<std::string> split_plus(const std::string& group) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t plus = group.find('+', start);
    parts.push_back(group.substr(start, plus - start));
    if (plus == std::string::npos) return parts;
    start = plus + 1;
  }
}

// The marker of `names` equal to `wanted` ignoring case, or "".
std::string find_name(const std::vector<std::string>& names, const std::string& wanted) {
  const std::string w = lower(wanted);
  for (const std::string& n : names)
    if (lower(n) == w) return n;
  return {};
}

// Mean of the trial markers `names` per frame, NaN where any is missing.
Series3 mean_point(const Trial& trial, const std::vector<std::string>& names) {
  Series3 out = Series3::Zero(static_cast<Eigen::Index>(trial.frame_count()), 3);
  for (const std::string& name : names) {
    const int m = trial.find_marker(name);
    out += trial.points.middleCols(3 * m, 3);  // NaN propagates
  }
  return out / static_cast<double>(names.size());
}

// Centred moving average over `window` samples of the valid samples; NaN where fewer than half are valid.
std::vector<double> moving_average(const std::vector<double>& x, std::size_t window) {
  const std::size_t n = x.size(), half = window / 2;
  std::vector<double> sum(n + 1, 0.0), count(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    sum[i + 1] = sum[i] + (std::isnan(x[i]) ? 0.0 : x[i]);
    count[i + 1] = count[i] + (std::isnan(x[i]) ? 0.0 : 1.0);
  }
  std::vector<double> out(n, kNaN);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t a = i >= half ? i - half : 0, b = std::min(n, i + half + 1);
    const double c = count[b] - count[a];
    if (c >= 0.5 * static_cast<double>(b - a) && c > 0) out[i] = (sum[b] - sum[a]) / c;
  }
  return out;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : "+") + n;
  return s;
}

}  // namespace

std::vector<std::string> role_candidates(const std::string& role) {
  if (role == "pelvis") return pelvis_groups();
  const bool heel = role == "heel_r" || role == "heel_l", toe = role == "toe_r" || role == "toe_l";
  if (!heel && !toe) throw InvalidArgument("unknown marker role '" + role + "'; roles: heel_r, heel_l, toe_r, toe_l, pelvis");
  const std::string s = role.back() == 'r' ? "R" : "L";
  std::vector<std::string> out;
  for (std::string name : heel ? heel_names() : toe_names()) out.push_back(name.replace(0, 3, s));
  return out;
}

MarkerRoles find_marker_roles(const std::vector<std::string>& marker_names, const MarkerRoles& mapping) {
  MarkerRoles roles;
  for (const auto& [role, names] : mapping) {
    role_candidates(role);  // validates the role name
    if (names.empty()) throw InvalidArgument("marker role '" + role + "' is mapped to no marker");
    for (const std::string& name : names)
      if (std::find(marker_names.begin(), marker_names.end(), name) == marker_names.end())
        throw InvalidArgument("marker role '" + role + "' is mapped to '" + name + "', which the trial does not have");
    roles[role] = names;
  }
  for (const std::string role : {"heel_r", "heel_l", "toe_r", "toe_l", "pelvis"}) {
    if (roles.count(role)) continue;
    for (const std::string& candidate : role_candidates(role)) {
      std::vector<std::string> found;
      for (const std::string& part : split_plus(candidate)) found.push_back(find_name(marker_names, part));
      if (std::none_of(found.begin(), found.end(), [](const std::string& f) { return f.empty(); })) {
        roles[role] = found;
        break;
      }
    }
  }
  return roles;
}

MarkerRoles marker_roles(const Model& model) {
  MarkerRoles roles;
  const double reach = 0.05 * model.height_m / 1.75;
  // Markers on `segments` within reach of `landmark`, nearest first (nominal positions at scale 1).
  const auto near = [&](const std::string& landmark, std::initializer_list<std::string> segments) {
    const BodyPoint& l = model.landmark(landmark);
    Kinematics kin;
    forward_kinematics(model, Eigen::VectorXd::Zero(model.coordinate_count()), kin);
    const Vec3 target = point_position(model, kin, l);
    std::vector<std::pair<double, std::string>> found;
    for (const BodyPoint& m : model.markers)
      for (const std::string& seg : segments)
        if (m.segment == model.segment_index(seg)) {
          const double d = (point_position(model, kin, m) - target).norm();
          if (d <= reach) found.emplace_back(d, m.name);
        }
    std::sort(found.begin(), found.end());
    return found.empty() ? std::vector<std::string>{} : std::vector<std::string>{found.front().second};
  };
  for (const char* s : {"r", "l"}) {
    const std::string side(s);
    if (auto heel = near("heel_" + side, {"calcn_" + side}); !heel.empty()) roles["heel_" + side] = heel;
    if (auto toe = near("toe_tip_" + side, {"calcn_" + side, "toes_" + side}); !toe.empty()) roles["toe_" + side] = toe;
    else if (auto mtp = near("mtp_" + side, {"calcn_" + side, "toes_" + side}); !mtp.empty()) roles["toe_" + side] = mtp;
  }
  std::vector<std::string> pelvis;
  const int pelvis_segment = model.segment_index("pelvis");
  for (const BodyPoint& m : model.markers)
    if (m.segment == pelvis_segment) pelvis.push_back(m.name);
  if (!pelvis.empty()) roles["pelvis"] = pelvis;
  return roles;
}

void estimate_progression(GaitSignals& signals) {
  const auto n = static_cast<Eigen::Index>(signals.frame_count());
  // Reference point: the pelvis, else the mean of the feet.
  Series3 ref = signals.pelvis;
  std::string what = "pelvis";
  if (ref.array().isNaN().all()) {
    ref = (signals.heel[0] + signals.heel[1] + signals.toe[0] + signals.toe[1]) / 4.0;
    what = "feet";
  }
  const std::size_t window = std::max<std::size_t>(3, static_cast<std::size_t>(std::lround(kSmoothingWindow * signals.rate)));
  std::array<std::vector<double>, 2> velocity;
  for (int axis = 0; axis < 2; ++axis) {
    std::vector<double> v(static_cast<std::size_t>(n), kNaN);
    for (Eigen::Index k = 1; k + 1 < n; ++k)
      v[k] = 0.5 * (ref(k + 1, axis) - ref(k - 1, axis)) * signals.rate;
    velocity[axis] = moving_average(v, window);
  }
  std::vector<double> speed(static_cast<std::size_t>(n), kNaN);
  for (Eigen::Index k = 0; k < n; ++k) speed[k] = std::hypot(velocity[0][k], velocity[1][k]);
  const double median_speed = nan_median(speed);
  signals.progression = Series3::Constant(n, 3, kNaN);
  signals.belt_velocity.setZero();
  if (std::isnan(median_speed)) {
    signals.treadmill = false;
    signals.walking_speed = kNaN;
    signals.notes.push_back("no walking direction: the " + what + " is never visible long enough");
    return;
  }
  signals.treadmill = median_speed < kTreadmillSpeed;
  if (signals.treadmill) {
    // The internal X axis is the treadmill's walking direction (io/lab_frame.hpp). The belt speed is
    // what the heels move back at while they are down (within 1 cm of their lowest): their median.
    std::vector<double> backward;
    for (const Series3* heel : {&signals.heel[0], &signals.heel[1]}) {
      std::vector<double> z;
      for (Eigen::Index k = 0; k < n; ++k) z.push_back((*heel)(k, 2));
      std::erase_if(z, [](double v) { return std::isnan(v); });
      if (z.empty()) continue;
      std::sort(z.begin(), z.end());
      const double down = z[z.size() / 20] + 0.01;
      for (Eigen::Index k = 1; k + 1 < n; ++k) {
        const double vx = 0.5 * ((*heel)(k + 1, 0) - (*heel)(k - 1, 0)) * signals.rate;
        if (vx < 0 && (*heel)(k, 2) <= down) backward.push_back(-vx);
      }
    }
    const double belt = nan_median(backward);
    signals.walking_speed = std::isnan(belt) ? 0.0 : belt;
    signals.belt_velocity = Eigen::Vector3d(-signals.walking_speed, 0, 0);
    for (Eigen::Index k = 0; k < n; ++k)
      if (!std::isnan(ref(k, 0))) signals.progression.row(k) << 1.0, 0.0, 0.0;
    signals.notes.push_back("treadmill: the " + what + " travels at " + std::to_string(median_speed).substr(0, 4) +
                            " m/s; belt speed " + std::to_string(signals.walking_speed).substr(0, 4) + " m/s from the heels");
    return;
  }
  std::vector<double> walking;
  for (Eigen::Index k = 0; k < n; ++k)
    if (speed[k] >= kWalkingFraction * median_speed) {
      signals.progression.row(k) << velocity[0][k] / speed[k], velocity[1][k] / speed[k], 0.0;
      walking.push_back(speed[k]);
    }
  signals.walking_speed = nan_median(walking);
}

GaitSignals gait_signals(const Trial& trial, const MarkerRoles& mapping) {
  trial.validate();
  GaitSignals s;
  s.rate = trial.rate;
  s.first_frame = trial.first_frame;
  s.source = trial.source;
  s.force_plates = trial.force_plates;
  s.roles = find_marker_roles(trial.marker_names, mapping);
  const auto n = static_cast<Eigen::Index>(trial.frame_count());
  const auto point = [&](const std::string& role) {
    const auto it = s.roles.find(role);
    return it == s.roles.end() ? Series3(Series3::Constant(n, 3, kNaN)) : mean_point(trial, it->second);
  };
  for (Side side : {Side::left, Side::right}) {
    const std::string suffix(gaitchain::suffix(side));
    s.heel[side_index(side)] = point("heel" + suffix);
    s.toe[side_index(side)] = point("toe" + suffix);
  }
  s.pelvis = point("pelvis");
  std::string used;
  for (const auto& [role, names] : s.roles) used += (used.empty() ? "" : ", ") + role + " = " + joined(names);
  s.notes.push_back("markers: " + (used.empty() ? std::string("none found") : used));
  estimate_progression(s);
  return s;
}

GaitSignals gait_signals(const Model& model, const Motion& motion, std::vector<ForcePlate> force_plates) {
  if (static_cast<int>(motion.coordinate_names.size()) != model.coordinate_count() ||
      motion.coordinates.cols() != model.coordinate_count())
    throw InvalidArgument("gait_signals: the motion has " + std::to_string(motion.coordinates.cols()) +
                          " coordinates, the model " + std::to_string(model.coordinate_count()));
  for (int c = 0; c < model.coordinate_count(); ++c)
    if (motion.coordinate_names[c] != model.coordinates[c].name)
      throw InvalidArgument("gait_signals: coordinate " + std::to_string(c) + " of the motion is '" +
                            motion.coordinate_names[c] + "', the model's is '" + model.coordinates[c].name + "'");
  if (!(motion.rate > 0)) throw InvalidArgument("gait_signals: the motion's rate must be positive");
  GaitSignals s;
  s.rate = motion.rate;
  s.first_frame = motion.first_frame;
  s.force_plates = std::move(force_plates);
  const auto n = static_cast<Eigen::Index>(motion.frame_count());
  for (auto* series : {&s.heel[0], &s.heel[1], &s.toe[0], &s.toe[1], &s.pelvis}) *series = Series3::Constant(n, 3, kNaN);
  const BodyPoint &heel_l = model.landmark("heel_l"), &heel_r = model.landmark("heel_r");
  const BodyPoint &toe_l = model.landmark("toe_tip_l"), &toe_r = model.landmark("toe_tip_r");
  const BodyPoint& pelvis = model.landmark("mid_asis");
  Kinematics kin;
  // The MTP angle is often undetermined (no toe marker): the toe tip then rides on the foot as if the
  // MTP were neutral, which is where it is at strike and nearly so until push-off.
  const int mtp[2] = {model.coordinate_index("mtp_angle_l"), model.coordinate_index("mtp_angle_r")};
  for (Eigen::Index k = 0; k < n; ++k) {
    Eigen::VectorXd q = motion.coordinates.row(k).transpose();
    for (int c : mtp)
      if (std::isnan(q[c])) q[c] = 0.0;
    if (!q.allFinite()) continue;
    forward_kinematics(model, q, kin);
    s.heel[0].row(k) = point_position(model, kin, heel_l).transpose();
    s.heel[1].row(k) = point_position(model, kin, heel_r).transpose();
    s.toe[0].row(k) = point_position(model, kin, toe_l).transpose();
    s.toe[1].row(k) = point_position(model, kin, toe_r).transpose();
    s.pelvis.row(k) = point_position(model, kin, pelvis).transpose();
  }
  s.roles = {{"heel_l", {"heel_l"}}, {"heel_r", {"heel_r"}}, {"toe_l", {"toe_tip_l"}}, {"toe_r", {"toe_tip_r"}},
             {"pelvis", {"mid_asis"}}};
  s.notes.push_back("model landmarks: heel, toe_tip and mid_asis posed by the motion");
  estimate_progression(s);
  return s;
}

}  // namespace gaitchain::events
