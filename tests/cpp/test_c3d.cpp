// C3D reader: the processor formats agree, hand-checked values, and a table of malformed files that must
// each raise a ParseError naming the file and the byte (never crash or allocate by a header's claim).
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <random>

#include "data.hpp"
#include "gaitchain/core/error.hpp"
#include "gaitchain/io/c3d.hpp"
#include "gaitchain/io/trial_io.hpp"

using namespace gaitchain;
using gaitchain::test::file_bytes;
using gaitchain::test::shared_data;

namespace {

const char* kSample02 = "BTKData/Input/C3DSamples/c3d.org/sample02/";

// Byte offset of a record (its name-length byte) in an Intel file, found by walking the chain: a group,
// or a parameter of the given group ("" for the first parameter of that name in any group).
std::size_t find_record(const std::vector<std::uint8_t>& b, const std::string& name, const std::string& group = "") {
  std::size_t at = (static_cast<std::size_t>(b[0]) - 1) * 512 + 4;
  std::map<int, std::string> groups;
  while (at + 2 < b.size()) {
    const int length = std::abs(static_cast<int>(static_cast<std::int8_t>(b[at])));
    if (length == 0) break;
    const int id = static_cast<std::int8_t>(b[at + 1]);
    const std::string record(reinterpret_cast<const char*>(&b[at + 2]), static_cast<std::size_t>(length));
    if (id < 0) groups[-id] = record;
    if (record == name && (group.empty() || (id > 0 && groups[id] == group))) return at;
    const auto offset = static_cast<std::int16_t>(b[at + 2 + length] | b[at + 3 + length] << 8);
    if (offset <= 0) break;
    at += 2 + static_cast<std::size_t>(length) + static_cast<std::size_t>(offset);
  }
  FAIL("record ", name, " not found");
  return 0;
}

// Offset of the first value byte of a (non-character) parameter record.
std::size_t value_offset(const std::vector<std::uint8_t>& b, const std::string& name, const std::string& group = "") {
  const std::size_t at = find_record(b, name, group);
  const std::size_t type_at = at + 2 + name.size() + 2;
  return type_at + 2 + b[type_at + 1];
}

void put_i16(std::vector<std::uint8_t>& b, std::size_t at, int v) {
  b[at] = static_cast<std::uint8_t>(v & 0xff), b[at + 1] = static_cast<std::uint8_t>((v >> 8) & 0xff);
}
void put_f32(std::vector<std::uint8_t>& b, std::size_t at, float v) { std::memcpy(&b[at], &v, 4); }

}  // namespace

TEST_CASE("c3d: Intel, DEC and MIPS files of one trial read the same (c3d.org sample02)") {
  const io::C3d ref = io::read_c3d(shared_data(std::string(kSample02) + "pc_real.c3d"));
  CHECK(ref.processor == io::C3dProcessor::intel);
  CHECK(ref.frame_count() == 89);
  CHECK(ref.point_labels.size() == 36);
  CHECK(ref.analogs.cols() == 16);
  CHECK(ref.analog_samples_per_frame() == 4);
  for (const char* name : {"pc_int.c3d", "sgi_int.c3d", "sgi_real.c3d", "DEC_INT.C3D", "Dec_real.c3d"}) {
    INFO(name);
    const io::C3d other = io::read_c3d(shared_data(std::string(kSample02) + name));
    REQUIRE(other.points.rows() == ref.points.rows());
    REQUIRE(other.points.cols() == ref.points.cols());
    const double quantum = std::abs(other.parameter("POINT", "SCALE")->numbers[0]);
    double worst = 0;
    for (Eigen::Index k = 0; k < ref.points.size(); ++k) {
      REQUIRE(std::isnan(ref.points.data()[k]) == std::isnan(other.points.data()[k]));
      if (!std::isnan(ref.points.data()[k])) worst = std::max(worst, std::abs(ref.points.data()[k] - other.points.data()[k]));
    }
    CHECK(worst <= quantum + 1e-3);  // integer files quantise to POINT:SCALE
    CHECK((other.analogs - ref.analogs).cwiseAbs().maxCoeff() == doctest::Approx(0.0));
    CHECK(other.point_labels == ref.point_labels);
  }
}

