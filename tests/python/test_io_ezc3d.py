"""Optional: where the ezc3d package is installed, our C3D points, analogs and force-plate centres of
pressure equal ezc3d's sample for sample (an independent reader)."""
import pathlib

import numpy as np
import pytest

import gaitchain as gc

ezc3d = pytest.importorskip("ezc3d")
DATA = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data"
FILES = sorted(p for p in DATA.rglob("*") if p.suffix.lower() == ".c3d" and p.stat().st_size > 0
               # ezc3d 1.7 refuses these two and fails on walk.c3d's non-UTF-8 text
               and p.name not in {"badParameterOffset.c3d", "mocap36.c3d", "walk.c3d"})


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_points_and_analogs_equal_ezc3d(path):
    ours = gc.io.read_c3d(path)
    try:
        theirs = ezc3d.c3d(str(path))
    except (RuntimeError, UnicodeDecodeError) as e:  # ezc3d 1.7 reads no MIPS files and not walk.c3d's text
        pytest.skip(f"ezc3d cannot read {path.name}: {e}")
    points = np.transpose(theirs["data"]["points"][:3], (2, 1, 0))  # (frames, points, 3)
    n = min(points.shape[0], ours["points"].shape[0])  # ezc3d also keeps the complete frames of a cut file
    assert ours["points"].shape[1:] == points.shape[1:]
    mine = ours["points"][:n]
    valid = ~np.isnan(mine)
    np.testing.assert_allclose(mine[valid], points[:n][valid], rtol=1e-6, atol=1e-6)
    analogs = theirs["data"]["analogs"][0].T  # (samples, channels)
    if analogs.size:
        np.testing.assert_allclose(ours["analogs"][: analogs.shape[0]], analogs, rtol=1e-6, atol=1e-6)
    labels = theirs["parameters"]["POINT"]["LABELS"]["value"]
    assert ours["point_labels"][: len(labels)] == [s.strip() for s in labels][: len(ours["point_labels"])]


@pytest.mark.parametrize("name, cop_tolerance", [
    ("python-gaitalytics/tests/full/data/test_small.c3d", 1e-6),
    ("opensim-core/OpenSim/Tests/shared/walking2.c3d", 1e-6),
    ("BTKData/Input/C3DSamples/PiG/PiG_Motion-FlatFoot-Full.c3d", 1e-6),
    # Kistler type 3: ezc3d's CoP differs by up to 0.45 mm; ours follows Kistler's formula with az0.
    ("ezc3d-testFiles/FP_Type3.c3d", 5e-4)])
def test_force_plates_equal_ezc3d(name, cop_tolerance):
    """Lab-frame force (N) and centre of pressure (m) where the plate is loaded."""
    path = DATA / name
    raw = gc.io.read_c3d(path)
    theirs = ezc3d.c3d(str(path), extract_forceplat_data=True)["data"]["platform"]
    trial = gc.read(path)
    back = trial.lab_frame.rotation.T  # internal -> lab
    scale = 1e-3 if raw["point_units"] == "mm" else 1.0
    for mine, their in zip(trial.force_plates, theirs):
        force = mine.force @ back.T
        loaded = np.abs(force[:, 2]) > 50
        if not loaded.any():
            continue
        np.testing.assert_allclose(force[loaded], their["force"].T[loaded], rtol=1e-4, atol=1e-3)
        cop = mine.cop @ back.T
        np.testing.assert_allclose(cop[loaded], their["center_of_pressure"].T[loaded] * scale, atol=cop_tolerance)


def test_plate_baseline_is_the_only_difference_where_zero_is_set():
    """PlugInC3D.c3d sets FORCE_PLATFORM:ZERO = 1..10: we remove that baseline, ezc3d does not, so the
    forces differ by a constant."""
    path = DATA / "BTKData/Input/C3DSamples/c3d.org/sample09/PlugInC3D.c3d"
    theirs = ezc3d.c3d(str(path), extract_forceplat_data=True)["data"]["platform"]
    trial = gc.read(path)
    for mine, their in zip(trial.force_plates, theirs):
        difference = mine.force @ trial.lab_frame.rotation - their["force"].T
        assert np.abs(difference.mean(axis=0)).max() > 0.01  # a baseline was removed
        np.testing.assert_allclose(difference, np.broadcast_to(difference.mean(axis=0), difference.shape), atol=1e-3)
