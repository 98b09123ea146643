"""Many trials at once: `analyze_many(paths, client=None) -> BatchResult`, one summary row per trial.

Each trial runs `gaitchain.analyze` where `client` says (in this process, on a local Dask cluster, or on
a Dask scheduler) and sends back only its summary row (`summarize`), plain Python data: an Analysis holds
compiled objects that do not travel between processes, and a row is under 2 kB. A trial that
fails (unreadable file, no marker set, a static trial without gait cycles, ...) becomes a row of
`failures` and the batch goes on. Rows come in the order of `paths`, whichever worker finishes first, so
a Dask run equals a serial one exactly. Dask is optional: `pip install gaitchain[batch]`. See docs/batch.md.
"""
from __future__ import annotations

import contextlib
import logging
import os
import pathlib
from typing import Callable, NamedTuple

import pandas as pd

from ._core.core import InvalidArgumentError

TRIAL_SUFFIXES = (".c3d", ".trc")
SUMMARY_COLUMNS = [
    "path", "frames", "rate_hz", "event_source", "cycles_left", "cycles_right", "speed_m_s", "cadence_steps_min",
    "stride_length_left_m", "stride_length_right_m", "step_length_left_m", "step_length_right_m", "step_width_m",
    "stance_left_pct", "stance_right_pct", "double_support_pct", "gps_overall_deg", "gps_left_deg", "gps_right_deg",
    "flagged_count", "flagged", "notes",
]  # then z_<finding>_<side> for every compensation row
FAILURE_COLUMNS = ["path", "error", "message"]


class BatchResult(NamedTuple):
    """trials: one row per analysed trial (SUMMARY_COLUMNS, then z_<finding>_<side>); failures: path,
    error (exception type) and message of every trial that did not analyse. Both in input order."""
    trials: pd.DataFrame
    failures: pd.DataFrame


def find_trials(folder: str | os.PathLike) -> list[pathlib.Path]:
    """Every .c3d and .trc file (any case) under `folder`, recursively, sorted by path."""
    root = pathlib.Path(folder)
    if not root.is_dir():
        raise FileNotFoundError(f"find_trials: no such folder: {root}")
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in TRIAL_SUFFIXES and p.is_file())


def _event_source(analysis, events) -> str:
    # analyze() hands the trial's own events table through unchanged when it uses them.
    if events is None:
        stored = analysis.trial is not None and analysis.events is analysis.trial.events
        return "stored" if stored else "zeni"
    if isinstance(events, pd.DataFrame):
        return "table"
    return events if isinstance(events, str) else getattr(events, "__name__", "callable")


def summarize(analysis, path, *, events=None) -> dict:
    """The batch row of one Analysis: plain Python values keyed as SUMMARY_COLUMNS, then z_<finding>_<side>
    of every compensation. Per-side columns are the side means of `analysis.spatiotemporal`; speed,
    cadence, step width and double support are means over all strides of both feet. `events` is what was
    given to analyze (None, a detector name or a table), to name the event source.
    Raises InvalidArgumentError when the analysis has no gait cycle (a static or standing trial, or
    events that never make a stride): there is nothing to summarise."""
    cycles = analysis.cycles["side"].value_counts()
    if len(analysis.cycles) == 0:
        raise InvalidArgumentError(
            f"{path}: no gait cycles ({len(analysis.events)} events): a static or standing trial, or a walk "
            "shorter than one stride")
    st = analysis.spatiotemporal.set_index("parameter")
    strides = analysis.strides
    gps = analysis.scores.attrs
    flagged = analysis.findings
    row = {
        "path": os.fspath(path),
        "frames": int(analysis.motion.frame_count),
        "rate_hz": float(analysis.motion.rate),
        "event_source": _event_source(analysis, events),
        "cycles_left": int(cycles.get("left", 0)),
        "cycles_right": int(cycles.get("right", 0)),
        "speed_m_s": float(strides["speed_m_s"].mean()),
        "cadence_steps_min": float(strides["cadence_steps_min"].mean()),
        "stride_length_left_m": float(st.loc["stride_length_m", "left_mean"]),
        "stride_length_right_m": float(st.loc["stride_length_m", "right_mean"]),
        "step_length_left_m": float(st.loc["step_length_m", "left_mean"]),
        "step_length_right_m": float(st.loc["step_length_m", "right_mean"]),
        "step_width_m": float(strides["step_width_m"].mean()),
        "stance_left_pct": float(st.loc["stance_pct", "left_mean"]),
        "stance_right_pct": float(st.loc["stance_pct", "right_mean"]),
        "double_support_pct": float(strides["double_support_pct"].mean()),
        "gps_overall_deg": float(gps["gps_overall_deg"]),
        "gps_left_deg": float(gps["gps_left_deg"]),
        "gps_right_deg": float(gps["gps_right_deg"]),
        "flagged_count": len(flagged),
        "flagged": "; ".join(f"{r.finding} ({r.side})" for r in flagged.itertuples()),
        # Why a value is NaN (marker gaps, undetermined joints, cycles without foot off, ...).
        "notes": "; ".join(analysis.notes),
    }
    for r in analysis.compensations.itertuples():
        row[f"z_{r.finding}_{r.side}"] = float(r.z)
    return row