TEST_CASE("c3d: hand-checked samples (values agree with ezc3d 1.7 and the file's own events)") {
  // test_small.c3d (Vicon Nexus, Intel float): LASI at the first frame, mm.
  const io::C3d small = io::read_c3d(shared_data("python-gaitalytics/tests/full/data/test_small.c3d"));
  const auto lasi = std::find(small.point_labels.begin(), small.point_labels.end(), "LASI") - small.point_labels.begin();
  CHECK(small.points(0, 3 * lasi) == doctest::Approx(-988.31469727));
  CHECK(small.points(0, 3 * lasi + 1) == doctest::Approx(351.53652954));
  CHECK(small.points(0, 3 * lasi + 2) == doctest::Approx(867.01495361));
  CHECK(small.first_frame == 249);
  CHECK(small.events.size() == 13);
  CHECK(small.events.front().time == doctest::Approx(2.50).epsilon(1e-6));
  CHECK(small.events.front().label == "Foot Off");
  CHECK(small.events.front().context == "Right");

  // PlugInC3D.c3d (DEC integer points, DEC float parameters): RASI at frame 100 and analog channels 2-3.
  const io::C3d dec = io::read_c3d(shared_data("BTKData/Input/C3DSamples/c3d.org/sample09/PlugInC3D.c3d"));
  CHECK(dec.processor == io::C3dProcessor::dec);
  const auto rasi = std::find(dec.point_labels.begin(), dec.point_labels.end(), "RASI") - dec.point_labels.begin();
  CHECK(dec.points(100, 3 * rasi) == doctest::Approx(354.60615981));
  CHECK(dec.points(100, 3 * rasi + 1) == doctest::Approx(81.4753319));
  CHECK(dec.points(100, 3 * rasi + 2) == doctest::Approx(1066.23471111));
  CHECK(dec.analogs(10, 1) == doctest::Approx(-0.18880001));
  CHECK(dec.analogs(10, 2) == doctest::Approx(-0.7385));

  // Eb015vr.c3d (DEC float): RFT1 at frame 200, header events.
  const io::C3d vax = io::read_c3d(shared_data("BTKData/Input/C3DSamples/c3d.org/sample01/Eb015vr.c3d"));
  const auto rft1 = std::find(vax.point_labels.begin(), vax.point_labels.end(), "RFT1") - vax.point_labels.begin();
  CHECK(vax.points(200, 3 * rft1) == doctest::Approx(231.41667175));
  CHECK(vax.points(200, 3 * rft1 + 1) == doctest::Approx(821.0));
  CHECK(vax.points(200, 3 * rft1 + 2) == doctest::Approx(34.16666794));
  CHECK(vax.analogs(10, 0) == doctest::Approx(-25.80000043));
  REQUIRE(vax.events.size() == 3);
  CHECK(vax.events[0].label == "RIC");
  CHECK(vax.events[0].from_header);
  CHECK(vax.events[0].time == doctest::Approx(2.72));
  const io::C3dParameter* name = vax.parameter("SUBJECT", "NAME");
  REQUIRE(name);
  CHECK(name->strings.at(0) == "elizabeth baumgartner");
}

TEST_CASE("c3d: force plates of type 2 give the centre of pressure on the plate and the weight upward") {
  const io::C3d c3d = io::read_c3d(shared_data("python-gaitalytics/tests/full/data/test_small.c3d"));
  const std::vector<ForcePlate> plates = io::c3d_force_plates(c3d);
  REQUIRE(plates.size() == 4);
  const ForcePlate& fp1 = plates[0];
  CHECK(fp1.rate == doctest::Approx(1000));
  CHECK(fp1.start_time == doctest::Approx(2.48));
  // Peak vertical reaction of a 63.6 kg walker: between 1 and 1.3 body weights (INVENTORY: 669 N).
  Eigen::Index peak;
  fp1.force.col(2).maxCoeff(&peak);
  CHECK(fp1.force(peak, 2) == doctest::Approx(668.6).epsilon(0.01));
  // The centre of pressure lies on the plate: inside its corners (x 0..-508 mm, y 0..464 mm) at z = 0.
  for (Eigen::Index j = 0; j < fp1.cop.rows(); ++j) {
    if (fp1.force(j, 2) < 100) continue;
    CHECK(fp1.cop(j, 0) <= 0.0);
    CHECK(fp1.cop(j, 0) >= -0.509);
    CHECK(fp1.cop(j, 1) >= 0.0);
    CHECK(fp1.cop(j, 1) <= 0.464);
    CHECK(fp1.cop(j, 2) == doctest::Approx(0.0).epsilon(1e-9));
  }
  // ezc3d 1.7 at the peak sample 931: CoP (-230.599, 158.035) mm.
  CHECK(fp1.cop(931, 0) == doctest::Approx(-0.230599).epsilon(1e-4));
  CHECK(fp1.cop(931, 1) == doctest::Approx(0.158035).epsilon(1e-4));
}

