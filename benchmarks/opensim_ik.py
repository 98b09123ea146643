"""Runs and times OpenSim's InverseKinematicsTool on the OpenSim example walks in ../shared/data.

Reference numbers for our own inverse kinematics (speed and angles). Importable:

    from opensim_ik import run_ik
    timings = {}
    coords_deg, run_s, frames = run_ik(model, trc, setup_xml, start=0.4, end=1.6, timings=timings)

or from the command line, pinned to one core (the module also sets OPENBLAS/OMP/MKL_NUM_THREADS=1
before OpenSim loads; OpenSim's IK itself is single-threaded):

    taskset -c 0 .venv/bin/python benchmarks/opensim_ik.py gait2354 --repeat 5 --compare
    taskset -c 0 .venv/bin/python benchmarks/opensim_ik.py rajagopal --repeat 5 --compare

Three times are reported per run: `load` (Model(path), outside run()), `run` (wall time of
tool.run(): initSystem, reading the TRC, the per-frame solves, writing the .mot and the marker errors)
and `loop` (the per-frame solves alone: the tool logs one 'Frame i' line after each `track()`; a
log sink stamps them with time.perf_counter(), and frames 2..N are scaled to N). frames/s is given
for `loop` (the solver) and `run`.

Setup files in ../shared/data use paths relative to themselves; `fixed_setup` writes a copy with
absolute paths into the scratch folder (../opensim-scratch, or $GAITCHAIN_OPENSIM_SCRATCH) and all
outputs go there. Nothing is written into ../shared.
"""
from __future__ import annotations

import argparse
import ctypes
import io
import os
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

# One thread for the BLAS/LAPACK OpenSim bundles (OpenBLAS); must be set before opensim loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SCRATCH = Path(os.environ.get("GAITCHAIN_OPENSIM_SCRATCH", ROOT.parent / "opensim-scratch"))

GAIT2354 = DATA / "opensim-models/Pipelines/Gait2354_Simbody"
MOCO_WALK = DATA / "opensim-core/OpenSim/Examples/Moco/example3DWalking"
RAJAGOPAL = DATA / "opensim-models/Pipelines/Rajagopal"

CASES = {
    "gait2354": dict(
        model=GAIT2354 / "OutputReference/subject01_simbody.osim",
        trc=GAIT2354 / "subject01_walk1.trc",
        setup=GAIT2354 / "subject01_Setup_IK.xml",
        ranges=[(0.4, 1.6), (None, None)],
        reference=GAIT2354 / "OutputReference/subject01_walk1_ik.mot",
    ),
    "rajagopal": dict(
        model=MOCO_WALK / "subject_walk_scaled.osim",
        trc=RAJAGOPAL / "ExpData/motion_capture_walk.trc",
        setup=RAJAGOPAL / "IK/ik_setup_walk.xml",
        setup_moco=MOCO_WALK / "ik_tasks_walk.xml",
        ranges=[(None, None)],
        reference=MOCO_WALK / "coordinates.sto",  # IK then RRA, radians, 1000 Hz, 0.45-1.799 s
        reference_range=(0.45, 1.799),
        keep=SCRATCH / "rajagopal_walk_ik.mot",
    ),
}

_osim = None


def _opensim():
    """Imports opensim once, without its default opensim.log file in the working directory."""
    global _osim
    if _osim is None:
        import opensim

        opensim.Logger.removeFileSink()
        _osim = opensim
    return _osim


def read_mot(path) -> tuple[pd.DataFrame, bool]:
    """Reads an OpenSim .mot/.sto table: (DataFrame indexed by time, in_degrees flag)."""
    lines = Path(path).read_text().splitlines()
    end = next(i for i, line in enumerate(lines) if line.strip().lower() == "endheader")
    in_degrees = any(line.strip().lower() == "indegrees=yes" for line in lines[:end])
    table = pd.read_csv(io.StringIO("\n".join(lines[end + 1:])), sep=r"\s+", index_col=0)
    table.index.name = "time"
    if any(c.startswith("/") for c in table.columns):  # state paths: keep /jointset/j/coord/value
        values = [c for c in table.columns if c.endswith("/value")]
        table = table[values].rename(columns=lambda c: c.split("/")[-2])
    return table, in_degrees


