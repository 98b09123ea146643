"""Calibration and inverse kinematics from Python: recovery of known truth, the uncertainty, options,
the Motion's tables and .mot export, bad input, and a real OpenSim trial (docs/fit.md)."""
import pathlib

import numpy as np
import pandas as pd
import pytest

import gaitchain as gc

DATA = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data"
GAIT2354 = DATA / "opensim-models/Pipelines/Gait2354_Simbody"
MTP = ("mtp_angle_r", "mtp_angle_l")
LOCK_MTP = {name: 0.0 for name in MTP}


@pytest.fixture(scope="module")
def noisy():
    """A 10 s walk with 2 mm marker noise, its truth, and the fit with MTP locked (plug-in-gait has no toe
    markers)."""
    trial, truth = gc.synthetic_walk(duration_s=10.0, noise_m=0.002, seed=1)
    return trial, truth, gc.inverse_kinematics(truth.model, trial, locked=LOCK_MTP)


def test_noise_free_walk_recovers_the_truth(walk):
    trial, truth = walk
    motion = gc.inverse_kinematics(truth.model, trial)
    assert isinstance(motion, gc.Motion)
    assert list(motion.coordinates.columns) == truth.model.coordinate_names
    determined = [c for c in motion.coordinates.columns if motion.coordinates[c].notna().any()]
    assert set(motion.coordinates.columns) - set(determined) == set(MTP)
    error = (motion.coordinates[determined] - truth.coordinates[determined]).abs().max()
    rotational = [c for c in determined if motion.rotational[c]]
    assert np.degrees(error[rotational]).max() < 0.01
    assert error.drop(rotational).max() < 1e-5  # translations, m
    # No toe marker in plug-in-gait: MTP is NaN and every frame says why.
    assert motion.coordinates[list(MTP)].isna().all(axis=None)
    assert motion.uncertainty[list(MTP)].isna().all(axis=None)
    assert motion.flags.str.contains("mtp_angle_r").all()
    assert motion.marker_rms.max() < 1e-5
    assert list(motion.marker_error.columns) == truth.model.marker_names
    pd.testing.assert_frame_equal(motion.events, trial.events)


def test_tables_are_indexed_by_the_trial_time():
    trial, truth = gc.synthetic_walk(duration_s=1.5)
    shifted = gc.Trial(trial.marker_names, trial.points, trial.rate, first_frame=11, events=trial.events)
    motion = gc.inverse_kinematics(truth.model, shifted, locked=LOCK_MTP)
    for table in [motion.coordinates, motion.uncertainty, motion.marker_error, motion.marker_rms, motion.flags]:
        assert table.index.name == "time"
        np.testing.assert_array_equal(table.index.to_numpy(), shifted.time)
    assert shifted.time[0] == pytest.approx(0.1)
    assert motion.first_frame == 11 and motion.rate == 100.0
    assert (motion.flags == "").all()  # MTP locked: every coordinate determined
    degrees = motion.degrees()
    assert "knee_angle_r_deg" in degrees and "pelvis_tx" in degrees and "knee_angle_r" not in degrees
    np.testing.assert_allclose(degrees["knee_angle_r_deg"], np.degrees(motion.coordinates["knee_angle_r"]))
    np.testing.assert_array_equal(degrees["pelvis_tx"], motion.coordinates["pelvis_tx"])


def test_uncertainty_matches_the_actual_error(noisy):
    trial, truth, motion = noisy
    assert motion.marker_noise_m == pytest.approx(0.002, rel=0.1)  # pooled from the residuals
    for name in ["hip_flexion_r", "hip_flexion_l", "knee_angle_r", "knee_angle_l"]:
        rmse = np.sqrt(np.mean((motion.coordinates[name] - truth.coordinates[name]) ** 2))
        predicted = np.sqrt(np.mean(motion.uncertainty[name] ** 2))
        assert 0.8 * rmse < predicted < 1.25 * rmse, name
    assert (motion.uncertainty[list(MTP)] == 0).all(axis=None)  # locked
    # A given marker noise scales the uncertainty instead of the pooled estimate.
    given = gc.inverse_kinematics(truth.model, trial, locked=LOCK_MTP, marker_noise_m=0.004)
    assert given.marker_noise_m == 0.004
    np.testing.assert_allclose(given.uncertainty, motion.uncertainty * 0.004 / motion.marker_noise_m, rtol=1e-9)


def test_threads_do_not_change_the_result(noisy):
    trial, truth, one = noisy
    two = gc.inverse_kinematics(truth.model, trial, locked=LOCK_MTP, threads=2)
    for name in ["coordinates", "uncertainty", "marker_error", "marker_rms"]:
        np.testing.assert_array_equal(getattr(two, name).to_numpy(), getattr(one, name).to_numpy(), err_msg=name)