TEST_CASE("c3d: malformed files raise ParseError naming the file and the byte") {
  const std::vector<std::uint8_t> good = file_bytes(shared_data(std::string(kSample02) + "pc_int.c3d"));
  REQUIRE_NOTHROW(io::parse_c3d(good, "good.c3d"));
  const std::size_t section = (static_cast<std::size_t>(good[0]) - 1) * 512;
  const std::size_t data_start = (static_cast<std::size_t>(good[16] | good[17] << 8) - 1) * 512;

  using Mutation = std::function<void(std::vector<std::uint8_t>&)>;
  struct Case {
    const char* what;
    Mutation mutate;
    const char* message;  // expected part of the error
  };
  const std::vector<Case> cases = {
      {"empty file", [](auto& b) { b.clear(); }, "shorter than the 512-byte"},
      {"shorter than the header", [](auto& b) { b.resize(100); }, "shorter than the 512-byte"},
      {"wrong key byte", [](auto& b) { b[1] = 0x51; }, "not a C3D file"},
      {"parameter block 0", [](auto& b) { b[0] = 0; }, "parameter block 0"},
      {"parameter block past the end", [](auto& b) { b[0] = 255; }, "past the end"},
      {"unknown processor", [&](auto& b) { b[section + 3] = 99; }, "unknown processor type 99"},
      {"cut inside the parameters", [&](auto& b) { b.resize(section + 700); }, "past the end"},
      {"cut before the first frame", [&](auto& b) { b.resize(data_start + 10); }, "truncated"},
      {"record link past the end", [&](auto& b) { put_i16(b, find_record(b, "POINT") + 2 + 5, 0x7fff); b.resize(section + 2048); },
       "past the end of the file"},
      {"parameter type 3", [&](auto& b) { b[find_record(b, "USED") + 2 + 4 + 2] = 3; }, "data type 3"},
      {"parameter type 0", [&](auto& b) { b[find_record(b, "SCALE") + 2 + 5 + 2] = 0; }, "data type 0"},
      {"eight dimensions", [&](auto& b) { b[find_record(b, "USED") + 2 + 4 + 3] = 8; }, "8 dimensions"},
      {"group id 0", [&](auto& b) { b[find_record(b, "POINT") + 1] = 0; }, "group id 0"},
      {"huge point count", [&](auto& b) { put_i16(b, value_offset(b, "USED", "POINT"), 32767); }, "truncated"},
      {"negative point count read as unsigned", [&](auto& b) { put_i16(b, value_offset(b, "USED", "POINT"), -2); }, "truncated"},
      {"huge frame count", [](auto& b) { put_i16(b, 8, 65535); b[6] = 1, b[7] = 0; }, ""},
      {"data before the parameters", [&](auto& b) { put_i16(b, value_offset(b, "DATA_START"), 1); put_i16(b, 16, 1); }, "starts before"},
      {"data start past the end", [&](auto& b) { put_i16(b, value_offset(b, "DATA_START"), 30000); put_i16(b, 16, 30000); }, "truncated"},
      {"rate NaN", [&](auto& b) { put_f32(b, value_offset(b, "RATE"), NAN); put_f32(b, 20, NAN); }, "frame rate"},
      {"rate zero", [&](auto& b) { put_f32(b, value_offset(b, "RATE"), 0.0f); put_f32(b, 20, 0.0f); }, "frame rate"},
      {"rate negative", [&](auto& b) { put_f32(b, value_offset(b, "RATE"), -50.0f); put_f32(b, 20, -50.0f); }, "frame rate"},
      {"huge analog channel count", [&](auto& b) { put_i16(b, value_offset(b, "USED", "ANALOG"), 30000); }, "truncated"},
      {"name running past the end", [&](auto& b) { b.resize(section + 8); b[section + 4] = 127; }, "past the end"},
  };
  CHECK(cases.size() >= 20);
  for (const Case& c : cases) {
    INFO(std::string(c.what));
    std::vector<std::uint8_t> b = good;
    c.mutate(b);
    if (std::string(c.message).empty()) {
      // Loads or fails cleanly, but never trusts the count for an allocation.
      try {
        const io::C3d parsed = io::parse_c3d(b, "case.c3d");
        CHECK(parsed.points.size() * 8 <= b.size() * 16);
      } catch (const ParseError& e) {
        CHECK(std::string(e.what()).find("case.c3d: byte ") == 0);
      }
      continue;
    }
    try {
      (void)io::parse_c3d(b, "case.c3d");
      FAIL("no error for: ", c.what);
    } catch (const ParseError& e) {
      const std::string message = e.what();
      CHECK(message.find("case.c3d: byte ") == 0);
      CHECK(message.find(c.message) != std::string::npos);
    }
  }
}

