// OpenSim .mot/.sto reader and writer (io/table.hpp): the real files in ../shared/data, header variants,
// malformed input, round trips and crash-safe writes.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <gaitchain/core/error.hpp>
#include <gaitchain/io/table.hpp>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "data.hpp"

using gaitchain::io::Table;
using gaitchain::test::same;
using gaitchain::test::shared_data;
using gaitchain::test::TempDir;
using Metadata = std::vector<std::pair<std::string, std::string>>;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

void check_same(const Table& a, const Table& b) {
  CHECK(a.name == b.name);
  CHECK(a.column_names == b.column_names);
  CHECK(a.in_degrees == b.in_degrees);
  CHECK(a.metadata == b.metadata);
  CHECK(a.time == b.time);
  REQUIRE(a.values.rows() == b.values.rows());
  REQUIRE(a.values.cols() == b.values.cols());
  long mismatches = 0;
  for (Eigen::Index i = 0; i < a.values.size(); ++i) mismatches += !same(a.values.data()[i], b.values.data()[i]);
  CHECK(mismatches == 0);
}

int column(const Table& table, std::string_view name) {
  for (std::size_t i = 0; i < table.column_names.size(); ++i)
    if (table.column_names[i] == name) return static_cast<int>(i);
  FAIL("no column " << name);
  return -1;
}

const std::string kSmall =
    "small\n"
    "version=1\n"
    "nRows=3\n"
    "nColumns=3\n"
    "inDegrees=yes\n"
    "endheader\n"
    "time\thip_flexion_r\tknee_angle_r\n"
    "0.00\t10.5\t-3\n"
    "0.01\t11\t-2.5\n"
    "0.02\t12\t-2\n";

std::string replace(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "fixture text not found: " << from);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("table: gait2354 subject01_walk1_ik.mot (free-text header lines, padded cells)") {
  const Table t =
      gaitchain::io::read_table(shared_data("opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1_ik.mot"));
  CHECK(t.name == "Coordinates");
  CHECK(t.in_degrees);
  CHECK(t.metadata == Metadata{{"version", "1"}});
  CHECK(t.time.size() == 73);
  CHECK(t.values.rows() == 73);
  CHECK(t.column_names.size() == 23);
  CHECK(t.column_names.front() == "pelvis_tilt");
  CHECK(t.column_names[9] == "knee_angle_r");
  CHECK(t.column_names.back() == "lumbar_rotation");
  CHECK(t.time.front() == 0.4);
  CHECK(t.time.back() == 1.6);
  CHECK(t.values(0, 0) == 5.18629404);
  CHECK(t.values(0, 1) == -1.88676648);
  CHECK(t.values(72, 0) == 6.35113591);
  CHECK(t.values(72, 22) == -5.76927893);
}

TEST_CASE("table: gait2354 subject01_walk1_grf.mot (header lines with trailing tabs)") {
  const Table t =
      gaitchain::io::read_table(shared_data("opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1_grf.mot"));
  CHECK(t.name == "subject01_walk1_grf.mot");
  CHECK(t.in_degrees);
  CHECK(t.metadata == Metadata{{"version", "1"}});
  CHECK(t.time.size() == 1501);
  CHECK(t.column_names.size() == 18);
  CHECK(t.column_names[6] == "1_ground_force_vx");
  CHECK(t.column_names.back() == "1_ground_torque_z");
  CHECK(t.time[1] == 0.0017);
  CHECK(t.time.back() == 2.5);
  CHECK(t.values(0, column(t, "ground_force_vx")) == 101.5119767);
  CHECK(t.values(0, column(t, "ground_force_vy")) == 745.4661142);
  CHECK(t.values(1500, 17) == 0.99444594);
}

