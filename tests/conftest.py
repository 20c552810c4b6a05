"""Fixtures for the cross-cutting tests: one world of users, cases, reports and plans, built
once per module (inside a transaction that is rolled back at the module's end; each test runs
in a savepoint inside it), and one logged-in test client per role."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

TEST_PASSWORD = "Test-adgangskode-2026"

# role name in the matrix -> (Role, unit code or None)
ROLE_USERS = {
    "frontline": ("frontline", "skole-demo"),
    "cw_own": ("child_caseworker", "straxen"),
    "cw_other": ("child_caseworker", "familieraadgivning"),
    "leader": ("unit_leader", "straxen"),
    "coordinator": ("plan_coordinator", None),
    "auditor": ("auditor", None),
    "sysadmin": ("sysadmin", None),
    "taskforce": ("adult_taskforce", "taskforce-voksne"),
}
ROLES = ["anonymous", *ROLE_USERS]


def _verified_client(user) -> Client:
    """A client logged in as the user, with the session marked as past the second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from beredskab.accounts.twofactor import needs_verification

    client = Client()
    client.force_login(user)
    user = type(user).objects.get(pk=user.pk)
    if needs_verification(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Testenhed", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _organisation():
    from beredskab.accounts import services
    from beredskab.accounts.demo import ORGANISATION

    code, name = ORGANISATION["municipality"]
    municipality = services.municipality_ensure(actor=None, code=code, name=name)
    centres = {
        c: services.centre_ensure(actor=None, municipality=municipality, code=c, name=n)
        for c, n in ORGANISATION["centres"]
    }
    for u, c, n, k, i in ORGANISATION["units"]:
        services.unit_ensure(actor=None, centre=centres[c], code=u, name=n, kind=k, inbox_email=i)


def _user(key, role, unit_code, **fields):
    from beredskab.accounts import services
    from beredskab.accounts.models import Unit

    user = services.user_create(
        actor=None, email=f"{key}@matrix.example", full_name=f"Matrix {key}", password=TEST_PASSWORD, **fields
    )
    services.role_assign(actor=None, user=user, role=role, unit=Unit.objects.get(code=unit_code) if unit_code else None)
    return type(user).objects.get(pk=user.pk)


def _rich_case(owner, colleague, leader, *, with_attachment=False, cpr="150611-4233"):
    """A flagged case with a parent, assessments (v1 approved, v2 awaiting approval), a file
    access step, an intervention, a task and a restriction (as in cases/tests/test_access.py)."""
    from beredskab.cases.models import CaseReport
    from beredskab.cases.risk.services import gate_override_grant
    from beredskab.cases.services import (
        case_open,
        intervention_add,
        network_step_record,
        restriction_add,
        task_add,
    )
    from beredskab.cases.tests.factories import (
        add_parent,
        approved_assessment,
        assess,
        complete_assessment,
        refresh,
        report_input,
        screen,
    )
    from beredskab.intake.services import report_submit

    files = [SimpleUploadedFile("bilag.pdf", b"%PDF-1.4 syntetisk", content_type="application/pdf")]
    report, _ = report_submit(
        actor=None, token=uuid.uuid4(), data=report_input(subject_cpr=cpr), files=files if with_attachment else ()
    )
    case = case_open(actor=owner, reports=[report])
    case = screen(assess(case, owner), owner, flag=True)
    mother = add_parent(case, owner)
    approved_assessment(case, owner, colleague)
    complete_assessment(refresh(case), owner)
    # v2 awaits approval, so the gate follows it and is closed: a leader opens it for the steps.
    gate_override_grant(
        actor=leader, case=refresh(case), reason="Barnet ønsker selv, at moren får aktindsigt i journalen nu."
    )
    step = network_step_record(
        actor=owner,
        case=refresh(case),
        kind="file_access",
        people=[mother],
        occurred_on=datetime.date.today(),
        summary="Aktindsigt i journalen.",
    )
    intervention = intervention_add(
        actor=owner, case=case, kind="counselling", prevention_level="secondary", starts_on=datetime.date.today()
    )
    task = task_add(actor=owner, case=case, title="Ring til skolen", due_on=datetime.date(2030, 1, 1), owner=owner)
    restriction = restriction_add(
        actor=owner,
        case=refresh(case),
        item=mother,
        field_name="contact_details",
        audience="all_outside",
        reason="Hensyn til barnets sikkerhed.",
    )
    return {
        "case": refresh(case),
        "report": report,
        "case_report": CaseReport.objects.get(case=case),
        "mother": mother,
        "step": step,
        "intervention": intervention,
        "task": task,
        "restriction": restriction,
    }


def _adult_case(owner, colleague, leader):
    """An adult's case in the taskforce (serviceloven): a sibling in the network, assessments
    (v1 approved, v2 awaiting approval), a file access step, an intervention, a task and a
    restriction. Only the adults unit may see it."""
    from beredskab.cases.models import CaseReport
    from beredskab.cases.risk.services import gate_override_grant
    from beredskab.cases.services import (
        case_assign,
        case_open,
        intervention_add,
        network_step_record,
        restriction_add,
        task_add,
    )
    from beredskab.cases.tests.factories import (
        add_parent,
        approved_assessment,
        complete_assessment,
        make_adult_report,
        refresh,
    )

    report = make_adult_report()
    case = case_open(actor=owner, reports=[report])
    if case.owner_id != owner.pk:  # the taskforce gave the inquiry to its leader (no roster yet)
        case = case_assign(actor=leader, case=case, owner=owner)
    brother = add_parent(case, owner, name="Bror Voksensen", relation="sibling")
    approved_assessment(case, owner, colleague)
    complete_assessment(refresh(case), owner)
    gate_override_grant(
        actor=leader, case=refresh(case), reason="Borgeren ønsker selv, at broren får aktindsigt i journalen nu."
    )
    step = network_step_record(
        actor=owner,
        case=refresh(case),
        kind="file_access",
        people=[brother],
        occurred_on=datetime.date.today(),
        summary="Aktindsigt i journalen.",
    )
    intervention = intervention_add(
        actor=owner, case=case, kind="counselling", prevention_level="secondary", starts_on=datetime.date.today()
    )
    task = task_add(actor=owner, case=case, title="Ring til borgeren", due_on=datetime.date(2030, 1, 1), owner=owner)
    restriction = restriction_add(
        actor=owner,
        case=refresh(case),
        item=brother,
        field_name="contact_details",
        audience="all_outside",
        reason="Hensyn til borgerens sikkerhed.",
    )
    return {
        "case": refresh(case),
        "report": report,
        "case_report": CaseReport.objects.get(case=case),
        "mother": brother,
        "step": step,
        "intervention": intervention,
        "task": task,
        "restriction": restriction,
    }


def build_world():
    from beredskab.accounts.models import Unit
    from beredskab.cases.protection import case_protect
    from beredskab.cases.services import case_share
    from beredskab.cases.tests.factories import make_report, refresh
    from beredskab.intake.models import Attachment
    from beredskab.plan.loader import ensure_default_plan
    from beredskab.plan.models import Plan

    _organisation()
    plan = ensure_default_plan()
    users = {key: _user(key, role, unit) for key, (role, unit) in ROLE_USERS.items()}
    users["sysadmin"].is_staff = users["sysadmin"].is_superuser = True
    users["sysadmin"].save()
    colleague = _user("colleague", "child_caseworker", "straxen")
    cw_own, leader = users["cw_own"], users["leader"]
    own = _rich_case(cw_own, colleague, leader, with_attachment=True)
    shared = _rich_case(cw_own, colleague, leader, cpr="010110-4236")
    shared["share"] = case_share(
        actor=leader, case=shared["case"], unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde"
    )
    shared["case"] = refresh(shared["case"])
    protected = _rich_case(cw_own, colleague, leader, cpr="020312-4118")
    protected["case"] = case_protect(actor=leader, case=protected["case"], reason="Slægtning ansat.", members=[])
    protected["case"] = refresh(protected["case"])
    adult = _adult_case(
        users["taskforce"],
        _user("taskforce-colleague", "adult_taskforce", "taskforce-voksne"),
        _user("adult-leader", "unit_leader", "taskforce-voksne"),
    )
    queue_report = make_report(subject_cpr="", subject_name="Kø Testesen")
    return {
        "plan": plan,
        "plans": list(Plan.objects.all()),
        "users": users,
        "cases": {"own": own, "shared": shared, "protected": protected, "adult": adult},
        "queue_report": queue_report,
        "attachment": Attachment.objects.get(report=own["report"]),
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once per module; rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data = build_world()
            data["clients"] = {"anonymous": Client(), **{k: _verified_client(u) for k, u in data["users"].items()}}
            yield data
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
