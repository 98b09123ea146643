#pragma once
// Rotations, rigid transforms and Cardan angle extraction.
//
// All rotations are active and right-handed; sequences are intrinsic (body-fixed): for the sequence
// (a1, a2, a3), R = R_a1(t1) * R_a2(t2) * R_a3(t3). This is the ISB joint-coordinate-system
// convention (Grood & Suntay 1983; Wu et al. 2002): the first angle is about the proximal segment's
// axis, the last about the distal segment's axis, the middle about the floating axis.
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>

namespace gaitchain {

using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;

enum class Axis { x = 0, y = 1, z = 2 };

inline Mat3 rotation_x(double a) {
  const double c = std::cos(a), s = std::sin(a);
  Mat3 r;
  r << 1, 0, 0, 0, c, -s, 0, s, c;
  return r;
}
inline Mat3 rotation_y(double a) {
  const double c = std::cos(a), s = std::sin(a);
  Mat3 r;
  r << c, 0, s, 0, 1, 0, -s, 0, c;
  return r;
}
inline Mat3 rotation_z(double a) {
  const double c = std::cos(a), s = std::sin(a);
  Mat3 r;
  r << c, -s, 0, s, c, 0, 0, 0, 1;
  return r;
}
inline Mat3 rotation(Axis axis, double a) {
  switch (axis) {
    case Axis::x: return rotation_x(a);
    case Axis::y: return rotation_y(a);
    default: return rotation_z(a);
  }
}
// Rotation by angle a about a unit axis (Rodrigues).
inline Mat3 rotation(const Vec3& unit_axis, double a) {
  const double c = std::cos(a), s = std::sin(a), t = 1.0 - c;
  const double x = unit_axis.x(), y = unit_axis.y(), z = unit_axis.z();
  Mat3 r;
  r << t * x * x + c, t * x * y - s * z, t * x * z + s * y,  //
      t * x * y + s * z, t * y * y + c, t * y * z - s * x,   //
      t * x * z - s * y, t * y * z + s * x, t * z * z + c;
  return r;
}

// A rigid transform x -> R x + p (maps child-frame coordinates into the parent frame).
struct Transform {
  Mat3 R = Mat3::Identity();
  Vec3 p = Vec3::Zero();

  Vec3 operator*(const Vec3& x) const { return R * x + p; }
  Transform operator*(const Transform& o) const { return {R * o.R, R * o.p + p}; }
  Transform inverse() const { return {R.transpose(), -(R.transpose() * p)}; }
};

// Angles (t1, t2, t3) with R = R_a1(t1) R_a2(t2) R_a3(t3) for a Cardan (Tait-Bryan) sequence of three
// different axes. t2 is in [-pi/2, pi/2]; at gimbal lock (|t2| = pi/2) t3 is set to 0.
inline Vec3 cardan_angles(const Mat3& R, Axis a1, Axis a2, Axis a3) {
  const int i = static_cast<int>(a1), j = static_cast<int>(a2), k = static_cast<int>(a3);
  // Parity of the permutation (i, j, k): +1 for xyz, yzx, zxy; -1 otherwise.
  const double e = ((j - i + 3) % 3 == 1) ? 1.0 : -1.0;
  const double s2 = std::clamp(e * R(i, k), -1.0, 1.0);
  const double t2 = std::asin(s2);
  if (std::abs(s2) > 1.0 - 1e-12) {
    // Gimbal lock: only t1 + e*s2*t3 is defined; put it all in t1.
    const double t1 = std::atan2(e * R(k, j), R(j, j));
    return {t1, t2, 0.0};
  }
  const double t1 = std::atan2(-e * R(j, k), R(k, k));
  const double t3 = std::atan2(-e * R(i, j), R(i, i));
  return {t1, t2, t3};
}

}  // namespace gaitchain
