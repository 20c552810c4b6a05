"""Frozen time: a no-show on a case that was closed, or under a safety plan that ended, kept
climbing the ladder (leader, then the out-of-hours route) for ever: nobody can record what was
done on a closed case, so nothing ever stopped it. The ladder stops now, once, with the reason
recorded; and no new no-show can be recorded on a closed case or without a plan in force."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases.errors import CaseError
from beredskab.cases.models import TaskStatus
from beredskab.cases.services import case_close, task_close
from beredskab.core.policies import PolicyDenied
from beredskab.safety import services
from beredskab.safety.models import NoShow
from beredskab.safety.watch import safety_watch

from .factories import assessed_case, make_plan

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=CPH)


def test_closing_the_case_stops_the_ladder_and_records_why(plan, worker, worker2, leader, school_contact):
    with time_machine.travel(at(2026, 3, 20, 10, 0), tick=False):  # a Friday
        case = assessed_case(worker, worker2)
        make_plan(case, worker, school_contact, no_show_hours=4)
    with time_machine.travel(at(2026, 3, 27, 12, 0), tick=False):
        no_show = services.no_show_record(actor=school_contact, case=case)
    with time_machine.travel(at(2026, 3, 27, 16, 0), tick=False):
        assert safety_watch()["leader"] == 1
    with time_machine.travel(at(2026, 3, 27, 17, 0), tick=False):
        # The case may close only without open tasks: the no-show's task is cancelled, not the
        # no-show handled (nobody recorded what was done).
        task_close(actor=worker, task=no_show.task, status=TaskStatus.CANCELLED)
        case_close(actor=worker, case=case, outcome="no_further_action")
    # Over the weekend: the out-of-hours route is due at 20:00, but the case is closed.
    with time_machine.travel(at(2026, 3, 27, 20, 0), tick=False):
        counts = safety_watch()
    assert counts["out_of_hours"] == 0 and counts["stopped"] == 1
    with time_machine.travel(at(2026, 3, 30, 8, 0), tick=False):
        assert safety_watch() == {
            "leader": 0,
            "out_of_hours": 0,
            "stopped": 0,
            "opened": 0,
            "overdue": 0,
            "review": 0,
        }
    assert len(mail.outbox) == 1  # the leader's notice only
    no_show = NoShow.objects.get(pk=no_show.pk)
    assert no_show.out_of_hours_alerted_at is None
    assert no_show.escalation_stopped_at == at(2026, 3, 27, 20, 0)
    assert no_show.escalation_stop_reason == "case_closed"
    event = AuditEvent.objects.get(action="safety.no_show_escalation_stopped")
    assert event.new_values["reason"] == "case_closed" and event.person_ref == case.person_ref


def test_ending_the_plan_stops_the_ladder_before_the_leader(plan, worker, worker2, school_contact):
    with time_machine.travel(at(2026, 10, 23, 10, 0), tick=False):  # winter time starts 25 October
        case = assessed_case(worker, worker2)
        safety_plan = make_plan(case, worker, school_contact, no_show_hours=48)
    with time_machine.travel(at(2026, 10, 24, 9, 0), tick=False):
        no_show = services.no_show_record(actor=school_contact, case=case)
    with time_machine.travel(at(2026, 10, 24, 10, 0), tick=False):
        services.safety_plan_end(actor=worker, plan=safety_plan)
    with time_machine.travel(at(2026, 10, 26, 9, 0), tick=False):  # 49 real hours later
        counts = safety_watch()
        assert safety_watch()["stopped"] == 0  # recorded once
    assert counts["leader"] == 0 and counts["stopped"] == 1
    assert not mail.outbox
    no_show.refresh_from_db()
    assert no_show.escalation_stop_reason == "plan_ended" and no_show.leader_alerted_at is None


def test_a_no_show_cannot_be_recorded_on_a_closed_case_or_under_an_ended_plan(plan, worker, worker2, school_contact):
    case = assessed_case(worker, worker2)
    safety_plan = make_plan(case, worker, school_contact)
    services.safety_plan_end(actor=worker, plan=safety_plan)
    for who in (school_contact, worker):
        with pytest.raises((PolicyDenied, CaseError), match="ingen gældende personlig sikkerhedsplan"):
            services.no_show_record(actor=who, case=case)

    other = assessed_case(worker, worker2)
    make_plan(other, worker, school_contact)
    for task in other.tasks.filter(status=TaskStatus.OPEN):
        task_close(actor=worker, task=task, status=TaskStatus.CANCELLED)
    case_close(actor=worker, case=other, outcome="no_further_action")
    for who in (school_contact, worker):
        with pytest.raises((PolicyDenied, CaseError), match="Sagen er lukket"):
            services.no_show_record(actor=who, case=other)
    assert not NoShow.objects.exists()
    # The school contact's page says so in Danish, with no button and no error page.
    client = Client()
    client.force_login(school_contact)
    response = client.get(reverse("safety:no_show", args=[other.reference]))
    page = response.content.decode()
    assert response.status_code in (200, 403) and "Der kan ikke meldes udeblivelser på en lukket sag" in page


def test_a_case_reopened_before_the_watch_ran_does_not_revive_the_ladder_nor_block_the_button(
    plan, worker, worker2, leader, school_contact
):
    """Attack: whether the ladder stopped depended on the watch running while the case was
    closed. Closed at 13:00 and reopened at 14:00 (a new concern), the no-show reported at 12:00
    (its task cancelled to close the case) went to the leader at 16:00 as "not handled in time";
    and the school contact could not report the young person missing again ("already reported,
    the case worker is on it") although nobody was. A case closed after the no-show stops its
    ladder, reopened or not; a stopped no-show does not hold the button."""
    from beredskab.cases.services import case_reopen

    with time_machine.travel(at(2026, 3, 20, 10, 0), tick=False):
        case = assessed_case(worker, worker2)
        make_plan(case, worker, school_contact, no_show_hours=4)
    with time_machine.travel(at(2026, 3, 27, 12, 0), tick=False):
        first = services.no_show_record(actor=school_contact, case=case)
    with time_machine.travel(at(2026, 3, 27, 13, 0), tick=False):
        task_close(actor=worker, task=first.task, status=TaskStatus.CANCELLED)
        case_close(actor=worker, case=case, outcome="no_further_action")
    with time_machine.travel(at(2026, 3, 27, 14, 0), tick=False):
        case_reopen(actor=leader, case=case, reason="Skolen ringer igen med en ny bekymring.")
    with time_machine.travel(at(2026, 3, 27, 16, 0), tick=False):
        counts = safety_watch()
    assert counts["leader"] == 0 and counts["stopped"] == 1 and not mail.outbox
    first.refresh_from_db()
    assert first.escalation_stop_reason == "case_closed" and first.leader_alerted_at is None
    with time_machine.travel(at(2026, 3, 30, 8, 0), tick=False):
        second = services.no_show_record(actor=school_contact, case=case)
    with time_machine.travel(at(2026, 3, 30, 12, 0), tick=False):
        assert safety_watch()["leader"] == 1  # the new one climbs as any other
    assert NoShow.objects.get(pk=second.pk).leader_alerted_at is not None
