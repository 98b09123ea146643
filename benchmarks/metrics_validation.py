"""Gait metrics against Plug-in Gait; prints the tables of docs/validation.md (section "Gait metrics (issue 6)").

    .venv/bin/python benchmarks/metrics_validation.py

1. Joint angles: gaitchain.analyze() with the trial's stored events, every cycle curve against the Plug-in
   Gait angles stored in the same file (PelvisAngles, HipAngles, KneeAngles, AnkleAngles,
   FootProgressAngles), normalised over the same cycles (analysis.cycles start/end) by time in the same
   way (frame k at (first_frame - 1 + k) / rate, linear interpolation to 101 points). Both use PiG's
   clinical signs for both sides (include/gaitchain/metrics/gait_data.hpp, normative/README.md "Sign
   conventions"), so nothing is flipped; the correlation is the sign check.
   - PiG_Motion-FlatFoot-Full.c3d: calibrated on its static trial PiG_Calibration-FlatFoot-Full.c3d.
   - test_small.c3d: no static trial of this subject exists in ../shared/data (the only static C3D is the
     BTKData FlatFoot calibration; the other statics are OpenSim TRCs of other subjects), so it is fitted
     uncalibrated: the lower-body template at analyze()'s default height (1.75 m). As a supplement, the
     template scaled to the height stored in the file (PROCESSING:Height, 1.58 m), still uncalibrated.
2. Spatiotemporal: our per-side means against the same quantities computed here from the stored events
   and the stored heel markers (LHEE/RHEE of the trial): stride length = horizontal heel-marker travel
   between two strikes of that foot; step length = along the opposite heel's stride line, from the
   opposite heel at its strike to this heel at this strike (GAITRite's definition, as ours).
3. A list of what differs and why.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

import gaitchain
from gaitchain.io import read_c3d

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SMALL = "python-gaitalytics/tests/full/data/test_small.c3d"
FLAT = "BTKData/Input/C3DSamples/PiG/PiG_Motion-FlatFoot-Full.c3d"
FLAT_STATIC = "BTKData/Input/C3DSamples/PiG/PiG_Calibration-FlatFoot-Full.c3d"

# our variable -> (PiG output without the side letter, component 0/1/2 = X/Y/Z)
VARIABLES = {
    "pelvis_tilt": ("PelvisAngles", 0), "pelvis_obliquity": ("PelvisAngles", 1), "pelvis_rotation": ("PelvisAngles", 2),
    "hip_flexion": ("HipAngles", 0), "hip_adduction": ("HipAngles", 1), "hip_rotation": ("HipAngles", 2),
    "knee_flexion": ("KneeAngles", 0), "ankle_dorsiflexion": ("AnkleAngles", 0),
    "foot_progression": ("FootProgressAngles", 2),
}
# Variables whose PiG documented sign differs from ours (flipped before comparing). None: both follow the
# PiG clinical convention for both sides (gait_data.hpp; normative/README.md "Sign conventions").
FLIP: dict[str, float] = {}
SIDES = ("left", "right")


def fmt(v, digits=2) -> str:
    if isinstance(v, (float, np.floating)):
        if not np.isfinite(v):
            return "–"
        return f"{v:.{digits}f}" if abs(v) < 100 else f"{v:.1f}"
    return str(v)


def table(frame: pd.DataFrame, digits=None) -> str:
    digits = digits or {}
    cols = list(frame.columns)
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        out.append("| " + " | ".join(fmt(v, digits.get(c, 2)) for c, v in zip(cols, row)) + " |")
    return "\n".join(out)


def pig_series(stored: dict, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(times, frames x 3 degrees) of one stored PiG output; invalid samples (residual < 0) NaN."""
    i = stored["point_labels"].index(name)
    values = np.array(stored["points"][:, i, :], dtype=float)
    res = stored.get("residuals")
    if res is not None:
        values[np.asarray(res)[:, i] < 0] = np.nan
    k = np.arange(values.shape[0])
    return (stored["first_frame"] - 1 + k) / stored["point_rate"], values


