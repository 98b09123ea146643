// Builds a model, runs forward kinematics and prints one marker height: proves headers, the compiled
// library and the exported target all arrive through find_package(gaitchain).
#include <gaitchain/gaitchain.hpp>

#include <cmath>
#include <cstdio>

int main() {
  const gaitchain::Model model = gaitchain::Model::lower_body();
  gaitchain::Kinematics kin;
  gaitchain::forward_kinematics(model, Eigen::VectorXd::Zero(model.coordinate_count()), kin);
  const double rasi_z = gaitchain::point_position(model, kin, model.markers[model.marker_index("RASI")]).z();
  std::printf("RASI z at the neutral pose: %.4f m\n", rasi_z);
  return std::abs(rasi_z) < 1e-12 ? 0 : 1;  // the pelvis origin is mid-ASIS
}
