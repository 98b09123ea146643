"""Figures of an Analysis (docs/report.md): `curves`, `spatiotemporal`, `chain` and `overview`.

Every function returns a matplotlib Figure built with the object-oriented API (no pyplot state, no GUI
backend), so it works headless and in scripts; `fig.savefig(path)` writes it. The figures are instances of
`GaitFigure`, a Figure with `_repr_png_`, so Jupyter shows them inline when returned from a cell even if
pyplot (and with it the inline backend's formatter) was never imported. Importing this module imports
matplotlib; `import gaitchain` does not.

Colours are the same in every figure: left SIDE_COLOURS["left"] (vermillion), right SIDE_COLOURS["right"]
(blue), the Okabe-Ito pair that stays distinct for colour-blind readers; the healthy reference is grey.
"""
from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ._core.core import InvalidArgumentError
from ._format import digits as _digits
from ._format import number as _fmt

SIDES = ("left", "right")
SIDE_COLOURS = {"left": "#D55E00", "right": "#0072B2", "both": "#444444"}
NORMAL_COLOUR = "#9a9a9a"
Z_CMAP = "YlOrRd"
Z_MAX = 4.0      # |z| at which the colour scale saturates
Z_LIMIT = 6.0    # z axis of the chain map; larger z is drawn at the edge with its number

# Title and positive direction of each angle variable (signs: include/gaitchain/metrics/gait_data.hpp).
VARIABLES = {
    "trunk_tilt": ("Trunk tilt", "forward +"),
    "trunk_obliquity": ("Trunk obliquity", "this side up +"),
    "trunk_rotation": ("Trunk rotation", "this side forward +"),
    "lumbar_flexion": ("Lumbar flexion", "flexion +"),
    "lumbar_bending": ("Lumbar bending", "toward this side +"),
    "lumbar_rotation": ("Lumbar rotation", "toward this side +"),
    "pelvis_tilt": ("Pelvic tilt", "anterior +"),
    "pelvis_obliquity": ("Pelvic obliquity", "this side up +"),
    "pelvis_rotation": ("Pelvic rotation", "this side forward +"),
    "hip_flexion": ("Hip flexion", "flexion +"),
    "hip_adduction": ("Hip adduction", "adduction +"),
    "hip_rotation": ("Hip rotation", "internal +"),
    "knee_flexion": ("Knee flexion", "flexion +"),
    "knee_adduction": ("Knee adduction", "varus +"),
    "knee_rotation": ("Knee rotation", "internal +"),
    "ankle_dorsiflexion": ("Ankle dorsiflexion", "dorsiflexion +"),
    "subtalar_inversion": ("Subtalar inversion", "inversion +"),
    "foot_progression": ("Foot progression", "toe-in +"),
    "foot_pitch": ("Foot pitch", "toes up +"),
    "mtp_extension": ("MTP extension", "extension +"),
}

# The default curve grid: one row per level of the chain, lumbar/trunk at the top and the foot at the
# bottom (the order of the chain map); columns sagittal, frontal, transverse. None leaves the slot free.
CURVE_LAYOUT = (
    ("Trunk", ("trunk_tilt", "trunk_obliquity", "trunk_rotation")),
    ("Lumbar", ("lumbar_flexion", "lumbar_bending", "lumbar_rotation")),
    ("Pelvis", ("pelvis_tilt", "pelvis_obliquity", "pelvis_rotation")),
    ("Hip", ("hip_flexion", "hip_adduction", "hip_rotation")),
    ("Knee", ("knee_flexion", "knee_adduction", "knee_rotation")),
    ("Ankle", ("ankle_dorsiflexion", "subtalar_inversion", "foot_progression")),
    ("Foot", ("foot_pitch", None, None)),
)
PLANES = ("Sagittal", "Frontal", "Transverse")
OVERVIEW_VARIABLES = ("trunk_tilt", "pelvis_obliquity", "hip_flexion", "knee_flexion", "ankle_dorsiflexion")

# Spatiotemporal parameters: label and unit.
PARAMETERS = {
    "stride_time_s": ("Stride time", "s"),
    "step_time_s": ("Step time", "s"),
    "cadence_steps_min": ("Cadence", "steps/min"),
    "stride_length_m": ("Stride length", "m"),
    "step_length_m": ("Step length", "m"),
    "step_width_m": ("Step width", "m"),
    "speed_m_s": ("Speed", "m/s"),
    "stance_pct": ("Stance", "% cycle"),
    "swing_pct": ("Swing", "% cycle"),
    "double_support_pct": ("Double support", "% cycle"),
    "single_support_pct": ("Single support", "% cycle"),
}

