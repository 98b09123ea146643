import numpy as np
import pandas as pd
import pytest

import gaitchain


def foot_speed(points, rate):
    return np.linalg.norm(np.gradient(points, 1.0 / rate, axis=0), axis=-1)


def test_trial_and_truth_shapes(walk):
    trial, truth = walk
    assert trial.points.shape == (600, len(trial.marker_names), 3)
    assert trial.rate == 100.0
    assert trial.time[0] == 0.0 and trial.time[-1] == pytest.approx(5.99)
    assert list(truth.coordinates.columns) == truth.model.coordinate_names
    assert truth.coordinates.index.name == "time"
    assert list(truth.events.columns) == ["time", "side", "kind"]
    assert trial.events.equals(truth.events)


def test_events_alternate_and_match_cadence(walk):
    _, truth = walk
    stride_time = 120.0 / truth.cadence_steps_per_min
    for side in ["left", "right"]:
        ev = truth.events[truth.events.side == side]
        kinds = ev.kind.tolist()
        assert all(a != b for a, b in zip(kinds, kinds[1:])), kinds
        strikes = ev[ev.kind == "foot_strike"].time.to_numpy()
        assert np.allclose(np.diff(strikes), stride_time)
    strikes = truth.events[truth.events.kind == "foot_strike"]
    assert strikes.side.tolist()[:4] in (["left", "right"] * 2, ["right", "left"] * 2)


def test_heel_is_on_the_floor_at_each_strike_and_toe_at_each_off(walk):
    trial, truth = walk
    model = truth.model
    names = model.landmark_names
    for _, e in truth.events.iterrows():
        q = truth.coordinates.iloc[int(round(e.time * trial.rate))].to_numpy()
        # Events fall between frames; evaluate exactly at the event time by linear interpolation.
        t = truth.coordinates.index.to_numpy()
        q = np.array([np.interp(e.time, t, truth.coordinates[c]) for c in truth.coordinates.columns])
        p = model.landmark_positions(q)
        point = ("heel_" if e.kind == "foot_strike" else "toe_tip_") + e.side[0]
        assert abs(p[names.index(point), 2]) < 2e-3, (e, p[names.index(point)])


def test_stance_foot_markers_stand_still_in_foot_flat(walk):
    trial, truth = walk
    stride_time = 120.0 / truth.cadence_steps_per_min
    speed = {m: foot_speed(trial.marker(m), trial.rate) for m in ["RHEE", "RTOE", "LHEE", "LTOE"]}
    checked = 0
    for _, e in truth.events[truth.events.kind == "foot_strike"].iterrows():
        frames = np.arange(int(np.ceil((e.time + 0.10 * stride_time) * 100)), int((e.time + 0.30 * stride_time) * 100))
        frames = frames[(frames > 0) & (frames < trial.frame_count - 1)]
        prefix = "R" if e.side == "right" else "L"
        for m in ("HEE", "TOE"):
            if len(frames):
                assert speed[prefix + m][frames].max() < 1e-3  # m/s
                checked += len(frames)
    assert checked > 100


def test_no_foot_point_goes_below_the_floor(walk):
    _, truth = walk
    model = truth.model
    feet = [model.landmark_names.index(n) for n in ["heel_r", "mtp_r", "toe_tip_r", "heel_l", "mtp_l", "toe_tip_l"]]
    lowest = min(model.landmark_positions(q)[feet, 2].min() for q in truth.coordinates.to_numpy())
    assert lowest > -1e-6


def test_markers_are_the_forward_kinematics_of_the_truth(walk):
    trial, truth = walk
    rebuilt = truth.model.marker_trajectories(truth.coordinates.to_numpy())
    assert np.max(np.abs(rebuilt - trial.points)) < 1e-12


def test_speed_and_stride_length(walk):
    trial, truth = walk
    tx = truth.coordinates["pelvis_tx"].to_numpy()
    assert (tx[-1] - tx[0]) / (trial.time[-1] - trial.time[0]) == pytest.approx(1.3, rel=0.01)
    assert truth.strides.length.mean() == pytest.approx(2 * truth.step_length_m, rel=0.01)
    assert truth.cadence_steps_per_min == pytest.approx(60 * 1.3 / truth.step_length_m)


def test_joint_angles_look_healthy(walk):
    _, truth = walk
    deg = np.degrees(truth.coordinates)
    assert 50 < deg.knee_angle_r.max() < 70
    assert 35 < deg.hip_flexion_r.max() - deg.hip_flexion_r.min() < 55
    assert -30 < deg.ankle_angle_r.min() and deg.ankle_angle_r.max() < 25
    assert abs(deg.knee_angle_r.max() - deg.knee_angle_l.max()) < 1.0


