// Marker-set templates: named points placed on the template chain's segments.
#include <string>

#include "gaitchain/core/error.hpp"
#include "gaitchain/model/anthropometry.hpp"
#include "gaitchain/model/model.hpp"

namespace gaitchain {
namespace {

// Plug-in Gait lower body (Vicon Plug-in Gait Reference Guide; Davis et al. 1991) with SACR and the
// PSIS pair, plus the trunk markers C7, T10, CLAV, STRN. Skin markers sit on the landmark plus a
// marker radius; thigh and tibia markers lie in the frontal plane of their segment, as PiG requires.
std::vector<BodyPoint> plug_in_gait(const Model& m) {
  namespace a = anthropometry;
  const double H = m.height_m;
  std::vector<BodyPoint> out;
  const int pelvis = m.segment_index("pelvis"), torso = m.segment_index("torso");
  const double pw = a::pelvis_width * H, pd = a::pelvis_depth * H, psis = a::psis_separation * H;
  out.push_back({"LASI", pelvis, {0, pw / 2, 0}});
  out.push_back({"RASI", pelvis, {0, -pw / 2, 0}});
  out.push_back({"LPSI", pelvis, {-pd, psis / 2, 0}});
  out.push_back({"RPSI", pelvis, {-pd, -psis / 2, 0}});
  out.push_back({"SACR", pelvis, {-pd, 0, 0}});
  for (Side side : {Side::left, Side::right}) {
    const std::string prefix = side == Side::left ? "L" : "R";
    const std::string s(suffix(side));
    const double lateral = side == Side::left ? 1.0 : -1.0;
    const int femur = m.segment_index("femur" + s), tibia = m.segment_index("tibia" + s),
              calcn = m.segment_index("calcn" + s);
    const double thigh = -m.segments[tibia].joint_offset.z();
    const double shank = -m.segments[m.segment_index("talus" + s)].joint_offset.z();
    const Vec3 subtalar = m.segments[calcn].joint_offset;  // in the talus frame, origin at the ankle centre
    const double marker_height = 0.020 * H;  // HEE and TOE above the floor
    out.push_back({prefix + "THI", femur, {0, lateral * 0.045 * H, -0.66 * thigh}});
    out.push_back({prefix + "KNE", femur, {0, lateral * a::knee_width / 2 * H, -thigh}});
    out.push_back({prefix + "TIB", tibia, {0, lateral * 0.040 * H, -0.66 * shank}});
    out.push_back({prefix + "ANK", tibia, {0, lateral * a::ankle_width / 2 * H, -shank}});
    out.push_back({prefix + "HEE", calcn,
                   Vec3(-(a::heel_back + 0.005) * H, 0, marker_height - a::ankle_height * H) - subtalar});
    out.push_back({prefix + "TOE", calcn, Vec3(a::mtp_forward * H, 0, marker_height - a::ankle_height * H) - subtalar});
  }
  out.push_back({"C7", torso, Vec3(-a::c7_posterior, 0, a::c7_superior) * H});
  out.push_back({"T10", torso, Vec3(-a::t10_posterior, 0, a::t10_superior) * H});
  out.push_back({"CLAV", torso, Vec3(a::clav_anterior, 0, a::clav_superior) * H});
  out.push_back({"STRN", torso, Vec3(a::strn_anterior, 0, a::strn_superior) * H});
  return out;
}

}  // namespace

std::vector<std::string> marker_set_names() { return {"plug-in-gait"}; }

std::vector<BodyPoint> marker_set(std::string_view name, const Model& model) {
  if (name == "plug-in-gait") return plug_in_gait(model);
  std::string known;
  for (const auto& n : marker_set_names()) known += (known.empty() ? "" : ", ") + n;
  throw InvalidArgument("unknown marker set '" + std::string(name) + "'; available: " + known);
}

}  // namespace gaitchain
