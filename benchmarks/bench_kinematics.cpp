// Timing of the kinematics hot path and of the synthetic walker.
//
//   bench_kinematics [repetitions]      (default 20000 per run; best of 5 runs is reported)
//
// At one fixed random pose (angles uniform in +-40 deg, translations in +-0.5 m, fixed seed) it times
// per frame:
//   (a) forward_kinematics + marker_positions
//   (b) (a) + marker_jacobian (analytic)
//   (c) (b) + marker_scale_jacobian (analytic)
//   (d) a central finite-difference marker Jacobian: 2 * coordinates evaluations of (a)
// and prints microseconds per frame and the ratio (d) / (b). Then synthetic_walk(10 s, 100 Hz) in
// frames per second. Build in Release (the top-level default).
#include <gaitchain/gaitchain.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace {

using Clock = std::chrono::steady_clock;

// Best (smallest) time per call, in microseconds, over `runs` runs of `reps` calls of f.
template <class F>
double best_us(F&& f, long reps, int runs = 5) {
  double best = 1e300;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = Clock::now();
    for (long i = 0; i < reps; ++i) f();
    const auto t1 = Clock::now();
    best = std::min(best, std::chrono::duration<double, std::micro>(t1 - t0).count() / static_cast<double>(reps));
  }
  return best;
}

volatile double sink = 0.0;  // keeps the results observable so nothing is optimised away

void bench_model(int knee_dofs, long reps) {
  gaitchain::LowerBodyOptions options;
  options.knee_dofs = knee_dofs;
  const gaitchain::Model model = gaitchain::Model::lower_body(options);
  const int n = model.coordinate_count();
  const Eigen::Index rows = 3 * static_cast<Eigen::Index>(model.markers.size());

  std::mt19937_64 rng(2024);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Eigen::VectorXd q(n);
  for (int c = 0; c < n; ++c)
    q[c] = model.coordinates[c].kind == gaitchain::DofKind::translation ? 0.5 * u(rng) : gaitchain::rad(40.0) * u(rng);

  gaitchain::Kinematics kin;
  Eigen::VectorXd x(rows), xp(rows), xm(rows), qh = q;
  Eigen::MatrixXd J(rows, n), S(rows, model.scales.size()), Jfd(rows, n);

  const double a = best_us([&] {
    gaitchain::forward_kinematics(model, q, kin);
    gaitchain::marker_positions(model, kin, x);
    sink = sink + x[0];
  }, reps);
  const double b = best_us([&] {
    gaitchain::forward_kinematics(model, q, kin);
    gaitchain::marker_positions(model, kin, x);
    gaitchain::marker_jacobian(model, kin, J);
    sink = sink + x[0] + J(0, 0);
  }, reps);
  const double c = best_us([&] {
    gaitchain::forward_kinematics(model, q, kin);
    gaitchain::marker_positions(model, kin, x);
    gaitchain::marker_jacobian(model, kin, J);
    gaitchain::marker_scale_jacobian(model, kin, S);
    sink = sink + x[0] + J(0, 0) + S(0, 0);
  }, reps);
  const double h = 1e-6;
  const double d = best_us([&] {
    for (int k = 0; k < n; ++k) {
      qh[k] = q[k] + h;
      gaitchain::forward_kinematics(model, qh, kin);
      gaitchain::marker_positions(model, kin, xp);
      qh[k] = q[k] - h;
      gaitchain::forward_kinematics(model, qh, kin);
      gaitchain::marker_positions(model, kin, xm);
      qh[k] = q[k];
      Jfd.col(k) = (xp - xm) / (2 * h);
    }
    sink = sink + Jfd(0, 0);
  }, std::max(1L, reps / (2L * n)));

  // The two Jacobians agree (a sanity check that the timed code computes the same thing).
  gaitchain::forward_kinematics(model, q, kin);
  gaitchain::marker_jacobian(model, kin, J);
  const double max_diff = (J - Jfd).cwiseAbs().maxCoeff();

  std::printf("knee_dofs %d: %d coordinates, %zu markers, %ld repetitions, best of 5\n", knee_dofs, n,
              model.markers.size(), reps);
  std::printf("  (a) forward_kinematics + marker_positions      %8.3f us/frame\n", a);
  std::printf("  (b) (a) + marker_jacobian                      %8.3f us/frame\n", b);
  std::printf("  (c) (b) + marker_scale_jacobian                %8.3f us/frame\n", c);
  std::printf("  (d) central finite-difference Jacobian (%2d FK)  %8.3f us/frame\n", 2 * n, d);
  std::printf("  ratio FD / analytic, (d) / (b)                 %8.1f x   (max |J_fd - J| = %.1e)\n", d / b, max_diff);
}

void bench_walk() {
  gaitchain::WalkOptions o;
  o.duration_s = 10.0;
  o.rate_hz = 100.0;
  double best_s = 1e300;
  std::size_t frames = 0;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = Clock::now();
    const gaitchain::SyntheticWalk w = gaitchain::synthetic_walk(o);
    const auto t1 = Clock::now();
    frames = w.trial.frame_count();
    sink = sink + w.trial.points(0, 0);
    best_s = std::min(best_s, std::chrono::duration<double>(t1 - t0).count());
  }
  std::printf("synthetic_walk 10 s at 100 Hz: %zu frames in %.3f s (best of 5) = %.0f frames/s\n", frames, best_s,
              static_cast<double>(frames) / best_s);
}

}  // namespace

int main(int argc, char** argv) {
  const long reps = argc > 1 ? std::max(1L, std::atol(argv[1])) : 20000L;
  bench_model(1, reps);
  bench_model(3, reps);
  bench_walk();
  return 0;
}
