"""The gaitchain command line: `gaitchain demo` (more commands arrive with the report and batch tools)."""
from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time

import numpy as np
import pandas as pd


def demo(args) -> int:
    """Generates a synthetic walk and summarises what is known about it."""
    from . import synthetic_walk

    trial, truth = synthetic_walk(duration_s=args.duration, speed_m_s=args.speed, noise_m=args.noise, seed=args.seed)
    print(f"gaitchain demo: synthetic walk, {args.duration:g} s at {args.speed:g} m/s, marker noise {args.noise * 1000:g} mm")
    print(f"  {trial!r}")
    print(f"  model: {truth.model!r}")
    print(f"  cadence {truth.cadence_steps_per_min:.1f} steps/min, step length {truth.step_length_m:.3f} m, "
          f"stance {100 * truth.stance_fraction:.1f} % of the cycle")
    counts = truth.events.groupby(["side", "kind"]).size().unstack(fill_value=0)
    print("\nEvents (truth):")
    print(counts.to_string())
    strides = truth.strides.groupby("side")["length"].agg(["count", "mean"])
    print("\nStrides (truth): ")
    print(strides.rename(columns={"mean": "mean length (m)"}).round(3).to_string())

    rotational = dict(zip(truth.model.coordinate_names, truth.model.rotational_coordinates))
    angles = truth.coordinates[[c for c in truth.coordinates.columns if rotational[c]]]
    summary = pd.DataFrame({"min_deg": np.degrees(angles.min()), "max_deg": np.degrees(angles.max()),
                            "range_deg": np.degrees(angles.max() - angles.min())})
    print("\nJoint angles over the trial (truth):")
    print(summary.round(1).to_string())

    rebuilt = truth.model.marker_trajectories(truth.coordinates.to_numpy())
    error = np.nanmax(np.abs(rebuilt - trial.points))
    print(f"\nForward kinematics of the truth reproduces the markers to {error * 1000:.3g} mm (the noise you asked for).")
    demo_inverse_kinematics(args)
    demo_real_trial()
    return demo_analysis()


def demo_inverse_kinematics(args) -> None:
    """Fits the chain back to markers of the same walk with noise (2 mm unless --noise says otherwise) and
    compares with the truth."""
    from . import inverse_kinematics, synthetic_walk

    noise = args.noise or 0.002
    trial, truth = synthetic_walk(duration_s=args.duration, speed_m_s=args.speed, noise_m=noise, seed=args.seed)
    start = time.perf_counter()
    motion = inverse_kinematics(truth.model, trial)
    seconds = time.perf_counter() - start
    names = ["pelvis_tilt", "hip_flexion_r", "knee_angle_r", "ankle_angle_r", "hip_flexion_l", "knee_angle_l",
             "ankle_angle_l", "lumbar_extension"]
    error = motion.coordinates[names] - truth.coordinates[names].to_numpy()
    table = pd.DataFrame({"rmse_deg": np.degrees(np.sqrt((error**2).mean())),
                          "reported_sd_deg": np.degrees(np.sqrt((motion.uncertainty[names] ** 2).mean()))})
    print(f"\nInverse kinematics of the same walk with {noise * 1000:g} mm marker noise: {motion.frame_count} frames in {seconds * 1000:.0f} ms, median "
          f"marker RMS {np.nanmedian(motion.marker_rms) * 1000:.2f} mm, marker noise estimated at "
          f"{motion.marker_noise_m * 1000:.2f} mm. Error against the truth next to the reported uncertainty:")
    print(table.round(2).to_string())
    print(f"  flagged: {motion.flags.iloc[0]} (no marker on the toes)")


SAMPLE = pathlib.Path(__file__).resolve().parent / "data" / "PlugInC3D.c3d"