# The chain from the top down; each finding sits at the level whose motion it measures.
CHAIN_LEVELS = (("trunk", "Trunk"), ("lumbar", "Lumbar spine"), ("pelvis", "Pelvis"), ("hip", "Hip"),
                ("knee", "Knee"), ("ankle", "Ankle"), ("foot", "Foot"), ("steps", "Steps"))
FINDING_LEVELS = {
    "trunk_forward_lean": "trunk", "trunk_lateral_lean": "trunk", "lumbar_excursion": "lumbar",
    "pelvic_drop": "pelvis", "pelvic_rotation_asymmetry": "pelvis", "limited_hip_extension": "hip",
    "knee_valgus": "knee", "limited_dorsiflexion": "ankle", "rearfoot_eversion": "foot",
    "foot_progression": "foot", "heel_whip": "foot", "strike_pattern": "foot",
    "overstriding": "steps", "step_length_asymmetry": "steps",
}


class GaitFigure(Figure):
    """A matplotlib Figure that displays itself in Jupyter without pyplot (IPython calls _repr_png_)."""

    def _repr_png_(self) -> bytes:
        return figure_png(self)


def figure_png(fig: Figure, dpi: float = 100) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def variable_label(variable: str) -> tuple[str, str]:
    """(title, positive direction) of an angle variable."""
    return VARIABLES.get(variable, (variable.replace("_", " ").capitalize(), ""))


def parameter_label(parameter: str) -> tuple[str, str]:
    """(label, unit) of a spatiotemporal parameter."""
    if parameter in PARAMETERS:
        return PARAMETERS[parameter]
    for suffix, unit in (("_s", "s"), ("_m", "m"), ("_pct", "%"), ("_m_s", "m/s")):
        if parameter.endswith(suffix):
            return parameter[: -len(suffix)].replace("_", " ").capitalize(), unit
    return parameter.replace("_", " ").capitalize(), ""


def finding_label(finding: str) -> str:
    return finding.replace("_", " ").capitalize()


def finding_level(finding: str) -> str:
    """The chain level of a finding (FINDING_LEVELS); 'steps' for a name it does not list."""
    return FINDING_LEVELS.get(finding, "steps")


def foot_off_percent(analysis) -> dict[str, float]:
    """Mean foot off per side in % of the cycle, over the cycles that have one (NaN when none)."""
    cycles = analysis.cycles
    out = {}
    for side in SIDES:
        c = cycles[cycles["side"] == side]
        pct = 100.0 * (c["foot_off"] - c["start"]) / (c["end"] - c["start"])
        pct = pct[np.isfinite(pct)]
        out[side] = float(pct.mean()) if len(pct) else float("nan")
    return out


def _cycle_counts(analysis) -> dict[str, int]:
    attrs = analysis.scores.attrs
    if "cycles_left" in attrs:
        return {"left": int(attrs["cycles_left"]), "right": int(attrs["cycles_right"])}
    counts = analysis.cycles["side"].value_counts()
    return {side: int(counts.get(side, 0)) for side in SIDES}


def _trial_name(analysis) -> str:
    source = getattr(getattr(analysis, "trial", None), "source", "") or ""
    return source.replace("\\", "/").rsplit("/", 1)[-1] or "synthetic or in-memory trial"


# --- cycle curves ----------------------------------------------------------------------------------------

def curves(analysis, variables=None) -> GaitFigure:
    """Mean ± SD cycle curves per side over the normative band (mean ± SD, grey), one panel per variable.

    variables: None for the grid of CURVE_LAYOUT (rows trunk, lumbar, pelvis, hip, knee, ankle, foot;
    columns sagittal, frontal, transverse), or a list of angle variables laid out three per row. The dashed
    vertical lines are each side's mean foot off. Panels without data say so.
    """
    if variables is None:
        layout, row_names = [list(row) for _, row in CURVE_LAYOUT], [name for name, _ in CURVE_LAYOUT]
    else:
        variables = [variables] if isinstance(variables, str) else list(variables)
        known = set(VARIABLES) | set(analysis.curves["variable"].unique())
        unknown = [v for v in variables if v not in known]
        if unknown or not variables:
            raise InvalidArgumentError(f"plot.curves: unknown variable(s) {unknown or variables!r}; known: {', '.join(VARIABLES)}")
        cols = min(3, len(variables))
        layout = [variables[i:i + cols] + [None] * (cols - len(variables[i:i + cols]))
                  for i in range(0, len(variables), cols)]
        row_names = None
    fig = GaitFigure(figsize=(3.5 * len(layout[0]), 2.25 * len(layout) + 0.9), layout="constrained")
    _draw_curves(fig, analysis, layout, row_names)
    return fig


