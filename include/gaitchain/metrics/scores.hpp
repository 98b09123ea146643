#pragma once
// Summary scores of gait kinematics against a normative set: the Gait Variable Scores (GVS), the Gait
// Profile Score (GPS) and the Movement Analysis Profile (MAP) of Baker R, McGinley JL, Schwartz MH, Beynon S,
// Rozumalski A, Graham HK, Tirosh O. The Gait Profile Score and Movement Analysis Profile. Gait Posture
// 2009;30:265-9.
//
// GVS of one variable and one cycle: the RMS difference between the cycle's curve and the normative mean
// over the points 0, 2, ..., 100 % of the cycle (51 points, as Baker). GPS: the RMS of the GVS, so that
// GPS^2 is the mean of the GVS^2 and the MAP (the bar chart of the GVS) decomposes the GPS.
//
// The Gait Deviation Index (Schwartz MH, Rozumalski A, Gait Posture 2008;28:351-7) is not implemented: it
// needs the feature basis (singular vectors) of their database of thousands of strides, which is not public.
// Baker 2009 found the two closely related; the GPS needs only the normative mean curves.
#include <Eigen/Core>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/metrics/cycles.hpp"
#include "gaitchain/metrics/normative.hpp"

namespace gaitchain::metrics {

// The nine kinematic variables of the GPS, in MAP order. Pelvis angles are the same motion seen from either
// side; the overall GPS counts them once (from the left side, Baker's convention): 15 GVS in all.
inline constexpr std::array<std::string_view, 9> gps_variables = {
    "pelvis_tilt", "pelvis_obliquity", "pelvis_rotation", "hip_flexion",     "hip_adduction",
    "hip_rotation", "knee_flexion",    "ankle_dorsiflexion", "foot_progression"};

struct GaitScores {
  std::vector<std::string> variables;      // gps_variables
  // [side_index]: the MAP, each variable's GVS averaged over the side's scored cycles (rad; NaN without cycles).
  std::array<Eigen::VectorXd, 2> gvs;
  // [side_index]: RMS of the side's nine GVS above (rad; NaN without cycles).
  std::array<double, 2> gps{};
  // RMS of 15 GVS: the left side's nine and the right side's six non-pelvic ones (rad; NaN if a side has
  // no scored cycle).
  double gps_overall = 0.0;
  std::array<int, 2> cycles{};             // scored cycles per side
  // Per scored cycle, for variability: its index in CycleCurves::cycles[side], its GVS (cycles x 9) and
  // its GPS (RMS of its nine GVS).
  std::array<std::vector<int>, 2> cycle_indices;
  std::array<Eigen::MatrixXd, 2> gvs_cycles;
  std::array<Eigen::VectorXd, 2> gps_cycles;
};

// GVS of one curve against a reference curve, both on the 101 cycle points (rad): RMS of their difference at
// 0, 2, ..., 100 %. NaN if either has NaN there; InvalidArgument if a size is not 101.
double gait_variable_score(const Eigen::Ref<const Eigen::VectorXd>& curve,
                           const Eigen::Ref<const Eigen::VectorXd>& reference);

// Scores of every cycle of both sides whose nine curves are whole (cycles the motion does not cover are
// skipped). Each side's GVS is computed per cycle and averaged over its cycles: Baker defines the GVS on one
// cycle, and scoring cycles (rather than the mean curve) keeps stride-to-stride variability in the score as
// in per-trial clinical use; the mean curve would lower it. InvalidArgument if `normative` lacks one of
// the nine variables or its curves are not variables x 101.
GaitScores gait_scores(const CycleCurves& curves, const NormativeCurves& normative);

}  // namespace gaitchain::metrics
