"""The gaitchain command line (also `python -m gaitchain`), documented in docs/cli.md:

    gaitchain demo [--out DIR]          the main pipeline on bundled data; the real walk's report into DIR
    gaitchain analyze TRIAL [--static S] [--out DIR]    one trial: report, metric tables, events, MOT
    gaitchain batch DIR [--out FILE] [--scheduler ADDRESS] [--workers N]   every trial under DIR, one CSV

Exit codes: 0 done; 1 the analysis failed (no marker set matches, no gait cycles, ...); 2 usage, a
missing or unreadable file, or an output folder that holds other files; 3 (batch) some trials failed.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile
import time

import numpy as np
import pandas as pd


class CommandError(Exception):
    """A user error or a failed analysis: printed as one line, never a traceback; `code` is the exit status."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def demo(args) -> int:
    """Generates a synthetic walk and summarises what is known about it."""
    from . import synthetic_walk

    out = pathlib.Path(args.out)
    check_output_dir(out)  # before the minute of work, not after

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
    return demo_analysis(out)


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


def demo_analysis(out: pathlib.Path) -> int:
    """The whole analysis of a bundled real walk (BTKData PiG_Motion-FlatFoot-Full, with its static trial),
    its outputs (as `gaitchain analyze` writes them) into `out`."""
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
    from .batch import summarize

    written = write_outputs(a, summarize(a, WALK), out)
    print(f"\nThe full report of this walk: {written[0].resolve()}")
    print(f"  with its tables, events and coordinates in {out.resolve()}/ (as `gaitchain analyze` writes them).")
    demo_render(written[0], out / RENDERED)
    return 0


def demo_render(html: pathlib.Path, png: pathlib.Path) -> None:
    """Renders the report in headless Chromium, when there is one, and checks the picture (docs/report.md)."""
    from . import report

    try:
        report.find_chromium()
    except report.FileError as e:  # no browser: the report stands on its own
        print(f"  (not rendered to PNG: {e})")
        return
    report.render_png(html, png)
    check = report.check_rendered_png(png)
    print(f"  Rendered in headless Chromium: {png.resolve()} ({check['width']} x {check['height']} px; the render "
          "check found text, tables and figures on a page that is neither blank nor cut off).")


# What `analyze` (and `demo`) write, in this order; report.html first.
OUTPUTS = ("report.html", "summary.csv", "spatiotemporal.csv", "kinematics.csv", "scores.csv", "compensations.csv",
           "events.csv", "coordinates.mot")


# `demo` also renders the report to a picture (when Chromium is installed).
RENDERED = "report.png"


def _temporary(path: pathlib.Path) -> pathlib.Path:
    return path.with_name(f".{path.name}.tmp")


def check_output_dir(out: pathlib.Path) -> None:
    """Refuses a folder holding anything but our outputs: a rerun replaces them, but a user's file (the
    input trial above all) is never overwritten."""
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out} exists and is not a folder")
    if out.is_dir():
        ours = set(OUTPUTS) | {RENDERED} | {_temporary(out / name).name for name in OUTPUTS}
        foreign = sorted(p.name for p in out.iterdir() if p.name not in ours)
        if foreign:
            raise CommandError(f"{out} holds files gaitchain did not write ({', '.join(foreign[:3])}"
                               f"{', ...' if len(foreign) > 3 else ''}); give a new or empty folder with --out")


