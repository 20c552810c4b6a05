"""The staff library's review dates: when a piece of guidance is past its review date, its
owner gets one content-free e-mail (a link to the library, no title, no person), once per review
date. `manage.py implementation_library_reviews` (cron, daily) or the task
`beredskab.implementation.tasks.send_library_review_reminders` runs it.

The row is marked before the e-mail is sent, in the same transaction: run twice, it mails once;
a failing e-mail rolls the mark back, so the next run tries again."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record
from beredskab.core.dates import today
from beredskab.core.jobs import JobRun

from . import audit_actions
from .models import Resource


def review_text() -> tuple[str, str]:
    with translation.override("da"):
        subject = _("Et materiale i biblioteket skal gennemgås")
        body = "\n".join(
            [
                _("Du er ansvarlig for et materiale i Beredskabs bibliotek, hvis dato for gennemgang er overskredet."),
                _("Log ind, og se materialerne med overskredet gennemgang:"),
                settings.SITE_URL.rstrip("/") + reverse("implementation:library"),
                "",
                _("Denne e-mail indeholder bevidst ingen personoplysninger."),
            ]
        )
    return subject, body


def _remind(resource_id: int) -> bool:
    with transaction.atomic():
        resource = Resource.objects.select_for_update().select_related("owner").get(pk=resource_id)
        if resource.review_on >= today() or resource.review_reminded_for == resource.review_on:
            return False  # reviewed meanwhile, or another run was first
        resource.review_reminded_for = resource.review_on
        resource.save(update_fields=["review_reminded_for"])
        address = resource.owner.email if resource.owner.is_active else ""
        audit_record(
            actor=None,
            action=audit_actions.REVIEW_REMINDER_SENT,
            target=resource,
            new={"review_on": resource.review_on, "owner_id": resource.owner_id, "mailed": bool(address)},
        )
        if address:
            subject, body = review_text()
            EmailMessage(subject=subject, body=body, to=[address]).send()
    return True


def library_reviews_remind(*, run: JobRun | None = None) -> int:
    """Mail the owner of each resource past its review date, once per review date. Returns how
    many resources were reminded of (an inactive owner is recorded, not mailed)."""
    own_run = run is None
    run = run or JobRun("implementation_library_reviews")
    due = (
        Resource.objects.filter(review_on__lt=today())
        .order_by("pk")
        .values_list("pk", "review_on", "review_reminded_for")
    )
    sent = 0
    for pk, review_on, reminded_for in due:
        if reminded_for == review_on:
            continue
        with run.item("resource", pk):
            sent += _remind(pk)
    if own_run:
        run.finish()
    return sent
