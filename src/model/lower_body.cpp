// The foot-to-lumbar chain (Model::lower_body) and the name lookups of Model.
//
// Frames: every segment frame is parallel to the world frame in the neutral pose: X anterior, Y left,
// Z superior. These are the ISB anatomical axes (Wu et al. 2002, 2005) relabelled for a Z-up world
// (ISB X -> X, ISB Y -> Z, ISB Z -> -Y). Joint dofs follow the ISB joint coordinate systems, proximal
// axis first, and their axis signs give the clinical angle signs of docs/conventions.md.
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "gaitchain/core/angles.hpp"
#include "gaitchain/core/error.hpp"
#include "gaitchain/model/anthropometry.hpp"
#include "gaitchain/model/model.hpp"

namespace gaitchain {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

int add_coordinate(Model& m, std::string name, DofKind kind, double lower, double upper) {
  m.coordinates.push_back({std::move(name), kind, lower, upper});
  return static_cast<int>(m.coordinates.size()) - 1;
}

// Adds a rotation coordinate with limits in degrees and returns its dof.
Dof rotation_dof(Model& m, std::string name, Vec3 axis, double lower_deg, double upper_deg) {
  return {DofKind::rotation, axis, add_coordinate(m, std::move(name), DofKind::rotation, rad(lower_deg), rad(upper_deg))};
}

int add_scale(Model& m, std::string name) {
  m.scale_names.push_back(std::move(name));
  return static_cast<int>(m.scale_names.size()) - 1;
}

int add_segment(Model& m, std::string name, int parent, Vec3 offset, std::vector<Dof> dofs, int scale) {
  m.segments.push_back({std::move(name), parent, offset, std::move(dofs), scale});
  return static_cast<int>(m.segments.size()) - 1;
}

template <class Items>
int index_of(const Items& items, std::string_view name, std::string_view what) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return static_cast<int>(i);
  std::string known;
  for (const auto& item : items) known += (known.empty() ? "" : ", ") + item.name;
  throw InvalidArgument("unknown " + std::string(what) + " '" + std::string(name) + "'; the model has: " + known);
}

struct LegGeometry {
  double thigh, shank;           // joint centre to joint centre
  Vec3 subtalar;                 // subtalar centre in the talus frame (origin: ankle centre)
  Vec3 mtp;                      // MTP centre in the calcaneus frame (origin: subtalar centre)
  Vec3 heel, mtp_plantar, toe_tip;  // contact points: heel and MTP in calcn, toe tip in toes
};

LegGeometry leg_geometry(double H) {
  namespace a = anthropometry;
  LegGeometry g;
  g.thigh = a::thigh_length * H;
  g.shank = a::shank_length * H;
  g.subtalar = Vec3(-a::subtalar_behind_ankle, 0, -a::subtalar_below_ankle) * H;
  auto in_calcn = [&](double x_from_ankle, double z_from_ankle) -> Vec3 { return Vec3(x_from_ankle * H, 0, z_from_ankle * H) - g.subtalar; };
  g.mtp = in_calcn(a::mtp_forward, -(a::ankle_height - a::mtp_height));
  g.heel = in_calcn(-0.7 * a::heel_back, -a::ankle_height);
  g.mtp_plantar = in_calcn(a::mtp_forward, -a::ankle_height);
  g.toe_tip = Vec3((a::toe_forward - a::mtp_forward) * H, 0, -a::mtp_height * H);
  return g;
}

