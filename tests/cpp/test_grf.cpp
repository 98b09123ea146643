// Force plates from OpenSim GRF tables (io/grf.hpp): the three real .mot files in ../shared/data against
// the numbers in its INVENTORY.txt, their frames against the matching TRC markers, and bad input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <gaitchain/core/error.hpp>
#include <gaitchain/io/grf.hpp>
#include <gaitchain/io/table.hpp>
#include <gaitchain/io/trial_io.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "data.hpp"

using gaitchain::ForcePlate;
using gaitchain::InvalidArgument;
using gaitchain::LabFrame;
using gaitchain::Mat3;
using gaitchain::io::Table;

namespace {

const std::string kGait2354 = "opensim-models/Pipelines/Gait2354_Simbody/";
const std::string kRajagopal = "opensim-models/Pipelines/Rajagopal/ExpData/";
const std::string kSmall = "python-gaitalytics/tests/full/data/test_small.mot";

// OpenSim ground (Y up) -> internal (Z up): x stays, y -> z, z -> -y.
const Mat3 kYUp = (Mat3() << 1, 0, 0, 0, 0, -1, 0, 1, 0).finished();

std::optional<std::filesystem::path> data_or_skip(const std::string& relative) {
  try {
    return gaitchain::test::shared_data(relative);
  } catch (const std::runtime_error& e) {
    MESSAGE("skipped: " << e.what());
    return std::nullopt;
  }
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool any_note(const std::vector<std::string>& notes, const std::string& part) {
  for (const auto& n : notes)
    if (contains(n, part)) return true;
  return false;
}

const ForcePlate& plate(const std::vector<ForcePlate>& plates, const std::string& name) {
  for (const auto& p : plates)
    if (p.name == name) return p;
  FAIL("no force set " << name);
  return plates.front();
}

// Contacts: [first sample with Fz > 20 N, first sample after it without), gaps under 10 ms closed and
// blips under 50 ms dropped (test_small's plates have single-sample spikes), as INVENTORY.txt counts them.
std::vector<std::pair<double, double>> contacts(const ForcePlate& p) {
  std::vector<std::pair<long, long>> runs;
  const long n = static_cast<long>(p.sample_count());
  for (long j = 0; j < n;) {
    if (!(p.force(j, 2) > 20.0)) { ++j; continue; }
    long k = j;
    while (k < n && p.force(k, 2) > 20.0) ++k;
    if (!runs.empty() && static_cast<double>(j - runs.back().second) < 0.010 * p.rate) runs.back().second = k;
    else runs.emplace_back(j, k);
    j = k;
  }
  std::vector<std::pair<double, double>> out;
  for (const auto& [a, b] : runs)
    if (static_cast<double>(b - a) >= 0.050 * p.rate)
      out.emplace_back(p.time(static_cast<std::size_t>(a)), p.time(static_cast<std::size_t>(b)));
  return out;
}

// INVENTORY times are rounded to ms: one sample plus that rounding.
void check_contacts(const ForcePlate& p, const std::vector<std::pair<double, double>>& expected) {
  const auto found = contacts(p);
  INFO(p.name);
  REQUIRE(found.size() == expected.size());
  for (std::size_t i = 0; i < found.size(); ++i) {
    CHECK(std::abs(found[i].first - expected[i].first) <= 1 / p.rate + 5e-4);
    CHECK(std::abs(found[i].second - expected[i].second) <= 1 / p.rate + 5e-4);
  }
}

double peak(const ForcePlate& p) { return p.force.col(2).maxCoeff(); }

// Above 50 N the CoP is finite and inside [lo, hi] on both horizontal axes (between 10 and 50 N it drifts
// off the plate as the foot leaves: test_small FP4 reads 1.61 m at 11 N); below 10 N CoP and moment are NaN.
void check_cop(const ForcePlate& p, double lo, double hi) {
  long bad = 0, loaded = 0;
  for (Eigen::Index j = 0; j < p.force.rows(); ++j) {
    if (p.force(j, 2) > 50) {
      ++loaded;
      bad += !(p.cop(j, 0) >= lo && p.cop(j, 0) <= hi && p.cop(j, 1) >= lo && p.cop(j, 1) <= hi);
    } else if (p.force(j, 2) < ForcePlate::cop_minimum_force) {
      bad += !std::isnan(p.cop(j, 0)) || !std::isnan(p.moment(j, 2));
    }
  }
  INFO(p.name);
  CHECK(loaded > 0);
  CHECK(bad == 0);
}

// Horizontal distances from the CoP at the middle of each long contact to a foot (segment heel-toe) at the
// nearest marker frame, for the contacts that lie within the marker capture.
std::vector<double> cop_to_foot(const gaitchain::Trial& trial, const ForcePlate& p, const std::string& heel, const std::string& toe) {
  const int h = trial.find_marker(heel), t = trial.find_marker(toe);
  REQUIRE(h >= 0);
  REQUIRE(t >= 0);
  std::vector<double> out;
  for (const auto& [a, b] : contacts(p)) {
    if (b - a < 0.3) continue;
    const double mid = 0.5 * (a + b);
    const long j = std::lround((mid - p.start_time) * p.rate);
    const long k = std::lround(mid * trial.rate) - (trial.first_frame - 1);
    if (k < 0 || k >= static_cast<long>(trial.frame_count())) continue;
    const Eigen::Vector2d c = p.cop.row(j).head<2>().transpose();
    const Eigen::Vector2d H = trial.points.row(k).segment<2>(3 * h).transpose();
    const Eigen::Vector2d T = trial.points.row(k).segment<2>(3 * t).transpose();
    const double s = std::clamp((c - H).dot(T - H) / (T - H).squaredNorm(), 0.0, 1.0);
    out.push_back((c - (H + s * (T - H))).norm());
  }
  CHECK(!out.empty());
  return out;
}

// A table of `rows` samples at 1000 Hz with the named columns zero; the caller fills them.
Table make_table(const std::vector<std::string>& names, long rows = 200) {
  Table t;
  t.column_names = names;
  t.values = gaitchain::CoordinateArray::Zero(rows, static_cast<long>(names.size()));
  for (long i = 0; i < rows; ++i) t.time.push_back(1.0 + 0.001 * static_cast<double>(i));
  return t;
}

void fill(Table& t, const std::string& name, double value, int occurrence = 0) {
  for (std::size_t c = 0; c < t.column_names.size(); ++c)
    if (t.column_names[c] == name && occurrence-- == 0) {
      t.values.col(static_cast<long>(c)).setConstant(value);
      return;
    }
  FAIL("no column " << name);
}

std::vector<std::string> force_columns(const std::string& prefix) {
  std::vector<std::string> out;
  for (const char* s : {"vx", "vy", "vz", "px", "py", "pz"}) out.push_back(prefix + s);
  return out;
}

std::string message_of(const Table& t, const LabFrame& lab = {}) {
  try {
    gaitchain::io::force_plates_from_table(t, lab, "bad.mot");
  } catch (const InvalidArgument& e) {
    return e.what();
  }
  FAIL("no InvalidArgument");
  return {};
}

}  // namespace

TEST_CASE("grf: gait2354 subject01_walk1_grf.mot (per foot, CoP in m, 4-decimal times)") {
  const auto path = data_or_skip(kGait2354 + "subject01_walk1_grf.mot");
  if (!path) return;
  std::vector<std::string> notes;
  const auto plates = gaitchain::io::read_force_plates(*path, LabFrame{kYUp}, &notes);
  REQUIRE(plates.size() == 2);
  CHECK(plates[0].name == "ground_force");
  CHECK(plates[1].name == "1_ground_force");
  for (const auto& p : plates) {
    CHECK(p.sample_count() == 1501);
    CHECK(p.rate == doctest::Approx(600.0).epsilon(1e-9));
    CHECK(p.start_time == 0.0);
    CHECK(p.type == 0);
    CHECK(p.corners.isZero());
    check_cop(p, -0.5, 1.5);  // m: the treadmill-like walk stays near x = 0.6 m
  }
  CHECK_FALSE(any_note(notes, "millimetres"));
  CHECK_FALSE(any_note(notes, "no torque"));
  CHECK(peak(plates[0]) == doctest::Approx(805).epsilon(0.001));
  CHECK(peak(plates[1]) == doctest::Approx(811).epsilon(0.001));
  check_contacts(plates[0], {{0.000, 0.165}, {0.618, 1.410}, {1.853, 2.502}});
  check_contacts(plates[1], {{0.000, 0.788}, {1.247, 2.018}});

  // The rotation is applied: OpenSim's vy lands on Z, vz on -Y, the torque with them.
  const Table table = gaitchain::io::read_table(*path);
  CHECK(plates[0].force(100, 2) == table.values(100, 1));
  CHECK(plates[0].force(100, 1) == -table.values(100, 2));
  CHECK(plates[1].moment(100, 2) == table.values(100, 16));
  // In the file's own axes the vertical is Y: the reader refuses rather than guessing.
  CHECK_THROWS_AS(gaitchain::io::force_plates_from_table(table, LabFrame{}, "walk1"), InvalidArgument);
}

TEST_CASE("grf: Rajagopal grf_walk.mot (per foot, 2000 Hz, CoP garbage while unloaded)") {
  const auto path = data_or_skip(kRajagopal + "grf_walk.mot");
  if (!path) return;
  std::vector<std::string> notes;
  const auto plates = gaitchain::io::read_force_plates(*path, LabFrame{kYUp}, &notes);
  REQUIRE(plates.size() == 2);
  CHECK(plates[0].name == "ground_force_r");
  CHECK(plates[1].name == "ground_force_l");
  for (const auto& p : plates) {
    CHECK(p.sample_count() == 4778);
    CHECK(p.rate == doctest::Approx(2000.0).epsilon(1e-9));
    CHECK(p.start_time == 0.0);
    // px = 346 at t = 0 is an unloaded value; under load the point is in metres, within the walkway.
    check_cop(p, -0.5, 2.0);
  }
  CHECK_FALSE(any_note(notes, "millimetres"));
  CHECK(peak(plates[0]) == doctest::Approx(943).epsilon(0.001));
  CHECK(peak(plates[1]) == doctest::Approx(931).epsilon(0.001));
  check_contacts(plates[0], {{0.268, 1.024}, {1.412, 2.167}});
  check_contacts(plates[1], {{0.837, 1.589}});
}

TEST_CASE("grf: gaitalytics test_small.mot (4 plates numbered in the name, idle plate at -29 N)") {
  const auto path = data_or_skip(kSmall);
  if (!path) return;
  std::vector<std::string> notes;
  const auto plates = gaitchain::io::read_force_plates(*path, LabFrame{kYUp}, &notes);
  REQUIRE(plates.size() == 4);
  CHECK(plates[0].name == "ground_force4");  // column order
  CHECK(plates[1].name == "ground_force1");
  CHECK(plates[2].name == "ground_force2");
  CHECK(plates[3].name == "ground_force3");
  for (const auto& p : plates) {
    CHECK(p.sample_count() == 3370);
    CHECK(p.rate == doctest::Approx(1000.0).epsilon(1e-9));
    CHECK(p.start_time == 2.48);
  }
  CHECK(notes.empty());
  CHECK(peak(plate(plates, "ground_force1")) == doctest::Approx(669).epsilon(0.001));
  CHECK(peak(plate(plates, "ground_force2")) == doctest::Approx(658).epsilon(0.001));
  CHECK(peak(plate(plates, "ground_force4")) == doctest::Approx(638).epsilon(0.001));
  const ForcePlate& idle = plate(plates, "ground_force3");
  CHECK(idle.force.col(2).maxCoeff() == doctest::Approx(-29).epsilon(0.02));
  CHECK(idle.cop.array().isNaN().all());
  check_contacts(plate(plates, "ground_force1"), {{2.888, 3.541}});
  check_contacts(plate(plates, "ground_force2"), {{3.422, 4.096}});
  check_contacts(plate(plates, "ground_force4"), {{3.976, 4.598}});
  check_contacts(idle, {});
  for (const char* name : {"ground_force1", "ground_force2", "ground_force4"}) check_cop(plate(plates, name), -0.5, 1.2);
}

TEST_CASE("grf: with the lab frame of the matching TRC, the CoP lies under the loaded foot") {
  struct Case {
    std::string trc, grf, right, left, right_toe, left_toe;
  };
  for (const Case& c : {Case{kGait2354 + "subject01_walk1.trc", kGait2354 + "subject01_walk1_grf.mot", "ground_force", "1_ground_force", "R.Toe.Tip", "L.Toe.Tip"},
                        Case{kRajagopal + "motion_capture_walk.trc", kRajagopal + "grf_walk.mot", "ground_force_r", "ground_force_l", "R.Toe", "L.Toe"}}) {
    const auto trc = data_or_skip(c.trc);
    const auto grf = data_or_skip(c.grf);
    if (!trc || !grf) continue;
    const gaitchain::Trial trial = gaitchain::io::read_trial(*trc);
    const auto plates = gaitchain::io::read_force_plates(*grf, trial.lab_frame);
    INFO(c.grf);
    // Same foot: within 8 cm (measured 1.5-3.4 cm); the other foot at the same instant, swinging past or
    // planted elsewhere, farther than 10 cm (measured 13-22 cm): axes, origin and sides all line up.
    for (const auto& [name, heel, toe, other_heel, other_toe] :
         {std::tuple{c.right, "R.Heel", c.right_toe, "L.Heel", c.left_toe}, std::tuple{c.left, "L.Heel", c.left_toe, "R.Heel", c.right_toe}}) {
      const ForcePlate& p = plate(plates, name);
      for (double d : cop_to_foot(trial, p, heel, toe)) CHECK(d < 0.08);
      for (double d : cop_to_foot(trial, p, other_heel, other_toe)) CHECK(d > 0.10);
    }
  }
}

TEST_CASE("grf: CoP and torque in mm are recognised from their magnitudes") {
  const auto path = data_or_skip(kRajagopal + "grf_walk.mot");
  if (!path) return;
  const Table metres = gaitchain::io::read_table(*path);
  const auto reference = gaitchain::io::force_plates_from_table(metres, LabFrame{kYUp}, "m");
  Table mm = metres;
  for (int c : {3, 4, 5, 12, 13, 14}) mm.values.col(c) *= 1000;  // p{x,y,z} of both feet
  std::vector<std::string> notes;
  auto plates = gaitchain::io::force_plates_from_table(mm, LabFrame{kYUp}, "mm.mot", &notes);
  CHECK(any_note(notes, "CoP of mm.mot read as millimetres"));
  CHECK_FALSE(any_note(notes, "N mm"));  // the torque stays N m: its magnitudes are those of N m
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(((plates[i].cop - reference[i].cop).array().abs() < 1e-12 || plates[i].cop.array().isNaN()).all());
    CHECK((plates[i].moment.array() == reference[i].moment.array() || plates[i].moment.array().isNaN()).all());
  }
  for (int c : {6, 7, 8, 15, 16, 17}) mm.values.col(c) *= 1000;  // and the torques in N mm
  notes.clear();
  plates = gaitchain::io::force_plates_from_table(mm, LabFrame{kYUp}, "mm.mot", &notes);
  CHECK(any_note(notes, "torque of mm.mot read as N mm"));
  for (std::size_t i = 0; i < 2; ++i)
    CHECK(((plates[i].moment - reference[i].moment).array().abs() < 1e-12 || plates[i].moment.array().isNaN()).all());
}

