"""When an owner becomes absent or loses the role, the leader sees their open inquiries and
gives them to someone available (audited)."""

import pytest

from beredskab.accounts.models import RoleAssignment
from beredskab.audit.models import AuditEvent
from beredskab.cases.services import case_open
from beredskab.core.policies import PolicyDenied
from beredskab.taskforce import selectors
from beredskab.taskforce.assignment import inquiry_reassign
from beredskab.taskforce.errors import TaskforceError
from beredskab.taskforce.models import Assignment, AssignmentRule

pytestmark = pytest.mark.django_db


def _owned_by(user, adult_report, *, count=1):
    """Reports assigned to `user` (the others are taken off duty while they arrive)."""
    reports = []
    while len(reports) < count:
        report = adult_report()
        assignment = Assignment.objects.get(report=report)
        if assignment.owner == user:
            reports.append(report)
    return reports


def test_an_absent_owners_inquiries_are_listed_for_the_leader(roster, tf1, tf2, leader, away, adult_report):
    (report,) = _owned_by(tf1, adult_report)
    assert selectors.reassignment(user=leader, unit=roster["tf1"].unit).inquiries == []
    away(roster["tf1"])
    listed = selectors.reassignment(user=leader, unit=roster["tf1"].unit)
    assert [i.reference for i in listed.inquiries] == [report.reference]
    assert "Ferie til og med" in listed.inquiries[0].unavailable
    assert tf1 not in listed.candidates and tf2 in listed.candidates and leader in listed.candidates


def test_reassigning_a_waiting_report(roster, tf1, tf2, leader, away, adult_report):
    (report,) = _owned_by(tf1, adult_report)
    away(roster["tf1"])
    inquiry_reassign(actor=leader, unit=roster["tf1"].unit, kind="report", pk=report.pk, owner=tf2)
    assignment = Assignment.objects.get(report=report)
    assert assignment.owner == tf2 and assignment.rule == AssignmentRule.MANUAL and assignment.assigned_by == leader
    event = AuditEvent.objects.filter(action="taskforce.inquiry_reassigned").get()
    assert event.old_values == {"owner_id": tf1.pk} and event.new_values["owner_id"] == tf2.pk
    assert event.actor_id == leader.pk
    assert selectors.reassignment(user=leader, unit=roster["tf1"].unit).inquiries == []
    with pytest.raises(TaskforceError):  # sent twice: nothing changes
        inquiry_reassign(actor=leader, unit=roster["tf1"].unit, kind="report", pk=report.pk, owner=tf2)


def test_an_owner_who_lost_the_role_has_their_open_case_reassigned(roster, tf1, tf2, leader, adult_report):
    (report,) = _owned_by(tf1, adult_report)
    case = case_open(actor=tf1, reports=[report])
    RoleAssignment.objects.filter(user=tf1).delete()
    unit = roster["tf1"].unit
    listed = selectors.reassignment(user=leader, unit=unit)
    assert [(i.kind, i.reference) for i in listed.inquiries] == [("case", case.reference)]
    assert "ikke længere en rolle" in listed.inquiries[0].unavailable
    inquiry_reassign(actor=leader, unit=unit, kind="case", pk=case.pk, owner=tf2)
    case.refresh_from_db()
    assert case.owner == tf2
    assert AuditEvent.objects.filter(action="cases.case_assigned", target_id=str(case.pk)).exists()


def test_only_the_leader_reassigns_and_only_to_someone_available(roster, tf1, tf2, leader, away, adult_report):
    (report,) = _owned_by(tf1, adult_report)
    away(roster["tf1"])
    unit = roster["tf1"].unit
    with pytest.raises(PolicyDenied):
        inquiry_reassign(actor=tf2, unit=unit, kind="report", pk=report.pk, owner=tf2)
    with pytest.raises(TaskforceError):
        inquiry_reassign(actor=leader, unit=unit, kind="report", pk=report.pk, owner=tf1)  # away


def test_the_reassignment_page(client, roster, tf1, tf2, leader, away, adult_report):
    (report,) = _owned_by(tf1, adult_report)
    away(roster["tf1"])
    client.force_login(leader)
    url = "/taskforce/taskforce-voksne/omfordel/"
    page = client.get(url)
    assert page.status_code == 200 and report.reference in page.content.decode()
    refused = client.post(url, {"kind": "report", "pk": report.pk, "owner": ""})
    assert refused.status_code == 400 and "Vælg en medarbejder" in refused.content.decode()
    done = client.post(url, {"kind": "report", "pk": report.pk, "owner": tf2.pk})
    assert done.status_code == 302
    assert Assignment.objects.get(report=report).owner == tf2
    client.force_login(tf2)
    assert client.get(url).status_code == 403