def resample(t: np.ndarray, y: np.ndarray, start: float, end: float) -> np.ndarray:
    """y over [start, end] at 101 points by time (linear); NaN outside the data or next to a NaN."""
    grid = start + (end - start) * np.arange(101) / 100.0
    out = np.interp(grid, t, np.where(np.isfinite(y), y, 0.0))
    bad = np.interp(grid, t, (~np.isfinite(y)).astype(float)) > 0
    out[bad | (grid < t[0] - 1e-9) | (grid > t[-1] + 1e-9)] = np.nan
    return out


def angle_rows(label: str, analysis, stored: dict) -> tuple[list, list]:
    rows, signs = [], []
    cycles = analysis.cycles
    for side in SIDES:
        letter = side[0].upper()
        side_cycles = cycles[cycles["side"] == side].sort_values("start")
        for variable, (output, comp) in VARIABLES.items():
            ours = analysis.cycle_curves(variable, side)
            t, pig = pig_series(stored, letter + output)
            a, b = [], []
            for c in side_cycles.itertuples():
                match = np.where(np.abs(ours.index.values - c.start) < 1e-6)[0]
                if len(match) != 1:
                    continue
                mine = ours.iloc[match[0]].to_numpy(dtype=float)
                ref = FLIP.get(variable, 1.0) * resample(t, pig[:, comp], c.start, c.end)
                if np.isfinite(mine).sum() < 90 or np.isfinite(ref).sum() < 90:
                    continue
                a.append(mine)
                b.append(ref)
            if not a:
                rows.append({"file": label, "side": side, "variable": variable, "cycles": 0})
                continue
            a, b = np.concatenate(a), np.concatenate(b)
            ok = np.isfinite(a) & np.isfinite(b)
            d = a[ok] - b[ok]
            r = float(np.corrcoef(a[ok], b[ok])[0, 1])
            rows.append({"file": label, "side": side, "variable": variable, "cycles": len(a) // 101,
                         "RMS diff (deg)": float(np.sqrt(np.mean(d ** 2))), "mean offset (deg)": float(d.mean()),
                         "RMS w/o offset (deg)": float(d.std()), "r": r})
            # Sign check: would the other sign fit the shape better? (r < 0 with a real excursion)
            if r < 0:
                signs.append((label, side, variable, r, float(np.std(d)), float(np.std(a[ok] + b[ok]))))
    return rows, signs


def fit_row(label: str, analysis) -> dict:
    rms = analysis.motion.marker_rms.to_numpy() * 1000
    err = analysis.motion.marker_error.median() * 1000
    worst = err.sort_values(ascending=False).head(3)
    return {"file": label, "frames": len(rms), "median (mm)": float(np.nanmedian(rms)),
            "mean (mm)": float(np.nanmean(rms)), "95th pct (mm)": float(np.nanpercentile(rms, 95)),
            "worst markers (median error, mm)": ", ".join(f"{m} {v:.0f}" for m, v in worst.items())}


# ---------- spatiotemporal by hand from the stored events and heel markers ----------

def by_hand(trial) -> pd.DataFrame:
    ev = trial.events
    t = trial.time
    heel = {s: trial.marker(("L" if s == "left" else "R") + "HEE") for s in SIDES}

    def heel_at(side, when):
        return np.array([np.interp(when, t, heel[side][:, j]) for j in range(3)])

    def times(side, kind):
        return np.sort(ev[(ev["side"] == side) & (ev["kind"] == kind)]["time"].to_numpy(dtype=float))

    fs = {s: times(s, "foot_strike") for s in SIDES}
    fo = {s: times(s, "foot_off") for s in SIDES}

    def first_between(x, a, b):
        x = x[(x > a) & (x < b)]
        return x[0] if len(x) else np.nan

    rows = []
    for side in SIDES:
        other = "right" if side == "left" else "left"
        for start, end in zip(fs[side][:-1], fs[side][1:]):
            T = end - start
            row = {"side": side, "stride_time_s": T, "cadence_steps_min": 120.0 / T}
            off = first_between(fo[side], start, end)
            o_off = first_between(fo[other], start, end)
            o_fs = first_between(fs[other], start, end)
            row["stance_pct"] = 100 * (off - start) / T
            # both double supports; needs opposite foot off < opposite strike < own foot off
            row["double_support_pct"] = (100 * ((o_off - start) + (off - o_fs)) / T
                                         if o_off < o_fs < off else np.nan)
            prev_o = fs[other][fs[other] < start]
            prev_own = fs[side][fs[side] < start]
            step_ok = len(prev_o) and not (len(prev_own) and prev_own[-1] > prev_o[-1]) and start - prev_o[-1] < T
            row["step_time_s"] = start - prev_o[-1] if step_ok else np.nan
            h0, h1 = heel_at(side, start), heel_at(side, end)
            stride = (h1 - h0)[:2]
            row["stride_length_m"] = float(np.linalg.norm(stride))
            row["speed_m_s"] = row["stride_length_m"] / T
            row["step_length_m"] = np.nan
            if step_ok and np.isfinite(o_fs) and prev_o[-1] >= t[0]:
                p0, p1 = heel_at(other, prev_o[-1]), heel_at(other, o_fs)
                line = (p1 - p0)[:2]
                if np.linalg.norm(line) > 1e-6:
                    row["step_length_m"] = float((h0 - p0)[:2] @ (line / np.linalg.norm(line)))
            rows.append(row)
    return pd.DataFrame(rows)


