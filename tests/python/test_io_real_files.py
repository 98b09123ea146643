"""Every file in ../shared/data loads, with the frame counts, rates, labels, stored events and force-plate
contacts listed in ../shared/data/INVENTORY.txt and README.md."""
from __future__ import annotations

import pathlib

import numpy as np
import pytest

import gaitchain as gc

DATA = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data"
BTK = "BTKData/Input/C3DSamples"


def path(relative: str) -> pathlib.Path:
    p = DATA / relative
    assert p.exists(), f"test data missing: {p} (../shared/data must lie beside the checkout)"
    return p


def evt(*items):
    """('R', 'FS', 1.53) ... -> sorted (time, side, kind) tuples."""
    side = {"R": "right", "L": "left"}
    kind = {"FS": "foot_strike", "FO": "foot_off"}
    return sorted((t, side[s], kind[k]) for s, k, t in items)


# file, frames, rate, first frame, marker-like labels (count, some names), events, plate contacts (s).
# Numbers from INVENTORY.txt; contacts are |Fz| > 20 N after baseline removal, per plate (None: unloaded).
INVENTORY = {
    f"{BTK}/PiG/PiG_Calibration-FlatFoot-Full.c3d": dict(
        frames=94, rate=100, first=30, markers=111, names=["LFHD", "RASI", "TRXP"], events=[],
        contacts={"FP1": [(0.290, 0.998)], "FP2": [(0.299, 0.558), (0.744, 1.230)]}),
    f"{BTK}/PiG/PiG_Motion-FlatFoot-Full.c3d": dict(
        frames=315, rate=100, first=148, markers=113, names=["RFHD", "LASI", "CentreOfMass"],
        events=evt(("R", "FS", 1.53), ("L", "FS", 2.02), ("R", "FO", 2.12), ("R", "FS", 2.54), ("L", "FO", 2.65),
                   ("L", "FS", 3.05), ("R", "FO", 3.14), ("R", "FS", 3.57), ("L", "FO", 3.66), ("L", "FS", 4.05),
                   ("R", "FO", 4.17), ("R", "FS", 4.59)),
        contacts={"FP1": [(2.551, 3.157)], "FP2": [(3.053, 3.662)]}),
    f"{BTK}/c3d.org/sample04/sub_labels.c3d": dict(
        frames=333, rate=60, first=1, markers=86, names=["C7", "RASI", "LTOE", "N", "RS"],
        events=evt(("L", "FS", 1.0408), ("R", "FO", 1.4333), ("R", "FS", 1.8833), ("L", "FO", 2.0667),
                   ("L", "FS", 2.4667), ("R", "FO", 2.7333), ("R", "FS", 3.2000), ("L", "FO", 3.2667)),
        contacts={"FP1": [(1.805, 2.692)], "FP2": [(1.041, 2.011)]}),
    f"{BTK}/c3d.org/sample09/PlugInC3D.c3d": dict(
        frames=281, rate=60, first=1, markers=54, names=["RKNE", "SACR", "RTOL"],
        events=evt(("R", "FS", 1.1167), ("L", "FO", 1.3000), ("L", "FS", 1.8000), ("R", "FO", 1.9167),
                   ("R", "FS", 2.3167), ("L", "FO", 2.4667), ("L", "FS", 3.0167), ("R", "FO", 3.1000)),
        contacts={"FP1": [(1.103, 1.896)], "FP2": [(1.796, 2.456)]}),
    "kineticstoolkit/data/walk.c3d": dict(
        frames=221, rate=100, first=153, markers=58, names=["PELO", "LTHI2", "RAJC"],
        events=evt(("R", "FS", 1.6605), ("L", "FO", 1.8100), ("L", "FS", 2.2235), ("R", "FO", 2.3640),
                   ("R", "FS", 2.7400), ("L", "FO", 2.8920), ("L", "FS", 3.3300), ("R", "FO", 3.5000)),
        contacts={"FP1": [(2.747, 3.730)], "FP2": [(2.224, 2.891)], "FP3": None, "FP4": [(1.661, 2.364)]}),
    "opensim-core/OpenSim/Tests/shared/walking2.c3d": dict(
        frames=1249, rate=250, first=1, markers=44, names=["RTH1", "RMMAL", "RKJC"], events=[],
        contacts={"FP1": [(2.672, 3.250)], "FP2": [(2.247, 2.761)]}),
    "opensim-core/OpenSim/Tests/shared/walking5.c3d": dict(
        frames=1103, rate=250, first=1, markers=40, names=["LTH3", "RCAL", "RKJC"], events=[],
        contacts={"FP1": [(1.960, 2.479)], "FP2": [(2.373, 2.980)]}),
    "python-gaitalytics/tests/full/data/test_small.c3d": dict(
        frames=337, rate=100, first=249, markers=111, names=["LFHD", "SACR", "CentreOfMassFloor", "TRXP"],
        events=evt(("R", "FO", 2.50), ("R", "FS", 2.89), ("L", "FO", 3.03), ("L", "FS", 3.42), ("R", "FO", 3.54),
                   ("R", "FS", 3.98), ("L", "FO", 4.09), ("L", "FS", 4.48), ("R", "FO", 4.60), ("R", "FS", 5.01),
                   ("L", "FO", 5.14), ("L", "FS", 5.53), ("R", "FO", 5.67)),
        contacts={"FP1": [(2.888, 3.541)], "FP2": [(3.422, 4.096)], "FP3": None, "FP4": [(3.975, 4.603)]}),
    "python-gaitalytics/tests/treadmill_events.c3d": dict(
        frames=1206, rate=100, first=45, markers=78, names=["LASIS", "XIPH", "LTOE"], event_count=43,
        contacts={"FP1": [(0.440, 0.681), (1.063, 1.821), (2.192, 4.412), (4.482, 5.204), (5.615, 6.326),
                          (6.727, 7.462), (7.851, 8.818), (8.980, 10.030), (10.121, 11.108), (11.264, 12.500)],
                  "FP2": [(0.486, 1.234), (1.614, 2.371), (2.778, 3.521), (3.918, 4.651), (5.030, 6.039),
                          (6.157, 7.020), (7.279, 8.022), (8.405, 9.156), (9.538, 10.299), (10.692, 11.438),
                          (11.853, 12.500)]}),
    "opensim-models/Pipelines/Gait2354_Simbody/subject01_static.trc": dict(
        frames=300, rate=60, first=1, markers=49, names=["R.ASIS", "V.Sacral", "Top.Head"], events=[]),
    "opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1.trc": dict(
        frames=151, rate=60, first=1, markers=41, names=["R.ASIS", "L.Toe.Tip", "Top.Head"], events=[]),
    "opensim-models/Pipelines/Rajagopal/ExpData/motion_capture_walk.trc": dict(
        frames=238, rate=100, first=1, markers=41, names=["R.Shoulder", "S2", "L.Toe"], events=[]),
    "opensim-models/Pipelines/Rajagopal/ExpData/static_walk_1.trc": dict(
        frames=287, rate=100, first=1, markers=64, names=["R.MElbow", "R_HJC", "MidClavicle"], events=[]),
    "pose2sim/Pose2Sim/S00_Demo_Session/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/pose-3d/"
    "S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc": dict(
        frames=100, rate=60, first=2, markers=21, names=["RHip", "LHeel", "Nose"], events=[]),
}
# The same trial in six encodings (c3d.org sample01): header events RIC/RHS/RTO and two plates.
for code in ["pi", "pr", "si", "sr", "vi", "vr"]:
    INVENTORY[f"{BTK}/c3d.org/sample01/Eb015{code}.c3d"] = dict(
        frames=450, rate=50, first=1, markers=26, names=["RFT1", "PV3", "pv4"],
        events=evt(("R", "FS", 2.72), ("R", "FS", 5.40), ("R", "FO", 7.32)),
        contacts={"FP1": [(5.390, 7.330)], "FP2": [(2.720, 4.980)]})


