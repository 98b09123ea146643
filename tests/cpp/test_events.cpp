// Gait-event detection: synthetic truth recovered by every marker detector (overground, treadmill, a walk
// with a turn, gaps, a fitted motion), force plates on real trials against INVENTORY, the matching and
// scoring of the bench by hand-checked numbers, and bad input.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <string>

#include "data.hpp"
#include "gaitchain/events/compare.hpp"
#include "gaitchain/events/detectors.hpp"
#include "gaitchain/events/gait_signals.hpp"
#include "gaitchain/fit/inverse_kinematics.hpp"
#include "gaitchain/io/grf.hpp"
#include "gaitchain/io/trial_io.hpp"
#include "gaitchain/synthetic/walk.hpp"

using namespace gaitchain;
using namespace gaitchain::events;

namespace {

const std::string kMarkerDetectors[] = {"zeni", "oconnor", "ghoussayni", "desailly"};

SyntheticWalk walk(double duration = 8.0, double noise = 0.0, double rate = 100.0) {
  WalkOptions o;
  o.duration_s = duration;
  o.noise_m = noise;
  o.rate_hz = rate;
  return synthetic_walk(o);
}

// Comparison of a detector's events with the synthetic truth over the whole trial.
EventComparison against_truth(const Detection& found, const std::vector<Event>& truth, double rate) {
  Detection t;
  t.events = truth;
  return compare_events(found.events, t, 1.0 / rate);
}

Vec3 at(const Trial& t, std::size_t frame, int marker) { return t.points.row(static_cast<Eigen::Index>(frame)).segment<3>(3 * marker); }

}  // namespace

TEST_CASE("events: every marker detector recovers the synthetic walker's events") {
  const SyntheticWalk w = walk();
  const GaitSignals s = gait_signals(w.trial);
  CHECK(!s.treadmill);
  CHECK(s.walking_speed == doctest::Approx(1.3).epsilon(0.03));
  CHECK(s.roles.at("heel_r") == std::vector<std::string>{"RHEE"});
  CHECK(s.roles.at("pelvis") == std::vector<std::string>{"SACR"});
  for (const std::string& name : kMarkerDetectors) {
    CAPTURE(name);
    const Detection d = detect(s, detector(name), name);
    const EventComparison c = against_truth(d, w.truth.events, w.trial.rate);
    for (EventKind kind : {EventKind::foot_strike, EventKind::foot_off}) {
      const EventScore score = summarize(std::span(&c, 1), kind);
      MESSAGE(name << " " << to_string(kind) << ": matched " << score.matched << " missed " << score.missed << " extra "
                   << score.extra << " bias " << score.bias * 1000 << " ms MAE " << score.mae * 1000 << " ms");
      // Every truth event is found (but one next to an edge the detector cannot see past), nothing is
      // invented, and the timing is within the detector's own bias (docs/validation.md lists them).
      CHECK(score.extra == 0);
      CHECK(score.missed <= 1);
      CHECK(score.mae < (name == "ghoussayni" ? 0.005 : 0.08));
    }
  }
}

TEST_CASE("events: a treadmill walk (the pelvis held in place) gives the same events") {
  SyntheticWalk w = walk();
  // A belt at the mean walking speed takes the travel off every marker: the body stays in place, the feet
  // move back in stance at the belt speed.
  const int sacr = w.trial.find_marker("SACR");
  const std::size_t n = w.trial.frame_count();
  const double speed = (at(w.trial, n - 1, sacr).x() - at(w.trial, 0, sacr).x()) / static_cast<double>(n - 1);  // m per frame
  for (std::size_t k = 0; k < n; ++k) {
    const double shift = speed * static_cast<double>(k);
    for (std::size_t m = 0; m < w.trial.marker_count(); ++m) w.trial.points(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(3 * m)) -= shift;
  }
  const GaitSignals s = gait_signals(w.trial);
  CHECK(s.treadmill);
  CHECK(s.walking_speed == doctest::Approx(1.3).epsilon(0.05));  // the belt speed, from the heels in stance
  for (const std::string& name : kMarkerDetectors) {
    CAPTURE(name);
    const EventComparison c = against_truth(detect(s, detector(name), name), w.truth.events, w.trial.rate);
    for (EventKind kind : {EventKind::foot_strike, EventKind::foot_off}) {
      const EventScore score = summarize(std::span(&c, 1), kind);
      CHECK(score.extra == 0);
      CHECK(score.missed <= 1);
      CHECK(score.mae < (name == "ghoussayni" ? 0.01 : 0.08));
    }
  }
}