def test_noise_dropout_and_seed():
    clean, _ = gaitchain.synthetic_walk(duration_s=3.0)
    noisy, _ = gaitchain.synthetic_walk(duration_s=3.0, noise_m=0.002, seed=7)
    again, _ = gaitchain.synthetic_walk(duration_s=3.0, noise_m=0.002, seed=7)
    other, _ = gaitchain.synthetic_walk(duration_s=3.0, noise_m=0.002, seed=8)
    assert np.std(noisy.points - clean.points) == pytest.approx(0.002, rel=0.05)
    assert np.array_equal(noisy.points, again.points)
    assert not np.array_equal(noisy.points, other.points)
    gappy, _ = gaitchain.synthetic_walk(duration_s=3.0, dropout=0.3, seed=1)
    missing = np.isnan(gappy.points)
    assert missing.any(axis=2).mean() == pytest.approx(0.3, abs=0.005)
    assert (missing.any(axis=2) == missing.all(axis=2)).all()  # whole samples go missing


def test_pelvic_drop_is_injected_on_the_requested_side():
    _, healthy = gaitchain.synthetic_walk(duration_s=4.0)
    _, dropped = gaitchain.synthetic_walk(duration_s=4.0, compensations={"pelvic_drop": {"side": "right", "magnitude": 5.0}})
    # Right stance: the left side drops, so pelvis_list (right side up) grows.
    gain = np.degrees(dropped.coordinates.pelvis_list.max() - healthy.coordinates.pelvis_list.max())
    assert gain > 3.0
    assert np.degrees(dropped.coordinates.pelvis_list.min() - healthy.coordinates.pelvis_list.min()) > -1.0


def test_compensation_errors():
    with pytest.raises(ValueError, match="unknown compensation 'limp'"):
        gaitchain.synthetic_walk(duration_s=1.0, compensations={"limp": {"side": "left", "magnitude": 1}})
    with pytest.raises(ValueError, match="side"):
        gaitchain.synthetic_walk(duration_s=1.0, compensations={"pelvic_drop": {"side": "middle", "magnitude": 1}})
    with pytest.raises(ValueError, match="magnitude"):
        gaitchain.synthetic_walk(duration_s=1.0, compensations={"pelvic_drop": {"side": "left"}})
    with pytest.raises(ValueError, match="speed_m_s"):
        gaitchain.synthetic_walk(speed_m_s=5.0)
    with pytest.raises(ValueError, match="seed"):
        gaitchain.synthetic_walk(seed=-1)
    assert "pelvic_drop" in gaitchain.compensation_names() and len(gaitchain.compensation_names()) == 13


def test_trial_validates_its_arrays():
    with pytest.raises(ValueError, match="shape"):
        gaitchain.Trial(["A"], np.zeros((10, 1, 2)), 100.0)
    with pytest.raises(ValueError, match="marker names"):
        gaitchain.Trial(["A", "B"], np.zeros((10, 1, 3)), 100.0)
    with pytest.raises(ValueError, match="rate"):
        gaitchain.Trial(["A"], np.zeros((10, 1, 3)), 0.0)
    trial = gaitchain.Trial(["A"], np.zeros((10, 1, 3)), 50.0, first_frame=11)
    assert trial.time[0] == pytest.approx(0.2)
    assert isinstance(trial.events, pd.DataFrame) and trial.events.empty
    with pytest.raises(ValueError, match="no marker 'B'"):
        trial.marker("B")


def test_demo_runs(capsys):
    from gaitchain.cli import main

    assert main(["demo", "--duration", "3"]) == 0
    out = capsys.readouterr().out
    assert "cadence" in out and "knee_angle_r" in out
    # inverse kinematics of the synthetic markers, with its error against the truth and its uncertainty
    assert "Inverse kinematics of the same walk with 2 mm marker noise: 300 frames" in out
    assert "flagged: not determined by the observed markers: mtp_angle_r, mtp_angle_l" in out
    # the bundled real trial (c3d.org sample09): its 8 stored events, the plate contacts on the right feet
    # (INVENTORY: FP1 1.103-1.896, FP2 1.796-2.456 s) and the detectors scored against them
    assert "281 frames at 60 Hz, 54 markers, 8 events, 2 force plates" in out
    assert "1.102 right foot_strike\n1.795  left foot_strike\n1.895 right    foot_off\n2.455  left    foot_off" in out
    assert "      zeni foot_strike        2       0      0" in out
