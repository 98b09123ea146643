"""Gait events from Python: the kinematic detectors against the synthetic walker's truth, detection from a
fitted Motion, force plates and OpenSim GRF tables against their contact times (../shared/data INVENTORY.txt),
marker roles, user detectors, the bench, and bad input."""
import pathlib

import numpy as np
import pandas as pd
import pytest

import gaitchain as gc
from gaitchain import bench
from gaitchain import events as gc_events

DATA = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data"
TEST_SMALL = DATA / "python-gaitalytics/tests/full/data/test_small.c3d"
PIG_MOTION = DATA / "BTKData/Input/C3DSamples/PiG/PiG_Motion-FlatFoot-Full.c3d"
RAJAGOPAL = DATA / "opensim-models/Pipelines/Rajagopal/ExpData"

KINEMATIC = ["zeni", "oconnor", "ghoussayni", "desailly"]
SCORE_COLUMNS = ["matched", "missed", "extra", "f1", "bias_ms", "mae_ms", "sd_ms", "within_1_frame", "within_2_frames"]


def needs(*paths):
    return pytest.mark.skipif(not all(p.is_file() for p in paths), reason="../shared/data is not beside the checkout")


@pytest.fixture(scope="module")
def short_walk():
    """A 4 s noise-free walk for the tests that rename, cut or blank its markers (on copies)."""
    return gc.synthetic_walk(duration_s=4.0)


@pytest.fixture
def registry():
    """Restores the session's detector registry after a test that registers detectors."""
    saved = dict(gc_events._registered)
    yield gc_events._registered
    gc_events._registered.clear()
    gc_events._registered.update(saved)


def with_events(trial, events):
    return gc.Trial(trial.marker_names, trial.points, trial.rate, trial.first_frame, events=events)


def without_marker(trial, name):
    keep = [i for i, n in enumerate(trial.marker_names) if n != name]
    return gc.Trial([trial.marker_names[i] for i in keep], trial.points[:, keep], trial.rate, trial.first_frame,
                    events=trial.events, force_plates=trial.force_plates, lab_frame=trial.lab_frame,
                    source=trial.source)


def renamed(trial, old, new):
    return gc.Trial([new if n == old else n for n in trial.marker_names], trial.points, trial.rate, trial.first_frame,
                    events=trial.events)


def rows(events):
    return [(round(t, 9), s, k) for t, s, k in events[["time", "side", "kind"]].itertuples(index=False)]


def times(events, side, kind):
    return events[(events.side == side) & (events.kind == kind)].time.to_numpy()


def force_plate_events(signals):
    """A user detector that returns exactly the force-plate truth: it must score perfectly."""
    return gc_events._run(signals, "force_plate", {})["events"]


def assert_well_formed(events, gap=None):
    """Columns, values, order; per side strikes and offs alternate (on each side of a marker gap `gap`,
    which may hide an event)."""
    assert list(events.columns) == ["time", "side", "kind"]
    assert set(events.side) <= {"left", "right"}
    assert set(events.kind) <= {"foot_strike", "foot_off"}
    assert events.time.is_monotonic_increasing
    for side in ("left", "right"):
        one = events[events.side == side]
        parts = [one] if gap is None else [one[one.time < gap[0]], one[one.time > gap[1]]]
        for part in parts:
            kinds = part.kind.tolist()
            assert all(a != b for a, b in zip(kinds, kinds[1:])), f"{side}: strikes and offs do not alternate: {kinds}"


# --- Kinematic detectors against the synthetic walker's truth -------------------------------------------------

@pytest.mark.parametrize("method", KINEMATIC)
def test_detectors_find_the_synthetic_truth(walk, method):
    trial, truth = walk
    events = gc.detect_events(trial, method)
    assert_well_formed(events)
    assert events.attrs["method"] == method
    assert events.attrs["notes"] == []  # a clean straight walk: nothing to explain
    assert {side for side, _, _ in events.attrs["coverage"]} == {"left", "right"}
    for _, begin, end in events.attrs["coverage"]:
        assert trial.time[0] <= begin < end <= trial.time[-1]

    scores = bench.compare_event_detectors([with_events(trial, truth.events)], [method], truth="stored")
    assert scores.attrs["skipped"] == []
    assert list(scores.kind) == ["foot_strike", "foot_off"]
    n_truth = truth.events.kind.value_counts()
    for row in scores.itertuples():
        assert row.detector == method
        assert row.extra == 0, row
        assert row.missed <= 1, row
        assert row.matched + row.missed == n_truth[row.kind]
        assert row.mae_ms < (5.0 if method == "ghoussayni" else 80.0), row