def _draw_curves(fig, analysis, layout, row_names, legend=True, title=True):
    data = analysis.curves
    foot_off = foot_off_percent(analysis)
    counts = _cycle_counts(analysis)
    rows, cols = len(layout), len(layout[0])
    axes = fig.subplots(rows, cols, squeeze=False)
    for r, row in enumerate(layout):
        for c, variable in enumerate(row):
            ax = axes[r][c]
            if variable is None:
                ax.set_axis_off()
                continue
            _curve_panel(ax, data[data["variable"] == variable], variable, foot_off)
            if r == rows - 1 or (r + 1 < rows and layout[r + 1][c] is None):
                ax.set_xlabel("% gait cycle", fontsize=8)
            if r == 0 and row_names is not None:
                ax.set_title(f"{PLANES[c]}\n{ax.get_title()}", fontsize=9)
        if row_names is not None:
            axes[r][0].annotate(row_names[r].upper(), xy=(0, 0.5), xycoords="axes fraction", xytext=(-42, 0),
                                textcoords="offset points", rotation=90, ha="right", va="center", fontsize=9,
                                fontweight="bold", color="#333333")
    if legend:
        handles = [Line2D([], [], color=SIDE_COLOURS[s], lw=2, label=f"{s.capitalize()} mean ± SD ({counts[s]} cycles)")
                   for s in SIDES]
        handles += [Patch(color=NORMAL_COLOUR, alpha=0.45, label=f"Normal mean ± SD ({analysis.normative.get('source', '')} "
                                                                    f"{analysis.normative.get('group', '')})"),
                    Line2D([], [], color="#555555", ls="--", lw=1, label="Foot off (mean, per side colour)")]
        # The free slots of the grid (the foot row) hold the legend; otherwise it goes below.
        free = [axes[r][c] for r, row in enumerate(layout) for c, v in enumerate(row) if v is None]
        if free:
            free[0].legend(handles=handles, loc="center left", fontsize=8, frameon=False)
        else:
            fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    if title:
        fig.suptitle(f"Cycle curves — {_trial_name(analysis)}", fontsize=11)
    return axes


def _curve_panel(ax, frame: pd.DataFrame, variable: str, foot_off: dict):
    name, positive = variable_label(variable)
    ax.set_gid(variable)
    ax.set_title(name, fontsize=9)
    ax.set_ylabel(f"deg ({positive})" if positive else "deg", fontsize=7)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.tick_params(labelsize=7)
    if frame.empty or not np.isfinite(frame["mean_deg"].to_numpy(dtype=float)).any():
        ax.text(0.5, 0.5, "no data for this trial", transform=ax.transAxes, ha="center", va="center", fontsize=8,
                color="#777777", style="italic", gid="no-data")
        ax.set_yticks([])
        return
    normal = frame.drop_duplicates("percent").sort_values("percent")
    nm, ns = normal["normal_mean_deg"].to_numpy(dtype=float), normal["normal_sd_deg"].to_numpy(dtype=float)
    if np.isfinite(nm).any():
        ax.fill_between(normal["percent"], nm - ns, nm + ns, color=NORMAL_COLOUR, alpha=0.45, lw=0, gid="normal-band")
        ax.plot(normal["percent"], nm, color=NORMAL_COLOUR, lw=0.8, gid="normal-mean")
    else:
        ax.text(0.98, 0.03, "no normative band", transform=ax.transAxes, ha="right", va="bottom", fontsize=6,
                color="#777777")
    missing = []
    for side in SIDES:
        s = frame[frame["side"] == side].sort_values("percent")
        mean = s["mean_deg"].to_numpy(dtype=float)
        if s.empty or not np.isfinite(mean).any():
            missing.append(side)
            continue
        sd = s["sd_deg"].to_numpy(dtype=float)
        colour = SIDE_COLOURS[side]
        # NaN stays NaN: matplotlib leaves a gap, nothing is bridged.
        if np.isfinite(sd).any():
            ax.fill_between(s["percent"], mean - sd, mean + sd, color=colour, alpha=0.18, lw=0, gid=f"sd-band:{side}")
        ax.plot(s["percent"], mean, color=colour, lw=1.5, gid=f"mean:{side}")
        if math.isfinite(foot_off.get(side, float("nan"))):
            ax.axvline(foot_off[side], color=colour, ls="--", lw=0.9, gid=f"foot-off:{side}")
    low, high = ax.get_ylim()
    if low < 0 < high:  # a zero line only where zero is in view, so it does not stretch the axis
        ax.axhline(0, color="#cccccc", lw=0.6, zorder=0)
        ax.set_ylim(low, high)
    if missing:
        ax.text(0.02, 0.03, "no " + " or ".join(missing) + " cycles", transform=ax.transAxes, fontsize=6,
                color="#777777", gid="no-side")


