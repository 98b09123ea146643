"""Figures (gaitchain.plot), the Jupyter summaries and the HTML report (gaitchain.report) with its render
check in headless Chromium (docs/report.md)."""
import copy
import datetime
import html
import io
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import gaitchain
from gaitchain import plot, report

DATA = pathlib.Path(gaitchain.__file__).parent / "data"
WALK = DATA / "PiG_Motion-FlatFoot-Full.c3d"
STATIC = DATA / "PiG_Calibration-FlatFoot-Full.c3d"


@pytest.fixture(scope="module")
def real():
    return gaitchain.analyze(WALK, static=STATIC)


@pytest.fixture(scope="module")
def injected():
    """A synthetic walk with an 8° right pelvic drop: the analysis must flag it."""
    trial, truth = gaitchain.synthetic_walk(duration_s=6.0,
                                            compensations={"pelvic_drop": {"side": "right", "magnitude": 8.0}})
    a = gaitchain.analyze(trial, model=truth.model)
    assert ((a.findings.finding == "pelvic_drop") & (a.findings.side == "right")).any()
    return a


@pytest.fixture(scope="module")
def one_sided():
    """Only right-foot events: no left cycle, NaN left and symmetry values, findings without data."""
    trial, truth = gaitchain.synthetic_walk(duration_s=6.0)
    a = gaitchain.analyze(trial, model=truth.model, events=truth.events[truth.events.side == "right"])
    assert a.scores.attrs["cycles_left"] == 0 and a.findings.empty
    return a


@pytest.fixture(scope="module")
def real_html(real, tmp_path_factory):
    path = real.to_html(tmp_path_factory.mktemp("report") / "real walk.html")
    return path, path.read_text(encoding="utf-8")


def by_gid(fig, gid):
    return [a for a in fig.findobj(lambda a: a.get_gid() == gid)]


def panel(fig, gid):
    found = [ax for ax in fig.get_axes() if ax.get_gid() == gid]
    assert len(found) == 1, f"{len(found)} axes with gid {gid}"
    return found[0]


def texts(ax):
    return [t.get_text() for t in ax.texts]


def expected_foot_off(a, side):
    c = a.cycles[(a.cycles.side == side) & a.cycles.foot_off.notna()]
    return float((100 * (c.foot_off - c.start) / (c.end - c.start)).mean())


# --- import cost -----------------------------------------------------------------------------------------

def test_import_gaitchain_does_not_import_matplotlib():
    out = subprocess.run([sys.executable, "-c", "import sys, gaitchain; print('matplotlib' in sys.modules)"],
                         capture_output=True, text=True, check=True, cwd="/")
    assert out.stdout.strip() == "False"


# --- curves ----------------------------------------------------------------------------------------------

def test_curves_grid_lines_bands_and_foot_off(real):
    fig = plot.curves(real)
    assert isinstance(fig, Figure) and isinstance(fig, plot.GaitFigure)
    layout = [v for _, row in plot.CURVE_LAYOUT for v in row if v]
    assert [ax.get_gid() for ax in fig.get_axes() if ax.get_gid()] == layout
    # Top row is the trunk, the foot is last: the chain from the top down.
    assert layout[0] == "trunk_tilt" and layout[-1] == "foot_pitch"

    ax = panel(fig, "hip_flexion")
    rows = real.curves[real.curves.variable == "hip_flexion"]
    for side in ("left", "right"):
        (line,) = [l for l in ax.lines if l.get_gid() == f"mean:{side}"]
        assert np.allclose(line.get_ydata(), rows[rows.side == side].sort_values("percent").mean_deg)
        assert line.get_color() == plot.SIDE_COLOURS[side]
        (off,) = [l for l in ax.lines if l.get_gid() == f"foot-off:{side}"]
        assert off.get_xdata()[0] == pytest.approx(expected_foot_off(real, side))
        assert 50 < off.get_xdata()[0] < 70  # walking: foot off near 60 % of the cycle
        assert any(c.get_gid() == f"sd-band:{side}" for c in ax.collections)
    assert plot.SIDE_COLOURS["left"] != plot.SIDE_COLOURS["right"]
    (band,) = [c for c in ax.collections if c.get_gid() == "normal-band"]
    assert isinstance(band, PolyCollection)
    normal = rows.drop_duplicates("percent")
    ys = band.get_paths()[0].vertices[:, 1]
    assert ys.min() == pytest.approx((normal.normal_mean_deg - normal.normal_sd_deg).min())
    assert ys.max() == pytest.approx((normal.normal_mean_deg + normal.normal_sd_deg).max())

    # The 1-dof knee has no frontal or transverse angle: the panel says so and draws nothing.
    empty = panel(fig, "knee_adduction")
    assert "no data for this trial" in texts(empty) and not empty.lines and not empty.collections
    # Lumbar angles have no normative curve: no band, and the panel says so.
    lumbar = panel(fig, "lumbar_flexion")
    assert "no normative band" in texts(lumbar) and not any(c.get_gid() == "normal-band" for c in lumbar.collections)