def test_ghoussayni_threshold_moves_strikes_earlier_and_offs_later(short_walk):
    # A higher speed threshold is crossed sooner while the heel slows and later while the toe speeds up.
    trial, _ = short_walk
    default = gc.detect_events(trial, "ghoussayni")
    higher = gc.detect_events(trial, "ghoussayni", threshold_m_s=0.8)
    assert len(higher) == len(default)
    shift = higher.time - default.time
    assert (shift[default.kind == "foot_strike"] < -0.005).all()
    assert (shift[default.kind == "foot_off"] > 0.005).all()
    assert (higher.kind == default.kind).all()
    with pytest.raises(gc.InvalidArgumentError, match="threshold_n"):
        gc.detect_events(trial, "ghoussayni", threshold_n=10)


def test_times_are_on_the_capture_clock(short_walk):
    trial, _ = short_walk
    later = gc.Trial(trial.marker_names, trial.points, trial.rate, first_frame=11)  # starts at 0.1 s
    for method in KINEMATIC:
        events, shifted = gc.detect_events(trial, method), gc.detect_events(later, method)
        assert list(zip(shifted.side, shifted.kind)) == list(zip(events.side, events.kind))
        np.testing.assert_allclose(shifted.time, events.time + 0.1, atol=1e-9)
        assert min(begin for _, begin, _ in shifted.attrs["coverage"]) >= 0.1 - 1e-9


def test_treadmill_walk(short_walk):
    # The same walk with the travel removed: the pelvis stays put and the feet slide back at 1.3 m/s in stance.
    trial, truth = short_walk
    points = trial.points.copy()
    points[..., 0] -= 1.3 * trial.time[:, None]
    treadmill = gc.Trial(trial.marker_names, points, trial.rate, events=truth.events)
    signals = gc.gait_signals(treadmill)
    assert signals.treadmill
    assert signals.walking_speed == pytest.approx(1.3, rel=0.02)
    np.testing.assert_allclose(signals.belt_velocity, [-1.3, 0, 0], atol=0.03)
    np.testing.assert_array_equal(signals.progression, np.tile([1.0, 0.0, 0.0], (trial.frame_count, 1)))
    scores = bench.compare_event_detectors([treadmill], KINEMATIC, truth="stored")
    assert (scores.missed == 0).all() and (scores.extra == 0).all()
    ghoussayni = scores[scores.detector == "ghoussayni"]
    assert (ghoussayni.mae_ms < 5).all()  # speeds relative to the belt


# Marker gaps in the 4 s walk: (first, last) second missing. The heel gap hides the right strike at 1.85 s,
# the toe gap the right foot off at 2.49 s.
GAPS = {"RHEE": (1.50, 1.99), "RTOE": (2.30, 2.69)}


def with_gap(trial, marker):
    first, last = GAPS[marker]
    points = trial.points.copy()
    points[round(first * trial.rate):round(last * trial.rate) + 1, trial.marker_names.index(marker)] = np.nan
    return gc.Trial(trial.marker_names, points, trial.rate)


def right_coverage(events):
    return [(begin, end) for side, begin, end in events.attrs["coverage"] if side == "right"]


@pytest.mark.parametrize("method", KINEMATIC)
def test_no_events_in_a_marker_gap(short_walk, method):
    trial, _ = short_walk
    first, last = GAPS["RHEE"]
    events = gc.detect_events(with_gap(trial, "RHEE"), method)
    assert_well_formed(events, gap=(first, last))
    assert not events[events.side == "right"].time.between(first, last).any()
    complete = gc.detect_events(trial, method)
    pd.testing.assert_frame_equal(events[events.side == "left"].reset_index(drop=True),
                                  complete[complete.side == "left"].reset_index(drop=True))
    spans = right_coverage(events)
    assert len(spans) == 2 and spans[0][1] < first and spans[1][0] > last


