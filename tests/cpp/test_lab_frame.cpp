// Lab frame: a synthetic walk placed in another lab's axes and units comes back in the internal frame.
#include <doctest/doctest.h>

#include <cmath>

#include "gaitchain/io/lab_frame.hpp"
#include "gaitchain/io/trc.hpp"
#include "gaitchain/io/trial_io.hpp"
#include "gaitchain/synthetic/walk.hpp"

using namespace gaitchain;

namespace {

// Points of `trial` expressed in a lab whose axes are `lab_from_internal` (lab = L * internal), in mm.
io::TrcFile as_lab_file(const Trial& trial, const Mat3& lab_from_internal) {
  io::TrcFile trc;
  trc.marker_names = trial.marker_names;
  trc.data_rate = trc.camera_rate = trial.rate;
  trc.units = "mm";
  trc.first_frame = trial.first_frame;
  trc.points = trial.points;
  for (Eigen::Index f = 0; f < trc.points.rows(); ++f)
    for (Eigen::Index m = 0; m < trc.points.cols() / 3; ++m)
      trc.points.row(f).segment<3>(3 * m) = 1000.0 * (lab_from_internal * trial.points.row(f).segment<3>(3 * m).transpose()).transpose();
  return trc;
}

double max_difference(const PointArray& a, const PointArray& b) {
  double worst = 0;
  for (Eigen::Index k = 0; k < a.size(); ++k)
    if (!std::isnan(a.data()[k])) worst = std::max(worst, std::abs(a.data()[k] - b.data()[k]));
  return worst;
}

}  // namespace

TEST_CASE("lab frame: walks in Y-up and Z-up labs, either direction, come back in the internal frame") {
  const SyntheticWalk walk = synthetic_walk({.duration_s = 4.0, .noise_m = 0.002, .dropout = 0.05});
  // OpenSim-style Y up walking along -X; a Z-up lab walking along +Y; a Z-up lab walking along -Y.
  const Mat3 y_up_backward = (Mat3() << -1, 0, 0, 0, 0, 1, 0, 1, 0).finished();
  const Mat3 z_up_along_y = (Mat3() << 0, -1, 0, 1, 0, 0, 0, 0, 1).finished();
  const Mat3 z_up_along_minus_y = (Mat3() << 0, 1, 0, -1, 0, 0, 0, 0, 1).finished();
  for (const Mat3& lab : {y_up_backward, z_up_along_y, z_up_along_minus_y}) {
    const io::TrcFile file = as_lab_file(walk.trial, lab);
    // Through text, as a user's file would come.
    const Trial trial = io::trial_from_trc(io::parse_trc(io::format_trc(file), "lab.trc"), "lab.trc");
    CHECK(trial.lab_frame.units == "mm");
    CHECK(trial.lab_frame.scale == 1e-3);
    // The walker progresses along +X; the net travel of 4 s of walking (sway, partial strides) gives the
    // heading to 0.25 degrees.
    CHECK((trial.lab_frame.rotation * lab - Mat3::Identity()).cwiseAbs().maxCoeff() < 5e-3);
    CHECK(max_difference(walk.trial.points, trial.points) < 0.025);  // m: 0.25 degrees over 5 m
    // And back: the written file equals the one read, to the written precision.
    const io::TrcFile again = io::trc_from_trial(trial);
    CHECK(max_difference(file.points, again.points) < 1e-6);
  }
}

TEST_CASE("lab frame: a treadmill walk (no net travel) faces the direction of the swing movements") {
  SyntheticWalk walk = synthetic_walk({.duration_s = 6.0});
  Trial& t = walk.trial;
  // Remove the forward travel of the pelvis: the feet now move backward in stance like on a belt.
  for (Eigen::Index f = 0; f < t.points.rows(); ++f)
    for (Eigen::Index m = 0; m < t.points.cols() / 3; ++m) t.points(f, 3 * m) -= 1.3 * static_cast<double>(f) / t.rate;
  const Mat3 lab = (Mat3() << 0, 0, -1, 1, 0, 0, 0, -1, 0).finished();  // an odd lab: progression along -Z
  const io::TrcFile file = as_lab_file(t, lab);
  Trial trial = io::trial_from_trc(file, "treadmill.trc");
  CHECK((trial.lab_frame.rotation * lab - Mat3::Identity()).cwiseAbs().maxCoeff() < 0.05);
  CHECK(trial.notes.back().find("treadmill") != std::string::npos);
}

TEST_CASE("lab frame: too few markers is a clear error; no markers keeps the lab axes") {
  PointArray two(10, 6);
  two.setRandom();
  CHECK_THROWS_AS(io::detect_lab_axes(two, 100.0), InvalidArgument);
  CHECK_THROWS_AS(io::detect_lab_axes(two, 0.0), InvalidArgument);
  io::TrcFile empty;
  empty.marker_names = {"A", "B", "C"};
  empty.data_rate = 100;
  empty.points.setConstant(5, 9, std::nan(""));
  const Trial trial = io::trial_from_trc(empty, "empty.trc");
  CHECK(trial.lab_frame.rotation == Mat3::Identity());
  CHECK(trial.notes.back().find("no valid marker samples") != std::string::npos);
}
