"""Every way to the concern radar goes through `safety.selectors._radar_look_up`, which builds
the reader's scope (protected and restricted cases they may not see are unknown to the radar)
and audits the look-up. The code is read for the radar's callers, so a new page, hook or API
that calls the radar some other way fails here; each known path is then exercised with a
protected sibling's case that must not show."""

import ast
import datetime
import pathlib

import pytest
from django.test import Client
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases.protection import case_protect
from beredskab.cases.tests.factories import add_parent, another_child, cpr_for, make_report, open_case
from beredskab.core.roles import Role

ROOT = pathlib.Path(__file__).resolve().parent.parent / "beredskab"
ENTRY_POINTS = {"radar_for_case", "radar_for_report", "radar_summary", "radar_intake_summary"}

# (file, function) -> the path it is. A new caller: add it here and to `_visit` below.
KNOWN_CALLERS = {
    ("safety/views/watch.py", "radar"): "case page",
    ("safety/selectors.py", "radar_summary"): "screening",
    ("safety/selectors.py", "radar_intake_summary"): "intake",
    ("safety/apps.py", "ready"): "registration",  # registers the two summaries with cases.hooks
}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in rel:
            continue
        yield rel, ast.parse(path.read_text(encoding="utf-8"))


def _functions_using(tree, names: set[str]):
    """(function name, name used) for every use of one of `names` inside a function; module
    level uses are reported with the function name "<module>"."""
    found = set()

    def walk(node, owner):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                walk(child, child.name if owner == "<module>" else owner)
                continue
            name = None
            if isinstance(child, ast.Name):
                name = child.id
            elif isinstance(child, ast.Attribute):
                name = child.attr
            if name in names:
                found.add((owner, name))
            walk(child, owner)

    walk(tree, "<module>")
    return found


def _imported_module(rel: str, node: ast.ImportFrom) -> str:
    """The full dotted name an import names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = ["beredskab", *rel.split("/")[:-1]]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def test_only_the_one_look_up_runs_the_radar():
    importers = set()
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = _imported_module(rel, node)
                names = {a.name for a in node.names}
                if module == "beredskab.safety.radar" or (module == "beredskab.safety" and "radar" in names):
                    importers.add((rel, tuple(sorted(names))))
            if isinstance(node, ast.Import) and any(a.name == "beredskab.safety.radar" for a in node.names):
                importers.add((rel, ("beredskab.safety.radar",)))
    assert importers == {("safety/selectors.py", ("Radar", "Subject", "radar"))}
    selectors = dict(_sources())["safety/selectors.py"]
    assert {owner for owner, _ in _functions_using(selectors, {"radar"})} == {"_radar_look_up"}
    assert {owner for owner, _ in _functions_using(selectors, {"_radar_look_up"})} == {
        "radar_for_case",
        "radar_for_report",
    }


def test_every_caller_of_the_radar_is_a_known_path():
    callers = set()
    for rel, tree in _sources():
        for owner, _name in _functions_using(tree, ENTRY_POINTS):
            if rel == "safety/selectors.py" and owner in {"radar_for_case", "radar_for_report"}:
                continue
            callers.add((rel, owner))
    assert callers == set(KNOWN_CALLERS)
    templates = [p for p in (ROOT / "templates").rglob("*.html") if "radar" in p.read_text(encoding="utf-8")]
    assert {p.relative_to(ROOT / "templates").as_posix() for p in templates} >= {"safety/radar.html"}


@pytest.fixture
def protected_sibling(db, ishoj_plan, make_user):
    """The worker's case about a child whose sister has an open, flagged, protected case in the
    adults taskforce, naming the child as her brother; a new report about the child waits."""
    from beredskab.adults.tests.factories import add_sister, open_adult_case

    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    tf = make_user(Role.ADULT_TASKFORCE, "taskforce-voksne")
    tf_leader = make_user(Role.UNIT_LEADER, "taskforce-voksne")
    child = another_child()
    case = open_case(worker, **child)
    sister = open_adult_case(tf, subject_name="Yasmin Haddad", subject_cpr=cpr_for(datetime.date(2000, 3, 12), "321"))
    add_parent(case, worker, name="Yasmin Haddad", relation="sibling", birth_year=2000)
    add_sister(sister, tf, name=child["subject_name"], birth_year=case.subject_birth_date.year)
    report = make_report(**child)
    case_protect(actor=tf_leader, case=sister, reason="Morbror arbejder i forvaltningen.", members=[tf])
    return {"worker": worker, "case": case, "sister": sister, "report": report}


def _visit(path: str, world) -> str:
    client = Client()
    client.force_login(world["worker"])
    url = {
        "case page": reverse("safety:radar", args=[world["case"].reference]),
        "screening": reverse("cases:screening", args=[world["case"].reference]),
        "intake": reverse("cases:queue_report", args=[world["report"].reference]),
    }[path]
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("path", sorted(set(KNOWN_CALLERS.values()) - {"registration"}))
def test_no_path_shows_a_protected_siblings_case(protected_sibling, path):
    before = AuditEvent.objects.filter(action="safety.radar_lookup").count()
    page = _visit(path, protected_sibling)
    assert "Bekymringsradar" in page  # the radar ran on this path
    assert AuditEvent.objects.filter(action="safety.radar_lookup").count() == before + 1
    sister = protected_sibling["sister"]
    assert "findes — spørg" not in page
    assert sister.unit.name not in page and sister.reference not in page
    assert "har en åben sag markeret NSK/ÆRK" not in page.split("rules-heading")[0]
    event = AuditEvent.objects.filter(action="safety.radar_lookup").latest("pk")
    assert sister.reference not in event.new_values["shown"]