def test_locked_coordinates_hold_their_value(walk):
    trial, truth = walk
    motion = gc.inverse_kinematics(truth.model, trial, locked={"lumbar_rotation": 0.05, "mtp_angle_r": 0.0})
    assert (motion.coordinates["lumbar_rotation"] == 0.05).all()
    assert (motion.uncertainty["lumbar_rotation"] == 0).all()
    assert (motion.coordinates["mtp_angle_r"] == 0).all()
    assert motion.coordinates["mtp_angle_l"].isna().all()
    assert not motion.flags.str.contains("mtp_angle_r").any()
    with pytest.raises(ValueError, match="no_such_coordinate"):
        gc.inverse_kinematics(truth.model, trial, locked={"no_such_coordinate": 0.0})


def test_zero_weight_is_the_same_as_removing_the_marker():
    trial, truth = gc.synthetic_walk(duration_s=1.5, noise_m=0.002, seed=3)
    dropped = "RTHI"
    k = trial.marker_names.index(dropped)
    weights = np.ones((trial.frame_count, len(trial.marker_names)))
    weights[:, k] = 0.0
    weighted = gc.inverse_kinematics(truth.model, trial, locked=LOCK_MTP, weights=weights)
    keep = [n for n in trial.marker_names if n != dropped]
    removed = gc.inverse_kinematics(truth.model, gc.Trial(keep, trial.points[:, [trial.marker_names.index(n) for n in keep]],
                                                          trial.rate), locked=LOCK_MTP)
    np.testing.assert_allclose(weighted.coordinates, removed.coordinates, atol=1e-9)
    np.testing.assert_allclose(weighted.marker_rms, removed.marker_rms, atol=1e-9)
    assert weighted.marker_error[dropped].isna().all()
    # The same weights as a DataFrame with marker-name columns (unlisted markers weigh 1), or as confidence.
    by_name = gc.inverse_kinematics(truth.model, trial, locked=LOCK_MTP, weights=pd.DataFrame({dropped: np.zeros(trial.frame_count)}))
    np.testing.assert_array_equal(by_name.coordinates, weighted.coordinates)
    confidence = gc.inverse_kinematics(truth.model, trial, locked=LOCK_MTP, confidence=weights)
    np.testing.assert_array_equal(confidence.coordinates, weighted.coordinates)
    with pytest.raises(ValueError, match="shape"):
        gc.inverse_kinematics(truth.model, trial, weights=weights[:, :-1])
    with pytest.raises(ValueError, match="NOPE"):
        gc.inverse_kinematics(truth.model, trial, weights=pd.DataFrame({"NOPE": np.ones(trial.frame_count)}))


def test_robust_loss_and_options_are_checked(walk):
    trial, truth = walk
    short = gc.Trial(trial.marker_names, trial.points[:100], trial.rate)
    huber = gc.inverse_kinematics(truth.model, short, loss="huber", loss_scale_m=0.01)
    assert huber.marker_rms.max() < 1e-5
    with pytest.raises(ValueError, match="loss"):
        gc.inverse_kinematics(truth.model, short, loss="l1")
    with pytest.raises(ValueError, match="threads"):
        gc.inverse_kinematics(truth.model, short, threads=0)
    with pytest.raises(TypeError):
        gc.inverse_kinematics(truth.model, short, thread=2)


def test_to_mot_round_trips_through_read_table(tmp_path):
    trial, truth = gc.synthetic_walk(duration_s=1.0)
    points = trial.points.copy()
    points[5] = np.nan  # a frame that cannot be fitted stays NaN in the file
    motion = gc.inverse_kinematics(truth.model, gc.Trial(trial.marker_names, points, trial.rate))
    path = tmp_path / "walk.mot"
    motion.to_mot(path)
    table = gc.read_table(path)
    assert table.attrs["in_degrees"]
    assert list(table.columns) == list(motion.coordinates.columns)
    np.testing.assert_allclose(table.index.to_numpy(), motion.time, rtol=0, atol=1e-15)
    expected = motion.degrees()
    expected.columns = motion.coordinates.columns
    np.testing.assert_allclose(table.to_numpy(), expected.to_numpy(), rtol=1e-14, atol=1e-14)
    assert table.iloc[5].isna().all() and table["mtp_angle_r"].isna().all()

    gait2354 = tmp_path / "walk_gait2354.mot"
    motion.to_mot(gait2354, convention="gait2354")
    os_table = gc.read_table(gait2354)
    c = motion.coordinates
    np.testing.assert_allclose(os_table["knee_angle_r"], -np.degrees(c["knee_angle_r"]), rtol=1e-14)
    np.testing.assert_allclose(os_table["pelvis_tilt"], -np.degrees(c["pelvis_tilt"]), rtol=1e-14)
    np.testing.assert_allclose(os_table["pelvis_ty"], c["pelvis_tz"], rtol=1e-14)
    np.testing.assert_allclose(os_table["pelvis_tz"], -c["pelvis_ty"], rtol=1e-14)
    assert "subtalar_angle_r" not in gc.read_table(_written(motion, tmp_path / "r.mot", "rajagopal")).columns
    with pytest.raises(ValueError, match="gait2354"):
        motion.to_mot(tmp_path / "bad.mot", convention="opensim")


