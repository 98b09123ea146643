// Bindings of include/gaitchain/metrics: analyze() returns plain Python structures (dicts of lists and
// arrays) that python/gaitchain/analysis.py turns into DataFrames; the normative sets and the reference
// table of the findings are exposed as they are.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings.hpp"
#include "gaitchain/metrics/analysis.hpp"
#include "numpy.hpp"

namespace py = pybind11;

namespace gaitchain::python {
namespace {

using namespace gaitchain::metrics;

std::string side_name(Side s) { return std::string(to_string(s)); }

py::dict normative_dict(const NormativeCurves& n) {
  py::dict out;
  out["source"] = n.source;
  out["group"] = n.group;
  out["population"] = n.population;
  out["variables"] = texts(n.variables);
  out["notes"] = texts(n.notes);
  out["mean"] = array_of(n.mean);
  out["sd"] = array_of(n.sd);
  return out;
}

py::dict summary_dict(const SideSummary& s) {
  py::dict out;
  out["mean"] = s.mean;
  out["sd"] = s.sd;
  out["cv_pct"] = s.cv_pct;
  out["n"] = s.n;
  return out;
}

py::dict analysis_dict(const Analysis& a) {
  py::dict out;
  py::list cycles;
  for (const Cycle& c : a.cycles)
    cycles.append(py::dict(py::arg("side") = side_name(c.side), py::arg("start") = c.start, py::arg("end") = c.end,
                           py::arg("foot_off") = c.foot_off, py::arg("opposite_foot_off") = c.opposite_foot_off,
                           py::arg("opposite_foot_strike") = c.opposite_foot_strike, py::arg("complete") = c.complete()));
  out["cycles"] = cycles;
  py::dict curves;
  for (Side side : {Side::left, Side::right}) {
    py::dict per_variable;
    for (std::size_t v = 0; v < angle_variables.size(); ++v)
      per_variable[py::str(std::string(angle_variables[v]))] = array_of(a.curves.curves[side_index(side)][v]);
    py::list starts;
    for (const Cycle& c : a.curves.cycles[side_index(side)]) starts.append(c.start);
    curves[py::str(side_name(side))] = py::dict(py::arg("starts") = starts, py::arg("curves") = per_variable);
  }
  out["curves"] = curves;
  py::list strides;
  for (const StrideParameters& s : a.strides)
    strides.append(py::dict(
        py::arg("side") = side_name(s.side), py::arg("start") = s.start, py::arg("stride_time_s") = s.stride_time_s,
        py::arg("step_time_s") = s.step_time_s, py::arg("cadence_steps_min") = s.cadence_steps_min,
        py::arg("stride_length_m") = s.stride_length_m, py::arg("step_length_m") = s.step_length_m,
        py::arg("step_width_m") = s.step_width_m, py::arg("speed_m_s") = s.speed_m_s, py::arg("stance_pct") = s.stance_pct,
        py::arg("swing_pct") = s.swing_pct, py::arg("double_support_pct") = s.double_support_pct,
        py::arg("single_support_pct") = s.single_support_pct));
  out["strides"] = strides;
  py::list spatiotemporal;
  for (const SpatiotemporalSummary& s : a.spatiotemporal)
    spatiotemporal.append(py::dict(py::arg("parameter") = s.parameter, py::arg("left") = summary_dict(s.left),
                                   py::arg("right") = summary_dict(s.right), py::arg("symmetry_index") = s.symmetry.index,
                                   py::arg("symmetry_ratio") = s.symmetry.ratio,
                                   py::arg("gait_asymmetry") = s.symmetry.gait_asymmetry));
  out["spatiotemporal"] = spatiotemporal;
  py::list variables;
  for (const VariableSummary& v : a.variables)
    variables.append(py::dict(py::arg("side") = side_name(v.side), py::arg("cycle") = v.cycle, py::arg("variable") = v.variable,
                              py::arg("min") = v.min, py::arg("max") = v.max, py::arg("range") = v.range,
                              py::arg("percent_of_min") = v.percent_of_min, py::arg("percent_of_max") = v.percent_of_max,
                              py::arg("at_foot_strike") = v.at_foot_strike, py::arg("mean_stance") = v.mean_stance));
  out["variables"] = variables;
  py::list parameters;
  for (const ClinicalParameter& p : a.parameters)
    parameters.append(py::dict(py::arg("side") = side_name(p.side), py::arg("cycle") = p.cycle,
                               py::arg("parameter") = p.parameter, py::arg("value") = p.value, py::arg("percent") = p.percent));
  out["parameters"] = parameters;
  out["normative"] = normative_dict(a.normative);
  out["dimensionless_speed"] = a.dimensionless_speed;
  py::dict scores;
  scores["variables"] = texts(a.scores.variables);
  scores["gvs_left"] = array_of(a.scores.gvs[0]);
  scores["gvs_right"] = array_of(a.scores.gvs[1]);
  scores["gps_left"] = a.scores.gps[0];
  scores["gps_right"] = a.scores.gps[1];
  scores["gps_overall"] = a.scores.gps_overall;
  scores["cycles_left"] = a.scores.cycles[0];
  scores["cycles_right"] = a.scores.cycles[1];
  out["scores"] = scores;
  py::list findings;
  for (const Finding& f : a.findings)
    findings.append(py::dict(py::arg("finding") = f.finding, py::arg("side") = f.side, py::arg("value") = f.value,
                             py::arg("unit") = f.unit, py::arg("normal_mean") = f.normal_mean,
                             py::arg("normal_sd") = f.normal_sd, py::arg("z") = f.z, py::arg("flagged") = f.flagged,
                             py::arg("text") = f.text, py::arg("source") = f.source));
  out["findings"] = findings;
  out["notes"] = texts(a.notes);
  out["leg_length_m"] = py::make_tuple(a.data.leg_length_m[0], a.data.leg_length_m[1]);
  return out;
}

}  // namespace

void bind_metrics(py::module_& m) {
  m.attr("angle_variables") = [] {
    py::list out;
    for (auto v : angle_variables) out.append(std::string(v));
    return out;
  }();
  m.attr("normative_groups") = [] {
    py::list out;
    for (auto g : normative_groups) out.append(std::string(g));
    return out;
  }();
  m.def(
      "analyze",
      [](const Model& model, const Motion& motion, const EventTuples& events, const std::string& normative_group,
         double treadmill_speed_m_s, double max_cycle_s) {
        AnalysisOptions options;
        options.normative_group = normative_group;
        options.spatiotemporal.treadmill_speed_m_s = treadmill_speed_m_s;
        options.max_cycle_s = max_cycle_s;
        Analysis a;
        {
          py::gil_scoped_release release;
          a = analyze(model, motion, events_from(events), options);
        }
        return analysis_dict(a);
      },
      py::arg("model"), py::arg("motion"), py::arg("events"), py::arg("normative_group") = "",
      py::arg("treadmill_speed_m_s") = std::numeric_limits<double>::quiet_NaN(), py::arg("max_cycle_s") = 2.5,
      "The whole analysis of a fitted motion cut at events [(time, side, kind)], as plain structures.");
  m.def("builtin_normative", [](const std::string& group) { return normative_dict(builtin_normative(group)); },
        py::arg("group") = "Free", "Schwartz et al. 2008 normative curves of a speed group (rad, 101 points).");
  m.def("read_normative_curves",
        [](const std::filesystem::path& path, const std::string& source, const std::string& group) {
          return normative_dict(read_normative_curves(path, source, group));
        },
        py::arg("path"), py::arg("source"), py::arg("group"));
  m.def("reference_values", [] {
    py::list out;
    for (const ReferenceValue& r : reference_values())
      out.append(py::dict(py::arg("finding") = r.finding, py::arg("measure") = r.measure, py::arg("unit") = r.unit,
                          py::arg("mean") = r.mean, py::arg("sd") = r.sd, py::arg("direction") = r.direction,
                          py::arg("z_limit") = r.z_limit, py::arg("population") = r.population, py::arg("source") = r.source));
    return out;
  }, "The healthy reference of every compensation finding, with its source.");
}

}  // namespace gaitchain::python
