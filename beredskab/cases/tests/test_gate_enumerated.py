"""The risk gate, enumerated from the code: every service of the case apps declares what it
involves, every service that involves a person is refused by a closed gate and allowed by a
current assessment, the pages and the admin go through the same services, and nothing outside
the services writes case records (barnets lov § 18, stk. 3)."""

import datetime
import importlib
import inspect
import pkgutil
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from beredskab.audit.models import AuditEvent
from beredskab.cases import services
from beredskab.cases.models import (
    Decision,
    Intervention,
    JournalEntry,
    NetworkStep,
    Task,
)
from beredskab.cases.risk import services as risk_services
from beredskab.cases.risk.gate import GateClosed, Involves
from beredskab.cases.risk.mentions import NetworkMentioned
from beredskab.cases.risk.models import Consultation

from .factories import (
    OVERRIDE_REASON,
    add_father,
    add_parent,
    another_child,
    approved_assessment,
    assess,
    complete_assessment,
    open_case,
    refresh,
    screen,
)

TODAY = datetime.date.today


# --- the property test: every writer, every person link, every gate state -------------------------

SERVICE_MODULES = (
    "beredskab.cases.services",
    "beredskab.cases.protection",
    "beredskab.cases.breakglass",
    "beredskab.cases.risk.services",
    "beredskab.adults.services",  # the adult track (serviceloven), on top of the case core
    "beredskab.safety.services",  # personal safety plans, no-shows, trips (never the family)
)


def _modules_of(module_name: str) -> list[str]:
    """The module, and every module inside it when it is a package (services by topic)."""
    module = importlib.import_module(module_name)
    names = [module_name]
    if hasattr(module, "__path__"):
        names += [info.name for info in pkgutil.walk_packages(module.__path__, prefix=f"{module_name}.")]
    return names