def _written(motion, path, convention):
    motion.to_mot(path, convention=convention)
    return path


def test_bad_input_is_explained(walk):
    trial, truth = walk
    in_mm = gc.Trial(trial.marker_names, trial.points * 1000, trial.rate)
    with pytest.raises(ValueError, match="millimetres"):
        gc.inverse_kinematics(truth.model, in_mm)
    with pytest.raises(ValueError, match="millimetres"):
        gc.calibrate(truth.model, in_mm)
    strangers = gc.Trial(["A", "B", "C"], trial.points[:, :3], trial.rate)
    with pytest.raises(ValueError, match="no marker of the trial"):
        gc.inverse_kinematics(truth.model, strangers)
    with pytest.raises(ValueError, match="Trial"):
        gc.inverse_kinematics(truth.model, trial.points)


def test_frames_without_markers_come_out_nan_with_a_flag(walk):
    trial, truth = walk
    points = trial.points[:150].copy()
    points[70:75] = np.nan
    motion = gc.inverse_kinematics(truth.model, gc.Trial(trial.marker_names, points, trial.rate), locked=LOCK_MTP)
    gap = motion.coordinates.iloc[70:75]
    assert gap.isna().all(axis=None) and motion.uncertainty.iloc[70:75].isna().all(axis=None)
    assert motion.marker_rms.iloc[70:75].isna().all()
    assert motion.flags.iloc[70:75].str.contains("markers observed").all()
    assert (motion.flags.drop(motion.flags.index[70:75]) == "").all()
    assert motion.coordinates.drop(gap.index).notna().all(axis=None)


def test_calibrate_recovers_segment_scales():
    subject = gc.Model.lower_body()
    rng = np.random.default_rng(5)
    scales = rng.uniform(0.92, 1.08, len(subject.scales))
    subject.scales = scales
    q = np.zeros((30, subject.coordinate_count))
    q[:, subject.coordinate_names.index("pelvis_tx")] = 0.4
    q[:, subject.coordinate_names.index("pelvis_tz")] = 1.0
    points = subject.marker_trajectories(q) + rng.normal(0.0, 0.001, (30, len(subject.marker_names), 3))
    static = gc.Trial(subject.marker_names, points, 100.0)
    template = gc.Model.lower_body()
    calibrated = gc.calibrate(template, static)
    assert isinstance(calibrated, gc.Model) and template.calibration is None
    np.testing.assert_allclose(calibrated.scales, scales, rtol=0.03)
    np.testing.assert_array_equal(template.scales, np.ones(len(scales)))  # the template is left alone
    report = calibrated.calibration
    assert list(report.columns) == ["marker", "rms_m", "moved_m"]
    assert list(report["marker"]) == subject.marker_names
    assert report["rms_m"].max() < 0.003
    assert report.attrs["rms"] == pytest.approx(0.0015, abs=0.0007)
    assert report.attrs["size_factor"] == pytest.approx(np.mean(scales), rel=0.05)


def test_marker_set_accepts_a_path(tmp_path):
    path = tmp_path / "my_set.txt"
    path.write_text(gc.marker_set_text("plug-in-gait"))
    from_file = gc.Model.lower_body(marker_set=path)
    assert from_file.marker_names == gc.Model.lower_body().marker_names
    np.testing.assert_array_equal(from_file.marker_positions(np.zeros(23)), gc.Model.lower_body().marker_positions(np.zeros(23)))


@pytest.mark.skipif(not GAIT2354.is_dir(), reason="../shared/data is not beside the checkout")
def test_real_gait2354_trial():
    static = gc.read(GAIT2354 / "subject01_static.trc")
    walk = gc.read(GAIT2354 / "subject01_walk1.trc")
    model = gc.calibrate(gc.Model.lower_body(marker_set="gait2354", height_m=1.8), static)
    assert len(model.calibration) == len(set(model.marker_names) & set(static.marker_names))
    locked = {name: 0.0 for name in model.coordinate_names if name.startswith(("subtalar_angle", "mtp_angle"))}
    motion = gc.inverse_kinematics(model, walk, locked=locked)
    assert (motion.flags == "").all()
    assert motion.marker_rms.median() < 0.025
    for side in "rl":
        knee = np.degrees(motion.coordinates[f"knee_angle_{side}"])
        assert 50 < knee.max() - knee.min() < 75