TEST_CASE("events: a walk out and back, with the turn out of view, is detected on both passes") {
  // Pass 1 walks +X for 4 s; pass 2 is the same walk turned 180 degrees about Z, walking back towards the
  // start; 0.5 s between them are missing (the subject turned outside the capture volume).
  const SyntheticWalk w = walk(4.0);
  const std::size_t n = w.trial.frame_count(), gap = 50;
  Trial t = w.trial;
  t.points = PointArray::Constant(static_cast<Eigen::Index>(2 * n + gap), w.trial.points.cols(), std::nan(""));
  t.points.topRows(static_cast<Eigen::Index>(n)) = w.trial.points;
  const double end_x = at(w.trial, n - 1, w.trial.find_marker("SACR")).x() + 1.0;
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t m = 0; m < t.marker_count(); ++m) {
      const Vec3 p = at(w.trial, k, static_cast<int>(m));
      t.points.row(static_cast<Eigen::Index>(n + gap + k)).segment<3>(3 * static_cast<Eigen::Index>(m)) << end_x - p.x(), -p.y(), p.z();
    }
  std::vector<Event> truth = w.truth.events;
  for (const Event& e : w.truth.events) truth.push_back({e.time + static_cast<double>(n + gap) / t.rate, e.side, e.kind});
  const GaitSignals s = gait_signals(t);
  CHECK(!s.treadmill);
  CHECK(s.progression(10, 0) == doctest::Approx(1.0).epsilon(0.01));
  CHECK(s.progression(static_cast<Eigen::Index>(n + gap + 10), 0) == doctest::Approx(-1.0).epsilon(0.01));
  for (const std::string& name : kMarkerDetectors) {
    CAPTURE(name);
    const EventComparison c = against_truth(detect(s, detector(name), name), truth, t.rate);
    for (EventKind kind : {EventKind::foot_strike, EventKind::foot_off}) {
      const EventScore score = summarize(std::span(&c, 1), kind);
      CHECK(score.extra == 0);
      CHECK(score.missed <= 4);  // an event next to either end of each pass may go unseen
      CHECK(score.matched >= 8);
      CHECK(score.mae < (name == "ghoussayni" ? 0.005 : 0.08));
    }
  }
}

TEST_CASE("events: gaps in the markers hide the events inside them and invent none") {
  WalkOptions o;
  o.duration_s = 8.0;
  o.dropout = 0.1;
  o.seed = 3;
  const SyntheticWalk w = synthetic_walk(o);
  const GaitSignals s = gait_signals(w.trial);
  for (const std::string& name : kMarkerDetectors) {
    CAPTURE(name);
    const EventComparison c = against_truth(detect(s, detector(name), name), w.truth.events, w.trial.rate);
    const EventScore strike = summarize(std::span(&c, 1), EventKind::foot_strike);
    MESSAGE(name << " with 10 % dropout: matched " << strike.matched << " missed " << strike.missed << " extra " << strike.extra);
    CHECK(strike.extra == 0);
    CHECK(strike.matched >= 3);
    CHECK(strike.mae < (name == "ghoussayni" ? 0.005 : 0.08));
  }
}

TEST_CASE("events: a fitted motion gives the events of its model's landmarks") {
  const SyntheticWalk w = walk(4.0);
  const Motion motion = inverse_kinematics(w.truth.model, w.trial);
  const GaitSignals s = gait_signals(w.truth.model, motion);
  CHECK(s.roles.at("heel_r") == std::vector<std::string>{"heel_r"});
  // The walker's truth is defined by these landmarks: heel on the floor, toe tip off it.
  const EventComparison c = against_truth(detect(s, detector("ghoussayni"), "ghoussayni"), w.truth.events, w.trial.rate);
  for (EventKind kind : {EventKind::foot_strike, EventKind::foot_off}) {
    const EventScore score = summarize(std::span(&c, 1), kind);
    MESSAGE("ghoussayni on the motion, " << to_string(kind) << ": MAE " << score.mae * 1000 << " ms");
    CHECK(score.extra == 0);
    CHECK(score.missed <= 1);
    CHECK(score.mae < 0.02);  // the landmarks' speed crosses 0.5 m/s a little before the contact
  }
  // A motion from another model is refused.
  Model other = Model::lower_body({1.75, 3});
  CHECK_THROWS_AS(gait_signals(other, motion), InvalidArgument);
}

