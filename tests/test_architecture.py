"""The apps are layers and imports only go down (docs/ARCHITECTURE.md). The contract lives in
pyproject.toml ([tool.importlinter]); this test runs it with `lint-imports`, and shows on a
graph with one deliberately wrong import that the same layers refuse it."""

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = config["contracts"]
    return contract


def _layers() -> list[set[str]]:
    return [{name.strip() for name in layer.split("|")} for layer in _contract()["layers"]]


def _graph_without_tests() -> grimp.ImportGraph:
    graph = grimp.build_graph("beredskab", cache_dir=None)
    for module in list(graph.modules):
        if ".tests" in module and module in graph.modules:
            graph.remove_module(module)
    return graph


def test_the_layering_contract_is_kept():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_app_is_in_a_layer():
    apps = {p.parent.name for p in (ROOT / "beredskab").glob("*/apps.py")}
    layered = {name.removeprefix("beredskab.") for layer in _layers() for name in layer}
    assert apps <= layered, f"apps missing from the layers in pyproject.toml: {sorted(apps - layered)}"


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("beredskab.core.models", "beredskab.cases.models"),  # the ground floor reaching up
        ("beredskab.intake.policies", "beredskab.cases.protection"),  # the dodge once hidden in a function
        ("beredskab.audit.views", "beredskab.accounts.selectors"),
        ("beredskab.accounts.services", "beredskab.encryption.services"),  # siblings stay apart
    ],
)
def test_an_upward_import_is_refused(importer, imported):
    graph = _graph_without_tests()
    assert not graph.find_illegal_dependencies_for_layers(layers=_layers())
    graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="import x")
    illegal = graph.find_illegal_dependencies_for_layers(layers=_layers())
    assert illegal, f"{importer} -> {imported} should break the layers"


MODULE_LINES = 550  # "about 500": split a module by what it does well before this
FUNCTION_LINES = 80


def _python_files():
    for path in sorted([*(ROOT / "beredskab").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]):
        if "migrations" not in path.parts:
            yield path


def test_no_module_is_too_long_to_find_ones_way_in():
    long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for path in _python_files()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    ]
    assert not long, long


def test_no_long_function_without_a_reason():
    """A function over FUNCTION_LINES lines (outside tests) says why it must be one piece, in a
    comment that contains "one piece"."""
    import ast

    long = []
    for path in _python_files():
        if "tests" in path.relative_to(ROOT).parts:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                body = lines[node.lineno - 1 : node.end_lineno]
                if len(body) > FUNCTION_LINES and not any("one piece" in line for line in body if "#" in line):
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({len(body)} lines)")
    assert not long, long


def _view_modules():
    for path in _python_files():
        parts = path.relative_to(ROOT).parts
        if "tests" not in parts and (path.name == "views.py" or "views" in parts[:-1]):
            yield path


def test_views_stay_thin():
    """Views leave auditing to the services and selectors they call, and send PDFs through
    `beredskab.core.pdf.pdf_response`."""
    offenders = [
        f"{path.relative_to(ROOT)}: {word}"
        for path in _view_modules()
        for word in ("audit_record", "application/pdf")
        if word in path.read_text(encoding="utf-8")
    ]
    assert not offenders, offenders