def to_degrees(table: pd.DataFrame, in_degrees: bool) -> pd.DataFrame:
    """Rotational columns in degrees; translations (pelvis_t*) stay in metres.

    OpenSim leaves coupled coordinates (Rajagopal's knee_angle_*_beta) out of its degree/radian
    conversions: they are radians in an inDegrees=yes IK .mot and degrees in the inDegrees=no
    example3DWalking/coordinates.sto. They are converted the other way round here."""
    out = table.copy()
    rot = [c for c in out.columns if not re.fullmatch(r"pelvis_t[xyz]", c)]
    coupled = [c for c in rot if c.endswith("_beta")]
    convert = coupled if in_degrees else [c for c in rot if c not in coupled]
    out[convert] = np.degrees(out[convert])
    return out


def fixed_setup(setup_xml, model_path, trc_path, out_mot, start=None, end=None, name=None) -> Path:
    """Writes a copy of an IK setup (InverseKinematicsTool document or bare IKTaskSet) next to
    out_mot with absolute paths, the given time range (None: the whole TRC) and outputs there."""
    out_mot = Path(out_mot).resolve()
    root = ET.parse(setup_xml).getroot()
    tool = root.find("InverseKinematicsTool")
    if tool is None:  # a bare IKTaskSet (e.g. example3DWalking/ik_tasks_walk.xml): wrap it
        tasks = root if root.tag == "IKTaskSet" else root.find("IKTaskSet")
        if tasks is None:
            raise ValueError(f"{setup_xml}: neither an InverseKinematicsTool setup nor an IKTaskSet")
        root = ET.Element("OpenSimDocument", Version="40000")
        tool = ET.SubElement(root, "InverseKinematicsTool", name=name or Path(setup_xml).stem)
        tool.append(tasks)
    if name:
        tool.set("name", name)

    def put(tag, text):
        el = tool.find(tag)
        if el is None:
            el = ET.SubElement(tool, tag)
        el.text = text

    inf = "Inf"
    put("model_file", str(Path(model_path).resolve()))
    put("marker_file", str(Path(trc_path).resolve()))
    put("coordinate_file", "Unassigned")
    put("results_directory", str(out_mot.parent))
    put("output_motion_file", str(out_mot))
    put("report_errors", "true")  # also gives the per-frame log lines that time the solver loop
    put("report_marker_locations", "false")
    put("time_range", f"{'-' + inf if start is None else repr(float(start))} "
                      f"{inf if end is None else repr(float(end))}")
    out = out_mot.with_name(out_mot.stem + "_setup.xml")
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="UTF-8", xml_declaration=True)
    return out


_UNITS = {"hour": 3600.0, "minute": 60.0, "second": 1.0, "millisecond": 1e-3,
          "microsecond": 1e-6, "nanosecond": 1e-9}


def _stopwatch_seconds(log: str):
    """Reads 'InverseKinematicsTool completed N frames in 1 second(s) 234 millisecond(s)' (the
    tool's own stopwatch; above 1 s it drops the milliseconds, so it is only a cross-check)."""
    m = re.search(r"completed (\d+) frames in ([^\n]*)", log)
    if not m:
        return None, None
    parts = re.findall(r"([\d.]+)\s*(hour|minute|second|millisecond|microsecond|nanosecond)", m.group(2))
    return int(m.group(1)), (sum(float(v) * _UNITS[u] for v, u in parts) if parts else None)


def _timed_sink(osim):
    """A LogSink that stamps each message with time.perf_counter(): the tool logs one 'Frame i'
    line right after each per-frame solve, which times the solver loop to the microsecond."""

    class TimedSink(osim.LogSink):
        def __init__(self):
            super().__init__()
            self.messages = []

        def sinkImpl(self, message):
            self.messages.append((time.perf_counter(), message))

        def flushImpl(self):
            pass

    return TimedSink()


