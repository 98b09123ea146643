// Inverse-kinematics speed on one core, as ratios measured in one run:
//
//   bench_ik [TRIAL MARKER_SET [HEIGHT_M]] [--static STATIC] [--lock a,b,...] [--runs N]
//   e.g. bench_ik subject01_walk1.trc gait2354 1.8 --static subject01_static.trc \
//                 --lock subtalar_angle_r,subtalar_angle_l,mtp_angle_r,mtp_angle_l
//   (no trial: a 10 s synthetic walk with 2 mm noise and the plug-in-gait set)
//
// Every solver fits the same problem (the calibrated model's markers found in the trial, the same free
// coordinates, warm start from the previous frame, one thread):
//   ours      gaitchain::inverse_kinematics: TinySolver LM + limits + covariance + flags
//   bare GN   a bare Eigen Gauss-Newton loop on the same analytic residuals and Jacobian: the floor
//   ceres     ceres::Solve on the same residual block with the analytic Jacobian (DENSE_QR, bounds)
//   autodiff  the same ceres::Solve with a templated forward kinematics and AutoDiffCostFunction
// Best of N runs each; frames/s and each time relative to ours; then the largest coordinate difference
// of each solver from ours, which says they solved the same problem.
#include <ceres/ceres.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <gaitchain/gaitchain.hpp>
#include <string>

#include "../src/fit/marker_fit.hpp"

