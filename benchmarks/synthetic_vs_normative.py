"""How close the synthetic walker's solved joint angles come to the normative curves it targets.

For each speed, the truth coordinates of a 12 s walk are cut at right foot strikes, time-normalised to
51 points and averaged; the mean curve is compared with the Schwartz 2008 mean curve of the nearest
speed group read from ../shared/data/normative/normative_curves.csv (degrees, PiG signs). Also reports
foot-flat marker speed. Prints a Markdown table (docs/validation.md).
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

import gaitchain

CSV = Path(__file__).resolve().parents[2] / "shared/data/normative/normative_curves.csv"
PAIRS = [("hip_flexion_r", "hip_flexion"), ("hip_adduction_r", "hip_adduction"), ("hip_rotation_r", "hip_rotation"),
         ("knee_angle_r", "knee_flexion"), ("ankle_angle_r", "ankle_dorsiflexion"), ("pelvis_tilt", "pelvis_tilt"),
         ("pelvis_list", "pelvis_obliquity"), ("pelvis_rotation", "pelvis_rotation")]
GROUPS = [(0.17, "VerySlow"), (0.29, "Slow"), (0.429, "Free"), (0.56, "Fast"), (0.69, "VeryFast")]


def mean_cycle(series, strikes, t):
    cycles = []
    for a, b in zip(strikes, strikes[1:]):
        cycles.append(np.interp(np.linspace(a, b, 51), t, series))
    return np.mean(cycles, axis=0)


def main():
    norms = pd.read_csv(CSV)
    rows = []
    for speed in (0.9, 1.3, 1.7):
        trial, truth = gaitchain.synthetic_walk(duration_s=12.0, speed_m_s=speed)
        neutral = dict(zip(truth.model.landmark_names, truth.model.landmark_positions(np.zeros(truth.model.coordinate_count))))
        leg = neutral["hip_r"][2] - neutral["heel_r"][2]  # hip joint centre height when standing
        v_star = speed / np.sqrt(9.81 * leg)
        group = min(GROUPS, key=lambda g: abs(g[0] - v_star))[1]
        t = truth.coordinates.index.to_numpy()
        strikes = truth.events.query("side == 'right' and kind == 'foot_strike'").time.to_numpy()
        for coord, var in PAIRS:
            ours = np.degrees(mean_cycle(truth.coordinates[coord].to_numpy(), strikes, t))
            ref = norms.query("source == 'Schwartz2008' and group == @group and variable == @var").sort_values("percent_cycle")["mean"].to_numpy()
            rows.append({"speed_m_s": speed, "group": group, "coordinate": coord,
                         "rms_deg": np.sqrt(np.mean((ours - ref) ** 2)), "offset_deg": np.mean(ours - ref),
                         "corr": np.corrcoef(ours, ref)[0, 1]})
    table = pd.DataFrame(rows)
    print("| " + " | ".join(table.columns) + " |")
    print("|" + "---|" * len(table.columns))
    for row in table.itertuples(index=False):
        print("| " + " | ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in row) + " |")


if __name__ == "__main__":
    sys.exit(main())
