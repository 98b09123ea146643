"""The HTML report of an Analysis (docs/report.md): `write_html(analysis, path)` (what Analysis.to_html
calls), `html_report(analysis) -> str`, and the render check: `render_png(html, png)` draws the page in
headless Chromium and `check_rendered_png(png)` fails on a blank, broken or truncated page.

The report is one self-contained file: styles inline, figures as base64 PNG, no script and no network
resource, so it opens anywhere, can be mailed and prints as it looks.
"""
from __future__ import annotations

import base64
import datetime
import html
import os
import pathlib
import shutil
import subprocess
import tempfile

import numpy as np

from ._core.core import FileError
from ._format import digits as _digits
from ._format import number as _num

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class RenderCheckError(ValueError):
    """A rendered report looks blank, broken or cut off."""


def _e(value) -> str:
    """HTML-escaped text of any value (file names, marker names, sentences are user or data strings)."""
    return html.escape(str(value), quote=True)


def _mean_sd(mean, sd) -> str:
    d = _digits(mean, sd)
    if _num(mean) == "–":
        return "–"
    return f"{_num(mean, d)} ± {_num(sd, d)}" if _num(sd) != "–" else _num(mean, d)


def _chain_order(frame):
    """Rows ordered as on the chain map (trunk first, steps last), stable within a level."""
    from . import plot

    rank = {key: i for i, (key, _) in enumerate(plot.CHAIN_LEVELS)}
    order = frame["finding"].map(lambda f: rank.get(plot.finding_level(f), len(rank)))
    return frame.assign(_rank=order.to_numpy()).sort_values("_rank", kind="stable").drop(columns="_rank")


def figure_data_uri(fig, dpi: float = 100) -> str:
    """A Figure as a data: URI of its PNG."""
    from .plot import figure_png

    return "data:image/png;base64," + base64.b64encode(figure_png(fig, dpi=dpi)).decode("ascii")


def _img(fig, alt: str, dpi: float = 100, max_width: str = "100%", gid: str = "") -> str:
    uri = figure_data_uri(fig, dpi)
    width_px = int(round(fig.get_figwidth() * dpi))
    ident = f' id="{_e(gid)}"' if gid else ""
    return (f'<img{ident} class="figure" alt="{_e(alt)}" src="{uri}" '
            f'style="width:{width_px}px;max-width:{max_width}">')


def _table(header: list[str], rows: list[list[str]], classes: list[str] | None = None, css: str = "") -> str:
    """rows are already-escaped HTML cells."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


STYLE = """
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #111; background: #fff;
       margin: 0 auto; padding: 24px 32px 48px; max-width: 1180px; font-size: 14px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid #333; padding-bottom: 2px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta { color: #444; font-size: 13px; }
