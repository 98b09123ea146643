// Inverse kinematics driver.
//
// Frames are cut into fixed chunks of kChunk frames. Each chunk starts cold (pelvis placed by a rigid fit
// of the markers, joints at 0) and warm-starts every later frame from the two before it, so a chunk's result
// depends only on its own frames: any number of threads gives bit-identical output.
#include "gaitchain/fit/inverse_kinematics.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <ceres/tiny_solver.h>

#include "gaitchain/core/angles.hpp"
#include "gaitchain/core/error.hpp"
#include "marker_fit.hpp"

namespace gaitchain {
namespace {

using fit::RowMatrix;
constexpr Eigen::Index kChunk = 64;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct FrameResult {
  bool fitted = false;
  Eigen::VectorXd hinv_diag;  // diag of (J^T W J)^-1, before scaling by sigma^2; NaN where undetermined
  double ssr = 0.0;           // sum of squared (weighted, robust) residuals
  int dof = 0;                // residual count minus determined parameters
};

// Ceres' TinySolver (Levenberg-Marquardt for small dense problems) over one frame's marker residuals.
// It has none of ceres::Solve's per-call set-up, which costs more than the whole fit of a warm-started
// frame (about 20 us per iteration here against 3 us).
struct TinyFunction {
  using Scalar = double;
  enum { NUM_RESIDUALS = Eigen::Dynamic, NUM_PARAMETERS = Eigen::Dynamic };
  fit::MarkerResiduals* residuals;
  int NumResiduals() const { return residuals->residual_count(); }
  int NumParameters() const { return residuals->parameter_count(); }
  bool operator()(const double* x, double* r, double* J) const { return residuals->evaluate(x, r, J, true); }
};

// Per-thread solver. Joint limits by an active set: fit, clamp the coordinates that left their range,
// fit again with them held at the limit, until none leaves.
class FrameSolver {
 public:
  FrameSolver(const Model& matched, const std::vector<int>& free, const Eigen::VectorXd& q_fixed, const IkOptions& options)
      : model_(matched), free_(free), q_fixed_(q_fixed), robust_{options.loss, options.loss_scale_m * options.loss_scale_m},
        residuals_(matched, free, q_fixed, robust_), lower_(free.size()), upper_(free.size()) {
    for (std::size_t i = 0; i < free.size(); ++i) {
      const Coordinate& c = matched.coordinates[free[i]];
      lower_[i] = options.joint_limits ? c.lower : -std::numeric_limits<double>::infinity();
      upper_[i] = options.joint_limits ? c.upper : std::numeric_limits<double>::infinity();
      const bool bounded = c.kind == DofKind::rotation && std::isfinite(c.lower) && std::isfinite(c.upper);
      range_centre_.push_back(bounded ? 0.5 * (c.lower + c.upper) : nan);
    }
    solver_.options.max_num_iterations = options.max_iterations;
    solver_.options.gradient_tolerance = 1e-10;
    solver_.options.parameter_tolerance = 1e-8;
    // Absolute change of the cost (m^2): 1e-10 is 1e-5 of the cost of 1 mm noise on 20 markers, so stopping
    // there moves no coordinate by a noticeable fraction of its uncertainty.
    solver_.options.function_tolerance = 1e-10;
  }

  // The residuals over all free coordinates, for the Jacobian at the solution.
  fit::MarkerResiduals& residuals() { return residuals_; }

