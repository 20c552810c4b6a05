"""The periodic check that no adult inquiry is left with an owner who is away or gone.

`manage.py taskforce_check_owners` (cron, e.g. every morning and hourly in working hours) or the
task `beredskab.taskforce.tasks.check_owners` first gives an owner to every waiting report that
has none it can use (`assignment.assign_waiting`: its assignment hook failed, it was moved into
the unit, nobody was there when it arrived); then it finds, in every adults unit, the open inquiries
whose owner is absent today, no longer holds a role in the unit, or is missing; each is flagged
once per owner (`OwnerFlag`, audited), and the unit's leaders get one content-free e-mail per
run: how many, and where to reassign them. No names, CPR numbers, references or free text."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskab.accounts.models import Unit
from beredskab.accounts.selectors import adults_units
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.core.dates import today
from beredskab.core.jobs import JobRun

from . import audit_actions
from .assignment import assign_waiting
from .inquiries import Inquiry, open_inquiries
from .models import OwnerFlag
from .staff import staff_for

logger = logging.getLogger(__name__)


def notice_text(unit: Unit, count: int) -> tuple[str, str]:
    with translation.override("da"):
        subject = _("Henvendelser uden en ejer, der er til rådighed")
        lines = [
            _(
                "%(count)s åbne henvendelser i %(unit)s har fået en ejer, der er fraværende, ikke længere har en rolle "
                "i enheden, eller ingen ejer."
            )
            % {"count": count, "unit": unit.name},
            "",
            _("Log ind i Beredskab for at fordele dem:"),
            settings.SITE_URL.rstrip("/") + reverse("taskforce:reassign", args=[unit.code]),
            "",
            _("Denne e-mail indeholder bevidst ingen personoplysninger."),
        ]
    return subject, "\n".join(lines)


def _recipients(unit: Unit, leaders) -> tuple[list[str], str]:
    emails = sorted({u.email for u in leaders if u.email})
    if emails:
        return emails, "leader"
    return ([unit.inbox_email] if unit.inbox_email else []), "unit_inbox"


def _flag(inquiry: Inquiry, unit: Unit, *, now: datetime.datetime, notified: str) -> None:
    flag = OwnerFlag.objects.create(
        key=inquiry.key,
        unit=unit,
        report_id=inquiry.pk if inquiry.kind == "report" else None,
        case_id=inquiry.pk if inquiry.kind == "case" else None,
        flagged_at=now,
        notified=notified,
    )
    target = flag.case if flag.case_id else flag.report
    audit_record(
        actor=None,
        action=audit_actions.OWNER_FLAGGED,
        target=target,
        person_ref=target.person_ref,
        purpose=Purpose.CASE_WORK,
        new={"reference": inquiry.reference, "owner_id": inquiry.owner.pk if inquiry.owner else None},
    )


def _check_unit(unit: Unit, *, now: datetime.datetime, day: datetime.date, run: JobRun) -> int:
    assign_waiting(unit, run=run)  # never unowned: what has no usable owner gets one first
    staff = staff_for(unit, day)
    flagged = set(OwnerFlag.objects.filter(unit=unit).values_list("key", flat=True))
    new = [i for i in open_inquiries(unit, staff) if i.unavailable and i.key not in flagged]
    if not new:
        return 0
    addresses, notified = _recipients(unit, staff.leaders)
    with transaction.atomic():  # the e-mail fails: no flag stays, the next run tries again
        count = 0
        for inquiry in new:
            with run.item(inquiry.kind, inquiry.pk), transaction.atomic():
                _flag(inquiry, unit, now=now, notified=notified if addresses else "")
                count += 1
        if not count:
            return 0
        if not addresses:
            logger.warning("No address for the owner notice of unit %s", unit.pk)
            return 0
        subject, body = notice_text(unit, count)
        EmailMessage(subject=subject, body=body, to=addresses).send()
    return 1


def owners_check(*, now: datetime.datetime | None = None, run: JobRun | None = None) -> int:
    """Flag open inquiries without an available owner and tell the leaders. Returns the number
    of e-mails sent. Each unit and inquiry on its own (beredskab.core.jobs)."""
    own_run = run is None
    run = run or JobRun("taskforce_check_owners")
    now = now or timezone.now()
    day = today()
    sent = 0
    for unit in adults_units():
        with run.item("unit", unit.pk):
            sent += _check_unit(unit, now=now, day=day, run=run)
    if own_run:
        run.finish()
    return sent
