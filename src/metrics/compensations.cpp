// The compensation report: each finding's measure per cycle, averaged over the side's complete cycles,
// against its row of reference_values(). What each value measures is the row's `measure` text.
#include "gaitchain/metrics/compensations.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <numbers>
#include <optional>
#include <string>

#include "gaitchain/core/error.hpp"

namespace gaitchain::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kDeg = 180.0 / std::numbers::pi;

std::string num(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  std::string s(buffer);
  if (s == "-0" || s == "-0.0" || s == "-0.00") s.erase(0, 1);  // no "-0.0" in a sentence
  return s;
}
std::string deg(double v) { return num(v, 1) + "\u00b0"; }
std::string capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}
std::string side_name(Side s) { return std::string(to_string(s)); }

double mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  int n = 0;
  for (double v : values)
    if (std::isfinite(v)) sum += v, ++n;
  return n > 0 ? sum / n : kNaN;
}

// The complete cycles of one side: their rows in the cycle curves, and the last curve point in stance.
struct StanceCycle {
  Eigen::Index row;
  int stance_end;  // index of the last point (1 % steps) before foot off
  const Cycle* cycle;
};

std::vector<StanceCycle> complete_cycles(const CycleCurves& curves, Side side) {
  std::vector<StanceCycle> out;
  const auto& cycles = curves.cycles[side_index(side)];
  for (std::size_t r = 0; r < cycles.size(); ++r) {
    const Cycle& c = cycles[r];
    if (!c.complete()) continue;
    const int end = std::clamp(static_cast<int>(std::floor(c.percent(c.foot_off))), 0, cycle_points - 1);
    out.push_back({static_cast<Eigen::Index>(r), end, &c});
  }
  return out;
}

// One cycle's curve of a variable in degrees, or nothing if the motion does not cover it.
std::optional<Eigen::VectorXd> curve_deg(const CycleCurves& curves, std::string_view variable, Side side,
                                         Eigen::Index row) {
  const Eigen::MatrixXd& m = curves.of(variable, side);
  if (row >= m.rows()) return std::nullopt;
  Eigen::VectorXd c = m.row(row).transpose() * kDeg;
  if (!c.allFinite()) return std::nullopt;
  return c;
}

// Mean over the side's complete cycles of a per-cycle measure of one variable's curve (deg).
double per_cycle_mean(const CycleCurves& curves, Side side, std::string_view variable,
                      const std::function<double(const Eigen::VectorXd&, int stance_end)>& measure) {
  std::vector<double> values;
  for (const StanceCycle& c : complete_cycles(curves, side))
    if (auto curve = curve_deg(curves, variable, side, c.row)) values.push_back(measure(*curve, c.stance_end));
  return mean_of(values);
}

double stance_max(const Eigen::VectorXd& c, int end) { return c.head(end + 1).maxCoeff(); }
double stance_min(const Eigen::VectorXd& c, int end) { return c.head(end + 1).minCoeff(); }

Finding make(const ReferenceValue& ref, std::string side, double value, std::string text) {
  Finding f;
  f.finding = ref.finding;
  f.side = std::move(side);
  f.value = value;
  f.unit = ref.unit;
  f.normal_mean = ref.mean;
  f.normal_sd = ref.sd;
  f.source = ref.source;
  f.text = std::move(text);
  if (!std::isfinite(value)) {
    f.z = kNaN;
    f.flagged = false;
    return f;
  }
  f.z = (value - ref.mean) / ref.sd;
  f.flagged = ref.direction > 0   ? f.z > ref.z_limit
              : ref.direction < 0 ? f.z < -ref.z_limit
                                  : std::abs(f.z) > ref.z_limit;
  return f;
}

std::string healthy(const ReferenceValue& r, int decimals = 1) {
  const std::string unit = r.unit == "deg" ? "\u00b0" : r.unit == "ratio" ? "" : " " + r.unit;
  return num(r.mean, decimals) + " \u00b1 " + num(r.sd, decimals) + unit;
}

std::string not_measured(Side side, const std::string& what) {
  return "No complete " + side_name(side) + " gait cycle with " + what + ", so this is not measured.";
}

// Linear interpolation of a frames x 3 series at a fractional frame; NaN outside.
Eigen::Vector3d at_frame(const Series3& s, double frame) {
  if (!(frame >= 0) || frame > static_cast<double>(s.rows() - 1)) return Eigen::Vector3d::Constant(kNaN);
  const auto k = static_cast<Eigen::Index>(std::floor(frame));
  if (k + 1 >= s.rows()) return s.row(k).transpose();
  const double w = frame - static_cast<double>(k);
  return ((1 - w) * s.row(k) + w * s.row(k + 1)).transpose();
}

