import numpy as np
import pytest

import gaitchain

H = 1.75


def test_coordinates_follow_opensim_names():
    model = gaitchain.Model.lower_body()
    side = ["hip_flexion", "hip_adduction", "hip_rotation", "knee_angle", "ankle_angle", "subtalar_angle", "mtp_angle"]
    expected = (["pelvis_tilt", "pelvis_list", "pelvis_rotation", "pelvis_tx", "pelvis_ty", "pelvis_tz"]
                + [n + "_r" for n in side] + [n + "_l" for n in side]
                + ["lumbar_extension", "lumbar_bending", "lumbar_rotation"])
    assert model.coordinate_names == expected
    assert model.coordinate_count == 23
    assert gaitchain.Model.lower_body(knee_dofs=3).coordinate_count == 27


def test_neutral_pose_marker_heights_match_the_documented_geometry():
    # docs/model.md: with all coordinates zero the pelvis origin (mid-ASIS) is at z = 0 and the feet
    # stand flat; the floor lies 0.530 H + 0.30 * 0.140 H + 10.9 mm * H / 1.75 below it.
    model = gaitchain.Model.lower_body(height_m=H)
    p = dict(zip(model.marker_names, model.marker_positions(np.zeros(23))))
    floor = -(0.530 * H + 0.30 * 0.140 * H + 0.0109 * H / 1.75)
    assert floor == pytest.approx(-1.0119, abs=1e-4)
    assert p["RASI"] == pytest.approx([0.0, -0.07 * H, 0.0])
    assert p["LASI"][1] - p["RASI"][1] == pytest.approx(0.140 * H)
    assert p["RHEE"][2] - floor == pytest.approx(0.020 * H)
    assert p["RTOE"][2] - floor == pytest.approx(0.020 * H)
    hip_z = -(0.30 * 0.140 * H + 0.0109 * H / 1.75)
    assert p["RKNE"][2] == pytest.approx(hip_z - 0.245 * H)
    assert p["RANK"][2] == pytest.approx(hip_z - 0.245 * H - 0.246 * H)
    landmarks = dict(zip(model.landmark_names, model.landmark_positions(np.zeros(23))))
    for name in ["heel_r", "mtp_r", "toe_tip_r", "heel_l", "toe_tip_l"]:
        assert landmarks[name][2] == pytest.approx(floor, abs=1e-12)


def test_jacobian_matches_central_differences():
    model = gaitchain.Model.lower_body()
    rng = np.random.default_rng(3)
    q = rng.uniform(-0.5, 0.5, model.coordinate_count)
    J = model.marker_jacobian(q)
    h = 1e-6
    fd = np.empty_like(J)
    for c in range(model.coordinate_count):
        dq = np.zeros_like(q)
        dq[c] = h
        fd[:, c] = (model.marker_positions(q + dq) - model.marker_positions(q - dq)).ravel() / (2 * h)
    assert np.max(np.abs(J - fd)) < 1e-6 * max(1.0, np.max(np.abs(J)))


def test_hip_flexion_moves_the_knee_forward_and_knee_flexion_moves_the_ankle_back():
    model = gaitchain.Model.lower_body()
    names = model.landmark_names
    q = np.zeros(model.coordinate_count)
    base = model.landmark_positions(q)
    q[model.coordinate_names.index("hip_flexion_r")] = np.radians(30)
    flexed = model.landmark_positions(q)
    assert flexed[names.index("knee_r"), 0] - base[names.index("knee_r"), 0] > 0.2
    q[:] = 0
    q[model.coordinate_names.index("knee_angle_r")] = np.radians(30)
    flexed = model.landmark_positions(q)
    assert flexed[names.index("ankle_r"), 0] < base[names.index("ankle_r"), 0] - 0.2


def test_marker_trajectories_returns_frames_markers_xyz():
    model = gaitchain.Model.lower_body()
    q = np.zeros((4, model.coordinate_count))
    q[:, model.coordinate_names.index("pelvis_tx")] = [0, 1, 2, 3]
    points = model.marker_trajectories(q)
    assert points.shape == (4, len(model.marker_names), 3)
    assert np.allclose(points[3, :, 0] - points[0, :, 0], 3.0)


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="unknown marker set 'vicon-magic'.*plug-in-gait"):
        gaitchain.Model.lower_body(marker_set="vicon-magic")
    with pytest.raises(gaitchain.InvalidArgumentError, match="height_m"):
        gaitchain.Model.lower_body(height_m=0)
    with pytest.raises(ValueError, match="knee_dofs"):
        gaitchain.Model.lower_body(knee_dofs=2)
    model = gaitchain.Model.lower_body()
    q = np.zeros(model.coordinate_count)
    q[model.coordinate_names.index("knee_angle_l")] = np.nan
    with pytest.raises(ValueError, match="knee_angle_l"):
        model.marker_positions(q)
    with pytest.raises(ValueError, match="23"):
        model.marker_positions(np.zeros(5))
    with pytest.raises(ValueError, match="coordinates"):
        model.marker_trajectories(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="scales"):
        model.scales = np.ones(2)
    with pytest.raises(ValueError, match="positive"):
        model.scales = -np.ones(len(model.scale_names))


def test_errors_are_value_errors_and_gaitchain_errors():
    assert issubclass(gaitchain.InvalidArgumentError, ValueError)
    assert issubclass(gaitchain.InvalidArgumentError, gaitchain.Error)
    assert issubclass(gaitchain.FileError, OSError)


def test_cardan_angles_round_trip():
    a = np.radians([20.0, -10.0, 35.0])
    R = gaitchain.rotation([0, 1, 0], a[0]) @ gaitchain.rotation([1, 0, 0], a[1]) @ gaitchain.rotation([0, 0, 1], a[2])
    assert np.allclose(gaitchain.cardan_angles(R, "yxz"), a)
    with pytest.raises(ValueError, match="different axes"):
        gaitchain.cardan_angles(R, "yyz")


def test_unwrap_and_fill_gaps_work_in_place():
    angles = np.array([3.0, 3.1, -3.1, np.nan, -3.0])
    gaitchain.unwrap(angles)
    assert np.isnan(angles[3])
    assert angles[2] == pytest.approx(-3.1 + 2 * np.pi)
    assert angles[4] == pytest.approx(-3.0 + 2 * np.pi)
    series = np.array([0.0, 1.0, np.nan, np.nan, 4.0, 5.0, np.nan, np.nan, np.nan, 9.0])
    assert gaitchain.fill_gaps(series, max_gap=2) == 2
    assert series[2:4] == pytest.approx([2.0, 3.0])
    assert np.isnan(series[6:9]).all()