TEST_CASE("events: marker roles by name, by marker set and by mapping") {
  // Every built-in marker set with feet resolves through the name table.
  for (const std::string& set : marker_set_names()) {
    CAPTURE(set);
    const Model model = Model::lower_body({1.75, 1, set});
    std::vector<std::string> names;
    for (const BodyPoint& p : model.markers) names.push_back(p.name);
    const MarkerRoles by_name = find_marker_roles(names), by_set = marker_roles(model);
    for (const std::string role : {"heel_r", "heel_l", "toe_r", "toe_l"})
      if (by_set.count(role)) {
        CAPTURE(role);
        CHECK(by_name.count(role) == 1);
      }
    if (set != "coco17") CHECK(by_name.count("pelvis") == 1);
  }
  // walking2.c3d's names: RCAL (heel), RMT2 (toe), a PSIS pair (pelvis).
  const MarkerRoles r = find_marker_roles({"RCAL", "LCAL", "RMT1", "RMT2", "LMT2", "LMT1", "RPSI", "LPSI", "RASI", "LASI"});
  CHECK(r.at("heel_r") == std::vector<std::string>{"RCAL"});
  CHECK(r.at("toe_l") == std::vector<std::string>{"LMT2"});
  CHECK(r.at("pelvis") == std::vector<std::string>{"RPSI", "LPSI"});
  // Case does not matter; a mapping overrides.
  const MarkerRoles m = find_marker_roles({"rhee", "RFT1", "LHEE"}, {{"heel_r", {"RFT1"}}});
  CHECK(m.at("heel_r") == std::vector<std::string>{"RFT1"});
  CHECK(m.at("heel_l") == std::vector<std::string>{"LHEE"});
  CHECK(find_marker_roles({"rhee"}).at("heel_r") == std::vector<std::string>{"rhee"});
  CHECK_THROWS_WITH_AS(find_marker_roles({"RHEE"}, {{"heel_r", {"RCAL"}}}),
                       doctest::Contains("'RCAL', which the trial does not have"), InvalidArgument);
  CHECK_THROWS_WITH_AS(find_marker_roles({"RHEE"}, {{"ankle_r", {"RHEE"}}}), doctest::Contains("unknown marker role 'ankle_r'"),
                       InvalidArgument);
}