def _write_csv(frame: pd.DataFrame, path: pathlib.Path) -> None:
    # Written beside and renamed, so an interrupted run never leaves half a table.
    temporary = _temporary(path)
    try:
        frame.to_csv(temporary, index=False)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_outputs(a, summary: dict, out: pathlib.Path) -> list[pathlib.Path]:
    """Writes OUTPUTS into `out` (created): the HTML report, summary.csv (the batch row of this trial,
    with the GPS), the metric tables as CSV, events.csv (the events that cut the cycles) and
    coordinates.mot (the fitted coordinates for OpenSim). Returns the paths written."""
    check_output_dir(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [pathlib.Path(a.to_html(out / "report.html"))]
    tables = {"summary.csv": pd.DataFrame([summary]), "spatiotemporal.csv": a.spatiotemporal,
              "kinematics.csv": a.kinematics, "scores.csv": a.scores, "compensations.csv": a.compensations,
              "events.csv": a.events}
    for name, table in tables.items():
        _write_csv(table, out / name)
        paths.append(out / name)
    a.motion.to_mot(out / "coordinates.mot")
    return paths + [out / "coordinates.mot"]


def _read_trial(path: pathlib.Path, what: str):
    from . import read

    if not path.exists():
        raise CommandError(f"no such file: {path}")
    if path.is_dir():
        raise CommandError(f"{path} is a folder; give a .c3d or .trc {what}")
    try:
        return read(path)
    except (ValueError, OSError) as e:  # ParseError, FileError
        raise CommandError(f"cannot read the {what} {path}: {e}") from None


def _analysis_options(args) -> dict:
    from . import marker_set_names

    if args.marker_set is not None and args.marker_set not in marker_set_names() and not os.path.isfile(args.marker_set):
        raise CommandError(f"--marker-set {args.marker_set!r} is neither a built-in marker set "
                           f"({', '.join(marker_set_names())}) nor a file")
    return {"events": args.events, "marker_set": args.marker_set, "height_m": args.height}


def analyze_trial(args) -> int:
    """`gaitchain analyze`: one trial's outputs into a folder, and a short summary."""
    from . import Error, analyze
    from .batch import summarize

    path = pathlib.Path(args.trial)
    out = pathlib.Path(args.out) if args.out else pathlib.Path(f"{path.stem}-gaitchain")
    options = _analysis_options(args)
    trial = _read_trial(path, "trial")
    static = _read_trial(pathlib.Path(args.static), "static trial") if args.static else None
    check_output_dir(out)
    try:
        a = analyze(trial, static=static, **options)
        row = summarize(a, path, events=args.events)
    except (Error, ValueError) as e:  # the trial was read but does not analyse
        raise CommandError(f"the analysis of {path} failed: {e}", code=1) from None
    written = write_outputs(a, row, out)
    print(f"{path}: {row['cycles_left']} left and {row['cycles_right']} right gait cycles "
          f"(events: {row['event_source']}), speed {row['speed_m_s']:.2f} m/s, "
          f"cadence {row['cadence_steps_min']:.1f} steps/min")
    print(f"Gait Profile Score {row['gps_overall_deg']:.1f} deg (left {row['gps_left_deg']:.1f}, "
          f"right {row['gps_right_deg']:.1f}) against {a.normative['source']} ({a.normative['group']})")
    print(f"Flagged: {row['flagged'] or 'none'}")
    if static is None:
        print("  (no --static: the template model was fitted uncalibrated; angles and findings are rough)")
    print(f"Written to {out}/:")
    for p in written:
        print(f"  {p}")
    return 0


def batch_trials(args) -> int:
    """`gaitchain batch`: every trial under a folder, one CSV row each, failures in a second CSV."""
    from .batch import analyze_many, find_trials

    folder = pathlib.Path(args.folder)
    if not folder.is_dir():
        raise CommandError(f"no such folder: {folder}")
    if args.scheduler and args.workers:
        raise CommandError("give --scheduler or --workers, not both")
    options = _analysis_options(args)
    trials = find_trials(folder)
    static = None
    if args.static:
        _read_trial(pathlib.Path(args.static), "static trial")  # a bad static fails once here, not per trial
        static = pathlib.Path(args.static)
        trials = [t for t in trials if t.resolve() != static.resolve()]
    if not trials:
        raise CommandError(f"no .c3d or .trc trials under {folder}")
    out = pathlib.Path(args.out)
    failures_out = out.with_name(f"{out.stem}-failures.csv")
    client = args.scheduler or ("serial" if args.workers == 1 else None)
    try:
        result = analyze_many(trials, client, static=static, workers=args.workers, **options)
    except ImportError as e:
        raise CommandError(f"{e}; or run with --workers 1") from None
    except OSError as e:
        if args.scheduler:
            raise CommandError(f"cannot reach the Dask scheduler at {args.scheduler}: {e}") from None
        raise
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_csv(result.trials, out)
    _write_csv(result.failures, failures_out)  # also when empty: no stale failures of an earlier run
    ok, failed = len(result.trials), len(result.failures)
    print(f"{len(trials)} trial{'s' if len(trials) != 1 else ''} under {folder}: {ok} analysed, {failed} failed")
    for r in result.failures.itertuples():
        print(f"  {r.path}: {r.error}: {r.message}")
    print(f"Written: {out} ({ok} rows), {failures_out} ({failed} rows)")
    return 0 if failed == 0 else 1 if ok == 0 else 3


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gaitchain", description="Gait biomechanics from the foot to the lower back.")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("demo", help="run the main pipeline on bundled data and summarise it")
    p.add_argument("--duration", type=float, default=10.0, help="seconds of walking (default 10)")
    p.add_argument("--speed", type=float, default=1.3, help="walking speed, m/s (default 1.3)")
    p.add_argument("--noise", type=float, default=0.0, help="marker noise SD, m (default 0)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="gaitchain-demo", help="folder for the real walk's report (default ./gaitchain-demo)")
    p.set_defaults(run=demo)

    from . import detector_names

    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--static", metavar="S", help="standing trial of the subject, to calibrate the model")
    options.add_argument("--events", choices=detector_names(),
                         help="event detector (default: the file's events if they cover both feet, else zeni)")
    options.add_argument("--marker-set", metavar="NAME", help="built-in marker set or marker-set file (default: guessed)")
    options.add_argument("--height", type=_positive, default=1.75, metavar="M",
                         help="subject height for the template model, m (default 1.75)")
    p = commands.add_parser("analyze", parents=[options], help="analyse one trial; write its report and tables")
    p.add_argument("trial", metavar="TRIAL", help=".c3d or .trc walking trial")
    p.add_argument("--out", metavar="DIR", help="output folder (default ./<trial name>-gaitchain)")
    p.set_defaults(run=analyze_trial)
    p = commands.add_parser("batch", parents=[options], help="analyse every trial under a folder into one CSV")
    p.add_argument("folder", metavar="DIR", help="folder searched recursively for .c3d and .trc files")
    p.add_argument("--out", metavar="FILE", default="gaitchain-batch.csv",
                   help="CSV of the analysed trials (default ./gaitchain-batch.csv); failures go to <FILE stem>-failures.csv")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler to run on (default: local worker processes)")
    p.add_argument("--workers", type=_count, metavar="N", help="local worker processes (default: CPU count; 1 runs in this process)")
    p.set_defaults(run=batch_trials)
    args = parser.parse_args(argv)
    from . import Error

    try:
        return args.run(args)
    except CommandError as e:
        print(f"gaitchain {args.command}: error: {e}", file=sys.stderr)
        return e.code
    except (Error, ValueError, OSError, ImportError) as e:
        print(f"gaitchain {args.command}: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