def test_curves_keep_nan_gaps_and_missing_sides(real):
    a = copy.copy(real)
    curves = real.curves.copy()
    hole = (curves.variable == "knee_flexion") & (curves.side == "left") & curves.percent.between(30, 40)
    curves.loc[hole, "mean_deg"] = np.nan
    # Right pelvic tilt missing altogether.
    curves = curves[~((curves.variable == "pelvis_tilt") & (curves.side == "right"))]
    a.curves = curves
    fig = plot.curves(a, variables=["knee_flexion", "pelvis_tilt"])
    assert [ax.get_gid() for ax in fig.get_axes() if ax.get_gid()] == ["knee_flexion", "pelvis_tilt"]
    (line,) = [l for l in panel(fig, "knee_flexion").lines if l.get_gid() == "mean:left"]
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[30:41]).all() and np.isfinite(y[:30]).all() and np.isfinite(y[41:]).all()  # not bridged
    pelvis = panel(fig, "pelvis_tilt")
    assert [l.get_gid() for l in pelvis.lines if l.get_gid() and l.get_gid().startswith("mean")] == ["mean:left"]
    assert "no right cycles" in texts(pelvis)
    fig.savefig(io.BytesIO(), format="png")  # draws with the NaNs

    with pytest.raises(gaitchain.InvalidArgumentError, match="hip_flexon"):
        plot.curves(real, variables=["hip_flexon"])


# --- spatiotemporal ---------------------------------------------------------------------------------------

def test_spatiotemporal_bars_and_symmetry(real, one_sided):
    fig = plot.spatiotemporal(real)
    st = real.spatiotemporal
    assert [ax.get_gid() for ax in fig.get_axes()] == list(st.parameter)
    for row in st.itertuples(index=False):
        ax = panel(fig, row.parameter)
        bars = {p.get_gid(): p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid()}
        assert bars["bar:left"].get_width() == pytest.approx(row.left_mean)
        assert bars["bar:right"].get_width() == pytest.approx(row.right_mean)
        assert bars["bar:left"].get_y() > bars["bar:right"].get_y()  # left on top
        assert f"SI {row.symmetry_index:+.1f} %" in texts(ax)
        label, unit = plot.parameter_label(row.parameter)
        assert f"({unit})" in ax.get_ylabel()
    assert panel(fig, "step_length_m").get_ylabel() == "Step length\n(m)"

    # No left cycle: the left bars are absent, the symmetry index is a dash, never 'nan'.
    fig = plot.spatiotemporal(one_sided)
    ax = panel(fig, "stride_time_s")
    assert [p.get_gid() for p in ax.patches if p.get_gid()] == ["bar:right"]
    assert "SI –" in texts(ax) and not any("nan" in t for t in texts(ax))


# --- chain ------------------------------------------------------------------------------------------------

def test_chain_places_findings_from_trunk_to_foot(real):
    fig = plot.chain(real)
    comp = real.compensations
    left, right = panel(fig, "side:left"), panel(fig, "side:right")
    for r in comp.itertuples(index=False):
        sides = ("left", "right") if r.side == "both" else (r.side,)
        for side, ax in (("left", left), ("right", right)):
            patches = [p for p in ax.patches if p.get_gid() == f"finding:{r.finding}:{r.side}"]
            if side not in sides:
                assert not patches
                continue
            if not np.isfinite(r.z):
                assert "no data" in texts(ax)
                continue
            (bar,) = patches
            assert bar.get_width() == pytest.approx(np.clip(r.z, -plot.Z_LIMIT, plot.Z_LIMIT))
            assert (bar.get_linewidth() > 1) == bool(r.flagged)  # flagged ones stand out
    # Rows run from the trunk at the top to the foot at the bottom.
    names = [t.get_text() for t in left.get_yticklabels()]
    ys = list(left.get_yticks())
    y_of = dict(zip(names, ys))
    assert y_of["Trunk forward lean"] > y_of["Lumbar excursion"] > y_of["Pelvic drop"] > y_of["Limited hip extension"] \
        > y_of["Knee valgus"] > y_of["Limited dorsiflexion"] > y_of["Heel whip"]
    flagged = set(real.findings.finding)
    for tick in left.get_yticklabels():
        finding = tick.get_text().lower().replace(" ", "_")
        assert (tick.get_fontweight() == "bold") == (finding in flagged)
    # Each level of the ladder shows how many findings are flagged there.
    ladder = panel(fig, "ladder")
    n_foot = int(real.findings.finding.map(plot.finding_level).eq("foot").sum())
    assert (f"{n_foot} flagged" if n_foot else "none flagged") in texts(ladder)
    # The value column carries each flagged finding's number and z.
    heel = real.compensations[(real.compensations.finding == "heel_whip") & (real.compensations.side == "right")].iloc[0]
    (label,) = by_gid(fig, "value:heel_whip:right")
    digits = 2 if abs(heel.value) < 10 else 1  # three significant figures
    assert label.get_text() == f"z {heel.z:+.1f}\n{heel.value:.{digits}f} deg"


