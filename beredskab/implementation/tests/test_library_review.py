"""Attack: nothing told the owner when a library resource passed its review date. Now the owner
gets one content-free e-mail per review date (real SMTP server, frozen time)."""

import datetime
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from beredskab.audit.models import AuditEvent
from beredskab.implementation import services
from beredskab.implementation.review import library_reviews_remind
from beredskab.intake.tests.test_smtp import smtp_server  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def _at(year, month, day):
    return time_machine.travel(datetime.datetime(year, month, day, 8, 0, tzinfo=CPH), tick=False)


def test_the_owner_is_mailed_once_when_the_review_date_passes(plan, coordinator, people, smtp_server):  # noqa: F811
    owner = people["leader"]
    with _at(2026, 12, 1):
        resource = services.resource_add(
            actor=coordinator,
            kind="local",
            title="Lokal procedure for Lene-sagen",
            url="https://example.org/procedure",
            owner=owner,
            review_on=datetime.date(2027, 3, 1),
        )
    with _at(2027, 3, 1):  # the review date itself: not yet passed
        assert library_reviews_remind() == 0
    with _at(2027, 3, 2):
        assert library_reviews_remind() == 1
        assert library_reviews_remind() == 0  # run twice: mailed once
        call_command("implementation_library_reviews")
    with _at(2027, 6, 1):
        assert library_reviews_remind() == 0  # still the same date: not again
    assert len(smtp_server.messages) == 1
    recipients, raw = smtp_server.messages[0]
    message = message_from_bytes(raw, policy=policy.default)
    assert recipients == [owner.email]
    text = str(message["Subject"]) + message.get_content()
    assert "/implementering/videndeling/" in text
    for secret in ("Lene", "Lokal procedure", "example.org", "Karin"):
        assert secret not in text
    assert AuditEvent.objects.filter(action="implementation.review_reminder_sent").count() == 1
    # A new review date (removed and re-added, or changed later) is reminded of on its own.
    type(resource).objects.filter(pk=resource.pk).update(review_on=datetime.date(2027, 9, 1))
    with _at(2027, 9, 2):
        assert library_reviews_remind() == 1
    assert len(smtp_server.messages) == 2


def test_the_task_runs_the_same_job(plan, coordinator):
    from django.core import mail

    from beredskab.implementation.tasks import send_library_review_reminders

    with _at(2026, 12, 1):
        services.resource_add(
            actor=coordinator,
            kind="national",
            title="SIRI",
            url="https://siri.dk/",
            owner=coordinator,
            review_on=datetime.date(2026, 12, 5),
        )
    with _at(2026, 12, 6):
        assert send_library_review_reminders.enqueue().return_value == 1
        assert send_library_review_reminders.enqueue().return_value == 0
    assert len(mail.outbox) == 1
