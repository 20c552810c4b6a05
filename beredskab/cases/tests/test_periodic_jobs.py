"""Periodic jobs handle each item on its own (issue 12, item 11): one bad row is logged by id
(never its content), the job goes on with every other row, and the command exits non-zero so
cron notices. The bad rows are written straight into the database, as a bug, an import or a
restored backup could leave them, bypassing the forms and services that now refuse them."""

import datetime
import io
import logging
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone

from beredskab.cases.models import DeadlineReminder, Task
from beredskab.cases.services import task_add
from beredskab.core.roles import Role
from beredskab.intake.models import Report

from .factories import CHILD_CPR, make_report, open_case

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=CPH)
pytestmark = pytest.mark.usefixtures("plan")
SECRETS = ("Amira", "Testesen", CHILD_CPR, "lejrskolen", "Ring til skolen", "Lis")


def job_log(caplog) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.name == "beredskab.jobs")


def corrupt(report: Report) -> None:
    """A value that no configured key decrypts (a key lost in a rotation, a bad restore)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE intake_report SET narrative = %s WHERE id = %s", ["not-a-fernet-token", report.pk])


@pytest.fixture
def two_cases(worker, worker2):
    """A good task due today on one case, and a task due 1 January 0001 on another (a date
    picker left at year 0001, written before the forms refused it)."""
    with time_machine.travel(NOW, tick=False):
        good_case = open_case(worker)
        bad_case = open_case(worker2, subject_cpr="", subject_name="Noor Testesen")
        good = task_add(
            actor=worker, case=good_case, owner=worker, title="Ring til skolen", due_on=NOW.date(), people=[]
        )
        bad = task_add(actor=worker2, case=bad_case, owner=worker2, title="Ring til skolen", due_on=NOW.date())
    Task.objects.filter(pk=bad.pk).update(due_on=datetime.date(1, 1, 1))
    mail.outbox.clear()
    return good_case, good, bad_case, bad


def test_a_task_due_in_year_one_stops_no_reminder_for_anyone(two_cases, worker, caplog):
    good_case, good, _bad_case, bad = two_cases
    caplog.set_level(logging.INFO)
    with time_machine.travel(NOW + datetime.timedelta(hours=20), tick=False):
        waiting = make_report(subject_cpr="", subject_name="Sami Testesen")
    with (
        time_machine.travel(NOW + datetime.timedelta(hours=40), tick=False),
        pytest.raises(CommandError, match="1 item"),
    ):
        call_command("send_deadline_reminders", stdout=io.StringIO())
    # Everyone else's reminders went: the good task's owner, and the unit's inbox for the queue.
    to_worker = [m for m in mail.outbox if m.to == [worker.email]]
    assert to_worker and good_case.reference in to_worker[0].body
    assert DeadlineReminder.objects.filter(clock_key=f"task:{good.pk}:{good.due_on.isoformat()}").exists()
    assert DeadlineReminder.objects.filter(report=waiting).exists()
    assert not DeadlineReminder.objects.filter(clock_key__startswith=f"task:{bad.pk}:").exists()
    # The failure is in the log by id and exception class, without anything from the case.
    log = job_log(caplog)
    assert f"clock id task:{bad.pk}:0001-01-01 failed (OverflowError)" in log
    for secret in (*SECRETS, worker.email):
        assert secret not in log


def test_the_background_task_fails_only_after_sending_the_good_reminders(two_cases, worker, caplog):
    from beredskab.cases.tasks import send_deadline_reminders

    good_case, _good, _bad_case, bad = two_cases
    with time_machine.travel(NOW + datetime.timedelta(hours=40), tick=False):
        result = send_deadline_reminders.enqueue()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "beredskab.core.jobs.JobFailed"
    assert f"task:{bad.pk}:0001-01-01" in result.errors[0].traceback
    for secret in SECRETS:
        assert secret not in result.errors[0].traceback
    assert any(good_case.reference in m.body for m in mail.outbox if m.to == [worker.email])


def test_a_good_run_exits_zero(worker):
    with time_machine.travel(NOW, tick=False):
        make_report()
    with time_machine.travel(NOW + datetime.timedelta(hours=20), tick=False):
        out = io.StringIO()
        call_command("send_deadline_reminders", stdout=out)
    assert "Sent 1 reminder" in out.getvalue()


def test_hold_waiting_reports_goes_on_past_a_report_that_cannot_be_read(worker, caplog):
    caplog.set_level(logging.INFO)
    unreadable = make_report(subject_cpr="", subject_name="Noor Testesen")
    checked = make_report(subject_cpr="", subject_name="Sami Testesen")
    Report.objects.filter(pk__in=[unreadable.pk, checked.pk]).update(needs_check=True)
    corrupt(unreadable)
    with pytest.raises(CommandError, match="1 item"):
        call_command("hold_waiting_reports", stdout=io.StringIO())
    assert Report.objects.filter(pk=checked.pk, needs_check=False).exists()  # its arrival check ran
    assert Report.objects.filter(pk=unreadable.pk, needs_check=True).exists()  # still shown for a check
    log = job_log(caplog)
    assert f"report id {unreadable.pk} failed (DecryptionError)" in log
    assert "Noor" not in log and "not-a-fernet-token" not in log


def test_retention_goes_on_past_a_report_that_cannot_be_read(worker, caplog):
    caplog.set_level(logging.INFO)
    unreadable = make_report(subject_cpr="", subject_name="Noor Testesen")
    old = make_report()
    long_ago = timezone.now() - datetime.timedelta(days=800)
    Report.objects.filter(pk__in=[unreadable.pk, old.pk]).update(received_at=long_ago)
    corrupt(unreadable)
    with pytest.raises(CommandError, match="1 item"):
        call_command("apply_retention", stdout=io.StringIO())
    assert Report.objects.get(pk=old.pk).subject_name == ""  # anonymised all the same
    assert f"report id {unreadable.pk} failed (DecryptionError)" in job_log(caplog)


# --- a recipient whose mail server refuses ------------------------------------------------


class RefusingOneAddress(EmailBackend):
    """Django's test mail outbox, except that one address is refused (a full mailbox, a
    mistyped address): a stand-in for the mail server, not for our code."""

    refused = "refuses@test.example"

    def send_messages(self, messages):
        for message in messages:
            if self.refused in message.to:
                raise OSError(f"550 mailbox unavailable: {self.refused}")
        return super().send_messages(messages)


def test_a_security_notice_reaches_every_leader_but_the_one_whose_address_fails(make_user, settings, caplog):
    from beredskab.cases import security_notices
    from beredskab.core.jobs import JobFailed

    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingOneAddress"}}
    caplog.set_level(logging.INFO)
    make_user(Role.UNIT_LEADER, "straxen", email=RefusingOneAddress.refused)
    other = make_user(Role.UNIT_LEADER, "straxen", email="leder@test.example")
    owner = make_user(Role.CHILD_CASEWORKER, "straxen")
    case = open_case(owner)
    mail.outbox.clear()
    with pytest.raises(JobFailed) as failed:
        security_notices.send_notice(kind=security_notices.PROTECTED_REFUSED, case_id=case.pk)
    assert [m.to for m in mail.outbox] == [[other.email]]
    assert RefusingOneAddress.refused not in str(failed.value)
    assert RefusingOneAddress.refused not in job_log(caplog)
    assert f"case id {case.pk} failed (OSError)" in job_log(caplog)
