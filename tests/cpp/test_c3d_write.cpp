// C3D writer (io/c3d.hpp: format_c3d, write_c3d): round trips through the reader of a synthetic trial
// (gaps, label continuation, analogs, events, custom groups), of real files (Intel float, DEC integer),
// of a trial over 65535 frames; crash-safe writes and rejected input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gaitchain/core/error.hpp>
#include <gaitchain/io/c3d.hpp>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "data.hpp"

using gaitchain::io::C3d;
using gaitchain::io::C3dEvent;
using gaitchain::io::C3dGroup;
using gaitchain::io::C3dParameter;
using gaitchain::test::file_bytes;
using gaitchain::test::shared_data;
using gaitchain::test::TempDir;
using Type = C3dParameter::Type;

namespace {

const double NaN = std::numeric_limits<double>::quiet_NaN();

C3d round_trip(const C3d& c3d) {
  const std::vector<std::uint8_t> bytes = gaitchain::io::format_c3d(c3d);
  return gaitchain::io::parse_c3d(bytes, "round trip");
}

C3dParameter number_parameter(std::string name, Type type, std::vector<int> dimensions, std::vector<double> numbers,
                              std::string description = "") {
  C3dParameter p;
  p.name = std::move(name);
  p.description = std::move(description);
  p.type = type;
  p.dimensions = std::move(dimensions);
  p.numbers = std::move(numbers);
  return p;
}

C3dParameter string_parameter(std::string name, std::vector<int> dimensions, std::vector<std::string> strings) {
  C3dParameter p;
  p.name = std::move(name);
  p.type = Type::character;
  p.dimensions = std::move(dimensions);
  p.strings = std::move(strings);
  return p;
}

// 40 frames at 120 Hz from frame 17, 300 points with gaps, 3 analog channels at 240 Hz, 5 events and
// SUBJECTS, FORCE_PLATFORM and custom groups; POINT carries stale LABELS the writer must replace.
C3d synthetic() {
  C3d c;
  const int frames = 40, points = 300;
  c.point_rate = 120.0;
  c.first_frame = 17;
  c.point_units = "mm";
  for (int i = 0; i < points; ++i) {
    c.point_labels.push_back("M" + std::to_string(i) + (i % 7 == 0 ? "_with_a_longer_label" : ""));
    c.point_descriptions.push_back(i % 5 == 0 ? "marker " + std::to_string(i) : "");
  }
  c.points.resize(frames, 3 * points);
  c.residuals.resize(frames, points);
  for (int f = 0; f < frames; ++f)
    for (int i = 0; i < points; ++i) {
      const double t = f / 120.0;
      c.points(f, 3 * i) = 1500.0 * std::sin(0.3 * i + 2.0 * t) + 0.123456 * i;
      c.points(f, 3 * i + 1) = -800.0 + 3.21 * i + 40.0 * std::cos(5.0 * t);
      c.points(f, 3 * i + 2) = 100.0 + 2.5 * i + 0.001 * f;
      c.residuals(f, i) = static_cast<float>(0.05 * (i % 20) + 0.01 * f);
      if ((f + i) % 13 == 0) {  // a gap: NaN coordinates, residual -1
        c.points.block(f, 3 * i, 1, 3).setConstant(NaN);
        c.residuals(f, i) = -1.0f;
      }
    }
  c.residuals(5, 1) = -1.0f;  // finite coordinates flagged invalid: read back as a gap
  c.residuals(6, 2) = 1000.0f;  // above 255 quanta: clamped
  c.analog_rate = 240.0;
  c.analog_labels = {"Fx1", "Fy1", "EMG_long_channel_name"};
  c.analog_units = {"N", "N", "V"};
  c.analogs.resize(2 * frames, 3);
  for (int r = 0; r < 2 * frames; ++r) {
    c.analogs(r, 0) = 12.5 * r - 300.0;
    c.analogs(r, 1) = std::sin(0.1 * r) * 1e-3;
    c.analogs(r, 2) = r % 3 == 0 ? 0.0 : 1e-6 * r;
  }
  const auto event = [](std::string label, std::string context, double time) {
    C3dEvent e;
    e.label = std::move(label), e.context = std::move(context), e.time = time;
    e.description = context == "Left" ? "left heel" : "";
    e.subject = "Alice";
    return e;
  };
  c.events = {event("Foot Strike", "Left", 0.1234567), event("Foot Off", "Right", 0.2875),
              event("Foot Strike", "Right", 0.70833),
              event("Foot Off", "Left", 61.2345678), event("Foot Strike", "Left", 125.0625)};

  C3dGroup point{"POINT", "stale description", {}, false};
  point.parameters.push_back(string_parameter("LABELS", {3, 2}, {"old", "xyz"}));
  point.parameters.push_back(string_parameter("LABELS3", {3, 1}, {"old"}));
  point.parameters.push_back(string_parameter("X_SCREEN", {2}, {"+X"}));
  point.parameters.push_back(number_parameter("USED", Type::integer, {}, {2}, "Number of points"));
  C3dGroup subjects{"SUBJECTS", "Subject information", {}, false};
  subjects.parameters.push_back(string_parameter("NAMES", {5, 1}, {"Alice"}));
  subjects.parameters.push_back(number_parameter("USES_PREFIXES", Type::integer, {}, {0}));
  subjects.parameters.push_back(string_parameter("MARKER_SETS", {12, 1}, {"PlugInGait"}));
  C3dGroup plates{"FORCE_PLATFORM", "Force plates", {}, false};
  plates.parameters.push_back(number_parameter("USED", Type::integer, {}, {2}));
  plates.parameters.push_back(number_parameter("TYPE", Type::integer, {2}, {2, 2}));
  plates.parameters.push_back(number_parameter("ZERO", Type::integer, {2}, {1, 0}));
  std::vector<double> corners(24), origin(6), channel(12);
  for (int i = 0; i < 24; ++i) corners[i] = 0.5 * i - 3.25;
  for (int i = 0; i < 6; ++i) origin[i] = i == 5 ? -41.75 : 0.125 * i;
  for (int i = 0; i < 12; ++i) channel[i] = i + 1;
  plates.parameters.push_back(number_parameter("CORNERS", Type::real, {3, 4, 2}, corners, "plate corners"));
  plates.parameters.push_back(number_parameter("ORIGIN", Type::real, {3, 2}, origin));
  plates.parameters.push_back(number_parameter("CHANNEL", Type::integer, {6, 2}, channel));
  C3dGroup custom{"CUSTOM", "", {}, true};
  custom.parameters.push_back(number_parameter("FLAGS", Type::byte, {3}, {-5, 0, 100}));
  C3dParameter locked = number_parameter("GAIN", Type::real, {}, {2.5});
  locked.locked = true;
  custom.parameters.push_back(locked);
  custom.parameters.push_back(number_parameter("EMPTY", Type::integer, {0}, {}));
  c.groups = {point, subjects, plates, custom};
  return c;
}

bool close(double a, double b, double relative) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::abs(a - b) <= relative * std::abs(a) + 1e-30;
}

