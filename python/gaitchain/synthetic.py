"""The synthetic walker: walking data whose truth is known exactly (see docs/synthetic.md)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._core import synthetic as _synthetic
from ._core.core import InvalidArgumentError
from ._core.model import Model
from .trial import Trial, events_frame


@dataclass(frozen=True)
class Truth:
    """What generated a synthetic trial. coordinates: DataFrame indexed by time (s), one column per model
    coordinate (rad, m); events as Trial.events; strides: side, start, end (s), length (m)."""

    coordinates: pd.DataFrame
    events: pd.DataFrame
    model: Model
    strides: pd.DataFrame
    cadence_steps_per_min: float
    step_length_m: float
    stance_fraction: float


def compensation_names() -> list[str]:
    """Finding names accepted by synthetic_walk(compensations=...)."""
    return list(_synthetic.compensation_names())


def synthetic_walk(duration_s=10.0, rate_hz=100.0, speed_m_s=1.3, noise_m=0.0, dropout=0.0, seed=0,
                   compensations=None, *, height_m=1.75, marker_set="plug-in-gait") -> tuple[Trial, Truth]:
    """A straight, steady walk along +X with known coordinates, events and strides.

    compensations maps a finding name to {'side': 'left'|'right', 'magnitude': float}; units per finding
    are in docs/synthetic.md (degrees for angles, metres for overstriding, a fraction for step-length
    asymmetry).
    """
    items = []
    for finding, spec in (compensations or {}).items():
        if not isinstance(spec, dict) or "magnitude" not in spec:
            raise InvalidArgumentError(
                f"synthetic_walk: compensation '{finding}' needs {{'side': 'left'|'right', 'magnitude': float}}")
        unknown = set(spec) - {"side", "magnitude"}
        if unknown:
            raise InvalidArgumentError(f"synthetic_walk: compensation '{finding}' has unknown keys {sorted(unknown)}")
        items.append((str(finding), str(spec.get("side", "right")), float(spec["magnitude"])))
    if not (isinstance(seed, (int, np.integer)) and seed >= 0):
        raise InvalidArgumentError(f"synthetic_walk: seed must be a non-negative integer, got {seed!r}")
    raw = _synthetic.synthetic_walk(float(duration_s), float(rate_hz), float(speed_m_s), float(noise_m),
                                    float(dropout), int(seed), items, float(height_m), str(marker_set))
    model = raw["model"]
    trial = Trial(raw["marker_names"], raw["points"], raw["rate"], raw["first_frame"], raw["events"])
    time = pd.Index(trial.time, name="time")
    truth = Truth(
        coordinates=pd.DataFrame(raw["coordinates"], index=time, columns=model.coordinate_names),
        events=events_frame(raw["events"]),
        model=model,
        strides=pd.DataFrame(raw["strides"], columns=["side", "start", "end", "length"]),
        cadence_steps_per_min=raw["cadence_steps_per_min"],
        step_length_m=raw["step_length_m"],
        stance_fraction=raw["stance_fraction"],
    )
    return trial, truth