  void solve(const double* observed, const double* sqrt_weight, Eigen::VectorXd& x) {
    x = x.cwiseMax(lower_).cwiseMin(upper_);
    residuals_.set_frame(observed, sqrt_weight);
    run(residuals_, x);
    std::vector<bool> clamped(x.size(), false);
    // Angles are periodic: a fit may land a full turn away from the joint's range.
    for (Eigen::Index i = 0; i < x.size(); ++i)
      if (std::isfinite(range_centre_[i])) x[i] = unwrap_near(x[i], range_centre_[i]);
    for (;;) {
      bool outside = false;
      for (Eigen::Index i = 0; i < x.size(); ++i)
        if (x[i] < lower_[i] || x[i] > upper_[i]) {
          x[i] = std::clamp(x[i], lower_[i], upper_[i]);
          clamped[i] = outside = true;
        }
      if (!outside) return;
      std::vector<int> still_free;
      Eigen::VectorXd q = q_fixed_, y;
      for (Eigen::Index i = 0; i < x.size(); ++i) q[free_[i]] = x[i];
      for (Eigen::Index i = 0; i < x.size(); ++i)
        if (!clamped[i]) still_free.push_back(free_[i]);
      if (still_free.empty()) return;
      fit::MarkerResiduals reduced(model_, still_free, q, robust_);
      reduced.set_frame(observed, sqrt_weight);
      y.resize(static_cast<Eigen::Index>(still_free.size()));
      for (Eigen::Index i = 0, k = 0; i < x.size(); ++i)
        if (!clamped[i]) y[k++] = x[i];
      run(reduced, y);
      for (Eigen::Index i = 0, k = 0; i < x.size(); ++i)
        if (!clamped[i]) x[i] = y[k++];
    }
  }

 private:
  void run(fit::MarkerResiduals& residuals, Eigen::VectorXd& x) {
    solver_.Solve(TinyFunction{&residuals}, &x);
  }

