"""Need-to-know, page by page and role by role: allowed (200), refused (403) or not found (404).

The case belongs to StraXen and is owned by `worker`. It is shared with Familierådgivningen
(`shared`); the adult taskforce (`stranger`) has case roles but no link to it."""

import datetime

import pytest
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases.models import Case, CaseReport
from beredskab.cases.risk.models import RiskAssessment
from beredskab.cases.risk.services import gate_override_grant
from beredskab.cases.selectors import visible_cases
from beredskab.cases.services import (
    case_share,
    intervention_add,
    network_step_record,
    task_add,
)
from beredskab.core.roles import Role

from .factories import add_parent, approved_assessment, complete_assessment, flagged_case, refresh

pytestmark = pytest.mark.usefixtures("plan")

ROLES = ["owner", "colleague", "leader", "shared", "stranger", "frontline", "coordinator", "auditor", "sysadmin"]
TEAM = {"owner", "colleague", "leader"}
NO_CASE_WORK = {"frontline", "coordinator", "auditor", "sysadmin"}


@pytest.fixture
def users(make_user, worker, worker2, leader, other_worker):
    from beredskab.accounts.models import Unit

    Unit.objects.filter(code="familieraadgivning")  # the shared unit
    return {
        "owner": worker,
        "colleague": worker2,
        "leader": leader,
        "shared": other_worker,
        "stranger": make_user(Role.ADULT_TASKFORCE, "taskforce-voksne"),
        "frontline": make_user(Role.FRONTLINE, "skole-demo"),
        "coordinator": make_user(Role.PLAN_COORDINATOR),
        "auditor": make_user(Role.AUDITOR),
        "sysadmin": make_user(Role.SYSADMIN, is_staff=True, is_superuser=True),
    }


@pytest.fixture
def rich_case(users):
    from beredskab.accounts.models import Unit

    owner, colleague, leader = users["owner"], users["colleague"], users["leader"]
    case = flagged_case(owner)
    mother = add_parent(case, owner)
    approved_assessment(case, owner, colleague)
    complete_assessment(refresh(case), owner)  # version 2, awaiting approval: the gate follows it
    gate_override_grant(actor=leader, case=refresh(case), reason="Barnet ønsker selv, at moren får aktindsigt nu.")
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
    task_add(actor=owner, case=case, title="Ring til skolen", due_on=datetime.date(2030, 1, 1), owner=owner)
    share = case_share(
        actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Fælles familieforløb"
    )
    return {
        "case": refresh(case),
        "mother": mother,
        "step": step,
        "intervention": intervention,
        "share": share,
        "case_report": CaseReport.objects.get(case=case),
    }


