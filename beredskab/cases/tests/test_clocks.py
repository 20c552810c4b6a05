"""Statutory clocks with frozen time: Easter, a Friday afternoon, Christmas Eve and both
changes of summer time."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from beredskab.audit.models import AuditEvent
from beredskab.cases import clocks
from beredskab.cases.clocks import ClockKind, ClockState, case_clocks
from beredskab.cases.models import CaseReport, DeadlineReminder
from beredskab.cases.reminders import deadline_reminders_send
from beredskab.cases.selectors import case_queryset, queue_reports
from beredskab.cases.services import case_open, feedback_record, receipt_record

from .factories import CHILD_CPR, assess, make_report

CPH = ZoneInfo("Europe/Copenhagen")
UTC = datetime.UTC
pytestmark = pytest.mark.usefixtures("plan")


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=CPH)


def end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=CPH)


def _clocks_for(worker, received_at: datetime.datetime, **report_overrides):
    with time_machine.travel(received_at, tick=False):
        report = make_report(**report_overrides)
        case = case_open(actor=worker, reports=[report])
    case = case_queryset().get(pk=case.pk)
    return report, case, {c.kind: c for c in case_clocks(case)}


# The receipt is due at the end of the 6th working day after the day of receipt; the 24-hour
# assessment 24 elapsed hours after receipt.
CASES = [
    pytest.param(
        local(2027, 3, 24, 10, 0),  # Wednesday before Easter
        local(2027, 3, 25, 10, 0),
        datetime.date(2027, 4, 6),  # Skærtorsdag, Langfredag and 2. påskedag do not count
        id="wednesday-before-easter",
    ),
    pytest.param(
        local(2027, 3, 25, 10, 0),  # Skærtorsdag itself
        local(2027, 3, 26, 10, 0),
        datetime.date(2027, 4, 6),
        id="maundy-thursday",
    ),
    pytest.param(
        local(2026, 11, 27, 16, 40),  # Friday afternoon
        local(2026, 11, 28, 16, 40),  # the 24 hours run over the weekend
        datetime.date(2026, 12, 7),
        id="friday-afternoon",
    ),
    pytest.param(
        local(2026, 12, 24, 11, 0),  # Juleaften (not a public holiday by default)
        local(2026, 12, 25, 11, 0),
        datetime.date(2027, 1, 5),  # 25-26 December and 1 January do not count
        id="christmas-eve",
    ),
    pytest.param(
        local(2026, 10, 24, 12, 0),  # Saturday before summer time ends (CEST, UTC+2)
        local(2026, 10, 25, 11, 0),  # 24 elapsed hours: 11:00 in winter time (CET)
        datetime.date(2026, 11, 2),
        id="summer-time-ends",
    ),
    pytest.param(
        local(2027, 3, 27, 12, 0),  # Saturday before summer time starts (CET, UTC+1)
        local(2027, 3, 28, 13, 0),  # 24 elapsed hours: 13:00 in summer time (CEST)
        datetime.date(2027, 4, 6),  # and 2. påskedag (29 March) does not count
        id="summer-time-starts",
    ),
]


@pytest.mark.parametrize(("received", "assessment_due", "receipt_day"), CASES)
def test_statutory_deadlines(worker, received, assessment_due, receipt_day):
    report, _case, by_kind = _clocks_for(worker, received)

    assert by_kind[ClockKind.ASSESSMENT].due_at == assessment_due
    assert by_kind[ClockKind.ASSESSMENT].due_at - report.received_at == datetime.timedelta(hours=24)
    assert by_kind[ClockKind.RECEIPT].due_at == end_of(receipt_day)
    assert by_kind[ClockKind.RECEIPT].due_at.utcoffset() == receipt_day_offset(receipt_day)
    # A professional reporter also gets feedback (configurable time limit, 3 months by default).
    assert by_kind[ClockKind.FEEDBACK].due_at.date() > receipt_day


def receipt_day_offset(day: datetime.date) -> datetime.timedelta:
    return end_of(day).utcoffset()


def test_the_receipt_clock_counts_from_the_local_date_not_the_utc_date(worker):
    # 00:30 on Friday in Copenhagen is still Thursday in UTC.
    report, _case, by_kind = _clocks_for(worker, local(2026, 11, 27, 0, 30))
    assert report.received_at.astimezone(UTC).date() == datetime.date(2026, 11, 26)
    assert by_kind[ClockKind.RECEIPT].due_at == end_of(datetime.date(2026, 12, 7))


def test_extra_closed_days_can_stop_the_clock(worker, settings):
    settings.STATUTORY_EXTRA_CLOSED_DAYS = ["12-24", "12-31"]
    _report, _case, by_kind = _clocks_for(worker, local(2026, 12, 23, 9, 0))
    # Working days after 23 December: 28, 29, 30 December, 4, 5, 6 January.
    assert by_kind[ClockKind.RECEIPT].due_at == end_of(datetime.date(2027, 1, 6))


def test_anonymous_reporters_get_no_receipt_and_private_reporters_no_feedback(worker):
    _r, _c, anonymous = _clocks_for(
        worker, local(2026, 11, 24, 10, 0), reporter_kind="private", reporter_anonymous=True, reporter_name=""
    )
    assert ClockKind.RECEIPT not in anonymous and ClockKind.FEEDBACK not in anonymous
    _r, _c, private = _clocks_for(
        worker, local(2026, 11, 24, 11, 0), reporter_kind="private", subject_cpr="", subject_name="Nour Andersen"
    )
    assert ClockKind.RECEIPT in private and ClockKind.FEEDBACK not in private


def test_clock_states_running_due_soon_overdue_and_done(worker):
    received = local(2026, 11, 24, 10, 0)
    _report, case, by_kind = _clocks_for(worker, received)
    clock = by_kind[ClockKind.ASSESSMENT]
    assert clock.state(received + datetime.timedelta(hours=1)) == ClockState.RUNNING
    assert clock.state(received + datetime.timedelta(hours=19)) == ClockState.DUE_SOON
    assert clock.state(received + datetime.timedelta(hours=25)) == ClockState.OVERDUE

    with time_machine.travel(received + datetime.timedelta(hours=26), tick=False):
        assess(case, worker)
    case = case_queryset().get(pk=case.pk)
    clock = next(c for c in case_clocks(case) if c.kind == ClockKind.ASSESSMENT)
    assert clock.state() == ClockState.DONE_LATE


def test_receipt_and_feedback_are_recorded_and_stop_their_clocks(worker):
    received = local(2026, 11, 24, 10, 0)
    report, case, _ = _clocks_for(worker, received)
    case_report = CaseReport.objects.get(report=report)
    with time_machine.travel(local(2026, 11, 30, 9, 0), tick=False):
        receipt_record(
            actor=worker, case_report=case_report, sent_on=datetime.date(2026, 11, 30), channel="digital_post"
        )
        feedback_record(
            actor=worker,
            case_report=case_report,
            sent_on=datetime.date(2026, 11, 30),
            outcome="investigation",
            channel="phone",
        )
        case = case_queryset().get(pk=case.pk)
        by_kind = {c.kind: c for c in case_clocks(case)}
    assert by_kind[ClockKind.RECEIPT].state() == ClockState.DONE
    assert by_kind[ClockKind.FEEDBACK].state() == ClockState.DONE
    event = AuditEvent.objects.get(action="cases.receipt_recorded")
    assert event.new_values["channel"] == "digital_post" and event.person_ref == case.person_ref


def test_receipt_date_must_lie_between_receipt_and_today(worker):
    from beredskab.cases.errors import CaseError

    report, _case, _ = _clocks_for(worker, local(2026, 11, 24, 10, 0))
    case_report = CaseReport.objects.get(report=report)
    with time_machine.travel(local(2026, 11, 25, 9, 0), tick=False), pytest.raises(CaseError):
        receipt_record(actor=worker, case_report=case_report, sent_on=datetime.date(2026, 11, 23), channel="letter")


def test_the_queue_shows_the_24_hour_deadline(worker):
    received = local(2026, 11, 27, 16, 40)
    with time_machine.travel(received, tick=False):
        report = make_report()
    [item] = queue_reports(user=worker)
    assert item.report == report
    assert item.clock.due_at == local(2026, 11, 28, 16, 40)


def test_feedback_time_limit_is_configurable(settings):
    settings.CASES_FEEDBACK_DUE_MONTHS = 1
    assert clocks.feedback_due(local(2026, 1, 31, 10, 0)) == end_of(datetime.date(2026, 2, 28))


# --- reminders ---------------------------------------------------------------------------


def test_reminder_for_a_report_in_the_queue_goes_to_the_unit_inbox_once_without_personal_data(worker):
    received = local(2026, 11, 24, 10, 0)
    with time_machine.travel(received, tick=False):
        report = make_report()
    with time_machine.travel(received + datetime.timedelta(hours=12), tick=False):
        assert deadline_reminders_send() == 0  # not yet due soon
    with time_machine.travel(received + datetime.timedelta(hours=19), tick=False):
        assert deadline_reminders_send() == 1
        assert deadline_reminders_send() == 0  # never twice for the same deadline
    [message] = [m for m in mail.outbox if "frist" in m.subject.lower()]
    assert message.to == ["straxen@demo.example"]
    assert report.reference in message.body
    for secret in ("Amira", "Testesen", CHILD_CPR, CHILD_CPR.replace("-", ""), "lejrskolen", "Lis"):
        assert secret not in message.body and secret not in message.subject
    assert DeadlineReminder.objects.filter(report=report).count() == 1
    event = AuditEvent.objects.get(action="cases.deadline_reminder_sent")
    assert event.person_ref == report.person_ref


def test_reminder_for_a_case_goes_to_its_owner_and_the_command_runs_it(worker):
    received = local(2026, 11, 24, 10, 0)
    with time_machine.travel(received, tick=False):
        case = case_open(actor=worker, reports=[make_report()])
        assess(case, worker)
    mail.outbox.clear()
    # The receipt is due at the end of 2 December; two days before, a reminder is sent.
    with time_machine.travel(local(2026, 12, 1, 8, 0), tick=False):
        call_command("send_deadline_reminders")
    messages = [m for m in mail.outbox if "frist" in m.subject.lower()]
    assert len(messages) == 1
    assert messages[0].to == [worker.email]
    assert case.reference in messages[0].body and "Amira" not in messages[0].body


def test_reminders_can_be_enqueued_as_a_task(worker):
    received = local(2026, 11, 24, 10, 0)
    with time_machine.travel(received, tick=False):
        make_report()
    with time_machine.travel(received + datetime.timedelta(hours=20), tick=False):
        call_command("send_deadline_reminders", "--enqueue")
    assert DeadlineReminder.objects.count() == 1


def test_receipt_and_feedback_are_still_owed_and_recordable_after_closing(client, worker):
    from beredskab.cases.selectors import deadlines
    from beredskab.cases.services import case_close

    from .factories import screen

    received = local(2026, 11, 24, 10, 0)
    with time_machine.travel(received, tick=False):
        report = make_report()
        case = case_open(actor=worker, reports=[report])
        case = screen(assess(case, worker), worker, flag=False, outcome="no_action")
        case_close(actor=worker, case=case, outcome="no_further_action")
    with time_machine.travel(local(2026, 12, 1, 9, 0), tick=False):
        owed = {c.kind for c in deadlines(user=worker) if c.case == case}
        assert owed == {ClockKind.RECEIPT, ClockKind.FEEDBACK}
        assert deadline_reminders_send() == 1  # the receipt is due tomorrow
        case_report = CaseReport.objects.get(report=report)
        client.force_login(worker)
        response = client.post(
            f"/sager/{case.reference}/underretning/{case_report.pk}/tilbagemelding/",
            {"sent_on": "2026-12-01", "outcome": "none", "channel": "phone"},
        )
        assert response.status_code == 302
        assert {c.kind for c in deadlines(user=worker) if c.case == case} == {ClockKind.RECEIPT}


def test_statutory_clocks_follow_copenhagen_whatever_the_display_time_zone(settings):
    """Issue 12, finding 7: TIME_ZONE=UTC must not move the § 137 deadline, and the 24-hour
    assessment is 24 real hours also across the change to winter time."""
    from beredskab.cases.clocks import assessment_due, receipt_due

    just_after_midnight = local(2026, 11, 24, 0, 30)  # Tuesday in Copenhagen, still Monday in UTC
    settings.TIME_ZONE = "UTC"
    assert receipt_due(just_after_midnight) == end_of(datetime.date(2026, 12, 2))  # 6 working days from Tuesday
    before_change = local(2026, 10, 24, 12, 0)  # the clocks go back on 25 October 2026
    assert assessment_due(before_change) - before_change == datetime.timedelta(hours=24)
    naive_local = datetime.datetime(2026, 10, 24, 12, 0)
    assert (assessment_due(naive_local) - before_change) == datetime.timedelta(hours=24)