  const Model& model_;
  std::vector<int> free_;
  Eigen::VectorXd q_fixed_;
  fit::Robust robust_;
  fit::MarkerResiduals residuals_;
  Eigen::VectorXd lower_, upper_;
  std::vector<double> range_centre_;  // of each bounded angle's range, NaN for the others
  ceres::TinySolver<TinyFunction> solver_;
};

// Cold start: joints at their fixed/zero values, pelvis heading and position from a rigid fit of the
// observed markers to the model's neutral pose.
Eigen::VectorXd cold_start(const Model& matched, const std::vector<int>& free, const Eigen::VectorXd& q_fixed,
                           const double* observed, const double* sqrt_weight) {
  Eigen::VectorXd q = q_fixed;
  const Segment& root = matched.segments[0];
  for (const Dof& d : root.dofs) q[d.coordinate] = 0.0;
  Kinematics kin;
  forward_kinematics(matched, q, kin);
  Vec3 data_centre = Vec3::Zero(), model_centre = Vec3::Zero();
  double total = 0;
  const std::size_t U = matched.markers.size();
  for (std::size_t u = 0; u < U; ++u) {
    const double w = sqrt_weight[u] * sqrt_weight[u];
    if (w == 0) continue;
    data_centre += w * Eigen::Map<const Vec3>(observed + 3 * u);
    model_centre += w * point_position(matched, kin, matched.markers[u]);
    total += w;
  }
  data_centre /= total;
  model_centre /= total;
  Mat3 cov = Mat3::Zero();
  for (std::size_t u = 0; u < U; ++u) {
    const double w = sqrt_weight[u] * sqrt_weight[u];
    if (w == 0) continue;
    cov += w * (Eigen::Map<const Vec3>(observed + 3 * u) - data_centre) *
           (point_position(matched, kin, matched.markers[u]) - model_centre).transpose();
  }
  // Heading only (about Z): the rotation in the horizontal plane that best aligns model to data.
  const double yaw = std::atan2(cov(1, 0) - cov(0, 1), cov(0, 0) + cov(1, 1));
  // Root dofs: translations along world X, Y, Z, then rotations; with tilt = list = 0 the heading is the
  // rotation about Z. Place the origin so the centroids coincide.
  const Mat3 R = rotation_z(yaw);
  Vec3 origin = data_centre - R * model_centre;
  for (const Dof& d : root.dofs) {
    if (d.kind == DofKind::translation) q[d.coordinate] = d.axis.dot(origin);
    else if (d.axis.isApprox(Vec3::UnitZ())) q[d.coordinate] = yaw;
  }
  Eigen::VectorXd x(free.size());
  for (std::size_t i = 0; i < free.size(); ++i) x[i] = q[free[i]];
  return x;
}

struct Setup : fit::MatchedTrial {
  std::vector<int> free;
  Eigen::VectorXd q_fixed;
  std::vector<bool> is_root;  // per coordinate
};

Setup prepare(const Model& model, const Trial& trial, const IkOptions& options) {
  constexpr std::string_view who = "inverse_kinematics";
  trial.validate();
  model.validate();
  if (!(options.loss_scale_m > 0) || !std::isfinite(options.loss_scale_m))
    throw InvalidArgument("inverse_kinematics: loss_scale_m must be a positive number of metres");
  if (!(options.smoothing >= 0) || !std::isfinite(options.smoothing))
    throw InvalidArgument("inverse_kinematics: smoothing must be >= 0");
  if (!(options.marker_noise_m >= 0) || !std::isfinite(options.marker_noise_m))
    throw InvalidArgument("inverse_kinematics: marker_noise_m must be >= 0");
  if (options.threads < 1) throw InvalidArgument("inverse_kinematics: threads must be >= 1");
  if (options.max_iterations < 1) throw InvalidArgument("inverse_kinematics: max_iterations must be >= 1");
  Setup s;
  static_cast<fit::MatchedTrial&>(s) = fit::match_trial(model, trial, options.weights, who);
  fit::check_size(fit::size_ratio(s.matched, s.obs), 1.0 / 3.0, 3.0, model.height_m, who);

  const int n = model.coordinate_count();
  s.q_fixed = Eigen::VectorXd::Zero(n);
  std::vector<bool> locked(n, false);
  for (const auto& [name, value] : options.locked) {
    const int c = model.coordinate_index(name);
    if (!std::isfinite(value)) throw InvalidArgument("inverse_kinematics: locked value of '" + name + "' is not finite");
    locked[c] = true;
    s.q_fixed[c] = value;
  }
  for (int c = 0; c < n; ++c)
    if (!locked[c]) s.free.push_back(c);
  s.is_root.assign(n, false);
  for (const Dof& d : model.segments[0].dofs) s.is_root[d.coordinate] = true;
  return s;
}

// Fits frames [begin, end) of one chunk.
void fit_chunk(const Setup& s, FrameSolver& solver, Eigen::Index begin, Eigen::Index end, CoordinateArray& q_out,
               std::vector<FrameResult>& results, std::vector<std::string>& flags) {
  const Model& m = s.matched;
  const int n = m.coordinate_count();
  const Eigen::Index P = static_cast<Eigen::Index>(s.free.size());
  const int U = static_cast<int>(m.markers.size());
  std::optional<Eigen::VectorXd> previous, before;  // the last two fitted frames, for the warm start
  std::vector<bool> seen, undetermined;  // the last observed-marker set and what it leaves undetermined
  RowMatrix J(3 * U, P);
  Eigen::MatrixXd H(P, P);
  Eigen::VectorXd r(3 * U);
  for (Eigen::Index f = begin; f < end; ++f) {
    const double* observed = s.obs.points.row(f).data();
    const double* sqrt_weight = s.obs.sqrt_weight.row(f).data();
    const int count = s.obs.observed(f);
    if (count < 3) {
      flags[f] = "only " + std::to_string(count) + " of " + std::to_string(U) + " markers observed";
      previous.reset();
      before.reset();
      continue;
    }
    // Warm start: the last frame moved on at its velocity (fewer iterations than the last frame alone).
    Eigen::VectorXd x = !previous ? cold_start(m, s.free, s.q_fixed, observed, sqrt_weight)
                        : before  ? Eigen::VectorXd(2.0 * *previous - *before)
                                  : *previous;
    solver.solve(observed, sqrt_weight, x);

    // Which coordinates the observed markers determine: the null space of J^T W J. It depends on which
    // markers are seen, not on the pose (short of singular poses), so it is recomputed only when that
    // set changes.
    fit::MarkerResiduals& res = solver.residuals();
    res.evaluate(x.data(), r.data(), J.data());
    H.setZero();
    H.selfadjointView<Eigen::Lower>().rankUpdate(J.transpose());
    H.triangularView<Eigen::StrictlyUpper>() = H.transpose();
    std::vector<bool> mask(U);
    for (int u = 0; u < U; ++u) mask[u] = sqrt_weight[u] > 0;
    if (mask != seen) {
      seen = mask;
      undetermined.assign(P, false);
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(H);
      const double largest = eig.eigenvalues().maxCoeff();
      for (Eigen::Index k = 0; k < P; ++k) {
        if (eig.eigenvalues()[k] > 1e-10 * largest) continue;
        for (Eigen::Index i = 0; i < P; ++i)
          if (std::abs(eig.eigenvectors()(i, k)) > 1e-3) undetermined[i] = true;
      }
    }
    std::vector<int> determined;
    std::string missing;
    bool root_lost = false;
    for (Eigen::Index i = 0; i < P; ++i) {
      if (!undetermined[i]) {
        determined.push_back(static_cast<int>(i));
        continue;
      }
      missing += (missing.empty() ? "" : ", ") + m.coordinates[s.free[i]].name;
      if (s.is_root[s.free[i]]) root_lost = true;
    }
    if (root_lost) {
      flags[f] = "the " + std::to_string(count) + " observed markers do not determine the pelvis (" + missing + ")";
      previous.reset();
      before.reset();
      continue;
    }
    if (!missing.empty()) flags[f] = "not determined by the observed markers: " + missing;

    FrameResult& out = results[f];
    out.fitted = true;
    out.hinv_diag = Eigen::VectorXd::Zero(n);  // locked coordinates: no uncertainty
    for (int c = 0; c < n; ++c) q_out(f, c) = s.q_fixed[c];
    for (Eigen::Index i = 0; i < P; ++i) {
      q_out(f, s.free[i]) = undetermined[i] ? nan : x[i];
      if (undetermined[i]) out.hinv_diag[s.free[i]] = nan;
    }
    const auto D = static_cast<Eigen::Index>(determined.size());
    Eigen::MatrixXd Hd(D, D);
    for (Eigen::Index a = 0; a < D; ++a)
      for (Eigen::Index b = 0; b < D; ++b) Hd(a, b) = H(determined[a], determined[b]);
    const Eigen::MatrixXd Hinv = Hd.ldlt().solve(Eigen::MatrixXd::Identity(D, D));
    for (Eigen::Index a = 0; a < D; ++a) out.hinv_diag[s.free[determined[a]]] = Hinv(a, a);
    out.ssr = r.squaredNorm();
    out.dof = 3 * count - static_cast<int>(D);
    // Warm start the next frame; coordinates nothing determines keep their last value.
    before = previous;
    previous = x;
  }
}

// Marker distances and per-frame RMS from the final coordinates.
void marker_errors(const Setup& s, const CoordinateArray& q, const std::vector<FrameResult>& results, Motion& motion) {
  const Model& m = s.matched;
  const Eigen::Index frames = q.rows(), U = static_cast<Eigen::Index>(m.markers.size());
  motion.marker_error.setConstant(frames, U, nan);
  motion.marker_rms.setConstant(frames, nan);
  Kinematics kin;
  Eigen::VectorXd qf(q.cols());
  for (Eigen::Index f = 0; f < frames; ++f) {
    if (!results[f].fitted) continue;
    qf = q.row(f).transpose();
    for (Eigen::Index c = 0; c < qf.size(); ++c)
      if (std::isnan(qf[c])) qf[c] = 0.0;  // undetermined: no observed marker depends on it
    forward_kinematics(m, qf, kin);
    double ss = 0;
    int count = 0;
    for (Eigen::Index u = 0; u < U; ++u) {
      if (s.obs.sqrt_weight(f, u) == 0) continue;
      const double d = (point_position(m, kin, m.markers[u]) - s.obs.points.row(f).segment<3>(3 * u).transpose()).norm();
      motion.marker_error(f, u) = d;
      ss += d * d;
      ++count;
    }
    if (count) motion.marker_rms[f] = std::sqrt(ss / count);
  }
}

// Cost block for temporal smoothing: c * (x[f-1] - 2 x[f] + x[f+1]) for every free coordinate.
class SecondDifferenceCost final : public ceres::CostFunction {
 public:
  SecondDifferenceCost(int size, double c) : size_(size), c_(c) {
    set_num_residuals(size);
    for (int k = 0; k < 3; ++k) mutable_parameter_block_sizes()->push_back(size);
  }
  bool Evaluate(double const* const* x, double* r, double** J) const override {
    for (int i = 0; i < size_; ++i) r[i] = c_ * (x[0][i] - 2.0 * x[1][i] + x[2][i]);
    if (J)
      for (int k = 0; k < 3; ++k)
        if (J[k]) {
          Eigen::Map<RowMatrix> Jk(J[k], size_, size_);
          Jk.setZero();
          Jk.diagonal().setConstant(k == 1 ? -2.0 * c_ : c_);
        }
    return true;
  }

