// The template chain (Model::lower_body), its names, its neutral-pose geometry and validation.
// Expected positions are computed by hand from the constants documented in anthropometry.hpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <gaitchain/core/angles.hpp>
#include <gaitchain/core/error.hpp>
#include <gaitchain/model/kinematics.hpp>
#include <gaitchain/model/model.hpp>
#include <limits>
#include <string>
#include <vector>

using gaitchain::Kinematics;
using gaitchain::LowerBodyOptions;
using gaitchain::Model;
using gaitchain::Vec3;

namespace {

// The message of the InvalidArgument thrown by f, or "<no throw>" / "<other exception>".
std::string invalid_argument_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const gaitchain::InvalidArgument& e) {
    return e.what();
  } catch (...) {
    return "<other exception>";
  }
  return "<no throw>";
}
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

Model model_of(double H, int knee_dofs = 1) {
  LowerBodyOptions o;
  o.height_m = H;
  o.knee_dofs = knee_dofs;
  return Model::lower_body(o);
}

struct Neutral {
  const Model& m;
  Kinematics kin;
  explicit Neutral(const Model& model) : m(model) {
    gaitchain::forward_kinematics(m, Eigen::VectorXd::Zero(m.coordinate_count()), kin);
  }
  Vec3 landmark(const char* n) const { return gaitchain::point_position(m, kin, m.landmark(n)); }
  Vec3 marker(const char* n) const { return gaitchain::point_position(m, kin, m.markers[m.marker_index(n)]); }
  Vec3 origin(const char* segment) const { return kin.segment_pose[m.segment_index(segment)].p; }
};

void check_vec(const Vec3& got, const Vec3& expect, double tol = 1e-12) {
  CHECK(std::abs(got.x() - expect.x()) < tol);
  CHECK(std::abs(got.y() - expect.y()) < tol);
  CHECK(std::abs(got.z() - expect.z()) < tol);
}

const std::vector<std::string> expected_coordinates{
    "pelvis_tilt",      "pelvis_list",     "pelvis_rotation", "pelvis_tx",     "pelvis_ty",        "pelvis_tz",
    "hip_flexion_r",    "hip_adduction_r", "hip_rotation_r",  "knee_angle_r",  "ankle_angle_r",    "subtalar_angle_r",
    "mtp_angle_r",      "hip_flexion_l",   "hip_adduction_l", "hip_rotation_l", "knee_angle_l",    "ankle_angle_l",
    "subtalar_angle_l", "mtp_angle_l",     "lumbar_extension", "lumbar_bending", "lumbar_rotation"};

}  // namespace

TEST_CASE("lower_body defaults: height, marker set, scales") {
  const Model m = Model::lower_body();
  CHECK(m.height_m == 1.75);
  CHECK(m.marker_set == "plug-in-gait");
  CHECK(gaitchain::marker_set_names().front() == "plug-in-gait");
  CHECK(m.scale_names ==
        std::vector<std::string>{"pelvis", "femur_r", "tibia_r", "foot_r", "femur_l", "tibia_l", "foot_l", "torso"});
  REQUIRE(m.scales.size() == 8);
  CHECK(m.scales.isOnes());
  CHECK_NOTHROW(m.validate());
}

