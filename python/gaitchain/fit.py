"""Fitting the chain to a trial: subject calibration on a static trial and inverse kinematics, whose result
is a Motion (joint coordinates per frame with residuals and uncertainty). See docs/fit.md."""
from __future__ import annotations

import os
from functools import cached_property

import numpy as np
import pandas as pd

from ._core import fit as _fit
from ._core.core import InvalidArgumentError
from ._core.model import Model
from .io import trial_data
from .trial import Trial, events_frame

LOSSES = ("none", "huber", "cauchy")


class Motion:
    """Joint coordinates fitted to a trial, one row per frame, indexed by time (s, capture clock):

    - `coordinates`: DataFrame, one column per model coordinate (OpenSim names), rad and m; NaN where a
      frame or a coordinate could not be determined (see `flags`).
    - `uncertainty`: DataFrame of the same shape, standard deviations (rad, m); 0 for locked coordinates.
    - `marker_error`: DataFrame, frames x the model markers found in the trial: distance (m) between each
      observed marker and its model position; NaN where missing.
    - `marker_rms`: Series, per frame RMS of marker_error (m).
    - `flags`: Series of str, '' where the frame was fitted completely, else why not.
    - `marker_noise_m` (the sigma behind the uncertainty), `rate` (Hz), `first_frame`, `events` (as
      Trial.events, copied from the trial), `rotational` (coordinate name -> True for rad, False for m).
    - `model` (the Model it was fitted with) and `force_plates` (the trial's), so gait events can be
      detected from the motion: `gaitchain.detect_events(motion)`.
    """

    def __init__(self, core: _fit.Motion, model: Model | None = None, force_plates=()):
        self._core = core
        self.model = model
        self.force_plates = list(force_plates)
        names = list(core.coordinate_names)
        self.marker_noise_m = float(core.marker_noise_m)
        self.rate = float(core.rate)
        self.first_frame = int(core.first_frame)
        self.events = events_frame(core.events)
        self.rotational = dict(zip(names, core.rotational))

    # The tables are built on first use: a batch that reads two of them pays for two.
    @cached_property
    def _time(self) -> pd.Index:
        return pd.Index(self._core.time, name="time")

    @cached_property
    def coordinates(self) -> pd.DataFrame:
        return pd.DataFrame(self._core.coordinates, index=self._time, columns=list(self._core.coordinate_names))

    @cached_property
    def uncertainty(self) -> pd.DataFrame:
        return pd.DataFrame(self._core.uncertainty, index=self._time, columns=list(self._core.coordinate_names))

    @cached_property
    def marker_error(self) -> pd.DataFrame:
        return pd.DataFrame(self._core.marker_error, index=self._time, columns=list(self._core.marker_names))

    @cached_property
    def marker_rms(self) -> pd.Series:
        return pd.Series(self._core.marker_rms, index=self._time, name="marker_rms")

    @cached_property
    def flags(self) -> pd.Series:
        return pd.Series(list(self._core.flags), index=self._time, name="flags", dtype=object)

    @property
    def frame_count(self) -> int:
        return len(self._core.time)

    @property
    def time(self) -> np.ndarray:
        """Frame times on the capture clock, s (the index of every table)."""
        return self.coordinates.index.to_numpy()

    def degrees(self, uncertainty: bool = False) -> pd.DataFrame:
        """`coordinates` (or `uncertainty` if asked) for reading: rotations in degrees with columns suffixed
        `_deg` (hip_flexion_r_deg), translations unchanged in metres."""
        frame = self.uncertainty if uncertainty else self.coordinates
        out = frame.copy()
        rotational = [c for c in out.columns if self.rotational.get(c, False)]
        out[rotational] = np.degrees(out[rotational])
        return out.rename(columns={c: f"{c}_deg" for c in rotational})

    def to_mot(self, path: str | os.PathLike, convention: str = "gaitchain") -> None:
        """Writes the fitted coordinates as an OpenSim .mot (rotations in degrees, translations in m, NaN kept).
        convention 'gaitchain' keeps our names and signs; 'gait2354' and 'rajagopal' convert signs and the
        pelvis translation axes so the file loads onto those OpenSim models (table in docs/fit.md). The file
        holds the result of the fit, not later edits of the `coordinates` DataFrame."""
        _fit.write_motion(os.fspath(path), self._core, str(convention))

    def __repr__(self) -> str:
        flagged = int((self.flags != "").sum())
        rms = np.nanmedian(self.marker_rms) if np.isfinite(self.marker_rms).any() else float("nan")
        return (f"<gaitchain.Motion: {self.frame_count} frames at {self.rate:g} Hz, {self.coordinates.shape[1]} coordinates, "
                f"median marker RMS {rms * 1000:.1f} mm, {flagged} flagged frames>")


def _weights(weights, confidence, trial: Trial):
    """The (frames, trial markers) weight array from an ndarray or a DataFrame with marker-name columns."""
    if weights is not None and confidence is not None:
        raise InvalidArgumentError("inverse_kinematics: give weights or confidence, not both")
    w = confidence if weights is None else weights
    if w is None:
        return None
    if isinstance(w, pd.DataFrame):
        unknown = [str(c) for c in w.columns if c not in trial.marker_names]
        if unknown:
            raise InvalidArgumentError(f"inverse_kinematics: weight columns {unknown} are not markers of the trial")
        if len(w) != trial.frame_count:
            raise InvalidArgumentError(
                f"inverse_kinematics: weights has {len(w)} rows but the trial has {trial.frame_count} frames")
        out = np.ones((trial.frame_count, len(trial.marker_names)))
        for column in w.columns:
            out[:, trial.marker_names.index(column)] = w[column].to_numpy(dtype=float)
        return out
    out = np.asarray(w, dtype=float)
    if out.shape != (trial.frame_count, len(trial.marker_names)):
        raise InvalidArgumentError(
            f"inverse_kinematics: weights must have shape (frames, trial markers) = "
            f"{(trial.frame_count, len(trial.marker_names))}, got {out.shape}")
    return np.ascontiguousarray(out)