@pytest.mark.parametrize("method", KINEMATIC)
def test_coverage_leaves_out_a_toe_gap(short_walk, method):
    trial, _ = short_walk
    first, last = GAPS["RTOE"]
    spans = right_coverage(gc.detect_events(with_gap(trial, "RTOE"), method))
    assert not any(begin < last and end > first for begin, end in spans), spans


@pytest.mark.parametrize("marker", GAPS)
@pytest.mark.parametrize("method", KINEMATIC)
def test_events_next_to_a_marker_gap_are_kept(short_walk, method, marker):
    trial, truth = short_walk
    first, last = GAPS[marker]
    events = gc.detect_events(with_gap(trial, marker), method)
    detected = events[events.side == "right"]
    expected = truth.events[(truth.events.side == "right") & ~truth.events.time.between(first - 0.15, last + 0.15)]
    for t, _, kind in expected.itertuples(index=False):
        near = detected[(detected.kind == kind) & ((detected.time - t).abs() < 0.1)]
        assert len(near) == 1, f"right {kind} at {t:.3f} s not detected (gap in {marker} {first}-{last} s)"


# --- From a fitted Motion ------------------------------------------------------------------------------------

def test_detect_events_from_a_motion(walk):
    trial, truth = walk
    motion = gc.inverse_kinematics(truth.model, trial)
    assert motion.model is not None and motion.force_plates == []
    signals = gc.gait_signals(motion)
    assert signals.roles == {"heel_l": ["heel_l"], "heel_r": ["heel_r"], "pelvis": ["mid_asis"],
                             "toe_l": ["toe_tip_l"], "toe_r": ["toe_tip_r"]}
    assert signals.frame_count == trial.frame_count
    np.testing.assert_allclose(signals.time, trial.time)

    events = gc.detect_events(motion, "ghoussayni")
    assert_well_formed(events)
    for side in ("left", "right"):
        detected = times(events, side, "foot_strike")
        expected = times(truth.events, side, "foot_strike")
        assert len(detected) == len(expected) > 0
        np.testing.assert_allclose(detected, expected, atol=0.020)
    assert len(gc.detect_events(motion, "zeni")) == len(truth.events)
    # The Motion carries the trial's (absent) force plates.
    plates = gc.detect_events(motion, "force_plate")
    assert plates.empty and plates.attrs["notes"] == ["the trial has no force plates"]
    with pytest.raises(gc.InvalidArgumentError, match="no model"):
        gc.detect_events(gc.Motion(motion._core))


# --- Force plates --------------------------------------------------------------------------------------------

@needs(TEST_SMALL)
def test_force_plate_contacts_of_a_c3d():
    trial = gc.read(TEST_SMALL)
    events = gc.detect_events(trial, "force_plate")
    assert_well_formed(events)
    # INVENTORY.txt: FP1 2.888-3.541, FP2 3.422-4.096, FP3 never loaded, FP4 3.975-4.603 (|Fz| > 20 N).
    expected = [(2.888, "right", "foot_strike"), (3.422, "left", "foot_strike"), (3.541, "right", "foot_off"),
                (3.975, "right", "foot_strike"), (4.096, "left", "foot_off"), (4.603, "right", "foot_off")]
    assert list(zip(events.side, events.kind)) == [(s, k) for _, s, k in expected]
    np.testing.assert_allclose(events.time, [t for t, _, _ in expected], atol=0.015)
    # ... and the stored (hand-marked) events agree to a frame.
    for t, side, kind in expected:
        assert np.abs(times(trial.events, side, kind) - t).min() <= 0.011, (t, side, kind)
    assert any("FP3" in n and "never loaded" in n for n in events.attrs["notes"])
    # The plates saw three contacts, one foot each: one coverage span per contact, around its two events.
    coverage = events.attrs["coverage"]
    assert [side for side, _, _ in coverage] == ["right", "left", "right"]
    for (side, begin, end), (strike, off) in zip(coverage, [(2.888, 3.541), (3.422, 4.096), (3.975, 4.603)]):
        assert begin < strike - 0.05 and off + 0.05 < end < off + 0.2
    assert events.attrs["method"] == "force_plate"

    # A higher threshold is crossed later as the load rises and earlier as it falls.
    strict = gc.detect_events(trial, "force_plate", threshold_n=50)
    assert list(zip(strict.side, strict.kind)) == list(zip(events.side, events.kind))
    shift = strict.time - events.time
    assert (shift[events.kind == "foot_strike"] > 0).all()
    assert (shift[events.kind == "foot_off"] < 0).all()
    assert shift.abs().max() < 0.03
    assert any("50 N" in n for n in strict.attrs["notes"])
    with pytest.raises(gc.InvalidArgumentError, match="bogus"):
        gc.detect_events(trial, "force_plate", bogus=1)
    with pytest.raises(gc.InvalidArgumentError, match="bogus"):
        gc.detect_events(trial, "zeni", bogus=1)