def contacts(plate: gc.ForcePlate, threshold=20.0, min_duration=0.05):
    """Contact intervals as INVENTORY.txt defines them: |Fz| > threshold after removing the baseline
    (the 2nd or 98th percentile, whichever is nearer zero); gaps and contacts under 50 ms merged/dropped."""
    fz = plate.force[:, 2]
    low, high = np.percentile(fz, [2, 98])
    loaded = np.abs(fz - (low if abs(low) < abs(high) else high)) > threshold
    edges = np.flatnonzero(np.diff(np.r_[0, loaded.astype(int), 0]))
    intervals = [[s, e - 1] for s, e in zip(edges[::2], edges[1::2])]
    merged = []
    for s, e in intervals:
        if merged and (s - merged[-1][1]) / plate.rate < min_duration:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    t = plate.time
    return [(t[s], t[e]) for s, e in merged if (e - s) / plate.rate >= min_duration]


@pytest.mark.parametrize("relative", sorted(INVENTORY))
def test_file_matches_inventory(relative):
    expect = INVENTORY[relative]
    trial = gc.read(path(relative))
    assert trial.frame_count == expect["frames"]
    assert trial.rate == pytest.approx(expect["rate"])
    assert trial.first_frame == expect["first"]
    assert len(trial.marker_names) == expect["markers"]
    assert set(expect["names"]) <= set(trial.marker_names)
    assert trial.points.shape == (expect["frames"], expect["markers"], 3)
    assert trial.time[0] == pytest.approx((expect["first"] - 1) / expect["rate"])
    if "event_count" in expect:
        assert len(trial.events) == expect["event_count"]
    else:
        got = [(round(t, 4), s, k) for t, s, k in trial.events.itertuples(index=False)]
        assert len(got) == len(expect["events"])
        for (t, s, k), (te, se, ke) in zip(got, expect["events"]):
            assert (s, k) == (se, ke) and t == pytest.approx(te, abs=1e-4)
    plates = {p.name: p for p in trial.force_plates}
    for name, intervals in expect.get("contacts", {}).items():
        found = contacts(plates[name])
        if intervals is None:
            assert found == [], f"{name} should be unloaded"
            continue
        tolerance = 1.0 / plates[name].rate + 0.0005  # one analog sample + INVENTORY's rounding to 1 ms
        assert len(found) == len(intervals), f"{name}: {found}"
        for (s, e), (se, ee) in zip(found, intervals):
            assert s == pytest.approx(se, abs=tolerance) and e == pytest.approx(ee, abs=tolerance)


