// TRC reader and writer (io/trc.hpp): the real files in ../shared/data, the variants labs produce, malformed
// input, round trips and crash-safe writes.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <gaitchain/core/error.hpp>
#include <gaitchain/io/trc.hpp>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "data.hpp"

using gaitchain::io::TrcFile;
using gaitchain::test::same;
using gaitchain::test::shared_data;
using gaitchain::test::TempDir;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

void check_same(const TrcFile& a, const TrcFile& b) {
  CHECK(a.marker_names == b.marker_names);
  CHECK(a.data_rate == b.data_rate);
  CHECK(a.camera_rate == b.camera_rate);
  CHECK(a.units == b.units);
  CHECK(a.first_frame == b.first_frame);
  REQUIRE(a.points.rows() == b.points.rows());
  REQUIRE(a.points.cols() == b.points.cols());
  long mismatches = 0;
  for (Eigen::Index i = 0; i < a.points.size(); ++i) mismatches += !same(a.points.data()[i], b.points.data()[i]);
  CHECK(mismatches == 0);
}

int marker(const TrcFile& trc, std::string_view name) {
  for (std::size_t i = 0; i < trc.marker_names.size(); ++i)
    if (trc.marker_names[i] == name) return static_cast<int>(i);
  FAIL("no marker " << name);
  return -1;
}

// A small well-formed TRC (2 markers, 3 rows) in OpenSim's layout, for the variant and malformed cases.
const std::string kSmall =
    "PathFileType\t4\t(X/Y/Z)\tsmall.trc\n"
    "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n"
    "100\t100\t3\t2\tmm\t100\t1\t3\n"
    "Frame#\tTime\tA\t\t\tB\t\t\n"
    "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n"
    "\n"
    "1\t0.00\t1\t2\t3\t4\t5\t6\n"
    "2\t0.01\t1.5\t2.5\t3.5\t4.5\t5.5\t6.5\n"
    "3\t0.02\t-1\t-2\t-3\t-4\t-5\t-6\n";

std::string replace(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "fixture text not found: " << from);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("trc: gait2354 subject01_walk1.trc") {
  const TrcFile trc =
      gaitchain::io::read_trc(shared_data("opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1.trc"));
  CHECK(trc.points.rows() == 151);
  CHECK(trc.marker_names.size() == 41);
  CHECK(trc.points.cols() == 123);
  CHECK(trc.data_rate == 60.0);
  CHECK(trc.camera_rate == 60.0);
  CHECK(trc.units == "mm");
  CHECK(trc.first_frame == 1);
  CHECK(trc.marker_names.front() == "R.ASIS");
  CHECK(trc.marker_names[2] == "V.Sacral");
  CHECK(trc.marker_names.back() == "Top.Head");
  // Row 1 (frame 1) R.ASIS, frame 76 R.Heel, frame 151 Top.Head, as printed in the file.
  CHECK(trc.points(0, 0) == 617.247620);
  CHECK(trc.points(0, 1) == 1055.275020);
  CHECK(trc.points(0, 2) == 170.781980);
  const int heel = marker(trc, "R.Heel");
  CHECK(heel == 15);
  CHECK(trc.points(75, 3 * heel + 0) == 125.308950);
  CHECK(trc.points(75, 3 * heel + 1) == 110.851360);
  CHECK(trc.points(75, 3 * heel + 2) == 93.729260);
  CHECK(trc.points(150, 120) == 614.139710);
  CHECK(trc.points(150, 121) == 1776.270510);
  CHECK(trc.points(150, 122) == 23.298670);
  CHECK(!trc.points.hasNaN());
}

TEST_CASE("trc: gait2354 subject01_static.trc") {
  const TrcFile trc =
      gaitchain::io::read_trc(shared_data("opensim-models/Pipelines/Gait2354_Simbody/subject01_static.trc"));
  CHECK(trc.points.rows() == 300);
  CHECK(trc.marker_names.size() == 49);
  CHECK(trc.data_rate == 60.0);
  CHECK(trc.first_frame == 1);
  CHECK(trc.marker_names[9] == "R.Knee.Lat");
  CHECK(trc.marker_names.back() == "Top.Head");
  CHECK(trc.points(0, 0) == 608.664310);
  CHECK(trc.points(0, 2) == 157.442150);
  CHECK(trc.points(299, 3 * 48 + 0) == 573.066280);
  CHECK(trc.points(299, 3 * 48 + 1) == 1818.215820);
  CHECK(trc.points(299, 3 * 48 + 2) == 38.064450);
}

