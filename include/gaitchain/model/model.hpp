#pragma once
// The kinematic chain: segments joined by joints with named coordinates, and points fixed in segments
// (markers, keypoints, anatomical landmarks). A Model is plain data, like Pinocchio's: build one with
// Model::lower_body(), read its fields, and pass it to the kinematics functions.
#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/core/rotation.hpp"
#include "gaitchain/core/side.hpp"

namespace gaitchain {

enum class DofKind { rotation, translation };

// One joint degree of freedom. A joint applies its dofs in order, each about (or along) its axis
// expressed in the frame reached after the dofs before it: R = R_1(q_1) R_2(q_2) R_3(q_3).
struct Dof {
  DofKind kind = DofKind::rotation;
  Vec3 axis = Vec3::UnitZ();  // unit vector; its sign carries the clinical sign convention
  int coordinate = 0;         // index into Model::coordinates
};

struct Coordinate {
  std::string name;  // OpenSim name: hip_flexion_r, knee_angle_r, pelvis_tx, ...
  DofKind kind = DofKind::rotation;
  double lower = 0.0;  // joint limits: rad or m; -inf/+inf where unbounded
  double upper = 0.0;
};

struct Segment {
  std::string name;          // OpenSim body name: pelvis, torso, femur_r, tibia_r, talus_r, calcn_r, toes_r
  int parent = -1;           // parent segment (always earlier in Model::segments), -1 for the ground
  Vec3 joint_offset;         // joint centre in the parent frame at scale 1 (scaled by the parent's scale)
  std::vector<Dof> dofs;     // the joint between parent and this segment
  int scale = 0;             // index into Model::scale_names / Model::scales
};

// A named point fixed in a segment: a skin marker, a video keypoint or an anatomical landmark.
struct BodyPoint {
  std::string name;
  int segment = 0;
  Vec3 position = Vec3::Zero();  // in the segment frame, at scale 1 (multiplied by the segment's scale)
  double weight = 1.0;           // relative weight in fitting
};

struct LowerBodyOptions {
  double height_m = 1.75;                    // standing height; sets every segment length
  int knee_dofs = 1;                         // 1 (flexion) or 3 (flexion, adduction, rotation)
  std::string marker_set = "plug-in-gait";   // see marker_set_names()
};

struct Model {
  std::vector<Segment> segments;
  std::vector<Coordinate> coordinates;
  std::vector<BodyPoint> markers;    // the marker / keypoint set being fitted
  std::vector<BodyPoint> landmarks;  // joint centres and foot contact points (hip_r, heel_r, toe_tip_r, ...)
  std::vector<std::string> scale_names;
  Eigen::VectorXd scales;            // one factor per entry of scale_names, 1 for the template
  double height_m = 0.0;
  std::string marker_set;

  // The foot-to-lumbar chain: pelvis free (6 dof), lumbar L5/S1 (3) to the torso, per side hip (3),
  // knee (1 or 3), ankle (1), subtalar (1) and MTP (1). Segment lengths from body height.
  static Model lower_body(const LowerBodyOptions& options = {});

  int coordinate_count() const { return static_cast<int>(coordinates.size()); }
  // Indices by name; throw InvalidArgument listing the valid names.
  int coordinate_index(std::string_view name) const;
  int segment_index(std::string_view name) const;
  int marker_index(std::string_view name) const;
  int landmark_index(std::string_view name) const;
  const BodyPoint& landmark(std::string_view name) const { return landmarks[landmark_index(name)]; }

  // Checks internal consistency (parents before children, indices in range, one dof per coordinate,
  // unit axes, finite geometry); throws InvalidArgument naming what is wrong.
  void validate() const;
};

}  // namespace gaitchain

// marker_set_names(), marker_set() and the marker-set file format. Included last: it needs Model.
#include "gaitchain/model/marker_set.hpp"
