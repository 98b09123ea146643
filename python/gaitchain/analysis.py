"""The whole analysis of one walking trial: `gaitchain.analyze(trial, static=None, **options) -> Analysis`.

trial -> (calibrated) model -> inverse kinematics -> events -> cycles -> spatiotemporal parameters,
symmetry, cycle curves, kinematic parameters, Gait Profile Score and the compensation findings from the
foot to the lumbar spine, each against a cited healthy reference (docs/metrics.md). Every table is a
DataFrame; angles are in degrees in the columns named *_deg, everything else SI.
"""
from __future__ import annotations

import os
import pathlib

import numpy as np
import pandas as pd

from ._core import metrics as _metrics
from ._core.core import InvalidArgumentError
from ._core.model import Model, marker_set_names
from .events import detect_events
from .fit import Motion, calibrate, inverse_kinematics
from .io import read
from .trial import Trial, event_tuples

ANGLE_VARIABLES = tuple(_metrics.angle_variables)
NORMATIVE_GROUPS = tuple(_metrics.normative_groups)


class Analysis:
    """Results of analyze(). Tables (DataFrames): strides (one row per cycle), spatiotemporal (per side
    mean, SD, CV and left-right symmetry), symmetry, kinematics (clinical parameters per side, mean and SD
    over cycles, degrees), curves (mean and SD cycle curves per side with the normative band), scores (GVS
    per variable and side, the Movement Analysis Profile, with GPS), compensations (finding, side, value,
    unit, normal_mean, normal_sd, z, flagged, text, source), cycles and events. Also: motion, model,
    trial, notes, normative (source and group of the curves)."""

    def __init__(self, raw: dict, trial: Trial | None, motion: Motion, events: pd.DataFrame):
        self.trial, self.motion, self.model = trial, motion, motion.model
        self.events = events
        self.notes = list(raw["notes"])
        self.dimensionless_speed = float(raw["dimensionless_speed"])
        normative = raw["normative"]
        self.normative = {k: normative[k] for k in ("source", "group", "population")}
        self.cycles = pd.DataFrame(raw["cycles"], columns=["side", "start", "end", "foot_off", "opposite_foot_off",
                                                           "opposite_foot_strike", "complete"])
        self.strides = pd.DataFrame(raw["strides"])
        self.spatiotemporal = _spatiotemporal(raw["spatiotemporal"])
        self.symmetry = self.spatiotemporal[["parameter", "left_mean", "right_mean", "symmetry_index",
                                             "symmetry_ratio", "gait_asymmetry"]].copy()
        self.kinematics = _kinematics(raw["parameters"])
        self.curves = _curves(raw["curves"], normative)
        self.scores = _scores(raw["scores"])
        self.compensations = pd.DataFrame(raw["findings"], columns=["finding", "side", "value", "unit", "normal_mean",
                                                                     "normal_sd", "z", "flagged", "text", "source"])
        self._raw_curves = raw["curves"]

    @property
    def findings(self) -> pd.DataFrame:
        """The flagged compensations only."""
        return self.compensations[self.compensations["flagged"]].reset_index(drop=True)

    def cycle_curves(self, variable: str, side: str) -> pd.DataFrame:
        """Every cycle's curve of one angle variable and side (deg): rows = cycles (by start time), 101
        columns = % of the cycle."""
        if variable not in ANGLE_VARIABLES:
            raise InvalidArgumentError(f"unknown variable {variable!r}; known: {', '.join(ANGLE_VARIABLES)}")
        if side not in ("left", "right"):
            raise InvalidArgumentError(f"side must be 'left' or 'right', got {side!r}")
        raw = self._raw_curves[side]
        return pd.DataFrame(np.degrees(raw["curves"][variable]), index=pd.Index(raw["starts"], name="start"),
                            columns=range(101))

    def plot(self, kind: str = "overview", **options):
        """A matplotlib Figure (gaitchain.plot): 'overview' (chain map, spatiotemporal bars, key curves),
        'curves' (options: variables=[...]), 'spatiotemporal' or 'chain'. Shows inline in Jupyter."""
        from . import plot as _plot  # matplotlib is imported only when a figure is asked for

        return _plot.plot(self, kind, **options)

    def to_html(self, path) -> pathlib.Path:
        """Writes the self-contained HTML report (findings, tables, figures; docs/report.md) to path and
        returns it. FileError when the folder does not exist."""
        from . import report

        return report.write_html(self, path)

    def _repr_html_(self) -> str:
        from . import report

        return report.analysis_summary_html(self)

    def __repr__(self) -> str:
        n = self.cycles["side"].value_counts()
        flagged = ", ".join(f"{r.finding} ({r.side})" for r in self.findings.itertuples()) or "none"
        return (f"<gaitchain.Analysis {n.get('left', 0)} left and {n.get('right', 0)} right cycles, "
                f"GPS {self.scores.attrs.get('gps_overall_deg', float('nan')):.1f} deg, flagged: {flagged}>")