def _run_one(path: str, static, options: dict) -> tuple[bool, dict]:
    """One trial, on whichever process runs it: (True, summary row) or (False, failure row)."""
    from .analysis import analyze

    try:
        return True, summarize(analyze(path, static=static, **options), path, events=options.get("events"))
    except Exception as e:  # any failure of one trial is that trial's row, never the batch's end
        return False, {"path": path, "error": type(e).__name__, "message": str(e)}


def _distributed():
    try:
        import distributed
    except ImportError as e:
        raise ImportError("gaitchain.batch: running on Dask needs dask.distributed: pip install gaitchain[batch] "
                          "(or pass client='serial')") from e
    return distributed


def analyze_many(paths, client=None, *, static=None, workers: int | None = None, progress: bool = True,
                 **analyze_options) -> BatchResult:
    """Runs `gaitchain.analyze(path, static=..., **analyze_options)` on every path; returns BatchResult.

    client: where the trials run.
      - None: a Dask LocalCluster of `workers` processes (default: the CPU count, at most one per trial),
        one thread each, started and closed here (a few seconds). Processes, not threads: parts of
        analyze hold the GIL, and a worker that crashes in compiled code fails only its trial (the
        nanny restarts it). Fewer than two workers, or a single trial, run in this process.
      - "serial": in this process, one after the other (no Dask needed).
      - a dask.distributed Client, or a scheduler address ("tcp://host:8786"): there. The workers need
        gaitchain installed.
    workers: local processes when client is None. static: a standing trial for every path (one
    subject), or a function path -> static path or None (called here, before anything is sent).
    progress: a tqdm bar on stderr, updated as trials finish.
    The results do not depend on where or in which order the trials ran.
    """
    from tqdm.auto import tqdm

    paths = [os.fspath(p) for p in paths]
    statics = [static(p) if callable(static) else static for p in paths]
    statics = [None if s is None else os.fspath(s) for s in statics]
    n_workers = min(workers or os.cpu_count() or 1, len(paths))
    if client is None and n_workers < 2:
        client = "serial"
    outcomes: list = [None] * len(paths)
    with contextlib.ExitStack() as stack:
        if client != "serial":
            distributed = _distributed()
            if client is None:
                # No dashboard, the scheduler's HTTP server on a free port (8787 may be another cluster's),
                # no log chatter on stderr: a worker that dies shows up as its trial's failure (KilledWorker).
                cluster = stack.enter_context(distributed.LocalCluster(
                    n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None,
                    scheduler_kwargs={"dashboard_address": ":0"}, silence_logs=logging.CRITICAL))
                client = stack.enter_context(distributed.Client(cluster))
            elif isinstance(client, str):
                client = stack.enter_context(distributed.Client(client))
        bar = stack.enter_context(tqdm(total=len(paths), unit="trial", disable=not progress, desc="gaitchain"))

        def done(i: int, outcome: tuple[bool, dict]) -> None:
            outcomes[i] = outcome
            bar.update(1)
            if not outcome[0]:
                bar.set_postfix(failed=sum(1 for o in outcomes if o is not None and not o[0]))

        if client == "serial":
            for i, (path, s) in enumerate(zip(paths, statics)):
                done(i, _run_one(path, s, analyze_options))
        else:
            _on_dask(client, paths, statics, analyze_options, done, distributed)
    rows = [row for ok, row in outcomes if ok]
    failures = [row for ok, row in outcomes if not ok]
    trials = pd.DataFrame(rows) if rows else pd.DataFrame(columns=SUMMARY_COLUMNS)
    return BatchResult(trials, pd.DataFrame(failures, columns=FAILURE_COLUMNS))


def _on_dask(client, paths, statics, options, done: Callable, distributed) -> None:
    # pure=False: two copies of one path are two trials, not one shared result.
    futures = {client.submit(_run_one, p, s, options, pure=False): i for i, (p, s) in enumerate(zip(paths, statics))}
    for future in distributed.as_completed(futures):
        i = futures[future]
        try:
            outcome = future.result()
        except Exception as e:  # the worker died on this trial (KilledWorker) or the result did not arrive
            outcome = (False, {"path": paths[i], "error": type(e).__name__, "message": str(e)})
        done(i, outcome)
        future.release()
