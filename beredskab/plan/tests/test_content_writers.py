"""Every writer of a version's rows changes its content stamp (issue 20, `plan.content`), so no
process answers from content it kept of the version before the change.

The writers are enumerated from the code: each function of the plan app that writes rows calls
`content_changed` (or is listed below with the reason it need not), no other app writes the
plan's models, every public service is a writer tested here or a read, and every admin of a plan
model is read-only unless the version is a draft and changes the stamp when it saves. Then each
writer is run: a route (or the version's content) asked for after the change reflects it, in the
same process that kept the content from before."""

import ast
import datetime
import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from beredskab.core.roles import Role
from beredskab.plan import admin as plan_admin
from beredskab.plan import adoption_checks, editor, services, services_edit
from beredskab.plan.content import plan_data
from beredskab.plan.export import plan_to_document
from beredskab.plan.loader import read_plan_file
from beredskab.plan.models import ContactUnit, Plan
from beredskab.plan.routing import route
from beredskab.plan.selectors import plan_in_force
from beredskab.plan.validation import validate_plan_data

from .adoption import CPH, MONDAY, WEDNESDAY
from .adoption import at as frozen_at
from .conftest import ISHOJ
from .test_admin import form_data

ROOT = Path(settings.BASE_DIR)
PLAN_APP = ROOT / "beredskab" / "plan"
WRITE_CALLS = {"save", "update", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}

# Functions of the plan app that write without calling `content_changed` themselves, and why.
NOT_CONTENT = {
    "build.build_plan": "a new version: a new row, with a stamp of its own",
    "content.content_changed": "writes the stamp itself",
    "services._record_in_force": "the history of which version was in force, not a version's content",
    "services.plan_draft_new_version": "the `.update` is a dict's; the new version is made by build_plan",
    "validation.translations.public_texts": "the `.update` is a dict's",
}
# Helpers that write the parts of a version, called only by the functions named (a new row, or a
# draft rebuilt in place, which `rebuild_draft` gives a new stamp).
PART_WRITERS = {"_create_parts", "_create_plan_lists", "_create_units", "_create_target_groups", "_create_goals"}
PART_CALLERS = {"build_plan", "rebuild_draft", *PART_WRITERS}

# The public services: each writer is run by the test named (below), the rest only read.
WRITERS = {
    "plan_import": "test_plan_import_makes_a_version_of_its_own",
    "plan_draft_new_version": "test_plan_draft_new_version_makes_a_version_of_its_own",
    "plan_adopt": "test_adopting_a_new_version_for_today_is_followed_at_once",
    "plan_switch_due": "test_a_scheduled_version_is_followed_from_its_day_and_the_switch_changes_both",
    "plan_roll_back": "test_rolling_back_is_followed_at_once",
    "plan_cancel_scheduled": "test_cancelling_a_waiting_version_changes_its_stamp",
    "plan_archive": "test_archiving_a_draft_changes_its_stamp",
    "plan_fact_confirm": "test_confirming_a_fact_of_the_version_in_force_is_followed_at_once",
    "plan_draft_edit_section": "test_the_editors_save_is_followed_at_once",
    "plan_draft_change_record": "test_an_admin_edit_of_a_draft_is_followed_at_once",
}
READS = {
    "plan_compare",
    "plan_compare_sections",
    "plan_adoption_refusal",
    "plan_fingerprint",
    "adoption_refusal",
    "refuse_changed_draft",
    "refuse_stale_comparison",
}

TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0)  # naive: Copenhagen time


def _functions(path: Path):
    """(qualified name, function node) of every function in a module of the plan app."""
    module = ".".join(path.relative_to(PLAN_APP).with_suffix("").parts)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            yield f"{module}.{node.name}", node


def _called(node) -> set[str]:
    return {
        call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
    }


def _plan_app_modules():
    for path in sorted(PLAN_APP.rglob("*.py")):
        if "tests" not in path.parts and "migrations" not in path.parts:
            yield path


# --- enumerated from the code ----------------------------------------------------------------


def test_every_function_that_writes_a_versions_rows_changes_its_stamp():
    offenders = []
    for path in _plan_app_modules():
        for name, node in _functions(path):
            called = _called(node)
            if not called & WRITE_CALLS or "content_changed" in called or name in NOT_CONTENT:
                continue
            if node.name in PART_WRITERS:
                continue  # checked below: only the builders call them
            offenders.append(name)
    assert offenders == [], "call content.content_changed(plan) in these writers' transaction (or say why not)"