TEST_CASE("trc: Rajagopal motion_capture_walk.trc (double tabs, Windows path on line 1)") {
  const TrcFile trc =
      gaitchain::io::read_trc(shared_data("opensim-models/Pipelines/Rajagopal/ExpData/motion_capture_walk.trc"));
  CHECK(trc.points.rows() == 238);
  CHECK(trc.marker_names.size() == 41);
  CHECK(trc.data_rate == 100.0);
  CHECK(trc.camera_rate == 100.0);
  CHECK(trc.units == "mm");
  CHECK(trc.first_frame == 1);
  CHECK(trc.marker_names.front() == "R.Shoulder");
  CHECK(trc.marker_names[15] == "S2");
  CHECK(trc.marker_names.back() == "L.Toe");
  CHECK(trc.points(0, 0) == -652.630);
  CHECK(trc.points(0, 1) == 1529.542);
  CHECK(trc.points(0, 2) == -94.520);
  CHECK(trc.points(237, 120) == 2461.683);
  CHECK(trc.points(237, 121) == 52.199);
  CHECK(trc.points(237, 122) == -296.859);
}

TEST_CASE("trc: Rajagopal static_walk_1.trc") {
  const TrcFile trc =
      gaitchain::io::read_trc(shared_data("opensim-models/Pipelines/Rajagopal/ExpData/static_walk_1.trc"));
  CHECK(trc.points.rows() == 287);
  CHECK(trc.marker_names.size() == 64);
  CHECK(trc.data_rate == 100.0);
  CHECK(trc.marker_names[47] == "R_HJC");
  CHECK(trc.marker_names.back() == "MidClavicle");
  CHECK(trc.points(0, 0) == 463.565);
  CHECK(trc.points(0, 2) == -254.468);
  CHECK(trc.points(286, 3 * 63 + 0) == 592.572);
  CHECK(trc.points(286, 3 * 63 + 1) == 1496.142);
  CHECK(trc.points(286, 3 * 63 + 2) == -170.538);
}

TEST_CASE("trc: Pose2Sim keypoints (metres, time starts at 1/60 s, no blank line before the data)") {
  const TrcFile trc = gaitchain::io::read_trc(
      shared_data("pose2sim/Pose2Sim/S00_Demo_Session/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/pose-3d/"
                  "S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc"));
  CHECK(trc.points.rows() == 100);
  CHECK(trc.marker_names.size() == 21);
  CHECK(trc.data_rate == 60.0);
  CHECK(trc.units == "m");
  // Frame# says 1 but the time column starts at 0.0166666666666666 s: the capture clock puts row 0 at frame 2.
  CHECK(trc.first_frame == 2);
  CHECK(trc.marker_names.front() == "RHip");
  CHECK(trc.marker_names[14] == "Nose");
  CHECK(trc.marker_names.back() == "LWrist");
  CHECK(trc.points(0, 0) == -0.06499776880731573);
  CHECK(trc.points(0, 1) == 0.901513220141693);
  CHECK(trc.points(0, 2) == -1.400573592601662);
  CHECK(trc.points(99, 60) == 0.45734376982803315);
  CHECK(trc.points(99, 61) == 1.547658785190419);
  CHECK(trc.points(99, 62) == -0.38649962199088916);
}

TEST_CASE("trc: every real file survives format then parse unchanged") {
  for (const char* file : {"opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1.trc",
                           "opensim-models/Pipelines/Gait2354_Simbody/subject01_static.trc",
                           "opensim-models/Pipelines/Rajagopal/ExpData/motion_capture_walk.trc",
                           "opensim-models/Pipelines/Rajagopal/ExpData/static_walk_1.trc",
                           "pose2sim/Pose2Sim/S00_Demo_Session/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/"
                           "pose-3d/S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc"}) {
    CAPTURE(file);
    const TrcFile original = gaitchain::io::read_trc(shared_data(file));
    check_same(gaitchain::io::parse_trc(gaitchain::io::format_trc(original), "again.trc"), original);
  }
}

