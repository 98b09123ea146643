"""
Gait-event detectors and their scoring
"""
from __future__ import annotations
import collections.abc
import gaitchain._core.fit
import gaitchain._core.model
import numpy
import numpy.typing
import typing
__all__: list[str] = ['EventComparison', 'GaitSignals', 'compare_events', 'detect', 'detect_with', 'detector_names', 'force_plate', 'gait_signals', 'gait_signals_of_motion', 'ghoussayni', 'marker_roles', 'role_candidates', 'summarize']
class GaitSignals:
    """
    What every event detector reads: per side heel and toe, the pelvis and the walking direction per frame ((frames, 3) arrays in m, internal frame, NaN where missing), and the force plates.
    """
    def __repr__(self) -> str:
        ...
    @property
    def belt_velocity(self) -> typing.Annotated[numpy.typing.NDArray[numpy.float64], "[3, 1]"]:
        """
        m/s; zero overground.
        """
    @property
    def first_frame(self) -> int:
        ...
    @property
    def force_plates(self) -> list:
        ...
    @property
    def frame_count(self) -> int:
        ...
    @property
    def heel_l(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def heel_r(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def notes(self) -> list:
        ...
    @property
    def pelvis(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def progression(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Per frame: unit horizontal walking direction; NaN where not walking.
        """
    @property
    def rate(self) -> float:
        """
        Hz
        """
    @property
    def roles(self) -> dict[str, list[str]]:
        """
        Role -> the markers (or landmarks) it was built from.
        """
    @property
    def source(self) -> str:
        ...
    @property
    def time(self) -> numpy.typing.NDArray[numpy.float64]:
        """
        Frame times on the capture clock, s.
        """
    @property
    def toe_l(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def toe_r(self) -> numpy.typing.NDArray[numpy.float64]:
        ...
    @property
    def treadmill(self) -> bool:
        ...
    @property
    def walking_speed(self) -> float:
        """
        m/s: overground travel, or the belt speed.
        """
class EventComparison:
    """
    Detected events matched to a truth.
    """
    @property
    def extra(self) -> list:
        ...
    @property
    def frame_s(self) -> float:
        ...
    @property
    def matched(self) -> list:
        """
        (truth time, side, kind, detected time) per matched pair.
        """
    @property
    def missed(self) -> list:
        ...
def compare_events(detected: collections.abc.Sequence[tuple[typing.SupportsFloat | typing.SupportsIndex, str, str]], truth: collections.abc.Sequence[tuple[typing.SupportsFloat | typing.SupportsIndex, str, str]], coverage: collections.abc.Sequence[tuple[str, typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex]], frame_s: typing.SupportsFloat | typing.SupportsIndex, tolerance_s: typing.SupportsFloat | typing.SupportsIndex) -> EventComparison:
    ...
def detect(signals: GaitSignals, name: str) -> dict:
    """
    A built-in detector by name.
    """
def detect_with(signals: typing.Any, fn: collections.abc.Callable, name: str) -> dict:
    ...
def detector_names() -> list[str]:
    ...
def force_plate(signals: GaitSignals, threshold_n: typing.SupportsFloat | typing.SupportsIndex, hysteresis_n: typing.SupportsFloat | typing.SupportsIndex, min_contact_s: typing.SupportsFloat | typing.SupportsIndex, max_cop_distance_m: typing.SupportsFloat | typing.SupportsIndex) -> dict:
    ...
def gait_signals(trial: tuple, force_plates: collections.abc.Iterable, mapping: collections.abc.Mapping[str, collections.abc.Sequence[str]]) -> GaitSignals:
    """
    GaitSignals of a trial (the 9 fields of gaitchain.io.trial_data) and its force plates.
    """
def gait_signals_of_motion(model: gaitchain._core.model.Model, motion: gaitchain._core.fit.Motion, force_plates: collections.abc.Iterable) -> GaitSignals:
    ...
def ghoussayni(signals: GaitSignals, threshold_m_s: typing.SupportsFloat | typing.SupportsIndex) -> dict:
    ...
def marker_roles(model: gaitchain._core.model.Model) -> dict[str, list[str]]:
    """
    Roles (heel_r, toe_r, ..., pelvis) from the model's marker set.
    """
def role_candidates(role: str) -> list[str]:
    ...
def summarize(comparisons: collections.abc.Sequence[EventComparison], kind: str) -> dict:
    ...