def _spatiotemporal(rows: list) -> pd.DataFrame:
    out = []
    for r in rows:
        out.append({"parameter": r["parameter"],
                    **{f"{side}_{k}": r[side][k] for side in ("left", "right") for k in ("mean", "sd", "cv_pct", "n")},
                    "symmetry_index": r["symmetry_index"], "symmetry_ratio": r["symmetry_ratio"],
                    "gait_asymmetry": r["gait_asymmetry"]})
    return pd.DataFrame(out)


# Clinical parameters that are ranges, means or angles are shown in degrees; timings stay in %.
def _kinematics(rows: list) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["side", "cycle", "parameter", "value", "percent"])
    if frame.empty:
        return pd.DataFrame(columns=["parameter", "side", "mean_deg", "sd_deg", "percent_mean", "cycles"])
    frame["value_deg"] = np.degrees(frame["value"])
    grouped = frame.groupby(["parameter", "side"], sort=False)
    out = grouped.agg(mean_deg=("value_deg", "mean"), sd_deg=("value_deg", "std"), percent_mean=("percent", "mean"),
                      cycles=("value_deg", "count")).reset_index()
    return out


def _curves(raw: dict, normative: dict) -> pd.DataFrame:
    """Long table: variable, side, percent, mean_deg, sd_deg, normal_mean_deg, normal_sd_deg, cycles."""
    norm_index = {v: i for i, v in enumerate(normative["variables"])}
    percent = np.arange(101)
    parts = []
    for side in ("left", "right"):
        for variable, curves in raw[side]["curves"].items():
            curves = np.asarray(curves)
            whole = curves[np.all(np.isfinite(curves), axis=1)] if curves.size else curves
            if len(whole) == 0:
                continue
            i = norm_index.get(variable)
            parts.append(pd.DataFrame({
                "variable": variable, "side": side, "percent": percent,
                "mean_deg": np.degrees(whole.mean(axis=0)),
                "sd_deg": np.degrees(whole.std(axis=0, ddof=1)) if len(whole) > 1 else np.nan,
                "normal_mean_deg": np.degrees(normative["mean"][i]) if i is not None else np.nan,
                "normal_sd_deg": np.degrees(normative["sd"][i]) if i is not None else np.nan,
                "cycles": len(whole)}))
    columns = ["variable", "side", "percent", "mean_deg", "sd_deg", "normal_mean_deg", "normal_sd_deg", "cycles"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def _scores(raw: dict) -> pd.DataFrame:
    frame = pd.DataFrame({"variable": list(raw["variables"]), "gvs_left_deg": np.degrees(raw["gvs_left"]),
                          "gvs_right_deg": np.degrees(raw["gvs_right"])})
    frame.attrs.update(gps_left_deg=float(np.degrees(raw["gps_left"])), gps_right_deg=float(np.degrees(raw["gps_right"])),
                       gps_overall_deg=float(np.degrees(raw["gps_overall"])), cycles_left=int(raw["cycles_left"]),
                       cycles_right=int(raw["cycles_right"]))
    return frame


# A joint angle whose fitted SD (Motion.uncertainty, median over frames), scaled to a 5 mm marker noise so
# that a poor fit does not count as poor observability, exceeds this is not determined by the markers.
# With Plug-in Gait's two foot markers, both near the foot's long axis, the subtalar roll comes out at
# 11-27 deg (FlatFoot, test_small, the synthetic walker) and drifts to its limits in push-off; every other
# joint angle is under 2.5 deg. analyze() holds such joints at 0, as Plug-in Gait's rigid rearfoot does.
UNDETERMINED_SD_DEG = 10.0
_REFERENCE_NOISE_M = 0.005


def undetermined_joints(motion: Motion) -> list[str]:
    """The joint angles (not the pelvis' free coordinates) whose median SD at a 5 mm marker noise exceeds
    UNDETERMINED_SD_DEG."""
    if not motion.marker_noise_m > 0:
        return []
    sd = np.degrees(motion.uncertainty.median()) * (_REFERENCE_NOISE_M / motion.marker_noise_m)
    return [name for name, value in sd.items()
            if motion.rotational[name] and not name.startswith("pelvis_") and value > UNDETERMINED_SD_DEG]


def guess_marker_set(trial: Trial) -> str:
    """The built-in marker set that names the most of the trial's markers."""
    names = set(trial.marker_names)
    scores = {s: len(names & set(Model.lower_body(marker_set=s).marker_names)) for s in marker_set_names()}
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        raise InvalidArgumentError(f"analyze: no built-in marker set names any marker of {trial.source or 'the trial'}; "
                                   "give model= (a Model) or marker_set= (a marker-set file)")
    return best


def _events_for(trial: Trial | None, motion: Motion, events) -> pd.DataFrame:
    if isinstance(events, pd.DataFrame):
        return events
    if events is None:
        # The lab's own events when they cover both feet; else Zeni 2008 from the markers (docs/events.md).
        if trial is not None and len(trial.events):
            kinds = trial.events.groupby(["side", "kind"]).size()
            if len(kinds) == 4:
                return trial.events
        events = "zeni"
    return detect_events(trial if trial is not None else motion, method=events)


def analyze(trial, static=None, *, model: Model | None = None, marker_set=None, height_m: float = 1.75,
            events=None, normative_group: str | None = None, treadmill_speed_m_s: float | None = None,
            motion: Motion | None = None) -> Analysis:
    """Analyses one walking trial (a Trial or a path).

    static: a standing trial (Trial or path) to calibrate the model to the subject; without it the
    template of height_m is fitted as it is. model: a Model to use instead (e.g. calibrated already).
    marker_set: a built-in name or a marker-set file; default: the built-in set naming most markers.
    events: None (the trial's stored events if they cover both feet, else 'zeni'), a detector name
    (detect_events) or an events DataFrame (time, side, kind).
    normative_group: Schwartz 2008 speed group (NORMATIVE_GROUPS); default: nearest to the walk's
    dimensionless speed. treadmill_speed_m_s: belt speed for treadmill stride lengths (default: estimated).
    motion: an already fitted Motion of this trial (skips inverse kinematics).

    Joint angles the markers do not determine (median fitted SD at 5 mm marker noise over
    UNDETERMINED_SD_DEG, e.g. the subtalar roll with Plug-in Gait's two foot markers) are held at 0 and
    the trial refitted; `notes` say which, and their angles and findings are NaN.
    """
    if isinstance(trial, (str, os.PathLike)):
        trial = read(trial)
    if not isinstance(trial, Trial):
        raise InvalidArgumentError(f"analyze: expected a gaitchain.Trial or a path, got {type(trial).__name__}")
    if normative_group is not None and normative_group not in NORMATIVE_GROUPS:
        raise InvalidArgumentError(f"analyze: normative_group must be one of {', '.join(NORMATIVE_GROUPS)}, got {normative_group!r}")
    held = []
    if motion is None:
        if model is None:
            chosen = os.fspath(marker_set) if marker_set is not None else guess_marker_set(trial)
            model = Model.lower_body(marker_set=chosen, height_m=float(height_m))
        if static is not None:
            model = calibrate(model, read(static) if isinstance(static, (str, os.PathLike)) else static)
        motion = inverse_kinematics(model, trial)
        held = undetermined_joints(motion)
        if held:
            motion = inverse_kinematics(model, trial, locked={name: 0.0 for name in held})
    elif motion.model is None:
        raise InvalidArgumentError("analyze: motion has no model; fit it with gaitchain.inverse_kinematics")
    table = _events_for(trial, motion, events)
    raw = _metrics.analyze(motion.model, motion._core, event_tuples(table), normative_group=normative_group or "",
                           treadmill_speed_m_s=np.nan if treadmill_speed_m_s is None else float(treadmill_speed_m_s))
    analysis = Analysis(raw, trial, motion, table)
    if held:
        analysis.notes.append(f"{', '.join(held)}: not determined by the markers (median SD over "
                              f"{UNDETERMINED_SD_DEG:g} deg at 5 mm marker noise), held at 0 in the fit and not reported")
    return analysis
