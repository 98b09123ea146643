"""
The kinematic chain and its forward kinematics
"""
from __future__ import annotations
import numpy
import numpy.typing
import typing
__all__: list[str] = ['Model', 'marker_set_names', 'marker_set_text']
class Model:
    """
    The foot-to-lumbar kinematic chain with its marker set.
    """
    calibration = None
    @staticmethod
    def lower_body(marker_set: typing.Any = 'plug-in-gait', height_m: typing.SupportsFloat | typing.SupportsIndex = 1.75, knee_dofs: typing.SupportsInt | typing.SupportsIndex = 1) -> Model:
        """
        Pelvis (6 dof), lumbar (3), per side hip (3), knee (1 or 3), ankle, subtalar, MTP; segment lengths from height_m. marker_set: a built-in name (marker_set_names()) or a marker-set file path.
        """
    def __repr__(self) -> str:
        ...
    def landmark_positions(self, q: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]) -> numpy.typing.NDArray[numpy.float64]:
        """
        (landmarks, 3) world positions of joint centres and foot contact points.
        """
    def marker_jacobian(self, q: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]) -> numpy.typing.NDArray[numpy.float64]:
        """
        d(marker positions)/dq as a (3 * markers, coordinates) array.
        """
    def marker_positions(self, q: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]) -> numpy.typing.NDArray[numpy.float64]:
        """
        (markers, 3) world positions for coordinates q (rad, m).
        """
    def marker_trajectories(self, coordinates: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, n]", "flags.c_contiguous"]) -> numpy.typing.NDArray[numpy.float64]:
        """
        (frames, markers, 3) marker positions for a (frames, coordinates) motion.
        """
    def scale_jacobian(self, q: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]) -> numpy.typing.NDArray[numpy.float64]:
        """
        d(marker positions)/d(scales) as a (3 * markers, scales) array.
        """
    def segment_poses(self, q: typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]) -> numpy.typing.NDArray[numpy.float64]:
        """
        (segments, 4, 4) homogeneous world poses of the segment frames.
        """
    @property
    def coordinate_count(self) -> int:
        ...
    @property
    def coordinate_limits(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (coordinates, 2) lower and upper limits, rad or m (inf where unbounded).
        """
    @property
    def coordinate_names(self) -> list[str]:
        ...
    @property
    def height_m(self) -> float:
        ...
    @property
    def landmark_names(self) -> list[str]:
        ...
    @property
    def marker_names(self) -> list[str]:
        ...
    @property
    def marker_set(self) -> str:
        ...
    @property
    def rotational_coordinates(self) -> list[bool]:
        ...
    @property
    def scale_names(self) -> list[str]:
        ...
    @property
    def scales(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[m, 1]"]:
        """
        Per-segment scale factors (1 = the template for height_m).
        """
    @scales.setter
    def scales(self, arg1: typing.Annotated[numpy.typing.ArrayLike, numpy.float64, "[m, 1]"]) -> None:
        ...
    @property
    def segment_names(self) -> list[str]:
        ...
def marker_set_names() -> list[str]:
    """
    Names accepted by Model.lower_body(marker_set=...).
    """
def marker_set_text(name: str) -> str:
    """
    The file text of a built-in marker set, to copy and edit (format in docs/marker_sets.md).
    """
