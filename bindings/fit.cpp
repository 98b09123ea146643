// Bindings of include/gaitchain/fit (and of the Motion they produce, with its .mot writer): options as
// keyword arguments, trials as the plain data of gaitchain.io.trial_data(trial). python/gaitchain/fit.py
// turns the results into DataFrames.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <optional>

#include "bindings.hpp"
#include "gaitchain/core/motion.hpp"
#include "gaitchain/fit/calibrate.hpp"
#include "gaitchain/fit/inverse_kinematics.hpp"
#include "gaitchain/io/motion_io.hpp"
#include "numpy.hpp"

namespace py = pybind11;

namespace gaitchain::python {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

RobustLoss parse_loss(const std::string& loss) {
  if (loss == "none") return RobustLoss::none;
  if (loss == "huber") return RobustLoss::huber;
  if (loss == "cauchy") return RobustLoss::cauchy;
  throw InvalidArgument("inverse_kinematics: loss must be 'none', 'huber' or 'cauchy', got '" + loss + "'");
}


}  // namespace

void bind_fit(py::module_& m) {
  py::class_<Motion>(m, "Motion",
                     "Joint coordinates per frame with their fit residuals and uncertainty (plain arrays; "
                     "gaitchain.Motion wraps them in DataFrames).")
      .def_readonly("coordinate_names", &Motion::coordinate_names)
      .def_readonly("rotational", &Motion::rotational, "Per coordinate: rad (True) or m (False).")
      .def_property_readonly("coordinates", [](const Motion& mo) { return array_of(mo.coordinates); },
                             "(frames, coordinates), rad and m; NaN where not determined.")
      .def_property_readonly("uncertainty", [](const Motion& mo) { return array_of(mo.uncertainty); },
                             "(frames, coordinates) standard deviations, rad and m; 0 for locked coordinates.")
      .def_property_readonly("marker_names", [](const Motion& mo) { return texts(mo.marker_names); },
                             "The model markers found in the trial.")
      .def_property_readonly("marker_error", [](const Motion& mo) { return array_of(mo.marker_error); },
                             "(frames, markers) distance of each observed marker from its model position, m.")
      .def_property_readonly("marker_rms", [](const Motion& mo) { return array_of(mo.marker_rms); },
                             "Per frame: RMS of marker_error over the observed markers, m.")
      .def_readonly("flags", &Motion::flags, "Per frame: '' if every coordinate was determined, else why not.")
      .def_readonly("marker_noise_m", &Motion::marker_noise_m, "The marker noise SD behind the uncertainty, m.")
      .def_readonly("rate", &Motion::rate)
      .def_readonly("first_frame", &Motion::first_frame)
      .def_property_readonly("events", [](const Motion& mo) { return events_list(mo.events); })
      .def_property_readonly("frame_count", &Motion::frame_count)
      .def_property_readonly("time",
                             [](const Motion& mo) {
                               Eigen::VectorXd t(static_cast<Eigen::Index>(mo.frame_count()));
                               for (Eigen::Index k = 0; k < t.size(); ++k) t[k] = mo.time(static_cast<std::size_t>(k));
                               return to_numpy(std::move(t), {t.size()});
                             },
                             "Frame times on the capture clock, s.")
      .def("__repr__", [](const Motion& mo) {
        return "<gaitchain._core.fit.Motion " + std::to_string(mo.frame_count()) + " frames, " +
               std::to_string(mo.coordinate_names.size()) + " coordinates>";
      });

  py::class_<Calibration>(m, "Calibration", "The result of calibrate: the fitted model and how well it fits.")
      .def_property_readonly("model", [](const Calibration& c) { return c.model; }, "The calibrated Model (a copy).")
      .def_readonly("size_factor", &Calibration::size_factor, "Whole-body size relative to the template.")
      .def_property_readonly("marker_names", [](const Calibration& c) { return texts(c.marker_names); })
      .def_property_readonly("marker_rms", [](const Calibration& c) { return array_of(c.marker_rms); },
                             "Per marker: RMS distance to the data over the frames used, m.")
      .def_property_readonly("marker_moved", [](const Calibration& c) { return array_of(c.marker_moved); },
                             "Per marker: distance from its template place in the neutral pose at the fitted scales, m.")
      .def_readonly("rms", &Calibration::rms, "Over all markers and frames, m.")
      .def_property_readonly(
          "foot_axis_turn_rad", [](const Calibration& c) { return py::make_tuple(c.foot_axis_turn_rad[0], c.foot_axis_turn_rad[1]); },
          "(left, right): turn of each foot below the ankle about the vertical through the ankle centre to follow its heel and toe markers, rad.");

  m.def(
      "inverse_kinematics",
      [](const Model& model, const py::tuple& trial, const std::string& loss, double loss_scale_m, bool joint_limits,
         const std::optional<py::dict>& locked, std::optional<py::array_t<double, py::array::c_style | py::array::forcecast>> weights,
         double smoothing, double marker_noise_m, int threads, int max_iterations) {
        const Trial t = trial_from_python(trial);
        IkOptions o;
        o.loss = parse_loss(loss);
        o.loss_scale_m = loss_scale_m;
        o.joint_limits = joint_limits;
        if (locked)
          for (const auto& [name, value] : *locked) o.locked.emplace_back(py::str(name).cast<std::string>(), value.cast<double>());
        if (weights) {
          if (weights->ndim() != 2)
            throw InvalidArgument("inverse_kinematics: weights must be a 2-D array (frames, trial markers)");
          o.weights = Eigen::Map<const RowMatrix>(weights->data(), weights->shape(0), weights->shape(1));
        }
        o.smoothing = smoothing;
        o.marker_noise_m = marker_noise_m;
        o.threads = threads;
        o.max_iterations = max_iterations;
        const Model copy = model;  // the Python object may change while the GIL is released
        py::gil_scoped_release release;
        return inverse_kinematics(copy, t, o);
      },
      py::arg("model"), py::arg("trial"), py::kw_only(), py::arg("loss") = "none", py::arg("loss_scale_m") = 0.02,
      py::arg("joint_limits") = true, py::arg("locked") = py::none(), py::arg("weights") = py::none(),
      py::arg("smoothing") = 0.0, py::arg("marker_noise_m") = 0.0, py::arg("threads") = 1, py::arg("max_iterations") = 100,
      "Fits the model to every frame of the trial (see gaitchain.inverse_kinematics).");

  m.def(
      "calibrate",
      [](const Model& model, const py::tuple& static_trial, const std::optional<py::tuple>& dynamic, int static_frames,
         int dynamic_frames, double marker_sd_m, double scale_sd, double static_pose_sd_rad, double max_static_motion_m) {
        const Trial s = trial_from_python(static_trial);
        std::optional<Trial> d;
        if (dynamic) d = trial_from_python(*dynamic);
        CalibrationOptions o;
        o.static_frames = static_frames;
        o.dynamic = d ? &*d : nullptr;
        o.dynamic_frames = dynamic_frames;
        o.marker_sd_m = marker_sd_m;
        o.scale_sd = scale_sd;
        o.static_pose_sd_rad = static_pose_sd_rad;
        o.max_static_motion_m = max_static_motion_m;
        const Model copy = model;
        py::gil_scoped_release release;
        return calibrate(copy, s, o);
      },
      py::arg("model"), py::arg("static_trial"), py::kw_only(), py::arg("dynamic") = py::none(), py::arg("static_frames") = 20,
      py::arg("dynamic_frames") = 30, py::arg("marker_sd_m") = 0.02, py::arg("scale_sd") = 0.1,
      py::arg("static_pose_sd_rad") = 0.2, py::arg("max_static_motion_m") = 0.05,
      "Fits segment scales and marker positions to a static trial (see gaitchain.calibrate).");

  m.def(
      "write_motion",
      [](const std::filesystem::path& path, const Motion& motion, const std::string& convention) {
        py::gil_scoped_release release;
        io::write_motion(path, motion, convention);
      },
      py::arg("path"), py::arg("motion"), py::arg("convention") = "gaitchain",
      "Writes the motion as an OpenSim .mot (degrees) in our convention or OpenSim's ('gait2354', 'rajagopal').");
  m.def("motion_conventions", &io::motion_conventions, "Names accepted by write_motion(convention=...).");
}

}  // namespace gaitchain::python
