"""gaitchain.batch: many trials, serially or on Dask, with identical results and failures listed."""
import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gaitchain
from gaitchain import batch

DATA = Path(gaitchain.__file__).resolve().parent / "data"
WALK = DATA / "PiG_Motion-FlatFoot-Full.c3d"
STATIC = DATA / "PiG_Calibration-FlatFoot-Full.c3d"


@pytest.fixture(scope="module")
def folder(trial_folder):
    return trial_folder


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": ":0"}, silence_logs=logging.ERROR) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def reference():
    return gaitchain.analyze(WALK, static=STATIC)


def test_find_trials_is_recursive_case_insensitive_and_sorted(folder):
    assert batch.find_trials(folder) == [folder / "a_walk.c3d", folder / "b" / "walk2.C3D", folder / "garbage.c3d",
                                         folder / "static.c3d"]
    with pytest.raises(FileNotFoundError, match="nowhere"):
        batch.find_trials(folder / "nowhere")


def test_summarize_reads_the_analysis(reference):
    row = batch.summarize(reference, WALK)
    assert list(row)[:len(batch.SUMMARY_COLUMNS)] == batch.SUMMARY_COLUMNS
    # The file's 12 stored events: right strikes at 1.53, 2.54, 3.57, 4.59 s, left at 2.02, 3.05, 4.05 s.
    assert (row["frames"], row["rate_hz"], row["event_source"]) == (315, 100.0, "stored")
    assert (row["cycles_left"], row["cycles_right"]) == (2, 3)
    st = reference.spatiotemporal.set_index("parameter")
    assert row["stride_length_left_m"] == st.loc["stride_length_m", "left_mean"]
    assert row["step_length_right_m"] == st.loc["step_length_m", "right_mean"]
    assert row["stance_left_pct"] == st.loc["stance_pct", "left_mean"]
    # Pooled over the 5 strides of both feet, between the two side means.
    assert row["speed_m_s"] == pytest.approx(reference.strides["speed_m_s"].mean(), rel=1e-15)
    assert 1.1 < row["speed_m_s"] < 1.25
    assert row["cadence_steps_min"] == pytest.approx(117.89, abs=0.01)
    assert row["gps_overall_deg"] == reference.scores.attrs["gps_overall_deg"]
    flagged = reference.findings
    assert row["flagged_count"] == len(flagged) > 0
    assert row["flagged"].split("; ") == [f"{r.finding} ({r.side})" for r in flagged.itertuples()]
    for r in reference.compensations.itertuples():
        key = f"z_{r.finding}_{r.side}"
        assert row[key] == r.z or (np.isnan(row[key]) and np.isnan(r.z)), key
    assert "z_trunk_forward_lean_both" in row and "z_pelvic_drop_right" in row
    # Every value is plain Python: it travels between processes and into CSV unchanged.
    assert all(type(v) in (int, float, str) for v in row.values())


def test_summarize_names_the_event_source():
    a = gaitchain.analyze(WALK, static=STATIC, events="zeni")
    assert batch.summarize(a, WALK, events="zeni")["event_source"] == "zeni"


def test_a_static_trial_has_nothing_to_summarise():
    a = gaitchain.analyze(STATIC)
    with pytest.raises(gaitchain.InvalidArgumentError, match="no gait cycles.*static"):
        batch.summarize(a, STATIC)


def _input(folder):
    # Slow trial first, instant failures after it: on two workers they finish out of input order.
    return [folder / "a_walk.c3d", folder / "garbage.c3d", folder / "static.c3d", folder / "b" / "walk2.C3D"]


def test_serial_run_lists_rows_and_failures_in_input_order(folder, reference):
    result = batch.analyze_many(_input(folder), "serial", static=STATIC, progress=False)
    assert result.trials["path"].tolist() == [str(folder / "a_walk.c3d"), str(folder / "b" / "walk2.C3D")]
    # Each row is the one summarize() gives for analyze() of that file.
    expected = pd.DataFrame([batch.summarize(reference, folder / "a_walk.c3d")])
    pd.testing.assert_frame_equal(result.trials.iloc[:1], expected)
    assert result.trials.drop(columns="path").iloc[0].equals(result.trials.drop(columns="path").iloc[1])
    f = result.failures
    assert f.columns.tolist() == ["path", "error", "message"]
    assert f["path"].tolist() == [str(folder / "garbage.c3d"), str(folder / "static.c3d")]
    assert f["error"].tolist() == ["ParseError", "InvalidArgumentError"]
    assert "garbage.c3d" in f["message"][0] and "C3D header" in f["message"][0]
    assert "no gait cycles" in f["message"][1]


def test_dask_equals_serial_exactly(folder, client):
    paths = _input(folder)
    serial = batch.analyze_many(paths, "serial", static=STATIC, progress=False)
    on_dask = batch.analyze_many(paths, client, static=STATIC, progress=False)
    pd.testing.assert_frame_equal(on_dask.trials, serial.trials, check_exact=True)
    pd.testing.assert_frame_equal(on_dask.failures, serial.failures, check_exact=True)
    by_address = batch.analyze_many(paths, client.scheduler.address, static=STATIC, progress=False)
    pd.testing.assert_frame_equal(by_address.trials, serial.trials, check_exact=True)


def test_default_is_a_local_cluster_equal_to_serial(folder):
    pytest.importorskip("distributed")
    paths = [folder / "a_walk.c3d", folder / "garbage.c3d", folder / "b" / "walk2.C3D"]
    local = batch.analyze_many(paths, workers=2, progress=False)
    serial = batch.analyze_many(paths, "serial", progress=False)
    pd.testing.assert_frame_equal(local.trials, serial.trials, check_exact=True)
    pd.testing.assert_frame_equal(local.failures, serial.failures, check_exact=True)
    # Uncalibrated here: the template's PiG fit differs from the calibrated one.
    assert len(local.trials) == 2 and local.failures["error"].tolist() == ["ParseError"]


def test_static_per_trial_and_options_reach_analyze(folder):
    paths = [folder / "a_walk.c3d", folder / "b" / "walk2.C3D"]
    result = batch.analyze_many(paths, "serial", static=lambda p: STATIC if "a_walk" in str(p) else None,
                                events="zeni", progress=False)
    calibrated = batch.summarize(gaitchain.analyze(paths[0], static=STATIC, events="zeni"), paths[0], events="zeni")
    plain = batch.summarize(gaitchain.analyze(paths[1], events="zeni"), paths[1], events="zeni")
    pd.testing.assert_frame_equal(result.trials, pd.DataFrame([calibrated, plain]))
    assert result.trials["event_source"].tolist() == ["zeni", "zeni"]
    assert calibrated["gps_overall_deg"] != plain["gps_overall_deg"]


def test_nothing_to_do_gives_empty_tables():
    result = batch.analyze_many([], progress=False)
    assert result.trials.empty and result.trials.columns.tolist() == batch.SUMMARY_COLUMNS
    assert result.failures.empty


def test_without_dask_a_clear_import_error(folder, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    with pytest.raises(ImportError, match=r"pip install gaitchain\[batch\]"):
        batch.analyze_many([folder / "a_walk.c3d", folder / "b" / "walk2.C3D"], workers=2, progress=False)
    # The serial path needs no Dask.
    assert len(batch.analyze_many([folder / "garbage.c3d"], "serial", progress=False).failures) == 1


def test_importing_gaitchain_does_not_import_dask():
    code = "import sys, gaitchain, gaitchain.batch; print(any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