double scale_of(const C3d& c) {
  const C3dParameter* p = c.parameter("POINT", "SCALE");
  REQUIRE(p);
  REQUIRE(p->numbers.size() == 1);
  return p->numbers[0];
}

// Points to float precision with the same gaps; residuals to half a quantum (clamped at 255 quanta).
void check_points(const C3d& a, const C3d& b) {
  REQUIRE(b.points.rows() == a.points.rows());
  REQUIRE(b.points.cols() == a.points.cols());
  REQUIRE(b.residuals.rows() == a.residuals.rows());
  REQUIRE(b.residuals.cols() == a.residuals.cols());
  const double quantum = std::abs(scale_of(b));
  long mismatches = 0, residual_mismatches = 0;
  for (Eigen::Index f = 0; f < a.points.rows(); ++f)
    for (Eigen::Index m = 0; m < a.residuals.cols(); ++m) {
      const bool valid = a.residuals(f, m) >= 0 && std::isfinite(a.points(f, 3 * m)) &&
                         std::isfinite(a.points(f, 3 * m + 1)) && std::isfinite(a.points(f, 3 * m + 2));
      for (int k = 0; k < 3; ++k)
        if (!close(valid ? a.points(f, 3 * m + k) : NaN, b.points(f, 3 * m + k), 1e-6)) ++mismatches;
      const double expected = valid ? std::min<double>(a.residuals(f, m), 255 * quantum) : -1.0;
      if (!(std::abs(b.residuals(f, m) - expected) <= 0.5 * quantum + 1e-6)) ++residual_mismatches;
    }
  CHECK(mismatches == 0);
  CHECK(residual_mismatches == 0);
}