TEST_CASE("trc: writer layout follows OpenSim's") {
  TrcFile trc;
  trc.marker_names = {"A", "Left Heel"};
  trc.data_rate = 100.0;
  trc.units = "m";
  trc.first_frame = 250;
  trc.points.resize(2, 6);
  trc.points << 0.1, 0.2, 0.3, NaN, NaN, NaN,  //
      1.0 / 3.0, -2e-7, 1234.5, 4, 5, 6;
  const std::string text = gaitchain::io::format_trc(trc);
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  REQUIRE(lines.size() == 8);
  CHECK(lines[0] == "PathFileType\t4\t(X/Y/Z)");
  CHECK(lines[1] ==
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames");
  CHECK(lines[2] == "100\t100\t2\t2\tm\t100\t250\t2");  // camera_rate 0 means "same as data_rate"
  CHECK(lines[3] == "Frame#\tTime\tA\t\t\tLeft Heel\t\t");
  CHECK(lines[4] == "\t\tX1\tY1\tZ1\tX2\tY2\tZ2");
  CHECK(lines[5].empty());
  CHECK(lines[6] == "250\t2.49\t0.1\t0.2\t0.3\t\t\t");  // time (250 - 1) / 100; missing marker as blank cells
  CHECK(lines[7] == "251\t2.5\t0.3333333333333333\t-2e-07\t1234.5\t4\t5\t6");

  const TrcFile back = gaitchain::io::parse_trc(text, "layout.trc");
  CHECK(back.camera_rate == 100.0);
  trc.camera_rate = 100.0;
  check_same(back, trc);
}

TEST_CASE("trc: write_trc writes through a temporary file and names the file on line 1") {
  const TempDir dir;
  TrcFile trc =
      gaitchain::io::read_trc(shared_data("opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1.trc"));
  trc.points(3, 4) = NaN;  // a gap: the whole marker reads back as missing
  const std::filesystem::path path = dir.path / "walk.trc";
  gaitchain::io::write_trc(path, trc);
  const TrcFile back = gaitchain::io::read_trc(path);
  CHECK(std::isnan(back.points(3, 3)));
  CHECK(std::isnan(back.points(3, 5)));
  trc.points(3, 3) = trc.points(3, 5) = NaN;
  check_same(back, trc);
  std::ifstream in(path, std::ios::binary);
  std::string first_line;
  std::getline(in, first_line);
  CHECK(first_line == "PathFileType\t4\t(X/Y/Z)\twalk.trc");
  // Only the file itself is left in the folder: the temporary was renamed over it.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator()) == 1);

  // Overwriting replaces the file whole.
  trc.points.conservativeResize(10, Eigen::NoChange);
  gaitchain::io::write_trc(path, trc);
  CHECK(gaitchain::io::read_trc(path).points.rows() == 10);
}

TEST_CASE("trc: a failed write throws IoError and leaves nothing behind") {
  const TempDir dir;
  TrcFile trc = gaitchain::io::parse_trc(kSmall, "small.trc");
  SUBCASE("missing folder") {
    const std::filesystem::path path = dir.path / "missing" / "out.trc";
    CHECK_THROWS_AS(gaitchain::io::write_trc(path, trc), gaitchain::IoError);
    CHECK(!std::filesystem::exists(dir.path / "missing"));
  }
  SUBCASE("destination is a non-empty folder: the rename fails and the temporary file is removed") {
    std::filesystem::create_directories(dir.path / "taken" / "inside");
    CHECK_THROWS_AS(gaitchain::io::write_trc(dir.path / "taken", trc), gaitchain::IoError);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator()) == 1);
  }
  CHECK_THROWS_AS(gaitchain::io::read_trc(dir.path / "absent.trc"), gaitchain::IoError);
}

