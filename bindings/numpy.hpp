#pragma once
// Hands Eigen results to numpy without copying: the matrix moves to the heap and a capsule owns it.
#include <pybind11/numpy.h>

#include <Eigen/Core>

#include <utility>
#include <vector>

namespace gaitchain::python {

// A numpy array of `shape` (C order) viewing the moved-in row-major matrix.
template <class Matrix>
pybind11::array_t<double> to_numpy(Matrix&& matrix, std::vector<pybind11::ssize_t> shape) {
  static_assert(std::decay_t<Matrix>::IsRowMajor || std::decay_t<Matrix>::ColsAtCompileTime == 1, "row-major only");
  auto* owned = new std::decay_t<Matrix>(std::forward<Matrix>(matrix));
  pybind11::capsule owner(owned, [](void* p) { delete static_cast<std::decay_t<Matrix>*>(p); });
  return pybind11::array_t<double>(shape, owned->data(), owner);
}

// Copies as (rows, cols) and (size,) numpy arrays.
inline pybind11::array_t<double> array_of(const Eigen::MatrixXd& matrix) {
  using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return to_numpy(RowMatrix(matrix), {matrix.rows(), matrix.cols()});
}
inline pybind11::array_t<double> array_of(const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>& matrix) {
  using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return to_numpy(RowMatrix(matrix), {matrix.rows(), matrix.cols()});
}
inline pybind11::array_t<double> array_of(const Eigen::VectorXd& vector) {
  return to_numpy(Eigen::VectorXd(vector), {vector.size()});
}

}  // namespace gaitchain::python
