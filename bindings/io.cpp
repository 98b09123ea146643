// Bindings of include/gaitchain/io: readers return plain data (dicts of numpy arrays and lists) that
// python/gaitchain/io.py turns into Trial objects and DataFrames; writers take the same plain data.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings.hpp"
#include "gaitchain/io/c3d.hpp"
#include "gaitchain/io/grf.hpp"
#include "gaitchain/io/table.hpp"
#include "gaitchain/io/trc.hpp"
#include "gaitchain/io/trial_io.hpp"
#include "numpy.hpp"

namespace py = pybind11;

namespace gaitchain::python {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Text from files as Python str: UTF-8 where valid, else Latin-1 (old C3D writers store 8-bit code
// pages), so a label never makes a file unreadable from Python.
py::str text(const std::string& s) {
  PyObject* decoded = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
  if (!decoded) {
    PyErr_Clear();
    decoded = PyUnicode_DecodeLatin1(s.data(), static_cast<Py_ssize_t>(s.size()), nullptr);
  }
  return py::reinterpret_steal<py::str>(decoded);
}

py::list texts(const std::vector<std::string>& list) {
  py::list out;
  for (const std::string& s : list) out.append(text(s));
  return out;
}

py::list events_list(const std::vector<Event>& events) {
  py::list out;
  for (const Event& e : events) out.append(py::make_tuple(e.time, std::string(to_string(e.side)), std::string(to_string(e.kind))));
  return out;
}

Side parse_side(const std::string& side) {
  if (side == "left") return Side::left;
  if (side == "right") return Side::right;
  throw InvalidArgument("event side must be 'left' or 'right', got '" + side + "'");
}

EventKind parse_kind(const std::string& kind) {
  if (kind == "foot_strike") return EventKind::foot_strike;
  if (kind == "foot_off") return EventKind::foot_off;
  throw InvalidArgument("event kind must be 'foot_strike' or 'foot_off', got '" + kind + "'");
}

std::vector<Event> events_from(const EventTuples& tuples) {
  std::vector<Event> out;
  for (const auto& [time, side, kind] : tuples) out.push_back({time, parse_side(side), parse_kind(kind)});
  return out;
}

namespace {

// A Trial from the plain data of python/gaitchain/trial.py (points (frames, markers, 3), metres).
Trial trial_from_python(const std::vector<std::string>& marker_names, py::array_t<double, py::array::c_style | py::array::forcecast> points,
                        double rate, long first_frame, const EventTuples& events, const Mat3& lab_rotation, double lab_scale,
                        const std::string& lab_units, const std::string& source) {
  if (points.ndim() != 3 || points.shape(2) != 3) throw InvalidArgument("points must have shape (frames, markers, 3)");
  Trial t;
  t.marker_names = marker_names;
  t.points = Eigen::Map<const RowMatrix>(points.data(), points.shape(0), 3 * points.shape(1));
  t.rate = rate;
  t.first_frame = first_frame;
  t.events = events_from(events);
  t.lab_frame = {lab_rotation, lab_scale, lab_units};
  t.source = source;
  t.validate();
  return t;
}

}  // namespace

ForcePlate plate_from_python(const py::handle& plate) {
  ForcePlate p;
  p.name = plate.attr("name").cast<std::string>();
  p.type = plate.attr("type").cast<int>();
  p.rate = plate.attr("rate").cast<double>();
  p.start_time = plate.attr("start_time").cast<double>();
  const auto series = [&](const char* field) {
    const auto a = plate.attr(field).cast<py::array_t<double, py::array::c_style | py::array::forcecast>>();
    if (a.ndim() != 2 || a.shape(1) != 3)
      throw InvalidArgument("force plate " + p.name + ": " + field + " must have shape (samples, 3)");
    return ForcePlate::Series(Eigen::Map<const ForcePlate::Series>(a.data(), a.shape(0), 3));
  };
  p.force = series("force");
  p.moment = series("moment");
  p.cop = series("cop");
  if (p.moment.rows() != p.force.rows() || p.cop.rows() != p.force.rows())
    throw InvalidArgument("force plate " + p.name + ": force, moment and cop must have the same number of samples");
  if (!(p.rate > 0)) throw InvalidArgument("force plate " + p.name + ": rate must be positive");
  p.corners = plate.attr("corners").cast<Eigen::Matrix<double, 4, 3, Eigen::RowMajor>>();
  return p;
}

py::dict plate_dict(ForcePlate&& p) {
  py::dict d;
  const auto n = static_cast<py::ssize_t>(p.force.rows());
  d["name"] = text(p.name);
  d["type"] = p.type;
  d["rate"] = p.rate;
  d["start_time"] = p.start_time;
  d["corners"] = RowMatrix(p.corners);
  d["force"] = to_numpy(std::move(p.force), {n, 3});
  d["moment"] = to_numpy(std::move(p.moment), {n, 3});
  d["cop"] = to_numpy(std::move(p.cop), {n, 3});
  return d;
}

namespace {

py::dict trial_dict(Trial&& t) {
  py::dict d;
  const auto frames = static_cast<py::ssize_t>(t.points.rows());
  const auto markers = static_cast<py::ssize_t>(t.marker_names.size());
  d["marker_names"] = texts(t.marker_names);
  d["points"] = to_numpy(std::move(t.points), {frames, markers, 3});
  d["rate"] = t.rate;
  d["first_frame"] = t.first_frame;
  d["events"] = events_list(t.events);
  py::list plates;
  for (ForcePlate& p : t.force_plates) plates.append(plate_dict(std::move(p)));
  d["force_plates"] = plates;
  d["lab_rotation"] = t.lab_frame.rotation;
  d["lab_scale"] = t.lab_frame.scale;
  d["lab_units"] = text(t.lab_frame.units);
  d["source"] = text(t.source);
  d["notes"] = texts(t.notes);
  return d;
}

py::object parameter_value(const io::C3dParameter& p) {
  if (p.type == io::C3dParameter::Type::character) {
    if (p.dimensions.size() <= 1) return text(p.strings.empty() ? std::string() : p.strings[0]);
    return texts(p.strings);
  }
  return py::cast(p.numbers);
}

}  // namespace

Trial trial_from_python(const py::tuple& data) {
  if (data.size() != 9)
    throw InvalidArgument("a trial must be passed as the 9 fields of gaitchain.io.trial_data(trial), got " +
                          std::to_string(data.size()));
  return trial_from_python(data[0].cast<std::vector<std::string>>(),
                           data[1].cast<py::array_t<double, py::array::c_style | py::array::forcecast>>(), data[2].cast<double>(),
                           data[3].cast<long>(), data[4].cast<EventTuples>(), data[5].cast<Mat3>(), data[6].cast<double>(),
                           data[7].cast<std::string>(), data[8].cast<std::string>());
}

void bind_io(py::module_& m) {
  m.def("read_trial", [](const std::filesystem::path& path) {
          Trial t;
          {
            py::gil_scoped_release release;
            t = io::read_trial(path);
          }
          return trial_dict(std::move(t));
        }, py::arg("path"), "Reads a C3D or TRC file into the plain data of a Trial (internal frame, metres).");

  m.def("write_trial",
        [](const std::filesystem::path& path, const std::vector<std::string>& marker_names, py::array_t<double, py::array::c_style | py::array::forcecast> points,
           double rate, long first_frame, const EventTuples& events, const Mat3& lab_rotation, double lab_scale,
           const std::string& lab_units, const std::string& source) {
          const Trial t = trial_from_python(marker_names, points, rate, first_frame, events, lab_rotation, lab_scale, lab_units, source);
          py::gil_scoped_release release;
          io::write_trial(path, t);
        },
        py::arg("path"), py::arg("marker_names"), py::arg("points"), py::arg("rate"), py::arg("first_frame"), py::arg("events"),
        py::arg("lab_rotation"), py::arg("lab_scale"), py::arg("lab_units"), py::arg("source") = "");

  m.def("read_c3d", [](const std::filesystem::path& path) {
          io::C3d c;
          {
            py::gil_scoped_release release;
            c = io::read_c3d(path);
          }
          py::dict d;
          const auto frames = static_cast<py::ssize_t>(c.points.rows());
          const auto points = static_cast<py::ssize_t>(c.point_labels.size());
          d["processor"] = std::string(io::to_string(c.processor));
          d["point_labels"] = texts(c.point_labels);
          d["point_descriptions"] = texts(c.point_descriptions);
          d["point_units"] = text(c.point_units);
          d["point_rate"] = c.point_rate;
          d["first_frame"] = c.first_frame;
          d["points"] = to_numpy(std::move(c.points), {frames, points, 3});
          RowMatrix residuals = c.residuals.cast<double>();
          d["residuals"] = to_numpy(std::move(residuals), {frames, points});
          d["analog_labels"] = texts(c.analog_labels);
          d["analog_units"] = texts(c.analog_units);
          d["analog_rate"] = c.analog_rate;
          const auto samples = static_cast<py::ssize_t>(c.analogs.rows()), channels = static_cast<py::ssize_t>(c.analogs.cols());
          d["analogs"] = to_numpy(std::move(c.analogs), {samples, channels});
          py::list events;
          for (const io::C3dEvent& e : c.events) events.append(py::make_tuple(e.time, text(e.context), text(e.label), text(e.description), text(e.subject)));
          d["events"] = events;
          py::dict parameters;
          for (const io::C3dGroup& g : c.groups) {
            py::dict group;
            for (const io::C3dParameter& p : g.parameters) group[text(p.name)] = parameter_value(p);
            parameters[text(g.name)] = group;
          }
          d["parameters"] = parameters;
          d["notes"] = texts(c.notes);
          return d;
        }, py::arg("path"), "Reads a C3D file as stored (lab frame, file units, every parameter).");

  m.def("read_force_plates",
        [](const std::filesystem::path& path, const Mat3& lab_rotation, double lab_scale, const std::string& lab_units) {
          std::vector<std::string> notes;
          std::vector<ForcePlate> plates;
          {
            py::gil_scoped_release release;
            plates = io::read_force_plates(path, LabFrame{lab_rotation, lab_scale, lab_units}, &notes);
          }
          py::list out;
          for (ForcePlate& p : plates) out.append(plate_dict(std::move(p)));
          return py::make_tuple(out, texts(notes));
        },
        py::arg("path"), py::arg("lab_rotation"), py::arg("lab_scale"), py::arg("lab_units"),
        "Force plates of an OpenSim GRF table in the internal frame of the trial whose lab frame is given.");
  m.def("read_table", [](const std::filesystem::path& path) {
          io::Table t;
          {
            py::gil_scoped_release release;
            t = io::read_table(path);
          }
          py::dict d;
          d["name"] = text(t.name);
          d["columns"] = texts(t.column_names);
          const auto rows = static_cast<py::ssize_t>(t.values.rows()), cols = static_cast<py::ssize_t>(t.values.cols());
          d["time"] = py::array_t<double>(static_cast<py::ssize_t>(t.time.size()), t.time.data());
          d["values"] = to_numpy(std::move(t.values), {rows, cols});
          d["in_degrees"] = t.in_degrees;
          py::list metadata;
          for (const auto& [key, value] : t.metadata) metadata.append(py::make_tuple(text(key), text(value)));
          d["metadata"] = metadata;
          return d;
        }, py::arg("path"), "Reads an OpenSim .mot/.sto table (values as stored).");

  m.def("write_table",
        [](const std::filesystem::path& path, const std::string& name, const std::vector<std::string>& columns, const std::vector<double>& time,
           py::array_t<double, py::array::c_style | py::array::forcecast> values, bool in_degrees,
           const std::vector<std::pair<std::string, std::string>>& metadata) {
          if (values.ndim() != 2) throw InvalidArgument("write_table: values must be 2-D (rows, columns)");
          io::Table t;
          t.name = name;
          t.column_names = columns;
          t.time = time;
          t.values = Eigen::Map<const RowMatrix>(values.data(), values.shape(0), values.shape(1));
          t.in_degrees = in_degrees;
          t.metadata = metadata;
          py::gil_scoped_release release;
          io::write_table(path, t);
        },
        py::arg("path"), py::arg("name"), py::arg("columns"), py::arg("time"), py::arg("values"), py::arg("in_degrees"), py::arg("metadata"));
}

}  // namespace gaitchain::python
