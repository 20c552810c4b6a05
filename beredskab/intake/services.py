"""Receiving a report: route it with the plan in force, save it whole in one transaction,
audit it, and tell the receiving unit (without personal data) once it is committed."""

import datetime
import hashlib
import logging
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from beredskab.accounts.models import Unit
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.core import cpr as cpr_numbers
from beredskab.core.crypto import blind_index
from beredskab.core.jobs import failure_location
from beredskab.core.references import next_reference
from beredskab.core.workdays import to_local
from beredskab.plan.reasons import ReasonCode, RoutingReason, danish_text
from beredskab.plan.routing import route
from beredskab.plan.selectors import plan_in_force

from . import audit_actions
from .hooks import run_report_received
from .models import AgeSource, Attachment, Channel, Knowledge, Report, ReporterKind

logger = logging.getLogger(__name__)


class IntakeUnavailable(Exception):
    """No plan is in force, or the plan routes to a unit this installation does not have.
    The form says so and shows the phone numbers instead of losing the report."""


@dataclass
class ReportInput:
    """What a reporter told us, already validated by the form."""

    reporter_kind: str
    narrative: str
    reporter_anonymous: bool = False
    reporter_name: str = ""
    reporter_organisation: str = ""
    reporter_role: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    subject_name: str = ""
    subject_cpr: str = ""
    subject_birth_date: datetime.date | None = None
    subject_approximate_age: int | None = None
    subject_address: str = ""
    subject_postcode: str = ""
    subject_institution: str = ""
    subject_languages: str = ""
    interpreter_needed: bool = False
    other_children: str = ""
    subject_knows: str = Knowledge.UNKNOWN
    family_knows: str = Knowledge.UNKNOWN
    observed_signs: list[dict] = field(default_factory=list)
    is_acute: bool = False


@dataclass(frozen=True)
class AgeFacts:
    age: int | None
    source: str
    birth_date: datetime.date | None
    cpr_digits: str = ""
    mod11_warning: bool = False


def derive_age(data: ReportInput, on: datetime.date) -> AgeFacts:
    """Age at receipt (years), from the CPR number, else the birth date, else the approximate
    age. A birth date in the future gives no age (the form refuses it; this is the service's
    own guard, for every other caller). Raises ValidationError for a malformed CPR number."""
    if data.subject_cpr:
        parsed = cpr_numbers.parse(data.subject_cpr)
        age = parsed.age_on(on) if parsed.birth_date <= on else None
        return AgeFacts(age, AgeSource.CPR, parsed.birth_date, parsed.digits, mod11_warning=not parsed.mod11_ok)
    if data.subject_birth_date and data.subject_birth_date <= on:
        return AgeFacts(cpr_numbers.age_on(data.subject_birth_date, on), AgeSource.BIRTH_DATE, data.subject_birth_date)
    if data.subject_approximate_age is not None and 0 <= data.subject_approximate_age < 130:
        return AgeFacts(data.subject_approximate_age, AgeSource.APPROXIMATE, None)
    return AgeFacts(None, AgeSource.UNKNOWN, None)


@dataclass(frozen=True)
class Routing:
    plan: object
    unit: Unit
    contact_name: str
    target_group: str
    reason: str
    by_fallback: bool = False  # routed to the plan's fallback: the unit checks where it belongs


def _plan_unit(answer):
    contact = answer.receiving_unit
    if contact is None or not contact.org_unit_code:
        raise LookupError("The plan names no receiving unit for this person.")
    unit = Unit.objects.filter(code=contact.org_unit_code).first()
    if unit is None:
        raise ImproperlyConfigured(f"The plan routes to unit {contact.org_unit_code!r}, which is not set up.")
    return unit


def _routing(data: ReportInput, age: AgeFacts, at: datetime.datetime) -> Routing:
    """Where the report goes by the plan in force. If that fails for this report (an age the
    plan does not cover, a unit that is not set up, any error in routing), it goes to the plan's
    fallback (where it sends a person of unknown age) and is flagged for a person to check: a
    report is never lost to a routing problem. Raises IntakeUnavailable only when no plan is in
    force or not even the fallback leads to a unit."""
    plan = plan_in_force()
    if plan is None:
        raise IntakeUnavailable("No plan is in force.")
    try:
        answer = route(plan, age=age.age, postcode=data.subject_postcode or None, acute=data.is_acute, at=at)
        unit = _plan_unit(answer)
        reason = danish_text(answer.reasons)  # the record keeps the Danish wording, whoever sent the form
        return Routing(plan, unit, answer.receiving_unit.name, str(answer.target_group or ""), reason)
    except Exception as error:  # logged without its message, which can hold what was typed
        logger.error(
            "Routing a report failed (%s); it goes to the plan's fallback for a person to check.\n%s",
            type(error).__name__,
            failure_location(error),
        )
    try:
        answer = route(plan, age=None, postcode=None, acute=data.is_acute, at=at)
        unit = _plan_unit(answer)
    except Exception as error:
        raise IntakeUnavailable("Not even the plan's fallback leads to a unit.") from error
    for_check = RoutingReason(ReasonCode.ROUTED_FOR_CHECK, {"unit": answer.receiving_unit.name})
    reason = danish_text((for_check, *answer.reasons))
    return Routing(plan, unit, answer.receiving_unit.name, str(answer.target_group or ""), reason, by_fallback=True)