TEST_CASE("lower_body coordinates: OpenSim names, order, kinds and limits") {
  const Model m = Model::lower_body();
  REQUIRE(m.coordinate_count() == 23);
  std::vector<std::string> names;
  for (const auto& c : m.coordinates) names.push_back(c.name);
  CHECK(names == expected_coordinates);
  for (int i = 0; i < m.coordinate_count(); ++i) CHECK(m.coordinate_index(expected_coordinates[i]) == i);

  const double inf = std::numeric_limits<double>::infinity();
  for (const auto& c : m.coordinates) {
    CAPTURE(c.name);
    const bool translation = c.name == "pelvis_tx" || c.name == "pelvis_ty" || c.name == "pelvis_tz";
    CHECK((c.kind == gaitchain::DofKind::translation) == translation);
    if (translation) {
      CHECK(c.lower == -inf);
      CHECK(c.upper == inf);
    } else {
      CHECK(c.lower < 0.0);  // the neutral pose lies inside every joint range
      CHECK(c.upper > 0.0);
    }
  }
  const auto& hip = m.coordinates[m.coordinate_index("hip_flexion_r")];
  CHECK(hip.lower == doctest::Approx(gaitchain::rad(-30)));
  CHECK(hip.upper == doctest::Approx(gaitchain::rad(120)));
  const auto& knee = m.coordinates[m.coordinate_index("knee_angle_l")];
  CHECK(knee.lower == doctest::Approx(gaitchain::rad(-10)));
  CHECK(knee.upper == doctest::Approx(gaitchain::rad(140)));
  CHECK(std::isinf(m.coordinates[m.coordinate_index("pelvis_rotation")].upper));
}

TEST_CASE("lower_body knee_dofs = 3 adds knee_adduction and knee_rotation after knee_angle") {
  const Model m = model_of(1.75, 3);
  REQUIRE(m.coordinate_count() == 27);
  std::vector<std::string> expect = expected_coordinates;
  for (const char* side : {"_r", "_l"}) {
    auto it = std::find(expect.begin(), expect.end(), std::string("knee_angle") + side);
    REQUIRE(it != expect.end());
    expect.insert(it + 1, {std::string("knee_adduction") + side, std::string("knee_rotation") + side});
  }
  std::vector<std::string> names;
  for (const auto& c : m.coordinates) names.push_back(c.name);
  CHECK(names == expect);
  CHECK(m.segments[m.segment_index("tibia_r")].dofs.size() == 3);
  CHECK(m.segments[m.segment_index("tibia_l")].dofs.size() == 3);
  CHECK(model_of(1.75, 1).segments[m.segment_index("tibia_r")].dofs.size() == 1);
}

TEST_CASE("lower_body segments, parents and dof counts") {
  const Model m = Model::lower_body();
  const std::vector<std::string> expect{"pelvis", "femur_r", "tibia_r", "talus_r", "calcn_r", "toes_r",
                                        "femur_l", "tibia_l", "talus_l", "calcn_l", "toes_l", "torso"};
  std::vector<std::string> names;
  for (const auto& s : m.segments) names.push_back(s.name);
  CHECK(names == expect);
  auto parent = [&](const char* s) {
    const int p = m.segments[m.segment_index(s)].parent;
    return p < 0 ? std::string("ground") : m.segments[p].name;
  };
  CHECK(parent("pelvis") == "ground");
  CHECK(parent("femur_r") == "pelvis");
  CHECK(parent("tibia_r") == "femur_r");
  CHECK(parent("talus_r") == "tibia_r");
  CHECK(parent("calcn_r") == "talus_r");
  CHECK(parent("toes_r") == "calcn_r");
  CHECK(parent("femur_l") == "pelvis");
  CHECK(parent("toes_l") == "calcn_l");
  CHECK(parent("torso") == "pelvis");
  CHECK(m.segments[m.segment_index("pelvis")].dofs.size() == 6);
  CHECK(m.segments[m.segment_index("femur_l")].dofs.size() == 3);
  CHECK(m.segments[m.segment_index("torso")].dofs.size() == 3);
  for (const char* s : {"talus_r", "calcn_r", "toes_r", "talus_l", "calcn_l", "toes_l"})
    CHECK(m.segments[m.segment_index(s)].dofs.size() == 1);
  // Scale groups: the three foot segments share one factor per side.
  CHECK(m.scale_names[m.segments[m.segment_index("talus_r")].scale] == "foot_r");
  CHECK(m.scale_names[m.segments[m.segment_index("toes_l")].scale] == "foot_l");
  CHECK(m.scale_names[m.segments[m.segment_index("tibia_l")].scale] == "tibia_l");
}