def test_plot_kinds_and_inline_display(real):
    overview = real.plot()
    gids = {ax.get_gid() for ax in overview.get_axes()}
    assert {"ladder", "side:left", "side:right", "stride_time_s", *plot.OVERVIEW_VARIABLES} <= gids
    for kind, gid in (("curves", "hip_flexion"), ("spatiotemporal", "cadence_steps_min"), ("chain", "ladder")):
        fig = real.plot(kind)
        assert isinstance(fig, Figure) and gid in {ax.get_gid() for ax in fig.get_axes()}
    assert real.plot("curves", variables=["knee_flexion"]).get_axes()[0].get_gid() == "knee_flexion"
    with pytest.raises(gaitchain.InvalidArgumentError, match="'map'"):
        real.plot("map")
    # Jupyter shows a returned figure through _repr_png_ even without pyplot's inline backend.
    assert real.plot("chain")._repr_png_().startswith(b"\x89PNG\r\n\x1a\n")


# --- Jupyter summaries ------------------------------------------------------------------------------------

def test_trial_repr_html_escapes_and_counts(real):
    t = real.trial
    page = t._repr_html_()
    assert html.escape(str(WALK)) in page and "100 Hz" in page and "315" in page
    assert f"{len(t.marker_names)}: " in page and f"{len(t.events)} (" in page
    assert "Force plates</th><td" in page and f">{len(t.force_plates)}: " in page
    evil = gaitchain.Trial(["<script>alert(1)</script>", "a&b"], np.zeros((10, 2, 3)), 50.0,
                           source="<img src=x onerror=alert(1)>.c3d")
    page = evil._repr_html_()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "a&amp;b" in page and "0.20 s" in page


def test_analysis_repr_html(injected):
    page = injected._repr_html_()
    row = injected.findings.iloc[0]
    assert html.escape(row.text) in page and f"z {row.z:+.1f}" in page
    assert f"left {injected.scores.attrs['cycles_left']}" in page
    assert f"overall {injected.scores.attrs['gps_overall_deg']:.1f}" in page
    assert page.count('src="data:image/png;base64,') == 1


# --- the HTML report --------------------------------------------------------------------------------------

def assert_self_contained(text):
    assert "<script" not in text.lower() and "<link" not in text.lower()
    for attr in re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', text, flags=re.I):
        assert attr.startswith("data:image/png;base64,"), attr[:80]
    assert not re.search(r"url\(\s*['\"]?(?!data:)", text)
    assert not re.search(r"\bnan\b", text, flags=re.I)


def test_report_of_real_walk(real, real_html):
    path, text = real_html
    assert path.name == "real walk.html" and path.is_file()
    assert_self_contained(text)
    assert html.escape(str(WALK)) in text and f"gaitchain {gaitchain.__version__}" in text
    assert datetime.date.today().isoformat() in text
    assert text.count('src="data:image/png;base64,') == 3  # chain, spatiotemporal, curves
    for r in real.findings.itertuples(index=False):
        assert html.escape(r.text) in text
        assert f"z <b>{r.z:+.1f}</b>" in text
    assert text.count('<div class="finding">') == len(real.findings)
    start = text.index("All compensation measures")
    table = text[start:text.index("<h2>", start)]
    assert table.count('<tr class="flagged">') == len(real.findings)
    assert table.count("<tr") - 1 == len(real.compensations)  # + the header row
    st = real.spatiotemporal.set_index("parameter")
    si = st.loc["step_length_m", "symmetry_index"]
    assert "<td>Step length</td><td>m</td>" in text and f"<td>{si:+.1f}</td>" in text
    assert f"{real.scores.attrs['gps_overall_deg']:.1f}</td></tr>" in text
    # The notes of the reader reach the report.
    assert html.escape(real.trial.notes[0]) in text


