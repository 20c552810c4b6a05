"""The e-mail a receiving unit gets about a new report. It says only that something is
waiting: the reference, whether it is acute, and where to log in. Never a name, a CPR
number, an address or anything the reporter wrote."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record

from . import audit_actions
from .models import Report


def notification_text(report: Report) -> tuple[str, str]:
    with translation.override("da"):
        urgency = _("AKUT") if report.is_acute else _("ikke akut")
        adult = report.is_adult_inquiry
        subject = (
            _("Ny henvendelse venter: %(reference)s (%(urgency)s)")
            if adult
            else _("Ny underretning venter: %(reference)s (%(urgency)s)")
        ) % {"reference": report.reference, "urgency": urgency}
        received = (
            _("Der er modtaget en ny henvendelse til %(unit)s.")
            if adult
            else _("Der er modtaget en ny underretning til %(unit)s.")
        )
        body = "\n".join(
            [
                received % {"unit": report.receiving_unit.name},
                "",
                _("Reference: %(reference)s") % {"reference": report.reference},
                _("Hastegrad: %(urgency)s") % {"urgency": urgency},
                "",
                _("Log ind i Beredskab for at se den:"),
                settings.SITE_URL.rstrip("/") + reverse("intake:unit_reports"),
                "",
                _("Denne e-mail indeholder bevidst ingen personoplysninger."),
            ]
        )
    return subject, body


@transaction.atomic
def report_notify_unit(*, report: Report) -> bool:
    """Send the content-free notification to the unit's inbox; False when it has none."""
    inbox = report.receiving_unit.inbox_email
    if not inbox:
        return False
    subject, body = notification_text(report)
    EmailMessage(subject=subject, body=body, to=[inbox]).send()
    audit_record(
        actor=None,
        action=audit_actions.NOTIFICATION_SENT,
        target=report,
        new={"unit": report.receiving_unit.code},
    )
    return True
