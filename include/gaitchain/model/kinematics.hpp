#pragma once
// Forward kinematics and analytic Jacobians.
//
// forward_kinematics() fills a Kinematics with every segment's world pose and every coordinate's world
// axis and origin. Point positions and Jacobians are read from it:
//   d p / d q_c = axis_c x (p - origin_c)   for a rotation coordinate on the point's path to the ground,
//   d p / d q_c = axis_c                    for a translation coordinate,
//   d p / d s_g = R_k * r                   for the scale of the point's own segment k (r its position),
//               + R_parent * o_j            for the scale of the parent of each joint j on the path.
// Everything is O(path length) per point with no allocation once the Kinematics buffers exist.
#include <Eigen/Core>
#include <cmath>
#include <string>
#include <vector>

#include "gaitchain/core/error.hpp"
#include "gaitchain/core/rotation.hpp"
#include "gaitchain/core/trial.hpp"
#include "gaitchain/model/model.hpp"

namespace gaitchain {

struct Kinematics {
  std::vector<Transform> segment_pose;  // segment frame -> world
  std::vector<Vec3> axis;               // per coordinate: world unit axis of its dof
  std::vector<Vec3> origin;             // per coordinate: a world point on its axis (the joint centre)
};

// Poses for coordinate vector q (rad and m, in Model::coordinates order) at the model's scales.
// Throws InvalidArgument if q has the wrong size or a non-finite value.
inline void forward_kinematics(const Model& model, const Eigen::Ref<const Eigen::VectorXd>& q, Kinematics& out) {
  const auto n = static_cast<Eigen::Index>(model.coordinates.size());
  if (q.size() != n)
    throw InvalidArgument("forward_kinematics: got " + std::to_string(q.size()) + " coordinates, the model has " +
                          std::to_string(n));
  for (Eigen::Index c = 0; c < n; ++c)
    if (!std::isfinite(q[c]))
      throw InvalidArgument("forward_kinematics: coordinate '" + model.coordinates[c].name + "' is not finite");
  const std::size_t segment_count = model.segments.size();
  out.segment_pose.resize(segment_count);
  out.axis.resize(n);
  out.origin.resize(n);
  for (std::size_t k = 0; k < segment_count; ++k) {
    const Segment& seg = model.segments[k];
    Transform t;
    if (seg.parent >= 0) {
      const Transform& parent = out.segment_pose[seg.parent];
      t.R = parent.R;
      t.p = parent * (model.scales[model.segments[seg.parent].scale] * seg.joint_offset);
    } else {
      t.p = seg.joint_offset;
    }
    for (const Dof& dof : seg.dofs) {
      const Vec3 world_axis = t.R * dof.axis;
      const double value = q[dof.coordinate];
      out.axis[dof.coordinate] = world_axis;
      if (dof.kind == DofKind::translation) {
        t.p += world_axis * value;
        out.origin[dof.coordinate] = t.p;
      } else {
        out.origin[dof.coordinate] = t.p;
        t.R = t.R * rotation(dof.axis, value);
      }
    }
    out.segment_pose[k] = t;
  }
}

// World position of a point fixed in a segment.
inline Vec3 point_position(const Model& model, const Kinematics& kin, const BodyPoint& point) {
  const Segment& seg = model.segments[point.segment];
  return kin.segment_pose[point.segment] * (model.scales[seg.scale] * point.position);
}

// Adds d(world point)/dq to J (3 x coordinates) for a world point `p` rigidly attached to `segment`.
template <class Derived>
void add_point_jacobian(const Model& model, const Kinematics& kin, int segment, const Vec3& p,
                        Eigen::MatrixBase<Derived> const& J_out) {
  auto& J = const_cast<Eigen::MatrixBase<Derived>&>(J_out);
  for (int k = segment; k >= 0; k = model.segments[k].parent) {
    for (const Dof& dof : model.segments[k].dofs) {
      const Vec3& a = kin.axis[dof.coordinate];
      if (dof.kind == DofKind::translation)
        J.col(dof.coordinate) += a;
      else
        J.col(dof.coordinate) += a.cross(p - kin.origin[dof.coordinate]);
    }
  }
}

// Adds d(world point)/d(scales) to J (3 x scale count) for a point given in its segment at scale 1.
template <class Derived>
void add_point_scale_jacobian(const Model& model, const Kinematics& kin, const BodyPoint& point,
                              Eigen::MatrixBase<Derived> const& J_out) {
  auto& J = const_cast<Eigen::MatrixBase<Derived>&>(J_out);
  const Segment& own = model.segments[point.segment];
  J.col(own.scale) += kin.segment_pose[point.segment].R * point.position;
  for (int k = point.segment; k >= 0; k = model.segments[k].parent) {
    const int parent = model.segments[k].parent;
    if (parent < 0) break;
    J.col(model.segments[parent].scale) += kin.segment_pose[parent].R * model.segments[k].joint_offset;
  }
}

// Marker positions as one vector (x0 y0 z0 x1 ...), Model::markers order.
inline void marker_positions(const Model& model, const Kinematics& kin, Eigen::Ref<Eigen::VectorXd> out) {
  if (out.size() != static_cast<Eigen::Index>(3 * model.markers.size()))
    throw InvalidArgument("marker_positions: output must have 3 * marker count entries");
  for (std::size_t m = 0; m < model.markers.size(); ++m) out.segment<3>(3 * m) = point_position(model, kin, model.markers[m]);
}

// d(marker positions)/dq: (3 * markers) x coordinates.
inline void marker_jacobian(const Model& model, const Kinematics& kin, Eigen::Ref<Eigen::MatrixXd> J) {
  if (J.rows() != static_cast<Eigen::Index>(3 * model.markers.size()) ||
      J.cols() != static_cast<Eigen::Index>(model.coordinates.size()))
    throw InvalidArgument("marker_jacobian: J must be (3 * markers) x coordinates");
  J.setZero();
  for (std::size_t m = 0; m < model.markers.size(); ++m) {
    const BodyPoint& marker = model.markers[m];
    add_point_jacobian(model, kin, marker.segment, point_position(model, kin, marker), J.middleRows<3>(3 * m));
  }
}

// d(marker positions)/d(scales): (3 * markers) x scale count.
inline void marker_scale_jacobian(const Model& model, const Kinematics& kin, Eigen::Ref<Eigen::MatrixXd> J) {
  if (J.rows() != static_cast<Eigen::Index>(3 * model.markers.size()) || J.cols() != model.scales.size())
    throw InvalidArgument("marker_scale_jacobian: J must be (3 * markers) x scale count");
  J.setZero();
  for (std::size_t m = 0; m < model.markers.size(); ++m)
    add_point_scale_jacobian(model, kin, model.markers[m], J.middleRows<3>(3 * m));
}

// Marker trajectories for a motion: q_frames is frames x coordinates; the result is frames x 3*markers.
inline PointArray marker_trajectories(const Model& model, const Eigen::Ref<const CoordinateArray>& q_frames) {
  PointArray out(q_frames.rows(), 3 * static_cast<Eigen::Index>(model.markers.size()));
  Kinematics kin;
  Eigen::VectorXd q(q_frames.cols()), row(out.cols());
  for (Eigen::Index f = 0; f < q_frames.rows(); ++f) {
    q = q_frames.row(f).transpose();
    forward_kinematics(model, q, kin);
    marker_positions(model, kin, row);
    out.row(f) = row.transpose();
  }
  return out;
}

}  // namespace gaitchain
