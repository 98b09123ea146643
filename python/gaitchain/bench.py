"""Scoring gait-event detectors against a truth: force-plate contacts, the events stored in the files, or any
other detector. Matching and statistics are the C++ core's (events/compare.hpp), so C++ and Python
benches agree.

    gaitchain.bench.compare_event_detectors(["a.c3d", "b.c3d"], ["zeni", "oconnor", my_fn], truth="force_plate")
"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ._core import events as _events
from ._core.core import InvalidArgumentError
from .events import _run, gait_signals
from .io import read
from .trial import Trial, event_tuples

SCORE_COLUMNS = ["matched", "missed", "extra", "f1", "bias_ms", "mae_ms", "sd_ms", "within_1_frame", "within_2_frames"]


def _trials(trials):
    """(name, Trial, mapping) for each entry: a path, a Trial, or a (path or Trial, mapping) pair."""
    if isinstance(trials, (str, os.PathLike, Trial)):
        trials = [trials]
    for entry in trials:
        mapping = None
        if isinstance(entry, tuple):
            if len(entry) != 2:
                raise InvalidArgumentError("a trial entry must be a path, a Trial, or a (trial, mapping) pair")
            entry, mapping = entry
        trial = read(entry) if isinstance(entry, (str, os.PathLike)) else entry
        if not isinstance(trial, Trial):
            raise InvalidArgumentError(f"expected a path or a gaitchain.Trial, got {type(trial).__name__}")
        name = os.path.basename(trial.source) if trial.source else f"trial {id(trial):x}"
        yield name, trial, mapping


def _detectors(detectors) -> list[tuple[str, object]]:
    if isinstance(detectors, str) or callable(detectors):
        detectors = [detectors]
    out = []
    for d in detectors:
        name = d if isinstance(d, str) else getattr(d, "__name__", "callable")
        out.append((name, d))
    return out


def _truth(signals, trial: Trial, truth, tolerance_s: float) -> dict:
    """The truth detection (events, coverage, notes) of one trial."""
    if isinstance(truth, str) and truth == "stored":
        events = event_tuples(trial.events)
        if not events:
            return {"events": [], "coverage": [], "notes": ["the trial stores no events"], "empty": True}
        # Stored events cover the span they were marked over (plus the tolerance), for each foot.
        begin, end = min(e[0] for e in events) - tolerance_s, max(e[0] for e in events) + tolerance_s
        return {"events": events, "coverage": [(side, begin, end) for side in ("left", "right")], "notes": []}
    result = _run(signals, truth, {})
    return {"events": list(result["events"]), "coverage": list(result["coverage"]), "notes": list(result["notes"]),
            "empty": not result["events"]}


def _comparisons(trials, detectors, truth, tolerance_s, mapping):
    """Yields (trial name, detector name, EventComparison or None, error message)."""
    if not (tolerance_s > 0):
        raise InvalidArgumentError("tolerance_s must be positive")
    for name, trial, trial_mapping in _trials(trials):
        try:
            signals = gait_signals(trial, mapping={**(mapping or {}), **(trial_mapping or {})})
            reference = _truth(signals, trial, truth, tolerance_s)
        except InvalidArgumentError as e:  # the truth cannot be found on this trial (a missing role)
            yield name, None, None, f"no truth: {e}"
            continue
        if reference.get("empty"):
            yield name, None, None, "; ".join(reference["notes"]) or "no truth events"
            continue
        for detector_name, detector in _detectors(detectors):
            try:
                detected = _run(signals, detector, {})
            except InvalidArgumentError as e:  # a detector that cannot run on this trial (a missing role)
                yield name, detector_name, None, str(e)
                continue
            comparison = _events.compare_events(detected["events"], reference["events"], reference["coverage"],
                                                1.0 / trial.rate, tolerance_s)
            yield name, detector_name, comparison, ""


def _score_rows(grouped: dict) -> list[dict]:
    """One row per group (a tuple of (column, value) items) and event kind."""
    rows = []
    for key, comparisons in grouped.items():
        for kind in ("foot_strike", "foot_off"):
            s = _events.summarize(comparisons, kind)
            rows.append({**dict(key), "kind": kind, "matched": s["matched"], "missed": s["missed"], "extra": s["extra"],
                         "f1": s["f1"], "bias_ms": s["bias"] * 1000, "mae_ms": s["mae"] * 1000, "sd_ms": s["sd"] * 1000,
                         "within_1_frame": s["within_1"], "within_2_frames": s["within_2"]})
    return rows


def compare_event_detectors(trials, detectors, truth="force_plate", *, tolerance_s: float = 0.1,
                            mapping: dict | None = None, per_trial: bool = False) -> pd.DataFrame:
    """Scores event detectors against a truth, per detector and event kind.

    trials: paths or Trials (or (trial, mapping) pairs for trials whose markers need naming).
    detectors: names ('zeni', 'oconnor', 'ghoussayni', 'desailly', registered names) or callables.
    truth: 'force_plate' (plate contacts assigned to feet), 'stored' (the trial's events), or any detector.
    Only detected events inside the truth's coverage are scored (a plate sees a few steps; the others are
    neither matched nor extra). Events are matched one to one per foot and kind, nearest first, within
    tolerance_s.

    Returns a DataFrame with columns detector, kind (and trial if per_trial), matched, missed, extra, f1,
    bias_ms (mean detected - truth: positive is late), mae_ms, sd_ms, within_1_frame and within_2_frames
    (fractions of matched events, frames of each trial's own rate). attrs['skipped'] lists the trials or
    detectors that could not be scored, with the reason.
    """
    grouped: dict = {}
    skipped = []
    for name, detector_name, comparison, why in _comparisons(trials, detectors, truth, tolerance_s, mapping):
        if comparison is None:
            skipped.append({"trial": name, "detector": detector_name, "reason": why})
            continue
        key = {"detector": detector_name, **({"trial": name} if per_trial else {})}
        grouped.setdefault(tuple(key.items()), []).append(comparison)
    rows = _score_rows(grouped)
    index = ["detector"] + (["trial"] if per_trial else []) + ["kind"]
    frame = pd.DataFrame(rows, columns=index + SCORE_COLUMNS)
    frame.attrs["skipped"] = skipped
    return frame


def event_errors(trials, detectors, truth="force_plate", *, tolerance_s: float = 0.1,
                 mapping: dict | None = None) -> pd.DataFrame:
    """Every scored event, one row each: trial, detector, side, kind, status ('matched', 'missed' or 'extra'),
    truth_time, detected_time (s) and error_ms (detected - truth) for matched events."""
    rows = []
    for name, detector_name, comparison, _ in _comparisons(trials, detectors, truth, tolerance_s, mapping):
        if comparison is None:
            continue
        base = {"trial": name, "detector": detector_name}
        for t, side, kind, detected in comparison.matched:
            rows.append({**base, "side": side, "kind": kind, "status": "matched", "truth_time": t,
                         "detected_time": detected, "error_ms": (detected - t) * 1000})
        for t, side, kind in comparison.missed:
            rows.append({**base, "side": side, "kind": kind, "status": "missed", "truth_time": t,
                         "detected_time": np.nan, "error_ms": np.nan})
        for t, side, kind in comparison.extra:
            rows.append({**base, "side": side, "kind": kind, "status": "extra", "truth_time": np.nan,
                         "detected_time": t, "error_ms": np.nan})
    return pd.DataFrame(rows, columns=["trial", "detector", "side", "kind", "status", "truth_time", "detected_time",
                                       "error_ms"])
