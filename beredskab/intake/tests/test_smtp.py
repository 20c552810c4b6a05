"""The notification goes through Django's real SMTP backend to a real SMTP server on
127.0.0.1, and what arrives carries no personal data from the report."""

import datetime
import socket
import uuid
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller

from beredskab.intake.notifications import report_notify_unit
from beredskab.intake.services import report_submit

from .test_services import _input


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


@time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False)
def test_notification_over_real_smtp_contains_no_personal_data(ishoj_plan, org, smtp_server):
    report, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input())
    assert report_notify_unit(report=report)

    assert len(smtp_server.messages) == 1
    recipients, raw = smtp_server.messages[0]
    assert recipients == ["straxen@demo.example"]
    message = message_from_bytes(raw, policy=policy.default)
    text = str(message["Subject"]) + message.get_content()
    assert report.reference in text
    for secret in ("Amira", "Testesen", "150611", "4233", "Testvej", "lejrskolen", "Lærer Lis", "12345678"):
        assert secret not in text