TEST_CASE("grf: naming variants: repeated names, ground_moment, no torque") {
  // Old files repeat the names for every plate: grouped by occurrence.
  std::vector<std::string> names = force_columns("ground_force_");
  for (const char* s : {"ground_force_vx", "ground_force_vy", "ground_force_vz", "ground_force_px", "ground_force_py", "ground_force_pz"}) names.push_back(s);
  for (const char* s : {"ground_torque_x", "ground_torque_y", "ground_torque_z", "ground_torque_x", "ground_torque_y", "ground_torque_z"}) names.push_back(s);
  Table t = make_table(names);
  fill(t, "ground_force_vz", 600, 0), fill(t, "ground_force_vz", 300, 1);
  fill(t, "ground_force_px", 0.5, 0), fill(t, "ground_force_px", 1.5, 1);
  fill(t, "ground_torque_z", 2, 0), fill(t, "ground_torque_z", 3, 1);
  std::vector<std::string> notes;
  auto plates = gaitchain::io::force_plates_from_table(t, LabFrame{}, "old.mot", &notes);
  REQUIRE(plates.size() == 2);
  CHECK(plates[0].name == "ground_force");
  CHECK(plates[1].name == "ground_force_2");
  CHECK(plates[0].force(5, 2) == 600);
  CHECK(plates[1].force(5, 2) == 300);
  CHECK(plates[0].cop(5, 0) == 0.5);
  CHECK(plates[1].cop(5, 0) == 1.5);
  CHECK(plates[0].moment(5, 2) == 2);
  CHECK(plates[1].moment(5, 2) == 3);
  CHECK(plates[0].rate == doctest::Approx(1000));
  CHECK(plates[0].start_time == 1.0);
  CHECK(notes.empty());

  // ground_force1_ pairs with ground_moment1_; a set without torque gets a zero moment and a note.
  names = force_columns("ground_force1_");
  for (const char* s : {"ground_moment1_x", "ground_moment1_y", "ground_moment1_z"}) names.push_back(s);
  for (const auto& n : force_columns("ground_force2_")) names.push_back(n);
  names.push_back("ground_force3_vx");  // incomplete: not a set, reported as unread
  t = make_table(names);
  fill(t, "ground_force1_vz", 700), fill(t, "ground_force2_vz", 5);
  fill(t, "ground_moment1_z", -4);
  notes.clear();
  plates = gaitchain::io::force_plates_from_table(t, LabFrame{}, "num.mot", &notes);
  REQUIRE(plates.size() == 2);
  CHECK(plates[0].name == "ground_force1");
  CHECK(plates[1].name == "ground_force2");
  CHECK(plates[0].moment(0, 2) == -4);
  CHECK(plates[1].moment.array().isNaN().all());  // 5 N: unloaded
  CHECK(any_note(notes, "ground_force2 has no torque columns"));
  CHECK(any_note(notes, "ground_force3_vx"));
}