TEST_CASE("table: Rajagopal grf_walk.mot") {
  const Table t = gaitchain::io::read_table(shared_data("opensim-models/Pipelines/Rajagopal/ExpData/grf_walk.mot"));
  CHECK(t.name == "subject11_noload_free_trial03_ground_reaction");
  CHECK(!t.in_degrees);
  CHECK(t.time.size() == 4778);
  CHECK(t.column_names.size() == 18);
  CHECK(t.column_names.front() == "ground_force_r_vx");
  CHECK(t.column_names.back() == "ground_torque_l_z");
  CHECK(t.time[1] == 0.0005);
  CHECK(t.time.back() == 2.3885);
  CHECK(t.values(0, column(t, "ground_force_r_px")) == 346.097838);
  CHECK(t.values(4777, column(t, "ground_force_l_px")) == 135.061312);
  CHECK(t.values(4777, column(t, "ground_force_l_pz")) == -282.670886);
}

TEST_CASE("table: Moco coordinates.sto (version=3, radians, nColumns that disagrees with the columns)") {
  const Table t =
      gaitchain::io::read_table(shared_data("opensim-core/OpenSim/Examples/Moco/example3DWalking/coordinates.sto"));
  CHECK(t.name == "Coordinates");
  CHECK(!t.in_degrees);
  CHECK(t.metadata ==
        Metadata{{"DataType", "double"}, {"version", "3"}, {"OpenSimVersion", "4.5-2024-03-01-1daf88a4f"}});
  CHECK(t.time.size() == 1350);
  CHECK(t.column_names.size() == 31);  // the header says nColumns=40
  CHECK(t.column_names.front() == "/jointset/ground_pelvis/pelvis_tilt/value");
  CHECK(t.column_names.back() == "/jointset/patellofemoral_l/knee_angle_l_beta/value");
  CHECK(t.time.front() == 0.45);
  CHECK(t.time.back() == 1.799);
  CHECK(t.values(0, 0) == 0.001606593553352076);
  CHECK(t.values(0, 1) == -0.04572838422421265);
  CHECK(t.values(1349, 30) == 55.01449244);
}

TEST_CASE("table: OpenCap walking1_videoAndMocap.mot (CRLF)") {
  const Table t =
      gaitchain::io::read_table(shared_data("opencap-processing/Moco/exampleWalking/walking1_videoAndMocap.mot"));
  CHECK(t.name == "Coordinates");
  CHECK(t.in_degrees);
  CHECK(t.time.size() == 158);
  CHECK(t.column_names.size() == 35);
  CHECK(t.column_names[10] == "knee_angle_r_beta");
  CHECK(t.column_names.back() == "pro_sup_l");
  CHECK(t.time.back() == 1.57);
  CHECK(t.values(0, 0) == 12.20057678);
  CHECK(t.values(0, 1) == -3.46921533);
  CHECK(t.values(157, 0) == 9.49573933);
  CHECK(t.values(157, 34) == 68.04866612);
}

TEST_CASE("table: Gait10dof18musc subject01_walk_IK.mot") {
  const Table t = gaitchain::io::read_table(
      shared_data("opensim-models/Pipelines/Gait10dof18musc/OutputReference/IK/subject01_walk_IK.mot"));
  CHECK(t.in_degrees);
  CHECK(t.time.size() == 151);
  CHECK(t.column_names.size() == 10);
  CHECK(t.column_names[1] == "pelvis_tx");
  CHECK(t.time[1] == 0.01666667);
  CHECK(t.values(0, 0) == 10.32995988);
  CHECK(t.values(0, 1) == 0.61213494);
  CHECK(t.values(150, column(t, "lumbar_extension")) == -15.92098183);
}