def case_services():
    """Every public service of the case apps: a function taking the acting user as `actor=`,
    named by the module that defines it."""
    found = {}
    for module_name in (name for package in SERVICE_MODULES for name in _modules_of(package)):
        module = importlib.import_module(module_name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if inspect.unwrap(function).__module__ != module_name:
                continue
            parameters = inspect.signature(inspect.unwrap(function)).parameters
            if "actor" in parameters and parameters["actor"].kind == inspect.Parameter.KEYWORD_ONLY:
                found[f"{module_name}.{name}"] = function
    return found


def test_every_case_service_declares_what_it_involves():
    services_found = case_services()
    assert len(services_found) > 30
    undeclared = [name for name, f in services_found.items() if not hasattr(f, "gate_involves")]
    assert not undeclared, f"Mark these services with @gated(...): {undeclared}"


# How each service that can involve a person is called with that person. A new service marked
# PEOPLE or ALWAYS must be added here, or test_every_involving_service_is_exercised fails.
def _journal(ctx):
    return services.journal_entry_add(
        actor=ctx["worker"],
        case=ctx["case"],
        kind="meeting",
        occurred_on=TODAY(),
        body="Møde.",
        participants=[ctx["p"]],
    )


def _task(ctx):
    return services.task_add(
        actor=ctx["worker"], case=ctx["case"], title="Kontakt", due_on=TODAY(), owner=ctx["worker"], people=[ctx["p"]]
    )


def _task_done(ctx):
    return services.task_close(actor=ctx["worker"], task=ctx["task"])


def _decision(ctx):
    return services.decision_record(
        actor=ctx["worker"],
        case=ctx["case"],
        kind="hearing",
        decided_on=TODAY(),
        title="Partshøring",
        text="Høring.",
        people=[ctx["p"]],
    )


def _intervention(ctx):
    return services.intervention_add(
        actor=ctx["worker"], case=ctx["case"], kind="family_support", prevention_level="secondary", starts_on=TODAY()
    )


def _share(ctx):
    from beredskab.accounts.models import Unit

    return services.case_share(
        actor=ctx["worker"],
        case=ctx["case"],
        unit=Unit.objects.get(code="familieraadgivning"),
        purpose=f"{ctx['p'].name} arbejder i enheden",
    )


def _network_step(ctx):
    return services.network_step_record(
        actor=ctx["worker"], case=ctx["case"], kind="letter", people=[ctx["p"]], occurred_on=TODAY(), summary="Brev."
    )


def _file_access(ctx):
    return services.file_access_release(actor=ctx["worker"], step=ctx["step"], person=ctx["p"])


def _consultation(ctx):
    return risk_services.consultation_record(
        actor=ctx["worker"],
        case=ctx["case"],
        partner_kind="other",
        partner_name=ctx["p"].name,
        consulted_on=TODAY(),
        identification="anonymised",
        question="Spørgsmål.",
        advice="Råd.",
    )


def _as_adult_case():
    """The adult track's services run on adult cases only; here they run on the children's case
    the context makes, with the same gate states."""
    from unittest import mock

    return mock.patch("beredskab.adults.policies.is_adult_case", lambda case: True)


def _counselling(ctx):
    from beredskab.adults.services import counselling_record

    with _as_adult_case():
        return counselling_record(
            actor=ctx["worker"],
            case=ctx["case"],
            basis="sel_12a",
            held_on=TODAY(),
            with_whom="Borgeren og en slægtning",
            safe_place="Biblioteket",
            participants=[ctx["p"]],
        )


def _action_plan(ctx):
    from beredskab.adults.services import action_plan_save, action_plan_start

    with _as_adult_case():
        plan = action_plan_start(actor=ctx["worker"], case=ctx["case"])
        return action_plan_save(actor=ctx["worker"], plan=plan, support_options=["family_dialogue"])


CALLS = {
    "beredskab.cases.services.journal.journal_entry_add": _journal,
    "beredskab.cases.services.journal.task_add": _task,
    "beredskab.cases.services.journal.task_close": _task_done,
    "beredskab.cases.services.decisions.decision_record": _decision,
    "beredskab.cases.services.decisions.intervention_add": _intervention,
    "beredskab.cases.services.sharing.case_share": _share,
    "beredskab.cases.services.network.network_step_record": _network_step,
    "beredskab.cases.services.network.file_access_release": _file_access,
    "beredskab.cases.risk.services.consultations.consultation_record": _consultation,
    "beredskab.adults.services.counselling.counselling_record": _counselling,
    "beredskab.adults.services.action_plans.action_plan_save": _action_plan,
}


def test_every_involving_service_is_exercised():
    involving = {name for name, f in case_services().items() if f.gate_involves != Involves.NEVER}
    assert involving == set(CALLS), f"Add a call for: {involving - set(CALLS)}; remove: {set(CALLS) - involving}"


PERSON_LINKS = {
    "parent": {"name": "Leila Testesen", "relation": "mother", "may_contact": "yes"},
    "family": {"name": "Yusuf Haddad", "relation": "uncle_aunt", "may_contact": "yes"},
    "perpetrator": {"name": "Omar Haddad", "relation": "sibling", "possible_perpetrator": True, "may_contact": "yes"},
    "network": {"name": "Samira Jensen", "relation": "friend", "may_contact": "yes"},
}
CLOSED_STATES = ("closed", "expired", "superseded", "returned")


def _context(worker, worker2, leader, link):
    case = screen(assess(open_case(worker, **another_child()), worker), worker, flag=True)
    person = add_parent(case, worker, **PERSON_LINKS[link])
    ctx = {"case": case, "p": person, "worker": worker, "worker2": worker2, "leader": leader}
    # What some services act on is made while a leader holds the gate open, then it closes again.
    override = risk_services.gate_override_grant(actor=leader, case=case, reason=OVERRIDE_REASON)
    ctx["task"] = services.task_add(
        actor=worker, case=refresh(case), title="Kontakt", due_on=TODAY(), owner=worker, people=[person]
    )
    ctx["step"] = services.network_step_record(
        actor=worker, case=refresh(case), kind="file_access", people=[person], occurred_on=TODAY(), summary="Akt."
    )
    risk_services.gate_override_revoke(actor=leader, override=override)
    return ctx


def _put_gate_in(state, ctx):
    case, worker, worker2 = ctx["case"], ctx["worker"], ctx["worker2"]
    if state == "closed":
        return None
    approved_assessment(refresh(case), worker, worker2)
    if state == "superseded":
        risk_services.risk_assessment_start(actor=worker, case=refresh(case))
    if state == "returned":
        second = complete_assessment(refresh(case), worker)
        risk_services.risk_assessment_return(actor=worker2, assessment=second, note="Akut risiko vurderes høj nu.")
    if state == "expired":
        later = timezone.now() + datetime.timedelta(days=31)
        return time_machine.travel(later, tick=False)
    return None


def _counts():
    return (
        JournalEntry.objects.count(),
        Task.objects.filter(status="open").count(),
        Decision.objects.count(),
        Intervention.objects.count(),
        NetworkStep.objects.count(),
        Consultation.objects.count(),
        AuditEvent.objects.filter(action__in=["cases.case_shared", "cases.file_access_exported"]).count(),
    )


@pytest.mark.parametrize("link", list(PERSON_LINKS))
@pytest.mark.parametrize("service", sorted(CALLS))
def test_every_service_that_involves_a_person_is_refused_by_a_closed_gate(plan, worker, worker2, leader, service, link):
    for state in CLOSED_STATES:
        ctx = _context(worker, worker2, leader, link)
        travel = _put_gate_in(state, ctx)
        ctx["case"] = refresh(ctx["case"])
        before = _counts()
        refused = ["cases.network_step_refused", "cases.family_mention_asked"]
        refusals = AuditEvent.objects.filter(action__in=refused).count()
        if travel:
            travel.start()
        try:
            with pytest.raises(GateClosed):
                CALLS[service](ctx)
        finally:
            if travel:
                travel.stop()
        assert _counts() == before, (service, link, state)
        assert AuditEvent.objects.filter(action__in=refused).count() == refusals + 1, state


@pytest.mark.parametrize("service", sorted(CALLS))
def test_every_service_that_involves_a_person_is_allowed_by_a_current_assessment(
    plan, worker, worker2, leader, service
):
    ctx = _context(worker, worker2, leader, "perpetrator")
    _put_gate_in("open", ctx)
    ctx["case"] = refresh(ctx["case"])
    CALLS[service](ctx)


# --- the pages and the admin go through the same services -----------------------------------------


def test_the_pages_refuse_with_the_reason_and_keep_what_was_typed(client, flagged, worker):
    mother = add_parent(flagged, worker)
    client.force_login(worker)
    ref = flagged.reference
    posts = [
        ("cases:journal_add", {"kind": "meeting", "occurred_on": TODAY().isoformat(), "body": "Skrevet tekst."}),
        (
            "cases:decision_add",
            {"kind": "hearing", "decided_on": TODAY().isoformat(), "title": "Høring", "text": "Skrevet tekst."},
        ),
        ("cases:task_add", {"title": "Skrevet tekst.", "due_on": "2030-01-01", "owner": worker.pk}),
    ]
    for name, data in posts:
        response = client.post(reverse(name, args=[ref]), {**data, "people": [mother.pk]})
        page = response.content.decode()
        assert response.status_code == 409, name
        assert "§ 18, stk. 3" in page and "Skrevet tekst." in page, name
    family = client.post(
        reverse("cases:intervention_add", args=[ref]),
        {
            "kind": "family_support",
            "prevention_level": "secondary",
            "status": "active",
            "starts_on": TODAY().isoformat(),
        },
    )
    assert family.status_code == 409 and "§ 18, stk. 3" in family.content.decode()
    assert not (JournalEntry.objects.exists() or Decision.objects.exists() or Task.objects.exists())
    assert not Intervention.objects.exists()


def test_a_page_asks_about_family_names_at_a_checkbox_and_keeps_the_text(client, flagged, worker):
    add_father(flagged, worker)
    client.force_login(worker)
    url = reverse("cases:journal_add", args=[flagged.reference])
    data = {
        "kind": "phone",
        "occurred_on": TODAY().isoformat(),
        "body": "Samtale med Karim om skolen.",
        "no_family": "on",
    }
    asked = client.post(url, data)
    page = asked.content.decode()
    assert asked.status_code == 409
    assert 'type="checkbox" name="mentions_confirmed"' in page and 'id="id_mentions_confirmed_error"' in page
    assert "Samtale med Karim om skolen." in page
    # Ticking the box without having been asked (the hidden field in the first post) answers nothing.
    assert client.post(url, {**data, "mentions_confirmed": "on"}).status_code == 409
    token = re.search(r'name="mentions_token" value="([^"]+)"', page).group(1)
    # The answer covers what was asked, not a text changed afterwards to name someone else.
    changed = {**data, "body": "Samtale med Karim og far.", "mentions_confirmed": "on", "mentions_token": token}
    assert client.post(url, changed).status_code == 409
    assert client.post(url, {**data, "mentions_confirmed": "on", "mentions_token": token}).status_code == 302
    assert JournalEntry.objects.count() == 1


def test_only_the_network_step_can_be_added_in_the_admin_and_it_uses_the_service():
    from django.contrib import admin

    from beredskab.cases.admin import NetworkStepAdmin

    class Request:
        class user:
            is_active = is_staff = True

            @staticmethod
            def has_capability(capability):
                return True

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("cases", "risk"):
            continue
        if isinstance(model_admin, NetworkStepAdmin):
            continue
        assert not model_admin.has_add_permission(Request), model
        assert not model_admin.has_change_permission(Request), model
        assert not model_admin.has_delete_permission(Request), model


# --- writers: no code outside the services writes case records --------------------------------------


def test_no_module_outside_the_services_writes_case_records():
    """Scan the code: creating, saving, updating or deleting rows of the case apps' models
    happens only in their service modules (and the migrations)."""
    import ast
    from pathlib import Path

    from django.apps import apps

    models = {m.__name__ for label in ("cases", "risk") for m in apps.get_app_config(label).get_models()}
    allowed = {
        "cases/services/",  # every module of the package
        "cases/protection.py",
        "cases/breakglass.py",
        "cases/holds.py",
        "cases/reminders.py",  # DeadlineReminder rows: which reminder went out
        "cases/risk/services/",
        "cases/models/",  # append-only guards
        "cases/risk/models.py",
        # The synthetic history for the benchmark (manage.py seed_scale): bulk inserts of
        # synthetic rows with their audit chain, never real data and never from a page.
        "cases/scale_seed.py",
        "safety/services/",  # the no-show and return-check tasks, closed when handled
        "safety/watch.py",  # the return check's task, opened by the periodic job
    }
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        in_allowed = relative in allowed or any(relative.startswith(a) for a in allowed if a.endswith("/"))
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or in_allowed:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in ("create", "bulk_create", "update", "delete", "get_or_create", "update_or_create"):
                continue
            chain = node.func.value
            is_manager = isinstance(chain, ast.Attribute) and chain.attr == "objects"
            if is_manager and isinstance(chain.value, ast.Name) and chain.value.id in models:
                offenders.append(f"{relative}:{node.lineno} {chain.value.id}.objects.{node.func.attr}")
    assert not offenders, offenders


def test_a_person_who_must_not_be_contacted_is_asked_about_even_with_an_open_gate(flagged, worker, worker2):
    """Found by the attack: a meeting with the mother whose summary says the barred father came."""
    mother = add_parent(flagged, worker)
    add_father(flagged, worker, may_contact="no", contact_note="Trusler mod pigen.")
    approved_assessment(flagged, worker, worker2)
    summary = "Karim Testesen kom med til mødet og talte med os."
    with pytest.raises(NetworkMentioned, match="Far"):
        services.network_step_record(
            actor=worker, case=refresh(flagged), kind="meeting", people=[mother], occurred_on=TODAY(), summary=summary
        )
    assert not NetworkStep.objects.exists()
    # Others in the family may be named freely while the gate is open.
    services.journal_entry_add(
        actor=worker, case=refresh(flagged), kind="note", occurred_on=TODAY(), body="Mor fortalte om skolen."
    )
