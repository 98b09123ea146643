#pragma once
// Zero-lag Butterworth filtering of series with missing (NaN) samples.
//
// lowpass/highpass run a digital Butterworth filter forward and then backward over the data, so the
// result has no phase shift: event timing read from a filtered curve is not delayed. Because the data
// goes through the filter twice, the amplitude response is |H(f)|^2 of the single-pass design:
//   order  is the order n of the single-pass Butterworth; the zero-lag result rolls off at 2n * 6 dB
//          per octave (in the prewarped frequency tan(pi f / rate)).
//   cutoff is where the single pass has gain 1/sqrt(2) (-3 dB), so the zero-lag result has gain 0.5
//          (-6 dB) there; lowpass: |H|^2 = 1 / (1 + (tan(pi f / rate) / tan(pi cutoff / rate))^(2n)),
//          highpass: the same with the ratio inverted.
// The design is scipy.signal.butter (bilinear transform with prewarping), kept as a cascade of
// second-order sections (plus one first-order section for odd orders), which stays accurate up to order
// 8 where the expanded polynomial form does not. Each run of valid samples gives the same result as
// scipy.signal.sosfiltfilt(butter(order, cutoff / (rate / 2), btype, output="sos"), run) with its
// defaults: odd extension of padlen = 3 * (order + 1) samples at both ends and steady-state initial
// conditions scaled by the first sample of each pass; measured agreement ~1e-13 relative. In exact
// arithmetic that is also scipy's filtfilt(*butter(order, cutoff / (rate / 2), btype), run), but the
// polynomial form loses digits as order rises and cutoff / rate falls (order 4, cutoff / rate = 0.005:
// 1e-10; order 8: 1e-2), so that is the reference only for low orders.
//
// Missing samples: each run of valid samples is filtered on its own and NaN samples stay NaN. A run
// shorter than padlen + 1 samples is too short for the end padding (scipy refuses it as well), and
// silently using less padding would change the result near both ends, so all of its samples come out
// NaN.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <span>
#include <string>
#include <vector>

#include "gaitchain/core/error.hpp"

namespace gaitchain {

namespace detail {

// One section b(z) / a(z) with a0 = 1, run in transposed direct form II (as scipy's sosfilt).
struct Section {
  double b0, b1, b2, a1, a2;
};

// Butterworth sections for cutoff `cutoff` at `rate` Hz. Analog prototype sections 1 / (s^2 + c s + 1)
// and 1 / (s + 1) are mapped with s -> s / K (lowpass) or K / s (highpass), K = tan(pi cutoff / rate)
// the prewarped cutoff, and then s = (1 - 1/z) / (1 + 1/z) (bilinear). Lowpass and highpass share
// their poles; their zeros sit at z = -1 and z = +1.
inline std::vector<Section> butterworth(double rate, double cutoff, int order, bool high) {
  const double k = std::tan(std::numbers::pi * cutoff / rate), k2 = k * k;
  const double sign = high ? -1.0 : 1.0;
  std::vector<Section> sections;
  for (int i = 0; i < order / 2; ++i) {
    const double c = 2 * std::sin(std::numbers::pi * (2 * i + 1) / (2 * order));  // -2 Re(prototype pole)
    const double a0 = 1 + c * k + k2;
    const double g = (high ? 1.0 : k2) / a0;
    sections.push_back({g, 2 * sign * g, g, 2 * (k2 - 1) / a0, (1 - c * k + k2) / a0});
  }
  if (order % 2 == 1) {
    const double g = (high ? 1.0 : k) / (1 + k);
    sections.push_back({g, sign * g, 0.0, (k - 1) / (1 + k), 0.0});
  }
  return sections;
}

// Filters `v` in place, starting every section in the steady state it would reach for a constant input
// equal to v[0] (scipy's sosfilt_zi * v[0]): a constant series passes with no start-up transient.
inline void filter_pass(const std::vector<Section>& sections, std::vector<double>& v) {
  double u = v.front();  // steady-state input of the current section
  for (const Section& s : sections) {
    const double gain = (s.b0 + s.b1 + s.b2) / (1 + s.a1 + s.a2), y = gain * u;
    double z1 = (s.b1 + s.b2) * u - (s.a1 + s.a2) * y, z2 = s.b2 * u - s.a2 * y;
    for (double& x : v) {
      const double in = x;
      x = s.b0 * in + z1;
      z1 = s.b1 * in - s.a1 * x + z2;
      z2 = s.b2 * in - s.a2 * x;
    }
    u = y;
  }
}

// Forward-backward filtering of one run of valid samples (size > pad) into `out`.
inline void filtfilt_run(const std::vector<Section>& sections, std::size_t pad, std::span<const double> x,
                         std::span<double> out) {
  const std::size_t n = x.size();
  // Odd extension: the run reflected through its end samples, which keeps value and slope continuous.
  std::vector<double> v(n + 2 * pad);
  for (std::size_t i = 0; i < n; ++i) v[pad + i] = x[i];
  for (std::size_t k = 1; k <= pad; ++k) {
    v[pad - k] = 2 * x[0] - x[k];
    v[pad + n - 1 + k] = 2 * x[n - 1] - x[n - 1 - k];
  }
  filter_pass(sections, v);
  std::reverse(v.begin(), v.end());
  filter_pass(sections, v);
  for (std::size_t i = 0; i < n; ++i) out[i] = v[v.size() - 1 - pad - i];  // undo the reversal
}

inline std::vector<double> zero_lag(std::span<const double> x, double rate, double cutoff, int order,
                                    bool high) {
  const std::string name = high ? "highpass" : "lowpass";
  if (!(rate > 0.0) || !std::isfinite(rate)) throw InvalidArgument(name + ": rate must be positive and finite");
  if (!(cutoff > 0.0 && cutoff < rate / 2))
    throw InvalidArgument(name + ": cutoff must lie strictly between 0 and rate / 2");
  if (order < 1 || order > 8) throw InvalidArgument(name + ": order must be 1..8");
  const std::vector<Section> sections = butterworth(rate, cutoff, order, high);
  const std::size_t pad = 3 * static_cast<std::size_t>(order + 1);
  const std::size_t n = x.size();
  std::vector<double> out(n, std::nan(""));
  for (std::size_t i = 0; i < n;) {
    if (std::isnan(x[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && !std::isnan(x[j])) ++j;
    if (j - i > pad) filtfilt_run(sections, pad, x.subspan(i, j - i), std::span(out).subspan(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace detail

// Zero-lag Butterworth lowpass of a series sampled at `rate_hz` (see the top of this file for what order
// and cutoff mean and how NaN runs are handled). Throws InvalidArgument unless rate_hz > 0,
// 0 < cutoff_hz < rate_hz / 2 and 1 <= order <= 8.
inline std::vector<double> lowpass(std::span<const double> x, double rate_hz, double cutoff_hz, int order = 2) {
  return detail::zero_lag(x, rate_hz, cutoff_hz, order, false);
}

// Zero-lag Butterworth highpass; same conventions as lowpass.
inline std::vector<double> highpass(std::span<const double> x, double rate_hz, double cutoff_hz, int order = 2) {
  return detail::zero_lag(x, rate_hz, cutoff_hz, order, true);
}

}  // namespace gaitchain
