#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gaitchain/synthetic/walk.hpp"
#include "numpy.hpp"

namespace py = pybind11;

namespace gaitchain::python {

void bind_synthetic(py::module_& m) {
  // Returns plain data (arrays, lists, the Model); python/gaitchain/synthetic.py builds Trial and Truth.
  m.def(
      "synthetic_walk",
      [](double duration_s, double rate_hz, double speed_m_s, double noise_m, double dropout, std::uint64_t seed,
         const std::vector<std::tuple<std::string, std::string, double>>& compensations, double height_m,
         const std::string& marker_set) {
        WalkOptions o{duration_s, rate_hz, speed_m_s, noise_m, dropout, seed, {}, height_m, marker_set};
        for (const auto& [finding, side, magnitude] : compensations) {
          if (side != "left" && side != "right")
            throw InvalidArgument("synthetic_walk: compensation '" + finding + "' side must be 'left' or 'right', got '" + side + "'");
          o.compensations.push_back({finding, side == "left" ? Side::left : Side::right, magnitude});
        }
        SyntheticWalk walk;
        {
          py::gil_scoped_release release;
          walk = synthetic_walk(o);
        }
        py::list strides;
        for (const Stride& s : walk.truth.strides)
          strides.append(py::make_tuple(std::string(to_string(s.side)), s.start, s.end, s.length));
        const auto frames = walk.trial.points.rows();
        const auto markers = static_cast<py::ssize_t>(walk.trial.marker_names.size());
        const auto coordinates = walk.truth.coordinates.cols();
        py::dict out;
        out["marker_names"] = walk.trial.marker_names;
        out["points"] = to_numpy(std::move(walk.trial.points), {frames, markers, 3});
        out["rate"] = walk.trial.rate;
        out["first_frame"] = walk.trial.first_frame;
        out["events"] = events_list(walk.truth.events);
        out["coordinates"] = to_numpy(std::move(walk.truth.coordinates), {frames, coordinates});
        out["strides"] = strides;
        out["cadence_steps_per_min"] = walk.truth.cadence_steps_per_min;
        out["step_length_m"] = walk.truth.step_length_m;
        out["stance_fraction"] = walk.truth.stance_fraction;
        out["model"] = std::move(walk.truth.model);
        return out;
      },
      py::arg("duration_s"), py::arg("rate_hz"), py::arg("speed_m_s"), py::arg("noise_m"), py::arg("dropout"),
      py::arg("seed"), py::arg("compensations"), py::arg("height_m"), py::arg("marker_set"));
  m.def("compensation_names", &compensation_names);
}

}  // namespace gaitchain::python
