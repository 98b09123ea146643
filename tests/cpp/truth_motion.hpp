#pragma once
// Test support: the synthetic walker's truth as a fitted Motion (what inverse kinematics returns without
// noise), so the metrics can be checked against known coordinates without fitting.
#include <gaitchain/core/motion.hpp>
#include <gaitchain/synthetic/walk.hpp>

namespace gaitchain::test {

inline Motion truth_motion(const SyntheticWalk& w) {
  Motion m;
  for (const Coordinate& c : w.truth.model.coordinates) {
    m.coordinate_names.push_back(c.name);
    m.rotational.push_back(c.kind == DofKind::rotation);
  }
  m.coordinates = w.truth.coordinates;
  m.rate = w.trial.rate;
  m.first_frame = w.trial.first_frame;
  m.events = w.truth.events;
  return m;
}

}  // namespace gaitchain::test