def test_the_stamp_changes_after_the_last_write():
    """Content read between a new stamp and a later write of the same transaction would be kept
    under the new stamp without that write: the stamp comes last."""
    late = []
    for path in _plan_app_modules():
        for name, node in _functions(path):
            calls = [c for c in ast.walk(node) if isinstance(c, ast.Call)]
            names = [
                (c.lineno, c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", ""))
                for c in calls
            ]
            stamps = [line for line, called in names if called == "content_changed"]
            if stamps and name != "content.content_changed":
                late += [f"{name}:{line}" for line, called in names if called in WRITE_CALLS and line > max(stamps)]
    assert late == []


def test_the_part_writers_are_called_only_by_the_builders():
    callers = {
        name
        for path in _plan_app_modules()
        for name, node in _functions(path)
        if _called(node) & PART_WRITERS and node.name not in PART_CALLERS
    }
    assert callers == set()
    (rebuild,) = [n for path in _plan_app_modules() for name, n in _functions(path) if name == "build.rebuild_draft"]
    assert "content_changed" in _called(rebuild)


def _plan_models_imported(source: str) -> set[str]:
    """The names a module gives the plan's models it imports (`from beredskab.plan.models import ...`)."""
    models = {model.__name__ for model in apps.get_app_config("plan").get_models()}
    return {
        alias.asname or alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("beredskab.plan.models")
        for alias in node.names
        if alias.name in models
    }


def test_no_other_app_writes_the_plans_models():
    offenders = []
    for path in sorted((ROOT / "beredskab").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[1] == "plan" or "tests" in relative.parts or "migrations" in relative.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "beredskab.plan" in source and "apps.get_model" in source:
            offenders.append(f"{relative}: reaches a model by name")
        if not (names := _plan_models_imported(source)):
            continue
        write = re.compile(rf"\b({'|'.join(names)})\.objects\b.*\.({'|'.join(WRITE_CALLS)})\(")
        offenders += [
            f"{relative}:{number}: {line.strip()}"
            for number, line in enumerate(source.splitlines(), 1)
            if write.search(line)
        ]
    assert offenders == []


def test_every_public_service_is_a_writer_tested_here_or_a_read():
    public = {
        name
        for module in (services, services_edit, adoption_checks)
        for name, function in vars(module).items()
        if inspect.isfunction(function) and not name.startswith("_") and function.__module__ == module.__name__
    }
    assert public == set(WRITERS) | READS, "a new service: add it to WRITERS (with its test) or READS"
    assert all(test in globals() for test in WRITERS.values())


def test_every_admin_of_a_plan_model_is_read_only_unless_a_draft_and_changes_the_stamp():
    registered = {
        model: model_admin for model, model_admin in admin.site._registry.items() if model._meta.app_label == "plan"
    }
    assert registered, "the plan's admins"
    for model, model_admin in registered.items():
        assert isinstance(model_admin, plan_admin._AuditedDraftAdmin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, plan_admin._DraftOnlyInline), inline
    # Every save of the admin ends in the service that refuses a non-draft and changes the stamp.
    assert "plan_draft_change_record" in inspect.getsource(plan_admin._AuditedDraftAdmin.save_related)
    assert "content_changed" in _called(ast.parse(inspect.getsource(services_edit.plan_draft_change_record)))


# --- each writer, run -------------------------------------------------------------------------


def straxen_phone(plan) -> str:
    return next(c.phone for c in route(plan, age=15, at=TUESDAY_10).contacts if c.unit_code == "straxen")


def stamp(plan) -> object:
    return Plan.objects.values_list("content_stamp", flat=True).get(pk=plan.pk)


@pytest.fixture
def draft(ishoj_plan, coordinator):
    """A draft of the next version with StraXen's new number (made before any of it is kept)."""
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan, version_label="2027")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone="43 57 75 79")
    return draft


def _adopt(coordinator, draft, **options):
    return services.plan_adopt(
        actor=coordinator, plan=draft, adopted_by="Ishøj Byråd", adopted_on=datetime.date(2027, 3, 2), **options
    )


@pytest.mark.django_db
def test_plan_import_makes_a_version_of_its_own(ishoj_plan):
    kept = plan_data(plan_in_force())
    spec = validate_plan_data(read_plan_file(ISHOJ)).spec
    new = services.plan_import(actor=None, spec=spec, version_label="import")
    assert plan_data(new) is not kept and plan_data(new).plan.pk == new.pk
    assert plan_data(plan_in_force()) is kept  # the version in force is the same


@pytest.mark.django_db
def test_plan_draft_new_version_makes_a_version_of_its_own(ishoj_plan, draft):
    kept = plan_data(plan_in_force())
    assert plan_data(draft) is not kept and straxen_phone(draft) == "43 57 75 79"
    assert straxen_phone(plan_in_force()) == "43 57 75 78"