@needs(RAJAGOPAL / "motion_capture_walk.trc", RAJAGOPAL / "grf_walk.mot")
def test_force_plates_of_an_opensim_grf_table():
    trial = gc.read(RAJAGOPAL / "motion_capture_walk.trc")
    plates = gc.read_force_plates(RAJAGOPAL / "grf_walk.mot", trial)
    assert [p.name for p in plates] == ["ground_force_r", "ground_force_l"]
    assert all(isinstance(p, gc.ForcePlate) and p.rate == pytest.approx(2000, rel=1e-3) for p in plates)
    trial.force_plates = plates

    events = gc.detect_events(trial, "force_plate")
    assert_well_formed(events)
    # INVENTORY.txt: ground_force_r_vy 0.268-1.024, 1.412-2.167; ground_force_l_vy 0.837-1.589.
    np.testing.assert_allclose(times(events, "right", "foot_strike"), [0.268, 1.412], atol=0.003)
    np.testing.assert_allclose(times(events, "right", "foot_off"), [1.024, 2.167], atol=0.003)
    np.testing.assert_allclose(times(events, "left", "foot_strike"), [0.837], atol=0.003)
    np.testing.assert_allclose(times(events, "left", "foot_off"), [1.589], atol=0.003)
    with pytest.raises(gc.InvalidArgumentError, match="Trial"):
        gc.read_force_plates(RAJAGOPAL / "grf_walk.mot", RAJAGOPAL / "motion_capture_walk.trc")


# --- Marker roles and GaitSignals ------------------------------------------------------------------------------

def test_mapping_names_a_marker_the_name_table_does_not_know(short_walk):
    trial, _ = short_walk
    before = gc.detect_events(trial)
    odd = renamed(trial, "RHEE", "RXYZ")
    with pytest.raises(gc.InvalidArgumentError, match="heel_r"):
        gc.detect_events(odd)
    with pytest.raises(gc.InvalidArgumentError, match="heel_r"):
        gc.detect_events(odd, "ghoussayni")
    assert "heel_r" not in gc.gait_signals(odd).roles  # a missing role is absent, not an error, until used
    after = gc.detect_events(odd, mapping={"heel_r": "RXYZ"})
    pd.testing.assert_frame_equal(after, before)
    assert gc.gait_signals(odd, mapping={"heel_r": "RXYZ"}).roles["heel_r"] == ["RXYZ"]


def test_bad_mappings_raise(short_walk):
    trial, _ = short_walk
    with pytest.raises(gc.InvalidArgumentError, match="NOPE"):
        gc.detect_events(trial, mapping={"heel_r": "NOPE"})
    with pytest.raises(gc.InvalidArgumentError, match="unknown role"):
        gc.detect_events(trial, mapping={"foot": "RHEE"})
    with pytest.raises(gc.InvalidArgumentError, match="nope"):
        gc.detect_events(trial, marker_set="nope")


