"""Frozen time: the no-show ladder (task, leader, out-of-hours route) counts real hours across a
weekend and the change to summer time; a trip's return check opens after the expected return
and alerts when nobody confirmed it; the pre-holiday list holds exactly the cases counted by hand."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from beredskab.audit.models import AuditEvent
from beredskab.cases.models import TaskStatus
from beredskab.safety import selectors, services
from beredskab.safety.watch import safety_watch

from .factories import assessed_case, make_plan

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=CPH)


def test_a_no_show_opens_a_task_and_escalates_at_the_right_hours(plan, worker, worker2, leader, school_contact):
    # Summer time starts Sunday 29 March 2026 at 02:00 (clocks go to 03:00).
    with time_machine.travel(at(2026, 3, 20, 10, 0), tick=False):
        case = assessed_case(worker, worker2)
        make_plan(case, worker, school_contact, no_show_hours=4)
    # Saturday 23:00: the school contact records the no-show in one step.
    with time_machine.travel(at(2026, 3, 28, 23, 0), tick=False):
        no_show = services.no_show_record(actor=school_contact, case=case)
    task = no_show.task
    assert task.owner == case.owner and task.status == TaskStatus.OPEN
    # Four real hours later is 04:00 summer time on Sunday, not 03:00.
    assert no_show.deadline_at.astimezone(CPH) == at(2026, 3, 29, 4, 0)
    assert task.due_on == datetime.date(2026, 3, 29)
    assert safety_watch(now=at(2026, 3, 29, 3, 59)) == {
        "leader": 0,
        "out_of_hours": 0,
        "stopped": 0,
        "opened": 0,
        "overdue": 0,
        "review": 0,
    }
    assert not mail.outbox

    with time_machine.travel(at(2026, 3, 29, 4, 0), tick=False):
        assert safety_watch()["leader"] == 1
        assert safety_watch()["leader"] == 0  # idempotent
    (notice,) = mail.outbox
    assert notice.to == [leader.email]
    assert case.reference in notice.body
    for secret in (case.subject_name, "Blåbær", school_contact.full_name):
        assert secret not in notice.body and secret not in notice.subject

    # The out-of-hours route: the same four hours again, at 08:00.
    assert safety_watch(now=at(2026, 3, 29, 7, 59))["out_of_hours"] == 0
    with time_machine.travel(at(2026, 3, 29, 8, 0), tick=False):
        assert safety_watch()["out_of_hours"] == 1
        assert safety_watch()["out_of_hours"] == 0
    assert len(mail.outbox) == 2 and leader.email in mail.outbox[1].to
    steps = AuditEvent.objects.filter(action="safety.no_show_escalated").order_by("pk")
    assert [e.new_values["to"] for e in steps] == ["leader", "out_of_hours"]

    # What was done is recorded; the task closes.
    with time_machine.travel(at(2026, 3, 29, 9, 0), tick=False):
        services.no_show_handle(actor=worker, no_show=no_show, action_taken="Ringet til skolen; hun var syg.")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert AuditEvent.objects.get(action="safety.no_show_handled").new_values["late"] is True


def test_a_no_show_handled_in_time_is_never_escalated(plan, worker, worker2, school_contact):
    with time_machine.travel(at(2026, 5, 1, 12, 0), tick=False):  # Friday
        case = assessed_case(worker, worker2)
        make_plan(case, worker, school_contact, no_show_hours=2)
        no_show = services.no_show_record(actor=school_contact, case=case)
    with time_machine.travel(at(2026, 5, 1, 13, 0), tick=False):
        services.no_show_handle(actor=worker, no_show=no_show, action_taken="Hun var hos lægen.")
    assert safety_watch(now=at(2026, 5, 4, 9, 0)) == {
        "leader": 0,
        "out_of_hours": 0,
        "stopped": 0,
        "opened": 0,
        "overdue": 0,
        "review": 0,
    }
    assert not mail.outbox


def test_someone_not_named_in_the_plan_cannot_record_a_no_show(plan, worker, worker2, school_contact, make_user):
    from beredskab.core.policies import PolicyDenied
    from beredskab.core.roles import Role

    case = assessed_case(worker, worker2)
    make_plan(case, worker, school_contact)
    stranger = make_user(Role.FRONTLINE, full_name="Anden Lærer")
    with pytest.raises(PolicyDenied):
        services.no_show_record(actor=stranger, case=case)


def test_a_trip_produces_the_return_check_and_the_overdue_alert(plan, worker, worker2, leader):
    with time_machine.travel(at(2026, 6, 20, 10, 0), tick=False):
        case = assessed_case(worker, worker2)
        trip = services.trip_record(
            actor=worker,
            case=case,
            kind="planned",
            destination="Syldavien",
            departs_on=datetime.date(2026, 6, 27),
            expected_return_on=datetime.date(2026, 8, 7),  # a Friday
            passport_holder="Faren",
        )
    # The expected return day itself: nothing yet.
    assert safety_watch(now=at(2026, 8, 7, 20, 0))["opened"] == 0
    # Saturday: the return check opens, due one working day after the expected return (Monday).
    assert safety_watch(now=at(2026, 8, 8, 7, 0))["opened"] == 1
    assert safety_watch(now=at(2026, 8, 8, 8, 0))["opened"] == 0
    trip.refresh_from_db()
    assert trip.return_task.due_on == datetime.date(2026, 8, 10)
    assert trip.return_task.owner == case.owner and "Syldavien" not in trip.return_task.title
    # Monday, the due day: not overdue yet. Tuesday: overdue, alerted once.
    assert safety_watch(now=at(2026, 8, 10, 16, 0))["overdue"] == 0
    assert not mail.outbox
    assert safety_watch(now=at(2026, 8, 11, 7, 0))["overdue"] == 1
    assert safety_watch(now=at(2026, 8, 11, 8, 0))["overdue"] == 0
    (notice,) = mail.outbox
    assert set(notice.to) == {worker.email, leader.email}
    assert "Syldavien" not in notice.body and case.subject_name not in notice.body
    # Confirmed: the task closes.
    services.trip_return_confirm(actor=worker, trip=trip, returned_on=datetime.date(2026, 8, 11))
    trip.refresh_from_db()
    assert trip.return_task.status == TaskStatus.DONE


def test_a_confirmed_return_opens_no_check(plan, worker, worker2):
    with time_machine.travel(at(2026, 6, 20, 10, 0), tick=False):
        case = assessed_case(worker, worker2)
        trip = services.trip_record(
            actor=worker,
            case=case,
            kind="planned",
            destination="Syldavien",
            expected_return_on=datetime.date(2026, 8, 7),
        )
    with time_machine.travel(at(2026, 8, 7, 12, 0), tick=False):
        services.trip_return_confirm(actor=worker, trip=trip, returned_on=datetime.date(2026, 8, 7))
    assert safety_watch(now=at(2026, 8, 20, 7, 0)) == {
        "leader": 0,
        "out_of_hours": 0,
        "stopped": 0,
        "opened": 0,
        "overdue": 0,
        "review": 0,
    }


def test_the_pre_holiday_list_holds_exactly_the_cases_counted_by_hand(
    settings, plan, worker, worker2, other_worker, make_user
):
    from beredskab.adults.tests.factories import open_adult_case
    from beredskab.core.roles import Role

    today = datetime.date.today()
    starts, ends = today + datetime.timedelta(days=10), today + datetime.timedelta(days=40)
    settings.SAFETY_SCHOOL_HOLIDAYS = [
        {"name": "Sommerferie", "starts_on": starts.isoformat(), "ends_on": ends.isoformat()},
        {"name": "Langt ude", "starts_on": "2030-07-01", "ends_on": "2030-08-01"},
    ]
    trip_in_holiday = assessed_case(worker, worker2)
    services.trip_record(
        actor=worker, case=trip_in_holiday, kind="suspected", destination="Syldavien", departs_on=starts
    )
    known_risk = assessed_case(worker, worker2, travel_risk=True)
    after_holiday = assessed_case(worker, worker2)
    services.trip_record(
        actor=worker,
        case=after_holiday,
        kind="planned",
        destination="Borduria",
        departs_on=ends + datetime.timedelta(days=5),
    )
    came_back = assessed_case(worker, worker2)
    back = services.trip_record(actor=worker, case=came_back, kind="planned", destination="Borduria", departs_on=starts)
    services.trip_return_confirm(actor=worker, trip=back, returned_on=today)
    tf = make_user(Role.ADULT_TASKFORCE, "taskforce-voksne")
    elsewhere = open_adult_case(tf)  # another unit's case, with a trip: not on this unit's list
    services.trip_record(actor=tf, case=elsewhere, kind="planned", destination="Borduria", departs_on=starts)

    (holiday,) = selectors.upcoming_holidays(today)
    rows = selectors.holiday_watch(user=worker, holiday=holiday)
    # Counted by hand: the trip in the holiday and the known risk; not the trip after the holiday,
    # the confirmed return, or another unit's case.
    assert {r["case"].reference for r in rows} == {trip_in_holiday.reference, known_risk.reference}
    assert [r["travel_risk"] for r in rows if r["case"] == known_risk] == [True]
    assert AuditEvent.objects.filter(action="safety.holiday_list_viewed").count() == 2


def test_the_command_runs_the_watch(plan, capsys):
    call_command("safety_watch")
    assert "leader: 0" in capsys.readouterr().out


def test_a_plan_reaching_its_review_date_gets_one_task_and_one_content_free_notice(
    plan, worker, worker2, school_contact
):
    with time_machine.travel(at(2026, 5, 4, 10, 0), tick=False):
        case = assessed_case(worker, worker2)  # reassessment in 30 days: 3 June
        safety_plan = make_plan(case, worker, school_contact)
    assert safety_plan.review_on == datetime.date(2026, 6, 3)
    assert safety_watch(now=at(2026, 6, 2, 23, 59))["review"] == 0  # near miss: the day before
    with time_machine.travel(at(2026, 6, 3, 0, 15), tick=False):
        assert safety_watch()["review"] == 1
        assert safety_watch()["review"] == 0  # idempotent
    safety_plan.refresh_from_db()
    task = safety_plan.review_task
    assert task.owner == case.owner and task.due_on == datetime.date(2026, 6, 3)
    (notice,) = mail.outbox
    assert notice.to == [case.owner.email] and case.reference in notice.body
    for secret in (case.subject_name, "Blåbær", school_contact.full_name, "skolens kontaktperson"):
        assert secret not in notice.body and secret not in notice.subject
    assert AuditEvent.objects.filter(action="safety.review_due").count() == 1
    # An ended plan is not reminded about.
    services.safety_plan_end(actor=worker, plan=safety_plan)
    assert safety_watch(now=at(2026, 6, 4, 9, 0))["review"] == 0
