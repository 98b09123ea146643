"""Gait events: foot strikes and foot offs from markers, from a fitted Motion, or from force plates.

Every detector reads the same GaitSignals (per side heel and toe, the pelvis, the walking direction per
frame, the force plates; see docs/events.md) and returns the same events table, so built-in detectors and
your own are interchangeable, and `gaitchain.bench.compare_event_detectors` scores any of them:

    gaitchain.detect_events(trial)                          # Zeni 2008
    gaitchain.detect_events(trial, method="force_plate")    # plate contacts, each assigned to a foot
    gaitchain.register_detector("mine", fn)                 # fn(signals) -> events DataFrame
    gaitchain.detect_events(motion, method="mine")          # from a fitted Motion's landmarks
"""
from __future__ import annotations

import os
from typing import Callable

import pandas as pd

from ._core import events as _events
from ._core.core import InvalidArgumentError
from ._core.model import Model
from .fit import Motion
from .io import trial_data
from .trial import EVENT_COLUMNS, Trial, events_frame

GaitSignals = _events.GaitSignals

BUILT_IN = tuple(_events.detector_names())
ROLES = ("heel_r", "heel_l", "toe_r", "toe_l", "pelvis")

# Detectors registered by name in this Python session (the C++ core keeps no registry: no global state).
_registered: dict[str, Callable] = {}


def register_detector(name: str, fn: Callable) -> None:
    """Makes `fn(signals: GaitSignals)` available as `method=name` to detect_events and the bench. It returns
    events as a DataFrame with columns time (s, capture clock), side ('left'/'right'), kind
    ('foot_strike'/'foot_off') (notes for the user may go in its attrs['notes']), or as an iterable of
    (time, side, kind) tuples. Registering a name again replaces it; built-in names cannot be taken."""
    if not isinstance(name, str) or not name:
        raise InvalidArgumentError("register_detector: name must be a non-empty string")
    if name in BUILT_IN:
        raise InvalidArgumentError(f"register_detector: '{name}' is a built-in detector")
    if not callable(fn):
        raise InvalidArgumentError(f"register_detector: {name!r} needs a callable, got {type(fn).__name__}")
    _registered[name] = fn


def detector_names() -> list[str]:
    """Built-in detectors, then the ones registered in this session."""
    return list(BUILT_IN) + sorted(_registered)


def _mapping(mapping, marker_set) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    if marker_set is not None:
        roles.update(_events.marker_roles(Model.lower_body(marker_set=os.fspath(marker_set))))
    for role, names in (mapping or {}).items():
        if role not in ROLES:
            raise InvalidArgumentError(f"mapping: unknown role {role!r}; roles: {', '.join(ROLES)}")
        roles[role] = [names] if isinstance(names, str) else [str(n) for n in names]
    return roles


def gait_signals(trial_or_motion, *, mapping: dict | None = None, marker_set=None) -> GaitSignals:
    """The signals detectors read, from a Trial (markers found by role; see detect_events) or a Motion
    (its model's heel, toe-tip and mid-ASIS landmarks)."""
    if isinstance(trial_or_motion, Motion):
        motion = trial_or_motion
        if motion.model is None:
            raise InvalidArgumentError("gait_signals: this Motion has no model; fit it with gaitchain.inverse_kinematics")
        return _events.gait_signals_of_motion(motion.model, motion._core, motion.force_plates)
    if isinstance(trial_or_motion, Trial):
        trial = trial_or_motion
        return _events.gait_signals(trial_data(trial), trial.force_plates, _mapping(mapping, marker_set))
    raise InvalidArgumentError(f"expected a gaitchain.Trial or Motion, got {type(trial_or_motion).__name__}")


def _events_of(result) -> tuple[list, list[str]]:
    """(event tuples, notes) from what a user detector returned."""
    if isinstance(result, pd.DataFrame):
        missing = [c for c in EVENT_COLUMNS if c not in result.columns]
        if missing:
            raise InvalidArgumentError(f"a detector's DataFrame needs columns {EVENT_COLUMNS}; missing {missing}")
        rows = result[EVENT_COLUMNS].itertuples(index=False)
        notes = [str(n) for n in result.attrs.get("notes", [])]
    else:
        rows, notes = result, []
    try:
        return [(float(t), str(s), str(k)) for t, s, k in rows], notes
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"a detector must return (time, side, kind) rows: {e}") from None


def _run(signals: GaitSignals, method, options: dict) -> dict:
    """The detection dict (events, coverage, notes) of a method: a built-in name, a registered name or a
    callable."""
    if isinstance(method, str) and method in BUILT_IN:
        if method == "ghoussayni" and options:
            return _events.ghoussayni(signals, threshold_m_s=float(options.pop("threshold_m_s", 0.5)), **_no_more(options))
        if method == "force_plate" and options:
            known = dict(threshold_n=20.0, hysteresis_n=10.0, min_contact_s=0.1, max_cop_distance_m=0.15)
            args = {k: float(options.pop(k, v)) for k, v in known.items()}
            _no_more(options)
            return _events.force_plate(signals, **args)
        _no_more(options)
        return _events.detect(signals, method)
    fn, name = method, getattr(method, "__name__", "detector")
    if isinstance(method, str):
        if method not in _registered:
            raise InvalidArgumentError(f"unknown event detector {method!r}; available: {', '.join(detector_names())}")
        fn, name = _registered[method], method
    if not callable(fn):
        raise InvalidArgumentError(f"method must be a detector name or a callable, got {type(method).__name__}")
    bound = (lambda s: _events_of(fn(s, **options))) if options else (lambda s: _events_of(fn(s)))
    return _events.detect_with(signals, bound, name)


def _no_more(options: dict) -> dict:
    if options:
        raise InvalidArgumentError(f"unexpected options for this detector: {', '.join(sorted(options))}")
    return {}


def detect_events(trial_or_motion, method="zeni", *, mapping: dict | None = None, marker_set=None,
                  **options) -> pd.DataFrame:
    """Foot strikes and foot offs as a DataFrame (time s on the capture clock, side, kind), like Trial.events.

    trial_or_motion: a Trial (markers) or a Motion from inverse_kinematics (its model's landmarks).
    method: 'zeni', 'oconnor', 'ghoussayni', 'desailly', 'force_plate', a name given to
    register_detector, or a callable fn(signals) (see register_detector).
    mapping: which trial markers play the roles heel_r, heel_l, toe_r, toe_l and pelvis, e.g.
    {'heel_r': 'RCAL', 'pelvis': ['RPSI', 'LPSI']} (several markers: their mean). Roles not given are found
    by name (Plug-in Gait, OpenSim and keypoint names; docs/events.md) or, with marker_set (a built-in
    name or a marker-set file), from that set.
    options: ghoussayni threshold_m_s (0.5); force_plate threshold_n (20), hysteresis_n (10),
    min_contact_s (0.1), max_cop_distance_m (0.15); keyword arguments of a callable.

    attrs of the result: 'notes' (why events are missing: gaps, turns, unassigned plate contacts, ...),
    'coverage' (side, begin, end) spans the detector could see, 'method'.
    Raises InvalidArgumentError naming the missing role when a detector lacks a marker it needs.
    """
    signals = gait_signals(trial_or_motion, mapping=mapping, marker_set=marker_set)
    result = _run(signals, method, dict(options))
    frame = events_frame(result["events"])
    frame.attrs.update(notes=list(result["notes"]), coverage=list(result["coverage"]),
                       method=method if isinstance(method, str) else getattr(method, "__name__", "callable"))
    return frame
