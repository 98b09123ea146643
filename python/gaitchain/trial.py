"""Trial: marker or keypoint trajectories of one capture, in the internal frame (X progression, Y left,
Z up; metres) with their rate, capture clock and gait events."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._core.core import InvalidArgumentError

EVENT_COLUMNS = ["time", "side", "kind"]


def events_frame(rows) -> pd.DataFrame:
    """Events as a DataFrame (time s, side 'left'/'right', kind 'foot_strike'/'foot_off'), time-sorted."""
    frame = pd.DataFrame(list(rows), columns=EVENT_COLUMNS)
    frame["time"] = frame["time"].astype(float)
    return frame.sort_values("time", kind="stable").reset_index(drop=True)


def event_tuples(frame: pd.DataFrame) -> list[tuple[float, str, str]]:
    """An events DataFrame as the (time, side, kind) tuples the compiled core takes."""
    return [(float(t), str(s), str(k)) for t, s, k in frame[EVENT_COLUMNS].itertuples(index=False)]


@dataclass
class LabFrame:
    """How the file's coordinates map to the internal frame: internal = rotation @ (scale * file)."""
    rotation: np.ndarray = field(default_factory=lambda: np.eye(3))
    scale: float = 1.0
    units: str = "m"


@dataclass
class ForcePlate:
    """One force plate in the trial's frame: `force` (N, reaction on the subject, vertical positive under
    load), `moment` (N m, free moment about the centre of pressure), `cop` (m, NaN while unloaded), each
    (samples, 3) at `rate` Hz from `start_time` (s, capture clock)."""
    name: str
    type: int
    rate: float
    start_time: float
    corners: np.ndarray
    force: np.ndarray
    moment: np.ndarray
    cop: np.ndarray

    @property
    def time(self) -> np.ndarray:
        return self.start_time + np.arange(len(self.force)) / self.rate

    def __repr__(self) -> str:
        return f"<ForcePlate {self.name} type {self.type}, {len(self.force)} samples at {self.rate:g} Hz>"


class Trial:
    """One capture. `points` is (frames, markers, 3) in metres with NaN where a marker is missing;
    sample k lies at time (first_frame - 1 + k) / rate on the capture clock."""

    def __init__(self, marker_names, points, rate, first_frame=1, events=None, force_plates=None, lab_frame=None,
                 source="", notes=None):
        points = np.asarray(points, dtype=float)
        names = [str(n) for n in marker_names]
        if points.ndim != 3 or points.shape[2] != 3:
            raise InvalidArgumentError(f"Trial: points must have shape (frames, markers, 3), got {points.shape}")
        if points.shape[1] != len(names):
            raise InvalidArgumentError(f"Trial: {len(names)} marker names for {points.shape[1]} markers in points")
        if len(set(names)) != len(names):
            raise InvalidArgumentError("Trial: marker names must be unique")
        if not (np.isfinite(rate) and rate > 0):
            raise InvalidArgumentError(f"Trial: rate must be a positive number of Hz, got {rate}")
        self.marker_names = names
        self.points = points
        self.rate = float(rate)
        self.first_frame = int(first_frame)
        self.events = events_frame([] if events is None else
                                   events.itertuples(index=False) if isinstance(events, pd.DataFrame) else events)
        self.force_plates = list(force_plates or [])
        self.lab_frame = lab_frame if lab_frame is not None else LabFrame()
        self.source = str(source)
        self.notes = list(notes or [])  # what the reader converted, repaired or skipped

    @property
    def frame_count(self) -> int:
        return self.points.shape[0]

    @property
    def time(self) -> np.ndarray:
        """Sample times on the capture clock, s."""
        return (self.first_frame - 1 + np.arange(self.frame_count)) / self.rate

    def marker(self, name: str) -> np.ndarray:
        """(frames, 3) trajectory of one marker."""
        try:
            return self.points[:, self.marker_names.index(name), :]
        except ValueError:
            raise InvalidArgumentError(f"Trial: no marker '{name}'; markers: {', '.join(self.marker_names)}") from None

    def _repr_html_(self) -> str:
        from .report import trial_summary_html  # Jupyter's rich display

        return trial_summary_html(self)

    def __repr__(self) -> str:
        where = f" from {self.source}" if self.source else ""
        notes = "".join(f"\n  note: {n}" for n in self.notes)
        return (f"<gaitchain.Trial{where}: {self.frame_count} frames at {self.rate:g} Hz, {len(self.marker_names)} markers, "
                f"{len(self.events)} events, {len(self.force_plates)} force plates>{notes}")
