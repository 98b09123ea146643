#pragma once
// Segment geometry of the template chain as fractions of standing height H.
//
// Sources:
//  [W]  Winter DA. Biomechanics and Motor Control of Human Movement, 4th ed., Wiley 2009, Fig. 4.1 /
//       Table 4.1 (segment lengths as fractions of height, after Drillis & Contini 1966): greater
//       trochanter 0.530 H, knee 0.285 H, ankle 0.039 H above the floor; foot length 0.152 H, foot
//       width 0.055 H; shoulder 0.818 H.
//  [H]  Harrington ME, Zavatsky AB, Lawson SEM, Yuan Z, Theologis TN. Prediction of the hip joint
//       centre in adults, children, and patients with cerebral palsy based on magnetic resonance
//       imaging. J Biomech 2007;40:595-602. HJC from pelvis width PW (inter-ASIS) and depth PD
//       (mid-ASIS to mid-PSIS), mm: posterior 0.24 PD + 9.9, inferior 0.30 PW + 10.9, lateral
//       0.33 PW + 7.3. We use the ratios and scale the constants with height (1.75 m reference).
// Pelvis width and depth, the L5/S1 position and the trunk landmarks are typical adult values
// (PW 0.245 m, PD 0.158 m, inter-PSIS 0.088 m at 1.75 m), not from one source: calibration fits the
// subject's own. All values are at scale 1; per-segment scale factors multiply them.
namespace gaitchain::anthropometry {

constexpr double reference_height = 1.75;  // m; height at which the Harrington constants apply

// Pelvis (fractions of H)
constexpr double pelvis_width = 0.140;        // inter-ASIS distance
constexpr double pelvis_depth = 0.090;        // mid-ASIS to mid-PSIS, along the pelvis X axis
constexpr double psis_separation = 0.050;     // inter-PSIS distance
constexpr double l5s1_posterior = 0.075;      // L5/S1 behind mid-ASIS
constexpr double l5s1_superior = 0.020;       // L5/S1 above mid-ASIS

// Harrington 2007 regression (ratios and mm constants)
constexpr double hjc_posterior_per_pd = 0.24, hjc_posterior_mm = 9.9;
constexpr double hjc_inferior_per_pw = 0.30, hjc_inferior_mm = 10.9;
constexpr double hjc_lateral_per_pw = 0.33, hjc_lateral_mm = 7.3;

// Limbs [W]
constexpr double thigh_length = 0.530 - 0.285;  // hip to knee joint centre
constexpr double shank_length = 0.285 - 0.039;  // knee to ankle joint centre
constexpr double ankle_height = 0.039;          // ankle joint centre above the floor
constexpr double foot_length = 0.152;
constexpr double foot_width = 0.055;
// Foot landmarks relative to the ankle joint centre, along the foot's long axis. The heel extends
// 23 % of the foot length behind the ankle, the MTP joints lie at 79 % from the heel (2nd metatarsal
// head), the toe tip at 100 %.
constexpr double heel_back = 0.23 * foot_length;
constexpr double mtp_forward = 0.79 * foot_length - heel_back;
constexpr double toe_forward = foot_length - heel_back;
constexpr double mtp_height = 0.012;            // MTP joint centre above the floor
constexpr double subtalar_below_ankle = 0.012;  // subtalar joint centre below the ankle joint centre
constexpr double subtalar_behind_ankle = 0.005;

// Knee and ankle widths (epicondyles, malleoli): markers sit half a width lateral of the joint centre.
constexpr double knee_width = 0.060;
constexpr double ankle_width = 0.040;

// Trunk landmarks in the torso frame (origin L5/S1)
constexpr double c7_superior = 0.235, c7_posterior = 0.040;
constexpr double t10_superior = 0.130, t10_posterior = 0.050;
constexpr double clav_superior = 0.220, clav_anterior = 0.045;  // jugular notch
constexpr double strn_superior = 0.120, strn_anterior = 0.070;  // xiphoid process

}  // namespace gaitchain::anthropometry
