#pragma once
// Internal: normative joint-angle curves as Fourier series (generated data, see the .cpp).
#include <array>
#include <cmath>
#include <numbers>

namespace gaitchain::synthetic::normative {

constexpr int harmonics = 6;
using Series = std::array<double, 2 * harmonics + 1>;

// Order of SpeedGroup::curves.
enum Variable {
  pelvis_tilt, pelvis_obliquity, pelvis_rotation, hip_flexion, hip_adduction, hip_rotation, knee_flexion,
  knee_adduction, knee_rotation, ankle_dorsiflexion, foot_progression, trunk_tilt, trunk_obliquity,
  trunk_rotation, variable_count
};

struct SpeedGroup {
  const char* name;
  double dimensionless_speed;  // v / sqrt(g * leg length)
  std::array<Series, variable_count> curves;
};

extern const std::array<SpeedGroup, 5> speed_groups;
extern const Series hindfoot_inversion;

// Value (degrees) and derivative with respect to the cycle fraction.
inline double evaluate(const Series& c, double p) {
  double v = c[0];
  for (int k = 1; k <= harmonics; ++k) {
    const double w = 2.0 * std::numbers::pi * k * p;
    v += c[2 * k - 1] * std::cos(w) + c[2 * k] * std::sin(w);
  }
  return v;
}

}  // namespace gaitchain::synthetic::normative
