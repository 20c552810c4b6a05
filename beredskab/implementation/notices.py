"""The e-mail an employee gets when the coordinator sends the plan in force to their unit: that
there is a plan to read and acknowledge, and where. Content-free: no person, no case."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record

from . import audit_actions
from .models import Acknowledgement, UnitDissemination
from .selectors import employees_of


def dissemination_text() -> tuple[str, str]:
    with translation.override("da"):
        subject = _("Læs beredskabsplanen, og kvittér")
        body = "\n".join(
            [
                _("Beredskabsplanen mod negativ social kontrol og æresrelaterede konflikter er sendt til din enhed."),
                _("Læs den, og kvittér, når du ved, hvem du skal kontakte ved en bekymring:"),
                settings.SITE_URL.rstrip("/") + reverse("implementation:acknowledge"),
                "",
                _("Denne e-mail indeholder bevidst ingen personoplysninger."),
            ]
        )
    return subject, body


@transaction.atomic
def dissemination_notify(*, dissemination_id: int) -> int:
    """Mail each employee of the unit who has not yet acknowledged this version (one message
    each); returns how many were mailed."""
    dissemination = UnitDissemination.objects.select_related("unit").get(pk=dissemination_id)
    done = Acknowledgement.objects.filter(plan_id=dissemination.plan_id).values("user_id")
    addresses = sorted({u.email for u in employees_of([dissemination.unit]).exclude(pk__in=done) if u.email})
    subject, body = dissemination_text()
    for address in addresses:
        EmailMessage(subject=subject, body=body, to=[address]).send()
    audit_record(
        actor=None,
        action=audit_actions.DISSEMINATION_NOTIFIED,
        target=dissemination,
        new={"unit": dissemination.unit.code, "recipients": len(addresses)},
    )
    return len(addresses)