def test_report_names_the_injected_finding(injected, tmp_path):
    text = injected.to_html(tmp_path / "drop.html").read_text(encoding="utf-8")
    assert_self_contained(text)
    row = injected.findings.set_index(["finding", "side"]).loc[("pelvic_drop", "right")]
    block = re.search(r'<div class="finding"><div class="sentence">([^<]*)</div>(.*?)</div></div>', text, re.S)
    assert block.group(1) == html.escape(row.text)
    numbers = block.group(2)
    assert f"value <b>{row.value:.1f} deg</b>" in numbers and f"z <b>{row.z:+.1f}</b>" in numbers
    assert f"healthy {row.normal_mean:.2f} ± {row.normal_sd:.2f} deg" in numbers
    assert 'side <span class="right">right</span>' in numbers
    assert "synthetic or in-memory trial" in text


def test_report_without_findings_or_left_cycles(one_sided, tmp_path):
    text = one_sided.to_html(tmp_path / "one.html").read_text(encoding="utf-8")
    assert_self_contained(text)  # includes: no 'nan' anywhere
    assert "No finding passes its flag threshold." in text and "left 0</span>" in text
    assert html.escape(one_sided.notes[0]) in text
    assert "<td>Stride time</td><td>s</td><td>–</td>" in text


def test_to_html_errors_and_overwrite(real, tmp_path, monkeypatch):
    # Only the file handling is under test here: a stand-in page keeps it fast.
    monkeypatch.setattr(report, "html_report", lambda analysis: "<!DOCTYPE html><p>report</p>")
    missing = tmp_path / "no such folder" / "r.html"
    with pytest.raises(gaitchain.FileError, match="no such folder"):
        real.to_html(missing)
    assert not missing.parent.exists()
    with pytest.raises(gaitchain.FileError, match="is a folder"):
        real.to_html(tmp_path)
    target = tmp_path / "r.html"
    target.write_text("old")
    assert real.to_html(str(target)) == target and target.read_text(encoding="utf-8") == "<!DOCTYPE html><p>report</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]  # no temporary file left


# --- the render check -------------------------------------------------------------------------------------

def test_chromium_is_installed():
    # Not a skip: `make test` installs Chromium, so its absence is a broken setup.
    try:
        report.find_chromium()
    except gaitchain.FileError as err:
        pytest.fail(f"{err} -- the render check needs it; `make test` installs it")


def test_find_chromium_error_is_clear(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(gaitchain.FileError, match="no Chromium found on PATH .*chromium-browser"):
        report.find_chromium()


def test_render_check_passes_for_the_report(real_html, tmp_path):
    path, _ = real_html
    png = report.render_png(path, tmp_path / "real.png", width=1200)
    stats = report.check_rendered_png(png)
    assert stats["width"] == 1200 and stats["height"] > 5000  # the whole report, not one window
    assert stats["background"] == (255, 255, 255)


def test_render_check_fails_on_blank_broken_and_cut_pages(real_html, tmp_path):
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>")
    with pytest.raises(report.RenderCheckError, match="blank page"):
        report.check_rendered_png(report.render_png(blank, tmp_path / "blank.png", height=1200))

    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><html><body><img src="missing-figure.png"></body></html>')
    with pytest.raises(report.RenderCheckError, match="broken page"):
        report.check_rendered_png(report.render_png(broken, tmp_path / "broken.png", height=1200))

    # The real report with its figures corrupted: the text is there, the figures are not.
    path, text = real_html
    corrupt = tmp_path / "corrupt.html"
    corrupt.write_text(re.sub(r"base64,[A-Za-z0-9+/=]+", "base64,AAAA", text), encoding="utf-8")
    with pytest.raises(report.RenderCheckError, match="figures did not render"):
        report.check_rendered_png(report.render_png(corrupt, tmp_path / "corrupt.png"))

    # A window too short for the page: the screenshot is cut and the check says so.
    with pytest.raises(report.RenderCheckError, match="cut off"):
        report.check_rendered_png(report.render_png(path, tmp_path / "cut.png", height=1500, max_height=1500))

    with pytest.raises(report.RenderCheckError, match="not a readable PNG"):
        (tmp_path / "junk.png").write_bytes(b"not a png")
        report.check_rendered_png(tmp_path / "junk.png")