class _Quiet:
    """Sends OpenSim's console output (fd 1 and 2) to a file while it runs."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        sys.stdout.flush()
        sys.stderr.flush()
        self.file = open(self.path, "w")
        self.saved = [os.dup(1), os.dup(2)]
        os.dup2(self.file.fileno(), 1)
        os.dup2(self.file.fileno(), 2)
        return self

    def __exit__(self, *exc):
        ctypes.CDLL(None).fflush(None)
        for fd, saved in zip((1, 2), self.saved):
            os.dup2(saved, fd)
            os.close(saved)
        self.file.close()
        return False


def run_ik(model_path, trc_path, setup_xml=None, start=None, end=None, out_mot=None, timings=None):
    """Runs OpenSim's InverseKinematicsTool on one trial.

    setup_xml: an IK setup (its task weights, constraint weight and accuracy are used; its paths and
    time range are replaced) or a bare IKTaskSet file; None uses every TRC marker the model has,
    weight 1. start/end: seconds, None for the ends of the TRC. out_mot: where the tool writes its
    motion (default: the scratch folder); the marker-error .sto and a log go next to it.

    Returns (coordinates in degrees (translations in m) indexed by time, seconds of tool.run(), frame
    count). If `timings` is a dict it receives load_s (Model(path)), run_s, loop_s (the per-frame
    solves, timed from the tool's per-frame log lines), stopwatch_s (the tool's own, coarse above
    1 s), frames, threads (of this process after the run), the mean and max of the per-frame marker
    RMS error (m) and the paths written.
    """
    osim = _opensim()
    trc_path = Path(trc_path)
    out_mot = Path(out_mot) if out_mot else SCRATCH / f"{trc_path.stem}_ik.mot"
    out_mot = out_mot.resolve()
    name = out_mot.stem
    if setup_xml is None:
        root = ET.Element("OpenSimDocument", Version="40000")
        ET.SubElement(ET.SubElement(root, "InverseKinematicsTool", name=name), "IKTaskSet")
        out_mot.parent.mkdir(parents=True, exist_ok=True)
        setup_xml = out_mot.with_name(name + "_empty_tasks.xml")
        ET.ElementTree(root).write(setup_xml, encoding="UTF-8", xml_declaration=True)
    setup = fixed_setup(setup_xml, model_path, trc_path, out_mot, start, end, name=name)

    tool = osim.InverseKinematicsTool(str(setup))
    log_path = out_mot.with_suffix(".log")
    sink = _timed_sink(osim)
    osim.Logger.addSink(sink)
    level = osim.Logger.getLevelString()
    try:
        with _Quiet(log_path):
            osim.Logger.setLevelString("Info")  # the per-frame lines are logged at Info level
            t0 = time.perf_counter()
            model = osim.Model(str(Path(model_path).resolve()))
            t1 = time.perf_counter()
            tool.setModel(model)
            t2 = time.perf_counter()
            ok = tool.run()
            t3 = time.perf_counter()
    finally:
        osim.Logger.removeSink(sink)
        with _Quiet(os.devnull):
            osim.Logger.setLevelString(level)
    log = "\n".join(m for _, m in sink.messages)
    if not ok:
        raise RuntimeError(f"InverseKinematicsTool failed; see {log_path}")
    table, in_degrees = read_mot(out_mot)
    coords = to_degrees(table, in_degrees)
    frames = len(coords)
    if timings is not None:
        logged_frames, stopwatch_s = _stopwatch_seconds(log)
        stamps = [t for t, m in sink.messages if m.startswith("Frame ")]
        # Frames 2..N: from the first 'Frame' line to the last, scaled to N frames. Frame 1 also
        # follows the initial assemble(), which the tool's stopwatch leaves out too.
        loop_s = (stamps[-1] - stamps[0]) * len(stamps) / (len(stamps) - 1) if len(stamps) > 1 else None
        errors_path = out_mot.parent / f"{name}_ik_marker_errors.sto"
        rms = read_mot(errors_path)[0]["marker_error_RMS"] if errors_path.exists() else pd.Series(dtype=float)
        timings.update(load_s=t1 - t0, run_s=t3 - t2, loop_s=loop_s, stopwatch_s=stopwatch_s, frames=frames,
                       logged_frames=logged_frames, threads=len(os.listdir("/proc/self/task")),
                       marker_rms_mean_m=float(rms.mean()) if len(rms) else None,
                       marker_rms_max_m=float(rms.max()) if len(rms) else None,
                       setup=str(setup), out_mot=str(out_mot), log=str(log_path))
    return coords, t3 - t2, frames


def compare(ours: pd.DataFrame, reference: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Per shared column: RMS, max |ours - reference| and mean (degrees; pelvis_t* in mm) at our
    samples within [start, end], each paired with the nearest reference sample (no interpolation:
    the TRC times are rounded to 1 ms, the reference's are not). `.attrs['max_dt']` is the largest
    time mismatch of a pair."""
    t = ours.index.to_numpy()
    keep = np.ones(len(t), bool)
    if start is not None:
        keep &= t >= start - 1e-3
    if end is not None:
        keep &= t <= end + 1e-3
    t = t[keep]
    tr = reference.index.to_numpy()
    j = np.clip(np.searchsorted(tr, t), 1, len(tr) - 1)
    j = np.where(np.abs(tr[j - 1] - t) <= np.abs(tr[j] - t), j - 1, j)
    rows = {}
    for c in [c for c in ours.columns if c in reference.columns]:
        d = ours[c].to_numpy()[keep] - reference[c].to_numpy()[j]
        translation = re.fullmatch(r"pelvis_t[xyz]", c) is not None
        if translation:
            d = d * 1000.0
        rows[c] = dict(rms=float(np.sqrt(np.mean(d ** 2))), max_abs=float(np.max(np.abs(d))),
                       mean=float(np.mean(d)), unit="mm" if translation else "deg")
    out = pd.DataFrame(rows).T
    out.attrs.update(max_dt=float(np.max(np.abs(tr[j] - t))), samples=int(len(t)))
    return out