TEST_CASE("trc: variants seen in real files") {
  SUBCASE("reference: the small fixture") {
    const TrcFile trc = gaitchain::io::parse_trc(kSmall, "small.trc");
    CHECK(trc.points.rows() == 3);
    CHECK(trc.marker_names == std::vector<std::string>{"A", "B"});
    CHECK(trc.points(1, 5) == 6.5);
    CHECK(trc.first_frame == 1);
  }
  SUBCASE("CRLF line ends, and lone CR line ends, read the same") {
    std::string crlf, cr;
    for (char c : kSmall) {
      crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
      cr += c == '\n' ? '\r' : c;
    }
    check_same(gaitchain::io::parse_trc(crlf, "crlf.trc"), gaitchain::io::parse_trc(kSmall, "small.trc"));
    check_same(gaitchain::io::parse_trc(cr, "cr.trc"), gaitchain::io::parse_trc(kSmall, "small.trc"));
  }
  SUBCASE("blank cells, NaN spellings and old Windows NaNs are missing markers; one NaN coordinate blanks all") {
    std::string text = replace(kSmall, "1\t2\t3\t4\t5\t6", "\t\t\tNaN\tnan\t-nan");
    text = replace(text, "1.5\t2.5\t3.5", "1.5\tNaN\t3.5");
    text = replace(text, "-1\t-2\t-3", "-1.#IND\t1.#QNAN\t-3");
    const TrcFile trc = gaitchain::io::parse_trc(text, "gaps.trc");
    for (int c = 0; c < 6; ++c) CHECK(std::isnan(trc.points(0, c)));
    for (int c = 0; c < 3; ++c) CHECK(std::isnan(trc.points(1, c)));
    for (int c = 0; c < 3; ++c) CHECK(std::isnan(trc.points(2, c)));
    CHECK(trc.points(1, 3) == 4.5);
    CHECK(trc.points(2, 5) == -6.0);
  }
  SUBCASE("a UTF-8 byte order mark before PathFileType") {
    check_same(gaitchain::io::parse_trc("\xEF\xBB\xBF" + kSmall, "bom.trc"),
               gaitchain::io::parse_trc(kSmall, "small.trc"));
  }
  SUBCASE("NumFrames is not trusted: the rows present are the data") {
    CHECK(gaitchain::io::parse_trc(replace(kSmall, "100\t100\t3", "100\t100\t10"), "more.trc").points.rows() == 3);
    CHECK(gaitchain::io::parse_trc(replace(kSmall, "100\t100\t3", "100\t100\t1"), "fewer.trc").points.rows() == 3);
  }
  SUBCASE("header without Orig* fields and without CameraRate") {
    std::string text = replace(kSmall, "\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame",
                               "\tNumFrames\tNumMarkers\tUnits");
    text = replace(text, "Units\tOrigNumFrames", "Units");
    text = replace(text, "100\t100\t3\t2\tmm\t100\t1\t3", "120\t3\t2\tmm");
    const TrcFile trc = gaitchain::io::parse_trc(text, "short_header.trc");
    CHECK(trc.data_rate == 120.0);
    CHECK(trc.camera_rate == 120.0);
  }
  SUBCASE("a header value left blank between single tabs") {
    const TrcFile trc = gaitchain::io::parse_trc(
        replace(kSmall, "100\t100\t3\t2\tmm\t100\t1\t3", "100\t\t3\t2\tmm\t100\t1\t3"), "blank_value.trc");
    CHECK(trc.camera_rate == 100.0);
  }
  SUBCASE("units are case-insensitive and stored in lower case") {
    CHECK(gaitchain::io::parse_trc(replace(kSmall, "\tmm\t", "\tMM\t"), "u.trc").units == "mm");
    CHECK(gaitchain::io::parse_trc(replace(kSmall, "\tmm\t", "\tCm\t"), "u.trc").units == "cm");
    CHECK(gaitchain::io::parse_trc(replace(kSmall, "\tmm\t", "\tM\t"), "u.trc").units == "m");
  }
  SUBCASE("space padding, double tabs, path with spaces on line 1, trailing tabs, blank lines at the end") {
    std::string text =
        replace(kSmall, "PathFileType\t4\t(X/Y/Z)\tsmall.trc", "PathFileType  4\t(X/Y/Z) C:\\My Data\\small.trc");
    text = replace(text, "100\t100\t3\t2\tmm\t100\t1\t3",
                   "  100.0\t\t  100.0\t\t      3\t\t  2\t\t mm\t 100.0\t   1\t  3");
    text = replace(text, "-4\t-5\t-6\n", "-4\t-5\t-6\t\n\n\n");
    text = replace(text, "1\t0.00\t1\t2", " 1\t 0.00\t +1\t 2 ");
    const TrcFile trc = gaitchain::io::parse_trc(text, "padded.trc");
    check_same(trc, gaitchain::io::parse_trc(kSmall, "small.trc"));
  }
  SUBCASE("marker names with spaces") {
    const TrcFile trc = gaitchain::io::parse_trc(replace(kSmall, "\tA\t\t\tB", "\tLeft Heel\t\t\tRight Heel"), "n.trc");
    CHECK(trc.marker_names == std::vector<std::string>{"Left Heel", "Right Heel"});
  }
  SUBCASE("a later start on the capture clock and a 3-decimal rounded time column") {
    std::string text = replace(kSmall, "1\t0.00\t", "250\t2.490\t");
    text = replace(text, "100\t100\t3", "60\t60\t3");
    text = replace(text, "2\t0.01\t", "251\t2.507\t");  // 2.50666... rounded: not used
    const TrcFile trc = gaitchain::io::parse_trc(text, "later.trc");
    CHECK(trc.first_frame == 150);  // 2.49 s * 60 Hz = frame 149.4 -> 149 -> first_frame 150
  }
}