def inverse_kinematics(model: Model, trial: Trial, *, loss: str = "none", loss_scale_m: float = 0.02,
                       joint_limits: bool = True, locked: dict | None = None, weights=None, confidence=None,
                       smoothing: float = 0.0, marker_noise_m: float = 0.0, threads: int = 1,
                       max_iterations: int = 100) -> Motion:
    """Fits `model` to every frame of `trial` (markers matched by name) and returns the Motion.

    loss: 'none', 'huber' or 'cauchy', a robust loss on each marker's distance beyond loss_scale_m (m).
    joint_limits: keep coordinates inside model.coordinate_limits.
    locked: {coordinate name: value (rad or m)} held instead of fitted, e.g. {'mtp_angle_r': 0.0}.
    weights (or confidence, e.g. video keypoint confidences): per frame and trial marker, an ndarray
    (frames, trial markers) or a DataFrame with marker-name columns (markers it leaves out weigh 1);
    multiplies the marker set's weights, 0 drops the sample.
    smoothing: weight of the integral of squared coordinate accelerations (about 1e-7 at 100 Hz removes
    marker jitter); 0 fits each frame on its own.
    marker_noise_m: marker noise SD for the uncertainty; 0 estimates it from the residuals.
    threads: worker threads (the result does not depend on it). max_iterations: per frame.

    Raises InvalidArgumentError (a ValueError) when no marker names match, when the trial's size does not
    fit the model (e.g. millimetres passed as metres), or for bad options.
    """
    if not isinstance(model, Model):
        raise InvalidArgumentError(f"inverse_kinematics: model must be a gaitchain.Model, got {type(model).__name__}")
    data = trial_data(trial)
    if loss not in LOSSES:
        raise InvalidArgumentError(f"inverse_kinematics: loss must be one of {', '.join(map(repr, LOSSES))}, got {loss!r}")
    if locked is not None and not isinstance(locked, dict):
        raise InvalidArgumentError("inverse_kinematics: locked must be a dict {coordinate name: value}")
    core = _fit.inverse_kinematics(
        model, data, loss=loss, loss_scale_m=float(loss_scale_m), joint_limits=bool(joint_limits),
        locked=None if locked is None else {str(k): float(v) for k, v in locked.items()},
        weights=_weights(weights, confidence, trial), smoothing=float(smoothing), marker_noise_m=float(marker_noise_m),
        threads=int(threads), max_iterations=int(max_iterations))
    return Motion(core, model, trial.force_plates)


def calibrate(model: Model, static_trial: Trial, dynamic: Trial | None = None, *, static_frames: int = 20,
              dynamic_frames: int = 30, marker_sd_m: float = 0.02, scale_sd: float = 0.1,
              static_pose_sd_rad: float = 0.2, max_static_motion_m: float = 0.05) -> Model:
    """The subject's model: segment scales and marker positions of the template `model` fitted to a static
    trial (standing still), optionally with frames of a walking trial (`dynamic`) to inform joint centres.

    static_frames / dynamic_frames: frames used, evenly spread. Priors (how far the data must push before
    the fit leaves the template): marker_sd_m (marker position, m per axis), scale_sd (segment scale,
    relative to the whole-body size), static_pose_sd_rad (joint angles of the static pose around 0).
    max_static_motion_m: markers moving more than this (SD over the static frames, m) make it fail.

    The returned Model carries the report as `model.calibration`: a DataFrame with one row per marker
    found (marker, rms_m: RMS distance to the data, moved_m: distance moved from the template position)
    and attrs size_factor (whole-body size relative to the template), rms (m, all markers and frames) and
    foot_axis_turn_deg (per side: how far the foot below the ankle was turned to follow its heel and toe
    markers; the chain has no joint for tibial torsion, so a toe-out stance shows here).
    Raises InvalidArgumentError (a ValueError) when no markers match, the trial's size is implausible (give
    Model.lower_body the subject's height; or millimetres passed as metres), or the subject moved.
    """
    if not isinstance(model, Model):
        raise InvalidArgumentError(f"calibrate: model must be a gaitchain.Model, got {type(model).__name__}")
    result = _fit.calibrate(
        model, trial_data(static_trial), dynamic=None if dynamic is None else trial_data(dynamic),
        static_frames=int(static_frames), dynamic_frames=int(dynamic_frames), marker_sd_m=float(marker_sd_m),
        scale_sd=float(scale_sd), static_pose_sd_rad=float(static_pose_sd_rad),
        max_static_motion_m=float(max_static_motion_m))
    calibrated = result.model
    report = pd.DataFrame({"marker": list(result.marker_names), "rms_m": result.marker_rms, "moved_m": result.marker_moved})
    left, right = result.foot_axis_turn_rad
    report.attrs.update(size_factor=float(result.size_factor), rms=float(result.rms),
                        foot_axis_turn_deg={"left": float(np.degrees(left)), "right": float(np.degrees(right))})
    calibrated.calibration = report
    return calibrated
