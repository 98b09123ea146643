// Motion -> .mot (io/motion_io.hpp): round trip through read_table, degrees, NaN, the time column, and the
// OpenSim conventions' signs, axes and dropped coordinates.
#include <doctest/doctest.h>

#include <cmath>
#include <gaitchain/core/error.hpp>
#include <gaitchain/core/motion.hpp>
#include <gaitchain/io/motion_io.hpp>
#include <gaitchain/io/table.hpp>
#include <gaitchain/model/model.hpp>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>

#include "data.hpp"

using gaitchain::InvalidArgument;
using gaitchain::Model;
using gaitchain::Motion;
using gaitchain::io::Table;
using gaitchain::test::TempDir;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDeg = 180.0 / std::numbers::pi;

// A motion over the model's coordinates with distinct values (coordinate c, frame f: 0.01 (c + 1) + 0.001 f),
// a NaN in frame 1 of hip_flexion_r and frame 2 all NaN (a frame that could not be fitted).
Motion sample_motion(int knee_dofs = 1) {
  const Model model = Model::lower_body({1.75, knee_dofs, "plug-in-gait"});
  Motion m;
  for (const auto& c : model.coordinates) {
    m.coordinate_names.push_back(c.name);
    m.rotational.push_back(c.kind == gaitchain::DofKind::rotation);
  }
  const int n = model.coordinate_count();
  m.coordinates.resize(4, n);
  for (int f = 0; f < 4; ++f)
    for (int c = 0; c < n; ++c) m.coordinates(f, c) = 0.01 * (c + 1) + 0.001 * f;
  m.coordinates(1, model.coordinate_index("hip_flexion_r")) = NaN;
  m.coordinates.row(2).setConstant(NaN);
  m.rate = 120.0;
  m.first_frame = 7;
  return m;
}

int column(const Table& t, std::string_view name) {
  for (std::size_t i = 0; i < t.column_names.size(); ++i)
    if (t.column_names[i] == name) return static_cast<int>(i);
  return -1;
}

int source(const Motion& m, std::string_view name) {
  for (std::size_t i = 0; i < m.coordinate_names.size(); ++i)
    if (m.coordinate_names[i] == name) return static_cast<int>(i);
  return -1;
}

// Value of column `name` in row f of the table, against `factor` times our coordinate `ours` (NaN-aware).
void check_column(const Table& t, const Motion& m, std::string_view name, std::string_view ours, double factor) {
  const int c = column(t, name), s = source(m, ours);
  REQUIRE_MESSAGE(c >= 0, "no column " << name);
  REQUIRE(s >= 0);
  for (Eigen::Index f = 0; f < t.values.rows(); ++f) {
    const double expected = factor * m.coordinates(f, s);
    if (std::isnan(expected)) CHECK(std::isnan(t.values(f, c)));
    else CHECK(t.values(f, c) == doctest::Approx(expected).epsilon(1e-14));
  }
}

}  // namespace

TEST_CASE("write_motion: gaitchain convention round trips through read_table in degrees") {
  const Motion m = sample_motion();
  TempDir dir;
  const auto path = dir.path / "ik.mot";
  gaitchain::io::write_motion(path, m);
  const Table t = gaitchain::io::read_table(path);
  CHECK(t.name == "Coordinates");
  CHECK(t.in_degrees);
  CHECK(t.column_names == m.coordinate_names);
  REQUIRE(t.time.size() == 4);
  for (std::size_t k = 0; k < 4; ++k) CHECK(t.time[k] == m.time(k));
  CHECK(t.time[0] == doctest::Approx(6.0 / 120.0));
  for (std::size_t c = 0; c < m.coordinate_names.size(); ++c)
    check_column(t, m, m.coordinate_names[c], m.coordinate_names[c], m.rotational[c] ? kDeg : 1.0);
  // Translations stay in metres, NaN stays NaN (a partly and a wholly undetermined frame).
  CHECK(t.values(0, column(t, "pelvis_tx")) == m.coordinates(0, source(m, "pelvis_tx")));
  CHECK(std::isnan(t.values(1, column(t, "hip_flexion_r"))));
  CHECK_FALSE(std::isnan(t.values(1, column(t, "knee_angle_r"))));
  for (Eigen::Index c = 0; c < t.values.cols(); ++c) CHECK(std::isnan(t.values(2, c)));
  // The file holds exactly what motion_table made.
  const Table direct = gaitchain::io::motion_table(m);
  CHECK(direct.time == t.time);
  CHECK(direct.metadata == t.metadata);
}

