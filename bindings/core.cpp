#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gaitchain/core/angles.hpp"
#include "gaitchain/core/error.hpp"
#include "gaitchain/core/rotation.hpp"
#include "gaitchain/core/trajectory.hpp"

namespace py = pybind11;

namespace gaitchain::python {
namespace {

Axis parse_axis(char c) {
  switch (c) {
    case 'x': case 'X': return Axis::x;
    case 'y': case 'Y': return Axis::y;
    case 'z': case 'Z': return Axis::z;
    default: throw InvalidArgument(std::string("cardan_angles: axis must be x, y or z, got '") + c + "'");
  }
}

// A float64 1-D array we may modify in place, or a clear error.
std::span<double> writable_series(py::array_t<double>& a, const char* what) {
  if (a.ndim() != 1) throw InvalidArgument(std::string(what) + ": expected a 1-D float64 array");
  if (!a.writeable()) throw InvalidArgument(std::string(what) + ": the array is read-only");
  return {a.mutable_data(), static_cast<std::size_t>(a.shape(0))};
}

}  // namespace

void bind_core(py::module_& m) {
  // Error hierarchy: gaitchain.Error (RuntimeError); InvalidArgumentError and ParseError (also
  // ValueError); FileError (also OSError). Registered base first: pybind11 tries the latest registration first.
  static py::exception<Error> error(m, "Error", PyExc_RuntimeError);
  static py::object invalid = py::reinterpret_steal<py::object>(
      PyErr_NewException("gaitchain._core.core.InvalidArgumentError", py::make_tuple(error, py::handle(PyExc_ValueError)).ptr(), nullptr));
  static py::object file_error = py::reinterpret_steal<py::object>(
      PyErr_NewException("gaitchain._core.core.FileError", py::make_tuple(error, py::handle(PyExc_OSError)).ptr(), nullptr));
  static py::object parse_error = py::reinterpret_steal<py::object>(
      PyErr_NewException("gaitchain._core.core.ParseError", py::make_tuple(error, py::handle(PyExc_ValueError)).ptr(), nullptr));
  m.attr("InvalidArgumentError") = invalid;
  m.attr("ParseError") = parse_error;
  m.attr("FileError") = file_error;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InvalidArgument& e) {
      PyErr_SetString(invalid.ptr(), e.what());
    } catch (const ParseError& e) {
      PyErr_SetString(parse_error.ptr(), e.what());
    } catch (const IoError& e) {
      PyErr_SetString(file_error.ptr(), e.what());
    } catch (const Error& e) {
      PyErr_SetString(error.ptr(), e.what());
    }
  });

  m.def("cardan_angles",
        [](const Mat3& R, const std::string& sequence) {
          if (sequence.size() != 3) throw InvalidArgument("cardan_angles: sequence must have 3 axes, e.g. 'yxz'");
          const Axis a = parse_axis(sequence[0]), b = parse_axis(sequence[1]), c = parse_axis(sequence[2]);
          if (a == b || b == c || a == c) throw InvalidArgument("cardan_angles: the sequence needs three different axes");
          return cardan_angles(R, a, b, c);
        },
        py::arg("R"), py::arg("sequence"),
        "Angles (t1, t2, t3) with R = R_a1(t1) R_a2(t2) R_a3(t3) (intrinsic sequence such as 'yxz').");
  m.def("rotation", [](const Vec3& axis, double angle) {
          if (!(axis.norm() > 0)) throw InvalidArgument("rotation: axis must be non-zero");
          return rotation(Vec3(axis.normalized()), angle);
        }, py::arg("axis"), py::arg("angle"), "Rotation matrix for an angle (rad) about an axis.");
  m.def("unwrap", [](py::array_t<double> a) { unwrap(writable_series(a, "unwrap")); },
        py::arg("angles").noconvert(), "Removes 2*pi jumps in place; NaN samples are kept.");
  m.def("fill_gaps",
        [](py::array_t<double> a, std::size_t max_gap, const std::string& method) {
          if (method != "linear" && method != "cubic") throw InvalidArgument("fill_gaps: method must be 'linear' or 'cubic'");
          return fill_gaps(writable_series(a, "fill_gaps"), max_gap, method == "linear" ? GapFill::linear : GapFill::cubic);
        },
        py::arg("series").noconvert(), py::arg("max_gap"), py::arg("method") = "cubic",
        "Fills interior NaN gaps of at most max_gap samples in place; returns the number of samples filled.");
}

}  // namespace gaitchain::python