 private:
  int size_;
  double c_;
};

// Refits each run of consecutive fitted frames jointly with the smoothness cost. Coordinates that were
// undetermined stay NaN: smoothing must not invent them.
void smooth(const Setup& s, const IkOptions& options, double rate, CoordinateArray& q, const std::vector<FrameResult>& results) {
  const Eigen::Index frames = q.rows(), P = static_cast<Eigen::Index>(s.free.size());
  const double dt = 1.0 / rate;
  const double c = std::sqrt(options.smoothing * dt) / (dt * dt);
  Eigen::Index f = 0;
  while (f < frames) {
    if (!results[f].fitted) {
      ++f;
      continue;
    }
    Eigen::Index end = f;
    while (end < frames && results[end].fitted) ++end;
    if (end - f >= 3) {
      const Eigen::Index T = end - f;
      RowMatrix x(T, P);
      std::vector<std::unique_ptr<fit::MarkerResiduals>> residuals;
      std::vector<std::unique_ptr<fit::MarkerCost>> costs;
      ceres::Problem::Options po;
      po.cost_function_ownership = ceres::DO_NOT_TAKE_OWNERSHIP;
      ceres::Problem problem(po);
      std::vector<std::unique_ptr<SecondDifferenceCost>> smooth_costs;
      for (Eigen::Index t = 0; t < T; ++t) {
        for (Eigen::Index i = 0; i < P; ++i) {
          const double v = q(f + t, s.free[i]);
          x(t, i) = std::isnan(v) ? (t > 0 ? x(t - 1, i) : 0.0) : v;
        }
        residuals.push_back(std::make_unique<fit::MarkerResiduals>(
            s.matched, s.free, s.q_fixed, fit::Robust{options.loss, options.loss_scale_m * options.loss_scale_m}));
        residuals.back()->set_frame(s.obs.points.row(f + t).data(), s.obs.sqrt_weight.row(f + t).data());
        costs.push_back(std::make_unique<fit::MarkerCost>(residuals.back().get()));
        problem.AddResidualBlock(costs.back().get(), nullptr, x.row(t).data());
      }
      for (Eigen::Index t = 1; t + 1 < T; ++t) {
        smooth_costs.push_back(std::make_unique<SecondDifferenceCost>(static_cast<int>(P), c));
        problem.AddResidualBlock(smooth_costs.back().get(), nullptr, x.row(t - 1).data(), x.row(t).data(), x.row(t + 1).data());
      }
      if (options.joint_limits)
        for (Eigen::Index t = 0; t < T; ++t)
          for (Eigen::Index i = 0; i < P; ++i) {
            const Coordinate& co = s.matched.coordinates[s.free[i]];
            if (std::isfinite(co.lower)) problem.SetParameterLowerBound(x.row(t).data(), static_cast<int>(i), co.lower);
            if (std::isfinite(co.upper)) problem.SetParameterUpperBound(x.row(t).data(), static_cast<int>(i), co.upper);
          }
      ceres::Solver::Options so;
      so.linear_solver_type = ceres::SPARSE_NORMAL_CHOLESKY;
      so.max_num_iterations = options.max_iterations;
      so.function_tolerance = 1e-12;
      so.parameter_tolerance = 1e-10;
      so.logging_type = ceres::SILENT;
      so.num_threads = 1;  // one thread: the result must not depend on options.threads
      ceres::Solver::Summary summary;
      ceres::Solve(so, &problem, &summary);
      for (Eigen::Index t = 0; t < T; ++t)
        for (Eigen::Index i = 0; i < P; ++i)
          if (!std::isnan(q(f + t, s.free[i]))) q(f + t, s.free[i]) = x(t, i);
    }
    f = end;
  }
}

}  // namespace

Motion inverse_kinematics(const Model& model, const Trial& trial, const IkOptions& options) {
  const Setup s = prepare(model, trial, options);
  const Eigen::Index frames = trial.points.rows();
  const int n = model.coordinate_count();

  Motion motion;
  for (const auto& c : model.coordinates) {
    motion.coordinate_names.push_back(c.name);
    motion.rotational.push_back(c.kind == DofKind::rotation);
  }
  motion.marker_names = s.match.names;
  motion.rate = trial.rate;
  motion.first_frame = trial.first_frame;
  motion.events = trial.events;
  motion.coordinates.setConstant(frames, n, nan);
  motion.flags.assign(frames, "");
  std::vector<FrameResult> results(frames);

  const Eigen::Index chunks = (frames + kChunk - 1) / kChunk;
  std::atomic<Eigen::Index> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      FrameSolver solver(s.matched, s.free, s.q_fixed, options);
      for (Eigen::Index c = next++; c < chunks; c = next++)
        fit_chunk(s, solver, c * kChunk, std::min(frames, (c + 1) * kChunk), motion.coordinates, results, motion.flags);
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = chunks;
    }
  };
  const int thread_count = static_cast<int>(std::min<Eigen::Index>(options.threads, std::max<Eigen::Index>(chunks, 1)));
  std::vector<std::thread> pool;
  for (int t = 1; t < thread_count; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);

  // Continuous angles: chunks start cold, so an unbounded rotation (pelvis heading) may come out 2 pi
  // away from its neighbour; bring each value next to the previous one.
  for (int c = 0; c < n; ++c) {
    if (!motion.rotational[c]) continue;
    double previous = nan;
    for (Eigen::Index f = 0; f < frames; ++f) {
      double& v = motion.coordinates(f, c);
      if (std::isnan(v)) continue;
      if (!std::isnan(previous)) v = unwrap_near(v, previous);
      previous = v;
    }
  }

  if (options.smoothing > 0) smooth(s, options, trial.rate, motion.coordinates, results);


  // Uncertainty: sigma^2 (J^T W J)^-1, sigma given or pooled from the residuals of all fitted frames.
  double ssr = 0;
  long dof = 0;
  for (const auto& r : results)
    if (r.fitted) {
      ssr += r.ssr;
      dof += r.dof;
    }
  motion.marker_noise_m = options.marker_noise_m > 0 ? options.marker_noise_m : (dof > 0 ? std::sqrt(ssr / dof) : nan);
  motion.uncertainty.setConstant(frames, n, nan);
  for (Eigen::Index f = 0; f < frames; ++f)
    if (results[f].fitted)
      for (int c = 0; c < n; ++c)
        if (!std::isnan(motion.coordinates(f, c)))
          motion.uncertainty(f, c) = motion.marker_noise_m * std::sqrt(std::max(results[f].hinv_diag[c], 0.0));

  marker_errors(s, motion.coordinates, results, motion);
  return motion;
}

}  // namespace gaitchain
