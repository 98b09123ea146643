#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gaitchain/model/kinematics.hpp"
#include "gaitchain/model/model.hpp"
#include "numpy.hpp"

namespace py = pybind11;

namespace gaitchain::python {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <class Items>
std::vector<std::string> names(const Items& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.name);
  return out;
}

Kinematics kinematics_at(const Model& model, const Eigen::Ref<const Eigen::VectorXd>& q) {
  Kinematics kin;
  forward_kinematics(model, q, kin);
  return kin;
}

py::array_t<double> points_at(const Model& model, const std::vector<BodyPoint>& points, const Eigen::Ref<const Eigen::VectorXd>& q) {
  const Kinematics kin = kinematics_at(model, q);
  RowMatrix out(points.size(), 3);
  for (std::size_t i = 0; i < points.size(); ++i) out.row(i) = point_position(model, kin, points[i]).transpose();
  return to_numpy(std::move(out), {static_cast<py::ssize_t>(points.size()), 3});
}

// A (3 * markers, columns) Jacobian filled by `fill` (marker_jacobian or marker_scale_jacobian) at q.
template <class Fill>
py::array_t<double> jacobian_at(const Model& model, const Eigen::Ref<const Eigen::VectorXd>& q, Eigen::Index columns, Fill fill) {
  const Kinematics kin = kinematics_at(model, q);
  Eigen::MatrixXd J(3 * model.markers.size(), columns);
  fill(model, kin, J);
  return to_numpy(RowMatrix(J), {J.rows(), J.cols()});
}

}  // namespace

