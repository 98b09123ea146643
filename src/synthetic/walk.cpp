// The synthetic walker. See include/gaitchain/synthetic/walk.hpp and docs/synthetic.md.
//
// Each frame is solved as a small weighted least-squares problem: the coordinates closest to the
// normative targets (weights 1/sigma) subject to both calcanei having their prescribed poses (rows
// weighted 1e6, so the feet end up within ~1e-10 m of their goal). The MTP angle is prescribed.
#include "gaitchain/synthetic/walk.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <optional>
#include <random>

#include "gaitchain/core/angles.hpp"
#include "gaitchain/core/error.hpp"
#include "gaitchain/model/kinematics.hpp"
#include "normative_curves.hpp"

namespace gaitchain {
namespace {

namespace normative = synthetic::normative;
constexpr double pi = std::numbers::pi;
constexpr double gravity = 9.81;
constexpr double step_width_per_height = 0.10 / 1.75;

enum Finding {
  limited_hip_extension, pelvic_rotation_asymmetry, pelvic_drop, trunk_forward_lean, trunk_lateral_lean,
  overstriding, rearfoot_eversion, foot_progression, limited_dorsiflexion, knee_valgus, step_length_asymmetry,
  heel_whip, lumbar_excursion, finding_count
};
constexpr std::array<const char*, finding_count> finding_names{
    "limited_hip_extension", "pelvic_rotation_asymmetry", "pelvic_drop", "trunk_forward_lean",
    "trunk_lateral_lean", "overstriding", "rearfoot_eversion", "foot_progression", "limited_dorsiflexion",
    "knee_valgus", "step_length_asymmetry", "heel_whip", "lumbar_excursion"};

double frac(double x) { return x - std::floor(x); }
// Signed distance between cycle fractions, in [-0.5, 0.5).
double phase_distance(double p, double centre) { return frac(p - centre + 0.5) - 0.5; }
double bump(double p, double centre, double width) {
  const double d = phase_distance(p, centre) / width;
  return std::exp(-0.5 * d * d);
}
double side_sign(Side s) { return s == Side::right ? 1.0 : -1.0; }

// Magnitude of each injected finding on each side (0 where absent).
struct Injected {
  std::array<std::array<double, 2>, finding_count> magnitude{};
  double on(Finding f, Side s) const { return magnitude[f][s == Side::right ? 0 : 1]; }
  bool any(Finding f) const { return magnitude[f][0] != 0.0 || magnitude[f][1] != 0.0; }
};

Injected parse_compensations(const std::vector<Compensation>& list) {
  Injected out;
  for (const Compensation& c : list) {
    const auto it = std::find(finding_names.begin(), finding_names.end(), c.finding);
    if (it == finding_names.end()) {
      std::string known;
      for (const char* n : finding_names) known += (known.empty() ? "" : ", ") + std::string(n);
      throw InvalidArgument("synthetic_walk: unknown compensation '" + c.finding + "'; known: " + known);
    }
    // Bounds keep the feet placeable: degrees for angles, metres for overstriding, a fraction for
    // step-length asymmetry.
    const Finding f = static_cast<Finding>(it - finding_names.begin());
    const double bound = f == overstriding ? 0.3 : f == step_length_asymmetry ? 0.6 : 30.0;
    if (!std::isfinite(c.magnitude) || std::abs(c.magnitude) > bound)
      throw InvalidArgument("synthetic_walk: compensation '" + c.finding + "' magnitude must be within +-" +
                            std::to_string(bound).substr(0, 4) + ", got " + std::to_string(c.magnitude));
    out.magnitude[it - finding_names.begin()][c.side == Side::right ? 0 : 1] += c.magnitude;
  }
  return out;
}

// Gait timing from speed: constant walk ratio (step length / cadence; Sekiya & Nagasaki 1998) anchored at
// the Schwartz 2008 free-speed group (dimensionless speed 0.429, cadence 0.565, step length 0.760).
struct Timing {
  double stride_time, step_length, stance_fraction, dimensionless_speed;
};

Timing gait_timing(double speed, double leg_length) {
  Timing t;
  t.dimensionless_speed = speed / std::sqrt(gravity * leg_length);
  constexpr double walk_ratio = 0.760 / 0.565;  // dimensionless step length / dimensionless cadence
  const double step_star = std::sqrt(walk_ratio * t.dimensionless_speed);
  t.step_length = step_star * leg_length;
  t.stride_time = 2.0 * t.step_length / speed;
  // Foot off at 59 % of the cycle at free speed (Schwartz 2008), earlier when faster (about 1.2 % per
  // 0.1 of dimensionless speed, an approximation of the trend across the speed groups).
  t.stance_fraction = std::clamp(0.59 - 0.12 * (t.dimensionless_speed - 0.429), 0.54, 0.68);
  return t;
}

// Normative curves blended between the two Schwartz speed groups around the dimensionless speed.
std::array<normative::Series, normative::variable_count> blended_curves(double v_star) {
  const auto& groups = normative::speed_groups;
  std::size_t hi = 1;
  while (hi + 1 < groups.size() && groups[hi].dimensionless_speed < v_star) ++hi;
  const auto& a = groups[hi - 1];
  const auto& b = groups[hi];
  const double w = std::clamp((v_star - a.dimensionless_speed) / (b.dimensionless_speed - a.dimensionless_speed), 0.0, 1.0);
  std::array<normative::Series, normative::variable_count> out;
  for (int v = 0; v < normative::variable_count; ++v)
    for (std::size_t c = 0; c < out[v].size(); ++c) out[v][c] = (1 - w) * a.curves[v][c] + w * b.curves[v][c];
  return out;
}

// Everything the per-frame code needs from the model, looked up by name once.
struct Layout {
  struct Leg {
    int hip_flexion, hip_adduction, hip_rotation, knee_angle, knee_adduction = -1, knee_rotation = -1;
    int ankle_angle, subtalar_angle, mtp_angle, calcn;
    Vec3 heel, mtp_plantar;  // contact points in the calcaneus frame
    Vec3 mtp_centre;         // MTP joint centre in the calcaneus frame
    Vec3 toe_tip;            // in the toes frame
  };
  int pelvis_tilt, pelvis_list, pelvis_rotation, pelvis_tx, pelvis_ty, pelvis_tz;
  int lumbar_extension, lumbar_bending, lumbar_rotation;
  std::array<Leg, 2> legs;  // right, left
  bool knee_has_3_dofs = false;