def test_roles_by_name_by_marker_set_and_by_mapping(short_walk):
    trial, _ = short_walk
    by_name = gc.gait_signals(trial).roles
    assert by_name["heel_r"] == ["RHEE"] and by_name["heel_l"] == ["LHEE"]
    assert by_name["toe_r"] == ["RTOE"] and by_name["toe_l"] == ["LTOE"]
    assert by_name["pelvis"] == ["SACR"]
    by_set = gc.gait_signals(trial, marker_set="plug-in-gait").roles
    assert by_set["heel_r"] == ["RHEE"]
    assert set(by_set["pelvis"]) == {"LASI", "RASI", "LPSI", "RPSI", "SACR"}
    events = gc.detect_events(trial, marker_set="plug-in-gait")
    default = gc.detect_events(trial)
    assert list(zip(events.side, events.kind)) == list(zip(default.side, default.kind))
    np.testing.assert_allclose(events.time, default.time, atol=0.005)  # another pelvis point, nearly the same
    assert gc.gait_signals(trial, mapping={"pelvis": ["RASI", "LASI"]}).roles["pelvis"] == ["RASI", "LASI"]


def test_gait_signals_are_read_only_arrays(short_walk):
    trial, _ = short_walk
    signals = gc.gait_signals(trial)
    assert isinstance(signals, gc.GaitSignals)
    assert signals.rate == 100.0 and signals.frame_count == trial.frame_count and not signals.treadmill
    assert signals.walking_speed == pytest.approx(1.3, rel=0.02)
    for name in ["heel_r", "heel_l", "toe_r", "toe_l", "pelvis", "progression"]:
        a = getattr(signals, name)
        assert isinstance(a, np.ndarray) and a.shape == (trial.frame_count, 3), name
        assert not a.flags.writeable, name
        with pytest.raises(ValueError):
            a[0, 0] = 1.0
    np.testing.assert_array_equal(signals.heel_r, trial.marker("RHEE"))
    direction = signals.progression
    np.testing.assert_allclose(np.linalg.norm(direction, axis=1), 1.0, rtol=1e-9)
    assert (direction[:, 0] > 0.99).all()  # walking along +X
    np.testing.assert_array_equal(direction[:, 2], 0.0)


# --- Your own detectors ----------------------------------------------------------------------------------------

def test_registered_detector_returns_its_events(short_walk, registry):
    trial, _ = short_walk
    seen = []

    def mine(signals):
        seen.append(signals)
        return [(1.0, "right", "foot_strike"), (0.5, "left", "foot_off")]  # unsorted on purpose

    gc.register_detector("mine", mine)
    assert "mine" in gc.detector_names()
    assert gc.detector_names()[:5] == ["zeni", "oconnor", "ghoussayni", "desailly", "force_plate"]
    events = gc.detect_events(trial, "mine")
    assert rows(events) == [(0.5, "left", "foot_off"), (1.0, "right", "foot_strike")]
    assert events.attrs["method"] == "mine" and events.attrs["notes"] == []
    assert isinstance(seen[0], gc.GaitSignals) and seen[0].frame_count == trial.frame_count

    # Registering again replaces; a DataFrame result passes its notes on.
    def as_frame(signals):
        frame = pd.DataFrame({"time": [2.0], "side": ["left"], "kind": ["foot_strike"], "confidence": [0.9]})
        frame.attrs["notes"] = ["hand-made"]
        return frame

    gc.register_detector("mine", as_frame)
    events = gc.detect_events(trial, "mine")
    assert rows(events) == [(2.0, "left", "foot_strike")]
    assert events.attrs["notes"] == ["hand-made"]


def test_a_callable_is_a_method_and_gets_the_options(short_walk):
    trial, _ = short_walk

    def shifted(signals, shift=0.0):
        return [(1.0 + shift, "right", "foot_strike")]

    assert rows(gc.detect_events(trial, shifted)) == [(1.0, "right", "foot_strike")]
    events = gc.detect_events(trial, shifted, shift=0.25)
    assert rows(events) == [(1.25, "right", "foot_strike")]
    assert events.attrs["method"] == "shifted"
    # A callable that calls a built-in gives the built-in's events.
    same = gc.detect_events(trial, lambda s: gc_events._run(s, "zeni", {})["events"])
    pd.testing.assert_frame_equal(same, gc.detect_events(trial, "zeni"))


