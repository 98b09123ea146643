"""
The synthetic walker
"""
from __future__ import annotations
import collections.abc
import typing
__all__: list[str] = ['compensation_names', 'synthetic_walk']
def compensation_names() -> list[str]:
    ...
def synthetic_walk(duration_s: typing.SupportsFloat | typing.SupportsIndex, rate_hz: typing.SupportsFloat | typing.SupportsIndex, speed_m_s: typing.SupportsFloat | typing.SupportsIndex, noise_m: typing.SupportsFloat | typing.SupportsIndex, dropout: typing.SupportsFloat | typing.SupportsIndex, seed: typing.SupportsInt | typing.SupportsIndex, compensations: collections.abc.Sequence[tuple[str, str, typing.SupportsFloat | typing.SupportsIndex]], height_m: typing.SupportsFloat | typing.SupportsIndex, marker_set: str) -> dict:
    ...