TEST_CASE("plug-in-gait markers and landmarks") {
  const Model m = Model::lower_body();
  std::vector<std::string> markers;
  for (const auto& p : m.markers) markers.push_back(p.name);
  CHECK(markers == std::vector<std::string>{"LASI", "RASI", "LPSI", "RPSI", "SACR", "LTHI", "LKNE",
                                            "LTIB", "LANK", "LHEE", "LTOE", "RTHI", "RKNE", "RTIB",
                                            "RANK", "RHEE", "RTOE", "C7",   "T10",  "CLAV", "STRN"});
  auto on = [&](const char* marker) { return m.segments[m.markers[m.marker_index(marker)].segment].name; };
  CHECK(on("RASI") == "pelvis");
  CHECK(on("SACR") == "pelvis");
  CHECK(on("RTHI") == "femur_r");
  CHECK(on("LKNE") == "femur_l");
  CHECK(on("RTIB") == "tibia_r");
  CHECK(on("LANK") == "tibia_l");
  CHECK(on("RHEE") == "calcn_r");
  CHECK(on("LTOE") == "calcn_l");
  CHECK(on("C7") == "torso");
  CHECK(on("STRN") == "torso");
  for (const auto& p : m.markers) CHECK(p.weight == 1.0);

  std::vector<std::string> landmarks;
  for (const auto& p : m.landmarks) landmarks.push_back(p.name);
  CHECK(landmarks == std::vector<std::string>{"hip_r", "knee_r", "ankle_r", "heel_r", "mtp_r", "toe_tip_r",
                                              "hip_l", "knee_l", "ankle_l", "heel_l", "mtp_l", "toe_tip_l",
                                              "l5s1", "mid_asis"});
  CHECK(m.segments[m.landmark("toe_tip_r").segment].name == "toes_r");
  CHECK(m.segments[m.landmark("heel_l").segment].name == "calcn_l");
  CHECK(m.segments[m.landmark("mtp_l").segment].name == "calcn_l");
}