@pytest.mark.parametrize("relative", sorted(r for r in INVENTORY if "sample01" not in r and "Calibration" not in r
                                            and "static" not in r and "Balancing" not in r))
def test_walks_are_in_the_internal_frame(relative):
    """Whatever the lab axes, walks come out Z up, X forward, Y left: left-side markers have larger y
    than their right twins, toes lie ahead of heels, everything is above the floor."""
    trial = gc.read(path(relative))
    names = trial.marker_names
    pairs = [(n, "L" + n[1:]) for n in names if n.startswith("R") and "L" + n[1:] in names]
    assert pairs
    left_minus_right = np.nanmean([np.nanmean(trial.marker(l)[:, 1] - trial.marker(r)[:, 1]) for r, l in pairs])
    assert left_minus_right > 0.05
    assert np.nanmedian(trial.points[:, :, 2]) > 0.1
    for heel, toe in [("RHEE", "RTOE"), ("R.Heel", "R.Toe.Tip"), ("R.Heel", "R.Toe"), ("RCAL", "RMT2"), ("LHEE", "LTOE")]:
        if heel in names and toe in names and not np.isnan(trial.marker(heel)).all():
            assert np.nanmean(trial.marker(toe)[:, 0] - trial.marker(heel)[:, 0]) > 0.08
            break


def test_static_trials_face_forward_from_marker_pairs():
    for relative in ["opensim-models/Pipelines/Gait2354_Simbody/subject01_static.trc",
                     f"{BTK}/PiG/PiG_Calibration-FlatFoot-Full.c3d"]:
        trial = gc.read(path(relative))
        asis = ("L.ASIS", "R.ASIS") if "L.ASIS" in trial.marker_names else ("LASI", "RASI")
        d = np.nanmean(trial.marker(asis[0]) - trial.marker(asis[1]), axis=0)
        assert d[1] > 0.15 and abs(d[0]) < 0.05, relative


def test_six_encodings_read_the_same():
    ref = gc.read(path(f"{BTK}/c3d.org/sample01/Eb015pr.c3d"))
    for code in ["pi", "si", "sr", "vi", "vr"]:
        other = gc.read(path(f"{BTK}/c3d.org/sample01/Eb015{code}.c3d"))
        np.testing.assert_array_equal(np.isnan(other.points), np.isnan(ref.points))
        # integer files quantise to POINT:SCALE (0.2 mm here): half a step
        np.testing.assert_allclose(other.points, ref.points, atol=1.1e-4, equal_nan=True)
        for a, b in zip(other.force_plates, ref.force_plates):
            np.testing.assert_allclose(a.force, b.force, rtol=1e-5, atol=1e-9)


def test_subject_prefix_is_removed_and_noted():
    trial = gc.read(path(f"{BTK}/c3d.org/sample04/sub_labels.c3d"))
    assert "RASI" in trial.marker_names and not any(n.startswith("Matt:") for n in trial.marker_names)
    assert any("Matt:" in n for n in trial.notes)
    # RHEE is empty in every frame (README): all NaN, never zeros
    assert np.isnan(trial.marker("RHEE")).all()


def test_broken_fixtures_give_clear_errors_or_notes():
    with pytest.raises(gc.ParseError, match=r"Empty\.c3d: byte 0: .*512-byte C3D header"):
        gc.read(path(f"{BTK}/others/Empty.c3d"))
    assert issubclass(gc.ParseError, ValueError)
    optotrak = gc.read(path("ezc3d-testFiles/Optotrak.c3d"))  # cut inside its data
    assert optotrak.frame_count == 29 and any("truncated" in n for n in optotrak.notes)
    for relative in [f"{BTK}/others/badParameterOffset.c3d", f"{BTK}/others/parameterOverflow.c3d",
                     f"{BTK}/others/mocap36.c3d", f"{BTK}/others/Gait.c3d", "ezc3d-testFiles/read_NOTworking2.c3d",
                     "ezc3d-testFiles/FP_Type1.c3d", "ezc3d-testFiles/FP_Type3.c3d", "ezc3d-testFiles/Kistler.c3d"]:
        trial = gc.read(path(relative))
        assert trial.frame_count > 0


def test_missing_file_is_a_file_error():
    with pytest.raises(gc.FileError, match="no_such.c3d"):
        gc.read(DATA / "no_such.c3d")


def test_raw_c3d_with_8_bit_text_reads_from_python():
    """badParameterOffset.c3d holds a byte 0xff in its parameter text: decoded as Latin-1, not an error."""
    raw = gc.io.read_c3d(path(f"{BTK}/others/badParameterOffset.c3d"))
    assert raw["points"].shape == (111, 41, 3)
    assert raw["point_units"] == "mm" and raw["point_rate"] == 250
