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
        for word in ("audit_record", "application/pdf", "render_pdf", "html_to_pdf")
        if word in path.read_text(encoding="utf-8")
    ]
    assert not offenders, offenders


# --- what the import graph cannot see ---------------------------------------------------------
# A lower app can depend on a higher one without importing it: by reversing its url names, by
# naming its modules or models in a string (import_string, apps.get_model, a model label), by
# querying a relation a higher app's model defines on its models, or by a template that
# includes the higher app's templates. The tests below refuse each.

TEMPLATES = ROOT / "beredskab" / "templates"
# The page shell (base.html, public_base.html, the error pages) belongs to the project, like
# config/: it may name any app. includes/, pdf/ and django/ belong to core.
CORE_TEMPLATE_DIRS = {"includes", "pdf", "django", "core"}


def _app_layers() -> dict[str, int]:
    """Each app (its last dotted name, e.g. "cases", "risk") -> its layer, 0 at the top."""
    from django.apps import apps

    layers = {}
    for index, layer in enumerate(_layers()):
        for config in apps.get_app_configs():
            if any(config.name == name or config.name.startswith(name + ".") for name in layer):
                layers[config.label] = index
    return layers


def _layer_entries() -> dict[str, str]:
    """Each app -> the name it is listed under in the layers ("beredskab.cases" for risk too)."""
    from django.apps import apps

    return {
        config.label: name
        for layer in _layers()
        for name in layer
        for config in apps.get_app_configs()
        if config.name == name or config.name.startswith(name + ".")
    }


def _higher_than(label: str) -> set[str]:
    """The apps `label` must not depend on: those above it, and its independent siblings (apps
    on its layer listed apart, e.g. accounts | encryption)."""
    layers, entries = _app_layers(), _layer_entries()
    return {
        other
        for other, index in layers.items()
        if index < layers[label] or (index == layers[label] and entries[other] != entries[label])
    }


def _lower_app_sources():
    """(app label, path) of every non-test, non-migration Python file of each app below the top."""
    from django.apps import apps

    layers = _app_layers()
    for config in apps.get_app_configs():
        if config.label not in layers or layers[config.label] == 0:
            continue
        root = Path(config.path)
        nested = {Path(other.path) for other in apps.get_app_configs() if Path(other.path).parent == root}
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).parts
            if "tests" in parts or "migrations" in parts or any(n in path.parents for n in nested):
                continue
            yield config.label, path


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module, docstrings left out (prose may say who plugs in)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


@pytest.mark.django_db
def test_no_lower_app_names_a_higher_app_in_a_string():
    """No url name (`reverse("cases:detail")`), dotted path (`"beredskab.cases.demo"`) or model
    label (`"cases.Case"`) of a higher app in a lower app's code."""
    import re

    from django.apps import apps

    offenders = []
    for label, path in _lower_app_sources():
        for higher in _higher_than(label):
            config = apps.get_app_config(higher)
            models = "|".join(m.__name__ for m in config.get_models()) or "(?!)"
            pattern = re.compile(rf"^{higher}:\w|{re.escape(config.name)}\b|^{higher}\.({models})$", re.IGNORECASE)
            offenders += [
                f"{_shown(path)}:{line} {text!r} names {higher}"
                for line, text in _strings(path)
                if pattern.search(text)
            ]
    assert not offenders, offenders


def _reverse_relations() -> dict[str, set[str]]:
    """Lower app label -> the names of the reverse relations higher apps' models add to its
    models (e.g. "intake" -> {"case_link", "hold", ...})."""
    from django.apps import apps

    layers = _app_layers()
    reverse_names: dict[str, set[str]] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            if not field.is_relation or field.auto_created or target is None:
                continue
            if (field.remote_field.related_name or "").endswith("+"):
                continue
            lower, higher = target._meta.app_label, model._meta.app_label
            if lower in layers and higher in layers and layers[higher] < layers[lower]:
                names = {field.remote_field.get_accessor_name(), field.related_query_name()}
                reverse_names.setdefault(lower, set()).update(n for n in names if n)
    return reverse_names