void add_leg(Model& m, Side side, double H, int knee_dofs, int pelvis, const Vec3& hip_centre) {
  const std::string s(suffix(side));
  const double r = side == Side::right ? 1.0 : -1.0;  // flips axes whose sign depends on the side
  const LegGeometry g = leg_geometry(H);
  const Vec3 X = Vec3::UnitX(), Y = Vec3::UnitY(), Z = Vec3::UnitZ();

  // Hip: flexion (about -Y: knee forward), adduction (knee medial), internal rotation.
  const int femur_scale = add_scale(m, "femur" + s);
  const int femur = add_segment(m, "femur" + s, pelvis, hip_centre,
                                {rotation_dof(m, "hip_flexion" + s, -Y, -30, 120),
                                 rotation_dof(m, "hip_adduction" + s, r * X, -50, 30),
                                 rotation_dof(m, "hip_rotation" + s, r * Z, -40, 40)},
                                femur_scale);
  // Knee: flexion positive (ankle moves back), then optionally adduction (varus) and internal rotation.
  std::vector<Dof> knee{rotation_dof(m, "knee_angle" + s, Y, -10, 140)};
  if (knee_dofs == 3) {
    knee.push_back(rotation_dof(m, "knee_adduction" + s, r * X, -20, 20));
    knee.push_back(rotation_dof(m, "knee_rotation" + s, r * Z, -40, 40));
  }
  const int tibia = add_segment(m, "tibia" + s, femur, Vec3(0, 0, -g.thigh), std::move(knee), add_scale(m, "tibia" + s));
  const int foot_scale = add_scale(m, "foot" + s);
  const int talus = add_segment(m, "talus" + s, tibia, Vec3(0, 0, -g.shank),
                                {rotation_dof(m, "ankle_angle" + s, -Y, -40, 30)}, foot_scale);
  // Subtalar: inversion positive (sole turns medially), about the foot's anterior axis.
  const int calcn = add_segment(m, "calcn" + s, talus, g.subtalar, {rotation_dof(m, "subtalar_angle" + s, r * X, -25, 25)}, foot_scale);
  // MTP: extension (toes up) positive.
  const int toes = add_segment(m, "toes" + s, calcn, g.mtp, {rotation_dof(m, "mtp_angle" + s, -Y, -30, 80)}, foot_scale);

  m.landmarks.push_back({"hip" + s, femur, Vec3::Zero()});
  m.landmarks.push_back({"knee" + s, tibia, Vec3::Zero()});
  m.landmarks.push_back({"ankle" + s, talus, Vec3::Zero()});
  m.landmarks.push_back({"heel" + s, calcn, g.heel});
  m.landmarks.push_back({"mtp" + s, calcn, g.mtp_plantar});
  m.landmarks.push_back({"toe_tip" + s, toes, g.toe_tip});
}

}  // namespace

Model Model::lower_body(const LowerBodyOptions& options) {
  namespace a = anthropometry;
  const double H = options.height_m;
  if (!(H >= 0.5 && H <= 2.5))
    throw InvalidArgument("Model.lower_body: height_m must be between 0.5 and 2.5 m, got " + std::to_string(H));
  if (options.knee_dofs != 1 && options.knee_dofs != 3)
    throw InvalidArgument("Model.lower_body: knee_dofs must be 1 or 3, got " + std::to_string(options.knee_dofs));

  Model m;
  m.height_m = H;
  const Vec3 X = Vec3::UnitX(), Y = Vec3::UnitY(), Z = Vec3::UnitZ();
  const double h = H / a::reference_height;

  // Pelvis, free: translations along the world axes, then tilt (anterior +), list (right side up +),
  // rotation (right side forward +): OpenSim's order tilt-list-rotation.
  const Dof tilt = rotation_dof(m, "pelvis_tilt", Y, -90, 90);
  const Dof list = rotation_dof(m, "pelvis_list", -X, -90, 90);
  const Dof rot{DofKind::rotation, Z, add_coordinate(m, "pelvis_rotation", DofKind::rotation, -inf, inf)};
  std::vector<Dof> root;
  for (auto [name, axis] : {std::pair{"pelvis_tx", X}, std::pair{"pelvis_ty", Y}, std::pair{"pelvis_tz", Z}})
    root.push_back({DofKind::translation, axis, add_coordinate(m, name, DofKind::translation, -inf, inf)});
  root.insert(root.end(), {tilt, list, rot});
  const int pelvis = add_segment(m, "pelvis", -1, Vec3::Zero(), std::move(root), add_scale(m, "pelvis"));

  const double pw = a::pelvis_width * H, pd = a::pelvis_depth * H;
  for (Side side : {Side::right, Side::left}) {
    const double lateral = side == Side::right ? -1.0 : 1.0;
    const Vec3 hip(-(a::hjc_posterior_per_pd * pd + a::hjc_posterior_mm * 1e-3 * h),
                   lateral * (a::hjc_lateral_per_pw * pw + a::hjc_lateral_mm * 1e-3 * h),
                   -(a::hjc_inferior_per_pw * pw + a::hjc_inferior_mm * 1e-3 * h));
    add_leg(m, side, H, options.knee_dofs, pelvis, hip);
  }

  // Lumbar L5/S1: extension (+), bending (right +), rotation (left +): OpenSim's signs and order.
  const int torso = add_segment(m, "torso", pelvis, Vec3(-a::l5s1_posterior * H, 0, a::l5s1_superior * H),
                                {rotation_dof(m, "lumbar_extension", -Y, -90, 90),
                                 rotation_dof(m, "lumbar_bending", X, -90, 90),
                                 rotation_dof(m, "lumbar_rotation", Z, -90, 90)},
                                add_scale(m, "torso"));
  m.landmarks.push_back({"l5s1", torso, Vec3::Zero()});
  m.landmarks.push_back({"mid_asis", pelvis, Vec3::Zero()});

  m.scales = Eigen::VectorXd::Ones(static_cast<Eigen::Index>(m.scale_names.size()));
  m.markers = gaitchain::marker_set(options.marker_set, m);
  m.marker_set = options.marker_set;
  m.validate();
  return m;
}

