"""Revision reminders at 12, 6 and 1 months before the deadline and once it has passed, with
frozen time, over a real SMTP server (as the intake test does): content-free, once each."""

import datetime
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.implementation.models import RevisionReminder
from beredskab.implementation.revision import add_months, revision_due, revision_reminders_send, threshold_dates
from beredskab.intake.tests.test_smtp import smtp_server  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def _at(year, month, day):
    return time_machine.travel(datetime.datetime(year, month, day, 8, 0, tzinfo=CPH), tick=False)


def test_ishojs_deadline_is_the_plans_own_date(plan):
    assert revision_due(plan) == datetime.date(2028, 4, 1)  # "forventes i 2028": revision.due in the file
    assert [d for _, d in threshold_dates(revision_due(plan))] == [
        datetime.date(2027, 4, 1),
        datetime.date(2027, 10, 1),
        datetime.date(2028, 3, 1),
        datetime.date(2028, 4, 2),
    ]


def test_without_a_stated_date_it_is_four_years_after_adoption(plan):
    plan.revision_due = None
    assert revision_due(plan) == datetime.date(2028, 4, 1)
    plan.adopted_on = datetime.date(2024, 2, 29)
    assert revision_due(plan) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2028, 3, 31), -1) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2028, 1, 15), -12) == datetime.date(2027, 1, 15)


def _texts(server):
    out = []
    for recipients, raw in server.messages:
        message = message_from_bytes(raw, policy=policy.default)
        out.append((recipients, str(message["Subject"]), message.get_content()))
    return out


def test_reminders_at_12_6_and_1_months_and_after_the_deadline_each_once(plan, coordinator, people, smtp_server):  # noqa: F811
    steps = [
        ((2027, 3, 31), None),
        ((2027, 4, 1), "12m"),
        ((2027, 9, 30), None),
        ((2027, 10, 1), "6m"),
        ((2028, 3, 1), "1m"),
        ((2028, 4, 1), None),  # the deadline itself: not yet passed
        ((2028, 4, 2), "passed"),
        ((2029, 1, 1), None),
    ]
    expected_mails = 0
    for day, threshold in steps:
        with _at(*day):
            sent = revision_reminders_send()
            again = revision_reminders_send()  # the job run twice sends once
        assert again == 0
        assert sent == (1 if threshold else 0), day
        if threshold:
            expected_mails += 1
            assert RevisionReminder.objects.filter(threshold=threshold, superseded=False).count() == 1
        assert len(smtp_server.messages) == expected_mails
    texts = _texts(smtp_server)
    assert all(recipients == ["karin@test.example"] for recipients, _, _ in texts)
    assert "senest 1. april 2028" in texts[0][1]
    assert "overskredet" in texts[-1][1]
    for _, subject, body in texts:
        for secret in ("Karin", "Koordinator", "Lene", "Sara", "StraXen", "karin@"):
            assert secret not in subject + body
        assert "ingen personoplysninger" in body
        assert "/start/" in body
    assert AuditEvent.objects.filter(action="implementation.revision_reminder_sent").count() == 4


def test_a_late_first_run_sends_the_latest_threshold_only(plan, coordinator, smtp_server):  # noqa: F811
    with _at(2028, 3, 10):
        assert revision_reminders_send() == 1
    assert len(smtp_server.messages) == 1
    assert "1m" in RevisionReminder.objects.filter(superseded=False).values_list("threshold", flat=True)
    assert set(RevisionReminder.objects.filter(superseded=True).values_list("threshold", flat=True)) == {"12m", "6m"}


def test_a_new_version_is_reminded_on_its_own(plan, coordinator, smtp_server):  # noqa: F811
    from beredskab.plan import services as plan_services

    with _at(2027, 4, 1):
        assert revision_reminders_send() == 1
        draft = plan_services.plan_draft_new_version(actor=coordinator, from_plan=plan, version_label="2027")
        plan_services.plan_adopt(
            actor=coordinator, plan=draft, adopted_by="Ishøj Byråd", adopted_on=datetime.date(2027, 4, 1)
        )
        assert revision_reminders_send() == 0  # due 2031: nothing yet
    with _at(2030, 4, 1):
        assert revision_reminders_send() == 1
    assert RevisionReminder.objects.filter(plan=draft, threshold="12m").exists()


def test_the_command_and_the_task(plan, coordinator):
    from django.core import mail

    from beredskab.implementation.tasks import send_revision_reminders

    with _at(2027, 10, 2):
        call_command("implementation_revision_reminders")
        assert len(mail.outbox) == 1
        assert send_revision_reminders.enqueue().return_value == 0


def test_the_deadline_and_the_reminder_on_the_coordinators_start_page(client, plan, coordinator, people):
    client.force_login(coordinator)
    with _at(2026, 12, 1):
        page = client.get(reverse("core:home")).content.decode()
        assert "Planen skal revideres senest 1. april 2028" in page
        assert "487 dage til fristen" in page
    with _at(2027, 10, 5):
        revision_reminders_send()
        client.force_login(coordinator)  # ten months later: the session has ended
        page = client.get(reverse("core:home")).content.decode()
        assert "6 måneder før fristen" in page
        client.force_login(people["cw1"])
        page = client.get(reverse("core:home")).content.decode()
        assert "Velkommen" in page and "revideres senest" not in page


def test_a_version_adopted_for_a_later_date_takes_over_the_deadline_on_that_date(plan, coordinator):
    """Issue 16: the reminders and the start page read the version in force at the moment, so a
    version the council adopted for a later in-force date brings its own deadline from that day."""
    from beredskab.implementation.revision import revision_status
    from beredskab.plan import services as plan_services

    with _at(2027, 3, 3):
        draft = plan_services.plan_draft_new_version(actor=coordinator, from_plan=plan, version_label="2027")
        plan_services.plan_adopt(
            actor=coordinator,
            plan=draft,
            adopted_by="Ishøj Byråd",
            adopted_on=datetime.date(2027, 3, 2),
            in_force_from=datetime.date(2027, 3, 8),
        )
        assert revision_status()["due"] == datetime.date(2028, 4, 1)
    with _at(2027, 3, 8):
        status = revision_status()
        assert status["plan"].pk == draft.pk and status["due"] == datetime.date(2031, 3, 2)