TEST_CASE("c3d: random bytes behind a valid header never crash") {
  const std::vector<std::uint8_t> good = file_bytes(shared_data(std::string(kSample02) + "pc_int.c3d"));
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<std::uint8_t> b = good;
    const int flips = 1 + static_cast<int>(rng() % 40);
    for (int k = 0; k < flips; ++k) b[rng() % 6000] = static_cast<std::uint8_t>(rng());
    if (rng() % 3 == 0) b.resize(rng() % b.size());
    try {
      const io::C3d c3d = io::parse_c3d(b, "random.c3d");
      (void)io::trial_from_c3d(c3d);
    } catch (const Error&) {
    }
  }
}

TEST_CASE("c3d: a file cut inside its data keeps the complete frames and says so") {
  const std::vector<std::uint8_t> good = file_bytes(shared_data(std::string(kSample02) + "pc_int.c3d"));
  const io::C3d full = io::parse_c3d(good, "full.c3d");
  std::vector<std::uint8_t> cut = good;
  cut.resize(cut.size() - 3000);
  const io::C3d part = io::parse_c3d(cut, "cut.c3d");
  CHECK(part.frame_count() < full.frame_count());
  CHECK(part.frame_count() > 0);
  const auto head = full.points.topRows(static_cast<Eigen::Index>(part.frame_count())).array();
  CHECK(((part.points.array() == head) || (part.points.array().isNaN() && head.isNaN())).all());
  REQUIRE(part.notes.size() == 1);
  CHECK(part.notes[0].find("truncated") != std::string::npos);
}

TEST_CASE("c3d: a file without frames reads as an empty trial (fuzzer regression)") {
  std::vector<std::uint8_t> b = file_bytes(shared_data("BTKData/Input/C3DSamples/c3d.org/sample01/Eb015pr.c3d"));
  put_i16(b, 6, 10), put_i16(b, 8, 5);  // last frame before the first
  const io::C3d c3d = io::parse_c3d(b, "empty.c3d");
  CHECK(c3d.frame_count() == 0);
  const Trial trial = io::trial_from_c3d(c3d);
  CHECK(trial.frame_count() == 0);
  CHECK(trial.marker_count() == 26);
  CHECK(trial.force_plates.empty());
}

TEST_CASE("c3d: inputs the fuzzer once broke now parse, convert and round-trip cleanly") {
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(GAITCHAIN_SOURCE_DIR) / "tests/fuzz/regressions")) {
    if (!entry.path().filename().string().starts_with("c3d-")) continue;
    INFO(entry.path().filename().string());
    const std::vector<std::uint8_t> found = file_bytes(entry.path());
    try {
      const io::C3d c3d = io::parse_c3d(found, "fuzz.c3d");
      try {
        (void)io::trial_from_c3d(c3d);
      } catch (const Error&) {
      }
      try {
        const io::C3d again = io::parse_c3d(io::format_c3d(c3d), "again.c3d");
        CHECK(again.frame_count() == c3d.frame_count());
      } catch (const InvalidArgument&) {
      }
    } catch (const ParseError&) {
    }
  }
}

TEST_CASE("c3d: bad plate and unit parameters are named in the error") {
  std::vector<std::uint8_t> b = file_bytes(shared_data("BTKData/Input/C3DSamples/c3d.org/sample01/Eb015pr.c3d"));
  const std::size_t channel = value_offset(b, "CHANNEL");
  put_i16(b, channel, 99);
  const io::C3d c3d = io::parse_c3d(b, "plates.c3d");
  CHECK_THROWS_WITH_AS(io::trial_from_c3d(c3d), doctest::Contains("plates.c3d: parameter FORCE_PLATFORM:CHANNEL: plate 1 names analog channel 99"), ParseError);

  io::C3d furlongs = io::read_c3d(shared_data(std::string(kSample02) + "pc_real.c3d"));
  furlongs.point_units = "furlong";
  CHECK_THROWS_WITH_AS(io::trial_from_c3d(furlongs), doctest::Contains("POINT:UNITS: 'furlong' is not a length unit"), ParseError);
}