TEST_CASE("table: Pose2Sim body25b IK .mot") {
  const Table t = gaitchain::io::read_table(
      shared_data("pose2sim/Pose2Sim/S00_Demo_BatchSession/S00_P00_SingleParticipant/S00_P00_OpenSim/"
                  "S00_P00_T01_BalancingTrial_filt_butterworth_0-100_body25b.mot"));
  CHECK(t.in_degrees);
  CHECK(t.time.size() == 100);
  CHECK(t.column_names.size() == 62);
  CHECK(t.column_names[22] == "L5_S1_Flex_Ext");
  CHECK(t.column_names.back() == "wrist_dev_l");
  CHECK(t.time.front() == 0.01666667);
  CHECK(t.time.back() == 1.66666667);
  CHECK(t.values(0, 0) == 0.03149947);
  CHECK(t.values(0, 1) == 4.33024803);
  CHECK(t.values(99, 0) == -0.30029672);
}

TEST_CASE("table: gaitalytics test_small.mot (starts at 2.48 s, rows end with a tab)") {
  const Table t = gaitchain::io::read_table(shared_data("python-gaitalytics/tests/full/data/test_small.mot"));
  CHECK(t.name == "test_small");
  CHECK(t.in_degrees);
  CHECK(t.time.size() == 3370);
  CHECK(t.column_names.size() == 36);
  CHECK(t.column_names.front() == "ground_force4_vx");
  CHECK(t.column_names.back() == "ground_torque3_z");
  CHECK(t.time.front() == 2.48);
  CHECK(t.time.back() == 5.849);
  CHECK(t.values(0, 0) == -2.061715);
  CHECK(t.values(0, 1) == -16.117792);
  CHECK(t.values(3369, 0) == -2.188489);
  CHECK(!t.values.hasNaN());
}

TEST_CASE("table: every real file survives format then parse unchanged") {
  for (const char* file :
       {"opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1_ik.mot",
        "opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1_grf.mot",
        "opensim-models/Pipelines/Rajagopal/ExpData/grf_walk.mot",
        "opensim-core/OpenSim/Examples/Moco/example3DWalking/coordinates.sto",
        "opencap-processing/Moco/exampleWalking/walking1_videoAndMocap.mot",
        "opensim-models/Pipelines/Gait10dof18musc/OutputReference/IK/subject01_walk_IK.mot",
        "pose2sim/Pose2Sim/S00_Demo_BatchSession/S00_P00_SingleParticipant/S00_P00_OpenSim/"
        "S00_P00_T01_BalancingTrial_filt_butterworth_0-100_body25b.mot",
        "python-gaitalytics/tests/full/data/test_small.mot"}) {
    CAPTURE(file);
    const Table original = gaitchain::io::read_table(shared_data(file));
    check_same(gaitchain::io::parse_table(gaitchain::io::format_table(original), "again.mot"), original);
  }
}

TEST_CASE("table: writer layout") {
  Table t;
  t.name = "ik";
  t.column_names = {"hip_flexion_r", "knee angle"};
  t.time = {0.0, 0.01};
  t.values.resize(2, 2);
  t.values << 1.0 / 3.0, NaN,  //
      -0.0, std::numeric_limits<double>::infinity();
  t.metadata = {{"DataRate", "100"}};
  const std::string text = gaitchain::io::format_table(t);
  CHECK(text ==
        "ik\nversion=1\nnRows=2\nnColumns=3\ninDegrees=no\nDataRate=100\nendheader\n"
        "time\thip_flexion_r\tknee angle\n"
        "0\t0.3333333333333333\tNaN\n"
        "0.01\t-0\tinf\n");
  // version=1 is added when the metadata has none, so it reads back in front of the other entries.
  const Table back = gaitchain::io::parse_table(text, "layout.mot");
  CHECK(back.metadata == Metadata{{"version", "1"}, {"DataRate", "100"}});
  t.metadata.insert(t.metadata.begin(), {"version", "1"});
  check_same(back, t);

  t.in_degrees = true;
  t.name.clear();  // an empty name line is written and read back as empty
  check_same(gaitchain::io::parse_table(gaitchain::io::format_table(t), "unnamed.mot"), t);
}