# --- spatiotemporal --------------------------------------------------------------------------------------

def spatiotemporal(analysis) -> GaitFigure:
    """Left and right mean (± SD, error bar) of every spatiotemporal parameter as paired horizontal bars,
    one row per parameter with its unit, and the symmetry index 100 (L - R) / (0.5 (L + R)) at the right."""
    table = analysis.spatiotemporal
    fig = GaitFigure(figsize=(8.0, 0.62 * max(len(table), 1) + 1.2), layout="constrained")
    _draw_spatiotemporal(fig, analysis)
    return fig


def _draw_spatiotemporal(fig, analysis, title=True):
    table = analysis.spatiotemporal
    if table.empty:
        ax = fig.subplots()
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no spatiotemporal parameters (no complete cycle)", ha="center", va="center", gid="no-data")
        return [ax]
    axes = fig.subplots(len(table), 1, squeeze=False)[:, 0]
    for ax, row in zip(axes, table.itertuples(index=False)):
        label, unit = parameter_label(row.parameter)
        ax.set_gid(row.parameter)
        means = [float(getattr(row, f"{s}_mean")) for s in SIDES]
        sds = [float(getattr(row, f"{s}_sd")) for s in SIDES]
        finite = [m for m in means if math.isfinite(m)]
        top = max([abs(m) + (sd if math.isfinite(sd) else 0) for m, sd in zip(means, sds) if math.isfinite(m)] or [1.0])
        for y, side, mean, sd in zip((1, 0), SIDES, means, sds):
            if not math.isfinite(mean):
                ax.text(0.01 * top, y, "–  no data", va="center", fontsize=7, color="#777777")
                continue
            ax.barh(y, mean, height=0.7, color=SIDE_COLOURS[side], alpha=0.85, gid=f"bar:{side}",
                    xerr=sd if math.isfinite(sd) else None, error_kw={"lw": 0.8, "capsize": 2})
            d = _digits(mean)
            ax.text(mean + (sd if math.isfinite(sd) else 0) + 0.02 * top, y,
                    f"{_fmt(mean, d)} ± {_fmt(sd, d)}", va="center", fontsize=7)
        ax.set_xlim(min(0.0, min(finite, default=0.0) * 1.1), top * 1.45)
        ax.set_ylim(-0.6, 1.6)
        ax.set_yticks([1, 0], ["L", "R"], fontsize=7)
        for tick, side in zip(ax.get_yticklabels(), SIDES):
            tick.set_color(SIDE_COLOURS[side])
        ax.tick_params(axis="x", labelsize=7)
        ax.set_ylabel(f"{label}\n({unit})", rotation=0, ha="right", va="center", fontsize=8)
        si = _nan(row.symmetry_index)
        ax.text(1.0, 0.5, "SI " + (f"{_fmt(si, 1, signed=True)} %" if math.isfinite(si) else "–"), transform=ax.transAxes,
                ha="right", va="center", fontsize=8, fontweight="bold" if abs(si) >= 10 else "normal",
                gid="symmetry-index")
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
    if title:
        fig.suptitle("Spatiotemporal parameters per side (mean ± SD); SI = symmetry index, 100 (L − R) / mean(L, R)",
                     fontsize=9)
    return list(axes)