  explicit Layout(const Model& m) {
    auto c = [&](const std::string& name) { return m.coordinate_index(name); };
    auto scaled = [&](const BodyPoint& p) -> Vec3 { return m.scales[m.segments[p.segment].scale] * p.position; };
    pelvis_tilt = c("pelvis_tilt"), pelvis_list = c("pelvis_list"), pelvis_rotation = c("pelvis_rotation");
    pelvis_tx = c("pelvis_tx"), pelvis_ty = c("pelvis_ty"), pelvis_tz = c("pelvis_tz");
    lumbar_extension = c("lumbar_extension"), lumbar_bending = c("lumbar_bending"), lumbar_rotation = c("lumbar_rotation");
    for (int s = 0; s < 2; ++s) {
      const std::string x(suffix(s == 0 ? Side::right : Side::left));
      Leg& leg = legs[s];
      leg.hip_flexion = c("hip_flexion" + x), leg.hip_adduction = c("hip_adduction" + x), leg.hip_rotation = c("hip_rotation" + x);
      leg.knee_angle = c("knee_angle" + x);
      knee_has_3_dofs = m.segments[m.segment_index("tibia" + x)].dofs.size() == 3;
      if (knee_has_3_dofs) leg.knee_adduction = c("knee_adduction" + x), leg.knee_rotation = c("knee_rotation" + x);
      leg.ankle_angle = c("ankle_angle" + x), leg.subtalar_angle = c("subtalar_angle" + x), leg.mtp_angle = c("mtp_angle" + x);
      leg.calcn = m.segment_index("calcn" + x);
      leg.heel = scaled(m.landmark("heel" + x));
      leg.mtp_plantar = scaled(m.landmark("mtp" + x));
      leg.toe_tip = scaled(m.landmark("toe_tip" + x));
      const Segment& toes = m.segments[m.segment_index("toes" + x)];
      leg.mtp_centre = m.scales[m.segments[toes.parent].scale] * toes.joint_offset;
    }
  }
};

class Walker {
 public:
  Walker(const WalkOptions& o, Model model, const Injected& inj)
      : o_(o), model_(std::move(model)), inj_(inj), at_(model_) {
    Kinematics kin;
    standing_ = Eigen::VectorXd::Zero(model_.coordinate_count());
    forward_kinematics(model_, standing_, kin);
    // With the pelvis at the origin: the heel's depth below it is the standing pelvis height, and the
    // hip joint centre's height above the floor is the leg length of the dimensionless speed.
    const double hip_z = point_position(model_, kin, model_.landmark("hip_r")).z();
    const double heel_z = point_position(model_, kin, model_.landmark("heel_r")).z();
    standing_height_ = -heel_z;
    timing_ = gait_timing(o.speed_m_s, hip_z - heel_z);
    curves_ = blended_curves(timing_.dimensionless_speed);
    T_ = timing_.stride_time;
    beta_ = timing_.stance_fraction;
    first_strike_[0] = -0.3 * T_;        // right: the trial starts in right mid-stance
    first_strike_[1] = first_strike_[0] + 0.5 * T_;
    sigma_ = Eigen::VectorXd::Constant(model_.coordinate_count(), rad(6.0));
    sigma_[at_.pelvis_tx] = 0.05;
    sigma_[at_.pelvis_ty] = 0.05;
    sigma_[at_.pelvis_tz] = 0.10;
    // The pelvis follows its normative pattern closely; the legs absorb what the footprints demand.
    for (int c : {at_.pelvis_tilt, at_.pelvis_list, at_.pelvis_rotation}) sigma_[c] = rad(1.5);
    for (const Layout::Leg& leg : at_.legs) {
      sigma_[leg.mtp_angle] = 1e-8;  // prescribed
      sigma_[leg.subtalar_angle] = rad(2.0);
      if (at_.knee_has_3_dofs) sigma_[leg.knee_adduction] = rad(2.0);
    }
    calibrate_footprints();
  }