ST_PARAMS = ["stride_time_s", "step_time_s", "cadence_steps_min", "stance_pct", "double_support_pct",
             "stride_length_m", "step_length_m", "speed_m_s"]


def st_rows(label: str, analysis, trial) -> list:
    hand = by_hand(trial)
    ours = analysis.spatiotemporal.set_index("parameter")
    rows = []
    for p in ST_PARAMS:
        for side in SIDES:
            mine = float(ours.loc[p, f"{side}_mean"])
            ref = float(hand[hand["side"] == side][p].mean())
            n = int(hand[hand["side"] == side][p].notna().sum())
            rows.append({"file": label, "parameter": p, "side": side, "ours": mine,
                         "from stored events": ref, "difference": mine - ref,
                         "n (ours / hand)": f"{int(ours.loc[p, f'{side}_n'])} / {n}"})
    return rows


def yaw_deg(v: np.ndarray) -> np.ndarray:
    return np.degrees(np.arctan2(v[..., 1], v[..., 0]))


def transverse_check(label: str, analysis, trial, stored: dict, static) -> list:
    """Mean over the cycles of the pelvis and foot yaw straight from the markers (ASIS line; HEE->TOE line
    over 10-40 % of the cycle) against the walking direction, the stored PiG value and ours, plus the same
    marker yaws in the static trial (against the lab X axis)."""
    travel = ((trial.marker("LASI") + trial.marker("RASI")) / 2)
    heading = float(yaw_deg(travel[-1] - travel[0]))
    t_pig, _ = pig_series(stored, "RPelvisAngles")
    rows = []
    for side in SIDES:
        letter, mirror = side[0].upper(), (1.0 if side == "right" else -1.0)
        cyc = analysis.cycles[analysis.cycles["side"] == side]
        asis = trial.marker("LASI") - trial.marker("RASI")  # right side forward: +
        pelvis_marker = mirror * (yaw_deg(asis) - 90.0 - heading)
        foot_marker = mirror * (yaw_deg(trial.marker(letter + "TOE") - trial.marker(letter + "HEE")) - heading)
        _, pig_pel = pig_series(stored, letter + "PelvisAngles")
        _, pig_fp = pig_series(stored, letter + "FootProgressAngles")
        ours_pel, ours_fp = analysis.cycle_curves("pelvis_rotation", side), analysis.cycle_curves("foot_progression", side)
        for name, marker, pig, ours, pct in (("pelvis_rotation", pelvis_marker, pig_pel[:, 2], ours_pel, np.arange(101)),
                                             ("foot_progression", foot_marker, pig_fp[:, 2], ours_fp, np.arange(10, 41))):
            m, p, o = [], [], []
            for c in cyc.itertuples():
                match = np.where(np.abs(ours.index.values - c.start) < 1e-6)[0]
                if len(match) != 1:
                    continue
                grid = c.start + (c.end - c.start) * pct / 100.0
                m.append(np.interp(grid, trial.time, marker))
                p.append(np.interp(grid, t_pig, pig))
                o.append(ours.iloc[match[0]].to_numpy(dtype=float)[pct])
            row = {"file": label, "side": side, "variable": name,
                   "window": "whole cycle" if name == "pelvis_rotation" else "10–40 % (stance)",
                   "markers (deg)": float(np.nanmean(m)), "PiG (deg)": float(np.nanmean(p)),
                   "ours (deg)": float(np.nanmean(o))}
            if static is not None:
                s_marker = (mirror * (yaw_deg(static.marker("LASI") - static.marker("RASI")) - 90.0)
                            if name == "pelvis_rotation" else
                            mirror * yaw_deg(static.marker(letter + "TOE") - static.marker(letter + "HEE")))
                row["static markers vs lab X (deg)"] = float(np.nanmean(s_marker))
            else:
                row["static markers vs lab X (deg)"] = float("nan")
            rows.append(row)
    return rows


