#pragma once
// Discrete kinematic parameters per side and gait cycle: extremes, ranges and timings of every angle
// variable, and the named clinical parameters a gait report lists (peak hip extension, knee flexion at foot
// strike, peak dorsiflexion in stance, ...). All values in radians, timings in % of the cycle (0 = the
// side's foot strike); stance is 0 % to the cycle's own foot off (Cycle::foot_off).
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/core/side.hpp"
#include "gaitchain/metrics/cycles.hpp"

namespace gaitchain::metrics {

// One angle variable over one cycle (rad; percents of the cycle).
struct VariableSummary {
  Side side = Side::right;
  int cycle = 0;              // index in CycleCurves::cycles[side_index(side)]
  std::string variable;       // angle_variables
  double min = 0.0, max = 0.0, range = 0.0;
  double percent_of_min = 0.0, percent_of_max = 0.0;  // first sample where the extreme is reached
  double at_foot_strike = 0.0;  // value at 0 %
  double mean_stance = 0.0;     // mean over 0 % to foot off; NaN if the foot off is missing
};

// Every angle variable of every cycle whose curve is whole (absent curves, e.g. knee_rotation of a 1-dof
// knee, give no row). Rows by side (left, right), cycle, then angle_variables order.
std::vector<VariableSummary> variable_summaries(const CycleCurves& curves);

// The clinical parameters, each from one angle variable over one window of the cycle. FO = the cycle's foot off
// (% of cycle). "S08" = the discrete parameter of that name in the ANOVA sheet of the Schwartz et al. 2008
// supplementary workbook (J Biomech 41:1639-50), whose values by speed group are the reference.
//   pelvic_tilt_mean             mean pelvis_tilt over the cycle            S08 "Pelvic Tilt Mean"
//   pelvic_tilt_range            max - min of pelvis_tilt                    S08 "Pelvic Tilt Range-of-Motion"
//   pelvic_obliquity_range       max - min of pelvis_obliquity               (frontal pelvic excursion)
//   pelvic_obliquity_max_stance  max pelvis_obliquity, 0-FO (this side up +;  S08 "Pelvic Obliquity Maximum in
//                                a large value = contralateral pelvic drop)    Stance"
//   pelvic_rotation_range        max - min of pelvis_rotation                S08 "Pelvic Rotation Range-of-Motion"
//   hip_flexion_at_foot_strike   hip_flexion at 0 %                          S08 "Hip Flexion at Foot Contact"
//   peak_hip_extension           -min hip_flexion, 0-FO (extension +)        S08 "Hip Flexion Minimum" (negated)
//                                                                            and "Time of Hip Flexion Minimum"
//   hip_adduction_peak_stance    max hip_adduction, 0-FO                     (frontal hip control in stance)
//   hip_rotation_mean_stance     mean hip_rotation, 0-FO                     S08 "Hip Rotation Mean in Stance"
//   knee_flexion_at_foot_strike  knee_flexion at 0 %                         S08 "Knee Flex at Foot Cont"
//   peak_knee_flexion_loading    max knee_flexion, 0-20 %                    (loading-response flexion wave)
//   knee_flexion_min_stance      min knee_flexion, 0-FO                      S08 "Max Knee Ext"
//   peak_knee_flexion_swing      max knee_flexion, FO-100 %                  S08 "Max Knee Flex (swing)" and its time
//   ankle_dorsiflexion_at_foot_strike  at 0 %                                S08 "Dorsiflex at Foot Cont"
//   peak_dorsiflexion_stance     max ankle_dorsiflexion, 0-FO                S08 "Max Dorsiflex (stance)" (S08 times
//                                                                            it in % of stance, we in % of cycle)
//   ankle_dorsiflexion_at_foot_off  at FO                                    S08 "Dorsiflex at Foot Off"
//   peak_plantarflexion_pushoff  -min ankle_dorsiflexion, FO-10 % to FO+10 % S08 "Max Plantarflex (swing)": the
//                                (plantarflexion +)                           peak falls just after foot off
//   foot_progression_mean_stance mean foot_progression, 0-FO (toe-in +)      (foot progression angle; reference:
//                                                                            ../shared/data/normative/README.md)
inline constexpr std::array<std::string_view, 18> clinical_parameter_names = {
    "pelvic_tilt_mean",
    "pelvic_tilt_range",
    "pelvic_obliquity_range",
    "pelvic_obliquity_max_stance",
    "pelvic_rotation_range",
    "hip_flexion_at_foot_strike",
    "peak_hip_extension",
    "hip_adduction_peak_stance",
    "hip_rotation_mean_stance",
    "knee_flexion_at_foot_strike",
    "peak_knee_flexion_loading",
    "knee_flexion_min_stance",
    "peak_knee_flexion_swing",
    "ankle_dorsiflexion_at_foot_strike",
    "peak_dorsiflexion_stance",
    "ankle_dorsiflexion_at_foot_off",
    "peak_plantarflexion_pushoff",
    "foot_progression_mean_stance"};

struct ClinicalParameter {
  Side side = Side::right;
  int cycle = 0;          // index in CycleCurves::cycles[side_index(side)]
  std::string parameter;  // clinical_parameter_names
  double value = 0.0;     // rad; NaN if its window needs a foot off the cycle lacks
  double percent = 0.0;   // % of the cycle where it occurs; NaN for means and ranges
};

// Every parameter of every cycle whose source curve is whole. Rows by side (left, right), cycle, then
// clinical_parameter_names order.
std::vector<ClinicalParameter> clinical_parameters(const CycleCurves& curves);

}  // namespace gaitchain::metrics
