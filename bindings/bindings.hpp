#pragma once
// Shared declarations of the binding sources (one per include/gaitchain/ folder).
#include <pybind11/pybind11.h>

namespace gaitchain::python {
void bind_core(pybind11::module_& m);
void bind_io(pybind11::module_& m);
void bind_model(pybind11::module_& m);
void bind_synthetic(pybind11::module_& m);
}  // namespace gaitchain::python