// Heel ahead of the pelvis centre at each complete cycle's strike, along the walking direction (m).
double heel_ahead_m(const GaitData& data, const CycleCurves& curves, Side side) {
  std::vector<double> values;
  const int s = side_index(side);
  for (const StanceCycle& c : complete_cycles(curves, side)) {
    const double frame = data.frame_at(c.cycle->start);
    const Eigen::Vector3d heel = at_frame(data.signals.heel[s], frame);
    const Eigen::Vector3d pelvis = 0.5 * (at_frame(data.hip[0], frame) + at_frame(data.hip[1], frame));
    Eigen::Vector3d direction = at_frame(data.signals.progression, frame);
    direction.z() = 0.0;
    if (!(heel.allFinite() && pelvis.allFinite() && direction.allFinite()) || direction.norm() < 1e-9) continue;
    values.push_back((heel - pelvis).dot(direction.normalized()));
  }
  return mean_of(values);
}

std::vector<Side> sides_with_cycles(const CycleCurves& curves) {
  std::vector<Side> out;
  for (Side s : {Side::left, Side::right})
    if (!complete_cycles(curves, s).empty()) out.push_back(s);
  return out;
}

}  // namespace

std::string_view strike_pattern(double foot_angle_deg) {
  if (std::isnan(foot_angle_deg)) return "unknown";
  const StrikePatternBoundaries& b = strike_pattern_boundaries();
  if (foot_angle_deg > b.heel_above_deg) return "heel";
  if (foot_angle_deg < b.forefoot_below_deg) return "forefoot";
  return "midfoot";
}