namespace {

using namespace gaitchain;
using Clock = std::chrono::steady_clock;
using fit::RowMatrix;

struct Problem {
  Model matched;
  fit::Observations obs;
  std::vector<int> free;
  Eigen::VectorXd q_fixed;
  Eigen::VectorXd start;  // first frame's start: ours' solution, so every solver starts alike
};

template <class T>
using V3 = Eigen::Matrix<T, 3, 1>;
template <class T>
using M3 = Eigen::Matrix<T, 3, 3>;

// Marker positions for coordinates q (any scalar type), the same kinematics as forward_kinematics.
template <class T>
void markers_t(const Model& m, const std::vector<T>& q, T* out) {
  std::vector<M3<T>> R(m.segments.size());
  std::vector<V3<T>> p(m.segments.size());
  for (std::size_t k = 0; k < m.segments.size(); ++k) {
    const Segment& s = m.segments[k];
    if (s.parent >= 0) {
      R[k] = R[s.parent];
      p[k] = p[s.parent] + R[s.parent] * (m.scales[m.segments[s.parent].scale] * s.joint_offset).cast<T>();
    } else {
      R[k].setIdentity();
      p[k] = s.joint_offset.cast<T>();
    }
    for (const Dof& d : s.dofs) {
      const T v = q[d.coordinate];
      if (d.kind == DofKind::translation) {
        p[k] += R[k] * d.axis.cast<T>() * v;
      } else {
        const V3<T> a = d.axis.cast<T>();
        M3<T> K;
        K << T(0), -a.z(), a.y(), a.z(), T(0), -a.x(), -a.y(), a.x(), T(0);
        using std::cos, std::sin;
        const M3<T> Rd = M3<T>::Identity() * cos(v) + K * sin(v) + (T(1) - cos(v)) * a * a.transpose();
        R[k] = R[k] * Rd;
      }
    }
  }
  for (std::size_t u = 0; u < m.markers.size(); ++u) {
    const BodyPoint& b = m.markers[u];
    const V3<T> x = p[b.segment] + R[b.segment] * (m.scales[m.segments[b.segment].scale] * b.position).cast<T>();
    for (int i = 0; i < 3; ++i) out[3 * u + i] = x[i];
  }
}

struct AutodiffResidual {
  const Problem* pb;
  const double* observed = nullptr;
  const double* sqrt_weight = nullptr;
  template <class T>
  bool operator()(T const* const* x, T* r) const {
    std::vector<T> q(pb->q_fixed.size());
    for (Eigen::Index c = 0; c < pb->q_fixed.size(); ++c) q[c] = T(pb->q_fixed[c]);
    for (std::size_t i = 0; i < pb->free.size(); ++i) q[pb->free[i]] = x[0][i];
    markers_t(pb->matched, q, r);
    for (std::size_t u = 0; u < pb->matched.markers.size(); ++u)
      for (int i = 0; i < 3; ++i)
        r[3 * u + i] = sqrt_weight[u] == 0 ? T(0) : sqrt_weight[u] * (r[3 * u + i] - observed[3 * u + i]);
    return true;
  }
};

template <class F>
double best_seconds(int runs, F&& f) {
  double best = 1e300;
  for (int k = 0; k < runs; ++k) {
    const auto t0 = Clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return best;
}

// Fits every frame in order with `solve(frame, x)`, warm-starting from the previous frame.
template <class Solve>
CoordinateArray sequential(const Problem& pb, Solve&& solve) {
  const Eigen::Index frames = pb.obs.points.rows(), P = static_cast<Eigen::Index>(pb.free.size());
  CoordinateArray out(frames, P);
  Eigen::VectorXd x = pb.start;
  for (Eigen::Index f = 0; f < frames; ++f) {
    solve(f, x);
    out.row(f) = x.transpose();
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string trial_path, marker_set = "plug-in-gait", static_path;
  double height = 1.75;
  std::vector<std::string> lock;
  int runs = 3;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--static" && i + 1 < argc) static_path = argv[++i];
    else if (a == "--runs" && i + 1 < argc) runs = std::atoi(argv[++i]);
    else if (a == "--lock" && i + 1 < argc) {
      std::string list = argv[++i];
      for (std::size_t at = 0; at <= list.size();) {
        const std::size_t comma = std::min(list.find(',', at), list.size());
        lock.push_back(list.substr(at, comma - at));
        at = comma + 1;
      }
    } else positional.push_back(a);
  }
  if (positional.size() >= 2) {
    trial_path = positional[0];
    marker_set = positional[1];
    if (positional.size() >= 3) height = std::atof(positional[2].c_str());
  }

  Trial trial;
  Model model;
  if (trial_path.empty()) {
    WalkOptions wo;
    wo.noise_m = 0.002;
    auto walk = synthetic_walk(wo);
    trial = walk.trial;
    model = walk.truth.model;
    std::printf("trial: synthetic walk, 10 s at 100 Hz, 2 mm noise, plug-in-gait\n");
  } else {
    trial = io::read_trial(trial_path);
    model = Model::lower_body({height, 1, marker_set});
    if (!static_path.empty()) model = calibrate(model, io::read_trial(static_path)).model;
    std::printf("trial: %s (%zu frames), marker set %s%s\n", trial_path.c_str(), trial.frame_count(), marker_set.c_str(),
                static_path.empty() ? "" : ", calibrated on the static trial");
  }

  IkOptions options;
  for (const auto& name : lock) options.locked.push_back({name, 0.0});
  Motion ours;
  const double t_ours = best_seconds(runs, [&] { ours = inverse_kinematics(model, trial, options); });

  Problem pb;
  auto data = fit::match_trial(model, trial, {}, "bench");
  pb.matched = std::move(data.matched);
  pb.obs = std::move(data.obs);
  const fit::MarkerMatch& match = data.match;
  pb.q_fixed = Eigen::VectorXd::Zero(model.coordinate_count());
  for (int c = 0; c < model.coordinate_count(); ++c)
    if (std::find(lock.begin(), lock.end(), model.coordinates[c].name) == lock.end()) pb.free.push_back(c);
  const auto P = static_cast<Eigen::Index>(pb.free.size());
  pb.start.resize(P);
  for (Eigen::Index i = 0; i < P; ++i) pb.start[i] = std::isnan(ours.coordinates(0, pb.free[i])) ? 0.0 : ours.coordinates(0, pb.free[i]);
  std::printf("%zu markers matched, %ld free coordinates, %zu frames\n\n", match.size(), static_cast<long>(P), trial.frame_count());

  // Bare Gauss-Newton (a tiny ridge keeps coordinates no marker sees from making H singular).
  fit::MarkerResiduals residuals(pb.matched, pb.free, pb.q_fixed, {});
  RowMatrix J(residuals.residual_count(), P);
  Eigen::VectorXd r(residuals.residual_count());
  CoordinateArray bare;
  const double t_bare = best_seconds(runs, [&] {
    bare = sequential(pb, [&](Eigen::Index f, Eigen::VectorXd& x) {
      residuals.set_frame(pb.obs.points.row(f).data(), pb.obs.sqrt_weight.row(f).data());
      double cost = std::numeric_limits<double>::infinity();
      for (int it = 0; it < 50; ++it) {  // stops as ours: step or cost change below the same tolerances
        residuals.evaluate(x.data(), r.data(), J.data());
        const double new_cost = 0.5 * r.squaredNorm();
        if (cost - new_cost < 1e-10) break;
        cost = new_cost;
        Eigen::MatrixXd H = J.transpose() * J;
        H.diagonal().array() += 1e-9;
        const Eigen::VectorXd dx = H.ldlt().solve(J.transpose() * r);
        x -= dx;
        if (dx.norm() < 1e-8 * (x.norm() + 1e-8)) break;
      }
    });
  });

  // ceres::Solve, analytic and autodiff, bounds as in ours.
  auto ceres_run = [&](ceres::CostFunction* cost, auto&& set_frame) {
    Eigen::VectorXd x(P);
    ceres::Problem::Options po;
    po.cost_function_ownership = ceres::DO_NOT_TAKE_OWNERSHIP;
    ceres::Problem problem(po);
    problem.AddResidualBlock(cost, nullptr, x.data());
    for (Eigen::Index i = 0; i < P; ++i) {
      const Coordinate& c = pb.matched.coordinates[pb.free[i]];
      if (std::isfinite(c.lower)) problem.SetParameterLowerBound(x.data(), static_cast<int>(i), c.lower);
      if (std::isfinite(c.upper)) problem.SetParameterUpperBound(x.data(), static_cast<int>(i), c.upper);
    }
    const ceres::Solver::Options so = fit::frame_solver_options(100);
    return sequential(pb, [&](Eigen::Index f, Eigen::VectorXd& start) {
      set_frame(f);
      x = start.cwiseMax(Eigen::VectorXd::Constant(P, -1e300));
      for (Eigen::Index i = 0; i < P; ++i) {
        const Coordinate& c = pb.matched.coordinates[pb.free[i]];
        x[i] = std::clamp(x[i], c.lower, c.upper);
      }
      ceres::Solver::Summary summary;
      ceres::Solve(so, &problem, &summary);
      start = x;
    });
  };
  fit::MarkerCost analytic(&residuals);
  CoordinateArray ceres_analytic;
  const double t_ceres = best_seconds(runs, [&] {
    ceres_analytic = ceres_run(&analytic, [&](Eigen::Index f) {
      residuals.set_frame(pb.obs.points.row(f).data(), pb.obs.sqrt_weight.row(f).data());
    });
  });
  auto* functor = new AutodiffResidual{&pb};
  ceres::DynamicAutoDiffCostFunction<AutodiffResidual, 8> autodiff(functor);
  autodiff.AddParameterBlock(static_cast<int>(P));
  autodiff.SetNumResiduals(residuals.residual_count());
  CoordinateArray ceres_autodiff;
  const double t_autodiff = best_seconds(std::max(1, runs / 2), [&] {
    ceres_autodiff = ceres_run(&autodiff, [&](Eigen::Index f) {
      functor->observed = pb.obs.points.row(f).data();
      functor->sqrt_weight = pb.obs.sqrt_weight.row(f).data();
    });
  });

  auto max_diff = [&](const CoordinateArray& other) {
    double worst = 0;
    for (Eigen::Index f = 0; f < other.rows(); ++f)
      for (Eigen::Index i = 0; i < P; ++i) {
        const double a = ours.coordinates(f, pb.free[i]);
        if (!std::isnan(a) && pb.matched.coordinates[pb.free[i]].kind == DofKind::rotation)
          worst = std::max(worst, std::abs(unwrap_near(other(f, i), a) - a));  // a full turn is the same angle
      }
    return worst * 180.0 / 3.141592653589793;
  };
  const double frames = static_cast<double>(trial.frame_count());
  std::printf("%-10s %12s %12s %14s %22s\n", "solver", "us/frame", "frames/s", "time / ours", "max |angle - ours| deg");
  auto row = [&](const char* name, double t, double diff) {
    std::printf("%-10s %12.1f %12.0f %14.2f %22.2g\n", name, t / frames * 1e6, frames / t, t / t_ours, diff);
  };
  row("ours", t_ours, 0.0);
  row("bare GN", t_bare, max_diff(bare));
  row("ceres", t_ceres, max_diff(ceres_analytic));
  row("autodiff", t_autodiff, max_diff(ceres_autodiff));
  std::printf("\nours / bare GN = %.2f (aim <= 1.5); autodiff / ours = %.1f; ceres::Solve analytic / ours = %.1f\n",
              t_ours / t_bare, t_autodiff / t_ours, t_ceres / t_ours);
  std::printf("ours: marker RMS median %.1f mm\n", [&] {
    std::vector<double> v;
    for (Eigen::Index f = 0; f < ours.marker_rms.size(); ++f)
      if (std::isfinite(ours.marker_rms[f])) v.push_back(ours.marker_rms[f]);
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2] * 1000;
  }());
}