TEST_CASE("grf: bad tables give InvalidArgument naming the source") {
  // No force columns: the message lists what was there.
  Table t = make_table({"hip_flexion_r", "knee_angle_r"});
  std::string msg = message_of(t);
  CHECK(contains(msg, "bad.mot"));
  CHECK(contains(msg, "hip_flexion_r, knee_angle_r"));

  // Incomplete: a point column missing.
  std::vector<std::string> names = force_columns("ground_force_");
  names.pop_back();
  msg = message_of(make_table(names));
  CHECK(contains(msg, "no complete force set"));

  // A dropped row.
  t = make_table(force_columns("ground_force_"));
  fill(t, "ground_force_vz", 600);
  for (std::size_t i = 100; i < t.time.size(); ++i) t.time[i] += 0.001;
  msg = message_of(t);
  CHECK(contains(msg, "bad.mot"));
  CHECK(contains(msg, "uniform"));
  CHECK(contains(msg, "row "));
  // ... while rounding to 4 decimals at 600 Hz (subject01) is fine.
  for (std::size_t i = 0; i < t.time.size(); ++i) t.time[i] = std::round((1.0 + static_cast<double>(i) / 600) * 1e4) / 1e4;
  CHECK(gaitchain::io::force_plates_from_table(t, LabFrame{}, "ok.mot")[0].rate == doctest::Approx(600).epsilon(1e-3));
  // Times running backwards.
  std::reverse(t.time.begin(), t.time.end());
  CHECK(contains(message_of(t), "bad.mot"));

  // Negative vertical under load (a Z-down lab given as Z-up) is not flipped.
  t = make_table(force_columns("ground_force_"));
  fill(t, "ground_force_vz", -600);
  msg = message_of(t);
  CHECK(contains(msg, "bad.mot"));
  CHECK(contains(msg, "negative under load"));
  // Upside down through the lab frame: the same.
  fill(t, "ground_force_vz", 600);
  CHECK(contains(message_of(t, LabFrame{gaitchain::rotation_x(std::numbers::pi)}), "negative under load"));
}
