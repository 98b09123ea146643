#include "gaitchain/metrics/gait_data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>

#include "gaitchain/core/angles.hpp"
#include "gaitchain/core/error.hpp"
#include "gaitchain/core/rotation.hpp"
#include "gaitchain/model/kinematics.hpp"

namespace gaitchain::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::optional<int> find_coordinate(const Model& model, std::string_view name) {
  for (int c = 0; c < model.coordinate_count(); ++c)
    if (model.coordinates[c].name == name) return c;
  return std::nullopt;
}

// A segment's orientation in the progression frame of heading `heading` (rad about Z), as the pelvis
// joint's sequence: tilt about +Y (anterior +), list about -X (right side up +), rotation about +Z (right
// side forward +). The trunk uses the same sequence, so pelvis and trunk read alike.
Vec3 tilt_list_rotation(const Mat3& segment, double heading) {
  const Vec3 a = cardan_angles(rotation_z(-heading) * segment, Axis::y, Axis::x, Axis::z);
  return {a[0], -a[1], a[2]};
}

// Angle of horizontal vector v from horizontal unit vector u, counterclockwise seen from above.
double heading_from(const Vec3& u, const Vec3& v) { return std::atan2(u.x() * v.y() - u.y() * v.x(), u.dot(v)); }

double distance(const Model& model, const Kinematics& kin, std::string_view a, std::string_view b) {
  return (point_position(model, kin, model.landmark(a)) - point_position(model, kin, model.landmark(b))).norm();
}

// Walking direction per frame for the progression frame. Overground: the pelvis' travel over one stride
// centred on the frame, so the side-to-side sway of each step cancels (the 1 s smoothing of
// GaitSignals::progression leaves about a degree of it). Where a stride window does not fit (trial edges,
// gaps, no strides in the events) and on a treadmill: GaitSignals::progression.
Series3 stride_progression(const events::GaitSignals& s, const std::vector<Event>& events) {
  Series3 out = s.progression;
  if (s.treadmill) return out;
  std::vector<double> strides;
  for (Side side : {Side::left, Side::right}) {
    double last = kNaN;
    for (const Event& e : events)
      if (e.side == side && e.kind == EventKind::foot_strike) {
        if (e.time - last < 2.5) strides.push_back(e.time - last);
        last = e.time;
      }
  }
  if (strides.empty()) return out;
  std::nth_element(strides.begin(), strides.begin() + static_cast<std::ptrdiff_t>(strides.size() / 2), strides.end());
  const auto half = static_cast<Eigen::Index>(std::lround(strides[strides.size() / 2] * s.rate / 2.0));
  const auto n = static_cast<Eigen::Index>(s.frame_count());
  for (Eigen::Index k = half; k + half < n; ++k) {
    if (!s.progression.row(k).allFinite()) continue;  // not walking here (turn, standing)
    Vec3 travel = (s.pelvis.row(k + half) - s.pelvis.row(k - half)).transpose();
    travel.z() = 0.0;
    if (travel.allFinite() && travel.norm() > 0.1) out.row(k) = travel.normalized().transpose();
  }
  return out;
}

}  // namespace

int variable_index(std::string_view name) {
  for (std::size_t i = 0; i < angle_variables.size(); ++i)
    if (angle_variables[i] == name) return static_cast<int>(i);
  std::string known;
  for (auto v : angle_variables) known += (known.empty() ? "" : ", ") + std::string(v);
  throw InvalidArgument("unknown angle variable '" + std::string(name) + "'; known: " + known);
}

