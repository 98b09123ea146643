"""Accuracy and speed of calibration + inverse kinematics; prints the tables of docs/validation.md.

    .venv/bin/python benchmarks/ik_validation.py [--no-opensim]

1. Synthetic walk (known truth): noise-free error; with 2 mm noise the RMSE next to the Cramer-Rao bound
   sigma^2 (J^T J)^-1 at the true poses and next to the reported SD; with 30 % dropout.
2. Real trials against OpenSim IK: gait2354 subject01_walk1 (calibrated on subject01_static) vs
   OutputReference/subject01_walk1_ik.mot, and Rajagopal motion_capture_walk (calibrated on
   static_walk_1) vs Moco's coordinates.sto (IK then RRA) and, when the opensim package is installed,
   vs OpenSim 4.6's own IK of the same trial. Per coordinate: the constant offset (ours - OpenSim, in
   OpenSim's signs), the RMS difference after removing it, the raw RMS and the correlation.
3. Pose2Sim's BODY_25B keypoint TRC fitted with the body25b keypoint set vs Pose2Sim's OpenSim IK.
4. Speed on subject01_walk1, one thread: our IK against OpenSim's InverseKinematicsTool (solve loop).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

import gaitchain

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
GAIT2354 = DATA / "opensim-models/Pipelines/Gait2354_Simbody"
RAJAGOPAL = DATA / "opensim-models/Pipelines/Rajagopal/ExpData"
MOCO = DATA / "opensim-core/OpenSim/Examples/Moco/example3DWalking"
POSE2SIM = DATA / "pose2sim/Pose2Sim"
LOCK_FOOT = {name: 0.0 for name in ("subtalar_angle_r", "subtalar_angle_l", "mtp_angle_r", "mtp_angle_l")}
# Our clinical signs against OpenSim's (docs/conventions.md): tilt and list are opposite in both models,
# the knee is opposite in gait2354 only.
SIGNS = {"gait2354": {"pelvis_tilt": -1, "pelvis_list": -1, "knee_angle_r": -1, "knee_angle_l": -1},
         "rajagopal": {"pelvis_tilt": -1, "pelvis_list": -1},
         "body25b": {"pelvis_tilt": -1, "pelvis_list": -1}}
ANGLES = ["pelvis_tilt", "pelvis_list", "pelvis_rotation", "hip_flexion_r", "hip_adduction_r", "hip_rotation_r",
          "knee_angle_r", "ankle_angle_r", "hip_flexion_l", "hip_adduction_l", "hip_rotation_l", "knee_angle_l",
          "ankle_angle_l", "lumbar_extension", "lumbar_bending", "lumbar_rotation"]


def table(rows: list[dict], columns: list[str]) -> str:
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        out.append("| " + " | ".join(str(row[c]) for c in columns) + " |")
    return "\n".join(out)


def reference_degrees(path: Path) -> pd.DataFrame:
    t = gaitchain.read_table(path)
    in_degrees = t.attrs["in_degrees"]
    t.columns = [c.split("/")[-2] if c.startswith("/") else c for c in t.columns]  # /jointset/hip_r/hip_flexion_r/value
    return t if in_degrees else np.degrees(t)


def compare(motion: gaitchain.Motion, ref: pd.DataFrame, signs: dict, label: str, start=None, end=None) -> list[dict]:
    ours = motion.degrees()
    rows = []
    for name in ANGLES:
        if name not in ref.columns:
            continue
        r = ref[name]
        if start is not None:
            r = r[(r.index >= start - 1e-9) & (r.index <= end + 1e-9)]
        # the reference's samples at our frames (nearest frame within half a sample)
        idx = np.rint((r.index.to_numpy() * motion.rate) - (motion.first_frame - 1)).astype(int)
        keep = (idx >= 0) & (idx < motion.frame_count)
        a = ours[f"{name}_deg"].to_numpy()[idx[keep]] * signs.get(name, 1)
        b = r.to_numpy()[keep]
        _, first = np.unique(idx[keep], return_index=True)  # one sample per frame (coordinates.sto is 1 kHz)
        a, b = a[first], b[first]
        ok = np.isfinite(a) & np.isfinite(b)
        a, b = a[ok], b[ok]
        d = a - b
        rows.append(dict(file=label, coordinate=name, frames=len(d), offset_deg=f"{d.mean():+.2f}",
                         rms_after_offset_deg=f"{d.std():.2f}", rms_raw_deg=f"{np.sqrt(np.mean(d**2)):.2f}",
                         r=f"{np.corrcoef(a, b)[0, 1]:.3f}"))
    return rows


def marker_summary(label: str, motion: gaitchain.Motion, calibration_rms: float | None) -> dict:
    rms = motion.marker_rms.dropna().to_numpy() * 1000
    return dict(file=label, frames=motion.frame_count, flagged=int((motion.flags != "").sum()),
                static_rms_mm="-" if calibration_rms is None else f"{calibration_rms * 1000:.1f}",
                marker_rms_median_mm=f"{np.median(rms):.1f}", marker_rms_p95_mm=f"{np.percentile(rms, 95):.1f}",
                marker_rms_max_mm=f"{rms.max():.1f}", noise_sigma_mm=f"{motion.marker_noise_m * 1000:.1f}")


def synthetic() -> None:
    print("### Synthetic walk (plug-in-gait, 10 s at 100 Hz, the generating model)\n")
    trial, truth = gaitchain.synthetic_walk(duration_s=10.0)
    m = gaitchain.inverse_kinematics(truth.model, trial)
    err = (m.coordinates - truth.coordinates.to_numpy())
    rot = [c for c in err.columns if m.rotational[c] and not err[c].isna().all()]
    print(f"Noise-free: largest angle error {np.degrees(np.nanmax(np.abs(err[rot].to_numpy()))):.2e} deg over "
          f"{len(rot)} determined angles; mtp_angle_r/l NaN and flagged in every frame (no toe marker in plug-in-gait).\n")

    trial, truth = gaitchain.synthetic_walk(duration_s=10.0, noise_m=0.002, seed=3)
    m = gaitchain.inverse_kinematics(truth.model, trial)
    model = truth.model
    free = [i for i, c in enumerate(model.coordinate_names) if not c.startswith("mtp")]
    crb = np.zeros(len(model.coordinate_names))
    for q in truth.coordinates.to_numpy():
        J = model.marker_jacobian(q)[:, free]
        crb[free] += np.diag(0.002**2 * np.linalg.inv(J.T @ J))
    crb = np.sqrt(crb / len(truth.coordinates))
    rows = []
    for name in ANGLES + ["subtalar_angle_r", "subtalar_angle_l"]:
        c = model.coordinate_names.index(name)
        e = (m.coordinates[name] - truth.coordinates[name]).to_numpy()
        rmse = np.sqrt(np.nanmean(e**2))
        sd = np.sqrt(np.nanmean(m.uncertainty[name].to_numpy() ** 2))
        rows.append(dict(coordinate=name, rmse_deg=f"{np.degrees(rmse):.3f}", cramer_rao_deg=f"{np.degrees(crb[c]):.3f}",
                         rmse_over_bound=f"{rmse / crb[c]:.2f}", reported_sd_deg=f"{np.degrees(sd):.3f}"))
    print(f"2 mm noise (estimated sigma {m.marker_noise_m * 1000:.2f} mm):\n")
    print(table(rows, ["coordinate", "rmse_deg", "cramer_rao_deg", "rmse_over_bound", "reported_sd_deg"]) + "\n")

    trial, truth = gaitchain.synthetic_walk(duration_s=10.0, noise_m=0.002, dropout=0.3, seed=3)
    m = gaitchain.inverse_kinematics(truth.model, trial)
    names = trial.marker_names
    shank = [names.index(n) for n in ("RTIB", "RANK", "RKNE")]
    lost = np.isnan(trial.points[:, shank, 0]).sum(axis=1)  # right knee/shank markers missing per frame
    rows = []
    for name in ["hip_flexion_r", "knee_angle_r", "ankle_angle_r", "pelvis_tilt"]:
        e = (m.coordinates[name] - truth.coordinates[name]).to_numpy()
        sd = np.degrees(m.uncertainty[name].to_numpy())
        row = dict(coordinate=name, rmse_deg=f"{np.degrees(np.sqrt(np.nanmean(e**2))):.2f}")
        for k in range(3):
            row[f"median_sd_{k}_missing_deg"] = f"{np.nanmedian(sd[lost == k]):.2f}" if (lost == k).any() else "-"
        rows.append(row)
    print(f"30 % dropout with 2 mm noise: {int((m.flags != '').sum())} of {m.frame_count} frames carry a flag (mtp), "
          f"median marker RMS {np.nanmedian(m.marker_rms) * 1000:.1f} mm. Reported SD (median) by how many of RKNE, "
          f"RTIB, RANK are missing in the frame ({', '.join(str(int((lost == k).sum())) for k in range(4))} frames with "
          f"0, 1, 2, 3 missing):\n")
    print(table(rows, ["coordinate", "rmse_deg"] + [f"median_sd_{k}_missing_deg" for k in range(3)]) + "\n")


def real(use_opensim: bool) -> None:
    rows, markers = [], []
    print("### Real trials against OpenSim IK\n")
    model = gaitchain.calibrate(gaitchain.Model.lower_body(marker_set="gait2354", height_m=1.8),
                                gaitchain.read(GAIT2354 / "subject01_static.trc"))
    walk = gaitchain.read(GAIT2354 / "subject01_walk1.trc")
    m = gaitchain.inverse_kinematics(model, walk, locked=LOCK_FOOT)
    rows += compare(m, reference_degrees(GAIT2354 / "OutputReference/subject01_walk1_ik.mot"), SIGNS["gait2354"],
                    "subject01_walk1 vs OpenSim IK (gait2354)")
    markers.append(marker_summary("subject01_walk1 (gait2354)", m, model.calibration.attrs["rms"]))

    model = gaitchain.calibrate(gaitchain.Model.lower_body(marker_set="rajagopal", height_m=1.8),
                                gaitchain.read(RAJAGOPAL / "static_walk_1.trc"))
    walk = gaitchain.read(RAJAGOPAL / "motion_capture_walk.trc")
    m = gaitchain.inverse_kinematics(model, walk, locked=LOCK_FOOT)
    rows += compare(m, reference_degrees(MOCO / "coordinates.sto"), SIGNS["rajagopal"],
                    "motion_capture_walk vs coordinates.sto (IK+RRA)", 0.45, 1.799)
    markers.append(marker_summary("motion_capture_walk (rajagopal)", m, model.calibration.attrs["rms"]))
    if use_opensim:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import opensim_ik
        case = opensim_ik.CASES["rajagopal"]
        ref, _, _ = opensim_ik.run_ik(case["model"], case["trc"], case["setup"])
        rows += compare(m, ref, SIGNS["rajagopal"], "motion_capture_walk vs OpenSim 4.6 IK (rajagopal)")

    trc = POSE2SIM / "S00_Demo_Session/S00_P00_SingleParticipant/S00_P00_T01_BalancingTrial/pose-3d/S00_P00_T01_BalancingTrial_0-100_filt_butterworth.trc"
    mot = POSE2SIM / "S00_Demo_BatchSession/S00_P00_SingleParticipant/S00_P00_OpenSim/S00_P00_T01_BalancingTrial_filt_butterworth_0-100_body25b.mot"
    keypoints = gaitchain.read(trc)
    m = gaitchain.inverse_kinematics(gaitchain.Model.lower_body(marker_set="body25b", height_m=1.68), keypoints,
                                     locked={"mtp_angle_r": 0.0, "mtp_angle_l": 0.0})
    ref = reference_degrees(mot)
    rows += [r for r in compare(m, ref, SIGNS["body25b"], "Pose2Sim BODY_25B keypoints vs Pose2Sim OpenSim IK")
             if r["coordinate"].split("_")[0] in ("hip", "knee", "ankle")]
    markers.append(marker_summary("Pose2Sim balancing (body25b, uncalibrated 1.68 m)", m, None))

    print(table(rows, ["file", "coordinate", "frames", "offset_deg", "rms_after_offset_deg", "rms_raw_deg", "r"]) + "\n")
    print("Marker fit per frame:\n")
    print(table(markers, ["file", "frames", "flagged", "static_rms_mm", "marker_rms_median_mm", "marker_rms_p95_mm",
                          "marker_rms_max_mm", "noise_sigma_mm"]) + "\n")


def speed(use_opensim: bool) -> None:
    model = gaitchain.calibrate(gaitchain.Model.lower_body(marker_set="gait2354", height_m=1.8),
                                gaitchain.read(GAIT2354 / "subject01_static.trc"))
    walk = gaitchain.read(GAIT2354 / "subject01_walk1.trc")
    best = min(_timed(lambda: gaitchain.inverse_kinematics(model, walk, locked=LOCK_FOOT)) for _ in range(20))
    frames = len(walk.time)
    line = f"Ours: {frames / best:,.0f} frames/s ({best / frames * 1e6:.0f} us/frame, best of 20, one thread)"
    if use_opensim:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import opensim_ik
        case = opensim_ik.CASES["gait2354"]
        loops = []
        for _ in range(3):
            timings = {}
            opensim_ik.run_ik(case["model"], case["trc"], case["setup"], timings=timings)
            loops.append(timings["loop_s"])
        os_best = min(loops)
        line += f"; OpenSim 4.6 InverseKinematicsTool solve loop: {frames / os_best:,.0f} frames/s (best of 3); " \
                f"ratio {os_best / best:.0f}x"
    print("### Speed on subject01_walk1 (151 frames, 31 markers)\n\n" + line + "\n")


def _timed(f) -> float:
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-opensim", action="store_true", help="skip the OpenSim runs")
    args = parser.parse_args()
    use_opensim = not args.no_opensim
    if use_opensim:
        try:
            import opensim  # noqa: F401
        except ImportError:
            use_opensim = False
    synthetic()
    real(use_opensim)
    speed(use_opensim)


if __name__ == "__main__":
    main()