def _pages(rich):
    case, ref = rich["case"], rich["case"].reference
    cr = rich["case_report"]
    work = {"owner": 200, "colleague": 200, "leader": 200, "shared": 403, "stranger": 404}
    lead_only = {"owner": 403, "colleague": 403, "leader": 200, "shared": 403, "stranger": 404}
    read = {"owner": 200, "colleague": 200, "leader": 200, "shared": 200, "stranger": 404}
    lists = dict.fromkeys(["owner", "colleague", "leader", "shared", "stranger"], 200)
    pages = [
        (reverse("cases:queue"), lists),
        (reverse("cases:mine"), lists),
        (reverse("cases:unit"), lists),
        (reverse("cases:deadlines"), lists),
        (reverse("cases:queue_report", args=[cr.report.reference]), {**read, "shared": 404}),
        (reverse("cases:detail", args=[ref]), read),
        (reverse("cases:assign", args=[ref]), lead_only),
        (reverse("cases:urgent_assessment", args=[ref]), work),
        (reverse("cases:receipt", args=[ref, cr.pk]), work),
        (reverse("cases:receipt_letter", args=[ref, cr.pk]), work),
        (reverse("cases:feedback", args=[ref, cr.pk]), work),
        (reverse("cases:screening", args=[ref]), work),
        (reverse("cases:subject", args=[ref]), work),
        (reverse("cases:person_add", args=[ref]), work),
        (reverse("cases:person_edit", args=[ref, rich["mother"].pk]), work),
        (reverse("cases:network_step", args=[ref, "moede"]), work),
        (reverse("cases:file_access_export", args=[ref, rich["step"].pk, rich["mother"].pk]), work),
        (reverse("cases:journal_add", args=[ref]), {**work, "shared": 200}),
        (reverse("cases:task_add", args=[ref]), work),
        (reverse("cases:decision_add", args=[ref]), work),
        (reverse("cases:intervention_add", args=[ref]), work),
        (reverse("cases:intervention_end", args=[ref, rich["intervention"].pk]), work),
        (reverse("cases:share_add", args=[ref]), {**lead_only, "owner": 200}),
        (reverse("cases:share_revoke", args=[ref, rich["share"].pk]), {**lead_only, "owner": 200}),
        (reverse("cases:restriction_add", args=[ref]), work),
        (reverse("cases:close", args=[ref]), work),
        (reverse("cases:reopen", args=[ref]), {**work, "owner": 403, "colleague": 403, "leader": 403}),
        (reverse("risk:detail", args=[ref, 1]), read),
        (reverse("risk:edit", args=[ref, 2]), {**work, "owner": 403, "colleague": 403, "leader": 403}),
        (reverse("risk:review", args=[ref, 2]), {**work, "owner": 403}),
        (reverse("risk:export", args=[ref, 1]), work),
        (reverse("risk:override", args=[ref]), lead_only),
        (reverse("risk:consultation_add", args=[ref]), work),
    ]
    assert case.pk
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_need_to_know_says(client, users, rich_case, role):
    client.force_login(users[role])
    wrong = []
    for url, expected in _pages(rich_case):
        want = 403 if role in NO_CASE_WORK else expected[role]
        got = client.get(url).status_code
        if got != want:
            wrong.append(f"{url}: {got}, expected {want}")
    assert not wrong, "\n".join(wrong)


def test_anonymous_users_are_sent_to_the_login_page(client, rich_case):
    for url, _expected in _pages(rich_case):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"], url


def test_visibility_follows_owner_unit_and_active_shares(users, rich_case):
    case = rich_case["case"]
    for role in ("owner", "colleague", "leader", "shared"):
        assert case in visible_cases(user=users[role]), role
    for role in ("stranger", "frontline", "coordinator", "auditor", "sysadmin"):
        assert case not in visible_cases(user=users[role]), role
    from beredskab.cases.services import case_share_revoke

    case_share_revoke(actor=users["leader"], share=rich_case["share"], reason="Forløbet er slut")
    assert case not in visible_cases(user=users["shared"])
    assert AuditEvent.objects.filter(action="cases.case_share_revoked").exists()


def test_reading_a_case_is_audited_with_person_and_purpose(client, users, rich_case):
    case = rich_case["case"]
    client.force_login(users["colleague"])
    client.get(reverse("cases:detail", args=[case.reference]))
    event = AuditEvent.objects.filter(action="cases.case_viewed", actor_id=users["colleague"].pk).latest("seq")
    assert event.person_ref == case.person_ref and event.person_ref.startswith("cpr:")
    assert event.purpose == "case_work"

    client.force_login(users["shared"])
    client.get(reverse("cases:detail", args=[case.reference]))
    event = AuditEvent.objects.filter(action="cases.case_viewed", actor_id=users["shared"].pk).latest("seq")
    assert event.purpose == "collaboration"


def test_a_shared_unit_reads_and_writes_the_journal_but_nothing_else(client, users, rich_case):
    case = rich_case["case"]
    client.force_login(users["shared"])
    response = client.post(
        reverse("cases:journal_add", args=[case.reference]),
        {
            "kind": "collaboration",
            "occurred_on": datetime.date.today().isoformat(),
            "body": "Familierådgivningen deltog.",
        },
    )
    assert response.status_code == 302
    entry = case.journal.get()
    assert entry.author_unit.code == "familieraadgivning"
    assert client.post(reverse("cases:task_add", args=[case.reference]), {}).status_code == 403
    assert client.post(reverse("cases:claim", args=[case.reference])).status_code == 403


