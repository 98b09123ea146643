// gaitchain._core: the C++ library as a Python extension. The pure-Python package (python/gaitchain)
// builds the user-facing API (DataFrames, Trial, CLI) on top of it.
#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "gaitchain compiled core (C++). Use the gaitchain package, not this module directly.";
  auto core = m.def_submodule("core", "Errors, rotations, angles, trajectories");
  auto io = m.def_submodule("io", "C3D, TRC and MOT/STO files");
  auto model = m.def_submodule("model", "The kinematic chain and its forward kinematics");
  auto synthetic = m.def_submodule("synthetic", "The synthetic walker");
  auto fit = m.def_submodule("fit", "Calibration, inverse kinematics and the fitted Motion");
  gaitchain::python::bind_core(core);
  gaitchain::python::bind_io(io);
  gaitchain::python::bind_model(model);
  gaitchain::python::bind_synthetic(synthetic);
  auto events = m.def_submodule("events", "Gait-event detectors and their scoring");
  gaitchain::python::bind_fit(fit);
  gaitchain::python::bind_events(events);
  auto metrics = m.def_submodule("metrics", "Cycles, spatiotemporal parameters, scores and compensation findings");
  gaitchain::python::bind_metrics(metrics);
}
