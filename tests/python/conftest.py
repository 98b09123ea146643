import shutil

import pytest

import gaitchain


@pytest.fixture(scope="session")
def walk():
    """A 6 s healthy walk without noise, shared by the tests that only read it."""
    return gaitchain.synthetic_walk(duration_s=6.0)


@pytest.fixture(scope="session")
def trial_folder(tmp_path_factory):
    """A folder as users have them (read only): two copies of the bundled walk (one deeper, upper-case
    suffix), a garbage C3D, the walk's static trial, and a file that is not a trial."""
    from importlib import resources

    data = resources.files("gaitchain") / "data"
    root = tmp_path_factory.mktemp("trials")
    (root / "b").mkdir()
    shutil.copy(data / "PiG_Motion-FlatFoot-Full.c3d", root / "a_walk.c3d")
    shutil.copy(data / "PiG_Motion-FlatFoot-Full.c3d", root / "b" / "walk2.C3D")
    (root / "garbage.c3d").write_bytes(b"not a c3d file at all")
    shutil.copy(data / "PiG_Calibration-FlatFoot-Full.c3d", root / "static.c3d")
    (root / "notes.txt").write_text("not a trial")
    return root
