"""How much of each injected compensation reaches the synthetic walker's solved pose.

Each finding is injected on the right side with a typical magnitude into a 6 s walk; the script prints
the change of the quantity it targets against the healthy walk (right side, and left side as control)
as a Markdown table for docs/validation.md.
"""
import numpy as np

import gaitchain

DURATION = 6.0


def foot_yaw(trial, side, frac_of_stance):
    """Heading of HEE->TOE (deg) at a fraction of each stance, averaged."""
    p = "R" if side == "right" else "L"
    v = trial.marker(p + "TOE") - trial.marker(p + "HEE")
    yaw = np.degrees(np.arctan2(v[:, 1], v[:, 0]))
    ev = trial.events[trial.events.side == side]
    strikes = ev[ev.kind == "foot_strike"].time.to_numpy()
    offs = ev[ev.kind == "foot_off"].time.to_numpy()
    values = []
    for s in strikes:
        later = offs[offs > s]
        if len(later):
            k = int(round((s + frac_of_stance * (later[0] - s)) * trial.rate))
            if 0 <= k < len(yaw):
                values.append(yaw[k])
    return float(np.mean(values))


def step_lengths(trial, truth):
    """Mean step length (m) ending at each side's strike: heel x distance to the other heel."""
    out = {}
    strikes = truth.events[truth.events.kind == "foot_strike"]
    for side, p, o in (("right", "RHEE", "LHEE"), ("left", "LHEE", "RHEE")):
        d = []
        for t in strikes[strikes.side == side].time:
            k = int(round(t * trial.rate))
            d.append(trial.marker(p)[k, 0] - trial.marker(o)[k, 0])
        out[side] = float(np.mean(d))
    return out


MEASURES = {
    "limited_hip_extension": (10.0, "min hip_flexion (deg)", lambda tr, t, s: np.degrees(t.coordinates[f"hip_flexion_{s[0]}"].min())),
    "pelvic_rotation_asymmetry": (6.0, "mean pelvis_rotation, side forward + (deg)",
                                  lambda tr, t, s: (1 if s == "right" else -1) * np.degrees(t.coordinates.pelvis_rotation.mean())),
    "pelvic_drop": (5.0, "max opposite-side drop in stance (deg)",
                    lambda tr, t, s: np.degrees((1 if s == "right" else -1) * t.coordinates.pelvis_list).max()),
    "trunk_forward_lean": (10.0, "mean lumbar flexion (deg)", lambda tr, t, s: -np.degrees(t.coordinates.lumbar_extension.mean())),
    "trunk_lateral_lean": (6.0, "max lumbar bending toward the side (deg)",
                           lambda tr, t, s: np.degrees((1 if s == "right" else -1) * t.coordinates.lumbar_bending).max()),
    "overstriding": (0.08, "HEE-to-HEE x distance at the side's strike frame (m)", lambda tr, t, s: step_lengths(tr, t)[s]),
    "rearfoot_eversion": (6.0, "peak subtalar eversion (deg)", lambda tr, t, s: -np.degrees(t.coordinates[f"subtalar_angle_{s[0]}"].min())),
    "foot_progression": (10.0, "toe-out at mid-stance (deg)",
                         lambda tr, t, s: (-1 if s == "right" else 1) * foot_yaw(tr, s, 0.4)),
    "limited_dorsiflexion": (8.0, "max ankle dorsiflexion (deg)", lambda tr, t, s: np.degrees(t.coordinates[f"ankle_angle_{s[0]}"].max())),
    "knee_valgus": (6.0, "peak knee valgus (deg)",
                    lambda tr, t, s: -np.degrees(t.coordinates[f"knee_adduction_{s[0]}"].min()) if f"knee_adduction_{s[0]}" in t.coordinates else 0.0),
    "step_length_asymmetry": (0.2, "HEE-to-HEE x distance at the side's strike frame (m)", lambda tr, t, s: step_lengths(tr, t)[s]),
    "heel_whip": (10.0, "toe-out just before foot off (deg)", lambda tr, t, s: (-1 if s == "right" else 1) * foot_yaw(tr, s, 0.97)),
    "lumbar_excursion": (8.0, "lumbar extension range (deg)", lambda tr, t, s: np.degrees(np.ptp(t.coordinates.lumbar_extension))),
}


def main():
    healthy = gaitchain.synthetic_walk(duration_s=DURATION)
    print("| finding | magnitude | measure | healthy R | injected R | change R | change L |")
    print("|---|---|---|---|---|---|---|")
    for finding, (magnitude, label, measure) in MEASURES.items():
        walk = gaitchain.synthetic_walk(duration_s=DURATION, compensations={finding: {"side": "right", "magnitude": magnitude}})
        h_r, w_r = measure(*healthy, "right"), measure(*walk, "right")
        h_l, w_l = measure(*healthy, "left"), measure(*walk, "left")
        print(f"| {finding} | {magnitude:g} | {label} | {h_r:.2f} | {w_r:.2f} | {w_r - h_r:+.2f} | {w_l - h_l:+.2f} |")


if __name__ == "__main__":
    main()
