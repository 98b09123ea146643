"""The compiled module's type stubs (python/gaitchain/_core/*.pyi, from tools/gen_stubs.sh) ship with the
package and name exactly what the module has: a binding added or removed without regenerating them fails."""
import ast
import importlib
import inspect
from importlib import resources

import pytest

import gaitchain._core

SUBMODULES = sorted(name for name, value in vars(gaitchain._core).items() if inspect.ismodule(value))


def stub_names(tree: ast.Module) -> tuple[set, dict]:
    """Top-level names and, per class, its member names, as the stub declares them."""
    top, classes = set(), {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            top.add(node.target.id)
        elif isinstance(node, ast.Assign):
            top.update(t.id for t in node.targets if isinstance(t, ast.Name))
        if isinstance(node, ast.ClassDef):
            members = set()
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    members.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members.add(item.target.id)
                elif isinstance(item, ast.Assign):
                    members.update(t.id for t in item.targets if isinstance(t, ast.Name))
            classes[node.name] = {m for m in members if not m.startswith("_")}
    return {n for n in top if not n.startswith("_")}, classes


def test_the_stubs_ship_with_the_package():
    package = resources.files("gaitchain")
    assert package.joinpath("py.typed").is_file()
    assert package.joinpath("_core", "__init__.pyi").is_file()
    assert SUBMODULES == ["core", "events", "fit", "io", "metrics", "model", "synthetic"]


@pytest.mark.parametrize("name", SUBMODULES)
def test_stub_matches_the_compiled_module(name):
    module = importlib.import_module(f"gaitchain._core.{name}")
    text = resources.files("gaitchain").joinpath("_core", f"{name}.pyi").read_text()
    top, classes = stub_names(ast.parse(text))
    public = {n for n in dir(module) if not n.startswith("_") and not inspect.ismodule(getattr(module, n))}
    assert top == public, f"regenerate with tools/gen_stubs.sh: stub-only {sorted(top - public)}, missing {sorted(public - top)}"
    for cls_name, members in classes.items():
        cls = getattr(module, cls_name)
        actual = {n for n in vars(cls) if not n.startswith("_")}
        assert members == actual, f"{name}.{cls_name}: stub-only {sorted(members - actual)}, missing {sorted(actual - members)}"
