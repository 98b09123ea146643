#pragma once
// Shared declarations of the binding sources (one per include/gaitchain/ folder).
#include <pybind11/pybind11.h>

#include <string>
#include <tuple>
#include <vector>

#include "gaitchain/core/trial.hpp"

namespace gaitchain::python {
void bind_core(pybind11::module_& m);
void bind_io(pybind11::module_& m);
void bind_model(pybind11::module_& m);
void bind_synthetic(pybind11::module_& m);
void bind_fit(pybind11::module_& m);
void bind_events(pybind11::module_& m);
void bind_metrics(pybind11::module_& m);

// Conversions shared by the binding sources (defined in io.cpp).
// Text from files as Python str: UTF-8 where valid, else Latin-1.
pybind11::str text(const std::string& s);
pybind11::list texts(const std::vector<std::string>& list);
// Events as (time, 'left'|'right', 'foot_strike'|'foot_off') tuples, as python/gaitchain/trial.py reads them.
pybind11::list events_list(const std::vector<Event>& events);
// And back: InvalidArgument naming a side or kind that is not one of those.
using EventTuples = std::vector<std::tuple<double, std::string, std::string>>;
Side parse_side(const std::string& side);
EventKind parse_kind(const std::string& kind);
std::vector<Event> events_from(const EventTuples& tuples);
// A Trial from the plain data that gaitchain.io.trial_data(trial) makes of a Python Trial: (marker_names,
// points (frames, markers, 3) in m, rate, first_frame, events, lab_rotation, lab_scale, lab_units, source).
// InvalidArgument if the data are inconsistent.
Trial trial_from_python(const pybind11::tuple& data);
// Force plates to and from gaitchain.ForcePlate (any object with its fields; a dict of them going out).
ForcePlate plate_from_python(const pybind11::handle& plate);
pybind11::dict plate_dict(ForcePlate&& plate);
}  // namespace gaitchain::python