TEST_CASE("neutral pose: documented heights and positions, by hand from anthropometry.hpp") {
  for (double H : {1.75, 1.60}) {
    CAPTURE(H);
    const Model m = model_of(H);
    const Neutral n(m);
    const double h = H / 1.75;
    // Harrington 2007 hip joint centre from PW = 0.140 H and PD = 0.090 H, mm constants scaled by H/1.75.
    const double hjc_x = -(0.24 * 0.090 * H + 0.0099 * h);
    const double hjc_y = 0.33 * 0.140 * H + 0.0073 * h;
    const double hjc_z = -(0.30 * 0.140 * H + 0.0109 * h);
    const double knee_z = hjc_z - 0.245 * H;
    const double ankle_z = knee_z - 0.246 * H;
    const double floor = ankle_z - 0.039 * H;
    const double foot = 0.152 * H;

    // The pelvis origin is mid-ASIS, at the world origin.
    check_vec(n.origin("pelvis"), Vec3::Zero());
    check_vec(n.landmark("mid_asis"), Vec3::Zero());
    check_vec(n.marker("RASI"), Vec3(0, -0.070 * H, 0));
    check_vec(n.marker("LASI"), Vec3(0, 0.070 * H, 0));
    CHECK((n.marker("LASI") - n.marker("RASI")).norm() == doctest::Approx(0.140 * H));
    check_vec(n.marker("SACR"), Vec3(-0.090 * H, 0, 0));
    check_vec(n.marker("RPSI"), Vec3(-0.090 * H, -0.025 * H, 0));
    check_vec(n.marker("LPSI"), Vec3(-0.090 * H, 0.025 * H, 0));

    check_vec(n.landmark("hip_r"), Vec3(hjc_x, -hjc_y, hjc_z));
    check_vec(n.landmark("hip_l"), Vec3(hjc_x, hjc_y, hjc_z));
    check_vec(n.landmark("knee_r"), Vec3(hjc_x, -hjc_y, knee_z));
    check_vec(n.landmark("ankle_l"), Vec3(hjc_x, hjc_y, ankle_z));
    check_vec(n.landmark("ankle_r"), Vec3(hjc_x, -hjc_y, ankle_z));
    // Joint centres of the foot: subtalar 0.005 H behind and 0.012 H below the ankle; MTP at 79 % of the
    // foot length from the heel (the heel 23 % of it behind the ankle), 0.012 H above the floor.
    check_vec(n.origin("calcn_r"), Vec3(hjc_x - 0.005 * H, -hjc_y, ankle_z - 0.012 * H));
    check_vec(n.origin("toes_r"), Vec3(hjc_x + 0.56 * foot, -hjc_y, floor + 0.012 * H));
    // Contact points on the floor: heel (70 % of the way back to the heel's end), MTP, toe tip.
    for (const char* side : {"_r", "_l"}) {
      CAPTURE(side);
      const double y = side == std::string("_r") ? -hjc_y : hjc_y;
      check_vec(n.landmark((std::string("heel") + side).c_str()), Vec3(hjc_x - 0.7 * 0.23 * foot, y, floor));
      check_vec(n.landmark((std::string("mtp") + side).c_str()), Vec3(hjc_x + 0.56 * foot, y, floor));
      check_vec(n.landmark((std::string("toe_tip") + side).c_str()), Vec3(hjc_x + 0.77 * foot, y, floor));
    }
    // The floor lies 0.530 H + 0.042 H + 10.9 mm * h below mid-ASIS (1.0119 m at 1.75 m).
    CHECK(n.landmark("toe_tip_r").z() == doctest::Approx(-(0.530 * H + 0.30 * 0.14 * H + 0.0109 * h)).epsilon(1e-12));
    if (H == 1.75) CHECK(n.landmark("heel_r").z() == doctest::Approx(-1.0119).epsilon(1e-12));

    // Skin markers. HEE and TOE 0.020 H above the floor; HEE 5 mm * H behind the heel's end.
    check_vec(n.marker("RHEE"), Vec3(hjc_x - (0.23 * 0.152 + 0.005) * H, -hjc_y, floor + 0.020 * H));
    check_vec(n.marker("LTOE"), Vec3(hjc_x + 0.56 * foot, hjc_y, floor + 0.020 * H));
    CHECK(n.marker("RTOE").z() - n.landmark("toe_tip_r").z() == doctest::Approx(0.020 * H));
    // Knee and ankle markers half a joint width lateral of the joint centre; thigh and tibia wands.
    check_vec(n.marker("RKNE"), Vec3(hjc_x, -hjc_y - 0.030 * H, knee_z));
    check_vec(n.marker("LKNE"), Vec3(hjc_x, hjc_y + 0.030 * H, knee_z));
    check_vec(n.marker("RANK"), Vec3(hjc_x, -hjc_y - 0.020 * H, ankle_z));
    check_vec(n.marker("LANK"), Vec3(hjc_x, hjc_y + 0.020 * H, ankle_z));
    check_vec(n.marker("RTHI"), Vec3(hjc_x, -hjc_y - 0.045 * H, hjc_z - 0.66 * 0.245 * H));
    check_vec(n.marker("LTIB"), Vec3(hjc_x, hjc_y + 0.040 * H, knee_z - 0.66 * 0.246 * H));
    // Trunk: L5/S1 0.075 H behind and 0.020 H above mid-ASIS.
    check_vec(n.landmark("l5s1"), Vec3(-0.075 * H, 0, 0.020 * H));
    check_vec(n.marker("C7"), Vec3(-(0.075 + 0.040) * H, 0, (0.020 + 0.235) * H));
    check_vec(n.marker("T10"), Vec3(-(0.075 + 0.050) * H, 0, (0.020 + 0.130) * H));
    check_vec(n.marker("CLAV"), Vec3((0.045 - 0.075) * H, 0, (0.020 + 0.220) * H));
    check_vec(n.marker("STRN"), Vec3((0.070 - 0.075) * H, 0, (0.020 + 0.120) * H));
  }
}

