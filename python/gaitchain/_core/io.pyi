"""
C3D, TRC and MOT/STO files
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import os
import typing
__all__: list[str] = ['read_c3d', 'read_force_plates', 'read_table', 'read_trial', 'write_table', 'write_trial']
def read_c3d(path: os.PathLike | str | bytes) -> dict:
    """
    Reads a C3D file as stored (lab frame, file units, every parameter).
    """
def read_force_plates(path: os.PathLike | str | bytes, lab_rotation: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[3, 3]"], lab_scale: typing.SupportsFloat | typing.SupportsIndex, lab_units: str) -> tuple[list, list]:
    """
    Force plates of an OpenSim GRF table in the internal frame of the trial whose lab frame is given.
    """
def read_table(path: os.PathLike | str | bytes) -> dict:
    """
    Reads an OpenSim .mot/.sto table (values as stored).
    """
def read_trial(path: os.PathLike | str | bytes) -> dict:
    """
    Reads a C3D or TRC file into the plain data of a Trial (internal frame, metres).
    """
def write_table(path: os.PathLike | str | bytes, name: str, columns: collections.abc.Sequence[str], time: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], values: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], in_degrees: bool, metadata: collections.abc.Sequence[tuple[str, str]]) -> None:
    ...
def write_trial(path: os.PathLike | str | bytes, marker_names: collections.abc.Sequence[str], points: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], rate: typing.SupportsFloat | typing.SupportsIndex, first_frame: typing.SupportsInt | typing.SupportsIndex, events: collections.abc.Sequence[tuple[typing.SupportsFloat | typing.SupportsIndex, str, str]], lab_rotation: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[3, 3]"], lab_scale: typing.SupportsFloat | typing.SupportsIndex, lab_units: str, source: str = '') -> None:
    ...
