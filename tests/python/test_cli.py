"""The gaitchain command line: analyze and batch write what they say, with clear errors and exit codes."""
import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gaitchain
from gaitchain.batch import summarize
from gaitchain.cli import OUTPUTS, check_output_dir, main

DATA = Path(gaitchain.__file__).resolve().parent / "data"
WALK = DATA / "PiG_Motion-FlatFoot-Full.c3d"
STATIC = DATA / "PiG_Calibration-FlatFoot-Full.c3d"


def run(*argv):
    """main(argv) in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def run_module(*argv, cwd):
    """`python -m gaitchain ...` in a subprocess: (exit code, stdout, stderr)."""
    p = subprocess.run([sys.executable, "-m", "gaitchain", *map(str, argv)], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


@pytest.fixture(scope="module")
def reference():
    return gaitchain.analyze(WALK, static=STATIC)


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory):
    out = tmp_path_factory.mktemp("analyze") / "walk"
    code, stdout, stderr = run("analyze", WALK, "--static", STATIC, "--out", out)
    assert code == 0, stderr
    return out, stdout


def test_analyze_writes_every_output(analyzed, reference):
    out, stdout = analyzed
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    assert "<html" in (out / "report.html").read_text().lower()
    for name in OUTPUTS:
        assert str(out / name) in stdout
    # The summary printed: cycles from the 12 stored events, GPS and the flagged findings.
    assert "2 left and 3 right gait cycles (events: stored)" in stdout
    assert f"Gait Profile Score {reference.scores.attrs['gps_overall_deg']:.1f} deg" in stdout
    flagged = [f"{r.finding} ({r.side})" for r in reference.findings.itertuples()]
    assert flagged and f"Flagged: {'; '.join(flagged)}\n" in stdout


def _csv(path):
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


# CSV holds every float's shortest repr; older pandas parsers may land one ulp off it.
SAME = dict(check_exact=False, rtol=1e-15, atol=0, check_dtype=False)


def test_analyze_tables_equal_the_analysis(analyzed, reference):
    out, _ = analyzed
    events = _csv(out / "events.csv")
    pd.testing.assert_frame_equal(events, reference.events.reset_index(drop=True), **SAME)
    for name, table in [("spatiotemporal", reference.spatiotemporal), ("kinematics", reference.kinematics),
                        ("scores", reference.scores), ("compensations", reference.compensations)]:
        pd.testing.assert_frame_equal(_csv(out / f"{name}.csv"), table.reset_index(drop=True), obj=name, **SAME)
    summary = _csv(out / "summary.csv")
    expected = pd.DataFrame([summarize(reference, WALK)])
    pd.testing.assert_frame_equal(summary, expected, **SAME)
    assert summary["gps_overall_deg"][0] == pytest.approx(reference.scores.attrs["gps_overall_deg"], rel=1e-15)


def test_analyze_coordinates_load_as_opensim_mot(analyzed, reference):
    out, _ = analyzed
    mot = gaitchain.read_table(out / "coordinates.mot")
    coordinates = reference.motion.coordinates
    assert mot.attrs["in_degrees"] and list(mot.columns) == list(coordinates.columns)
    np.testing.assert_allclose(mot.index, coordinates.index, atol=1e-9)
    rotational = [c for c in coordinates.columns if reference.motion.rotational[c]]
    np.testing.assert_allclose(mot[rotational], np.degrees(coordinates[rotational]), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(mot["pelvis_tx"], coordinates["pelvis_tx"], rtol=1e-9, atol=1e-12)


def test_analyze_reruns_into_its_own_folder_but_never_into_a_users(analyzed, tmp_path):
    out, _ = analyzed
    check_output_dir(out)  # a folder of our outputs: a rerun may replace them
    # A folder with the user's files (here the trial itself) is refused, and the trial stays as it was.
    trial = tmp_path / "walk.c3d"
    shutil.copy(WALK, trial)
    code, _, stderr = run("analyze", trial, "--out", tmp_path)
    assert code == 2 and "walk.c3d" in stderr and "--out" in stderr
    assert trial.read_bytes() == WALK.read_bytes() and sorted(p.name for p in tmp_path.iterdir()) == ["walk.c3d"]


@pytest.fixture
def quick_report(monkeypatch):
    """The real report takes seconds and is checked once (`analyzed`); elsewhere a stand-in."""
    def to_html(self, path):
        Path(path).write_text("<html>stand-in</html>")
        return Path(path)

    monkeypatch.setattr(gaitchain.Analysis, "to_html", to_html)


def test_analyze_default_folder_is_named_after_the_trial(tmp_path, monkeypatch, quick_report):
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = run("analyze", WALK, "--events", "zeni")
    assert code == 0, stderr
    assert sorted(p.name for p in (tmp_path / "PiG_Motion-FlatFoot-Full-gaitchain").iterdir()) == sorted(OUTPUTS)
    assert "(events: zeni)" in stdout and "no --static" in stdout
    # Run again: the outputs of the first run are replaced.
    code, _, stderr = run("analyze", WALK, "--events", "zeni")
    assert code == 0, stderr


def test_missing_file_exit_2_names_it(tmp_path):
    code, stdout, stderr = run_module("analyze", "no_such_walk.c3d", cwd=tmp_path)
    assert code == 2 and "no_such_walk.c3d" in stderr and "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_unreadable_trial_exit_2_names_it(tmp_path):
    bad = tmp_path / "broken.c3d"
    bad.write_bytes(b"\x02\x50" + b"\x00" * 100)
    code, _, stderr = run("analyze", bad, "--out", tmp_path / "out")
    assert code == 2 and "cannot read the trial" in stderr and "broken.c3d" in stderr
    assert not (tmp_path / "out").exists()
    code, _, stderr = run("analyze", WALK, "--static", bad, "--out", tmp_path / "out")
    assert code == 2 and "static trial" in stderr and "broken.c3d" in stderr


def test_a_trial_without_cycles_exit_1(tmp_path):
    code, _, stderr = run("analyze", STATIC, "--out", tmp_path / "out")
    assert code == 1 and "no gait cycles" in stderr and STATIC.name in stderr
    assert not (tmp_path / "out").exists()


def test_usage_errors_exit_2(tmp_path):
    code, _, stderr = run("analyze", WALK, "--marker-set", "no-such-set", "--out", tmp_path / "o")
    assert code == 2 and "no-such-set" in stderr and "plug-in-gait" in stderr
    with pytest.raises(SystemExit) as e, contextlib.redirect_stderr(io.StringIO()):
        main(["analyze", str(WALK), "--height", "-1"])
    assert e.value.code == 2


@pytest.fixture(scope="module")
def folder(trial_folder):
    return trial_folder


def test_batch_rows_failures_and_exit_3(folder, tmp_path, reference):
    out = tmp_path / "res" / "all.csv"
    code, stdout, stderr = run("batch", folder, "--out", out, "--workers", "1", "--static", STATIC)
    assert code == 3, stderr
    rows, failures = _csv(out), _csv(tmp_path / "res" / "all-failures.csv")
    assert rows["path"].tolist() == [str(folder / "a_walk.c3d"), str(folder / "b" / "walk2.C3D")]
    expected = pd.DataFrame([summarize(reference, folder / "a_walk.c3d")])
    pd.testing.assert_frame_equal(rows.iloc[:1], expected, **SAME)
    assert failures["path"].tolist() == [str(folder / "garbage.c3d"), str(folder / "static.c3d")]
    assert failures["error"].tolist() == ["ParseError", "InvalidArgumentError"]
    assert "no gait cycles" in failures["message"][1]
    assert "4 trials" in stdout and "2 analysed, 2 failed" in stdout
    assert f"{folder / 'static.c3d'}: InvalidArgumentError: " in stdout


def test_batch_on_local_workers_equals_serial(folder, tmp_path):
    pytest.importorskip("distributed")
    # A subprocess: `python -m gaitchain` must start its worker processes cleanly.
    code, stdout, stderr = run_module("batch", folder, "--workers", "2", cwd=tmp_path)
    assert code == 3, stderr
    assert "Traceback" not in stderr
    code, _, stderr = run("batch", folder, "--workers", "1", "--out", tmp_path / "serial.csv")
    assert code == 3, stderr
    # The CSVs written from both runs are identical, byte for byte.
    assert (tmp_path / "gaitchain-batch.csv").read_bytes() == (tmp_path / "serial.csv").read_bytes()
    assert (tmp_path / "gaitchain-batch-failures.csv").read_bytes() == (tmp_path / "serial-failures.csv").read_bytes()


def test_batch_exit_codes(folder, tmp_path):
    # The static trial given with --static is no trial of the batch; the walks all analyse: 0.
    clean = tmp_path / "clean"
    clean.mkdir()
    shutil.copy(WALK, clean / "walk.c3d")
    shutil.copy(STATIC, clean / "static.c3d")
    code, stdout, _ = run("batch", clean, "--static", clean / "static.c3d", "--workers", "1", "--out", tmp_path / "c.csv")
    assert code == 0 and "1 trial under" in stdout and len(_csv(tmp_path / "c-failures.csv")) == 0
    # Nothing analysed: 1.
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.trc").write_text("not a trc")
    code, _, _ = run("batch", tmp_path / "junk", "--workers", "1", "--out", tmp_path / "j.csv")
    assert code == 1
    # No folder, no trials, conflicting options: 2.
    code, _, stderr = run("batch", tmp_path / "missing")
    assert code == 2 and "missing" in stderr
    (tmp_path / "empty").mkdir()
    code, _, stderr = run("batch", tmp_path / "empty")
    assert code == 2 and "no .c3d or .trc" in stderr
    code, _, stderr = run("batch", folder, "--workers", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2 and "--scheduler or --workers" in stderr


def test_demo_writes_the_report_of_the_real_walk(tmp_path):
    # The real report, rendered in Chromium and checked (make demo installs Chromium; so does make test).
    code, stdout, stderr = run("demo", "--duration", "4", "--out", tmp_path / "demo")
    assert code == 0, stderr
    assert (tmp_path / "demo" / "report.html").is_file() and (tmp_path / "demo" / "coordinates.mot").is_file()
    assert str((tmp_path / "demo" / "report.html").resolve()) in stdout
    assert (tmp_path / "demo" / "report.png").stat().st_size > 100_000
    assert "Rendered in headless Chromium" in stdout