TEST_CASE("trc: malformed input throws ParseError naming the line") {
  struct Case {
    const char* what;
    std::string text;
    int line;
    const char* says;  // part of the message
  };
  const std::string long_cell(3'000'000, 'x');
  std::string huge_names = "PathFileType\t4\n" "DataRate\tNumMarkers\tUnits\n" "60\t2\tmm\nFrame#\tTime";
  for (int i = 0; i < 200'000; ++i) huge_names += "\tM" + std::to_string(i) + "\t\t";
  const std::vector<Case> cases = {
      {"empty file", "", 1, "empty"},
      {"a lone CR", "\r", 1, "PathFileType"},
      {"binary garbage", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xfe", 18), 1, "PathFileType"},
      {"not a TRC", "time\tx\n0\t1\n", 1, "PathFileType"},
      {"truncated header (2 lines)", kSmall.substr(0, kSmall.find("100\t100")), 3, "ends before the header values"},
      {"header without the X1 Y1 Z1 line", kSmall.substr(0, kSmall.find("\t\tX1")), 5, "ends before"},
      {"no data rows", kSmall.substr(0, kSmall.find("1\t0.00")), 7, "no data rows"},
      {"header values do not match the keys", replace(kSmall, "100\t100\t3\t2\tmm\t100\t1\t3", "100\t3\t2\tmm"), 3,
       "expected 8 header values"},
      {"no DataRate field", replace(kSmall, "DataRate\tCameraRate", "Rate\tCameraRate"), 2, "no DataRate"},
      {"NumMarkers says 3, names say 2", replace(kSmall, "\t3\t2\tmm", "\t3\t3\tmm"), 4,
       "names 2 markers but the header declares NumMarkers 3"},
      {"NumMarkers huge", replace(kSmall, "\t3\t2\tmm", "\t3\t4000000000000\tmm"), 4, "NumMarkers 4000000000000"},
      {"NumMarkers not a number", replace(kSmall, "\t3\t2\tmm", "\t3\ttwo\tmm"), 3, "NumMarkers must be a number"},
      {"DataRate 0", replace(kSmall, "100\t100\t3", "0\t100\t3"), 3, "DataRate must be a sample rate"},
      {"DataRate negative", replace(kSmall, "100\t100\t3", "-100\t100\t3"), 3, "DataRate"},
      {"DataRate NaN", replace(kSmall, "100\t100\t3", "NaN\t100\t3"), 3, "DataRate"},
      {"DataRate huge", replace(kSmall, "100\t100\t3", "1e300\t100\t3"), 3, "DataRate"},
      {"CameraRate junk", replace(kSmall, "100\t100\t3", "100\tfast\t3"), 3, "CameraRate"},
      {"unknown units", replace(kSmall, "\tmm\t", "\tinch\t"), 3, "Units must be mm, cm or m, found 'inch'"},
      {"names line missing Frame#/Time", replace(kSmall, "Frame#\tTime\t", ""), 4, "Frame#"},
      {"duplicated marker names", replace(kSmall, "\tA\t\t\tB", "\tA\t\t\tA"), 4, "'A' is used twice"},
      {"coordinate labels miscounted", replace(kSmall, "\tX2\tY2\tZ2", "\tX2\tY2"), 5, "expected 6 coordinate labels"},
      {"non-numeric cell", replace(kSmall, "1.5\t2.5", "1.5\tabc"), 8,
       "column 4 (Y of marker 'A'): expected a number, found 'abc'"},
      {"a marker with one blank cell", replace(kSmall, "1.5\t2.5", "1.5\t"), 8,
       "marker 'A' (columns 3-5) has 1 blank cell of 3"},
      {"a cell lost from a row that ends with a tab", replace(kSmall, "5.5\t6.5", "5.5\t"), 8,
       "marker 'B' (columns 6-8) has 1 blank cell of 3"},
      {"row too short", replace(kSmall, "-4\t-5\t-6", "-4\t-5"), 9,
       "row has 7 cells but the header declares 2 markers (8 cells"},
      {"row too long", replace(kSmall, "\t5.5\t6.5", "\t5.5\t6.5\t7.5"), 8, "row has 9 cells"},
      {"row with only Frame#", replace(kSmall, "2\t0.01\t1.5\t2.5\t3.5\t4.5\t5.5\t6.5", "2"), 8, "row has 1 cells"},
      {"blank time", replace(kSmall, "1\t0.00\t", "1\t\t"), 7, "column 2 (Time)"},
      {"infinite coordinate", replace(kSmall, "1.5\t2.5", "1.5\tinf"), 8, "finite"},
      {"number out of range", replace(kSmall, "1.5\t2.5", "1.5\t1e999"), 8, "out of the range"},
      {"first time out of range", replace(kSmall, "1\t0.00\t", "1\t1e300\t"), 7, "out of range"},
      {"extremely long cell", replace(kSmall, "1.5\t2.5", "1.5\t" + long_cell), 8, "(3000000 characters)"},
      {"extremely long names line with a small NumMarkers", huge_names + "\n", 4, "names 200000 markers"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    CHECK_THROWS_AS(gaitchain::io::parse_trc(c.text, "t.trc"), gaitchain::ParseError);
    try {
      gaitchain::io::parse_trc(c.text, "t.trc");
    } catch (const gaitchain::ParseError& e) {
      const std::string message = e.what();
      CAPTURE(message.substr(0, 300));
      CHECK(message.rfind("t.trc: line " + std::to_string(c.line) + ": ", 0) == 0);
      CHECK(message.find(c.says) != std::string::npos);
      CHECK(message.size() < 400);  // clipped, even for huge cells
    }
  }
}

TEST_CASE("trc: the writer rejects inconsistent structs with InvalidArgument") {
  const TrcFile good = gaitchain::io::parse_trc(kSmall, "small.trc");
  CHECK_NOTHROW(gaitchain::io::format_trc(good));
  auto rejects = [](TrcFile trc) { CHECK_THROWS_AS(gaitchain::io::format_trc(trc), gaitchain::InvalidArgument); };
  TrcFile t = good;
  t.marker_names.push_back("C");  // 3 names, 6 columns
  rejects(t);
  t = good;
  t.marker_names[1] = "A";
  rejects(t);
  t = good;
  t.marker_names[1] = "";
  rejects(t);
  t = good;
  t.marker_names[1] = "B\tC";
  rejects(t);
  t = good;
  t.data_rate = 0.0;
  rejects(t);
  t = good;
  t.data_rate = NaN;
  rejects(t);
  t = good;
  t.camera_rate = -1.0;
  rejects(t);
  t = good;
  t.units = "inch";
  rejects(t);
  t = good;
  t.points.resize(0, 6);
  rejects(t);
  t = good;
  t.points(1, 1) = std::numeric_limits<double>::infinity();
  rejects(t);
  t = good;
  t.marker_names.clear();
  t.points.resize(3, 0);
  rejects(t);
}

TEST_CASE("trc: a generated trial with gaps round-trips exactly") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> coordinate(-2000.0, 2000.0);
  TrcFile trc;
  for (int m = 0; m < 60; ++m) trc.marker_names.push_back("M" + std::to_string(m));
  trc.data_rate = 150.0;
  trc.camera_rate = 150.0;
  trc.units = "mm";
  trc.first_frame = 37;
  trc.points.resize(2000, 180);
  for (Eigen::Index i = 0; i < trc.points.size(); ++i) trc.points.data()[i] = coordinate(rng);
  for (int k = 0; k < 500; ++k) {  // whole-marker gaps
    const auto r = static_cast<Eigen::Index>(rng() % 2000), m = static_cast<Eigen::Index>(rng() % 60);
    trc.points.block(r, 3 * m, 1, 3).setConstant(NaN);
  }
  check_same(gaitchain::io::parse_trc(gaitchain::io::format_trc(trc), "generated.trc"), trc);
}
