"""gaitchain: gait biomechanics from the foot to the lower back.

Data flow: a Trial (markers, events) -> a Model (the foot-to-lumbar chain) -> fitting -> events ->
metrics. This release reads lab files (C3D, TRC, MOT/STO) and has the model, its forward kinematics and
the synthetic walker with known truth.
Units are SI (m, s, rad) everywhere; degrees appear only in presentation columns named *_deg.
"""
from ._core.core import Error, FileError, InvalidArgumentError, ParseError, cardan_angles, fill_gaps, rotation, unwrap
from . import io
from .io import read, read_table, write, write_table
from ._core.model import Model, marker_set_names
from .synthetic import Truth, compensation_names, synthetic_walk
from .trial import ForcePlate, LabFrame, Trial

__version__ = "0.1.0"

__all__ = [
    "Error", "FileError", "ForcePlate", "InvalidArgumentError", "LabFrame", "Model", "ParseError", "Trial", "Truth",
    "cardan_angles", "compensation_names", "fill_gaps", "io", "marker_set_names", "read", "read_table", "rotation",
    "synthetic_walk", "unwrap", "write", "write_table",
]
