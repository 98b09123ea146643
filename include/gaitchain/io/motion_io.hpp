#pragma once
// A fitted Motion as an OpenSim .mot table: rotations in degrees (inDegrees=yes), translations in metres,
// one row per frame at Motion::time(k), NaN kept as NaN.
//
// Conventions (docs/fit.md has the sign table):
// - "gaitchain": our coordinate names, signs and axes (Z up), e.g. knee flexion positive.
// - "gait2354": what OpenSim's gait2354 (and gait2392) model expects, so the file loads onto it:
//   pelvis_tilt, pelvis_list and knee_angle_r/_l negated; the pelvis translations put in OpenSim's Y-up
//   ground (OpenSim tx = our tx, ty = our tz, tz = -our ty); coordinates the model lacks (knee_adduction,
//   knee_rotation) left out.
// - "rajagopal": the same for Rajagopal 2016 models, whose knee_angle has our sign and which have no
//   subtalar_angle (welded), so knee_angle is kept and subtalar_angle left out.
// The pelvis origins differ (ours: mid-ASIS), so OpenSim's pelvis_t* will not match ours exactly.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/core/motion.hpp"
#include "gaitchain/io/table.hpp"

namespace gaitchain::io {

// Names accepted as `convention`: gaitchain, gait2354, rajagopal.
std::vector<std::string> motion_conventions();

// The table that write_motion writes: name "Coordinates", metadata version=1, DataRate and
// gaitchain_convention (so read_table gives back exactly this table).
// InvalidArgument for an unknown convention (listing the valid ones) or an inconsistent Motion (sizes,
// rate).
Table motion_table(const Motion& motion, std::string_view convention = "gaitchain");

// Writes motion_table(motion, convention) through a temporary file and a rename. IoError on failure.
void write_motion(const std::filesystem::path& path, const Motion& motion, std::string_view convention = "gaitchain");

}  // namespace gaitchain::io
