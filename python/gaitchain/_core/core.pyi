"""
Errors, rotations, angles, trajectories
"""
from __future__ import annotations
import numpy
import numpy.typing
import typing
__all__: list[str] = ['Error', 'FileError', 'InvalidArgumentError', 'ParseError', 'cardan_angles', 'fill_gaps', 'rotation', 'unwrap']
class Error(RuntimeError):
    pass
class InvalidArgumentError(Error, ValueError):
    pass
class ParseError(Error, ValueError):
    pass
class FileError(Error, OSError):
    pass
def cardan_angles(R: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[3, 3]"], sequence: str) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[3, 1]"]:
    """
    Angles (t1, t2, t3) with R = R_a1(t1) R_a2(t2) R_a3(t3) (intrinsic sequence such as 'yxz').
    """
def fill_gaps(series: numpy.typing.NDArray[numpy.float64], max_gap: typing.SupportsInt | typing.SupportsIndex, method: str = 'cubic') -> int:
    """
    Fills interior NaN gaps of at most max_gap samples in place; returns the number of samples filled.
    """
def rotation(axis: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[3, 1]"], angle: typing.SupportsFloat | typing.SupportsIndex) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[3, 3]"]:
    """
    Rotation matrix for an angle (rad) about an axis.
    """
def unwrap(angles: numpy.typing.NDArray[numpy.float64]) -> None:
    """
    Removes 2*pi jumps in place; NaN samples are kept.
    """