  SyntheticWalk run() {
    const auto frames = static_cast<Eigen::Index>(std::llround(o_.duration_s * o_.rate_hz));
    const double end = static_cast<double>(frames) / o_.rate_hz;
    compute_lifts(end);
    SyntheticWalk out;
    WalkTruth& truth = out.truth;
    truth.coordinates.resize(frames, model_.coordinate_count());
    Eigen::VectorXd q = targets(0.0);
    Kinematics kin;
    for (Eigen::Index f = 0; f < frames; ++f) {
      const double t = static_cast<double>(f) / o_.rate_hz;
      Eigen::VectorXd target = targets(t);
      std::array<FootGoal, 2> goals{foot_goal(Side::right, t), foot_goal(Side::left, t)};
      for (int s = 0; s < 2; ++s) target[at_.legs[s].mtp_angle] = goals[s].mtp;
      solve(target, goals, q, kin);
      truth.coordinates.row(f) = q.transpose();
    }
    // Continuity of the one unbounded angle.
    const int rotation = at_.pelvis_rotation;
    std::vector<double> rot(static_cast<std::size_t>(frames));
    for (Eigen::Index f = 0; f < frames; ++f) rot[f] = truth.coordinates(f, rotation);
    unwrap(rot);
    for (Eigen::Index f = 0; f < frames; ++f) truth.coordinates(f, rotation) = rot[f];

    for (int s = 0; s < 2; ++s) {
      const Side side = s == 0 ? Side::right : Side::left;
      for (int k = first_step(); k <= last_step(end); ++k) {
        const double strike = strike_time(s, k), off = strike + beta_ * T_;
        if (strike >= 0 && strike < end) truth.events.push_back({strike, side, EventKind::foot_strike});
        if (off >= 0 && off < end) truth.events.push_back({off, side, EventKind::foot_off});
        const double next = strike_time(s, k + 1);
        if (strike >= 0 && next < end)
          truth.strides.push_back({side, strike, next, (heel_point(s, k + 1) - heel_point(s, k)).norm()});
      }
    }
    std::sort(truth.events.begin(), truth.events.end(), [](const Event& a, const Event& b) { return a.time < b.time; });
    std::sort(truth.strides.begin(), truth.strides.end(), [](const Stride& a, const Stride& b) { return a.start < b.start; });
    truth.cadence_steps_per_min = 120.0 / T_;
    truth.step_length_m = timing_.step_length;
    truth.stance_fraction = beta_;

    Trial& trial = out.trial;
    trial.rate = o_.rate_hz;
    trial.first_frame = 1;
    for (const BodyPoint& m : model_.markers) trial.marker_names.push_back(m.name);
    trial.points = marker_trajectories(model_, truth.coordinates);
    trial.events = truth.events;
    add_noise_and_dropout(trial.points);
    truth.model = std::move(model_);
    return out;
  }