TEST_CASE("write_motion: gait2354 signs and axes") {
  const Motion m = sample_motion();
  const Table t = gaitchain::io::motion_table(m, "gait2354");
  CHECK(t.in_degrees);
  CHECK(t.column_names.size() == m.coordinate_names.size());  // gait2354 has every coordinate of ours
  check_column(t, m, "pelvis_tilt", "pelvis_tilt", -kDeg);
  check_column(t, m, "pelvis_list", "pelvis_list", -kDeg);
  check_column(t, m, "pelvis_rotation", "pelvis_rotation", kDeg);
  check_column(t, m, "pelvis_tx", "pelvis_tx", 1.0);
  check_column(t, m, "pelvis_ty", "pelvis_tz", 1.0);   // OpenSim Y is up
  check_column(t, m, "pelvis_tz", "pelvis_ty", -1.0);  // OpenSim Z points right
  check_column(t, m, "knee_angle_r", "knee_angle_r", -kDeg);
  check_column(t, m, "knee_angle_l", "knee_angle_l", -kDeg);
  for (const char* same : {"hip_flexion_r", "hip_adduction_l", "hip_rotation_r", "ankle_angle_l", "subtalar_angle_r",
                           "mtp_angle_l", "lumbar_extension", "lumbar_bending", "lumbar_rotation"})
    check_column(t, m, same, same, kDeg);
  bool found = false;
  for (const auto& [key, value] : t.metadata)
    if (key == "gaitchain_convention") found = value == "gait2354";
  CHECK(found);
}

TEST_CASE("write_motion: rajagopal keeps the knee sign and drops subtalar") {
  const Motion m = sample_motion();
  const Table t = gaitchain::io::motion_table(m, "rajagopal");
  CHECK(column(t, "subtalar_angle_r") < 0);
  CHECK(column(t, "subtalar_angle_l") < 0);
  CHECK(t.column_names.size() == m.coordinate_names.size() - 2);
  check_column(t, m, "knee_angle_r", "knee_angle_r", kDeg);
  check_column(t, m, "pelvis_tilt", "pelvis_tilt", -kDeg);
  check_column(t, m, "pelvis_ty", "pelvis_tz", 1.0);
  check_column(t, m, "mtp_angle_r", "mtp_angle_r", kDeg);
}

TEST_CASE("write_motion: coordinates the OpenSim model lacks are dropped, ours kept") {
  const Motion m = sample_motion(3);
  CHECK(column(gaitchain::io::motion_table(m, "gaitchain"), "knee_adduction_r") >= 0);
  for (const char* convention : {"gait2354", "rajagopal"}) {
    const Table t = gaitchain::io::motion_table(m, convention);
    CHECK(column(t, "knee_adduction_r") < 0);
    CHECK(column(t, "knee_rotation_l") < 0);
    CHECK(column(t, "knee_angle_r") >= 0);
  }
}

TEST_CASE("write_motion: a negated zero is written as 0") {
  Motion m = sample_motion();
  m.coordinates.col(source(m, "pelvis_tilt")).setZero();
  const Table t = gaitchain::io::motion_table(m, "gait2354");
  CHECK_FALSE(std::signbit(t.values(0, column(t, "pelvis_tilt"))));
}

TEST_CASE("write_motion: bad input") {
  Motion m = sample_motion();
  TempDir dir;
  try {
    gaitchain::io::write_motion(dir.path / "x.mot", m, "opensim");
    FAIL("no exception");
  } catch (const InvalidArgument& e) {
    const std::string what = e.what();
    CHECK(what.find("'opensim'") != std::string::npos);
    CHECK(what.find("gaitchain") != std::string::npos);
    CHECK(what.find("gait2354") != std::string::npos);
    CHECK(what.find("rajagopal") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(dir.path / "x.mot"));
  Motion no_rate = m;
  no_rate.rate = 0;
  CHECK_THROWS_AS(gaitchain::io::motion_table(no_rate), InvalidArgument);
  Motion wrong = m;
  wrong.rotational.pop_back();
  CHECK_THROWS_AS(gaitchain::io::motion_table(wrong), InvalidArgument);
  Motion empty = m;
  empty.coordinates.resize(0, static_cast<Eigen::Index>(m.coordinate_names.size()));
  CHECK_THROWS_AS(gaitchain::io::write_motion(dir.path / "empty.mot", empty), InvalidArgument);
}