void bind_model(py::module_& m) {
  // dynamic_attr: gaitchain.calibrate attaches its report to the model it returns (Model.calibration).
  py::class_<Model> model(m, "Model", py::dynamic_attr(), "The foot-to-lumbar kinematic chain with its marker set.");
  model.attr("calibration") = py::none();  // per instance after gaitchain.calibrate: a DataFrame, see docs/fit.md
  model
      .def_static(
          "lower_body",
          [](const py::object& marker_set, double height_m, int knee_dofs) {
            // A name or a path (str or os.PathLike).
            const auto name = py::module_::import("os").attr("fspath")(marker_set).cast<std::string>();
            return Model::lower_body({height_m, knee_dofs, name});
          },
          py::arg("marker_set") = "plug-in-gait", py::arg("height_m") = 1.75, py::arg("knee_dofs") = 1,
          "Pelvis (6 dof), lumbar (3), per side hip (3), knee (1 or 3), ankle, subtalar, MTP; segment "
          "lengths from height_m. marker_set: a built-in name (marker_set_names()) or a marker-set file path.")
      .def_property_readonly("coordinate_names", [](const Model& m) { return names(m.coordinates); })
      .def_property_readonly("coordinate_limits",
                             [](const Model& m) {
                               RowMatrix out(m.coordinates.size(), 2);
                               for (std::size_t c = 0; c < m.coordinates.size(); ++c)
                                 out.row(c) << m.coordinates[c].lower, m.coordinates[c].upper;
                               return to_numpy(std::move(out), {static_cast<py::ssize_t>(m.coordinates.size()), 2});
                             },
                             "(coordinates, 2) lower and upper limits, rad or m (inf where unbounded).")
      .def_property_readonly("rotational_coordinates",
                             [](const Model& m) {
                               std::vector<bool> out;
                               for (const auto& c : m.coordinates) out.push_back(c.kind == DofKind::rotation);
                               return out;
                             })
      .def_property_readonly("segment_names", [](const Model& m) { return names(m.segments); })
      .def_property_readonly("marker_names", [](const Model& m) { return names(m.markers); })
      .def_property_readonly("landmark_names", [](const Model& m) { return names(m.landmarks); })
      .def_property_readonly("scale_names", [](const Model& m) { return m.scale_names; })
      .def_property(
          "scales", [](const Model& m) { return Eigen::VectorXd(m.scales); },
          [](Model& m, const Eigen::VectorXd& s) {
            if (s.size() != m.scales.size())
              throw InvalidArgument("Model.scales: expected " + std::to_string(m.scales.size()) + " values");
            Model trial = m;
            trial.scales = s;
            trial.validate();
            m.scales = s;
          },
          "Per-segment scale factors (1 = the template for height_m).")
      .def_readonly("height_m", &Model::height_m)
      .def_readonly("marker_set", &Model::marker_set)
      .def_property_readonly("coordinate_count", &Model::coordinate_count)
      .def("marker_positions",
           [](const Model& m, const Eigen::Ref<const Eigen::VectorXd>& q) { return points_at(m, m.markers, q); },
           py::arg("q"), "(markers, 3) world positions for coordinates q (rad, m).")
      .def("landmark_positions",
           [](const Model& m, const Eigen::Ref<const Eigen::VectorXd>& q) { return points_at(m, m.landmarks, q); },
           py::arg("q"), "(landmarks, 3) world positions of joint centres and foot contact points.")
      .def("marker_jacobian",
           [](const Model& m, const Eigen::Ref<const Eigen::VectorXd>& q) {
             return jacobian_at(m, q, m.coordinate_count(), marker_jacobian);
           },
           py::arg("q"), "d(marker positions)/dq as a (3 * markers, coordinates) array.")
      .def("scale_jacobian",
           [](const Model& m, const Eigen::Ref<const Eigen::VectorXd>& q) {
             return jacobian_at(m, q, m.scales.size(), marker_scale_jacobian);
           },
           py::arg("q"), "d(marker positions)/d(scales) as a (3 * markers, scales) array.")
      .def("segment_poses",
           [](const Model& m, const Eigen::Ref<const Eigen::VectorXd>& q) {
             const Kinematics kin = kinematics_at(m, q);
             RowMatrix out(m.segments.size(), 16);
             for (std::size_t k = 0; k < m.segments.size(); ++k) {
               Eigen::Matrix<double, 4, 4, Eigen::RowMajor> T = Eigen::Matrix<double, 4, 4, Eigen::RowMajor>::Identity();
               T.topLeftCorner<3, 3>() = kin.segment_pose[k].R;
               T.topRightCorner<3, 1>() = kin.segment_pose[k].p;
               out.row(k) = Eigen::Map<const Eigen::Matrix<double, 1, 16>>(T.data());
             }
             return to_numpy(std::move(out), {static_cast<py::ssize_t>(m.segments.size()), 4, 4});
           },
           py::arg("q"), "(segments, 4, 4) homogeneous world poses of the segment frames.")
      .def("marker_trajectories",
           [](const Model& m, const Eigen::Ref<const CoordinateArray>& q_frames) {
             if (q_frames.cols() != m.coordinate_count())
               throw InvalidArgument("marker_trajectories: expected (frames, " + std::to_string(m.coordinate_count()) +
                                     ") coordinates, got " + std::to_string(q_frames.cols()) + " columns");
             PointArray points;
             {
               py::gil_scoped_release release;
               points = marker_trajectories(m, q_frames);
             }
             return to_numpy(std::move(points), {points.rows(), static_cast<py::ssize_t>(m.markers.size()), 3});
           },
           py::arg("coordinates"), "(frames, markers, 3) marker positions for a (frames, coordinates) motion.")
      .def("__repr__", [](const Model& m) {
        return "<gaitchain.Model lower_body height_m=" + std::to_string(m.height_m).substr(0, 4) + " marker_set='" +
               m.marker_set + "' coordinates=" + std::to_string(m.coordinates.size()) +
               " markers=" + std::to_string(m.markers.size()) + ">";
      });
  m.def("marker_set_names", &marker_set_names, "Names accepted by Model.lower_body(marker_set=...).");
  m.def("marker_set_text", [](const std::string& name) { return marker_set_text(name); }, py::arg("name"),
        "The file text of a built-in marker set, to copy and edit (format in docs/marker_sets.md).");
}

}  // namespace gaitchain::python
