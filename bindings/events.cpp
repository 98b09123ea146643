// Bindings of include/gaitchain/events: GaitSignals as read-only numpy views, the detectors (built in by
// name, or any Python callable run through the same events::detect checks), and the scoring.
// python/gaitchain/events.py and bench.py build the user-facing API on top.
#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gaitchain/events/compare.hpp"
#include "gaitchain/events/detectors.hpp"
#include "gaitchain/events/gait_signals.hpp"
#include "numpy.hpp"

namespace py = pybind11;

namespace gaitchain::python {
namespace {

using events::Detection;
using events::GaitSignals;
using events::Interval;
using events::Series3;
using IntervalTuples = std::vector<std::tuple<std::string, double, double>>;

std::vector<Interval> intervals_from(const IntervalTuples& tuples) {
  std::vector<Interval> out;
  for (const auto& [side, begin, end] : tuples) out.push_back({parse_side(side), begin, end});
  return out;
}

py::list intervals_list(const std::vector<Interval>& intervals) {
  py::list out;
  for (const Interval& c : intervals) out.append(py::make_tuple(std::string(to_string(c.side)), c.begin, c.end));
  return out;
}

py::dict detection_dict(const Detection& d) {
  py::dict out;
  out["events"] = events_list(d.events);
  out["coverage"] = intervals_list(d.coverage);
  out["notes"] = texts(d.notes);
  return out;
}

std::vector<ForcePlate> plates_from(const py::iterable& plates) {
  std::vector<ForcePlate> out;
  for (const py::handle& p : plates) out.push_back(plate_from_python(p));
  return out;
}

// A read-only view of a series owned by `owner` (the GaitSignals object).
py::array_t<double> view(const Series3& x, const py::object& owner) {
  py::array_t<double> a({x.rows(), Eigen::Index{3}}, x.data(), owner);
  a.attr("setflags")(py::arg("write") = false);
  return a;
}

}  // namespace

void bind_events(py::module_& m) {
  py::class_<GaitSignals>(m, "GaitSignals",
                          "What every event detector reads: per side heel and toe, the pelvis and the walking "
                          "direction per frame ((frames, 3) arrays in m, internal frame, NaN where missing), and "
                          "the force plates.")
      .def_readonly("rate", &GaitSignals::rate, "Hz")
      .def_readonly("first_frame", &GaitSignals::first_frame)
      .def_property_readonly("frame_count", &GaitSignals::frame_count)
      .def_property_readonly("time",
                             [](const GaitSignals& s) {
                               Eigen::VectorXd t(static_cast<Eigen::Index>(s.frame_count()));
                               for (Eigen::Index k = 0; k < t.size(); ++k) t[k] = s.time(static_cast<double>(k));
                               return to_numpy(std::move(t), {t.size()});
                             },
                             "Frame times on the capture clock, s.")
      .def_property_readonly("heel_r", [](py::object s) { return view(s.cast<const GaitSignals&>().heel[1], s); })
      .def_property_readonly("heel_l", [](py::object s) { return view(s.cast<const GaitSignals&>().heel[0], s); })
      .def_property_readonly("toe_r", [](py::object s) { return view(s.cast<const GaitSignals&>().toe[1], s); })
      .def_property_readonly("toe_l", [](py::object s) { return view(s.cast<const GaitSignals&>().toe[0], s); })
      .def_property_readonly("pelvis", [](py::object s) { return view(s.cast<const GaitSignals&>().pelvis, s); })
      .def_property_readonly("progression", [](py::object s) { return view(s.cast<const GaitSignals&>().progression, s); },
                             "Per frame: unit horizontal walking direction; NaN where not walking.")
      .def_readonly("treadmill", &GaitSignals::treadmill)
      .def_readonly("walking_speed", &GaitSignals::walking_speed, "m/s: overground travel, or the belt speed.")
      .def_readonly("belt_velocity", &GaitSignals::belt_velocity, "m/s; zero overground.")
      .def_property_readonly("force_plates",
                             [](const GaitSignals& s) {
                               py::list out;
                               for (ForcePlate p : s.force_plates) out.append(plate_dict(std::move(p)));
                               return out;
                             })
      .def_readonly("roles", &GaitSignals::roles, "Role -> the markers (or landmarks) it was built from.")
      .def_property_readonly("source", [](const GaitSignals& s) { return text(s.source); })
      .def_property_readonly("notes", [](const GaitSignals& s) { return texts(s.notes); })
      .def("__repr__", [](const GaitSignals& s) {
        return "<gaitchain GaitSignals: " + std::to_string(s.frame_count()) + " frames at " + std::to_string(s.rate) +
               " Hz, " + (s.treadmill ? "treadmill" : "overground") + ", " + std::to_string(s.force_plates.size()) +
               " force plates>";
      });

  m.def("gait_signals",
        [](const py::tuple& trial, const py::iterable& plates, const events::MarkerRoles& mapping) {
          Trial t = trial_from_python(trial);
          t.force_plates = plates_from(plates);
          py::gil_scoped_release release;
          return events::gait_signals(t, mapping);
        },
        py::arg("trial"), py::arg("force_plates"), py::arg("mapping"),
        "GaitSignals of a trial (the 9 fields of gaitchain.io.trial_data) and its force plates.");
  m.def("gait_signals_of_motion",
        [](const Model& model, const Motion& motion, const py::iterable& plates) {
          std::vector<ForcePlate> p = plates_from(plates);
          py::gil_scoped_release release;
          return events::gait_signals(model, motion, std::move(p));
        },
        py::arg("model"), py::arg("motion"), py::arg("force_plates"));
  m.def("marker_roles", &events::marker_roles, py::arg("model"),
        "Roles (heel_r, toe_r, ..., pelvis) from the model's marker set.");
  m.def("role_candidates", &events::role_candidates, py::arg("role"));
  m.def("detector_names", &events::detector_names);
  m.def("detect",
        [](const GaitSignals& s, const std::string& name) {
          const events::Detector d = events::detector(name);
          Detection out;
          {
            py::gil_scoped_release release;
            out = events::detect(s, d, name);
          }
          return detection_dict(out);
        },
        py::arg("signals"), py::arg("name"), "A built-in detector by name.");
  m.def("detect_with",
        [](const py::object& signals, const py::function& fn, const std::string& name) {
          // The callable gets the GaitSignals object itself and returns (events, notes) as plain tuples
          // (python/gaitchain/events.py converts DataFrames); events::detect checks the result.
          const events::Detector d = [&](const GaitSignals&) {
            const auto result = fn(signals).cast<std::tuple<EventTuples, std::vector<std::string>>>();
            Detection out;
            out.events = events_from(std::get<0>(result));
            out.notes = std::get<1>(result);
            return out;
          };
          return detection_dict(events::detect(signals.cast<const GaitSignals&>(), d, name));
        },
        py::arg("signals"), py::arg("fn"), py::arg("name"));
  m.def("ghoussayni", [](const GaitSignals& s, double threshold) { return detection_dict(events::ghoussayni(s, threshold)); },
        py::arg("signals"), py::arg("threshold_m_s"));
  m.def("force_plate",
        [](const GaitSignals& s, double threshold, double hysteresis, double min_contact, double max_distance) {
          return detection_dict(events::force_plate(s, {threshold, hysteresis, min_contact, max_distance}));
        },
        py::arg("signals"), py::arg("threshold_n"), py::arg("hysteresis_n"), py::arg("min_contact_s"),
        py::arg("max_cop_distance_m"));

  py::class_<events::EventComparison>(m, "EventComparison", "Detected events matched to a truth.")
      .def_property_readonly("matched",
                             [](const events::EventComparison& c) {
                               py::list out;
                               for (const events::EventPair& p : c.matched)
                                 out.append(py::make_tuple(p.truth.time, std::string(to_string(p.truth.side)),
                                                           std::string(to_string(p.truth.kind)), p.detected));
                               return out;
                             },
                             "(truth time, side, kind, detected time) per matched pair.")
      .def_property_readonly("missed", [](const events::EventComparison& c) { return events_list(c.missed); })
      .def_property_readonly("extra", [](const events::EventComparison& c) { return events_list(c.extra); })
      .def_readonly("frame_s", &events::EventComparison::frame_s);
  m.def("compare_events",
        [](const EventTuples& detected, const EventTuples& truth, const IntervalTuples& coverage, double frame_s,
           double tolerance_s) {
          Detection t;
          t.events = events_from(truth);
          t.coverage = intervals_from(coverage);
          return events::compare_events(events_from(detected), t, frame_s, tolerance_s);
        },
        py::arg("detected"), py::arg("truth"), py::arg("coverage"), py::arg("frame_s"), py::arg("tolerance_s"));
  m.def("summarize",
        [](const std::vector<events::EventComparison>& comparisons, const std::string& kind) {
          const events::EventScore s = events::summarize(comparisons, parse_kind(kind));
          py::dict out;
          out["matched"] = s.matched;
          out["missed"] = s.missed;
          out["extra"] = s.extra;
          out["f1"] = s.f1;
          out["bias"] = s.bias;
          out["mae"] = s.mae;
          out["sd"] = s.sd;
          out["within_1"] = s.within_1;
          out["within_2"] = s.within_2;
          return out;
        },
        py::arg("comparisons"), py::arg("kind"));
}

}  // namespace gaitchain::python