def main() -> None:
    t0 = time.perf_counter()
    runs = []  # (label, analysis, trial, stored, how)
    small_trial = gaitchain.read(DATA / SMALL)
    small_stored = read_c3d(DATA / SMALL)
    small_height = float(np.ravel(small_stored["parameters"]["PROCESSING"]["Height"])[0]) / 1000.0
    runs.append(("test_small", gaitchain.analyze(small_trial, events=small_trial.events), small_trial, small_stored,
                 "uncalibrated template, default height 1.75 m"))
    runs.append((f"test_small ({small_height:.2f} m)",
                 gaitchain.analyze(small_trial, events=small_trial.events, height_m=small_height), small_trial,
                 small_stored, f"uncalibrated template at the file's PROCESSING:Height {small_height:.2f} m (supplement)"))
    flat_trial = gaitchain.read(DATA / FLAT)
    runs.append(("FlatFoot", gaitchain.analyze(flat_trial, static=DATA / FLAT_STATIC, events=flat_trial.events),
                 flat_trial, read_c3d(DATA / FLAT), "calibrated on PiG_Calibration-FlatFoot-Full.c3d"))

    flat_static = gaitchain.read(DATA / FLAT_STATIC)
    transverse = pd.DataFrame(transverse_check("FlatFoot", runs[2][1], flat_trial, runs[2][3], flat_static)
                              + transverse_check("test_small (1.58 m)", runs[1][1], small_trial, small_stored, None))
    angle, signs, fits = [], [], []
    for label, analysis, trial, stored, how in runs:
        rows, s = angle_rows(label, analysis, stored)
        angle += rows
        signs += s
        fits.append({**fit_row(label, analysis), "model": how})
    angle = pd.DataFrame(angle)
    st = pd.DataFrame([r for label, a, trial, _, _ in runs if "(" not in label for r in st_rows(label, a, trial)])
    elapsed = time.perf_counter() - t0

    print("## Gait metrics (issue 6)\n")
    print("`benchmarks/metrics_validation.py`: `gaitchain.analyze()` on two Plug-in Gait walks with the "
          "events stored in the files, against the Plug-in Gait outputs stored in the same files.\n")
    print("- `test_small` = python-gaitalytics `tests/full/data/test_small.c3d` (Nexus 2.10, PiG full body, "
          "4 cycles). **No static trial of this subject exists in ../shared/data**, so it is fitted "
          f"**uncalibrated**: the lower-body template at analyze()'s default height (1.75 m). The rows "
          f"`test_small ({small_height:.2f} m)` are a supplement: the same template scaled to the height stored "
          "in the file (PROCESSING:Height), still uncalibrated.")
    print("- `FlatFoot` = BTKData `PiG/PiG_Motion-FlatFoot-Full.c3d`, calibrated on "
          "`PiG_Calibration-FlatFoot-Full.c3d` (5 cycles; the first right cycle has no left foot off "
          "before it, so no double support).\n")

    print("### Marker fit (inverse kinematics, per-frame marker RMS)\n")
    print(table(pd.DataFrame(fits), {"median (mm)": 1, "mean (mm)": 1, "95th pct (mm)": 1}))
    print()

    print("### Joint angles against the stored Plug-in Gait angles, same cycles\n")
    print("Every cycle curve (ours: `Analysis.cycle_curves`) against the stored PiG angle resampled over the "
          "same cycle (analysis.cycles start to end, frame k at (first_frame − 1 + k)/rate, 101 points), "
          "pooled over the side's cycles. Difference = ours − PiG. PiG outputs: pelvis = PelvisAngles X/Y/Z, "
          "hip = HipAngles X/Y/Z, knee = KneeAngles X, ankle = AnkleAngles X, foot progression = "
          "FootProgressAngles Z. Both follow PiG's clinical signs for both sides, so nothing is flipped; "
          "r is the sign check.\n")
    print(table(angle, {"RMS diff (deg)": 1, "mean offset (deg)": 1, "RMS w/o offset (deg)": 1, "r": 2}))
    print()

    for label in angle["file"].unique():
        sub = angle[angle["file"] == label]
        print(f"- {label}: median over variables and sides: RMS {sub['RMS diff (deg)'].median():.1f}°, "
              f"RMS without offset {sub['RMS w/o offset (deg)'].median():.1f}°, r {sub['r'].median():.2f}.")
    print()

    print("### Transverse plane: the markers themselves\n")
    print("Mean yaw straight from the markers against the walking direction (net travel of mid-ASIS over the "
          "trial): pelvis = the RASI→LASI line (rotation, this side forward +), foot = the HEE→TOE line (toe-in "
          "+), averaged over the same cycles; PiG and ours over the same samples. Last column: the same marker "
          "lines in the static trial against the lab X axis (the direction the subject faces).\n")
    print(table(transverse, {c: 1 for c in transverse.columns}))
    print()

    print("### Spatiotemporal parameters against the stored events and heel markers\n")
    print("Ours: `Analysis.spatiotemporal` per-side means (times from the events, distances from the model's "
          "heel contact points). From stored events: computed in this script from the stored events and the "
          "trial's LHEE/RHEE markers (stride length = horizontal heel travel between two strikes; step "
          "length = along the opposite heel's stride line, opposite heel at its strike to this heel at this "
          "strike; speed = stride length / stride time; cadence = 120 / stride time; double support = both "
          "double supports, in % of the cycle). Same cycles (consecutive strikes of one foot).\n")
    print(table(st, {"ours": 3, "from stored events": 3, "difference": 3}))
    print()

    print("### What differs and why\n")
    notes = differences(angle, st, signs, transverse, runs[2][1].model.calibration.attrs["foot_axis_turn_deg"])
    for n in notes:
        print(f"- {n}")
    print()
    print(f"(Run time {elapsed:.1f} s for the three analyses and the comparisons.)")