 private:
  struct FootGoal {
    Transform calcn;
    double mtp = 0.0;
  };
  struct FootState {  // calcaneus origin, yaw, pitch (toes up +), roll (about +X), MTP angle
    Vec3 origin;
    double yaw = 0, pitch = 0, roll = 0, mtp = 0;
    FootGoal goal() const { return {{rotation_z(yaw) * rotation_y(-pitch) * rotation_x(roll), origin}, mtp}; }
  };

  double curve(normative::Variable v, double p) const { return rad(normative::evaluate(curves_[v], p)); }
  double phase(int s, double t) const { return frac((t - first_strike_[s]) / T_); }
  double strike_time(int s, int k) const { return first_strike_[s] + k * T_; }
  int first_step() const { return -2; }
  int last_step(double end) const { return static_cast<int>(std::ceil(end / T_)) + 2; }
  double stance_window(double p) const { return p < beta_ ? std::pow(std::sin(pi * p / beta_), 2) : 0.0; }

  // Coordinate targets at time t (radians, metres).
  Eigen::VectorXd targets(double t) const {
    using namespace normative;
    Eigen::VectorXd q = standing_;
    const double pR = phase(0, t), pL = phase(1, t);
    // Limited hip extension: the trailing leg's footprint is where it is, so the pelvis tilts anteriorly
    // in the side's terminal stance (the classic compensation) and the hip extends less. The tilt flexes
    // both hips against the pelvis, so both hips' targets carry it: the thighs keep their lab pattern.
    const double hip_tilt = rad(inj_.on(limited_hip_extension, Side::right)) * bump(pR, 0.52, 0.12) +
                            rad(inj_.on(limited_hip_extension, Side::left)) * bump(pL, 0.52, 0.12);
    for (int s = 0; s < 2; ++s) {
      const Side side = s == 0 ? Side::right : Side::left;
      const Layout::Leg& leg = at_.legs[s];
      const double p = s == 0 ? pR : pL;
      q[leg.hip_flexion] = curve(hip_flexion, p) + hip_tilt;
      q[leg.hip_adduction] = curve(hip_adduction, p);
      q[leg.hip_rotation] = curve(hip_rotation, p);
      q[leg.knee_angle] = curve(knee_flexion, p);
      if (at_.knee_has_3_dofs) {
        q[leg.knee_adduction] = curve(knee_adduction, p) - rad(inj_.on(knee_valgus, side)) * stance_window(p);
        q[leg.knee_rotation] = curve(knee_rotation, p);
      }
      q[leg.ankle_angle] = curve(ankle_dorsiflexion, p) - rad(inj_.on(limited_dorsiflexion, side)) * bump(p, 0.45, 0.1);
      q[leg.subtalar_angle] = rad(evaluate(hindfoot_inversion, p)) - rad(inj_.on(rearfoot_eversion, side)) * stance_window(p);
    }
    const double R = 1.0, L = -1.0;  // sign of each side's contribution to right-referenced pelvis angles
    const double tilt = 0.5 * (curve(pelvis_tilt, pR) + curve(pelvis_tilt, pL)) + hip_tilt;
    double list = 0.5 * (R * curve(pelvis_obliquity, pR) + L * curve(pelvis_obliquity, pL));
    // Pelvic drop on side s: the other side drops during s's stance (right up + while the left drops).
    // It peaks in loading response, where the normal obliquity peaks (about 17 % of the cycle).
    list += rad(inj_.on(pelvic_drop, Side::right)) * bump(pR, 0.17, 0.08) - rad(inj_.on(pelvic_drop, Side::left)) * bump(pL, 0.17, 0.08);
    double rot = 0.5 * (R * curve(pelvis_rotation, pR) + L * curve(pelvis_rotation, pL));
    rot += 0.5 * rad(inj_.on(pelvic_rotation_asymmetry, Side::right) - inj_.on(pelvic_rotation_asymmetry, Side::left));
    q[at_.pelvis_tilt] = tilt;
    q[at_.pelvis_list] = list;
    q[at_.pelvis_rotation] = rot;
    q[at_.pelvis_tx] = o_.speed_m_s * t;
    q[at_.pelvis_ty] = -0.02 * std::sin(2 * pi * (pR - 0.05));  // sway over the stance foot
    q[at_.pelvis_tz] = standing_height_ - 0.02;

    // Trunk in the lab: the normative pattern about a 3 degree forward lean (the Schwartz trunk tilt has
    // a Gillette-specific offset, so only its shape is used). The lumbar joint takes the difference.
    const double trunk_tilt_mean = curves_[normative::trunk_tilt][0];
    double trunk_forward = rad(3.0) + 0.5 * (curve(normative::trunk_tilt, pR) + curve(normative::trunk_tilt, pL)) - rad(trunk_tilt_mean);
    trunk_forward += rad(inj_.on(trunk_forward_lean, Side::right) + inj_.on(trunk_forward_lean, Side::left));
    const double trunk_right_up = 0.5 * (curve(trunk_obliquity, pR) - curve(trunk_obliquity, pL));
    const double trunk_right_forward = 0.5 * (curve(trunk_rotation, pR) - curve(trunk_rotation, pL));
    const double excursion = rad(inj_.on(lumbar_excursion, Side::right) + inj_.on(lumbar_excursion, Side::left));
    q[at_.lumbar_extension] = tilt - trunk_forward + 0.5 * excursion * std::sin(4 * pi * pR);
    // Lateral trunk lean toward the stance side (right lean = right bending +).
    const double lean = rad(inj_.on(trunk_lateral_lean, Side::right)) * stance_window(pR) -
                        rad(inj_.on(trunk_lateral_lean, Side::left)) * stance_window(pL);
    q[at_.lumbar_bending] = list - trunk_right_up + lean;
    q[at_.lumbar_rotation] = trunk_right_forward - rot + 0.5 * excursion * std::sin(2 * pi * pR);
    return q;
  }

