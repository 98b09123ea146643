"""
Cycles, spatiotemporal parameters, scores and compensation findings
"""
from __future__ import annotations
import collections.abc
import gaitchain._core.fit
import gaitchain._core.model
import os
import typing
__all__: list[str] = ['analyze', 'angle_variables', 'builtin_normative', 'normative_groups', 'read_normative_curves', 'reference_values']
def analyze(model: gaitchain._core.model.Model, motion: gaitchain._core.fit.Motion, events: collections.abc.Sequence[tuple[typing.SupportsFloat | typing.SupportsIndex, str, str]], normative_group: str = '', treadmill_speed_m_s: typing.SupportsFloat | typing.SupportsIndex = ..., max_cycle_s: typing.SupportsFloat | typing.SupportsIndex = 2.5) -> dict:
    """
    The whole analysis of a fitted motion cut at events [(time, side, kind)], as plain structures.
    """
def builtin_normative(group: str = 'Free') -> dict:
    """
    Schwartz et al. 2008 normative curves of a speed group (rad, 101 points).
    """
def read_normative_curves(path: os.PathLike | str | bytes, source: str, group: str) -> dict:
    ...
def reference_values() -> list:
    """
    The healthy reference of every compensation finding, with its source.
    """
angle_variables: list = ['pelvis_tilt', 'pelvis_obliquity', 'pelvis_rotation', 'hip_flexion', 'hip_adduction', 'hip_rotation', 'knee_flexion', 'knee_adduction', 'knee_rotation', 'ankle_dorsiflexion', 'subtalar_inversion', 'mtp_extension', 'foot_progression', 'trunk_tilt', 'trunk_obliquity', 'trunk_rotation', 'lumbar_flexion', 'lumbar_bending', 'lumbar_rotation', 'foot_pitch']
normative_groups: list = ['VerySlow', 'Slow', 'Free', 'Fast', 'VeryFast']
