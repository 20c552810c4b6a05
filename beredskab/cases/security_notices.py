"""Content-free e-mails about protected cases and break-glass access.

They say only that something happened on a case (its reference) and that the details are in
Beredskab: never who tried, who opened it, the reason they gave, or anything from the case.
Sent after the transaction that recorded the event commits (`notify_on_commit`), as a
background task that receives ids only.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from beredskab.accounts.models import User
from beredskab.audit.services import audit_record
from beredskab.core.jobs import JobRun
from beredskab.core.roles import Role

from . import audit_actions
from .models import Case

PROTECTED_REFUSED = "protected_refused"
BREAK_GLASS_OPENED = "break_glass_opened"
BREAK_GLASS_REFUSED = "break_glass_refused"
REPORT_HELD = "report_held"
FAMILY_CONTACT = "family_contact"
KINDS = (PROTECTED_REFUSED, BREAK_GLASS_OPENED, BREAK_GLASS_REFUSED, REPORT_HELD, FAMILY_CONTACT)


def unit_leaders(unit_id: int):
    return User.objects.filter(
        is_active=True, role_assignments__unit_id=unit_id, role_assignments__role=Role.UNIT_LEADER
    ).distinct()


def recipients(kind: str, case: Case) -> list[str]:
    emails = {u.email for u in unit_leaders(case.unit_id)}
    if kind == BREAK_GLASS_OPENED and case.owner_id and case.owner.is_active:
        emails.add(case.owner.email)
    if kind == REPORT_HELD and case.protected_by_id and case.protected_by.is_active:
        emails.add(case.protected_by.email)
    if kind == FAMILY_CONTACT and case.owner_id and case.owner.is_active:
        emails.add(case.owner.email)
    return sorted(e for e in emails if e)


def notice_text(kind: str, case: Case) -> tuple[str, str]:
    with translation.override("da"):
        ref = {"reference": case.reference}
        if kind == PROTECTED_REFUSED:
            subject = _("Sikkerhed: forsøg på at åbne beskyttet sag %(reference)s") % ref
            lead = _("Et forsøg på at åbne den beskyttede sag %(reference)s blev afvist.") % ref
        elif kind == BREAK_GLASS_REFUSED:
            subject = _("Sikkerhed: nødadgang til sag %(reference)s afvist") % ref
            lead = _("Et forsøg på at bruge nødadgang til den beskyttede sag %(reference)s blev afvist.") % ref
        elif kind == FAMILY_CONTACT:
            subject = _("Familien har henvendt sig i sag %(reference)s") % ref
            lead = (
                _(
                    "Nogen fra familien har selv henvendt sig i sag %(reference)s, mens risikoporten er lukket. "
                    "Henvendelsen er skrevet i journalen."
                )
                % ref
            )
        elif kind == REPORT_HELD and case.is_adult:  # serviceloven: a henvendelse about borgeren
            subject = _("Ny henvendelse til beskyttet sag %(reference)s") % ref
            lead = (
                _(
                    "Der er kommet en ny henvendelse om borgeren i den beskyttede sag %(reference)s. Den vises "
                    "kun for de navngivne medarbejdere og enhedens ledere."
                )
                % ref
            )
        elif kind == REPORT_HELD:
            subject = _("Ny underretning til beskyttet sag %(reference)s") % ref
            lead = (
                _(
                    "Der er kommet en ny underretning om barnet i den beskyttede sag %(reference)s. Den vises kun "
                    "for de navngivne medarbejdere og enhedens ledere."
                )
                % ref
            )
        else:
            subject = _("Nødadgang til sag %(reference)s") % ref
            lead = _("Der er åbnet nødadgang til sag %(reference)s. En leder skal gennemgå adgangen.") % ref
        if kind == REPORT_HELD:
            see, url = _("Log ind i Beredskab for at se den:"), reverse("cases:queue")
        elif kind == FAMILY_CONTACT:
            see, url = _("Log ind i Beredskab for at se sagen:"), reverse("cases:detail", args=[case.reference])
        else:
            see, url = _("Log ind i Beredskab for at se, hvem det var:"), reverse("cases:break_glass_reviews")
        body = "\n".join(
            [
                lead,
                "",
                see,
                settings.SITE_URL.rstrip("/") + url,
                "",
                _("Denne e-mail indeholder bevidst ingen personoplysninger."),
            ]
        )
    return subject, body


def send_notice(*, kind: str, case_id: int) -> int:
    """Send the notice; returns the number of recipients it went to (0 when nobody has an
    e-mail). Each recipient is tried on its own: when one address fails, the others are still
    told, and JobFailed is raised afterwards (the log names the case id, never an address)."""
    run = JobRun(f"send_security_notice:{kind}")
    with transaction.atomic():
        case = Case.objects.select_related("unit", "owner", "protected_by").get(pk=case_id)
        to = recipients(kind, case)
        if not to:
            return 0
        subject, body = notice_text(kind, case)
        # One message per recipient, so leaders do not see each other's addresses.
        for address in to:
            with run.item("recipient of the notice on case", case.pk):
                EmailMessage(subject=subject, body=body, to=[address]).send()
        audit_record(
            actor=None,
            action=audit_actions.SECURITY_ALERT_SENT,
            target=case,
            new={"kind": kind, "case": case.reference, "recipients": run.done},
        )
    run.finish()
    return run.done


def notify_on_commit(kind: str, case_id: int) -> None:
    from .tasks import send_security_notice

    transaction.on_commit(lambda: send_security_notice.enqueue(kind, case_id))