  // Footprints: where the target pose at foot strike puts the heel, relative to the pelvis, its pitch
  // there and at foot off; then the injected step changes.
  void calibrate_footprints() {
    Kinematics kin;
    for (int s = 0; s < 2; ++s) {
      const Side side = s == 0 ? Side::right : Side::left;
      const int calcn = at_.legs[s].calcn;
      auto pose_at = [&](double t) {
        Eigen::VectorXd q = targets(t);
        q[at_.pelvis_tx] = 0.0;
        forward_kinematics(model_, q, kin);
        const Mat3& R = kin.segment_pose[calcn].R;
        const Vec3 fwd = R.col(0);
        return std::pair{std::atan2(fwd.y(), fwd.x()), std::atan2(fwd.z(), std::hypot(fwd.x(), fwd.y()))};
      };
      const double strike = strike_time(s, 0);
      const double pitch_fs = pose_at(strike).second;
      heel_offset_[s].x() = (kin.segment_pose[calcn] * at_.legs[s].heel).x();
      pitch_strike_[s] = std::max(pitch_fs, rad(2.0));
      pitch_off_[s] = std::min(pose_at(strike + beta_ * T_).second, rad(-10.0));
      // Limited dorsiflexion: the heel rises earlier, so at 45 % of the cycle (peak dorsiflexion) the foot
      // is pitched down by the magnitude more than in the healthy pattern (pitch = pitch_off u^2).
      heel_rise_[s] = 0.32;
      if (const double m = inj_.on(limited_dorsiflexion, side); m > 0) {
        auto pitch_at_peak = [&](double rise) { return pitch_off_[s] * std::pow((0.45 - rise) / (beta_ - rise), 2); };
        const double wanted = pitch_at_peak(0.32) - rad(m);
        double lo = 0.10, hi = 0.32;  // pitch_at_peak falls (more heel up) as the rise moves earlier
        for (int i = 0; i < 60; ++i) (pitch_at_peak(0.5 * (lo + hi)) > wanted ? hi : lo) = 0.5 * (lo + hi);
        heel_rise_[s] = 0.5 * (lo + hi);
      }
      // Toe-out from the target pose at mid-stance; positive foot_progression magnitude adds toe-out.
      yaw_[s] = pose_at(strike + 0.3 * T_).first - side_sign(side) * rad(inj_.on(foot_progression, side));
    }
    // Place footprints for symmetric steps (the stride is the speed times the stride time), centred on
    // the average heel offset, then apply step-length asymmetry and overstriding.
    const double ahead = 0.5 * (heel_offset_[0].x() + heel_offset_[1].x());
    for (int s = 0; s < 2; ++s) {
      const Side side = s == 0 ? Side::right : Side::left;
      heel_offset_[s].x() = ahead + inj_.on(overstriding, side) +
                            0.5 * timing_.step_length * inj_.on(step_length_asymmetry, side);
      // Step width (between heel centres) 0.10 m at 1.75 m: GAITRite normals of young adults are
      // 10.9 +- 2.7 cm (men) and 9.0 +- 2.9 cm (women) (../shared/data/normative, Normals.txt).
      heel_offset_[s].y() = side_sign(side) * -0.5 * step_width_per_height * model_.height_m;
    }
  }

