"""Reading and writing lab files: C3D and TRC trials, OpenSim MOT/STO tables.

`read` converts to the internal frame (X progression, Y left, Z up) and metres and records what it did
in `Trial.notes` and `Trial.lab_frame`; `write` converts back to the axes and units the trial came from.
Malformed files raise `ParseError` (a ValueError) naming the file and the byte or line; unreadable files
raise `FileError` (an OSError).
"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ._core import io as _io
from ._core.core import InvalidArgumentError
from .trial import ForcePlate, LabFrame, Trial, event_tuples


def read(path: str | os.PathLike) -> Trial:
    """A Trial from a .c3d or .trc file."""
    d = _io.read_trial(os.fspath(path))
    plates = [ForcePlate(**p) for p in d["force_plates"]]
    return Trial(d["marker_names"], d["points"], d["rate"], first_frame=d["first_frame"], events=d["events"],
                 force_plates=plates, lab_frame=LabFrame(d["lab_rotation"], d["lab_scale"], d["lab_units"]),
                 source=d["source"], notes=d["notes"])


def trial_data(trial: Trial) -> tuple:
    """The plain data the compiled core takes for a Trial: (marker_names, points, rate, first_frame, events,
    lab_rotation, lab_scale, lab_units, source). Used by `write` and the fitting functions."""
    if not isinstance(trial, Trial):
        raise InvalidArgumentError(f"expected a gaitchain.Trial, got {type(trial).__name__}")
    lab = trial.lab_frame
    events = event_tuples(trial.events)
    return (trial.marker_names, trial.points, trial.rate, trial.first_frame, events, lab.rotation, lab.scale, lab.units,
            trial.source)


def write(path: str | os.PathLike, trial: Trial) -> None:
    """Writes the trial's markers (and, for .c3d, its events) in the axes and units it was read from.
    The file is written to a temporary name and renamed, so a failure never leaves a partial file."""
    _io.write_trial(os.fspath(path), *trial_data(trial))


def read_force_plates(path: str | os.PathLike, trial: Trial) -> list[ForcePlate]:
    """Force plates (or per-foot force sets) of an OpenSim GRF table (.mot), in the internal frame of
    `trial`, the marker file they were recorded with (its lab axes). Assign them with
    `trial.force_plates = read_force_plates(path, trial)`. Conversions the table needed (a CoP in millimetres,
    a missing torque) are appended to trial.notes."""
    if not isinstance(trial, Trial):
        raise InvalidArgumentError(f"read_force_plates: expected the gaitchain.Trial the forces belong to, got {type(trial).__name__}")
    lab = trial.lab_frame
    plates, notes = _io.read_force_plates(os.fspath(path), lab.rotation, lab.scale, lab.units)
    trial.notes.extend(notes)
    return [ForcePlate(**p) for p in plates]


def read_c3d(path: str | os.PathLike) -> dict:
    """A C3D file as stored: lab frame, file units, analog channels, events and every parameter
    (`parameters[group][name]`). For analysis use `read`."""
    return _io.read_c3d(os.fspath(path))


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """An OpenSim .mot/.sto table as a DataFrame indexed by time (s). Values are as stored: degrees when
    the header says inDegrees=yes. `attrs` holds name, in_degrees and the other header entries."""
    d = _io.read_table(os.fspath(path))
    frame = pd.DataFrame(d["values"], columns=d["columns"], index=pd.Index(d["time"], name="time"))
    frame.attrs.update(name=d["name"], in_degrees=d["in_degrees"], metadata=dict(d["metadata"]))
    return frame


def write_table(path: str | os.PathLike, table: pd.DataFrame, *, in_degrees: bool | None = None, name: str | None = None) -> None:
    """Writes a DataFrame indexed by time as a .mot/.sto file OpenSim reads. `in_degrees` and `name`
    default to the DataFrame's attrs (as set by read_table), else False and the file's stem."""
    attrs = table.attrs
    in_degrees = bool(attrs.get("in_degrees", False) if in_degrees is None else in_degrees)
    name = str(attrs.get("name") or os.path.splitext(os.path.basename(os.fspath(path)))[0] if name is None else name)
    metadata = [(str(k), str(v)) for k, v in attrs.get("metadata", {}).items()]
    values = np.ascontiguousarray(table.to_numpy(dtype=float))
    _io.write_table(os.fspath(path), name, [str(c) for c in table.columns], table.index.to_numpy(dtype=float).tolist(),
                    values, in_degrees, metadata)