def _summary(label, runs):
    frames = runs[0]["frames"]
    loops = [r["loop_s"] for r in runs if r["loop_s"]]
    line = (f"{label}: {frames} frames, repeats {len(runs)}; load {min(r['load_s'] for r in runs):.3f} s; "
            f"run() best {min(r['run_s'] for r in runs):.3f} s / median {statistics.median(r['run_s'] for r in runs):.3f} s "
            f"= {frames / min(r['run_s'] for r in runs):.0f} frames/s")
    if loops:
        line += (f"; solve loop best {min(loops):.3f} s / median {statistics.median(loops):.3f} s "
                 f"= {frames / min(loops):.0f} frames/s ({1e3 * min(loops) / frames:.2f} ms/frame)")
    rms = runs[0]["marker_rms_mean_m"]
    if rms is not None:
        line += f"; marker RMS mean {1e3 * rms:.1f} mm, max {1e3 * runs[0]['marker_rms_max_m']:.1f} mm"
    return line


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("case", choices=sorted(CASES))
    p.add_argument("--repeat", type=int, default=3, help="runs per time range (default 3)")
    p.add_argument("--compare", action="store_true", help="print per-coordinate differences vs the stored reference")
    p.add_argument("--tasks", choices=["pipeline", "moco"], default="pipeline",
                   help="rajagopal only: IK tasks of Pipelines/Rajagopal/IK/ik_setup_walk.xml (default) "
                        "or example3DWalking/ik_tasks_walk.xml")
    p.add_argument("--cpu", type=int, help="pin this process to one CPU (like taskset -c N)")
    args = p.parse_args(argv)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    case = CASES[args.case]
    setup = case["setup_moco"] if args.case == "rajagopal" and args.tasks == "moco" else case["setup"]
    print(f"OpenSim IK, case {args.case}; model {case['model'].name}; setup {setup.name}; "
          f"CPUs allowed {sorted(os.sched_getaffinity(0))}; "
          + " ".join(f"{v}={os.environ.get(v)}" for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")))
    for start, end in case["ranges"]:
        label = f"{start}-{end} s" if start is not None else "full trial"
        tag = f"{args.case}{'_' + args.tasks if args.case == 'rajagopal' else ''}_" + (
            f"{start}-{end}".replace(".", "p") if start is not None else "full")  # no '.': OpenSim
        # would take the rest of the name as an extension
        runs = []
        for _ in range(args.repeat):
            t = {}
            coords, _, _ = run_ik(case["model"], case["trc"], setup, start, end,
                                  out_mot=SCRATCH / f"{tag}.mot", timings=t)
            runs.append(t)
        print(_summary(label, runs))
        print(f"  threads in process after run: {runs[-1]['threads']}; output {runs[-1]['out_mot']}")
        if case.get("keep") and start is None and args.tasks == "pipeline":
            case["keep"].write_text(Path(runs[-1]["out_mot"]).read_text())
            print(f"  saved {case['keep']}")
        if args.compare:
            ref, in_deg = read_mot(case["reference"])
            ref = to_degrees(ref, in_deg)
            lo, hi = case.get("reference_range", (start, end))
            if start is None and lo is None:
                lo, hi = ref.index[0], ref.index[-1]
            table = compare(coords, ref, lo, hi)
            print(f"  vs {case['reference'].name} over {lo}-{hi} s, {table.attrs['samples']} samples "
                  f"(nearest reference sample, max dt {1e3 * table.attrs['max_dt']:.2f} ms; ours - reference):")
            print(table.to_string(float_format=lambda v: f"{v:.4f}").replace("\n", "\n    ").join(["    ", ""]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
