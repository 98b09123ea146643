"""Accuracy of the gait-event detectors; prints the tables of docs/validation.md (section "Gait events").

    .venv/bin/python benchmarks/event_validation.py

1. Synthetic walker (known truth: heel touches the floor, toe tip leaves it), overground and on a
   treadmill (the travel taken off every marker).
2. Every plate-instrumented trial of ../shared/data against its force-plate contacts (20 N, each contact
   assigned to the foot under the centre of pressure), per file, detector and event kind. Trials whose
   markers cannot serve a detector are listed with the reason. The events stored in the files are scored
   the same way, as a reference for what the labs' own (Nexus, manual) events achieve.
3. Pooled over the overground 100 Hz trials, and over all overground trials.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import gaitchain
from gaitchain.bench import compare_event_detectors

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DETECTORS = ["zeni", "oconnor", "ghoussayni", "desailly"]
C3D_PLATES = [  # overground trials with force plates in the C3D
    "python-gaitalytics/tests/full/data/test_small.c3d",
    "BTKData/Input/C3DSamples/PiG/PiG_Motion-FlatFoot-Full.c3d",
    "kineticstoolkit/data/walk.c3d",
    "BTKData/Input/C3DSamples/c3d.org/sample09/PlugInC3D.c3d",
    "opensim-core/OpenSim/Tests/shared/walking2.c3d",
    "opensim-core/OpenSim/Tests/shared/walking5.c3d",
    "BTKData/Input/C3DSamples/c3d.org/sample04/sub_labels.c3d",
    "BTKData/Input/C3DSamples/c3d.org/sample01/Eb015pr.c3d",
]
GRF_TRIALS = [  # marker file + OpenSim GRF table
    ("opensim-models/Pipelines/Rajagopal/ExpData/motion_capture_walk.trc", "opensim-models/Pipelines/Rajagopal/ExpData/grf_walk.mot"),
    ("opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1.trc", "opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1_grf.mot"),
]
TREADMILL = ["python-gaitalytics/tests/treadmill_events.c3d"]


def table(frame: pd.DataFrame) -> str:
    columns = list(frame.columns)
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in frame.itertuples(index=False):
        cells = []
        for v in row:
            if isinstance(v, float):
                cells.append("–" if np.isnan(v) else f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}")
            else:
                cells.append(str(v))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def readable(scores: pd.DataFrame) -> pd.DataFrame:
    out = scores.copy()
    for c in ("within_1_frame", "within_2_frames"):
        out[c] = (out[c] * 100).round(0)
    out = out.rename(columns={"within_1_frame": "% ≤1 frame", "within_2_frames": "% ≤2 frames", "bias_ms": "bias ms",
                              "mae_ms": "MAE ms", "sd_ms": "SD ms"})
    return out


def trials() -> list:
    out = [gaitchain.read(DATA / f) for f in C3D_PLATES]
    for markers, grf in GRF_TRIALS:
        t = gaitchain.read(DATA / markers)
        t.force_plates = gaitchain.read_force_plates(DATA / grf, t)
        out.append(t)
    return out


def stored_events(trial):
    """The trial's own stored events as a detector (a reference: what the lab's software marked)."""
    def stored(signals):
        return trial.events
    return stored


def main() -> None:
    print("### Synthetic walker (8 s at 100 Hz; truth: heel on the floor, toe tip off it)\n")
    w, truth = gaitchain.synthetic_walk(duration_s=8.0)
    overground = gaitchain.Trial(w.marker_names, w.points, w.rate, events=truth.events)
    speed = (w.marker("SACR")[-1, 0] - w.marker("SACR")[0, 0]) / (w.frame_count - 1)
    belt = w.points.copy()
    belt[:, :, 0] -= speed * np.arange(w.frame_count)[:, None]
    treadmill = gaitchain.Trial(w.marker_names, belt, w.rate, events=truth.events)
    rows = []
    for label, trial in (("overground", overground), ("treadmill", treadmill)):
        s = compare_event_detectors([trial], DETECTORS, truth="stored")
        s.insert(0, "walk", label)
        rows.append(s)
    print(table(readable(pd.concat(rows))[["walk", "detector", "kind", "matched", "missed", "extra", "bias ms", "MAE ms", "SD ms"]]))

    everything = trials()
    print("\n### Real trials against their force plates, per file\n")
    per_file = compare_event_detectors(everything, DETECTORS, truth="force_plate", per_trial=True)
    rate = {Path(t.source).name: t.rate for t in everything}
    per_file.insert(2, "Hz", [int(rate[n]) for n in per_file["trial"]])
    print(table(readable(per_file)))
    for s in per_file.attrs["skipped"]:
        print(f"\n- {s['trial']}, {s['detector'] or 'all detectors'}: {s['reason']}")

    print("\n### The files' stored events against the same plates\n")
    rows = []
    for t in everything:
        if len(t.events) == 0:
            continue
        s = compare_event_detectors([t], [stored_events(t)], truth="force_plate")
        s["detector"] = "stored"
        s.insert(1, "trial", Path(t.source).name)
        rows.append(s)
    print(table(readable(pd.concat(rows))))

    print("\n### Pooled over the overground trials\n")
    is_100 = [t for t in everything if t.rate == 100 and "subject01" not in t.source]
    overground_all = [t for t in everything if "subject01" not in t.source]
    pooled = []
    for label, group in (("100 Hz overground", is_100), ("all overground", overground_all)):
        s = compare_event_detectors(group, DETECTORS, truth="force_plate")
        s.insert(0, "trials", label)
        pooled.append(s)
    print(table(readable(pd.concat(pooled))))

    print("\n### Treadmill (treadmill_events.c3d, belt plates) against the plates and the stored events\n")
    tm = [gaitchain.read(DATA / f) for f in TREADMILL]
    rows = []
    for truth_kind in ("force_plate", "stored"):
        s = compare_event_detectors(tm, DETECTORS, truth=truth_kind)
        s.insert(0, "truth", truth_kind)
        rows.append(s)
    print(table(readable(pd.concat(rows))))


if __name__ == "__main__":
    main()