TEST_CASE("neutral pose at 1.75 m: literal values") {
  const Model m = Model::lower_body();
  const Neutral n(m);
  // HJC: posterior 0.24*157.5 + 9.9 = 47.7 mm, lateral 0.33*245 + 7.3 = 88.15 mm, inferior 0.30*245 + 10.9 = 84.4 mm.
  check_vec(n.landmark("hip_r"), Vec3(-0.0477, -0.08815, -0.0844), 1e-12);
  check_vec(n.landmark("knee_r"), Vec3(-0.0477, -0.08815, -0.0844 - 0.42875), 1e-12);
  check_vec(n.landmark("ankle_r"), Vec3(-0.0477, -0.08815, -0.9436500), 1e-12);
  check_vec(n.landmark("toe_tip_r"), Vec3(-0.0477 + 0.20482, -0.08815, -1.0119), 1e-12);
  check_vec(n.marker("RHEE"), Vec3(-0.0477 - 0.069930, -0.08815, -1.0119 + 0.035), 1e-12);
}

TEST_CASE("segment scales multiply the geometry of their segment") {
  const Model m = Model::lower_body();
  const Neutral before(m);
  Model s = m;
  s.scales[m.segments[m.segment_index("femur_r")].scale] = 1.1;
  const Neutral after(s);
  // The thigh is 10 % longer: the right knee, ankle and foot move 0.1 * 0.245 H down; the left leg stays.
  const double d = 0.1 * 0.245 * 1.75;
  CHECK(after.landmark("knee_r").z() == doctest::Approx(before.landmark("knee_r").z() - d).epsilon(1e-12));
  CHECK(after.landmark("toe_tip_r").z() == doctest::Approx(before.landmark("toe_tip_r").z() - d).epsilon(1e-12));
  CHECK(after.landmark("hip_r").z() == doctest::Approx(before.landmark("hip_r").z()).epsilon(1e-12));
  CHECK(after.landmark("knee_l").z() == doctest::Approx(before.landmark("knee_l").z()).epsilon(1e-12));
  // RTHI (on the femur) scales about the hip: 1.1 times its offset.
  const Vec3 thi0 = before.marker("RTHI") - before.landmark("hip_r"), thi1 = after.marker("RTHI") - after.landmark("hip_r");
  CHECK((thi1 - 1.1 * thi0).norm() < 1e-12);
}

TEST_CASE("lower_body rejects bad options, naming the bad value") {
  SUBCASE("unknown marker set") {
    LowerBodyOptions o;
    o.marker_set = "helen-hayes-xyz";
    const std::string msg = invalid_argument_message([&] { Model::lower_body(o); });
    CHECK(contains(msg, "helen-hayes-xyz"));
    CHECK(contains(msg, "plug-in-gait"));  // and lists what is available
    CHECK_THROWS_AS(gaitchain::marker_set("nope", Model::lower_body()), gaitchain::InvalidArgument);
  }
  SUBCASE("height") {
    for (double H : {0.0, 3.0, -1.75, std::nan("")}) {
      CAPTURE(H);
      LowerBodyOptions o;
      o.height_m = H;
      const std::string msg = invalid_argument_message([&] { Model::lower_body(o); });
      CHECK(contains(msg, "height_m"));
      if (H == 0.0) CHECK(contains(msg, "got 0"));
      if (H == 3.0) CHECK(contains(msg, "got 3"));
    }
    CHECK_NOTHROW(model_of(0.5));
    CHECK_NOTHROW(model_of(2.5));
  }
  SUBCASE("knee_dofs") {
    for (int k : {0, 2, 6}) {
      LowerBodyOptions o;
      o.knee_dofs = k;
      const std::string msg = invalid_argument_message([&] { Model::lower_body(o); });
      CHECK(contains(msg, "knee_dofs"));
      CHECK(contains(msg, "got " + std::to_string(k)));
    }
  }
}