@pytest.mark.django_db
def test_no_lower_app_queries_a_relation_a_higher_app_defines():
    """A higher app's foreign key to a lower app's model adds a reverse relation to it
    (`Report.case_link`); the lower app must not use it (intake asks `intake.hooks` instead)."""
    import re

    reverse_names = _reverse_relations()
    offenders = []
    for label, path in _lower_app_sources():
        names = reverse_names.get(label, set())
        if not names:
            continue
        alternatives = "|".join(map(re.escape, names))
        pattern = re.compile(rf"\b({alternatives})__|(?<!beredskab)\.({alternatives})\b")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if (match := pattern.search(code)) and not code.lstrip().startswith(("from ", "import ")):
                offenders.append(f"{_shown(path)}:{number} uses {match.group(0)!r}")
        offenders += [
            f"{_shown(path)}:{number} names {text!r}"
            for number, text in _strings(path)
            if text.split("__", 1)[0] in names  # select_related("case_link"), getattr(report, "hold")
        ]
    assert not offenders, offenders


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _template_owner(path: Path) -> str | None:
    first = path.relative_to(TEMPLATES).parts[0]
    if first in CORE_TEMPLATE_DIRS:
        return "core"
    return None if first.endswith((".html", ".txt")) else first


def _templates():
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix in {".html", ".txt"} and (owner := _template_owner(path)) is not None:
            yield owner, path


def _tag_libraries() -> dict[str, str]:
    """Template tag library -> the app label it belongs to."""
    from django.apps import apps

    return {
        library.stem: config.label
        for config in apps.get_app_configs()
        if config.name.startswith("beredskab.")
        for library in (Path(config.path) / "templatetags").glob("*.py")
        if library.stem != "__init__"
    }


@pytest.mark.django_db
def test_no_lower_apps_template_needs_a_higher_app():
    """A template of a lower app neither reverses a higher app's url names, includes or
    extends its templates, loads its template tags, nor reads a reverse relation a higher app
    adds to its models (`report.case_link`)."""
    import re

    layers = _app_layers()
    libraries = _tag_libraries()
    reverse_names = _reverse_relations()
    url = re.compile(r"""{%\s*url\s+["'](\w+):""")
    uses = re.compile(r"""{%\s*(?:include|extends)\s+["'](\w+)/""")
    loads = re.compile(r"{%\s*load\s+([\w ]+?)\s*%}")
    offenders = []
    for owner, path in _templates():
        if owner not in layers:
            continue
        higher = _higher_than(owner)
        text = path.read_text(encoding="utf-8")
        needed = [*url.findall(text), *(d for d in uses.findall(text) if d not in CORE_TEMPLATE_DIRS)]
        needed += [libraries.get(name, "") for found in loads.findall(text) for name in found.split()]
        offenders += [f"{_shown(path)} needs {found}" for found in needed if found in higher]
        if names := reverse_names.get(owner):
            alternatives = "|".join(map(re.escape, names))
            offenders += [f"{_shown(path)} reads {found!r}" for found in re.findall(rf"\w\.(?:{alternatives})\b", text)]
    assert not offenders, offenders


@pytest.mark.parametrize(
    ("source", "caught_by"),
    [
        ('from django.urls import reverse\nURL = reverse("cases:detail")\n', "string"),
        ('DEMO = ["beredskab.cases.demo.load"]\n', "string"),
        ('MODEL = "cases.Case"\n', "string"),
        ("def f(qs):\n    return qs.filter(case_link__isnull=True)\n", "relation"),
        ('def f(report):\n    return getattr(report, "case_link", None)\n', "relation"),
        ('{% url "cases:detail" case.reference %}', "template"),
        ('{% include "cases/_marks.html" %}', "template"),
        ("{% load i18n cases_tags %}", "template"),
        ("{% if report.case_link %}", "template"),
    ],
)
@pytest.mark.django_db
def test_a_hidden_upward_dependency_is_caught(source, caught_by, monkeypatch, tmp_path):
    """The checks above refuse a deliberately wrong intake module or template."""
    wrong = tmp_path / ("wrong.html" if caught_by == "template" else "wrong.py")
    wrong.write_text(source, encoding="utf-8")
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "_lower_app_sources", lambda: iter([("intake", wrong)]))
    monkeypatch.setattr(module, "_templates", lambda: iter([("intake", wrong)]))
    check = {
        "string": test_no_lower_app_names_a_higher_app_in_a_string,
        "relation": test_no_lower_app_queries_a_relation_a_higher_app_defines,
        "template": test_no_lower_apps_template_needs_a_higher_app,
    }[caught_by]
    with pytest.raises(AssertionError):
        check()


@pytest.mark.django_db
def test_no_lower_apps_migration_depends_on_a_higher_app():
    """A migration's dependencies follow the layers too (cases and its risk app share one)."""
    from django.db.migrations.loader import MigrationLoader

    layers = _app_layers()
    offenders = [
        f"{label}.{name} depends on {other}.{other_name}"
        for (label, name), migration in MigrationLoader(None, ignore_no_migrations=True).disk_migrations.items()
        if label in layers
        for other, other_name in migration.dependencies
        if other in layers and layers[other] < layers[label]
    ]
    assert not offenders, offenders