def differences(angle: pd.DataFrame, st: pd.DataFrame, signs: list, transverse: pd.DataFrame, turn: dict) -> list:
    out = []
    if signs:
        for label, side, variable, r, _, _ in signs:
            others = angle[(angle["variable"] == variable) & ~((angle["file"] == label) & (angle["side"] == side))]
            out.append(f"**r < 0:** {label} {side} {variable}: r = {r:.2f} (not flipped). Not a sign convention: "
                       f"the same variable correlates positively in {int((others['r'] > 0).sum())} of the other "
                       f"{len(others)} file/side rows (median r {others['r'].median():.2f}); "
                       + ("hip rotation is the angle the markers determine least, and this fit is uncalibrated."
                          if variable == "hip_rotation" else
                          "the uncalibrated foot's curve against PiG's has a small excursion, so r is dominated by "
                          "shape noise." if variable == "foot_progression" else "see the fit quality."))
    else:
        out.append("No sign mismatch: r > 0 for every variable, side and file, with PiG's documented signs "
                   "(no flips applied).")
    big = angle[angle["RMS diff (deg)"] > 10]
    for label in angle["file"].unique():
        sub = big[big["file"] == label]
        if len(sub):
            out.append(f"RMS over 10° in {label}: {len(sub)} of {int((angle['file'] == label).sum())} rows ("
                       + ", ".join(f"{r.side[0].upper()} {r.variable} {r._5:.1f}° (offset {r._6:+.1f}°)"
                                   for r in sub.itertuples()) + ").")
    ff = angle[angle["file"] == "FlatFoot"].set_index(["variable", "side"])["mean offset (deg)"]
    out.append(f"FlatFoot pelvis tilt vs hip flexion: our hip flexion offset (L {ff[('hip_flexion', 'left')]:+.1f}°, "
               f"R {ff[('hip_flexion', 'right')]:+.1f}°) equals our pelvis tilt offset (L {ff[('pelvis_tilt', 'left')]:+.1f}°, "
               f"R {ff[('pelvis_tilt', 'right')]:+.1f}°): the thighs agree with PiG and the pelvis frames are pitched "
               "differently (PiG: the ASIS/PSIS plane; ours: the calibrated pelvis frame, near zero standing).")
    out.append("test_small is uncalibrated: the generic template's segment frames (pelvis tilt from the "
               "ASIS/SACR geometry, thigh/shank rotation, foot plantarflexion offset) are not this subject's, "
               "and the default 1.75 m template is much taller than the subject (1.58 m), so the fit leaves "
               "tens of mm of marker error and the IK trades segment lengths for angles (coordinates sit on "
               "their bounds in some frames). Its constant offsets and a good part of the shape differences "
               "come from that, not from the angle definitions; PiG was run with the subject's static "
               "calibration and anthropometry.")
    out.append("Other constant offsets on the calibrated FlatFoot trial come from the segment frames: PiG's thigh "
               "and shank axes come from KAD-less THI/TIB wand markers and the knee/ankle widths, and PiG's "
               "ankle angle is the foot vector (heel to toe marker, flat-foot option) against the shank, "
               "offset by the static plantarflexion (StaticPlantFlex), while ours is the model's ankle joint "
               "coordinate.")
    ff = transverse[transverse["file"] == "FlatFoot"].set_index(["variable", "side"])
    def trio(v, s):
        r = ff.loc[(v, s)]
        return (f"markers {r['markers (deg)']:.1f}°, PiG {r['PiG (deg)']:.1f}°, ours {r['ours (deg)']:.1f}°, "
                f"static {r['static markers vs lab X (deg)']:.1f}°")
    out.append("**Transverse plane (FlatFoot), calibrated:** the calibration keeps the standing posture the markers "
               "show. The pelvis' markers have a 1 cm prior (they define its anatomical frame), and the foot below the "
               "ankle is turned to follow the static heel and toe markers (the chain has no joint for tibial torsion; "
               f"this subject's feet turn out by {abs(turn['left']):.1f}° left and {abs(turn['right']):.1f}° right). "
               f"Right pelvis rotation: {trio('pelvis_rotation', 'right')}; foot progression in stance, left: "
               f"{trio('foot_progression', 'left')}; right: {trio('foot_progression', 'right')}. The pelvis keeps "
               "about half of its 4° turn: the 1 cm prior lets the joints' priors take the rest.")
    out.append("Foot progression, definitions: PiG's foot axis is AJC→TOE turned by StaticRotOff onto the static "
               "HEE→TOE line; ours is the heading of the model foot's medio-lateral axis (square to its heel→MTP "
               "axis), which stays level as the heel rises. That heading depends on the foot's roll, and with "
               "Plug-in Gait's two foot markers (both near the foot's long axis) the subtalar roll is not "
               "determined (SD 11-13° at 5 mm noise): analyze() holds it at 0, as PiG's rigid rearfoot does "
               "(notes say so), and subtalar inversion and rearfoot eversion are not reported for these trials.")
    shape = angle[angle["file"] == "FlatFoot"].sort_values("RMS w/o offset (deg)", ascending=False).head(4)
    out.append("Shape (RMS after removing the offset) on FlatFoot differs most for "
               + ", ".join(f"{r.side[0].upper()} {r.variable} {r._7:.1f}°" for r in shape.itertuples())
               + ": hip rotation is the angle the markers determine least (thigh wand vs the model's fitted thigh), "
               "the sagittal angles agree best.")
    d = st[st["parameter"].isin(["stride_time_s", "step_time_s", "cadence_steps_min", "stance_pct",
                                 "double_support_pct"])]["difference"].abs().max()
    out.append(f"Temporal parameters come from the same events, so they agree exactly (largest |difference| {d:.1e}); "
               "lengths and speed differ by the heel point used (ours: the model's heel contact point; here: "
               "the HEE marker), a few mm per stride.")
    return out


if __name__ == "__main__":
    main()
