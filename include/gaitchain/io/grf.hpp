#pragma once
// Force plates (or per-foot force sets) from OpenSim ground reaction tables (.mot/.sto, io/table.hpp),
// in the internal frame of the trial they belong to.
//
// Columns are grouped by OpenSim's naming: a set is <prefix>v{x,y,z} (force, N) and <prefix>p{x,y,z}
// (point of application), e.g. ground_force_r_vx / ground_force_r_px, 1_ground_force_vx, ground_force1_vx.
// Its torque (optional) is the same prefix with "force" replaced by "torque" or "moment", then {x,y,z}:
// ground_torque_r_x, 1_ground_torque_x, ground_torque1_x or ground_moment1_x. Old files that repeat the
// same names for every plate are grouped by occurrence (the second ground_force_vx belongs to the second
// set, named ground_force_2). Each ForcePlate is named after its prefix without the trailing underscore.
//
// Frames and units: the table lies in the lab axes of its marker file, so force, point and torque are
// rotated by lab.rotation (lab.scale is the marker file's unit and is not applied: OpenSim GRF tables are
// in N, m and N m). Some files hold the point in mm: decided from the data (see grf.cpp), converted and
// noted. Under load the vertical force must come out along +Z; otherwise the table does not belong to
// this lab frame and InvalidArgument is thrown (nothing is flipped). The centre of pressure and the
// moment are NaN while the vertical force is below ForcePlate::cop_minimum_force, as for C3D plates.
// Rows must be equally spaced in time: rate = (rows - 1) / (t_last - t_first), start_time = t_first.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/core/trial.hpp"
#include "gaitchain/io/table.hpp"

namespace gaitchain::io {

// The force sets of `table` in the internal frame of `lab`, in column order. `source` names the table in
// messages and notes. InvalidArgument (naming `source`) if no set has all six force and point columns,
// the times are not uniform, or the vertical force under load is negative or not along the lab vertical.
std::vector<ForcePlate> force_plates_from_table(const Table& table, const LabFrame& lab, std::string_view source,
                                                std::vector<std::string>* notes = nullptr);

// read_table(path), then force_plates_from_table. IoError / ParseError from reading as read_table.
std::vector<ForcePlate> read_force_plates(const std::filesystem::path& path, const LabFrame& lab,
                                          std::vector<std::string>* notes = nullptr);

}  // namespace gaitchain::io
