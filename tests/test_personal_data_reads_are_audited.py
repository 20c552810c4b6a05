"""Every view that shows personal data writes a READ audit event with a purpose and the right
person reference (the citizen's access log is built from these events)."""

import pytest
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.audit.registry import ActionKind, get_action
from beredskab.cases.tests.factories import CHILD_CPR
from beredskab.core.crypto import person_ref_for_cpr


def _goals_gate_url(name: str = "goals:cases_behind") -> str:
    from beredskab.accounts.models import Unit
    from beredskab.core.dates import today as local_today

    today = local_today()
    unit = Unit.objects.get(code="straxen")
    url = reverse(name, args=["gate"]) if name == "goals:cases_behind" else reverse(name)
    return url + f"?fra={today.year}-01-01&til={today}&enhed={unit.pk}"


def _reads(world):
    own = world["cases"]["own"]
    case, ref = own["case"], own["case"].reference
    report = own["report"]
    queue_report = world["queue_report"]
    return [
        # (who, method, url, data, expected person_ref)
        ("cw_own", "get", reverse("cases:detail", args=[ref]), None, case.person_ref),
        ("cw_own", "get", reverse("cases:subject", args=[ref]), None, case.person_ref),
        ("cw_own", "get", reverse("cases:person_edit", args=[ref, own["mother"].pk]), None, case.person_ref),
        ("cw_own", "get", reverse("cases:receipt_letter", args=[ref, own["case_report"].pk]), None, case.person_ref),
        (
            "cw_own",
            "get",
            reverse("cases:file_access_export", args=[ref, own["step"].pk, own["mother"].pk]),
            None,
            case.person_ref,
        ),
        ("cw_own", "get", reverse("cases:queue_report", args=[queue_report.reference]), None, queue_report.person_ref),
        ("cw_own", "get", reverse("risk:detail", args=[ref, 1]), None, case.person_ref),
        (
            "cw_own",
            "get",
            reverse("risk:export", args=[ref, 1]) + "?recipient=security_consultant",
            None,
            case.person_ref,
        ),
        ("cw_own", "get", reverse("intake:report_detail", args=[report.reference]), None, report.person_ref),
        ("cw_own", "get", reverse("api:case_detail", args=[ref]), None, case.person_ref),  # the REST API
        ("cw_own", "get", reverse("api:case_list"), None, case.person_ref),
        (
            "cw_own",
            "get",
            reverse("intake:attachment", args=[report.reference, world["attachment"].pk]),
            None,
            report.person_ref,
        ),
        (
            "cw_other",
            "get",
            reverse("cases:detail", args=[world["cases"]["shared"]["case"].reference]),
            None,
            world["cases"]["shared"]["case"].person_ref,
        ),
        (
            "leader",
            "get",
            reverse("cases:detail", args=[world["cases"]["protected"]["case"].reference]),
            None,
            world["cases"]["protected"]["case"].person_ref,
        ),
        # the goals dashboard's list behind the risk gate's figure (the override on the own case)
        ("leader", "get", _goals_gate_url(), None, case.person_ref),
        # the reports for Danmarks Statistik (the CPR number is read to derive the sex)
        ("leader", "get", _goals_gate_url("goals:statistics_export"), None, report.person_ref),
        (
            "auditor",
            "post",
            reverse("audit:search"),
            {"cpr": CHILD_CPR, "purpose": "audit"},
            person_ref_for_cpr(CHILD_CPR),
        ),
    ]


def _persons(event) -> set[str]:
    return {event.person_ref, *event.persons.values_list("person_ref", flat=True)} - {""}


def test_reads_of_personal_data_are_audited_with_purpose_and_person(db, world):
    wrong = []
    for who, method, url, data, person_ref in _reads(world):
        assert person_ref, url
        client = world["clients"][who]
        last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        response = getattr(client, method)(url, data or {})
        if response.status_code != 200:
            wrong.append(f"{url}: status {response.status_code}")
            continue
        reads = [
            e
            for e in AuditEvent.objects.filter(seq__gt=last, actor_id=world["users"][who].pk)
            if get_action(e.action).kind == ActionKind.READ
        ]
        # a list page is one event naming every person shown (AuditEventPerson)
        if not any(e.purpose and person_ref in _persons(e) for e in reads):
            seen = [(e.action, e.purpose, e.person_ref) for e in reads]
            wrong.append(f"{url}: no READ event with a purpose and {person_ref}: {seen}")
    assert not wrong, "\n".join(wrong)


def test_break_glass_reads_are_audited_as_emergency(db, world):
    from beredskab.cases.breakglass import break_glass_open

    case = world["cases"]["own"]["case"]
    user = world["users"]["taskforce"]
    break_glass_open(actor=user, reference=case.reference, reason="Akut henvendelse på skadestuen om barnet.")
    response = world["clients"]["taskforce"].get(reverse("cases:detail", args=[case.reference]))
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="cases.case_viewed", actor_id=user.pk).latest("seq")
    assert event.purpose == "emergency" and event.person_ref == case.person_ref


@pytest.mark.parametrize("name", ["cases:mine", "cases:unit", "cases:queue", "api:case_list"])
def test_lists_audit_each_person(db, world, name):
    client = world["clients"]["cw_own"]
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    assert client.get(reverse(name)).status_code == 200
    listed = AuditEvent.objects.filter(seq__gt=last, action__in=["cases.case_list_viewed", "cases.queue_viewed"])
    assert listed.count() == 1, "one event for the page, not one per person"
    event = listed.get()
    protected = world["cases"]["protected"]["case"]
    assert event.purpose and _persons(event)
    # same synthetic child in every case: the protected case is checked by what was shown instead
    assert f"cases.case:{protected.pk}" not in event.new_values["shown"]