TEST_CASE("events: force plates of real trials give the INVENTORY contacts, each on the right foot") {
  struct Case {
    const char* file;
    std::vector<Event> expected;  // INVENTORY contacts (|Fz| > 20 N), foot from the stored events
  };
  const std::vector<Case> cases = {
      {"python-gaitalytics/tests/full/data/test_small.c3d",
       {{2.888, Side::right, EventKind::foot_strike}, {3.422, Side::left, EventKind::foot_strike},
        {3.541, Side::right, EventKind::foot_off}, {3.975, Side::right, EventKind::foot_strike},
        {4.096, Side::left, EventKind::foot_off}, {4.603, Side::right, EventKind::foot_off}}},
      {"BTKData/Input/C3DSamples/PiG/PiG_Motion-FlatFoot-Full.c3d",
       {{2.551, Side::right, EventKind::foot_strike}, {3.053, Side::left, EventKind::foot_strike},
        {3.157, Side::right, EventKind::foot_off}, {3.662, Side::left, EventKind::foot_off}}},
      {"kineticstoolkit/data/walk.c3d",
       {{1.661, Side::right, EventKind::foot_strike}, {2.224, Side::left, EventKind::foot_strike},
        {2.364, Side::right, EventKind::foot_off}, {2.747, Side::right, EventKind::foot_strike},
        {2.891, Side::left, EventKind::foot_off}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.file);
    const Trial t = io::read_trial(test::shared_data(c.file));
    const Detection d = force_plate(gait_signals(t));
    REQUIRE(d.events.size() == c.expected.size());
    for (std::size_t i = 0; i < c.expected.size(); ++i) {
      CAPTURE(i);
      CHECK(d.events[i].side == c.expected[i].side);
      CHECK(d.events[i].kind == c.expected[i].kind);
      // INVENTORY rounds to 1 ms and takes whole samples; we interpolate the crossing. PiG's foot offs
      // are timed at 20 N here and listed at the last sample above 20 N there.
      CHECK(std::abs(d.events[i].time - c.expected[i].time) < 0.015);
    }
  }
  // walk.c3d: FP1 stays loaded to the end, FP3 is never loaded: both are said.
  const Detection walk_c3d = force_plate(gait_signals(io::read_trial(test::shared_data("kineticstoolkit/data/walk.c3d"))));
  CHECK(std::count_if(walk_c3d.notes.begin(), walk_c3d.notes.end(), [](const std::string& n) { return n.find("loaded to the end") != std::string::npos; }) == 1);
  CHECK(std::count_if(walk_c3d.notes.begin(), walk_c3d.notes.end(), [](const std::string& n) { return n.find("FP3: never loaded") != std::string::npos; }) == 1);
}

TEST_CASE("events: force plates from an OpenSim GRF table line up with the TRC's feet") {
  Trial t = io::read_trial(test::shared_data("opensim-models/Pipelines/Rajagopal/ExpData/motion_capture_walk.trc"));
  t.force_plates = io::read_force_plates(test::shared_data("opensim-models/Pipelines/Rajagopal/ExpData/grf_walk.mot"), t.lab_frame);
  const Detection d = force_plate(gait_signals(t));
  // README: right HS 0.268, TO 1.024, HS 1.412, TO 2.167; left HS 0.837, TO 1.589.
  const std::vector<Event> expected = {{0.268, Side::right, EventKind::foot_strike}, {0.837, Side::left, EventKind::foot_strike},
                                       {1.024, Side::right, EventKind::foot_off},    {1.412, Side::right, EventKind::foot_strike},
                                       {1.589, Side::left, EventKind::foot_off},     {2.167, Side::right, EventKind::foot_off}};
  REQUIRE(d.events.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(d.events[i].side == expected[i].side);
    CHECK(d.events[i].kind == expected[i].kind);
    CHECK(std::abs(d.events[i].time - expected[i].time) < 0.002);
  }
}

TEST_CASE("events: matching and scores by hand") {
  Detection truth;
  truth.events = {{1.00, Side::right, EventKind::foot_strike}, {2.00, Side::right, EventKind::foot_strike},
                  {1.60, Side::right, EventKind::foot_off}, {1.50, Side::left, EventKind::foot_strike}};
  truth.coverage = {{Side::right, 0.9, 2.7}, {Side::left, 1.4, 1.6}};
  const std::vector<Event> detected = {
      {1.01, Side::right, EventKind::foot_strike},  // +10 ms
      {1.97, Side::right, EventKind::foot_strike},  // -30 ms
      {2.50, Side::right, EventKind::foot_strike},  // inside the right coverage, no truth near: extra
      {5.00, Side::right, EventKind::foot_strike},  // outside the coverage: not scored
      {1.75, Side::right, EventKind::foot_off},     // 150 ms late, beyond the tolerance: a miss and an extra
      {1.505, Side::left, EventKind::foot_strike},  // +5 ms
      {3.00, Side::left, EventKind::foot_off},      // outside the left coverage: not scored
  };
  const EventComparison c = compare_events(detected, truth, 0.01);
  CHECK(c.matched.size() == 3);
  CHECK(c.missed.size() == 1);
  CHECK(c.extra.size() == 2);
  const EventScore strike = summarize(std::span(&c, 1), EventKind::foot_strike);
  CHECK(strike.matched == 3);
  CHECK(strike.missed == 0);
  CHECK(strike.extra == 1);
  CHECK(strike.f1 == doctest::Approx(6.0 / 7.0));
  CHECK(strike.bias == doctest::Approx(-0.005));
  CHECK(strike.mae == doctest::Approx(0.015));
  CHECK(strike.sd == doctest::Approx(std::sqrt(0.000475)));
  CHECK(strike.within_1 == doctest::Approx(2.0 / 3.0));  // +10 ms is one frame at 100 Hz; -30 ms is not
  CHECK(strike.within_2 == doctest::Approx(2.0 / 3.0));
  const EventScore off = summarize(std::span(&c, 1), EventKind::foot_off);
  CHECK(off.matched == 0);
  CHECK(off.missed == 1);
  CHECK(off.extra == 1);
  CHECK(off.f1 == 0.0);
  CHECK(std::isnan(off.mae));
  // Nearest first: two detections near one truth event, the nearer is matched, the other is extra.
  const EventComparison two = compare_events({{0.98, Side::right, EventKind::foot_strike}, {1.002, Side::right, EventKind::foot_strike}},
                                             Detection{{{1.0, Side::right, EventKind::foot_strike}}, {}, {}}, 0.01);
  REQUIRE(two.matched.size() == 1);
  CHECK(two.matched[0].detected == 1.002);
  CHECK(two.extra.size() == 1);
  CHECK_THROWS_AS(compare_events({}, truth, 0.0), InvalidArgument);
}

TEST_CASE("events: bad input gives a clear error or an empty result with the reason") {
  const SyntheticWalk w = walk(3.0);
  // No heel markers: the error names the role and what was looked for.
  Trial no_heels = w.trial;
  for (std::string& n : no_heels.marker_names)
    if (n == "RHEE") n = "RXYZ";
  CHECK_THROWS_WITH_AS(zeni(gait_signals(no_heels)), doctest::Contains("no marker for the role 'heel_r'"), InvalidArgument);
  CHECK_THROWS_WITH_AS(ghoussayni(gait_signals(no_heels)), doctest::Contains("RHEE, R.Heel"), InvalidArgument);
  // A foot whose markers are all NaN.
  Trial nan_feet = w.trial;
  nan_feet.points.middleCols(3 * nan_feet.find_marker("LTOE"), 3).setConstant(std::nan(""));
  CHECK_THROWS_WITH_AS(desailly(gait_signals(nan_feet)), doctest::Contains("'toe_l' marker LTOE has no valid sample"), InvalidArgument);
  // No pelvis: Zeni cannot run, the others can.
  Trial no_pelvis = w.trial;
  for (std::string& n : no_pelvis.marker_names)
    if (n == "SACR" || n.find("PSI") != std::string::npos || n.find("ASI") != std::string::npos) n = "X" + n;
  CHECK_THROWS_WITH_AS(zeni(gait_signals(no_pelvis)), doctest::Contains("role 'pelvis'"), InvalidArgument);
  CHECK(!ghoussayni(gait_signals(no_pelvis)).events.empty());
  // Too short a trial: no events, and the reason.
  Trial short_trial = w.trial;
  short_trial.points = w.trial.points.topRows(30);
  for (const std::string& name : kMarkerDetectors) {
    const Detection d = detect(gait_signals(short_trial), detector(name), name);
    CHECK(d.events.empty());
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0].find("shorter than a step") != std::string::npos);
  }
  // No plates, or none loaded: no events, and the reason.
  CHECK(force_plate(gait_signals(w.trial)).notes == std::vector<std::string>{"the trial has no force plates"});
  Trial unloaded = w.trial;
  ForcePlate plate;
  plate.name = "FP1";
  plate.rate = 1000;
  plate.force = ForcePlate::Series::Constant(3000, 3, 0.0);
  plate.force.col(2).setConstant(31.0);  // an offset, not a load
  plate.moment = plate.cop = ForcePlate::Series::Zero(3000, 3);
  unloaded.force_plates = {plate};
  const Detection none = force_plate(gait_signals(unloaded));
  CHECK(none.events.empty());
  CHECK(none.notes == std::vector<std::string>{"FP1: never loaded above 20 N", "no plate was loaded: no events"});
  // Unknown detector names list the built-in ones; a detector returning events outside the trial is caught.
  CHECK_THROWS_WITH_AS(detector("zeno"), doctest::Contains("zeni, oconnor, ghoussayni, desailly, force_plate"), InvalidArgument);
  const Detector broken = [](const GaitSignals&) { return Detection{{{99.0, Side::left, EventKind::foot_off}}, {}, {}}; };
  CHECK_THROWS_WITH_AS(detect(gait_signals(w.trial), broken, "mine"), doctest::Contains("mine: returned an event at 99"), InvalidArgument);
}