def _nan(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _nan0(value) -> float:
    value = float(value)
    return value if math.isfinite(value) else 0.0


# --- chain map -------------------------------------------------------------------------------------------

def chain(analysis) -> GaitFigure:
    """The findings along the chain, trunk and lumbar spine at the top, foot and steps at the bottom.

    A ladder of the body levels (each node coloured by the largest |z| at that level) beside one panel per
    side; every finding is a bar of its z = (value - healthy mean) / SD, coloured by |z|, with the grey band
    |z| < 2. Flagged findings have a black edge and a bold label with their value. Findings of both sides
    (side 'both') appear hatched in both panels.
    """
    fig = GaitFigure(figsize=(10.0, 0.36 * _chain_rows(analysis) + 1.9), layout="constrained")
    _draw_chain(fig, analysis)
    return fig


def _chain_layout(analysis):
    """[(level key, level name, [finding names])] top to bottom, only levels with findings."""
    comp = analysis.compensations
    names = list(dict.fromkeys(comp["finding"]))
    out = []
    for key, label in CHAIN_LEVELS:
        found = [n for n in names if finding_level(n) == key]
        if found:
            out.append((key, label, found))
    return out


def _chain_rows(analysis) -> int:
    return sum(len(f) + 1 for _, _, f in _chain_layout(analysis)) or 3


def _draw_chain(fig, analysis, title=True):
    comp = analysis.compensations
    layout = _chain_layout(analysis)
    cmap, norm = colormaps[Z_CMAP], Normalize(0.0, Z_MAX)
    # Columns: ladder | left bars | left values | right bars | right values. The values get their own
    # column so that labels never run over bars or row names. Not sharey: sharing would hide the row names.
    ladder, left, left_values, right, right_values = fig.subplots(
        1, 5, gridspec_kw={"width_ratios": [1.3, 2.6, 1.0, 2.6, 1.0], "wspace": 0.0})
    ladder.set_gid("ladder")
    left.set_gid("side:left")
    right.set_gid("side:right")
    all_axes = [ladder, left, left_values, right, right_values]
    if title:
        fig.suptitle("Foot-to-lumbar chain: each finding's z = (value − healthy mean) / SD\n"
                     "bold, black edge: flagged; hatched: one measure of both sides, shown in both panels", fontsize=9)
    if not layout:
        for ax in all_axes:
            ax.set_axis_off()
        left.text(0.5, 0.5, "no findings computed", transform=left.transAxes, ha="center", gid="no-data")
        return all_axes

    # Row positions: findings top to bottom, one blank row between levels.
    y, rows, level_y = 0.0, {}, []
    for key, label, found in layout:
        ys = []
        for name in found:
            rows[name] = y
            ys.append(y)
            y -= 1
        level_y.append((key, label, float(np.mean(ys)), ys[0] + 0.5, ys[-1] - 0.5))
        y -= 1
    bottom = y + 1

    for side, ax, values in (("left", left, left_values), ("right", right, right_values)):
        ax.axvspan(-2, 2, color="#eeeeee", zorder=0)
        ax.axvline(0, color="#999999", lw=0.8, zorder=1)
        ax.set_xlim(-Z_LIMIT, Z_LIMIT)
        ax.set_xticks([-6, -4, -2, 0, 2, 4, 6])
        ax.tick_params(labelsize=7)
        ax.set_xlabel("z (|z| < 2 shaded)", fontsize=7)
        ax.set_title(f"{side.capitalize()} side", color=SIDE_COLOURS[side], fontsize=10, fontweight="bold")
        values.set_axis_off()
        values.set_xlim(0, 1)
        for _, _, _, top, _ in level_y[1:]:
            ax.axhline(top + 0.5, color="#cccccc", lw=0.6)
        shown = comp[(comp["side"] == side) | (comp["side"] == "both")]
        for r in shown.itertuples(index=False):
            _chain_bar(ax, values, r, rows[r.finding], cmap, norm)

    # Row names on the left panel; bold when flagged on any side.
    flagged_names = set(comp.loc[comp["flagged"].astype(bool), "finding"])
    ticks = sorted(rows.items(), key=lambda kv: -kv[1])
    left.set_yticks([v for _, v in ticks], [finding_label(n) for n, _ in ticks], fontsize=7.5)
    for tick, (name, _) in zip(left.get_yticklabels(), ticks):
        if name in flagged_names:
            tick.set_fontweight("bold")
    right.set_yticks([v for _, v in ticks])
    right.tick_params(axis="y", labelleft=False)
    for ax in all_axes:
        ax.set_ylim(bottom - 0.8, 0.8)

    # The ladder: the chain as a vertical line with one node per level.
    ladder.set_xlim(0, 1)
    ladder.set_axis_off()
    ladder.plot([0.15, 0.15], [level_y[0][2], level_y[-1][2]], color="#555555", lw=3, solid_capstyle="round", zorder=1)
    for key, label, centre, _, _ in level_y:
        here = comp[comp["finding"].map(finding_level) == key]
        z = np.abs(here["z"].to_numpy(dtype=float))
        worst = float(np.nanmax(z)) if np.isfinite(z).any() else float("nan")
        n_flagged = int(here["flagged"].astype(bool).sum())
        ladder.scatter([0.15], [centre], s=220, zorder=2, color=cmap(norm(worst)) if math.isfinite(worst) else "white",
                       edgecolor="black" if n_flagged else "#777777", linewidth=2.2 if n_flagged else 1.0,
                       gid=f"level:{key}")
        ladder.text(0.32, centre + 0.15, label, va="center", fontsize=8.5, fontweight="bold")
        ladder.text(0.32, centre - 0.45, f"{n_flagged} flagged" if n_flagged else "none flagged", va="center",
                    fontsize=7, color="black" if n_flagged else "#777777")
    sm = _scalar_mappable(cmap, norm)
    fig.colorbar(sm, ax=[left, right], location="bottom", shrink=0.5, aspect=40, pad=0.01, label="|z|")
    return all_axes


def _scalar_mappable(cmap, norm):
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=norm, cmap=cmap)


