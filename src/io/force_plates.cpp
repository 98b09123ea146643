// Force plates from the C3D FORCE_PLATFORM group (c3d.org "The FORCE_PLATFORM group"). Each type gives,
// in the plate frame, the force the subject applies to the plate and the moment about the plate's
// sensor origin; from those the centre of pressure on the surface and the free moment follow:
//   M = r x F + T n,  r = (x, y, zs) from the sensor origin to the CoP, zs the surface height
//   => x = (zs Fx - My) / Fz,  y = (Mx + zs Fy) / Fz,  T = Mz - x Fy + y Fx.
// Plate outputs are the reaction on the subject (a loaded plate gives a negative Fz along its downward z
// axis: ezc3d, BTK and Vicon agree), so the lab-frame reaction is R F and its vertical is positive.
#include <algorithm>
#include <cmath>
#include <limits>

#include "gaitchain/core/error.hpp"
#include "gaitchain/io/c3d.hpp"
#include "text.hpp"

namespace gaitchain::io {
namespace {

using detail::lower;

// Length unit -> metres; unknown or empty gives `fallback`.
double length_scale(const std::string& unit, double fallback) {
  const std::string u = lower(unit);
  if (u == "mm") return 1e-3;
  if (u == "cm") return 1e-2;
  if (u == "m") return 1.0;
  return fallback;
}

// Moment unit -> N m. "Nmm", "N.mm", "N*mm", "ntmm" (c3d.org sample01) are N mm.
double moment_scale(const std::string& unit, double fallback) {
  const std::string u = lower(unit);
  if (u.size() >= 2 && u.compare(u.size() - 2, 2, "mm") == 0) return 1e-3;
  if (u == "nm" || u == "n.m" || u == "n*m" || u == "ntm") return 1.0;
  return fallback;
}

[[noreturn]] void fail(const C3d& c3d, std::string_view parameter, const std::string& message) {
  throw ParseError(c3d.source, "parameter FORCE_PLATFORM:" + std::string(parameter), message);
}

}  // namespace

std::vector<ForcePlate> c3d_force_plates(const C3d& c3d, std::vector<std::string>* notes) {
  std::vector<ForcePlate> plates;
  const C3dGroup* group = c3d.group("FORCE_PLATFORM");
  if (!group || c3d.analogs.cols() == 0 || c3d.analogs.rows() == 0) return plates;
  const C3dParameter* used_p = group->find("USED");
  const long used = used_p && !used_p->numbers.empty() ? static_cast<long>(used_p->unsigned_number(0)) : 0;
  if (used <= 0) return plates;
  const C3dParameter* type_p = group->find("TYPE");
  const C3dParameter* corners_p = group->find("CORNERS");
  const C3dParameter* origin_p = group->find("ORIGIN");
  const C3dParameter* channel_p = group->find("CHANNEL");
  const C3dParameter* zero_p = group->find("ZERO");
  const C3dParameter* cal_p = group->find("CAL_MATRIX");
  if (!type_p || type_p->numbers.size() < static_cast<std::size_t>(used))
    fail(c3d, "TYPE", "gives fewer types than FORCE_PLATFORM:USED = " + std::to_string(used) + " plates");
  if (!corners_p || corners_p->numbers.size() < static_cast<std::size_t>(12 * used))
    fail(c3d, "CORNERS", "needs 3 x 4 values for each of the " + std::to_string(used) + " plates");
  if (!channel_p || channel_p->dimensions.empty())
    fail(c3d, "CHANNEL", "is missing: the analog channels of the plates are unknown");

  const double geometry = length_scale(c3d.point_units, 1e-3);
  const std::size_t rows_per_plate = static_cast<std::size_t>(channel_p->dimensions[0]);
  const auto samples = static_cast<std::size_t>(c3d.analogs.rows());
  const std::size_t per_frame = std::max<std::size_t>(c3d.analog_samples_per_frame(), 1);

  // Baseline window: ZERO names 3D frames (1-based, 0 read as 1); both 0 or an empty range means none.
  long zero_first = 0, zero_last = -1;
  if (zero_p && zero_p->numbers.size() >= 2) {
    zero_first = std::max<long>(static_cast<long>(zero_p->numbers[0]), 1);
    zero_last = std::min<long>(static_cast<long>(zero_p->numbers[1]), static_cast<long>(c3d.frame_count()));
  }
  const bool baseline = zero_last >= zero_first;

  for (long p = 0; p < used; ++p) {
    const auto pi = static_cast<std::size_t>(p);
    const int type = static_cast<int>(type_p->numbers[pi]);
    const std::size_t channel_count = type == 3 ? 8 : 6;
    if (type < 1 || type > 4) {
      if (notes) notes->push_back("force plate " + std::to_string(p + 1) + " has type " + std::to_string(type) + ", which is not read (types 1-4 are)");
      continue;
    }
    if (rows_per_plate < channel_count || channel_p->numbers.size() < rows_per_plate * (pi + 1))
      fail(c3d, "CHANNEL", "plate " + std::to_string(p + 1) + " of type " + std::to_string(type) + " needs " +
                               std::to_string(channel_count) + " channels");
    // Channel values, then (type 4) the calibration matrix, then SI units from ANALOG:UNITS.
    Eigen::MatrixXd ch(samples, channel_count);
    std::vector<std::string> units(channel_count);
    for (std::size_t k = 0; k < channel_count; ++k) {
      const double index = channel_p->numbers[rows_per_plate * pi + k];
      if (!(index >= 1 && index <= static_cast<double>(c3d.analogs.cols())))
        fail(c3d, "CHANNEL", "plate " + std::to_string(p + 1) + " names analog channel " + std::to_string(static_cast<long>(index)) +
                                 " but the file has " + std::to_string(c3d.analogs.cols()));
      const auto c = static_cast<std::size_t>(index) - 1;
      if (c < c3d.analog_units.size()) units[k] = c3d.analog_units[c];
      ch.col(static_cast<Eigen::Index>(k)) = c3d.analogs.col(static_cast<Eigen::Index>(c));
    }
    if (type == 4) {
      if (!cal_p || cal_p->numbers.size() < 36 * (pi + 1))
        fail(c3d, "CAL_MATRIX", "plate " + std::to_string(p + 1) + " is of type 4 but has no 6 x 6 calibration matrix");
      // CAL_MATRIX(6,6,n) in storage (column-major) order: [F; M] = CAL * channels.
      const Eigen::Matrix<double, 6, 6> cal = Eigen::Map<const Eigen::Matrix<double, 6, 6>>(cal_p->numbers.data() + 36 * pi);
      ch = (ch * cal.transpose()).eval();
    }
    for (std::size_t k = 0; k < channel_count; ++k) {
      double unit_scale = 1.0;  // forces in N
      if (type == 1 && (k == 3 || k == 4)) unit_scale = length_scale(units[k], geometry);
      else if ((type == 1 && k == 5) || (type == 2 && k >= 3) || (type == 4 && k >= 3)) unit_scale = moment_scale(units[k], geometry);
      ch.col(static_cast<Eigen::Index>(k)) *= unit_scale;
    }
    if (baseline) {
      const std::size_t from = static_cast<std::size_t>(zero_first - 1) * per_frame;
      const std::size_t to = std::min(samples, static_cast<std::size_t>(zero_last) * per_frame);
      if (to > from) {
        const Eigen::RowVectorXd mean = ch.middleRows(static_cast<Eigen::Index>(from), static_cast<Eigen::Index>(to - from)).colwise().mean();
        if (type == 1) {  // only forces and free moment have offsets; CoP channels do not
          for (Eigen::Index k : {0, 1, 2, 5}) ch.col(k).array() -= mean(k);
        } else {
          ch.rowwise() -= mean;
        }
      }
    }

    // Plate axes from its corners (corner 1 in the +x+y quadrant, 2 in -x+y, 4 in +x-y; z into the plate).
    ForcePlate plate;
    plate.type = type;
    plate.name = "FP" + std::to_string(p + 1);
    plate.rate = c3d.analog_rate;
    plate.start_time = static_cast<double>(c3d.first_frame - 1) / c3d.point_rate;
    for (int k = 0; k < 4; ++k)
      for (int i = 0; i < 3; ++i) plate.corners(k, i) = corners_p->numbers[12 * pi + 3 * static_cast<std::size_t>(k) + static_cast<std::size_t>(i)] * geometry;
    const Vec3 c1 = plate.corners.row(0).transpose(), c2 = plate.corners.row(1).transpose(), c4 = plate.corners.row(3).transpose();
    Vec3 ax = c1 - c2, ay = c1 - c4;
    if (!plate.corners.allFinite() || !(ax.cross(ay).norm() > 1e-6 * ax.norm() * ay.norm())) {
      if (notes) notes->push_back("force plate " + std::to_string(p + 1) + " is skipped: its FORCE_PLATFORM:CORNERS do not span a surface");
      continue;
    }
    ax.normalize();
    const Vec3 az = ax.cross(ay).normalized();
    Mat3 R;
    R.col(0) = ax, R.col(1) = az.cross(ax), R.col(2) = az;
    const Vec3 centre = plate.corners.colwise().mean().transpose();

    Vec3 origin = Vec3::Zero();
    if (origin_p && origin_p->numbers.size() >= 3 * (pi + 1))
      origin = Vec3(origin_p->numbers[3 * pi], origin_p->numbers[3 * pi + 1], origin_p->numbers[3 * pi + 2]) * geometry;
    Vec3 sensor_offset;  // from the surface centre to the sensor origin, plate frame
    double a = 0, b = 0;  // type 3: transducer offsets
    if (type == 3) {
      a = origin.x(), b = origin.y();
      const double az0 = origin.z() > 0 ? -origin.z() : origin.z();
      sensor_offset = Vec3(0, 0, -az0);
    } else {
      // ORIGIN points from the sensor origin to the surface centre, so its Z is negative; old AMTI and
      // Vicon setups stored it the other way round (c3d.org, FORCE_PLATFORM:ORIGIN type 2).
      if (origin.z() > 0) origin = -origin;
      sensor_offset = -origin;
    }
    const Vec3 sensor = centre + R * sensor_offset;
    const double zs = -sensor_offset.z();

    plate.force.resize(static_cast<Eigen::Index>(samples), 3);
    plate.moment.resize(static_cast<Eigen::Index>(samples), 3);
    plate.cop.resize(static_cast<Eigen::Index>(samples), 3);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t j = 0; j < samples; ++j) {
      const auto r = static_cast<Eigen::Index>(j);
      Vec3 F, M;
      double x, y, T;
      if (type == 3) {
        const auto v = [&](Eigen::Index k) { return ch(r, k); };
        F = Vec3(v(0) + v(1), v(2) + v(3), v(4) + v(5) + v(6) + v(7));
        M = Vec3(b * (v(4) + v(5) - v(6) - v(7)), a * (-v(4) + v(5) + v(6) - v(7)), b * (-v(0) + v(1)) + a * (v(2) - v(3)));
      } else {
        F = Vec3(ch(r, 0), ch(r, 1), ch(r, 2));
        M = type == 1 ? Vec3::Zero() : Vec3(ch(r, 3), ch(r, 4), ch(r, 5));
      }
      const bool loaded = std::abs(F.z()) >= ForcePlate::cop_minimum_force;
      if (type == 1) {
        // Type 1 stores the centre of pressure (relative to the surface centre) and the free moment.
        x = ch(r, 3) - sensor_offset.x(), y = ch(r, 4) - sensor_offset.y(), T = ch(r, 5);
      } else if (loaded) {
        x = (zs * F.x() - M.y()) / F.z();
        y = (M.x() + zs * F.y()) / F.z();
        T = M.z() - x * F.y() + y * F.x();
      } else {
        x = y = T = nan;
      }
      plate.force.row(r) = (R * F).transpose();
      if (loaded) {
        plate.cop.row(r) = (sensor + R * Vec3(x, y, zs)).transpose();
        plate.moment.row(r) = (R * Vec3(0, 0, T)).transpose();
      } else {
        plate.cop.row(r).setConstant(nan);
        plate.moment.row(r).setConstant(nan);
      }
    }
    plates.push_back(std::move(plate));
  }
  return plates;
}

}  // namespace gaitchain::io
