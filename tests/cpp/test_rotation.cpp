// Rotations, rigid transforms and Cardan angle extraction (include/gaitchain/core/rotation.hpp).
#include <doctest/doctest.h>

#include <array>
#include <gaitchain/core/angles.hpp>
#include <gaitchain/core/rotation.hpp>
#include <numbers>
#include <random>
#include <string>

using gaitchain::Axis;
using gaitchain::Mat3;
using gaitchain::Transform;
using gaitchain::Vec3;

namespace {

constexpr double pi = std::numbers::pi;

template <class A, class B>
double max_abs_diff(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b) {
  return (a - b).cwiseAbs().maxCoeff();
}

Mat3 compose(const std::array<Axis, 3>& seq, const Vec3& t) {
  return gaitchain::rotation(seq[0], t[0]) * gaitchain::rotation(seq[1], t[1]) * gaitchain::rotation(seq[2], t[2]);
}

struct Sequence {
  const char* name;
  std::array<Axis, 3> axes;
};
constexpr std::array<Sequence, 6> tait_bryan{{{"xyz", {Axis::x, Axis::y, Axis::z}},
                                               {"xzy", {Axis::x, Axis::z, Axis::y}},
                                               {"yxz", {Axis::y, Axis::x, Axis::z}},
                                               {"yzx", {Axis::y, Axis::z, Axis::x}},
                                               {"zxy", {Axis::z, Axis::x, Axis::y}},
                                               {"zyx", {Axis::z, Axis::y, Axis::x}}}};

}  // namespace

TEST_CASE("rotation_x/y/z map the unit axes as right-handed quarter turns") {
  const Vec3 X = Vec3::UnitX(), Y = Vec3::UnitY(), Z = Vec3::UnitZ();
  const double q = pi / 2;
  // About z: X -> Y, Y -> -X, Z fixed.
  CHECK(max_abs_diff(gaitchain::rotation_z(q) * X, Y) < 1e-15);
  CHECK(max_abs_diff(gaitchain::rotation_z(q) * Y, -X) < 1e-15);
  CHECK(max_abs_diff(gaitchain::rotation_z(q) * Z, Z) < 1e-15);
  // About x: Y -> Z, Z -> -Y.
  CHECK(max_abs_diff(gaitchain::rotation_x(q) * Y, Z) < 1e-15);
  CHECK(max_abs_diff(gaitchain::rotation_x(q) * Z, -Y) < 1e-15);
  CHECK(max_abs_diff(gaitchain::rotation_x(q) * X, X) < 1e-15);
  // About y: Z -> X, X -> -Z.
  CHECK(max_abs_diff(gaitchain::rotation_y(q) * Z, X) < 1e-15);
  CHECK(max_abs_diff(gaitchain::rotation_y(q) * X, -Z) < 1e-15);
  CHECK(max_abs_diff(gaitchain::rotation_y(q) * Y, Y) < 1e-15);

  SUBCASE("30 degrees, hand values") {
    const double c = std::sqrt(3.0) / 2, s = 0.5;
    const Vec3 v = gaitchain::rotation_z(pi / 6) * Vec3(1, 0, 0);
    CHECK(v.x() == doctest::Approx(c).epsilon(1e-14));
    CHECK(v.y() == doctest::Approx(s).epsilon(1e-14));
    CHECK(v.z() == doctest::Approx(0.0));
    const Vec3 w = gaitchain::rotation_x(pi / 6) * Vec3(0, 2, 0);  // (0, 2cos, 2sin)
    CHECK(w.y() == doctest::Approx(2 * c).epsilon(1e-14));
    CHECK(w.z() == doctest::Approx(2 * s).epsilon(1e-14));
    const Vec3 u = gaitchain::rotation_y(-pi / 6) * Vec3(1, 0, 0);  // (cos, 0, +sin): nose up
    CHECK(u.x() == doctest::Approx(c).epsilon(1e-14));
    CHECK(u.z() == doctest::Approx(s).epsilon(1e-14));
  }
  SUBCASE("inverse is the negative angle") {
    CHECK(max_abs_diff(gaitchain::rotation_x(0.7) * gaitchain::rotation_x(-0.7), Mat3::Identity()) < 1e-15);
    CHECK(max_abs_diff(gaitchain::rotation_y(0.7).transpose(), gaitchain::rotation_y(-0.7)) < 1e-15);
    CHECK(max_abs_diff(gaitchain::rotation_z(0.7).transpose(), gaitchain::rotation_z(-0.7)) < 1e-15);
  }
}

