"""Batch analysis: serial against Dask on 2 local workers, and the batch over ../shared/data (docs/batch.md).

    python benchmarks/batch_speedup.py [DATA] [--copies 16] [--rounds 3]

1. Copies the bundled walk (PiG_Motion-FlatFoot-Full.c3d, calibrated on its static trial) `--copies`
   times into a temporary folder and times, in the same run and alternating, `analyze_many(..., "serial")`
   and `analyze_many(..., client)` on a LocalCluster of 2 worker processes with 1 thread each; best of
   `--rounds`. The cluster is started (and its workers warmed up with one trial each) before the clock
   runs; its start and a one-shot `analyze_many(paths)` that starts its own cluster are printed apart.
   The two results must be equal exactly.
2. Runs the batch over every .c3d/.trc under DATA (default ../shared/data beside the repository), without
   a static trial, and prints the rows and the failures with their reasons.
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd

import gaitchain
from gaitchain.batch import analyze_many, find_trials

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = Path(gaitchain.__file__).resolve().parent / "data"
WALK, STATIC = SAMPLE / "PiG_Motion-FlatFoot-Full.c3d", SAMPLE / "PiG_Calibration-FlatFoot-Full.c3d"


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def speedup(copies: int, rounds: int) -> None:
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"walk{i:03d}.c3d" for i in range(copies)]
        for p in paths:
            shutil.copy(WALK, p)
        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               scheduler_kwargs={"dashboard_address": ":0"}, silence_logs=logging.ERROR)
        client = Client(cluster)
        start = time.perf_counter() - t0
        try:
            analyze_many(paths[:2], client, static=STATIC, progress=False)  # imports and first calls on each worker
            serial_times, dask_times = [], []
            for _ in range(rounds):
                t, serial = timed(lambda: analyze_many(paths, "serial", static=STATIC, progress=False))
                serial_times.append(t)
                t, parallel = timed(lambda: analyze_many(paths, client, static=STATIC, progress=False))
                dask_times.append(t)
                pd.testing.assert_frame_equal(parallel.trials, serial.trials, check_exact=True)
        finally:
            client.close()
            cluster.close()
        one_shot, _ = timed(lambda: analyze_many(paths, static=STATIC, workers=2, progress=False))
    s, d = min(serial_times), min(dask_times)
    print(f"{copies} copies of {WALK.name} (static {STATIC.name}), best of {rounds}, load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs:")
    print(f"  serial                      {s:6.2f} s  ({1000 * s / copies:.0f} ms/trial)")
    print(f"  Dask, 2 workers x 1 thread  {d:6.2f} s  speed-up {s / d:.2f}x (results equal exactly)")
    print(f"  cluster start {start:.1f} s; analyze_many(paths, workers=2) with its own cluster: {one_shot:.2f} s "
          f"({s / one_shot:.2f}x)")


def whole_folder(data: Path) -> None:
    trials = find_trials(data)
    t, result = timed(lambda: analyze_many(trials, workers=2, progress=False))
    print(f"\nBatch over {data}: {len(trials)} trials in {t:.1f} s (2 workers, no static trial): "
          f"{len(result.trials)} rows, {len(result.failures)} failures")
    print("cycles L/R  events  speed m/s  GPS deg  flagged  trial")
    for r in result.trials.itertuples():
        print(f"{r.cycles_left:6d}/{r.cycles_right:<3d} {r.event_source:>7s} {r.speed_m_s:10.2f} {r.gps_overall_deg:8.1f} "
              f"{r.flagged_count:8d}  {os.path.relpath(r.path, data)}")
    print("\nFailures:")
    for r in result.failures.itertuples():
        reason = r.message.replace(str(data) + os.sep, "")
        print(f"  {os.path.relpath(r.path, data)}: {r.error}: {reason[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=ROOT.parent / "shared" / "data", type=Path)
    parser.add_argument("--copies", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    speedup(args.copies, args.rounds)
    whole_folder(args.data)


if __name__ == "__main__":
    main()