  Vec3 heel_point(int s, int k) const {
    const double t = strike_time(s, k);
    return {o_.speed_m_s * t + heel_offset_[s].x(), heel_offset_[s].y(), 0.0};
  }


  // Foot in stance of step k, tau seconds after its strike.
  FootState stance_state(int s, int k, double tau) const {
    const double t_flat = 0.08 * T_, t_rise = heel_rise_[s] * T_, t_off = beta_ * T_;
    const Vec3 heel = heel_point(s, k);
    FootState f;
    f.yaw = yaw_[s];
    if (tau < t_flat) {  // heel rocker: rotate about the heel contact point
      const double u = std::max(tau, 0.0) / t_flat;
      f.pitch = pitch_strike_[s] * (1 - u) * (1 - u);
      f.origin = heel - f.goal().calcn.R * at_.legs[s].heel;
      return f;
    }
    const Mat3 R_flat = rotation_z(yaw_[s]);
    const Vec3 origin_flat = heel - R_flat * at_.legs[s].heel;
    if (tau <= t_rise) {
      // Rearfoot eversion: the calcaneus rolls medially about its plantar long axis (through the heel and
      // MTP contact points, which stay put), peaking mid foot-flat.
      const Side side = s == 0 ? Side::right : Side::left;
      f.roll = -side_sign(side) * rad(inj_.on(rearfoot_eversion, side)) * std::pow(std::sin(pi * (tau - t_flat) / (t_rise - t_flat)), 2);
      f.origin = heel - f.goal().calcn.R * at_.legs[s].heel;
      return f;
    }
    // Forefoot rocker: rotate about the MTP joint centre; the toes stay flat (MTP extends).
    const double u = std::min((tau - t_rise) / (t_off - t_rise), 1.0);
    const Vec3 mtp_centre = origin_flat + R_flat * at_.legs[s].mtp_centre;
    f.pitch = pitch_off_[s] * u * u;
    f.mtp = -f.pitch;
    // Heel whip: the heel swings medially as it rises (toes turn out).
    f.yaw = yaw_[s] - side_sign(s == 0 ? Side::right : Side::left) * rad(inj_.on(heel_whip, s == 0 ? Side::right : Side::left)) * u * u;
    f.origin = mtp_centre - f.goal().calcn.R * at_.legs[s].mtp_centre;
    return f;
  }

  // Swing from foot off of step k to the strike of step k + 1: cubic Hermite between the two stance
  // states (matching their velocities), plus a lift sin^2 that keeps the foot 1 cm above the floor.
  FootState swing_state(int s, int k, double t) const {
    FootState f = swing_path(s, k, t);
    const double t0 = strike_time(s, k) + beta_ * T_, t1 = strike_time(s, k + 1);
    const double u = std::clamp((t - t0) / (t1 - t0), 0.0, 1.0);
    f.origin.z() += lift_[s][k - first_step()] * std::pow(std::sin(pi * u), 2);
    return f;
  }

