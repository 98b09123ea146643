#include "gaitchain/io/lab_frame.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <vector>

#include "gaitchain/core/error.hpp"

namespace gaitchain::io {
namespace {

constexpr double kTreadmillSpeed = 0.25;  // m/s of net travel below which a walk is not overground

const char* axis_name(int axis, double sign) {
  static const char* names[] = {"-X", "-Y", "-Z", "+X", "+Y", "+Z"};
  return names[(sign > 0 ? 3 : 0) + axis];
}

// The lab axis (0, 1, 2) nearest a direction.
int nearest_axis(const Vec3& v) {
  int axis = 0;
  v.cwiseAbs().maxCoeff(&axis);
  return axis;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// Mean horizontal vector from right-side to left-side markers over the name pairs R*/L*, R./L., R_/L_
// (RASI/LASI, R.ASIS/L.ASIS, RHeel/LHeel), or zero without pairs.
Vec3 right_to_left(const PointArray& points, const std::vector<std::string>& names) {
  Vec3 sum = Vec3::Zero();
  for (std::size_t r = 0; r < names.size(); ++r) {
    const std::string& name = names[r];
    if (name.size() < 2 || name[0] != 'R') continue;
    const std::string twin = "L" + name.substr(1);
    const auto l = std::find(names.begin(), names.end(), twin);
    if (l == names.end()) continue;
    const auto li = static_cast<Eigen::Index>(l - names.begin()), ri = static_cast<Eigen::Index>(r);
    for (Eigen::Index f = 0; f < points.rows(); ++f) {
      const Vec3 d = points.row(f).segment<3>(3 * li).transpose() - points.row(f).segment<3>(3 * ri).transpose();
      if (d.allFinite()) sum += d;
    }
  }
  return sum;
}

}  // namespace

LabAxes detect_lab_axes(const PointArray& points, double rate, const std::vector<std::string>& names,
                        std::span<const ForcePlate> plates) {
  if (!(rate > 0)) throw InvalidArgument("detect_lab_axes: rate must be positive");
  if (points.cols() % 3 != 0) throw InvalidArgument("detect_lab_axes: points need 3 columns per marker");
  const Eigen::Index frames = points.rows(), markers = points.cols() / 3;
  const auto at = [&](Eigen::Index f, Eigen::Index m) { return Vec3(points(f, 3 * m), points(f, 3 * m + 1), points(f, 3 * m + 2)); };
  const auto valid = [&](Eigen::Index f, Eigen::Index m) { return !std::isnan(points(f, 3 * m)) && !std::isnan(points(f, 3 * m + 1)) && !std::isnan(points(f, 3 * m + 2)); };

  LabAxes out;
  // --- Vertical.
  Vec3 up = Vec3::Zero();
  for (const ForcePlate& plate : plates) {  // plate z points into the plate: the floor normal is its opposite
    const Vec3 c1 = plate.corners.row(0).transpose(), c2 = plate.corners.row(1).transpose(), c4 = plate.corners.row(3).transpose();
    const Vec3 n = (c1 - c2).cross(c1 - c4);
    if (n.allFinite() && n.norm() > 0) up -= n.normalized();
  }
  if (up.norm() > 0.5) {
    const int axis = nearest_axis(up);
    up = Vec3::Unit(axis) * (up(axis) > 0 ? 1.0 : -1.0);
    out.how = std::string("vertical ") + axis_name(axis, up(axis)) + " from the force-plate surfaces";
  } else {
    Mat3 scatter = Mat3::Zero();
    Vec3 sum = Vec3::Zero();
    double count = 0;
    for (Eigen::Index f = 0; f < frames; ++f) {
      Vec3 mean = Vec3::Zero();
      int n = 0;
      for (Eigen::Index m = 0; m < markers; ++m)
        if (valid(f, m)) mean += at(f, m), ++n;
      if (n < 3) continue;
      mean /= n;
      for (Eigen::Index m = 0; m < markers; ++m)
        if (valid(f, m)) {
          const Vec3 d = at(f, m) - mean;
          scatter += d * d.transpose();
        }
      sum += mean * n, count += n;
    }
    if (count < 3) throw InvalidArgument("detect_lab_axes: no frame has 3 or more valid markers");
    Eigen::SelfAdjointEigenSolver<Mat3> eig(scatter);
    const int axis = nearest_axis(eig.eigenvectors().col(2));
    const double side = sum(axis) / count;
    up = Vec3::Unit(axis) * (side >= 0 ? 1.0 : -1.0);
    out.how = std::string("vertical ") + axis_name(axis, up(axis)) + " (the body's long axis; markers above the floor)";
  }
  const int up_axis = nearest_axis(up);
  // Horizontal lab axes, ordered so that (h1, h2, up) is right-handed.
  Vec3 h1 = Vec3::Unit((up_axis + 1) % 3), h2 = up.cross(h1);
  const auto horizontal = [&](const Vec3& v) { return Eigen::Vector2d(v.dot(h1), v.dot(h2)); };

  // --- Progression: net travel of each marker between its first and last valid sample.
  std::vector<double> dx, dy, duration;
  for (Eigen::Index m = 0; m < markers; ++m) {
    Eigen::Index first = -1, last = -1;
    for (Eigen::Index f = 0; f < frames; ++f)
      if (valid(f, m)) {
        if (first < 0) first = f;
        last = f;
      }
    if (first < 0 || last <= first) continue;
    const Eigen::Vector2d d = horizontal(at(last, m) - at(first, m));
    dx.push_back(d.x()), dy.push_back(d.y()), duration.push_back(static_cast<double>(last - first) / rate);
  }
  Eigen::Vector2d forward(median(dx), median(dy));
  const double travel_time = median(duration);
  std::string progression;
  if (travel_time > 0 && forward.norm() / travel_time >= kTreadmillSpeed) {
    progression = "overground: net travel " + std::to_string(forward.norm()).substr(0, 5) + " m";
  } else {
    // Treadmill or standing: horizontal velocities of all markers; swing is fast and forward, stance
    // slow and backward, so the velocity along the walking axis is positively skewed.
    Eigen::Matrix2d scatter = Eigen::Matrix2d::Zero();
    std::vector<Eigen::Vector2d> velocities;
    for (Eigen::Index m = 0; m < markers; ++m)
      for (Eigen::Index f = 1; f < frames; ++f)
        if (valid(f, m) && valid(f - 1, m)) {
          const Eigen::Vector2d v = horizontal(at(f, m) - at(f - 1, m)) * rate;
          if (!v.allFinite()) continue;
          velocities.push_back(v);
          scatter += v * v.transpose();
        }
    const double spread = velocities.empty() ? 0.0 : std::sqrt(scatter.trace() / static_cast<double>(velocities.size()));
    const Eigen::Vector2d left = horizontal(right_to_left(points, names));
    if (spread < 0.1 && left.norm() > 0) {  // m/s RMS: nobody is walking; face away from the right side
      forward = Eigen::Vector2d(left.y(), -left.x());
      progression = "none (standing): facing direction from the left/right marker pairs";
    } else if (spread < 0.1) {
      forward = Eigen::Vector2d(1, 0);
      progression = "none (standing) and no left/right marker pairs: first horizontal lab axis kept";
    } else {
      Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eig(scatter);
      forward = eig.eigenvectors().col(1);
      double third = 0;
      for (const Eigen::Vector2d& v : velocities) third += std::pow(v.dot(forward), 3);
      if (third < 0) forward = -forward;
      progression = "treadmill or in place: direction of the fast (swing) marker movements";
    }
  }
  forward.normalize();
  const Vec3 x = forward.x() * h1 + forward.y() * h2;
  const Vec3 z = up, y = z.cross(x);
  out.rotation.row(0) = x.transpose();
  out.rotation.row(1) = y.transpose();
  out.rotation.row(2) = z.transpose();
  out.how += "; progression " + progression;
  return out;
}

void rotate_trial(Trial& trial, const Mat3& rotation) {
  const Eigen::Index markers = trial.points.cols() / 3;
  for (Eigen::Index f = 0; f < trial.points.rows(); ++f)
    for (Eigen::Index m = 0; m < markers; ++m) {
      auto p = trial.points.row(f).segment<3>(3 * m);
      p = (rotation * p.transpose()).transpose();  // NaN stays NaN
    }
  for (ForcePlate& plate : trial.force_plates) {
    plate.force = (plate.force * rotation.transpose()).eval();
    plate.moment = (plate.moment * rotation.transpose()).eval();
    plate.cop = (plate.cop * rotation.transpose()).eval();
    plate.corners = (plate.corners * rotation.transpose()).eval();
  }
  trial.lab_frame.rotation = rotation * trial.lab_frame.rotation;
}

}  // namespace gaitchain::io