TEST_CASE("name lookups throw InvalidArgument listing the valid names") {
  const Model m = Model::lower_body();
  const std::string msg = invalid_argument_message([&] { (void)m.coordinate_index("nope"); });
  CHECK(contains(msg, "'nope'"));
  for (const auto& name : expected_coordinates) CHECK(contains(msg, name));
  CHECK(contains(invalid_argument_message([&] { (void)m.segment_index("femur"); }), "femur_r"));
  CHECK(contains(invalid_argument_message([&] { (void)m.marker_index("LASIS"); }), "LASI"));
  CHECK(contains(invalid_argument_message([&] { (void)m.landmark_index("hip"); }), "hip_r"));
  CHECK(contains(invalid_argument_message([&] { (void)m.landmark("toe"); }), "toe_tip_l"));
  CHECK(m.segment_index("torso") == 11);
  CHECK(m.marker_index("STRN") == 20);
  CHECK(m.landmark_index("mid_asis") == 13);
}

TEST_CASE("validate() catches corrupted models") {
  const Model good = Model::lower_body();
  auto message = [](const Model& m) { return invalid_argument_message([&] { m.validate(); }); };
  SUBCASE("parent after child") {
    Model m = good;
    m.segments[m.segment_index("tibia_r")].parent = m.segment_index("talus_r");
    CHECK(contains(message(m), "tibia_r"));
    Model self = good;
    self.segments[2].parent = 2;
    CHECK(contains(message(self), "after its parent"));
    Model bad = good;
    bad.segments[3].parent = -2;
    CHECK(message(bad) != "<no throw>");
  }
  SUBCASE("non-unit or zero axis") {
    Model m = good;
    m.segments[m.segment_index("femur_l")].dofs[1].axis = Vec3(2, 0, 0);
    const std::string msg = message(m);
    CHECK(contains(msg, "femur_l"));
    CHECK(contains(msg, "unit"));
    Model z = good;
    z.segments[0].dofs[4].axis = Vec3(0, 0.6, 0.6);
    CHECK(contains(message(z), "pelvis"));
  }
  SUBCASE("coordinates driving no dof or two dofs, dof with an out-of-range coordinate, kind mismatch") {
    Model twice = good;
    twice.segments[2].dofs[0].coordinate = twice.coordinate_index("hip_flexion_r");
    CHECK(contains(message(twice), "exactly one dof"));
    Model out = good;
    out.segments[2].dofs[0].coordinate = 99;
    CHECK(contains(message(out), "no coordinate"));
    Model kind = good;
    kind.coordinates[kind.coordinate_index("knee_angle_l")].kind = gaitchain::DofKind::translation;
    CHECK(contains(message(kind), "knee_angle_l"));
  }
  SUBCASE("scales") {
    Model zero = good;
    zero.scales[3] = 0.0;
    CHECK(contains(message(zero), "foot_r"));
    Model size = good;
    size.scales.resize(5);
    size.scales.setOnes();
    CHECK(message(size) != "<no throw>");
    Model seg = good;
    seg.segments[4].scale = 8;
    CHECK(contains(message(seg), "calcn_r"));
  }
  SUBCASE("points and geometry") {
    Model on_nothing = good;
    on_nothing.markers[0].segment = 12;
    CHECK(contains(message(on_nothing), "LASI"));
    Model nan_pos = good;
    nan_pos.landmarks[5].position.y() = std::nan("");
    CHECK(contains(message(nan_pos), "toe_tip_r"));
    Model weight = good;
    weight.markers[2].weight = -1.0;
    CHECK(contains(message(weight), "LPSI"));
    Model offset = good;
    offset.segments[11].joint_offset.x() = std::numeric_limits<double>::infinity();
    CHECK(contains(message(offset), "torso"));
  }
}