TEST_CASE("table: write_table goes through a temporary file; failures throw IoError and leave nothing") {
  const TempDir dir;
  const Table t =
      gaitchain::io::read_table(shared_data("opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1_ik.mot"));
  const std::filesystem::path path = dir.path / "ik.mot";
  gaitchain::io::write_table(path, t);
  check_same(gaitchain::io::read_table(path), t);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator()) == 1);

  CHECK_THROWS_AS(gaitchain::io::write_table(dir.path / "missing" / "ik.mot", t), gaitchain::IoError);
  CHECK(!std::filesystem::exists(dir.path / "missing"));
  std::filesystem::create_directories(dir.path / "taken" / "inside");
  CHECK_THROWS_AS(gaitchain::io::write_table(dir.path / "taken", t), gaitchain::IoError);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator()) == 2);
  CHECK_THROWS_AS(gaitchain::io::read_table(dir.path / "absent.mot"), gaitchain::IoError);
}

TEST_CASE("table: header and cell variants") {
  SUBCASE("reference: the small fixture") {
    const Table t = gaitchain::io::parse_table(kSmall, "small.mot");
    CHECK(t.name == "small");
    CHECK(t.in_degrees);
    CHECK(t.column_names == std::vector<std::string>{"hip_flexion_r", "knee_angle_r"});
    CHECK(t.time == std::vector<double>{0.0, 0.01, 0.02});
    CHECK(t.values(1, 1) == -2.5);
  }
  SUBCASE("missing inDegrees means radians, as in OpenSim's Storage") {
    CHECK(!gaitchain::io::parse_table(replace(kSmall, "inDegrees=yes\n", ""), "rad.sto").in_degrees);
    CHECK(!gaitchain::io::parse_table(replace(kSmall, "inDegrees=yes", "inDegrees=no"), "rad.sto").in_degrees);
    CHECK(gaitchain::io::parse_table(replace(kSmall, "inDegrees=yes", "inDegrees = YES"), "deg.mot").in_degrees);
  }
  SUBCASE("a UTF-8 byte order mark is not part of the name") {
    CHECK(gaitchain::io::parse_table("\xEF\xBB\xBF" + kSmall, "bom.mot").name == "small");
  }
  SUBCASE("odd first lines (found by fuzzing) give names that the writer reproduces") {
    for (const char* first : {"=odd name", "\t\xEF\xBB\xBF  named\t", "\xEF\xBB\xBF\xEF\xBB\xBF named"}) {
      const std::string text = std::string(first) + "\nversion=1\nendheader\ntime\n0\n";
      CAPTURE(text);
      const Table t = gaitchain::io::parse_table(text, "odd.mot");
      CHECK(t.name == (first[0] == '=' ? "=odd name" : "named"));
      check_same(gaitchain::io::parse_table(gaitchain::io::format_table(t), "odd_again.mot"), t);
    }
  }
  SUBCASE("no name line: the header starts with key=value") {
    const Table t = gaitchain::io::parse_table(replace(kSmall, "small\n", ""), "unnamed.mot");
    CHECK(t.name.empty());
    CHECK(t.metadata == Metadata{{"version", "1"}});
  }
  SUBCASE("free text dropped, metadata kept in order, values with '=' and spaces kept") {
    const Table t = gaitchain::io::parse_table(
        replace(kSmall, "endheader\n",
                "\nUnits are S.I. units (second, meters, Newtons, ...)\nDataRate=100.000000\n"
                "comment = a=b c\n  endheader  \n\n"),
        "meta.mot");
    CHECK(t.metadata == Metadata{{"version", "1"}, {"DataRate", "100.000000"}, {"comment", "a=b c"}});
    CHECK(t.time.size() == 3);
  }
  SUBCASE("SIMM-era whitespace-separated file with datarows") {
    const Table t = gaitchain::io::parse_table(
        "walk\ndatarows 2\ndatacolumns 3\nendheader\n  time   hip   knee\n  0.0  1.0  2.0\n  0.5   3e1  -4\n",
        "simm.mot");
    CHECK(t.name == "walk");  // "datarows 2" (no '=') is free text here
    CHECK(t.column_names == std::vector<std::string>{"hip", "knee"});
    CHECK(t.values(1, 0) == 30.0);
    CHECK(t.values(1, 1) == -4.0);
  }
  SUBCASE("NaN spellings, infinities, trailing tabs, padded cells, leading plus") {
    const Table t = gaitchain::io::parse_table(
        replace(replace(kSmall, "0.00\t10.5\t-3", "  +0.00 \tnan\t-nan(ind)\t"), "0.01\t11\t-2.5", "0.01\t-inf\tNaN"),
        "cells.mot");
    CHECK(t.time[0] == 0.0);
    CHECK(std::isnan(t.values(0, 0)));
    CHECK(std::isnan(t.values(0, 1)));
    CHECK(t.values(1, 0) == -std::numeric_limits<double>::infinity());
    CHECK(std::isnan(t.values(1, 1)));
  }
  SUBCASE("duplicated column names are kept as written") {
    const Table t = gaitchain::io::parse_table(replace(kSmall, "knee_angle_r", "hip_flexion_r"), "dup.mot");
    CHECK(t.column_names == std::vector<std::string>{"hip_flexion_r", "hip_flexion_r"});
  }
  SUBCASE("lone CR line ends") {
    std::string cr = kSmall;
    for (char& c : cr)
      if (c == '\n') c = '\r';
    check_same(gaitchain::io::parse_table(cr, "cr.mot"), gaitchain::io::parse_table(kSmall, "small.mot"));
  }
  SUBCASE("a table with no data columns") {
    const Table t = gaitchain::io::parse_table("events\nendheader\ntime\n0.1\n0.7\n", "times.sto");
    CHECK(t.column_names.empty());
    CHECK(t.values.rows() == 2);
    CHECK(t.values.cols() == 0);
    CHECK(t.time == std::vector<double>{0.1, 0.7});
  }
}

