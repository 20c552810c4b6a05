"""The periodic job: open inquiries without an available owner are flagged and the leader
gets a content-free notice, once."""

import pytest
from django.core import mail
from django.core.management import call_command

from beredskab.accounts.models import RoleAssignment
from beredskab.audit.models import AuditEvent
from beredskab.cases.services import case_open
from beredskab.taskforce.models import Assignment, OwnerFlag
from beredskab.taskforce.owners_check import owners_check

pytestmark = pytest.mark.django_db


def test_nothing_to_flag_sends_nothing(roster, adult_report):
    adult_report()
    assert owners_check() == 0
    assert not mail.outbox and not OwnerFlag.objects.exists()


def test_an_absent_owner_and_a_lost_role_are_flagged_once(roster, tf1, tf2, leader, away, adult_report):
    reports = [adult_report() for _ in range(2)]
    owners = {Assignment.objects.get(report=r).owner for r in reports}
    assert owners == {tf1, tf2}
    case = case_open(actor=tf2, reports=[r for r in reports if Assignment.objects.get(report=r).owner == tf2])
    away(roster["tf1"])
    RoleAssignment.objects.filter(user=tf2).delete()
    assert owners_check() == 1
    assert OwnerFlag.objects.count() == 2
    (message,) = mail.outbox
    assert message.to == [leader.email]
    text = message.subject + message.body
    for secret in ["Tariq", "Tine", "Testesen", case.reference, *[r.reference for r in reports]]:
        assert secret not in text
    assert "/taskforce/taskforce-voksne/omfordel/" in message.body
    assert AuditEvent.objects.filter(action="taskforce.owner_flagged").count() == 2
    assert owners_check() == 0 and len(mail.outbox) == 1  # told once


def test_no_leader_the_unit_inbox_is_told(roster, tf1, tf2, leader, away, adult_report):
    RoleAssignment.objects.filter(user=leader).delete()
    report = adult_report()
    owner = Assignment.objects.get(report=report).owner
    away(roster["tf1"] if owner == tf1 else roster["tf2"])
    assert owners_check() == 1
    assert mail.outbox[0].to == ["taskforce@demo.example"]


def test_the_command_and_the_task(roster, tf1, tf2, away, adult_report):
    from beredskab.taskforce.tasks import check_owners

    report = adult_report()
    owner = Assignment.objects.get(report=report).owner
    away(roster["tf1"] if owner == tf1 else roster["tf2"])
    call_command("taskforce_check_owners")
    assert len(mail.outbox) == 1
    assert check_owners.enqueue().return_value == 0  # already flagged