int Model::coordinate_index(std::string_view name) const { return index_of(coordinates, name, "coordinate"); }
int Model::segment_index(std::string_view name) const { return index_of(segments, name, "segment"); }
int Model::marker_index(std::string_view name) const { return index_of(markers, name, "marker"); }
int Model::landmark_index(std::string_view name) const { return index_of(landmarks, name, "landmark"); }

void Model::validate() const {
  auto fail = [](const std::string& what) { throw InvalidArgument("invalid model: " + what); };
  if (scales.size() != static_cast<Eigen::Index>(scale_names.size())) fail("scales and scale_names differ in size");
  for (Eigen::Index i = 0; i < scales.size(); ++i)
    if (!(scales[i] > 0.0) || !std::isfinite(scales[i])) fail("scale '" + scale_names[i] + "' must be positive and finite");
  std::vector<int> used(coordinates.size(), 0);
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const Segment& s = segments[k];
    if (s.parent >= static_cast<int>(k) || s.parent < -1) fail("segment '" + s.name + "' must come after its parent");
    if (s.scale < 0 || s.scale >= scales.size()) fail("segment '" + s.name + "' has no valid scale");
    if (!s.joint_offset.allFinite()) fail("segment '" + s.name + "' has a non-finite joint offset");
    for (const Dof& d : s.dofs) {
      if (d.coordinate < 0 || d.coordinate >= static_cast<int>(coordinates.size())) fail("segment '" + s.name + "' has a dof with no coordinate");
      if (std::abs(d.axis.norm() - 1.0) > 1e-12) fail("segment '" + s.name + "' has a dof axis that is not a unit vector");
      if (coordinates[d.coordinate].kind != d.kind) fail("coordinate '" + coordinates[d.coordinate].name + "' kind differs from its dof");
      ++used[d.coordinate];
    }
  }
  for (std::size_t c = 0; c < coordinates.size(); ++c)
    if (used[c] != 1) fail("coordinate '" + coordinates[c].name + "' must drive exactly one dof");
  for (const auto* points : {&markers, &landmarks})
    for (const BodyPoint& p : *points) {
      if (p.segment < 0 || p.segment >= static_cast<int>(segments.size())) fail("point '" + p.name + "' is on no segment");
      if (!p.position.allFinite()) fail("point '" + p.name + "' has a non-finite position");
      if (!(p.weight >= 0.0) || !std::isfinite(p.weight)) fail("point '" + p.name + "' has an invalid weight");
    }
}

}  // namespace gaitchain