.meta td { padding: 1px 12px 1px 0; border: none; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 12.5px; }
th, td { border: 1px solid #bbb; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged td { background: #fde9d9; font-weight: bold; }
.finding { border-left: 5px solid #c0392b; padding: 6px 10px; margin: 8px 0; background: #fbf3f0;
           page-break-inside: avoid; break-inside: avoid; }
.finding .sentence { font-size: 15px; }
.finding .numbers { font-size: 12.5px; color: #333; margin-top: 3px; }
.none { color: #333; font-style: italic; }
.small { font-size: 11.5px; color: #444; }
.left { color: #D55E00; font-weight: bold; } .right { color: #0072B2; font-weight: bold; }
img.figure { display: block; margin: 8px 0 16px; height: auto; page-break-inside: avoid; break-inside: avoid; }
ol.refs li { font-size: 11.5px; margin-bottom: 3px; }
.note { margin: 2px 0; }
@media print { body { padding: 0; max-width: none; font-size: 11pt; }
               h2 { page-break-after: avoid; break-after: avoid; }
               tr, .finding, img.figure { page-break-inside: avoid; break-inside: avoid; } }
@page { margin: 14mm; }
"""


def _side(side) -> str:
    side = str(side)
    cls = side if side in ("left", "right") else ""
    return f'<span class="{cls}">{_e(side)}</span>' if cls else _e(side)


def html_report(analysis, *, generated: datetime.datetime | None = None) -> str:
    """The report as one HTML string (see write_html)."""
    from . import __version__
    from . import plot

    generated = generated or datetime.datetime.now().astimezone()
    trial = getattr(analysis, "trial", None)
    source = getattr(trial, "source", "") or ""
    name = plot._trial_name(analysis)
    attrs = analysis.scores.attrs
    counts = plot._cycle_counts(analysis)
    comp = analysis.compensations
    norm = analysis.normative

    # Every source is listed once at the end; tables cite it by number.
    refs: dict[str, int] = {}
    for s in comp["source"]:
        if str(s) and str(s) not in refs:
            refs[str(s)] = len(refs) + 1

    def cite(s) -> str:
        return f"[{refs[str(s)]}]" if str(s) in refs else "–"

    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>Gait report – {_e(name)}</title><style>{STYLE}</style></head><body>"]
    parts.append(f"<h1>Gait analysis report: {_e(name)}</h1>")
    meta = [("Trial file", _e(source) if source else "synthetic or in-memory trial (no file)"),
            ("Report created", _e(generated.strftime("%Y-%m-%d %H:%M %Z").strip())),
            ("Software", f"gaitchain {_e(__version__)}"),
            ("Cycles", f'<span class="left">left {counts["left"]}</span>, <span class="right">right {counts["right"]}</span>'),
            ("Normative reference", f"{_e(norm.get('source', ''))}, group {_e(norm.get('group', ''))}: "
                                    f"{_e(norm.get('population', ''))}"),
            ("Dimensionless speed", _num(getattr(analysis, "dimensionless_speed", float("nan")), 3))]
    if trial is not None:
        meta.append(("Capture", f"{trial.frame_count} frames at {_num(trial.rate, 0)} Hz "
                                f"({_num(trial.frame_count / trial.rate, 2)} s), {len(trial.marker_names)} markers"))
    parts.append('<table class="meta">' + "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in meta)
                 + "</table>")

    notes = [("Analysis", n) for n in analysis.notes] + [("File", n) for n in (getattr(trial, "notes", None) or [])]
    parts.append("<h2>Notes</h2>")
    if notes:
        parts.append("".join(f'<p class="note"><b>{k}:</b> {_e(n)}</p>' for k, n in notes))
    else:
        parts.append('<p class="none">No notes.</p>')

    # Findings in words and numbers.
    comp = _chain_order(comp)
    findings = comp[comp["flagged"].astype(bool)]
    parts.append(f"<h2>Findings ({len(findings)} flagged)</h2>")
    parts.append('<p class="small">A finding is flagged when its value lies beyond two standard deviations of the '
                 "healthy reference in the direction that describes the pattern (the strike pattern is flagged by its "
                 "pattern). z = (value − healthy mean) / healthy SD. The sentences describe; they do not diagnose.</p>")
    if findings.empty:
        parts.append('<p class="none">No finding passes its flag threshold.</p>')
    for r in findings.itertuples(index=False):
        parts.append(
            f'<div class="finding"><div class="sentence">{_e(r.text)}</div>'
            f'<div class="numbers">{_e(plot.finding_label(r.finding))} ({_e(r.finding)}), side {_side(r.side)}: '
            f"value <b>{_num(r.value, _digits(r.value))} {_e(r.unit)}</b>; healthy {_mean_sd(r.normal_mean, r.normal_sd)} "
            f"{_e(r.unit)}; z <b>{_num(r.z, 1, signed=True)}</b>; source {cite(r.source)}</div></div>")

    parts.append("<h2>The chain from foot to lumbar spine</h2>")
    parts.append(_img(plot.chain(analysis), "Findings along the chain, z per side", gid="fig-chain"))

    # Spatiotemporal with symmetry.
    parts.append("<h2>Spatiotemporal parameters and symmetry</h2>")
    rows = []
    for r in analysis.spatiotemporal.itertuples(index=False):
        label, unit = plot.parameter_label(r.parameter)
        rows.append([f"{_e(label)}", _e(unit),
                     f'{_mean_sd(r.left_mean, r.left_sd)}', _num(r.left_n, 0),
                     f'{_mean_sd(r.right_mean, r.right_sd)}', _num(r.right_n, 0),
                     _num(r.symmetry_index, 1, signed=True), _num(r.symmetry_ratio, 3), _num(r.gait_asymmetry, 1, signed=True)])
    if rows:
        parts.append(_table(["Parameter", "Unit", '<span class="left">Left</span> mean ± SD', "n",
                             '<span class="right">Right</span> mean ± SD', "n", "Symmetry index %", "Ratio L/R",
                             "Gait asymmetry %"], rows, css="st"))
        parts.append('<p class="small">Symmetry index 100 (L − R) / (0.5 (L + R)) (Robinson et al. 1987); ratio L / R; '
                     "gait asymmetry 100 ln(L / R) (Plotnik et al. 2007). 0 % and 1.000 are perfect symmetry.</p>")
        parts.append(_img(plot.spatiotemporal(analysis), "Spatiotemporal parameters per side", gid="fig-spatiotemporal"))
    else:
        parts.append('<p class="none">No spatiotemporal parameters: no complete gait cycle.</p>')

    # GPS and the Movement Analysis Profile.
    parts.append("<h2>Gait Profile Score and Gait Variable Scores (Movement Analysis Profile)</h2>")
    parts.append(_table(["", "Left", "Right", "Overall"],
                        [["GPS (deg)", _num(attrs.get("gps_left_deg"), 1), _num(attrs.get("gps_right_deg"), 1),
                          _num(attrs.get("gps_overall_deg"), 1)]]))
    rows = [[_e(plot.variable_label(r.variable)[0]), _num(r.gvs_left_deg, 1), _num(r.gvs_right_deg, 1)]
            for r in analysis.scores.itertuples(index=False)]
    parts.append(_table(["Variable", "GVS left (deg)", "GVS right (deg)"], rows))
    parts.append('<p class="small">GVS: root-mean-square difference of the cycle curve from the normative mean '
                 "curve, averaged over cycles; GPS: root mean square of a side's GVS (Baker et al. 2009). 0 is the "
                 "normative mean.</p>")

    parts.append("<h2>Cycle curves</h2>")
    parts.append('<p class="small">Mean ± SD over the cycles of each side (<span class="left">left</span>, '
                 '<span class="right">right</span>) over the normative mean ± SD (grey); dashed lines: mean foot off. '
                 "Angles in degrees, positive direction in each panel's axis label.</p>")
    parts.append(_img(plot.curves(analysis), "Cycle curves per side over the normative band", gid="fig-curves"))

    # Every compensation, flagged or not.
    parts.append("<h2>All compensation measures</h2>")
    rows, classes = [], []
    for r in comp.itertuples(index=False):
        rows.append([_e(plot.finding_label(r.finding)), _side(r.side), f"{_num(r.value, _digits(r.value))}", _e(r.unit),
                     _mean_sd(r.normal_mean, r.normal_sd), _num(r.z, 1, signed=True), "yes" if bool(r.flagged) else "no",
                     cite(r.source)])
        classes.append("flagged" if bool(r.flagged) else "")
    if rows:
        parts.append(_table(["Measure", "Side", "Value", "Unit", "Healthy mean ± SD", "z", "Flagged", "Source"], rows,
                            classes, css="comp"))
    else:
        parts.append('<p class="none">No compensation measures were computed.</p>')

    kin = getattr(analysis, "kinematics", None)
    if kin is not None and len(kin):
        parts.append("<h2>Kinematic parameters</h2>")
        wide = {}
        for r in kin.itertuples(index=False):
            wide.setdefault(r.parameter, {})[r.side] = _mean_sd(r.mean_deg, r.sd_deg)
        rows = [[_e(p.replace("_", " ")), v.get("left", "–"), v.get("right", "–")] for p, v in wide.items()]
        parts.append(_table(["Parameter (deg)", "Left mean ± SD", "Right mean ± SD"], rows))

    if refs:
        parts.append("<h2>Sources of the healthy references</h2><ol class=\"refs\">"
                     + "".join(f"<li>{_e(s)}</li>" for s in refs) + "</ol>")
    parts.append(f'<p class="small">Generated by gaitchain {_e(__version__)}. The healthy references are the '
                 "published groups named above; a value outside them describes a difference from that group.</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_html(analysis, path) -> pathlib.Path:
    """Writes the report of `analysis` to `path` (overwriting it) and returns the path. The file is written
    to a temporary name next to it and renamed, so a failure never leaves half a report."""
    path = pathlib.Path(os.fspath(path))
    parent = path.parent if str(path.parent) else pathlib.Path(".")
    if not parent.is_dir():
        raise FileError(f"to_html: cannot write {path}: the folder {parent} does not exist")
    if path.is_dir():
        raise FileError(f"to_html: cannot write {path}: it is a folder")
    text = html_report(analysis)
    handle, temp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    return path


# --- the render check ------------------------------------------------------------------------------------

def find_chromium() -> str:
    """The path of a Chromium or Chrome executable; FileError naming what was tried when none is found."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise FileError(f"render_png: no Chromium found on PATH (tried {', '.join(CHROMIUM_NAMES)}); "
                    "install it (Debian: apt-get install chromium)")


def render_png(html_path, png_path, width: int = 1200, *, timeout_s: float = 60.0, height: int = 12000,
               max_height: int = 48000) -> pathlib.Path:
    """Renders an HTML file in headless Chromium to a PNG of the whole page, `width` px wide.

    Chromium's screenshot is the window, not the page, so the window starts `height` px tall and doubles
    (up to max_height) while the page still reaches its bottom edge; the background below the page is then
    cut off, leaving a margin. A page longer than max_height stays cut, and check_rendered_png says so.
    """
    html_path, png_path = pathlib.Path(html_path).resolve(), pathlib.Path(png_path)
    if not html_path.is_file():
        raise FileError(f"render_png: no such file {html_path}")
    if not png_path.parent.is_dir():
        raise FileError(f"render_png: cannot write {png_path}: the folder {png_path.parent} does not exist")
    exe = find_chromium()
    while True:
        with tempfile.TemporaryDirectory(prefix="gaitchain-chromium-") as profile:
            shot = pathlib.Path(profile) / "shot.png"
            # --no-sandbox: Chromium refuses to run as root with its sandbox (containers, CI).
            cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                   "--disable-extensions", "--mute-audio", f"--user-data-dir={profile}/profile",
                   f"--window-size={int(width)},{int(height)}", f"--screenshot={shot}", html_path.as_uri()]
            try:
                run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
            except subprocess.TimeoutExpired:
                raise FileError(f"render_png: Chromium did not render {html_path} within {timeout_s:g} s") from None
            if run.returncode != 0 or not shot.is_file():
                tail = "\n".join((run.stderr or "").strip().splitlines()[-5:])
                raise FileError(f"render_png: Chromium failed on {html_path} (exit {run.returncode}):\n{tail}")
            image = _read_png(shot)
        content_bottom = _content_bottom(image)
        if content_bottom < image.shape[0] - 8 or height >= max_height:
            break
        height = min(2 * height, max_height)
    keep = min(image.shape[0], content_bottom + 40) if content_bottom >= 0 else image.shape[0]
    _write_png(image[:keep], png_path)
    return png_path


def _read_png(path) -> np.ndarray:
    """(rows, columns, 3) uint8. Pillow (a dependency of matplotlib) decodes a tall page in a fraction of
    the time matplotlib.image.imread takes, which converts to float."""
    from PIL import Image

    try:
        with Image.open(os.fspath(path)) as img:
            return np.asarray(img.convert("RGB"))
    except Exception as err:  # noqa: BLE001 - any decoder error means the same to the caller
        raise RenderCheckError(f"{path}: not a readable PNG ({err})") from None


def _write_png(image: np.ndarray, path) -> None:
    from PIL import Image

    Image.fromarray(np.ascontiguousarray(image)).save(os.fspath(path), format="PNG", compress_level=3)


def _background(image: np.ndarray) -> np.ndarray:
    """The most common colour of the image's border, taken as the page background."""
    border = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])
    colours, counts = np.unique(border.reshape(-1, 3), axis=0, return_counts=True)
    return colours[np.argmax(counts)]


def _content_mask(image: np.ndarray) -> np.ndarray:
    # A few levels of tolerance so that faint anti-aliasing halos do not count as content.
    bg = _background(image)
    mask = np.zeros(image.shape[:2], dtype=bool)
    for c in range(3):
        channel = image[:, :, c]
        mask |= (channel > min(255, int(bg[c]) + 8)) | (channel < max(0, int(bg[c]) - 8))
    return mask


def _content_bottom(image: np.ndarray) -> int:
    rows = np.flatnonzero(_content_mask(image).any(axis=1))
    return int(rows[-1]) if len(rows) else -1


def check_rendered_png(png_path, *, min_content_fraction: float = 0.01, min_colour_fraction: float = 0.004,
                       min_height: int = 400, bottom_margin: int = 8) -> dict:
    """Checks a screenshot of a report and returns its statistics; RenderCheckError (naming the file) when

    - it is blank: (nearly) every pixel is the background colour;
    - it is broken: less than `min_content_fraction` of the pixels differ from the background (a page that
      failed to load shows an error line or a broken-image icon), fewer than `min_colour_fraction` of them are
      coloured (the figures did not render: the report's curves and bars are coloured, text is not), or the
      page is shorter than `min_height` px;
    - it is truncated: content reaches the bottom `bottom_margin` rows (render_png leaves background below).
    """
    image = _read_png(png_path)
    height, width = image.shape[:2]
    mask = _content_mask(image)
    content = float(mask.mean())
    chroma = (image.max(axis=2) - image.min(axis=2)) > 60  # clearly coloured, not grey text or anti-aliasing
    colour = float(chroma.mean())
    stats = {"width": width, "height": height, "content_fraction": content, "colour_fraction": colour,
             "background": tuple(int(c) for c in _background(image))}
    if content < 1e-4:
        raise RenderCheckError(f"{png_path}: blank page ({100 * (1 - content):.3f} % of the pixels are the background "
                               f"colour {stats['background']})")
    if content < min_content_fraction:
        raise RenderCheckError(f"{png_path}: broken page: only {100 * content:.3f} % of the pixels carry content "
                               f"(at least {100 * min_content_fraction:g} % expected)")
    if colour < min_colour_fraction:
        raise RenderCheckError(f"{png_path}: broken page: only {100 * colour:.4f} % of the pixels are coloured; "
                               "the figures did not render")
    if height < min_height:
        raise RenderCheckError(f"{png_path}: page only {height} px tall (at least {min_height} px expected)")
    if mask[-bottom_margin:].any():
        raise RenderCheckError(f"{png_path}: page cut off: content reaches the bottom edge at {height} px")
    return stats


# --- Jupyter summaries (Trial._repr_html_, Analysis._repr_html_) -----------------------------------------

_SUMMARY_STYLE = ("border-collapse:collapse;font-size:12px;margin:2px 0", "padding:1px 10px 1px 0;text-align:left;"
                  "border:none;vertical-align:top")


def _summary_table(rows) -> str:
    table, cell = _SUMMARY_STYLE
    return (f'<table style="{table}">' + "".join(f'<tr><th style="{cell}">{k}</th><td style="{cell}">{v}</td></tr>'
                                                  for k, v in rows) + "</table>")


def trial_summary_html(trial) -> str:
    """A compact HTML summary of a Trial (source, rate, frames, duration, markers, events, force plates)."""
    duration = trial.frame_count / trial.rate
    events = trial.events
    if len(events):
        counts = events.groupby(["side", "kind"]).size()
        event_text = f"{len(events)} (" + ", ".join(f"{_e(s)} {_e(k.replace('_', ' '))} {n}"
                                                     for (s, k), n in counts.items()) + ")"
    else:
        event_text = "none"
    names = trial.marker_names
    shown = ", ".join(_e(n) for n in names[:12]) + (f", … ({len(names) - 12} more)" if len(names) > 12 else "")
    plates = ", ".join(_e(getattr(p, "name", "")) or "unnamed" for p in trial.force_plates)
    rows = [("Source", _e(trial.source) if trial.source else "in memory (no file)"),
            ("Rate", f"{_num(trial.rate, 6).rstrip('0').rstrip('.')} Hz"),
            ("Frames", f"{trial.frame_count} (first frame {trial.first_frame})"),
            ("Duration", f"{_num(duration, 2)} s ({_num(trial.time[0], 2) if trial.frame_count else '–'} – "
                         f"{_num(trial.time[-1], 2) if trial.frame_count else '–'} s on the capture clock)"),
            ("Markers", f"{len(names)}: {shown}" if names else "0"),
            ("Events", event_text),
            ("Force plates", f"{len(trial.force_plates)}" + (f": {plates}" if plates else ""))]
    rows += [("Note", _e(n)) for n in trial.notes]
    return f"<div><b>gaitchain.Trial</b>{_summary_table(rows)}</div>"


def analysis_summary_html(analysis, *, figure: bool = True) -> str:
    """A compact HTML summary of an Analysis: cycles, GPS, key spatiotemporal rows, flagged findings with
    their sentences and, with figure=True, a small chain map (base64 PNG)."""
    from . import plot

    counts = plot._cycle_counts(analysis)
    attrs = analysis.scores.attrs
    source = getattr(getattr(analysis, "trial", None), "source", "") or ""
    rows = [("Trial", _e(source) if source else "in memory (no file)"),
            ("Cycles", f'<span style="color:{plot.SIDE_COLOURS["left"]}">left {counts["left"]}</span>, '
                       f'<span style="color:{plot.SIDE_COLOURS["right"]}">right {counts["right"]}</span>'),
            ("GPS (deg)", f"left {_num(attrs.get('gps_left_deg'))}, right {_num(attrs.get('gps_right_deg'))}, "
                          f"overall {_num(attrs.get('gps_overall_deg'))}"),
            ("Normative", f"{_e(analysis.normative.get('source', ''))} {_e(analysis.normative.get('group', ''))}")]
    st = analysis.spatiotemporal.set_index("parameter") if len(analysis.spatiotemporal) else None
    for parameter in ("cadence_steps_min", "speed_m_s", "stride_length_m", "step_length_m", "stance_pct"):
        if st is not None and parameter in st.index:
            r = st.loc[parameter]
            label, unit = plot.parameter_label(parameter)
            rows.append((f"{_e(label)} ({_e(unit)})", f"L {_mean_sd(r.left_mean, r.left_sd)}, "
                                                     f"R {_mean_sd(r.right_mean, r.right_sd)}, "
                                                     f"SI {_num(r.symmetry_index, 1, signed=True)} %"))
    findings = analysis.findings
    if len(findings):
        items = "".join(f"<li>{_e(r.text)} <small>({_e(r.finding)}, {_e(r.side)}, z {_num(r.z, 1, signed=True)})"
                        f"</small></li>" for r in findings.itertuples(index=False))
        rows.append((f"Flagged ({len(findings)})", f'<ul style="margin:0;padding-left:18px">{items}</ul>'))
    else:
        rows.append(("Flagged", "none"))
    rows += [("Note", _e(n)) for n in analysis.notes]
    image = ""
    if figure:
        fig = plot.chain(analysis)
        image = f'<img alt="chain map" style="max-width:640px;width:100%" src="{figure_data_uri(fig, dpi=64)}">'
    return f"<div><b>gaitchain.Analysis</b>{_summary_table(rows)}{image}</div>"
