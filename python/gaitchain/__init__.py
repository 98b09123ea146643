"""gaitchain: gait biomechanics from the foot to the lower back.

Data flow: a Trial (markers, events) -> a Model (the foot-to-lumbar chain) -> fitting -> events ->
metrics. This release has the model, its forward kinematics and the synthetic walker with known truth.
Units are SI (m, s, rad) everywhere; degrees appear only in presentation columns named *_deg.
"""
from ._core.core import Error, FileError, InvalidArgumentError, cardan_angles, fill_gaps, rotation, unwrap
from ._core.model import Model, marker_set_names
from .synthetic import Truth, compensation_names, synthetic_walk
from .trial import Trial

__version__ = "0.1.0"

__all__ = [
    "Error", "FileError", "InvalidArgumentError", "Model", "Trial", "Truth", "cardan_angles",
    "compensation_names", "fill_gaps", "marker_set_names", "rotation", "synthetic_walk", "unwrap",
]