def test_registration_is_checked(registry):
    for name in gc_events.BUILT_IN:
        with pytest.raises(gc.InvalidArgumentError, match="built-in"):
            gc.register_detector(name, lambda s: [])
    with pytest.raises(gc.InvalidArgumentError, match="non-empty"):
        gc.register_detector("", lambda s: [])
    with pytest.raises(gc.InvalidArgumentError, match="callable"):
        gc.register_detector("not_callable", 42)
    assert "not_callable" not in registry and "" not in registry
    assert not set(gc_events.BUILT_IN) & set(registry)


def test_a_time_outside_the_trial_is_caught_naming_the_detector(short_walk):
    trial, _ = short_walk  # 0 to 3.99 s; half a frame of slack either side

    def late(signals):
        return [(10.0, "right", "foot_strike")]

    with pytest.raises(gc.InvalidArgumentError, match=r"late.*outside the trial"):
        gc.detect_events(trial, late)
    for t in (-1.0, float("nan"), 3.996, -0.006):
        with pytest.raises(gc.InvalidArgumentError, match="outside the trial"):
            gc.detect_events(trial, lambda s, t=t: [(t, "left", "foot_off")])
    assert len(gc.detect_events(trial, lambda s: [(3.994, "left", "foot_off")])) == 1


@pytest.mark.parametrize("result, message", [
    ([(1.0, "right")], "time, side, kind"),
    (5, "time, side, kind"),
    (None, "time, side, kind"),
    ([("soon", "right", "foot_strike")], "time, side, kind"),
    ([(1.0, "middle", "foot_strike")], "middle"),
    ([(1.0, "right", "heel_contact")], "heel_contact"),
    (pd.DataFrame({"time": [1.0]}), "missing"),
])
def test_bad_detector_results_raise(short_walk, result, message):
    trial, _ = short_walk
    with pytest.raises(gc.InvalidArgumentError, match=message):
        gc.detect_events(trial, lambda s: result)


def test_empty_result_is_an_empty_frame(short_walk):
    trial, _ = short_walk
    events = gc.detect_events(trial, lambda s: [])
    assert events.empty and list(events.columns) == ["time", "side", "kind"]


# --- The bench -------------------------------------------------------------------------------------------------

@needs(TEST_SMALL, PIG_MOTION)
def test_bench_against_force_plates():
    detectors = ["zeni", "ghoussayni", force_plate_events]
    scores = bench.compare_event_detectors([TEST_SMALL, PIG_MOTION], detectors, truth="force_plate")
    assert list(scores.columns) == ["detector", "kind"] + SCORE_COLUMNS
    assert list(zip(scores.detector, scores.kind)) == [
        (d, k) for d in ["zeni", "ghoussayni", "force_plate_events"] for k in ["foot_strike", "foot_off"]]
    assert scores.attrs["skipped"] == []
    # test_small: 3 plate strikes and 3 offs; PiG: 2 and 2.
    assert ((scores.matched + scores.missed) == 5).all()
    assert (scores.extra == 0).all()
    perfect = scores[scores.detector == "force_plate_events"]
    assert (perfect.f1 == 1).all() and (perfect.mae_ms == 0).all() and (perfect.bias_ms == 0).all()
    assert (perfect.within_1_frame == 1).all() and (perfect.within_2_frames == 1).all()
    # Zeni strikes at the heel's furthest reach, which comes before the plate loads.
    zeni_strikes = scores[(scores.detector == "zeni") & (scores.kind == "foot_strike")].iloc[0]
    assert zeni_strikes.bias_ms < 0 and zeni_strikes.mae_ms == pytest.approx(-zeni_strikes.bias_ms)

    per_trial = bench.compare_event_detectors([TEST_SMALL, PIG_MOTION], detectors, truth="force_plate", per_trial=True)
    assert list(per_trial.columns) == ["detector", "trial", "kind"] + SCORE_COLUMNS
    assert len(per_trial) == 2 * len(scores)
    counts = per_trial.assign(n=per_trial.matched + per_trial.missed).groupby("trial").n.unique()
    assert list(counts["test_small.c3d"]) == [3] and list(counts["PiG_Motion-FlatFoot-Full.c3d"]) == [2]
    # Pooled rows sum the per-trial counts.
    summed = per_trial.groupby(["detector", "kind"], sort=False)[["matched", "missed", "extra"]].sum().reset_index()
    pd.testing.assert_frame_equal(summed, scores[["detector", "kind", "matched", "missed", "extra"]])


