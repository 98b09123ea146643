"""gaitchain.analyze: the whole pipeline (fit, events, cycles, metrics, findings) from Python."""
from pathlib import Path

import numpy as np
import pytest

import gaitchain

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
PIG = DATA / "BTKData/Input/C3DSamples/PiG"


@pytest.fixture(scope="module")
def healthy():
    trial, truth = gaitchain.synthetic_walk(duration_s=6.0, noise_m=0.001, seed=3)
    return gaitchain.analyze(trial, model=truth.model), truth


def test_healthy_walk_through_inverse_kinematics(healthy):
    a, truth = healthy
    # The walker's own events are stored in its trial: they cut the cycles.
    assert len(a.events) == len(truth.events)
    st = a.spatiotemporal.set_index("parameter")
    assert st.loc["cadence_steps_min", "left_mean"] == pytest.approx(truth.cadence_steps_per_min, rel=1e-6)
    assert st.loc["step_length_m", "right_mean"] == pytest.approx(truth.step_length_m, abs=0.005)
    assert st.loc["stance_pct", "left_mean"] == pytest.approx(100 * truth.stance_fraction, abs=1e-6)
    assert abs(st.loc["stride_length_m", "symmetry_index"]) < 1.0
    assert list(a.symmetry.columns) == ["parameter", "left_mean", "right_mean", "symmetry_index", "symmetry_ratio",
                                        "gait_asymmetry"]
    assert a.normative["source"] == "Schwartz2008" and a.normative["group"] == "Free"
    assert a.scores.attrs["gps_overall_deg"] < 6.0
    assert a.findings.empty, a.findings[["finding", "side", "text"]].to_string()
    assert set(gaitchain.compensation_names()) <= set(a.compensations["finding"])
    assert list(a.compensations.columns) == ["finding", "side", "value", "unit", "normal_mean", "normal_sd", "z",
                                             "flagged", "text", "source"]
    # Kinematic parameters in degrees: peak knee flexion in swing of the Schwartz free-speed target (~60 deg).
    k = a.kinematics.set_index(["parameter", "side"])
    assert 55 < k.loc[("peak_knee_flexion_swing", "right"), "mean_deg"] < 68
    # Curves: mean over cycles next to the normative band, 101 points per variable and side.
    hip = a.curves[(a.curves.variable == "hip_flexion") & (a.curves.side == "left")]
    assert len(hip) == 101 and hip["normal_mean_deg"].notna().all()
    assert np.sqrt(((hip["mean_deg"] - hip["normal_mean_deg"]) ** 2).mean()) < 6.0
    per_cycle = a.cycle_curves("knee_flexion", "right")
    assert per_cycle.shape[1] == 101 and len(per_cycle) == (a.cycles.side == "right").sum()


def test_right_pelvic_drop_is_flagged_on_the_right():
    trial, truth = gaitchain.synthetic_walk(duration_s=6.0, compensations={"pelvic_drop": {"side": "right", "magnitude": 8.0}})
    a = gaitchain.analyze(trial, model=truth.model)
    flagged = a.findings
    assert ((flagged.finding == "pelvic_drop") & (flagged.side == "right")).any()
    assert not ((flagged.finding == "pelvic_drop") & (flagged.side == "left")).any()
    row = flagged[flagged.finding == "pelvic_drop"].iloc[0]
    assert row.unit == "deg" and row.z > 2 and "pelvis" in row.text


def test_events_given_as_a_detector_or_a_table(walk):
    trial, truth = walk
    by_detector = gaitchain.analyze(trial, model=truth.model, events="ghoussayni")
    assert set(by_detector.events["kind"]) == {"foot_strike", "foot_off"}
    table = truth.events[truth.events.time < 3.0]
    by_table = gaitchain.analyze(trial, model=truth.model, events=table, motion=by_detector.motion)
    assert by_table.cycles["end"].max() < 3.0


def test_bad_input(walk):
    trial, truth = walk
    with pytest.raises(gaitchain.InvalidArgumentError, match="Trial or a path"):
        gaitchain.analyze(42)
    with pytest.raises(gaitchain.InvalidArgumentError, match="normative_group"):
        gaitchain.analyze(trial, model=truth.model, normative_group="Brisk")
    with pytest.raises(gaitchain.FileError):
        gaitchain.analyze("/nonexistent/walk.c3d")
    a = gaitchain.analyze(trial, model=truth.model, events=truth.events.iloc[:1])
    assert a.cycles.empty and any("no left cycle" in n for n in a.notes)
    assert a.findings.empty
    with pytest.raises(gaitchain.InvalidArgumentError, match="unknown variable"):
        a.cycle_curves("hip_flex", "left")