void check_analogs(const C3d& a, const C3d& b) {
  CHECK(b.analog_labels == a.analog_labels);
  REQUIRE(b.analogs.rows() == a.analogs.rows());
  REQUIRE(b.analogs.cols() == a.analogs.cols());
  long mismatches = 0;
  for (Eigen::Index r = 0; r < a.analogs.rows(); ++r)
    for (Eigen::Index ch = 0; ch < a.analogs.cols(); ++ch)
      if (!close(a.analogs(r, ch), b.analogs(r, ch), 1e-6)) ++mismatches;
  CHECK(mismatches == 0);
  if (a.analogs.cols() > 0) CHECK(b.analog_rate == doctest::Approx(a.analog_rate).epsilon(1e-6));
}

void check_events(const std::vector<C3dEvent>& a, const std::vector<C3dEvent>& b) {
  REQUIRE(b.size() == a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(b[i].label == a[i].label);
    CHECK(b[i].context == a[i].context);
    CHECK(b[i].description == a[i].description);
    CHECK(b[i].subject == a[i].subject);
    CHECK(std::abs(b[i].time - a[i].time) < 1e-5);
  }
}

void check_parameter(const C3dParameter& a, const C3dParameter& b, std::string_view group) {
  CAPTURE(group);
  CAPTURE(a.name);
  CHECK(b.name == a.name);
  CHECK(b.description == a.description);
  CHECK(b.type == a.type);
  CHECK(b.dimensions == a.dimensions);
  CHECK(b.locked == a.locked);
  CHECK(b.strings == a.strings);
  REQUIRE(b.numbers.size() == a.numbers.size());
  for (std::size_t i = 0; i < a.numbers.size(); ++i) CHECK(close(a.numbers[i], b.numbers[i], 1e-6));
}