def _chain_bar(ax, values, r, y, cmap, norm):
    z = float(r.z)
    flagged = bool(r.flagged)
    gid = f"finding:{r.finding}:{r.side}"
    if not math.isfinite(z):
        ax.text(0.15, y, "no data", va="center", fontsize=7, color="#777777", style="italic", gid=gid)
        return
    shown = max(-Z_LIMIT, min(Z_LIMIT, z))
    ax.barh(y, shown, height=0.62, color=cmap(norm(abs(z))), edgecolor="black" if flagged else "#999999",
            linewidth=1.6 if flagged else 0.5, zorder=2, gid=gid, hatch="//" if r.side == "both" else None)
    if shown != z:  # beyond the axis: an arrow head at the edge says the bar goes on
        ax.plot([shown], [y], marker=">" if z > 0 else "<", color="black", ms=6, zorder=3)
    value = f"{_fmt(r.value, 2 if abs(_nan0(r.value)) < 10 else 1)} {r.unit}".strip()
    values.text(0.06, y, f"z {_fmt(z, 1, signed=True)}\n{value}", va="center", ha="left", linespacing=1.0,
                fontsize=6.8 if flagged else 6.3, fontweight="bold" if flagged else "normal",
                color="black" if flagged else "#555555", gid=f"value:{r.finding}:{r.side}")


# --- overview --------------------------------------------------------------------------------------------

def overview(analysis) -> GaitFigure:
    """One page: the chain map and the spatiotemporal bars on top, key sagittal/frontal curves below."""
    rows = _chain_rows(analysis)
    fig = GaitFigure(figsize=(15.0, max(0.36 * rows + 1.9, 0.62 * len(analysis.spatiotemporal) + 1.2) + 3.2),
                     layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[max(0.36 * rows + 1.9, 5.0), 3.2])
    left, right = top.subfigures(1, 2, width_ratios=[1.25, 1])
    _draw_chain(left, analysis)
    _draw_spatiotemporal(right, analysis, title=False)
    right.suptitle("Spatiotemporal (mean ± SD; SI = symmetry index)", fontsize=10)
    _draw_curves(bottom, analysis, [list(OVERVIEW_VARIABLES)], None, legend=True, title=False)
    fig.suptitle(f"gaitchain overview — {_trial_name(analysis)}", fontsize=12, fontweight="bold")
    return fig


KINDS = {"overview": overview, "curves": curves, "spatiotemporal": spatiotemporal, "chain": chain}


def plot(analysis, kind: str = "overview", **options) -> GaitFigure:
    """The figure of one kind: 'overview' (default), 'curves', 'spatiotemporal' or 'chain'."""
    if kind not in KINDS:
        raise InvalidArgumentError(f"plot: unknown kind {kind!r}; kinds: {', '.join(KINDS)}")
    return KINDS[kind](analysis, **options)