@needs(TEST_SMALL, PIG_MOTION)
def test_event_errors_list_every_scored_event():
    errors = bench.event_errors([TEST_SMALL, PIG_MOTION], ["zeni", force_plate_events], truth="force_plate")
    assert list(errors.columns) == ["trial", "detector", "side", "kind", "status", "truth_time", "detected_time",
                                    "error_ms"]
    assert len(errors) == 2 * (6 + 4)  # every plate event, matched by both detectors
    assert set(errors.status) == {"matched"}
    np.testing.assert_allclose(errors.error_ms, (errors.detected_time - errors.truth_time) * 1000)
    assert (errors[errors.detector == "force_plate_events"].error_ms == 0).all()
    # The times are those of detect_events.
    small = gc.read(TEST_SMALL)
    plates, zeni = gc.detect_events(small, "force_plate"), gc.detect_events(small, "zeni")
    mine = errors[(errors.trial == "test_small.c3d") & (errors.detector == "zeni")]
    np.testing.assert_allclose(np.sort(mine.truth_time), plates.time)
    assert set(np.round(mine.detected_time, 9)) <= set(np.round(zeni.time, 9))
    # The summary is the mean of these errors.
    scores = bench.compare_event_detectors([TEST_SMALL, PIG_MOTION], ["zeni"], truth="force_plate")
    for kind in ("foot_strike", "foot_off"):
        e = errors[(errors.detector == "zeni") & (errors.kind == kind)].error_ms
        row = scores[scores.kind == kind].iloc[0]
        assert row.bias_ms == pytest.approx(e.mean())
        assert row.mae_ms == pytest.approx(e.abs().mean())
        assert row.sd_ms == pytest.approx(e.std(ddof=1), rel=1e-6)


@needs(TEST_SMALL)
def test_bench_against_stored_events():
    scores = bench.compare_event_detectors([TEST_SMALL], ["zeni", "ghoussayni"], truth="stored")
    # 13 stored events: 6 strikes and 7 offs, the first (right off at 2.50 s) before the detectors can see.
    assert ((scores.matched + scores.missed) == np.tile([6, 7], 2)).all()
    zeni_offs = scores[(scores.detector == "zeni") & (scores.kind == "foot_off")].iloc[0]
    assert (zeni_offs.matched, zeni_offs.missed, zeni_offs.extra) == (6, 1, 0)
    assert zeni_offs.f1 == pytest.approx(12 / 13)
    errors = bench.event_errors([TEST_SMALL], ["zeni"], truth="stored")
    assert len(errors) == 13
    missed = errors[errors.status == "missed"]
    assert list(zip(missed.side, missed.kind)) == [("right", "foot_off")]
    assert missed.truth_time.iloc[0] == pytest.approx(2.50) and np.isnan(missed.error_ms.iloc[0])


def test_bench_skips_what_it_cannot_score(short_walk):
    trial, truth = short_walk
    no_heel = without_marker(trial, "RHEE")
    scores = bench.compare_event_detectors([no_heel, trial], ["zeni"], truth="stored")
    assert (scores.matched + scores.missed).sum() == len(truth.events)  # the good trial is still scored
    [skip] = scores.attrs["skipped"]
    assert skip["detector"] == "zeni" and "heel_r" in skip["reason"]

    no_events = gc.Trial(trial.marker_names, trial.points, trial.rate)
    scores = bench.compare_event_detectors([no_events], ["zeni"], truth="stored")
    assert scores.empty and list(scores.columns) == ["detector", "kind"] + SCORE_COLUMNS
    [skip] = scores.attrs["skipped"]
    assert skip["detector"] is None and "no events" in skip["reason"]

    [skip] = bench.compare_event_detectors([trial], ["zeni"], truth="force_plate").attrs["skipped"]
    assert "no force plates" in skip["reason"]
    with pytest.raises(gc.InvalidArgumentError, match="tolerance"):
        bench.compare_event_detectors([trial], ["zeni"], truth="stored", tolerance_s=0)