// The parameters the writer derives from the data fields (replaced, not copied).
bool derived(std::string_view group, std::string_view name) {
  const auto continued = [&](std::string_view base) {
    return name.substr(0, base.size()) == base &&
           std::all_of(name.begin() + static_cast<std::ptrdiff_t>(std::min(base.size(), name.size())), name.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (group == "POINT")
    return name == "USED" || name == "FRAMES" || name == "LONG_FRAMES" || name == "DATA_START" || name == "SCALE" ||
           name == "RATE" || name == "UNITS" || continued("LABELS") || continued("DESCRIPTIONS");
  if (group == "ANALOG")
    return name == "USED" || name == "RATE" || name == "GEN_SCALE" || name == "FORMAT" || continued("LABELS") ||
           continued("UNITS") || continued("SCALE") || continued("OFFSET");
  if (group == "EVENT")
    return name == "USED" || continued("CONTEXTS") || continued("LABELS") || continued("DESCRIPTIONS") ||
           continued("SUBJECTS") || continued("TIMES") || continued("ICON_IDS") || continued("GENERIC_FLAGS");
  if (group == "TRIAL") return name == "ACTUAL_START_FIELD" || name == "ACTUAL_END_FIELD";
  return false;
}

// Every group of `a` and every parameter not derived from the data is in `b`, unchanged.
void check_groups_copied(const C3d& a, const C3d& b) {
  for (const C3dGroup& ga : a.groups) {
    CAPTURE(ga.name);
    const C3dGroup* gb = b.group(ga.name);
    REQUIRE(gb);
    CHECK(gb->name == ga.name);
    CHECK(gb->locked == ga.locked);
    CHECK(gb->description == ga.description);
    for (const C3dParameter& pa : ga.parameters) {
      if (derived(ga.name, pa.name)) continue;
      const C3dParameter* pb = gb->find(pa.name);
      CAPTURE(pa.name);
      REQUIRE(pb);
      check_parameter(pa, *pb, ga.name);
    }
  }
}

std::uint16_t word_at(const std::vector<std::uint8_t>& bytes, std::size_t at) {
  return static_cast<std::uint16_t>(bytes[at] | bytes[at + 1] << 8);
}

}  // namespace

TEST_CASE("c3d write: synthetic trial round trips (gaps, 300 labels, analogs, events, custom groups)") {
  const C3d c = synthetic();
  const std::vector<std::uint8_t> bytes = gaitchain::io::format_c3d(c);
  const C3d r = gaitchain::io::parse_c3d(bytes, "synthetic");

  SUBCASE("layout: header, parameter section, data start") {
    CHECK(bytes.size() % 512 == 0);
    CHECK(bytes[0] == 2);
    CHECK(bytes[1] == 0x50);
    CHECK(word_at(bytes, 2) == 300);
    CHECK(word_at(bytes, 4) == 3 * 2);
    CHECK(word_at(bytes, 6) == 17);
    CHECK(word_at(bytes, 8) == 17 + 40 - 1);
    CHECK(word_at(bytes, 18) == 2);
    CHECK(word_at(bytes, 298) == 12345);
    CHECK(word_at(bytes, 300) == 0);
    CHECK(bytes[512 + 3] == 84);
    const std::size_t blocks = bytes[512 + 2];
    CHECK(word_at(bytes, 16) == 2 + blocks);
    REQUIRE(r.parameter("POINT", "DATA_START"));
    CHECK(r.parameter("POINT", "DATA_START")->numbers[0] == 2 + blocks);
    // Frames of (300 points x 4 + 3 channels x 2 samples) floats fill the data section.
    CHECK(bytes.size() - (1 + blocks) * 512 >= 40u * (300 * 16 + 6 * 4));
    CHECK(bytes.size() - (1 + blocks) * 512 < 40u * (300 * 16 + 6 * 4) + 512);
    CHECK(r.processor == gaitchain::io::C3dProcessor::intel);
  }

  SUBCASE("data") {
    CHECK(r.point_labels == c.point_labels);
    CHECK(r.point_descriptions == c.point_descriptions);
    CHECK(r.point_units == "mm");
    CHECK(r.first_frame == 17);
    CHECK(r.point_rate == 120.0);
    CHECK(r.analog_rate == 240.0);
    CHECK(r.analog_units == c.analog_units);
    check_points(c, r);
    CHECK(std::isnan(r.points(5, 3)));
    CHECK(r.residuals(6, 2) == doctest::Approx(255 * std::abs(scale_of(r))));
    check_analogs(c, r);
    check_events(c.events, r.events);
  }

  SUBCASE("parameters describing the data") {
    CHECK(scale_of(r) < 0);
    const C3dParameter* labels = r.parameter("POINT", "LABELS");
    const C3dParameter* labels2 = r.parameter("POINT", "LABELS2");
    REQUIRE(labels);
    REQUIRE(labels2);
    CHECK(labels->dimensions == std::vector<int>{labels->dimensions[0], 255});
    CHECK(labels2->dimensions == std::vector<int>{labels->dimensions[0], 45});  // one common width
    CHECK(r.parameter("POINT", "LABELS3") == nullptr);                           // the stale one is gone
    CHECK(r.parameter("POINT", "DESCRIPTIONS2"));
    CHECK(r.parameter("POINT", "USED")->numbers == std::vector<double>{300});
    CHECK(r.parameter("POINT", "USED")->description == "Number of points");
    CHECK(r.parameter("POINT", "FRAMES")->type == Type::integer);
    CHECK(r.parameter("POINT", "FRAMES")->numbers == std::vector<double>{40});
    CHECK(r.parameter("ANALOG", "FORMAT")->strings == std::vector<std::string>{"SIGNED"});
    CHECK(r.parameter("ANALOG", "GEN_SCALE")->numbers == std::vector<double>{1});
    CHECK(r.parameter("ANALOG", "SCALE")->numbers == std::vector<double>(3, 1.0));
    CHECK(r.parameter("ANALOG", "OFFSET")->numbers == std::vector<double>(3, 0.0));
    CHECK(r.parameter("ANALOG", "USED")->numbers == std::vector<double>{3});
    CHECK(r.parameter("TRIAL", "ACTUAL_START_FIELD")->numbers == std::vector<double>{17, 0});
    CHECK(r.parameter("TRIAL", "ACTUAL_END_FIELD")->numbers == std::vector<double>{56, 0});
    const C3dParameter* times = r.parameter("EVENT", "TIMES");
    REQUIRE(times);
    CHECK(times->dimensions == std::vector<int>{2, 5});
    CHECK(times->numbers[6] == 1.0);  // 61.23 s: 1 minute ...
    CHECK(times->numbers[7] == doctest::Approx(1.2345678).epsilon(1e-6));  // ... and 1.23 s
    CHECK(r.parameter("EVENT", "ICON_IDS")->numbers == std::vector<double>{1, 2, 1, 2, 1});
    CHECK(r.parameter("EVENT", "USED")->numbers == std::vector<double>{5});
  }

  SUBCASE("custom groups and parameters are copied") {
    check_groups_copied(c, r);
    REQUIRE(r.parameter("SUBJECTS", "NAMES"));
    CHECK(r.parameter("SUBJECTS", "NAMES")->strings == std::vector<std::string>{"Alice"});
    CHECK(r.parameter("FORCE_PLATFORM", "CORNERS")->dimensions == std::vector<int>{3, 4, 2});
    CHECK(r.parameter("CUSTOM", "FLAGS")->numbers == std::vector<double>{-5, 0, 100});
    CHECK(r.group("CUSTOM")->locked);
    CHECK(r.parameter("POINT", "X_SCREEN")->strings == std::vector<std::string>{"+X"});
    // Groups keep the input order; the missing ANALOG goes first, the missing TRIAL and EVENT last.
    std::vector<std::string> names;
    for (const C3dGroup& g : r.groups) names.push_back(g.name);
    const std::vector<std::string> expected{"ANALOG", "POINT", "SUBJECTS", "FORCE_PLATFORM",
                                            "CUSTOM", "TRIAL", "EVENT"};
    CHECK(names == expected);
  }

  SUBCASE("a second round trip gives the same bytes") {
    CHECK(gaitchain::io::format_c3d(r) == bytes);
  }
}

TEST_CASE("c3d write: strings that no longer fit their stored dimensions are re-dimensioned") {
  C3d c;
  c.point_rate = 50;
  C3dGroup g{"INFO", "", {}, false};
  g.parameters.push_back(string_parameter("TITLE", {4}, {"a longer title"}));     // 1-D: grows to 14
  g.parameters.push_back(string_parameter("SHORT", {10}, {"abc"}));               // keeps 10
  g.parameters.push_back(string_parameter("LIST", {3, 2}, {"abc", "defgh", "i"}));  // 3 entries of up to 5
  g.parameters.push_back(string_parameter("BLANK", {0}, {""}));
  g.parameters.push_back(number_parameter("VALUES", Type::real, {2}, {1, 2, 3}));  // 1-D: takes the count
  g.parameters.push_back(number_parameter("BYTES", Type::byte, {2}, {200, -128}));  // unsigned bytes read back signed
  c.groups = {g};
  const C3d r = round_trip(c);
  CHECK(r.parameter("INFO", "TITLE")->dimensions == std::vector<int>{14});
  CHECK(r.parameter("INFO", "TITLE")->strings == std::vector<std::string>{"a longer title"});
  CHECK(r.parameter("INFO", "SHORT")->dimensions == std::vector<int>{10});
  CHECK(r.parameter("INFO", "LIST")->dimensions == std::vector<int>{5, 3});
  CHECK(r.parameter("INFO", "LIST")->strings == std::vector<std::string>{"abc", "defgh", "i"});
  CHECK(r.parameter("INFO", "BLANK")->dimensions == std::vector<int>{0});
  CHECK(r.parameter("INFO", "VALUES")->numbers == std::vector<double>{1, 2, 3});
  CHECK(r.parameter("INFO", "BYTES")->numbers == std::vector<double>{-56, -128});
  CHECK(r.frame_count() == 0);
  CHECK(r.point_rate == 50);
}

TEST_CASE("c3d write: analog channels and events over 255 use continuation parameters") {
  C3d c;
  c.point_rate = 50;
  c.analog_rate = 150;
  c.analogs.resize(3 * 4, 300);
  for (Eigen::Index r = 0; r < c.analogs.rows(); ++r)
    for (Eigen::Index ch = 0; ch < 300; ++ch)
      c.analogs(r, ch) = 0.25 * static_cast<double>(r) - 0.001 * static_cast<double>(ch);
  for (int ch = 0; ch < 300; ++ch) {
    c.analog_labels.push_back("CH" + std::to_string(ch));
    c.analog_units.push_back(ch % 2 ? "V" : "mV");
  }
  c.points.resize(4, 0);
  for (int i = 0; i < 300; ++i) {
    C3dEvent e;
    e.label = i % 2 ? "Foot Off" : "Foot Strike";
    e.context = i % 4 < 2 ? "Left" : "Right";
    e.time = 0.5 + 0.37 * i;  // up to ~111 s: minutes in TIMES(1, i)
    c.events.push_back(e);
  }
  const C3d r = round_trip(c);
  check_analogs(c, r);
  CHECK(r.analog_units == c.analog_units);
  check_events(c.events, r.events);
  for (const char* name : {"LABELS2", "UNITS2", "SCALE2", "OFFSET2"}) {
    CAPTURE(name);
    REQUIRE(r.parameter("ANALOG", name));
    CHECK(r.parameter("ANALOG", name)->dimensions.back() == 45);
  }
  CHECK(r.parameter("ANALOG", "SCALE")->dimensions == std::vector<int>{255});
  CHECK(r.parameter("EVENT", "TIMES2")->dimensions == std::vector<int>{2, 45});
  CHECK(r.parameter("EVENT", "LABELS2"));
  CHECK(r.parameter("EVENT", "USED")->numbers == std::vector<double>{300});
  CHECK(r.point_labels.empty());
  CHECK(r.frame_count() == 4);
}

TEST_CASE("c3d write: real files round trip") {
  const char* files[] = {
      "python-gaitalytics/tests/full/data/test_small.c3d",
      "kineticstoolkit/data/walk.c3d",
      "BTKData/Input/C3DSamples/c3d.org/sample09/PlugInC3D.c3d",  // DEC, integer data
  };
  for (const char* file : files) {
    CAPTURE(file);
    const C3d a = gaitchain::io::read_c3d(shared_data(file));
    REQUIRE(a.frame_count() > 0);
    REQUIRE(a.group("FORCE_PLATFORM"));
    TempDir dir;
    const std::filesystem::path path = dir.path / "copy.c3d";
    gaitchain::io::write_c3d(path, a);
    const C3d b = gaitchain::io::read_c3d(path);
    CHECK(b.processor == gaitchain::io::C3dProcessor::intel);
    CHECK(b.point_labels == a.point_labels);
    CHECK(b.point_descriptions == a.point_descriptions);
    CHECK(b.point_units == a.point_units);
    CHECK(b.first_frame == a.first_frame);
    CHECK(b.point_rate == doctest::Approx(a.point_rate).epsilon(1e-7));
    check_points(a, b);
    check_analogs(a, b);
    CHECK(b.analog_units == a.analog_units);
    check_events(a.events, b.events);
    check_groups_copied(a, b);
  }
}

TEST_CASE("c3d write: a trial over 65535 frames keeps its frame count and first frame") {
  for (const long first : {3L, 100000L}) {
    CAPTURE(first);
    C3d c;
    const Eigen::Index frames = 70000;
    c.point_rate = 200;
    c.first_frame = first;
    c.point_labels = {"A", "B"};
    c.points.resize(frames, 6);
    for (Eigen::Index f = 0; f < frames; ++f)
      for (int k = 0; k < 6; ++k) c.points(f, k) = 1000.0 * std::sin(1e-4 * static_cast<double>(f) + k) + k;
    c.points(69999, 4) = NaN;
    c.residuals.setZero(frames, 2);
    c.residuals(69999, 1) = -1;
    const std::vector<std::uint8_t> bytes = gaitchain::io::format_c3d(c);
    CHECK(word_at(bytes, 6) == std::min<long>(first, 65535));
    CHECK(word_at(bytes, 8) == 65535);  // the 16-bit header saturates
    const C3d r = gaitchain::io::parse_c3d(bytes, "long");
    CHECK(r.frame_count() == 70000);
    CHECK(r.first_frame == first);
    CHECK(r.parameter("POINT", "FRAMES")->type == Type::real);
    CHECK(r.parameter("POINT", "FRAMES")->numbers == std::vector<double>{70000});
    check_points(c, r);
  }
}

TEST_CASE("c3d write: write_c3d writes whole files or nothing") {
  TempDir dir;
  const C3d good = synthetic();

  SUBCASE("a missing folder throws IoError and leaves no file") {
    const std::filesystem::path path = dir.path / "missing" / "out.c3d";
    CHECK_THROWS_AS(gaitchain::io::write_c3d(path, good), gaitchain::IoError);
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK_FALSE(std::filesystem::exists(dir.path / "missing"));
  }

  SUBCASE("an existing file is replaced only by a complete one") {
    const std::filesystem::path path = dir.path / "out.c3d";
    {
      std::ofstream(path, std::ios::binary) << "previous content";
    }
    C3d bad = good;
    bad.point_labels.pop_back();
    CHECK_THROWS_AS(gaitchain::io::write_c3d(path, bad), gaitchain::InvalidArgument);
    const std::vector<std::uint8_t> previous = file_bytes(path);
    CHECK(std::string(previous.begin(), previous.end()) == "previous content");

    gaitchain::io::write_c3d(path, good);
    CHECK(file_bytes(path) == gaitchain::io::format_c3d(good));
    CHECK(gaitchain::io::read_c3d(path).point_labels == good.point_labels);
    // No temporary file is left beside it.
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator()) == 1);
  }
}