TEST_CASE("rotation(Axis, a) dispatches to rotation_x/y/z") {
  for (double a : {-2.0, -0.3, 0.0, 0.4, 3.0}) {
    CHECK(max_abs_diff(gaitchain::rotation(Axis::x, a), gaitchain::rotation_x(a)) == 0.0);
    CHECK(max_abs_diff(gaitchain::rotation(Axis::y, a), gaitchain::rotation_y(a)) == 0.0);
    CHECK(max_abs_diff(gaitchain::rotation(Axis::z, a), gaitchain::rotation_z(a)) == 0.0);
  }
}

TEST_CASE("rotation(unit axis, a) (Rodrigues)") {
  SUBCASE("equals rotation_x/y/z for the unit axes, and the inverse for negated axes") {
    for (double a : {-2.5, -0.3, 0.0, 0.4, 1.2, 3.0}) {
      CHECK(max_abs_diff(gaitchain::rotation(Vec3::UnitX(), a), gaitchain::rotation_x(a)) < 1e-15);
      CHECK(max_abs_diff(gaitchain::rotation(Vec3::UnitY(), a), gaitchain::rotation_y(a)) < 1e-15);
      CHECK(max_abs_diff(gaitchain::rotation(Vec3::UnitZ(), a), gaitchain::rotation_z(a)) < 1e-15);
      CHECK(max_abs_diff(gaitchain::rotation(Vec3(-1, 0, 0), a), gaitchain::rotation_x(-a)) < 1e-15);
      CHECK(max_abs_diff(gaitchain::rotation(Vec3(0, -1, 0), a), gaitchain::rotation_y(-a)) < 1e-15);
      CHECK(max_abs_diff(gaitchain::rotation(Vec3(0, 0, -1), a), gaitchain::rotation_z(-a)) < 1e-15);
    }
  }
  SUBCASE("120 degrees about (1,1,1)/sqrt3 cycles the axes X -> Y -> Z -> X") {
    const Mat3 R = gaitchain::rotation(Vec3(1, 1, 1).normalized(), 2 * pi / 3);
    CHECK(max_abs_diff(R * Vec3::UnitX(), Vec3::UnitY()) < 1e-15);
    CHECK(max_abs_diff(R * Vec3::UnitY(), Vec3::UnitZ()) < 1e-15);
    CHECK(max_abs_diff(R * Vec3::UnitZ(), Vec3::UnitX()) < 1e-15);
  }
  SUBCASE("random axes: orthonormal, det 1, axis fixed, angle recovered") {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    for (int i = 0; i < 50; ++i) {
      const Vec3 axis = Vec3(u(rng), u(rng), u(rng)).normalized();
      const double a = 3.0 * u(rng);
      const Mat3 R = gaitchain::rotation(axis, a);
      CHECK(max_abs_diff(R.transpose() * R, Mat3::Identity()) < 1e-14);
      CHECK(R.determinant() == doctest::Approx(1.0).epsilon(1e-14));
      CHECK(max_abs_diff(R * axis, axis) < 1e-14);
      // trace = 1 + 2 cos a; Eigen's angle-axis agrees.
      CHECK(R.trace() == doctest::Approx(1 + 2 * std::cos(a)).epsilon(1e-13));
      const Eigen::AngleAxisd ref(a, axis);
      CHECK(max_abs_diff(R, ref.toRotationMatrix()) < 1e-14);
    }
  }
}

TEST_CASE("Transform: application, composition and inverse") {
  const Transform A{gaitchain::rotation_z(pi / 2), Vec3(1, 2, 3)};
  const Transform B{gaitchain::rotation_x(pi / 2), Vec3(0, 0, 1)};
  // A * x = Rz(90) x + p: (1,0,0) -> (0,1,0) + (1,2,3).
  CHECK(max_abs_diff(A * Vec3(1, 0, 0), Vec3(1, 3, 3)) < 1e-15);
  // Composition: (A * B) x == A (B x). B*(0,1,0) = (0,0,1)+(0,0,1) = (0,0,2); A*(0,0,2) = (1,2,5).
  CHECK(max_abs_diff((A * B) * Vec3(0, 1, 0), Vec3(1, 2, 5)) < 1e-15);

  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (int i = 0; i < 20; ++i) {
    const Transform T{gaitchain::rotation(Vec3(u(rng), u(rng), u(rng)).normalized(), 3 * u(rng)),
                      Vec3(u(rng), u(rng), u(rng))};
    const Transform S{gaitchain::rotation(Vec3(u(rng), u(rng), u(rng)).normalized(), 3 * u(rng)),
                      Vec3(u(rng), u(rng), u(rng))};
    const Vec3 x(u(rng), u(rng), u(rng));
    const Transform I1 = T * T.inverse(), I2 = T.inverse() * T;
    CHECK(max_abs_diff(I1.R, Mat3::Identity()) < 1e-14);
    CHECK(I1.p.norm() < 1e-14);
    CHECK(max_abs_diff(I2.R, Mat3::Identity()) < 1e-14);
    CHECK(I2.p.norm() < 1e-14);
    CHECK(max_abs_diff(T.inverse() * (T * x), x) < 1e-14);
    CHECK(max_abs_diff((T * S) * x, T * (S * x)) < 1e-14);
    // (T S)^-1 = S^-1 T^-1
    const Transform lhs = (T * S).inverse(), rhs = S.inverse() * T.inverse();
    CHECK(max_abs_diff(lhs.R, rhs.R) < 1e-14);
    CHECK(max_abs_diff(lhs.p, rhs.p) < 1e-14);
  }
}

