"""
Calibration, inverse kinematics and the fitted Motion
"""
from __future__ import annotations
import gaitchain._core.model
import numpy
import numpy.typing
import os
import typing
__all__: list[str] = ['Calibration', 'Motion', 'calibrate', 'inverse_kinematics', 'motion_conventions', 'write_motion']
class Motion:
    """
    Joint coordinates per frame with their fit residuals and uncertainty (plain arrays; gaitchain.Motion wraps them in DataFrames).
    """
    def __repr__(self) -> str:
        ...
    @property
    def coordinate_names(self) -> list[str]:
        ...
    @property
    def coordinates(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (frames, coordinates), rad and m; NaN where not determined.
        """
    @property
    def events(self) -> list:
        ...
    @property
    def first_frame(self) -> int:
        ...
    @property
    def flags(self) -> list[str]:
        """
        Per frame: '' if every coordinate was determined, else why not.
        """
    @property
    def frame_count(self) -> int:
        ...
    @property
    def marker_error(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (frames, markers) distance of each observed marker from its model position, m.
        """
    @property
    def marker_names(self) -> list:
        """
        The model markers found in the trial.
        """
    @property
    def marker_noise_m(self) -> float:
        """
        The marker noise SD behind the uncertainty, m.
        """
    @property
    def marker_rms(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Per frame: RMS of marker_error over the observed markers, m.
        """
    @property
    def rate(self) -> float:
        ...
    @property
    def rotational(self) -> list[bool]:
        """
        Per coordinate: rad (True) or m (False).
        """
    @property
    def time(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Frame times on the capture clock, s.
        """
    @property
    def uncertainty(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        (frames, coordinates) standard deviations, rad and m; 0 for locked coordinates.
        """
class Calibration:
    """
    The result of calibrate: the fitted model and how well it fits.
    """
    @property
    def foot_axis_turn_rad(self) -> tuple[float, float]:
        """
        (left, right): turn of each foot below the ankle about the vertical through the ankle centre to follow its heel and toe markers, rad.
        """
    @property
    def marker_moved(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Per marker: distance from its template place in the neutral pose at the fitted scales, m.
        """
    @property
    def marker_names(self) -> list:
        ...
    @property
    def marker_rms(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Per marker: RMS distance to the data over the frames used, m.
        """
    @property
    def model(self) -> gaitchain._core.model.Model:
        """
        The calibrated Model (a copy).
        """
    @property
    def rms(self) -> float:
        """
        Over all markers and frames, m.
        """
    @property
    def size_factor(self) -> float:
        """
        Whole-body size relative to the template.
        """
def calibrate(model: gaitchain._core.model.Model, static_trial: tuple, *, dynamic: tuple | None = None, static_frames: typing.SupportsInt | typing.SupportsIndex = 20, dynamic_frames: typing.SupportsInt | typing.SupportsIndex = 30, marker_sd_m: typing.SupportsFloat | typing.SupportsIndex = 0.02, scale_sd: typing.SupportsFloat | typing.SupportsIndex = 0.1, static_pose_sd_rad: typing.SupportsFloat | typing.SupportsIndex = 0.2, max_static_motion_m: typing.SupportsFloat | typing.SupportsIndex = 0.05) -> Calibration:
    """
    Fits segment scales and marker positions to a static trial (see gaitchain.calibrate).
    """
def inverse_kinematics(model: gaitchain._core.model.Model, trial: tuple, *, loss: str = 'none', loss_scale_m: typing.SupportsFloat | typing.SupportsIndex = 0.02, joint_limits: bool = True, locked: dict | None = None, weights: typing.Annotated[numpy.typing.ArrayLike, numpy.float64] | None = None, smoothing: typing.SupportsFloat | typing.SupportsIndex = 0.0, marker_noise_m: typing.SupportsFloat | typing.SupportsIndex = 0.0, threads: typing.SupportsInt | typing.SupportsIndex = 1, max_iterations: typing.SupportsInt | typing.SupportsIndex = 100) -> Motion:
    """
    Fits the model to every frame of the trial (see gaitchain.inverse_kinematics).
    """
def motion_conventions() -> list[str]:
    """
    Names accepted by write_motion(convention=...).
    """
def write_motion(path: os.PathLike | str | bytes, motion: Motion, convention: str = 'gaitchain') -> None:
    """
    Writes the motion as an OpenSim .mot (degrees) in our convention or OpenSim's ('gait2354', 'rajagopal').
    """