TEST_CASE("c3d write: inconsistent input throws InvalidArgument") {
  const C3d base = synthetic();
  REQUIRE_NOTHROW(gaitchain::io::format_c3d(base));
  const std::vector<std::pair<const char*, std::function<void(C3d&)>>> cases = {
      {"label count", [](C3d& c) { c.point_labels.pop_back(); }},
      {"columns not a multiple of 3",
       [](C3d& c) { c.points.conservativeResize(Eigen::NoChange, c.points.cols() - 1); }},
      {"description count", [](C3d& c) { c.point_descriptions.resize(3); }},
      {"residual shape", [](C3d& c) { c.residuals.conservativeResize(c.residuals.rows() - 1, Eigen::NoChange); }},
      {"non-integer analog ratio", [](C3d& c) { c.analog_rate = 250.0; }},
      {"analog rows", [](C3d& c) { c.analogs.conservativeResize(c.analogs.rows() - 1, Eigen::NoChange); }},
      {"analog label count", [](C3d& c) { c.analog_labels.pop_back(); }},
      {"analog unit count", [](C3d& c) { c.analog_units.push_back("V"); }},
      {"NaN point rate", [](C3d& c) { c.point_rate = NaN; }},
      {"zero point rate", [](C3d& c) { c.point_rate = 0; }},
      {"infinite analog rate", [](C3d& c) { c.analog_rate = std::numeric_limits<double>::infinity(); }},
      {"first frame 0", [](C3d& c) { c.first_frame = 0; }},
      {"NaN event time", [](C3d& c) { c.events[1].time = NaN; }},
      {"label over 255 characters", [](C3d& c) { c.point_labels[3] = std::string(256, 'x'); }},
      {"coordinate beyond float", [](C3d& c) { c.points(0, 0) = 1e300; }},
      {"analog beyond float", [](C3d& c) { c.analogs(0, 0) = -1e300; }},
      {"empty group name", [](C3d& c) { c.groups[1].name = ""; }},
      {"empty parameter name", [](C3d& c) { c.groups[2].parameters[0].name = ""; }},
      {"duplicate group", [](C3d& c) { c.groups.push_back(c.groups[1]); }},
      {"dimension over 255",
       [](C3d& c) {
         c.groups[2].parameters[1] = number_parameter("TYPE", Type::integer, {300}, std::vector<double>(300, 2));
       }},
      {"1-D parameter over 255 values", [](C3d& c) { c.groups[2].parameters[1].numbers.assign(256, 2.0); }},
      {"values do not match dimensions", [](C3d& c) { c.groups[2].parameters[3].numbers.pop_back(); }},
      {"integer out of range", [](C3d& c) { c.groups[2].parameters[0].numbers = {70000}; }},
      {"byte out of range", [](C3d& c) { c.groups[3].parameters[0].numbers[0] = 300; }},
      {"NaN integer", [](C3d& c) { c.groups[2].parameters[0].numbers = {NaN}; }},
      {"eight dimensions",
       [](C3d& c) { c.groups[3].parameters[0] = number_parameter("X", Type::byte, {1, 1, 1, 1, 1, 1, 1, 1}, {1}); }},
      {"group name over 127 characters", [](C3d& c) { c.groups[3].name = std::string(128, 'G'); }},
      {"description over 255 characters",
       [](C3d& c) { c.groups[1].parameters[0].description = std::string(256, 'd'); }},
      {"record over 32767 bytes",
       [](C3d& c) {
         const std::vector<double> values(255 * 40, 1.0);
         c.groups[3].parameters.push_back(number_parameter("BIG", Type::real, {255, 40}, values));
       }},
      {"128 groups",
       [](C3d& c) {
         for (int i = 0; i < 125; ++i) c.groups.push_back(C3dGroup{"G" + std::to_string(i), "", {}, false});
       }},
  };
  for (const auto& [what, mutate] : cases) {
    CAPTURE(what);
    C3d c = base;
    mutate(c);
    CHECK_THROWS_AS(gaitchain::io::format_c3d(c), gaitchain::InvalidArgument);
  }
  // The messages say what is wrong.
  C3d c = base;
  c.point_labels.pop_back();
  CHECK_THROWS_WITH_AS(gaitchain::io::format_c3d(c), doctest::Contains("299 point labels for 300 points"),
                       gaitchain::InvalidArgument);
  c = base;
  c.analog_rate = 250;
  CHECK_THROWS_WITH_AS(gaitchain::io::format_c3d(c), doctest::Contains("not an integer multiple"),
                       gaitchain::InvalidArgument);
}

TEST_CASE("c3d write: an empty residual matrix marks every finite sample valid") {
  C3d c;
  c.point_rate = 100;
  c.point_labels = {"A"};
  c.points.resize(3, 3);
  c.points << 1, 2, 3, NaN, NaN, NaN, 4, 5, 6;
  const C3d r = round_trip(c);
  CHECK(r.residuals(0, 0) == 0.0f);
  CHECK(r.residuals(1, 0) == -1.0f);
  CHECK(r.residuals(2, 0) == 0.0f);
  CHECK(r.points(2, 2) == 6.0);
  CHECK(r.analogs.size() == 0);
  CHECK(r.events.empty());
}