def report_submit(*, actor, token, data: ReportInput, files=(), channel: str = Channel.PUBLIC) -> tuple[Report, bool]:
    """Save a report once. Returns (report, created).

    The same `token` (one per form shown) with the same report gives the first one back: a
    double click, a resubmitted form or a retried request, also under concurrency (the unique
    constraint on the token decides). The same token with another report (a second child sent
    from the same page, an edit after "back") is saved as a report of its own: a report is
    never lost for a token."""
    existing = Report.objects.filter(submission_token=token).first()
    if existing:
        if _same_report(existing, data):
            return existing, False
        token = uuid.uuid4()

    received_at = timezone.now()
    age = derive_age(data, to_local(received_at).date())
    routing = _routing(data, age, received_at)
    unit = routing.unit
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reference=next_reference("UND", to_local(received_at).year),
                submission_token=token,
                received_at=received_at,
                channel=channel,
                registered_by=actor if channel == Channel.STAFF else None,
                **_report_fields(data, age, routing),
            )
            for upload in files:
                _attach(report, upload)
            audit_record(
                actor=actor,
                action=audit_actions.REPORT_SUBMITTED,
                target=report,
                person_ref=report.person_ref,
                purpose=Purpose.SUBMISSION,
                new={
                    "reference": report.reference,
                    "channel": channel,
                    "receiving_unit": unit.code,
                    "is_acute": report.is_acute,
                    "attachments": len(files),
                },
            )
            run_report_received(report)
            transaction.on_commit(lambda: _enqueue_notification(report.pk))
    except IntegrityError:
        existing = Report.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        if not _same_report(existing, data):  # a different report raced on the same token
            return report_submit(actor=actor, token=uuid.uuid4(), data=data, files=files, channel=channel)
        return existing, False
    return report, True


def _report_fields(data: ReportInput, age, routing) -> dict:
    """The report's columns from what the reporter wrote, the derived age and the routing."""
    return {
        "reporter_kind": data.reporter_kind,
        "reporter_anonymous": data.reporter_anonymous and data.reporter_kind == ReporterKind.PRIVATE,
        "reporter_name": data.reporter_name,
        "reporter_organisation": data.reporter_organisation,
        "reporter_role": data.reporter_role,
        "reporter_phone": data.reporter_phone,
        "reporter_email": data.reporter_email,
        "subject_name": data.subject_name,
        "subject_cpr": f"{age.cpr_digits[:6]}-{age.cpr_digits[6:]}" if age.cpr_digits else "",
        "subject_cpr_index": blind_index(age.cpr_digits, purpose="cpr") if age.cpr_digits else "",
        "subject_cpr_mod11_warning": age.mod11_warning,
        "subject_birth_date": age.birth_date,
        "subject_age": age.age,
        "subject_age_source": age.source,
        "subject_address": data.subject_address,
        "subject_postcode": data.subject_postcode,
        "subject_institution": data.subject_institution,
        "subject_languages": data.subject_languages,
        "interpreter_needed": data.interpreter_needed,
        "other_children": data.other_children,
        "subject_knows": data.subject_knows,
        "family_knows": data.family_knows,
        "observed_signs": data.observed_signs,
        "narrative": data.narrative,
        "is_acute": data.is_acute,
        "plan": routing.plan,
        "target_group": routing.target_group,
        "receiving_unit": routing.unit,
        "receiving_contact": routing.contact_name,
        "routing_reason": routing.reason,
        "routed_by_fallback": routing.by_fallback,
    }


def _same_report(report: Report, data: ReportInput) -> bool:
    """Is `data` the report already saved (sent twice), judged by what the reporter wrote?"""
    return (
        report.narrative == data.narrative
        and report.subject_name == data.subject_name
        and report.reporter_name == data.reporter_name
        and report.other_children == data.other_children
        and report.is_acute == data.is_acute
        and (report.subject_cpr or "").replace("-", "") == "".join(c for c in data.subject_cpr if c.isdigit())
    )


def _attach(report: Report, upload) -> Attachment:
    """Store one file. Its type is detected from its bytes (the browser's declared type is never
    stored or sent back), and it is virus-scanned unless the form already found this very file
    clean: a caller that bypasses the form is scanned here, and an infected or unscannable file
    raises `scanning.ScanRefused`, which rolls the whole report back."""
    from beredskab.core import scanning

    scanning.scan_file(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        report=report,
        original_name=upload.name[:255],
        content_type=scanning.detect(upload).content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


def _enqueue_notification(report_id: int) -> None:
    from .tasks import notify_unit_of_report

    notify_unit_of_report.enqueue(report_id)