def demo_real_trial() -> int:
    """Reads the bundled real trial (c3d.org sample09) and shows what the reader made of it."""
    from . import read, write

    trial = read(SAMPLE)
    print(f"\nReal trial: {trial!r}")
    print("\nStored events:")
    print(trial.events.round(4).to_string(index=False))
    from .bench import compare_event_detectors
    from .events import detect_events

    plates = detect_events(trial, method="force_plate")
    print("\nForce-plate contacts (20 N), each assigned to the foot over the centre of pressure:")
    print(plates.round(3).to_string(index=False))
    scores = compare_event_detectors([trial], ["zeni", "oconnor", "ghoussayni", "desailly"], truth="force_plate")
    print("\nMarker-based event detectors against those contacts (ms; this trial is 60 Hz, one frame = 16.7 ms):")
    print(scores[["detector", "kind", "matched", "missed", "extra", "bias_ms", "mae_ms"]].round(1).to_string(index=False))
    with tempfile.TemporaryDirectory() as folder:
        out = pathlib.Path(folder) / "PlugInC3D.trc"
        write(out, trial)
        again = read(out)
    difference = np.nanmax(np.abs(again.points - trial.points))
    print(f"\nWritten as TRC in the file's own axes and units and read back: largest difference {difference * 1000:.2g} mm.")
    return 0


WALK = pathlib.Path(__file__).resolve().parent / "data" / "PiG_Motion-FlatFoot-Full.c3d"
STATIC = pathlib.Path(__file__).resolve().parent / "data" / "PiG_Calibration-FlatFoot-Full.c3d"


def demo_analysis() -> int:
    """The whole analysis of a bundled real walk (BTKData PiG_Motion-FlatFoot-Full, with its static trial)."""
    from . import analyze

    start = time.perf_counter()
    a = analyze(WALK, static=STATIC)
    seconds = time.perf_counter() - start
    print(f"\nFull analysis of a real walk ({WALK.name}, static {STATIC.name}) in {seconds:.1f} s: model calibrated "
          f"to the static trial, fitted to {a.motion.frame_count} frames (median marker RMS "
          f"{a.motion.marker_rms.median() * 1000:.1f} mm), cut at the file's {len(a.events)} stored events into "
          f"{len(a.cycles)} cycles.")
    st = a.spatiotemporal.set_index("parameter")
    rows = ["speed_m_s", "cadence_steps_min", "stride_length_m", "step_length_m", "step_width_m", "stance_pct",
            "double_support_pct"]
    print("\nSpatiotemporal (mean per side, symmetry index %):")
    print(st.loc[rows, ["left_mean", "right_mean", "symmetry_index"]].round(3).to_string())
    print(f"\nGait Profile Score against {a.normative['source']} ({a.normative['group']} speed group, "
          f"v* {a.dimensionless_speed:.2f}): {a.scores.attrs['gps_overall_deg']:.1f} deg overall "
          f"(left {a.scores.attrs['gps_left_deg']:.1f}, right {a.scores.attrs['gps_right_deg']:.1f}); "
          "the Movement Analysis Profile (GVS, deg):")
    print(a.scores.round(1).to_string(index=False))
    print("\nCompensations from the foot to the lumbar spine (value against the healthy reference, z-score):")
    table = a.compensations[["finding", "side", "value", "unit", "normal_mean", "normal_sd", "z", "flagged"]]
    print(table.round(2).to_string(index=False))
    print("\nFindings:")
    for row in a.findings.itertuples():
        print(f"  - {row.finding} ({row.side}): {row.text}")
    if a.findings.empty:
        print("  none flagged")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gaitchain", description="Gait biomechanics from the foot to the lower back.")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("demo", help="run the main pipeline on bundled data and summarise it")
    p.add_argument("--duration", type=float, default=10.0, help="seconds of walking (default 10)")
    p.add_argument("--speed", type=float, default=1.3, help="walking speed, m/s (default 1.3)")
    p.add_argument("--noise", type=float, default=0.0, help="marker noise SD, m (default 0)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(run=demo)
    args = parser.parse_args(argv)
    from . import Error

    try:
        return args.run(args)
    except (Error, ValueError, OSError) as e:
        print(f"gaitchain {args.command}: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
