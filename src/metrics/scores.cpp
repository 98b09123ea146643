// Gait Variable Scores, Gait Profile Score and Movement Analysis Profile (Baker et al. 2009).
#include "gaitchain/metrics/scores.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "gaitchain/core/error.hpp"

namespace gaitchain::metrics {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr int gps_variable_count = static_cast<int>(gps_variables.size());
constexpr int pelvis_variable_count = 3;  // the first three of gps_variables

double rms(const Eigen::Ref<const Eigen::VectorXd>& v) { return std::sqrt(v.squaredNorm() / static_cast<double>(v.size())); }

}  // namespace

double gait_variable_score(const Eigen::Ref<const Eigen::VectorXd>& curve, const Eigen::Ref<const Eigen::VectorXd>& reference) {
  if (curve.size() != cycle_points || reference.size() != cycle_points)
    throw InvalidArgument("gait_variable_score: curves must have " + std::to_string(cycle_points) + " points, got " +
                          std::to_string(curve.size()) + " and " + std::to_string(reference.size()));
  // Baker's 51 points (every 2 % of the cycle): the normative data were sampled there, so no interpolated
  // reference point enters the score.
  double sum = 0.0;
  for (int p = 0; p < cycle_points; p += 2) {
    const double d = curve[p] - reference[p];
    sum += d * d;  // NaN propagates
  }
  return std::sqrt(sum / static_cast<double>((cycle_points + 1) / 2));
}

GaitScores gait_scores(const CycleCurves& curves, const NormativeCurves& normative) {
  if (normative.mean.cols() != cycle_points || normative.mean.rows() != static_cast<Eigen::Index>(normative.variables.size()))
    throw InvalidArgument("gait_scores: normative curves '" + normative.source + "' must be variables x " +
                          std::to_string(cycle_points) + ", got " + std::to_string(normative.mean.rows()) + " x " +
                          std::to_string(normative.mean.cols()));
  std::array<int, gps_variable_count> reference{};
  for (int v = 0; v < gps_variable_count; ++v) {
    reference[v] = normative.index(gps_variables[v]);
    if (reference[v] < 0)
      throw InvalidArgument("gait_scores: normative curves '" + normative.source + "' (" + normative.group +
                            ") have no variable '" + std::string(gps_variables[v]) + "'");
    if (!normative.mean.row(reference[v]).allFinite())
      throw InvalidArgument("gait_scores: normative mean of '" + std::string(gps_variables[v]) + "' is not finite");
  }

  GaitScores out;
  out.variables.assign(gps_variables.begin(), gps_variables.end());
  for (Side side : {Side::left, Side::right}) {
    const int s = side_index(side);
    const auto cycle_count = static_cast<int>(curves.cycles[s].size());
    std::vector<Eigen::VectorXd> rows;
    for (int c = 0; c < cycle_count; ++c) {
      Eigen::VectorXd gvs(gps_variable_count);
      bool whole = true;
      for (int v = 0; v < gps_variable_count && whole; ++v) {
        const Eigen::MatrixXd& m = curves.of(gps_variables[v], side);
        if (c >= m.rows() || m.cols() != cycle_points) {
          whole = false;
          break;
        }
        gvs[v] = gait_variable_score(m.row(c).transpose(), normative.mean.row(reference[v]).transpose());
        whole = std::isfinite(gvs[v]);  // a curve is whole or all NaN (cycles.hpp)
      }
      if (!whole) continue;
      out.cycle_indices[s].push_back(c);
      rows.push_back(gvs);
    }
    const auto n = static_cast<Eigen::Index>(rows.size());
    out.cycles[s] = static_cast<int>(n);
    out.gvs_cycles[s].resize(n, gps_variable_count);
    out.gps_cycles[s].resize(n);
    for (Eigen::Index k = 0; k < n; ++k) {
      out.gvs_cycles[s].row(k) = rows[static_cast<std::size_t>(k)].transpose();
      out.gps_cycles[s][k] = rms(rows[static_cast<std::size_t>(k)]);
    }
    if (n == 0) {
      out.gvs[s] = Eigen::VectorXd::Constant(gps_variable_count, nan);
      out.gps[s] = nan;
    } else {
      out.gvs[s] = out.gvs_cycles[s].colwise().mean().transpose();
      out.gps[s] = rms(out.gvs[s]);
    }
  }
  // Pelvis once, from the left side (Baker 2009; pyCGM2 and Visual3D do the same).
  const int left = side_index(Side::left), right = side_index(Side::right);
  const double sum = out.gvs[left].squaredNorm() + out.gvs[right].tail(gps_variable_count - pelvis_variable_count).squaredNorm();
  out.gps_overall = std::sqrt(sum / static_cast<double>(2 * gps_variable_count - pelvis_variable_count));
  return out;
}

}  // namespace gaitchain::metrics