@pytest.mark.skipif(not PIG.exists(), reason="../shared/data not beside the checkout")
def test_real_trial_with_its_static():
    a = gaitchain.analyze(PIG / "PiG_Motion-FlatFoot-Full.c3d", static=PIG / "PiG_Calibration-FlatFoot-Full.c3d")
    # The calibrated fit follows the markers to a few millimetres (uncalibrated: about 60 mm).
    assert a.motion.marker_rms.median() < 0.010
    st = a.spatiotemporal.set_index("parameter")
    # From the stored events (docs/validation.md): strides of about 1.02 s at 1.16 m/s.
    assert st.loc["stride_time_s", "left_mean"] == pytest.approx(1.015, abs=0.01)
    assert st.loc["speed_m_s", "right_mean"] == pytest.approx(1.16, abs=0.05)
    assert len(a.compensations) >= len(gaitchain.compensation_names())
    assert a.compensations["text"].str.len().min() > 20
    # Plug-in Gait's two foot markers lie near the foot's long axis: the subtalar roll is not determined
    # (SD 11-13 deg at 5 mm noise), so it is held and rearfoot eversion is not reported rather than read
    # from a drifting angle; ankle and foot progression still are.
    assert any("subtalar_angle_r, subtalar_angle_l" in n for n in a.notes)
    rearfoot = a.compensations[a.compensations["finding"] == "rearfoot_eversion"]
    assert rearfoot["value"].isna().all() and not rearfoot["flagged"].any()
    assert a.cycle_curves("subtalar_inversion", "left").isna().all().all()
    assert np.isfinite(a.cycle_curves("ankle_dorsiflexion", "left").to_numpy()).all()


def test_calibration_keeps_the_static_toe_out_and_pelvic_turn():
    """The FlatFoot subject stands and walks toed out about 17 deg with the pelvis turned about 4 deg (its
    heel-toe and ASIS markers; Plug-in Gait agrees). Calibration must keep both: the chain has no joint for
    tibial torsion, so the foot below the ankle is turned to follow the heel and toe markers, and the
    pelvis' markers keep its anatomical frame."""
    static = gaitchain.read(PIG / "PiG_Calibration-FlatFoot-Full.c3d")
    trial = gaitchain.read(PIG / "PiG_Motion-FlatFoot-Full.c3d")
    model = gaitchain.calibrate(gaitchain.Model.lower_body(marker_set="plug-in-gait"), static)
    turn = model.calibration.attrs["foot_axis_turn_deg"]
    assert 8 < turn["left"] < 20 and -20 < turn["right"] < -8  # toe-out: + on the left, - on the right

    a = gaitchain.analyze(trial, model=model, events=trial.events)
    curves = a.curves.set_index(["variable", "side"])

    def yaw_deg(v):
        return np.degrees(np.arctan2(v[:, 1], v[:, 0]))

    for side, letter, mirror in (("left", "L", -1.0), ("right", "R", 1.0)):
        # Markers: heel-to-toe heading over 10-40 % of the side's cycles (the walk goes along +x), toe-in +.
        heading = yaw_deg(trial.marker(letter + "TOE") - trial.marker(letter + "HEE"))
        stance = np.zeros(trial.frame_count, bool)
        for c in a.cycles[a.cycles["side"] == side].itertuples():
            stance |= (trial.time >= c.start + 0.1 * (c.end - c.start)) & (trial.time <= c.start + 0.4 * (c.end - c.start))
        markers = mirror * np.nanmean(heading[stance])
        ours = curves.loc[("foot_progression", side)].set_index("percent")["mean_deg"].loc[10:40].mean()
        assert ours == pytest.approx(markers, abs=4.0), side
        pelvis = np.nanmedian(yaw_deg(trial.marker("LASI") - trial.marker("RASI"))) - 90.0
        rotation = curves.loc[("pelvis_rotation", side)]["mean_deg"].mean()
        assert rotation == pytest.approx(mirror * pelvis, abs=3.0), side  # within 2 deg: the prior yields a little