GaitData gait_data(const Model& model, const Motion& motion, std::vector<Event> events) {
  if (motion.frame_count() == 0) throw InvalidArgument("gait_data: the motion has no frames");
  GaitData d;
  // gait_signals checks that motion and model match and poses the heel, toe tip and mid-ASIS.
  d.signals = events::gait_signals(model, motion);
  d.rate = motion.rate;
  d.first_frame = motion.first_frame;
  d.height_m = model.height_m;
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.time < b.time; });
  for (const Event& e : events)
    if (!std::isfinite(e.time)) throw InvalidArgument("gait_data: an event time is not finite");
  d.events = std::move(events);

  const auto n = static_cast<Eigen::Index>(motion.frame_count());
  const auto variables = static_cast<Eigen::Index>(angle_variables.size());
  for (auto& a : d.angles) a = Eigen::MatrixXd::Constant(n, variables, kNaN);
  for (auto& h : d.hip) h = Series3::Constant(n, 3, kNaN);

  // Leg length of the model as scaled: hip centre to knee to ankle centre, standing.
  Kinematics kin;
  forward_kinematics(model, Eigen::VectorXd::Zero(model.coordinate_count()), kin);
  for (Side side : {Side::left, Side::right}) {
    const std::string s(suffix(side));
    d.leg_length_m[side_index(side)] = distance(model, kin, "hip" + s, "knee" + s) + distance(model, kin, "knee" + s, "ankle" + s);
  }

  const int pelvis = model.segment_index("pelvis"), torso = model.segment_index("torso");
  const int lumbar[3] = {model.coordinate_index("lumbar_extension"), model.coordinate_index("lumbar_bending"),
                         model.coordinate_index("lumbar_rotation")};
  struct SideIndices {
    int hip[3], knee, ankle, subtalar, mtp;
    std::optional<int> knee_adduction, knee_rotation;
    const BodyPoint *heel, *mtp_point, *hip_centre;
  };
  SideIndices sides[2];
  for (Side side : {Side::left, Side::right}) {
    const std::string s(suffix(side));
    SideIndices& x = sides[side_index(side)];
    x.hip[0] = model.coordinate_index("hip_flexion" + s);
    x.hip[1] = model.coordinate_index("hip_adduction" + s);
    x.hip[2] = model.coordinate_index("hip_rotation" + s);
    x.knee = model.coordinate_index("knee_angle" + s);
    x.knee_adduction = find_coordinate(model, "knee_adduction" + s);
    x.knee_rotation = find_coordinate(model, "knee_rotation" + s);
    x.ankle = model.coordinate_index("ankle_angle" + s);
    x.subtalar = model.coordinate_index("subtalar_angle" + s);
    x.mtp = model.coordinate_index("mtp_angle" + s);
    x.heel = &model.landmark("heel" + s);
    x.mtp_point = &model.landmark("mtp" + s);  // on the calcaneus: the foot axis does not bend with the toes
    x.hip_centre = &model.landmark("hip" + s);
  }

  const Series3 progression = stride_progression(d.signals, d.events);
  for (Eigen::Index k = 0; k < n; ++k) {
    Eigen::VectorXd q = motion.coordinates.row(k).transpose();
    // An undetermined MTP (no toe marker) poses the toes neutral; only mtp_extension stays NaN.
    for (const auto& x : sides)
      if (std::isnan(q[x.mtp])) q[x.mtp] = 0.0;
    if (!q.allFinite()) continue;
    forward_kinematics(model, q, kin);
    // A locked coordinate (uncertainty exactly 0) poses the chain but is not a measurement: its clinical
    // angle is NaN, so no finding is read from a value the fit was told to hold.
    const bool has_sd = motion.uncertainty.rows() == motion.coordinates.rows() && motion.uncertainty.cols() == q.size();
    auto measured = [&](int c) { return has_sd && motion.uncertainty(k, c) == 0.0 ? kNaN : q[c]; };
    const Vec3 direction = progression.row(k).transpose();
    const bool walking = direction.allFinite();
    const double heading = walking ? std::atan2(direction.y(), direction.x()) : kNaN;
    const Vec3 pelvis_angles = walking ? tilt_list_rotation(kin.segment_pose[pelvis].R, heading) : Vec3::Constant(kNaN);
    const Vec3 trunk_angles = walking ? tilt_list_rotation(kin.segment_pose[torso].R, heading) : Vec3::Constant(kNaN);
    for (Side side : {Side::left, Side::right}) {
      const SideIndices& x = sides[side_index(side)];
      // The right side's sense of obliquity, rotation and lumbar bending; the left's is the mirror.
      const double mirror = side == Side::right ? 1.0 : -1.0;
      auto row = d.angles[side_index(side)].row(k);
      auto set = [&](std::string_view name, double value) { row[variable_index(name)] = value; };
      set("pelvis_tilt", pelvis_angles[0]);
      set("pelvis_obliquity", mirror * pelvis_angles[1]);
      set("pelvis_rotation", mirror * pelvis_angles[2]);
      set("hip_flexion", measured(x.hip[0]));
      set("hip_adduction", measured(x.hip[1]));
      set("hip_rotation", measured(x.hip[2]));
      set("knee_flexion", measured(x.knee));
      if (x.knee_adduction) set("knee_adduction", measured(*x.knee_adduction));
      if (x.knee_rotation) set("knee_rotation", measured(*x.knee_rotation));
      set("ankle_dorsiflexion", measured(x.ankle));
      set("subtalar_inversion", measured(x.subtalar));
      set("mtp_extension", std::isnan(motion.coordinates(k, x.mtp)) ? kNaN : measured(x.mtp));
      set("trunk_tilt", trunk_angles[0]);
      set("trunk_obliquity", mirror * trunk_angles[1]);
      set("trunk_rotation", mirror * trunk_angles[2]);
      // lumbar_extension +: trunk backward; lumbar_bending +: to the right; lumbar_rotation +: trunk to the left.
      set("lumbar_flexion", -measured(lumbar[0]));
      set("lumbar_bending", mirror * measured(lumbar[1]));
      set("lumbar_rotation", -mirror * measured(lumbar[2]));
      // The foot's long axis: heel contact point to MTP centre, level with each other in the neutral pose.
      const Vec3 heel = point_position(model, kin, *x.heel), mtp = point_position(model, kin, *x.mtp_point);
      const Vec3 axis = mtp - heel;
      set("foot_pitch", std::atan2(axis.z(), axis.head<2>().norm()));
      // Toe-in +: for the right foot the toes turn to the left of the walking direction (counterclockwise).
      // The heading comes from the foot's medio-lateral axis (square to the long axis in the sole plane),
      // which stays level as the heel rises: the long axis' own shadow on the floor swings toward the
      // toe-out side as a toed-out foot pitches down at push-off (tan(a) / cos(pitch)).
      if (walking) {
        const Eigen::Matrix3d& R = kin.segment_pose[x.heel->segment].R;
        const Vec3 local = x.mtp_point->position - x.heel->position;
        const Vec3 medio_lateral = R * Vec3::UnitZ().cross(Vec3(local.x(), local.y(), 0.0));
        set("foot_progression", mirror * heading_from(direction, Vec3(medio_lateral.y(), -medio_lateral.x(), 0.0)));
      }
      d.hip[side_index(side)].row(k) = point_position(model, kin, *x.hip_centre).transpose();
    }
  }
  // Continuous angles over the trial (a heading near +-180 deg must not jump).
  for (auto& a : d.angles)
    for (Eigen::Index c = 0; c < variables; ++c) unwrap(std::span<double>(a.col(c).data(), static_cast<std::size_t>(n)));
  return d;
}

}  // namespace gaitchain::metrics
