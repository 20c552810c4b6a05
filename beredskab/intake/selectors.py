"""Reads of reports. Every function takes the acting user; visibility comes from the policy."""

from django.db.models import QuerySet

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record

from . import audit_actions
from .models import Attachment, Report
from .policies import report_policy


def not_in_a_case() -> QuerySet[Report]:
    """Reports not yet taken into a case, by the marker the case link maintains
    (`Report.taken_in`, set in the same transaction; partial index `report_waiting_idx`), not an
    anti-join over every report a unit ever received."""
    return Report.objects.filter(taken_in=False)


def reports_for_unit_queue(*, user, limit: int = 200) -> list[Report]:
    """The newest `limit` reports routed to the user's units, acute first, with the list's read
    audited. The list shows no personal data."""
    reports = list(
        report_policy.visible(user, Report.objects.all())
        .select_related("receiving_unit")
        .order_by("-is_acute", "-received_at")[:limit]
    )
    audit_record(actor=user, action=audit_actions.REPORT_LIST_VIEWED, purpose=Purpose.INTAKE)
    return reports


def report_for_reading(*, user, reference: str, purpose: str = Purpose.INTAKE) -> Report:
    """The report, if the user may see it (else DoesNotExist), with the read audited."""
    report = (
        report_policy.visible(user, Report.objects.all())
        .select_related("receiving_unit", "plan", "registered_by")
        .prefetch_related("attachments")
        .get(reference=reference)
    )
    audit_record(
        actor=user,
        action=audit_actions.REPORT_VIEWED,
        target=report,
        person_ref=report.person_ref,
        purpose=purpose,
    )
    return report


def attachment_for_download(*, user, reference: str, attachment_id: int) -> Attachment:
    """An attachment of a report the user may read (else Report/Attachment.DoesNotExist), with
    the report's read and the download audited."""
    report = report_for_reading(user=user, reference=reference)
    attachment = report.attachments.get(pk=attachment_id)
    audit_record(
        actor=user,
        action=audit_actions.ATTACHMENT_DOWNLOADED,
        target=attachment,
        person_ref=report.person_ref,
        purpose=Purpose.INTAKE,
    )
    return attachment


def submitted_report_for_receipt(*, session, reference: str) -> Report:
    """The reporter's own report, only in the browser session that submitted it."""
    if reference not in session.get("intake_receipts", []):
        raise Report.DoesNotExist
    return Report.objects.select_related("receiving_unit", "plan").get(reference=reference)
