"""gaitchain: gait biomechanics from the foot to the lower back.

Data flow: a Trial (markers, events) -> a Model (the foot-to-lumbar chain) -> fitting -> events ->
metrics. This release reads lab files (C3D, TRC, MOT/STO), has the model, its forward kinematics, the
synthetic walker with known truth, and fitting: `calibrate(model, static_trial) -> Model` (segment scales
and marker positions) and `inverse_kinematics(model, trial) -> Motion` (joint coordinates per frame as
DataFrames indexed by time, with marker residuals and uncertainty; `Motion.to_mot` writes OpenSim files),
and gait events: `detect_events(trial_or_motion, method=...)` from markers, a Motion or force plates, with
`bench.compare_event_detectors` to score any detector against force plates or stored events, and the
whole analysis: `analyze(trial, static=None) -> Analysis` (cycles, spatiotemporal parameters, symmetry,
kinematic parameters, Gait Profile Score, compensation findings against cited healthy references), with
`Analysis.plot()` and `Analysis.to_html(path)` (gaitchain.plot, gaitchain.report), and
`batch.analyze_many(paths, client=None)` for folders of trials, locally or on a Dask cluster.
Units are SI (m, s, rad) everywhere; degrees appear only in presentation columns named *_deg.
"""
from ._core.core import Error, FileError, InvalidArgumentError, ParseError, cardan_angles, fill_gaps, rotation, unwrap
from . import io
from .io import read, read_force_plates, read_table, write, write_table
from ._core.model import Model, marker_set_names, marker_set_text
from .fit import Motion, calibrate, inverse_kinematics
from .events import GaitSignals, detect_events, detector_names, gait_signals, register_detector
from . import bench
from .synthetic import Truth, compensation_names, synthetic_walk
from .analysis import Analysis, analyze
from . import batch  # dask is imported only when a batch runs
from .trial import ForcePlate, LabFrame, Trial

__version__ = "0.1.0"

__all__ = [
    "Analysis", "Error", "batch", "FileError", "ForcePlate", "GaitSignals", "InvalidArgumentError", "LabFrame", "Model", "Motion", "analyze",
    "ParseError", "Trial", "Truth", "bench", "calibrate", "cardan_angles", "compensation_names", "detect_events",
    "detector_names", "fill_gaps", "gait_signals", "inverse_kinematics", "io", "register_detector",
    "marker_set_names", "marker_set_text", "read", "read_force_plates", "read_table", "rotation", "synthetic_walk", "unwrap", "write",
    "write_table",
]