@needs(TEST_SMALL)
def test_bench_skips_a_trial_whose_plates_cannot_be_assigned():
    small = gc.read(TEST_SMALL)
    scores = bench.compare_event_detectors([without_marker(small, "RHEE"), small], ["zeni"], truth="force_plate")
    assert list(scores.matched + scores.missed) == [3, 3]
    [skip] = scores.attrs["skipped"]
    assert "heel_r" in skip["reason"]


def test_bench_takes_mappings_per_trial_or_for_all(short_walk):
    trial, truth = short_walk
    odd = renamed(trial, "RHEE", "RXYZ")
    plain = bench.compare_event_detectors([trial], ["zeni"], truth="stored")
    [skip] = bench.compare_event_detectors([odd], ["zeni"], truth="stored").attrs["skipped"]
    assert "heel_r" in skip["reason"]
    for scores in (bench.compare_event_detectors([(odd, {"heel_r": "RXYZ"})], ["zeni"], truth="stored"),
                   bench.compare_event_detectors([odd], ["zeni"], truth="stored", mapping={"heel_r": "RXYZ"})):
        assert scores.attrs["skipped"] == []
        pd.testing.assert_frame_equal(scores, plain)


def test_bench_takes_registered_names_and_any_detector_as_truth(short_walk, registry):
    trial, _ = short_walk
    gc.register_detector("ghoussayni_copy", lambda s: gc_events._run(s, "ghoussayni", {})["events"])
    scores = bench.compare_event_detectors([trial], ["ghoussayni_copy", "zeni"], truth="ghoussayni")
    copy = scores[scores.detector == "ghoussayni_copy"]
    assert (copy.f1 == 1).all() and (copy.mae_ms == 0).all()
    zeni = scores[scores.detector == "zeni"]
    assert (zeni.extra == 0).all() and (zeni.f1 > 0.9).all()


# --- Bad input -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", KINEMATIC)
def test_a_trial_shorter_than_a_step_has_no_events(short_walk, method):
    trial, _ = short_walk
    short = gc.Trial(trial.marker_names, trial.points[:30], trial.rate)
    events = gc.detect_events(short, method)
    assert events.empty and list(events.columns) == ["time", "side", "kind"]
    assert any("shorter than a step" in n for n in events.attrs["notes"])


@pytest.mark.parametrize("method", KINEMATIC)
def test_a_marker_without_samples_is_named(short_walk, method):
    trial, _ = short_walk
    points = trial.points.copy()
    for name in ("RTOE", "LTOE"):
        points[:, trial.marker_names.index(name)] = np.nan
    with pytest.raises(gc.InvalidArgumentError, match=r"TOE.*no valid sample"):
        gc.detect_events(gc.Trial(trial.marker_names, points, trial.rate), method)


def test_force_plate_method_without_plates(short_walk):
    trial, _ = short_walk
    events = gc.detect_events(trial, "force_plate")
    assert events.empty and list(events.columns) == ["time", "side", "kind"]
    assert events.attrs["notes"] == ["the trial has no force plates"]


def test_unknown_methods_and_inputs_raise(short_walk, registry):
    trial, _ = short_walk
    gc.register_detector("mine", lambda s: [])
    with pytest.raises(gc.InvalidArgumentError, match="available: zeni, oconnor, ghoussayni, desailly, force_plate") as e:
        gc.detect_events(trial, "nope")
    assert "'nope'" in str(e.value) and "mine" in str(e.value)
    with pytest.raises(gc.InvalidArgumentError, match="callable"):
        gc.detect_events(trial, 42)
    for bad in (trial.points, str(TEST_SMALL), None):
        with pytest.raises(gc.InvalidArgumentError, match="Trial or Motion"):
            gc.detect_events(bad)
        with pytest.raises(gc.InvalidArgumentError, match="Trial or Motion"):
            gc.gait_signals(bad)
    assert issubclass(gc.InvalidArgumentError, ValueError)
