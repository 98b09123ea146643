"""docs/tutorial.ipynb runs as it is: every code cell, in order, in one namespace (as a Jupyter kernel
would), in a temporary folder. Figures are drawn with matplotlib's Agg backend."""
import ast
import json
import os
from pathlib import Path

import matplotlib
import matplotlib.figure

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "tutorial.ipynb"


def test_tutorial_notebook_runs(tmp_path, monkeypatch):
    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    namespace = {"__name__": "__main__"}
    last = {}
    for number, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        assert not source.lstrip().startswith(("%", "!")), f"cell {number}: no IPython magics, the test runs plain Python"
        # Like a kernel: the value of a final expression is the cell's output.
        tree = ast.parse(source, f"tutorial cell {number}")
        tail = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, f"tutorial cell {number}", "exec"), namespace)
        if tail is not None:
            last[number] = eval(compile(ast.Expression(tail.value), f"tutorial cell {number}", "eval"), namespace)
    # What the tutorial promises, checked on what it produced: figures and HTML that display inline,
    outputs = list(last.values())
    assert sum(isinstance(v, matplotlib.figure.Figure) for v in outputs) == 2
    assert all(hasattr(v, "_repr_png_") for v in outputs if isinstance(v, matplotlib.figure.Figure))
    assert {type(v).__name__ for v in outputs if type(v).__module__.startswith("gaitchain")} >= {"Trial", "Analysis"}
    assert all(hasattr(v, "_repr_html_") for v in (namespace["trial"], namespace["a"]))
    a = namespace["a"]
    assert len(a.cycles) == 5 and not a.findings.empty
    assert (tmp_path / "report.html").stat().st_size > 100_000
    assert (tmp_path / "spatiotemporal.png").is_file()
    result = namespace["result"]
    assert list(result.trials["path"].map(lambda p: Path(p).name)) == ["walk_a.c3d", "walk_b.c3d"]
    assert result.trials["gps_overall_deg"].nunique() == 1  # the same walk twice: the same answer
    assert list(result.failures["path"].map(lambda p: Path(p).name)) == ["broken.c3d"]
    assert os.path.basename(str(namespace["walk_path"])) == "PiG_Motion-FlatFoot-Full.c3d"