TEST_CASE("cardan_angles: hand-checked values") {
  // R = Rx(30deg) alone in the xyz sequence.
  const Vec3 a = gaitchain::cardan_angles(gaitchain::rotation_x(pi / 6), Axis::x, Axis::y, Axis::z);
  CHECK(a[0] == doctest::Approx(pi / 6).epsilon(1e-14));
  CHECK(a[1] == doctest::Approx(0.0));
  CHECK(a[2] == doctest::Approx(0.0));
  // The same matrix read in zyx: the x angle is last.
  const Vec3 b = gaitchain::cardan_angles(gaitchain::rotation_x(pi / 6), Axis::z, Axis::y, Axis::x);
  CHECK(b[0] == doctest::Approx(0.0));
  CHECK(b[1] == doctest::Approx(0.0));
  CHECK(b[2] == doctest::Approx(pi / 6).epsilon(1e-14));
  // Middle angle alone in an odd sequence (xzy): R = Rz(-40deg).
  const Vec3 c = gaitchain::cardan_angles(gaitchain::rotation_z(gaitchain::rad(-40)), Axis::x, Axis::z, Axis::y);
  CHECK(c[0] == doctest::Approx(0.0));
  CHECK(c[1] == doctest::Approx(gaitchain::rad(-40)).epsilon(1e-14));
  CHECK(c[2] == doctest::Approx(0.0));
}

TEST_CASE("cardan_angles round trip for all six Tait-Bryan sequences") {
  for (const Sequence& seq : tait_bryan) {
    CAPTURE(std::string(seq.name));
    int count = 0;
    for (double t1 = -170; t1 <= 170; t1 += 34)
      for (double t2 = -84; t2 <= 84; t2 += 12)
        for (double t3 = -175; t3 <= 175; t3 += 35) {
          const Vec3 t(gaitchain::rad(t1), gaitchain::rad(t2), gaitchain::rad(t3));
          const Mat3 R = compose(seq.axes, t);
          const Vec3 got = gaitchain::cardan_angles(R, seq.axes[0], seq.axes[1], seq.axes[2]);
          CAPTURE(t1);
          CAPTURE(t2);
          CAPTURE(t3);
          // |t2| < 90 and t1, t3 in (-180, 180): the angles are unique, so they come back exactly.
          CHECK(max_abs_diff(got, t) < 1e-12);
          CHECK(max_abs_diff(compose(seq.axes, got), R) < 1e-13);
          ++count;
        }
    CHECK(count == 11 * 15 * 11);
  }
}

TEST_CASE("cardan_angles at gimbal lock (t2 = +-90 deg) still rebuilds the matrix") {
  for (const Sequence& seq : tait_bryan) {
    CAPTURE(std::string(seq.name));
    for (double sign : {1.0, -1.0})
      for (double t1 : {-150.0, -20.0, 0.0, 35.0, 120.0})
        for (double t3 : {-100.0, 0.0, 15.0, 80.0}) {
          const Vec3 t(gaitchain::rad(t1), sign * pi / 2, gaitchain::rad(t3));
          const Mat3 R = compose(seq.axes, t);
          const Vec3 got = gaitchain::cardan_angles(R, seq.axes[0], seq.axes[1], seq.axes[2]);
          CAPTURE(sign);
          CAPTURE(t1);
          CAPTURE(t3);
          CHECK(got[1] == doctest::Approx(sign * pi / 2).epsilon(1e-9));
          CHECK(got[2] == 0.0);  // documented: all of the free rotation goes into t1
          CHECK(max_abs_diff(compose(seq.axes, got), R) < 1e-12);
        }
  }
}
