// Motion -> OpenSim .mot (see gaitchain/io/motion_io.hpp).
#include "gaitchain/io/motion_io.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "gaitchain/core/error.hpp"
#include "text.hpp"

namespace gaitchain::io {
namespace {

enum class Convention { gaitchain, gait2354, rajagopal };

Convention parse_convention(std::string_view name) {
  if (name == "gaitchain") return Convention::gaitchain;
  if (name == "gait2354") return Convention::gait2354;
  if (name == "rajagopal") return Convention::rajagopal;
  std::string valid;
  for (const std::string& n : motion_conventions()) valid += (valid.empty() ? "'" : ", '") + n + "'";
  throw InvalidArgument("write_motion: unknown convention '" + std::string(name) + "'; valid conventions: " + valid);
}

// One output column: which of our coordinates it comes from and the factor applied (sign, rad -> deg).
struct Column {
  std::string name;
  int source = 0;
  double factor = 1.0;
};

// The coordinates of OpenSim's model (per side where it applies), as a predicate on our names.
bool in_opensim_model(std::string_view name, Convention c) {
  static constexpr std::string_view shared[] = {
      "pelvis_tilt", "pelvis_list", "pelvis_rotation", "pelvis_tx", "pelvis_ty", "pelvis_tz",
      "lumbar_extension", "lumbar_bending", "lumbar_rotation"};
  static constexpr std::string_view sided[] = {"hip_flexion", "hip_adduction", "hip_rotation", "knee_angle",
                                               "ankle_angle", "subtalar_angle", "mtp_angle"};
  if (std::find(std::begin(shared), std::end(shared), name) != std::end(shared)) return true;
  if (name.size() < 3 || (!name.ends_with("_r") && !name.ends_with("_l"))) return false;
  const std::string_view base = name.substr(0, name.size() - 2);
  if (c == Convention::rajagopal && base == "subtalar_angle") return false;  // welded in Rajagopal models
  return std::find(std::begin(sided), std::end(sided), base) != std::end(sided);
}

std::vector<Column> columns(const Motion& motion, Convention convention) {
  const auto& names = motion.coordinate_names;
  auto index = [&](std::string_view name) {
    const auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
  };
  std::vector<Column> out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    Column col{name, static_cast<int>(i), 1.0};
    if (convention != Convention::gaitchain) {
      if (!in_opensim_model(name, convention)) continue;
      // OpenSim's ground is Y up: OS tx = our tx, OS ty = our tz, OS tz = -our ty.
      if (name == "pelvis_ty") col.source = index("pelvis_tz");
      if (name == "pelvis_tz") {
        col.source = index("pelvis_ty");
        col.factor = -1.0;
      }
      if (col.source < 0) continue;
      // Ours = -OpenSim: tilt (OpenSim + is posterior), list (OpenSim + lowers the right side), and
      // gait2354's knee_angle (flexion negative there).
      if (name == "pelvis_tilt" || name == "pelvis_list" ||
          (convention == Convention::gait2354 && (name == "knee_angle_r" || name == "knee_angle_l")))
        col.factor = -1.0;
    }
    if (motion.rotational[col.source]) col.factor *= 180.0 / std::numbers::pi;
    out.push_back(std::move(col));
  }
  return out;
}

}  // namespace

std::vector<std::string> motion_conventions() { return {"gaitchain", "gait2354", "rajagopal"}; }

Table motion_table(const Motion& motion, std::string_view convention) {
  const Convention c = parse_convention(convention);
  const auto n = motion.coordinate_names.size();
  if (motion.rotational.size() != n || static_cast<std::size_t>(motion.coordinates.cols()) != n)
    throw InvalidArgument("write_motion: the motion has " + std::to_string(n) + " coordinate names, " +
                          std::to_string(motion.rotational.size()) + " rotational flags and " +
                          std::to_string(motion.coordinates.cols()) + " coordinate columns");
  if (!(motion.rate > 0) || !std::isfinite(motion.rate))
    throw InvalidArgument("write_motion: the motion's rate must be a positive number of Hz");
  const std::vector<Column> cols = columns(motion, c);
  const auto frames = static_cast<Eigen::Index>(motion.frame_count());

  Table table;
  table.name = "Coordinates";
  table.in_degrees = true;
  std::string rate;
  detail::append_number(rate, motion.rate);
  table.metadata = {{"version", "1"}, {"DataRate", rate}, {"gaitchain_convention", std::string(convention)}};
  table.values.resize(frames, static_cast<Eigen::Index>(cols.size()));
  table.time.resize(static_cast<std::size_t>(frames));
  for (Eigen::Index f = 0; f < frames; ++f) table.time[static_cast<std::size_t>(f)] = motion.time(static_cast<std::size_t>(f));
  for (std::size_t k = 0; k < cols.size(); ++k) {
    table.column_names.push_back(cols[k].name);
    // + 0.0 turns -0 (a negated 0, e.g. a locked coordinate) into 0, which reads better in the file.
    table.values.col(static_cast<Eigen::Index>(k)) = (motion.coordinates.col(cols[k].source) * cols[k].factor).array() + 0.0;
  }
  return table;
}

void write_motion(const std::filesystem::path& path, const Motion& motion, std::string_view convention) {
  write_table(path, motion_table(motion, convention));
}

}  // namespace gaitchain::io