def test_the_owner_keeps_access_only_while_holding_a_case_role(users, rich_case):
    from beredskab.accounts.models import RoleAssignment

    owner = users["owner"]
    RoleAssignment.objects.filter(user=owner).delete()
    owner = type(owner).objects.get(pk=owner.pk)
    assert not visible_cases(user=owner).exists()


def test_assessments_follow_the_case(users, rich_case):
    from beredskab.cases.risk.policies import risk_policy

    assert risk_policy.visible(users["shared"], RiskAssessment.objects.all()).count() == 2
    assert not risk_policy.visible(users["stranger"], RiskAssessment.objects.all()).exists()


def test_case_not_found_for_unknown_references(client, users, rich_case):
    client.force_login(users["owner"])
    assert client.get("/sager/K-2026-99999/").status_code == 404
    assert client.get("/sager/ikke-en-sag/").status_code == 404
    assert Case.objects.count() == 1


def test_lists_record_a_read_for_each_person_they_show(client, users, rich_case):
    """One event per list (issue 20), naming each person shown (indexed per person)."""
    case = rich_case["case"]
    client.force_login(users["owner"])
    client.get(reverse("cases:mine"))
    listed = AuditEvent.objects.filter(action="cases.case_list_viewed", actor_id=users["owner"].pk).get()
    assert listed.new_values["persons"] == [case.person_ref]
    assert list(listed.persons.values_list("person_ref", flat=True)) == [case.person_ref]

    client.force_login(users["shared"])
    client.get(reverse("cases:mine"))
    event = AuditEvent.objects.filter(
        action="cases.case_list_viewed", actor_id=users["shared"].pk, new_values__scope="shared"
    ).get()
    assert event.purpose == "collaboration" and event.new_values["persons"] == [case.person_ref]


@pytest.mark.parametrize("role", ROLES)
def test_menu_entries_for_case_work(client, users, role):
    client.force_login(users[role])
    page = client.get(reverse("core:home")).content.decode()
    for url in (reverse("cases:queue"), reverse("cases:mine"), reverse("cases:deadlines")):
        assert (f'href="{url}"' in page) is (role not in NO_CASE_WORK), (role, url)


@pytest.mark.parametrize("role", ["shared", "stranger", "frontline", "auditor", "sysadmin"])
def test_buttons_refuse_whoever_may_not_use_them_and_change_nothing(client, users, rich_case, role):
    from beredskab.cases.models import Task
    from beredskab.cases.risk.models import GateOverride

    case = rich_case["case"]
    ref = case.reference
    task = Task.objects.get(case=case)
    client.force_login(users[role])
    posts = [
        (reverse("cases:claim", args=[ref]), {}),
        (reverse("cases:status", args=[ref]), {"to": "in_progress"}),
        (reverse("cases:flag", args=[ref]), {"flagged": "0"}),
        (reverse("cases:task_close", args=[ref, task.pk]), {}),
        (reverse("risk:start", args=[ref]), {}),
        (reverse("risk:override", args=[ref]), {"reason": "x" * 40}),
        (reverse("cases:journal_add", args=[ref]), {"kind": "note", "occurred_on": "2026-01-01", "body": "x"}),
        (reverse("cases:close", args=[ref]), {"outcome": "other"}),
    ]
    for url, data in posts:
        status = client.post(url, data).status_code
        if role == "stranger":
            assert status == 404, url
        elif role == "shared" and "journal" in url:
            assert status == 302, url  # a shared unit writes in the journal
        else:
            assert status == 403, url
    case = refresh(case)
    assert case.nsk_aerk_flag and case.status == "screened" and case.owner == users["owner"]
    assert refresh(task).status == "open" and GateOverride.objects.count() == 1  # the fixture's own
    assert RiskAssessment.objects.count() == 2