@pytest.mark.django_db
def test_adopting_a_new_version_for_today_is_followed_at_once(ishoj_plan, coordinator, draft):
    with frozen_at(WEDNESDAY):
        assert straxen_phone(plan_in_force()) == "43 57 75 78"
        before = stamp(ishoj_plan)
        _adopt(coordinator, draft)
        assert straxen_phone(plan_in_force()) == "43 57 75 79"
        assert stamp(ishoj_plan) != before  # the version archived changed too


@pytest.mark.django_db
def test_a_scheduled_version_is_followed_from_its_day_and_the_switch_changes_both(ishoj_plan, coordinator, draft):
    with frozen_at(WEDNESDAY):
        scheduled = _adopt(coordinator, draft, in_force_from=MONDAY)
        assert straxen_phone(plan_in_force()) == "43 57 75 78"
        kept = plan_data(plan_in_force("ishoj", on=MONDAY))
    with frozen_at(datetime.datetime(2027, 3, 8, 0, 1, tzinfo=CPH)):
        assert straxen_phone(plan_in_force()) == "43 57 75 79"  # its day: followed before the job runs
        stamps = stamp(ishoj_plan), stamp(scheduled)
        assert services.plan_switch_due() == [scheduled]
        assert stamp(ishoj_plan) != stamps[0] and stamp(scheduled) != stamps[1]
        assert plan_data(plan_in_force()) is not kept
        assert straxen_phone(plan_in_force()) == "43 57 75 79"


@pytest.mark.django_db
def test_rolling_back_is_followed_at_once(ishoj_plan, coordinator, draft):
    with frozen_at(WEDNESDAY):
        _adopt(coordinator, draft)
        assert straxen_phone(plan_in_force()) == "43 57 75 79"
        services.plan_roll_back(actor=coordinator, plan=plan_in_force(), reason="Forkert telefonnummer")
        assert plan_in_force() == ishoj_plan
        assert straxen_phone(plan_in_force()) == "43 57 75 78"


@pytest.mark.django_db
def test_cancelling_a_waiting_version_changes_its_stamp(ishoj_plan, coordinator, draft):
    with frozen_at(WEDNESDAY):
        scheduled = _adopt(coordinator, draft, in_force_from=MONDAY)
        kept = plan_data(scheduled)
        services.plan_cancel_scheduled(actor=coordinator, plan=scheduled, reason="Forkert dato")
        assert plan_data(Plan.objects.get(pk=scheduled.pk)) is not kept


@pytest.mark.django_db
def test_archiving_a_draft_changes_its_stamp(draft, coordinator):
    kept = plan_data(draft)
    services.plan_archive(actor=coordinator, plan=draft)
    assert plan_data(Plan.objects.get(pk=draft.pk)) is not kept


@pytest.mark.django_db
def test_confirming_a_fact_of_the_version_in_force_is_followed_at_once(ishoj_plan):
    christmas_eve = datetime.datetime(2026, 12, 24, 10, 0)
    straxen = next(c for c in route(plan_in_force(), age=15, at=christmas_eve).contacts if c.unit_code == "straxen")
    assert straxen.unconfirmed
    services.plan_fact_confirm(actor=None, plan=ishoj_plan, fact_key=f"plan:{ishoj_plan.pk}:closure_days")
    services.plan_fact_confirm(actor=None, plan=ishoj_plan, fact_key="unit:straxen:hours")
    straxen = next(c for c in route(plan_in_force(), age=15, at=christmas_eve).contacts if c.unit_code == "straxen")
    assert not straxen.unconfirmed


@pytest.mark.django_db
def test_the_editors_save_is_followed_at_once(draft, coordinator):
    assert straxen_phone(draft) == "43 57 75 79"
    document = plan_to_document(draft)
    section = editor.SECTIONS["kontakter"]
    units = [dict(unit) for unit in document["units"]]
    next(unit for unit in units if unit["code"] == "straxen")["phone"] = "43 57 75 77"
    services.plan_draft_edit_section(
        actor=coordinator,
        plan=draft,
        section="kontakter",
        values={("units",): units},
        version=editor.section_version(document, section),
    )
    assert straxen_phone(Plan.objects.get(pk=draft.pk)) == "43 57 75 77"


@pytest.mark.django_db
def test_an_admin_edit_of_a_draft_is_followed_at_once(client, make_user, draft):
    assert straxen_phone(draft) == "43 57 75 79"
    client.force_login(make_user(Role.SYSADMIN, is_staff=True, is_superuser=True))
    url = reverse("admin:plan_contactunit_change", args=[draft.units.get(code="straxen").pk])
    data = form_data(client.get(url))
    data["phone"] = "43 57 75 76"
    assert client.post(url, data).status_code == 302
    assert straxen_phone(Plan.objects.get(pk=draft.pk)) == "43 57 75 76"