  // The Hermite swing path without lift.
  FootState swing_path(int s, int k, double t) const {
    const double t0 = strike_time(s, k) + beta_ * T_, t1 = strike_time(s, k + 1), d = t1 - t0;
    const double h = 1e-6;
    const FootState a = stance_state(s, k, beta_ * T_), a_prev = stance_state(s, k, beta_ * T_ - h);
    const FootState b = stance_state(s, k + 1, 0.0), b_next = stance_state(s, k + 1, h);
    auto vec = [](const FootState& f) {
      Eigen::Matrix<double, 6, 1> v;
      v << f.origin, f.yaw, f.pitch, f.mtp;
      return v;
    };
    using Vec6 = Eigen::Matrix<double, 6, 1>;
    const Vec6 pa = vec(a), pb = vec(b);
    const Vec6 va = (pa - vec(a_prev)) / h * d, vb = (vec(b_next) - pb) / h * d;
    const double u = std::clamp((t - t0) / d, 0.0, 1.0);
    const double u2 = u * u, u3 = u2 * u;
    const Vec6 p = (2 * u3 - 3 * u2 + 1) * pa + (u3 - 2 * u2 + u) * va + (-2 * u3 + 3 * u2) * pb + (u3 - u2) * vb;
    FootState f;
    f.origin = p.head<3>();
    f.yaw = p[3];
    f.pitch = p[4];
    f.mtp = p[5];
    return f;
  }

  // Lift amplitude of every swing in the trial (steps first_step() .. last_step(end)): the smallest that
  // keeps heel, MTP and toe tip 1 cm above the floor between 10 % and 90 % of swing (at the ends the
  // foot leaves and meets the floor).
  void compute_lifts(double end) {
    for (int s = 0; s < 2; ++s) {
      const Layout::Leg& leg = at_.legs[s];
      lift_[s].clear();
      for (int k = first_step(); k <= last_step(end); ++k) {
        const double t0 = strike_time(s, k) + beta_ * T_, t1 = strike_time(s, k + 1);
        double need = 0.0;
        for (int i = 1; i < 40; ++i) {
          const double u = 0.1 + 0.8 * i / 40.0;
          const FootState f = swing_path(s, k, t0 + u * (t1 - t0));
          const Transform calcn = f.goal().calcn;
          const Transform toes = calcn * Transform{rotation_y(-f.mtp), leg.mtp_centre};
          const double lowest = std::min({(calcn * leg.heel).z(), (calcn * leg.mtp_plantar).z(), (toes * leg.toe_tip).z()});
          need = std::max(need, (0.01 - lowest) / std::pow(std::sin(pi * u), 2));
        }
        lift_[s].push_back(need);
      }
    }
  }

  FootGoal foot_goal(Side side, double t) const {
    const int s = side == Side::right ? 0 : 1;
    const int k = static_cast<int>(std::floor((t - first_strike_[s]) / T_));
    const double tau = t - strike_time(s, k);
    return (tau <= beta_ * T_ ? stance_state(s, k, tau) : swing_state(s, k, t)).goal();
  }

  // Gauss-Newton on [w_c * foot pose errors; (q - target) / sigma].
  void solve(const Eigen::VectorXd& target, const std::array<FootGoal, 2>& goals, Eigen::VectorXd& q, Kinematics& kin) const {
    const int n = model_.coordinate_count();
    constexpr double w_c = 1e6;
    Eigen::MatrixXd A(12 + n, n);
    Eigen::VectorXd r(12 + n);
    for (int iteration = 0; iteration < 50; ++iteration) {
      forward_kinematics(model_, q, kin);
      A.setZero();
      for (int s = 0; s < 2; ++s) {
        const int calcn = at_.legs[s].calcn;
        const Transform& pose = kin.segment_pose[calcn];
        r.segment<3>(6 * s) = w_c * (pose.p - goals[s].calcn.p);
        const Eigen::AngleAxisd err(pose.R * goals[s].calcn.R.transpose());
        r.segment<3>(6 * s + 3) = w_c * err.angle() * err.axis();
        add_point_jacobian(model_, kin, calcn, pose.p, A.middleRows<3>(6 * s));
        for (int k = calcn; k >= 0; k = model_.segments[k].parent)
          for (const Dof& dof : model_.segments[k].dofs)
            if (dof.kind == DofKind::rotation) A.block<3, 1>(6 * s + 3, dof.coordinate) = kin.axis[dof.coordinate];
      }
      A.topRows(12) *= w_c;
      r.tail(n) = (q - target).cwiseQuotient(sigma_);
      A.bottomRows(n).diagonal() = sigma_.cwiseInverse();
      const Eigen::VectorXd step = A.colPivHouseholderQr().solve(-r);
      q += step;
      if (step.norm() < 1e-13) return;
    }
    const Eigen::VectorXd foot = r.head(12) / w_c;
    if (foot.norm() > 1e-8) throw Error("synthetic_walk: the feet cannot be placed (speed or compensation too extreme)");
  }