TEST_CASE("table: malformed input throws ParseError naming the line") {
  struct Case {
    const char* what;
    std::string text;
    int line;
    const char* says;
  };
  const std::string long_cell(3'000'000, '7');
  const std::vector<Case> cases = {
      {"empty file", "", 1, "empty"},
      {"a lone CR", "\r", 2, "endheader"},
      {"binary garbage", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\xff\xfe", 18), 2, "endheader"},
      {"missing endheader", replace(kSmall, "endheader\n", ""), 10, "without an 'endheader'"},
      {"header only", kSmall.substr(0, kSmall.find("time")), 7, "expected the column names line"},
      {"first column is not time", replace(kSmall, "time\t", "frame\t"), 7, "start with 'time', found 'frame"},
      {"blank column name", replace(kSmall, "\thip_flexion_r\t", "\thip_flexion_r\t\t"), 7, "column 3 has no name"},
      {"no data rows", kSmall.substr(0, kSmall.find("0.00")), 8, "no data rows"},
      {"row too short", replace(kSmall, "0.01\t11\t-2.5", "0.01\t11"), 9,
       "row has 2 cells but the column names line (line 7) names 3 columns"},
      {"row too long", replace(kSmall, "0.02\t12\t-2", "0.02\t12\t-2\t5"), 10, "row has 4 cells"},
      {"non-numeric cell", replace(kSmall, "\t11\t", "\t11deg\t"), 9,
       "column 2 ('hip_flexion_r'): expected a number or NaN, found '11deg'"},
      {"blank cell", replace(kSmall, "\t11\t", "\t\t"), 9,
       "column 2 ('hip_flexion_r'): expected a number or NaN, found a blank cell"},
      {"a cell lost from a row that ends with a tab", replace(kSmall, "0.02\t12\t-2", "0.02\t12\t"), 10,
       "column 3 ('knee_angle_r')"},
      {"blank time", replace(kSmall, "0.01\t11", "\t11"), 9, "column 1 (time)"},
      {"NaN time", replace(kSmall, "0.01\t11", "NaN\t11"), 9, "finite time"},
      {"number out of range", replace(kSmall, "\t11\t", "\t1e400\t"), 9, "out of the range"},
      {"nRows larger than the rows present", replace(kSmall, "nRows=3", "nRows=4"), 3,
       "declares 4 rows but the file has 3"},
      {"nRows smaller than the rows present", replace(kSmall, "nRows=3", "nRows=1"), 3, "declares 1 rows"},
      {"nRows not a number", replace(kSmall, "nRows=3", "nRows=three"), 3, "whole number"},
      {"nRows negative", replace(kSmall, "nRows=3", "nRows=-3"), 3, "whole number"},
      {"inDegrees neither yes nor no", replace(kSmall, "inDegrees=yes", "inDegrees=maybe"), 5, "yes or no"},
      {"DataType not double", replace(kSmall, "version=1", "DataType=Vec3"), 2, "DataType=Vec3"},
      {"extremely long cell", replace(kSmall, "\t11\t", "\t" + long_cell + "\t"), 9, "(3000000 characters)"},
      {"extremely long header line without endheader", std::string(5'000'000, 'h'), 2, "endheader"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    CHECK_THROWS_AS(gaitchain::io::parse_table(c.text, "t.mot"), gaitchain::ParseError);
    try {
      gaitchain::io::parse_table(c.text, "t.mot");
    } catch (const gaitchain::ParseError& e) {
      const std::string message = e.what();
      CAPTURE(message.substr(0, 300));
      CHECK(message.rfind("t.mot: line " + std::to_string(c.line) + ": ", 0) == 0);
      CHECK(message.find(c.says) != std::string::npos);
      CHECK(message.size() < 400);
    }
  }
}

TEST_CASE("table: the writer rejects inconsistent tables with InvalidArgument") {
  const Table good = gaitchain::io::parse_table(kSmall, "small.mot");
  CHECK_NOTHROW(gaitchain::io::format_table(good));
  auto rejects = [](const Table& t) { CHECK_THROWS_AS(gaitchain::io::format_table(t), gaitchain::InvalidArgument); };
  Table t = good;
  t.name = "a=b";
  rejects(t);
  t = good;
  t.name = "two\nlines";
  rejects(t);
  t = good;
  t.name = "endheader";
  rejects(t);
  t = good;
  t.metadata.emplace_back("nRows", "3");
  rejects(t);
  t = good;
  t.metadata.emplace_back("", "x");
  rejects(t);
  t = good;
  t.metadata.emplace_back("DataType", "Vec3");
  rejects(t);
  t = good;
  t.column_names[0] = "a\tb";
  rejects(t);
  t = good;
  t.column_names[0] = "";
  rejects(t);
  t = good;
  t.column_names.pop_back();
  rejects(t);
  t = good;
  t.time.pop_back();
  rejects(t);
  t = good;
  t.time[1] = NaN;
  rejects(t);
  t = good;
  t.time.clear();
  t.values.resize(0, 2);
  rejects(t);
}

TEST_CASE("table: a generated table round-trips exactly") {
  std::mt19937 rng(11);
  std::normal_distribution<double> value(0.0, 50.0);
  Table t;
  t.name = "generated";
  t.in_degrees = true;
  t.metadata = {{"version", "1"}, {"OpenSimVersion", "4.5"}, {"note", "x = y"}};
  for (int c = 0; c < 40; ++c) t.column_names.push_back("/jointset/j" + std::to_string(c) + "/q/value");
  t.values.resize(3000, 40);
  for (int r = 0; r < 3000; ++r) t.time.push_back(1.25 + r / 1000.0);
  for (Eigen::Index i = 0; i < t.values.size(); ++i) t.values.data()[i] = rng() % 97 == 0 ? NaN : value(rng);
  check_same(gaitchain::io::parse_table(gaitchain::io::format_table(t), "generated.sto"), t);
}
