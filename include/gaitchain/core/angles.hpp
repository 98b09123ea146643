#pragma once
// Angle helpers: continuity (unwrapping) and degree conversion for the presentation layer.
#include <cmath>
#include <numbers>
#include <span>

namespace gaitchain {

constexpr double deg(double rad) { return rad * 180.0 / std::numbers::pi; }
constexpr double rad(double deg) { return deg * std::numbers::pi / 180.0; }

// The value equal to `angle` modulo 2*pi that lies closest to `reference`.
inline double unwrap_near(double angle, double reference) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
  return angle - two_pi * std::round((angle - reference) / two_pi);
}

// Makes a series continuous in place: removes 2*pi jumps between successive samples. NaN samples stay
// NaN and do not break continuity: the next valid sample is unwrapped against the last valid one.
inline void unwrap(std::span<double> angles) {
  bool have_previous = false;
  double previous = 0.0;
  for (double& a : angles) {
    if (std::isnan(a)) continue;
    if (have_previous) a = unwrap_near(a, previous);
    previous = a;
    have_previous = true;
  }
}

}  // namespace gaitchain