std::vector<Finding> compensations(const GaitData& data, const CycleCurves& curves,
                                   const std::vector<StrideParameters>& strides) {
  std::vector<Finding> out;
  const std::vector<Side> sides = sides_with_cycles(curves);

  // Per-side findings from one variable's cycle curves.
  auto per_side = [&](const char* finding, std::string_view variable,
                      const std::function<double(const Eigen::VectorXd&, int)>& measure,
                      const std::function<std::string(Side, double)>& sentence, const std::string& missing) {
    const ReferenceValue& ref = reference_value(finding);
    for (Side side : sides) {
      const double v = per_cycle_mean(curves, side, variable, measure);
      out.push_back(make(ref, side_name(side), v, std::isfinite(v) ? sentence(side, v) : not_measured(side, missing)));
    }
  };

  // limited_hip_extension: peak hip extension in stance.
  {
    const ReferenceValue& ref = reference_value("limited_hip_extension");
    per_side(
        "limited_hip_extension", "hip_flexion", [](const Eigen::VectorXd& c, int e) { return -stance_min(c, e); },
        [&](Side s, double v) {
          const std::string who = capitalised(side_name(s)) + " hip";
          return (v >= 0 ? who + " extends " + deg(v) + " at most in late stance"
                         : who + " stays flexed by at least " + deg(-v) + " through late stance") +
                 "; healthy walkers extend " + healthy(ref) + ".";
        },
        "hip angles");
  }

  // pelvic_rotation_asymmetry: one pelvis, so a right cycle's mean rotation (right forward +) and minus a
  // left cycle's both measure how far the right side is held forward; the report names the forward side.
  {
    const ReferenceValue& ref = reference_value("pelvic_rotation_asymmetry");
    std::vector<double> right_forward;
    for (Side side : sides) {
      const double sign = side == Side::right ? 1.0 : -1.0;
      const double m = per_cycle_mean(curves, side, "pelvis_rotation",
                                      [](const Eigen::VectorXd& c, int) { return c.head(cycle_points - 1).mean(); });
      if (std::isfinite(m)) right_forward.push_back(sign * m);
    }
    const double offset = mean_of(right_forward);
    if (std::isfinite(offset)) {
      const Side forward = offset >= 0 ? Side::right : Side::left;
      out.push_back(make(ref, side_name(forward), std::abs(offset),
                         "Over the gait cycle the pelvis is turned with its " + side_name(forward) + " side " +
                             deg(std::abs(offset)) + " forward on average; healthy walkers " + healthy(ref) + "."));
    } else {
      out.push_back(make(ref, "both", kNaN, "No complete gait cycle with pelvis angles, so this is not measured."));
    }
  }

  // pelvic_drop: the side's pelvis obliquity (its side up) peaks in its stance while the other side drops.
  {
    const ReferenceValue& ref = reference_value("pelvic_drop");
    per_side(
        "pelvic_drop", "pelvis_obliquity", stance_max,
        [&](Side s, double v) {
          return "In " + side_name(s) + " stance the " + side_name(opposite(s)) + " side of the pelvis drops up to " +
                 deg(v) + "; healthy walkers " + healthy(ref) + ".";
        },
        "pelvis angles");
  }

  // trunk_forward_lean: mean trunk tilt over every complete cycle of both sides.
  {
    const ReferenceValue& ref = reference_value("trunk_forward_lean");
    std::vector<double> tilts;
    for (Side side : sides)
      for (const StanceCycle& c : complete_cycles(curves, side))
        if (auto curve = curve_deg(curves, "trunk_tilt", side, c.row)) tilts.push_back(curve->head(cycle_points - 1).mean());
    const double v = mean_of(tilts);
    out.push_back(make(ref, "both", v,
                       std::isfinite(v) ? "The trunk leans " + deg(std::abs(v)) + (v >= 0 ? " forward" : " backward") +
                                              " on average over the gait cycle; healthy adults " + healthy(ref) + "."
                                        : "No complete gait cycle with trunk angles, so this is not measured."));
  }

  // trunk_lateral_lean: peak lean toward the stance side (the side's trunk obliquity down).
  {
    const ReferenceValue& ref = reference_value("trunk_lateral_lean");
    per_side(
        "trunk_lateral_lean", "trunk_obliquity", [](const Eigen::VectorXd& c, int e) { return -stance_min(c, e); },
        [&](Side s, double v) {
          return v >= 0 ? "In " + side_name(s) + " stance the trunk leans up to " + deg(v) + " toward the " +
                              side_name(s) + "; healthy walkers " + healthy(ref) + "."
                        : "In " + side_name(s) + " stance the trunk stays tilted at least " + deg(-v) +
                              " away from the " + side_name(s) + "; healthy walkers lean " + healthy(ref) +
                              " toward the stance side.";
        },
        "trunk angles");
  }

  // overstriding: heel ahead of the pelvis centre at foot strike, per leg length.
  {
    const ReferenceValue& ref = reference_value("overstriding");
    for (Side side : sides) {
      const double metres = heel_ahead_m(data, curves, side);
      const double leg = data.leg_length_m[side_index(side)];
      const double v = leg > 0 ? metres / leg : kNaN;
      out.push_back(make(ref, side_name(side), v,
                         std::isfinite(v) ? "At " + side_name(side) + " foot strike the heel lands " + num(v, 2) +
                                                " leg lengths (" + num(metres, 2) +
                                                " m) ahead of the pelvis; healthy walkers " + healthy(ref, 2) + "."
                                          : not_measured(side, "heel and hip positions at foot strike")));
    }
  }

  // rearfoot_eversion: peak eversion in stance; the sentence adds how long the rearfoot stays everted.
  {
    const ReferenceValue& ref = reference_value("rearfoot_eversion");
    for (Side side : sides) {
      std::vector<double> peaks, everted;
      for (const StanceCycle& c : complete_cycles(curves, side)) {
        auto curve = curve_deg(curves, "subtalar_inversion", side, c.row);
        if (!curve) continue;
        peaks.push_back(-stance_min(*curve, c.stance_end));
        const auto stance = curve->head(c.stance_end + 1);
        everted.push_back(100.0 * static_cast<double>((stance.array() < 0.0).count()) / static_cast<double>(stance.size()));
      }
      const double v = mean_of(peaks);
      out.push_back(make(ref, side_name(side), v,
                         std::isfinite(v) ? "The " + side_name(side) + " rearfoot everts up to " + deg(v) +
                                                " in stance and is everted for " + num(mean_of(everted), 0) +
                                                " % of stance; healthy walkers peak at " + healthy(ref) + "."
                                          : not_measured(side, "rearfoot angles")));
    }
  }

  // foot_progression: mean over stance, toe-in +.
  {
    const ReferenceValue& ref = reference_value("foot_progression");
    auto direction = [](double v) { return deg(std::abs(v)) + (v >= 0 ? " inward (toe-in)" : " outward (toe-out)"); };
    per_side(
        "foot_progression", "foot_progression",
        [](const Eigen::VectorXd& c, int e) { return c.head(e + 1).mean(); },
        [&](Side s, double v) {
          return "The " + side_name(s) + " foot points " + direction(v) + " in stance; healthy walkers " +
                 direction(ref.mean) + ", SD " + deg(ref.sd) + ".";
        },
        "foot angles");
  }

  // limited_dorsiflexion: peak dorsiflexion in stance.
  {
    const ReferenceValue& ref = reference_value("limited_dorsiflexion");
    per_side(
        "limited_dorsiflexion", "ankle_dorsiflexion", stance_max,
        [&](Side s, double v) {
          return v >= 0 ? "The " + side_name(s) + " ankle dorsiflexes " + deg(v) + " at most in stance; healthy walkers " +
                              healthy(ref) + "."
                        : "The " + side_name(s) + " ankle stays plantarflexed by at least " + deg(-v) +
                              " through stance; healthy walkers dorsiflex " + healthy(ref) + ".";
        },
        "ankle angles");
  }

  // knee_valgus: peak valgus (adduction down) in stance; a 1-dof knee has no frontal-plane angle.
  {
    const ReferenceValue& ref = reference_value("knee_valgus");
    per_side(
        "knee_valgus", "knee_adduction", [](const Eigen::VectorXd& c, int e) { return -stance_min(c, e); },
        [&](Side s, double v) {
          return v >= 0 ? "In stance the " + side_name(s) + " knee angles up to " + deg(v) +
                              " into valgus (knee toward the midline); healthy walkers " + healthy(ref) + "."
                        : "In stance the " + side_name(s) + " knee stays at least " + deg(-v) +
                              " in varus; healthy walkers reach " + healthy(ref) + " of valgus.";
        },
        "a frontal-plane knee angle (the model's knee may have one degree of freedom)");
  }

  // step_length_asymmetry: mean step length per side over the complete cycles, longer over shorter.
  {
    const ReferenceValue& ref = reference_value("step_length_asymmetry");
    std::array<double, 2> step{kNaN, kNaN};
    for (Side side : {Side::left, Side::right}) {
      std::vector<double> lengths;
      for (const StanceCycle& c : complete_cycles(curves, side))
        for (const StrideParameters& p : strides)
          if (p.side == side && std::abs(p.start - c.cycle->start) < 0.5 / data.rate) lengths.push_back(p.step_length_m);
      step[side_index(side)] = mean_of(lengths);
    }
    const double left = step[side_index(Side::left)], right = step[side_index(Side::right)];
    if (std::isfinite(left) && std::isfinite(right) && left > 0 && right > 0) {
      const Side longer = right >= left ? Side::right : Side::left;
      const double l = std::max(left, right), s = std::min(left, right);
      out.push_back(make(ref, side_name(longer), l / s,
                         capitalised(side_name(longer)) + " steps are " + num(l / s, 2) + " times as long as " +
                             side_name(opposite(longer)) + " steps (" + num(l, 2) + " m against " + num(s, 2) +
                             " m); healthy walkers " + healthy(ref, 2) + "."));
    } else {
      out.push_back(make(ref, "both", kNaN,
                         "Step lengths of both sides are needed (complete cycles with both heels seen), so this is "
                         "not measured."));
    }
  }

  // heel_whip: how far the foot turns toward toe-out from mid-stance to foot off (toe-in + angles fall).
  {
    const ReferenceValue& ref = reference_value("heel_whip");
    per_side(
        "heel_whip", "foot_progression",
        [](const Eigen::VectorXd& c, int e) {
          const int mid = e / 2;
          return c[mid] - c.segment(mid, e - mid + 1).minCoeff();
        },
        [&](Side s, double v) {
          return "As the " + side_name(s) + " heel rises the foot turns " + deg(v) +
                 " further toe-out by foot off; the reference criterion is " + deg(ref.mean + ref.z_limit * ref.sd) +
                 ".";
        },
        "foot angles");
  }

  // lumbar_excursion: sagittal range of the trunk on the pelvis per cycle, over both sides' cycles.
  {
    const ReferenceValue& ref = reference_value("lumbar_excursion");
    std::vector<double> ranges;
    for (Side side : sides)
      for (const StanceCycle& c : complete_cycles(curves, side))
        if (auto curve = curve_deg(curves, "lumbar_flexion", side, c.row)) ranges.push_back(curve->maxCoeff() - curve->minCoeff());
    const double v = mean_of(ranges);
    out.push_back(make(ref, "both", v,
                       std::isfinite(v) ? "The trunk moves through " + deg(v) +
                                              " of flexion and extension on the pelvis in each stride; healthy adults " +
                                              healthy(ref) + "."
                                        : "No complete gait cycle with lumbar angles, so this is not measured."));
  }

  // strike_pattern: foot angle at the strike (0 % of the cycle); the pattern, not z, sets the flag.
  {
    const ReferenceValue& ref = reference_value("strike_pattern");
    for (Side side : sides) {
      const double v = per_cycle_mean(curves, side, "foot_pitch", [](const Eigen::VectorXd& c, int) { return c[0]; });
      Finding f = make(ref, side_name(side), v, "");
      if (!std::isfinite(v)) {
        f.text = not_measured(side, "foot angles at foot strike");
      } else {
        const std::string_view pattern = strike_pattern(v);
        f.flagged = pattern != "heel";
        const std::string how = pattern == "heel" ? "heel first" : pattern == "forefoot" ? "forefoot first" : "flat-footed (midfoot)";
        f.text = "The " + side_name(side) + " foot lands " + how + ", the foot at " + deg(v) +
                 (v >= 0 ? " toes up" : " toes down") + " at contact; healthy walkers land heel first at " + healthy(ref) + ".";
      }
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace gaitchain::metrics