  void add_noise_and_dropout(PointArray& points) const {
    std::mt19937_64 rng(o_.seed);
    if (o_.noise_m > 0) {
      std::normal_distribution<double> noise(0.0, o_.noise_m);
      for (Eigen::Index i = 0; i < points.size(); ++i) points.data()[i] += noise(rng);
    }
    if (o_.dropout > 0) {
      const Eigen::Index frames = points.rows(), markers = points.cols() / 3;
      const auto wanted = static_cast<Eigen::Index>(std::llround(o_.dropout * static_cast<double>(frames * markers)));
      std::uniform_int_distribution<Eigen::Index> pick_marker(0, markers - 1), pick_frame(0, frames - 1);
      std::uniform_int_distribution<Eigen::Index> pick_length(5, 30);
      Eigen::Index missing = 0;
      while (missing < wanted) {
        const Eigen::Index m = pick_marker(rng), start = pick_frame(rng), stop = std::min(frames, start + pick_length(rng));
        for (Eigen::Index f = start; f < stop && missing < wanted; ++f) {
          if (std::isnan(points(f, 3 * m))) continue;
          points.block<1, 3>(f, 3 * m).setConstant(std::nan(""));
          ++missing;
        }
      }
    }
  }

  WalkOptions o_;
  Model model_;
  Injected inj_;
  Layout at_;
  Timing timing_{};
  std::array<normative::Series, normative::variable_count> curves_{};
  Eigen::VectorXd standing_, sigma_;
  double standing_height_ = 0, T_ = 0, beta_ = 0;
  std::array<double, 2> first_strike_{}, pitch_strike_{}, pitch_off_{}, yaw_{};
  std::array<double, 2> heel_rise_{0.32, 0.32};  // heel-off as a fraction of the cycle
  std::array<Eigen::Vector2d, 2> heel_offset_{};
  std::array<std::vector<double>, 2> lift_;  // per side, per step from first_step()
};

}  // namespace

std::vector<std::string> compensation_names() { return {finding_names.begin(), finding_names.end()}; }

SyntheticWalk synthetic_walk(const WalkOptions& o) {
  auto require = [](bool ok, const std::string& what) {
    if (!ok) throw InvalidArgument("synthetic_walk: " + what);
  };
  require(std::isfinite(o.duration_s) && o.duration_s > 0 && o.duration_s <= 3600, "duration_s must be in (0, 3600] s");
  require(std::isfinite(o.rate_hz) && o.rate_hz >= 10 && o.rate_hz <= 10000, "rate_hz must be in [10, 10000] Hz");
  require(o.duration_s * o.rate_hz >= 2, "duration_s * rate_hz must give at least 2 frames");
  require(std::isfinite(o.speed_m_s) && o.speed_m_s >= 0.4 && o.speed_m_s <= 2.2, "speed_m_s must be a walking speed in [0.4, 2.2] m/s");
  require(std::isfinite(o.noise_m) && o.noise_m >= 0 && o.noise_m <= 0.1, "noise_m must be in [0, 0.1] m");
  require(std::isfinite(o.dropout) && o.dropout >= 0 && o.dropout <= 0.9, "dropout must be in [0, 0.9]");
  const Injected inj = parse_compensations(o.compensations);
  LowerBodyOptions mo;
  mo.height_m = o.height_m;
  mo.marker_set = o.marker_set;
  mo.knee_dofs = inj.any(knee_valgus) ? 3 : 1;
  return Walker(o, Model::lower_body(mo), inj).run();
}

}  // namespace gaitchain
