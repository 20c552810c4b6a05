"""Retention: what is anonymised or deleted, and when (`manage.py apply_retention`).

- Children's case files are preserved (Rigsarkivet): cases and the reports in them are never
  anonymised or deleted automatically.
- Reports that never became a case (intake.Report that no higher app took in, see
  `intake.hooks.takes_reports`; cases registers the reports in a case): after
  RETENTION["rejected_reports_days"] the personal data is blanked (every encrypted field, the
  CPR blind index, the birth date, the observed signs); the reference, the dates, the unit, the
  routing, the channel, the age and the acute mark stay for statistics. The report row is kept
  (attachments point to it with on_delete=PROTECT, and the reference stays meaningful).
- Attachments of such reports: after RETENTION["attachments_days"] the file and the row are deleted.
- Adult cases (`cases.Case.track == "adults"`, serviceloven): RETENTION["adult_cases_days"],
  default None = kept until the municipality sets a period. A set period is applied by the
  cases layer (`beredskab.cases.retention`, `manage.py apply_adult_case_retention`), which
  reaches every record on the case; this module may not import it.
- Staff forms' one-time tokens (ids and a keyed digest): after 30 days.
- The audit log is never deleted: Danish practice keeps such logs at least 6 months, and the
  hash chain must stay verifiable (`manage.py audit_verify`), so no event is ever removed.

Each batch runs in its own transaction and writes one audit event per report or attachment
(ids and references only). Each report and attachment is handled on its own (a savepoint): one
that fails is rolled back, logged by id and counted (beredskab.core.jobs), and the others go on.
Which reports are already anonymised is read from those events.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from beredskab.audit.models import AuditEvent
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.core import submissions
from beredskab.core.jobs import JobRun

from . import audit_actions
from .hooks import kept_reports
from .models import Attachment, Report

DEFAULTS = {"rejected_reports_days": 365 * 2, "attachments_days": 365, "adult_cases_days": None}
BATCH_SIZE = 200

ENCRYPTED_REPORT_FIELDS = (
    "reporter_name",
    "reporter_organisation",
    "reporter_role",
    "reporter_phone",
    "reporter_email",
    "subject_name",
    "subject_cpr",
    "subject_address",
    "subject_institution",
    "other_children",
    "narrative",
)


def retention_days(category: str) -> int | None:
    value = {**DEFAULTS, **getattr(settings, "RETENTION", {})}.get(category)
    return None if value is None else int(value)


def _cutoff(category: str, now) -> datetime.datetime | None:
    days = retention_days(category)
    return None if days is None else now - datetime.timedelta(days=days)


def _anonymised_report_ids() -> set[int]:
    return {
        int(pk)
        for pk in AuditEvent.objects.filter(
            action=audit_actions.REPORT_ANONYMISED.name, target_type="intake.report"
        ).values_list("target_id", flat=True)
    }


@dataclass
class Plan:
    reports: list = field(default_factory=list)  # (pk, reference)
    attachments: list = field(default_factory=list)  # (pk, report reference)


def _taken():
    """The reports a higher app has taken in or keeps (cases: those in a case or held for one;
    intake.hooks), as a subquery."""
    return Report.objects.filter(kept_reports()).values("pk")


def retention_plan(*, now=None) -> Plan:
    """What would go now. Reports in a case are never touched."""

    now = now or timezone.now()
    plan = Plan()
    cutoff = _cutoff("rejected_reports_days", now)
    if cutoff is not None:
        done = _anonymised_report_ids()
        for pk, reference in (
            Report.objects.filter(received_at__lt=cutoff)
            .exclude(kept_reports())
            .order_by("pk")
            .values_list("pk", "reference")
        ):
            if pk not in done:
                plan.reports.append((pk, reference))
    cutoff = _cutoff("attachments_days", now)
    if cutoff is not None:
        plan.attachments = list(
            Attachment.objects.filter(report__received_at__lt=cutoff)
            .exclude(report__in=_taken())
            .order_by("pk")
            .values_list("pk", "report__reference")
        )
    return plan


@transaction.atomic
def _anonymise_reports(ids: list[int], run: JobRun) -> int:

    count = 0
    reports = Report.objects.select_for_update(of=("self",)).filter(pk__in=ids).exclude(kept_reports())
    for report in run.rows(reports, "report"):
        with run.item("report", report.pk), transaction.atomic():
            _anonymise(report)
            count += 1
    return count


def _anonymise(report) -> None:
    for name in ENCRYPTED_REPORT_FIELDS:
        setattr(report, name, "")
    report.subject_cpr_index = ""
    report.subject_birth_date = None
    report.observed_signs = []
    report.save(update_fields=[*ENCRYPTED_REPORT_FIELDS, "subject_cpr_index", "subject_birth_date", "observed_signs"])
    audit_record(
        actor=None,
        action=audit_actions.REPORT_ANONYMISED,
        target=report,
        purpose=Purpose.ADMINISTRATION,
        new={"reference": report.reference, "rule": "rejected_reports_days"},
    )


@transaction.atomic
def _delete_attachments(ids: list[int], run: JobRun) -> int:

    count = 0
    attachments = (
        Attachment.objects.select_for_update(of=("self",))
        .select_related("report")
        .filter(pk__in=ids)
        .exclude(report__in=_taken())
    )
    for attachment in run.rows(attachments, "attachment"):
        with run.item("attachment", attachment.pk), transaction.atomic():
            audit_record(
                actor=None,
                action=audit_actions.ATTACHMENT_DELETED,
                target=attachment,
                purpose=Purpose.ADMINISTRATION,
                new={"report": attachment.report.reference, "rule": "attachments_days"},
            )
            stored = attachment.file.name
            storage = attachment.file.storage
            attachment.delete()
            transaction.on_commit(lambda name=stored, s=storage: s.delete(name))  # the file goes once the row has
            count += 1
    return count


def apply_retention(*, now=None, batch_size: int = BATCH_SIZE, run: JobRun | None = None) -> dict[str, int]:
    """Anonymise and delete what `retention_plan` names; returns the counts done. Without a
    `run` of the caller's, JobFailed is raised at the end when an item failed."""
    own_run = run is None
    run = run or JobRun("apply_retention")
    plan = retention_plan(now=now)
    done = {"reports": 0, "attachments": 0}
    attachment_ids = [pk for pk, _ref in plan.attachments]
    for start in range(0, len(attachment_ids), batch_size):
        done["attachments"] += _delete_attachments(attachment_ids[start : start + batch_size], run)
    report_ids = [pk for pk, _ref in plan.reports]
    for start in range(0, len(report_ids), batch_size):
        done["reports"] += _anonymise_reports(report_ids[start : start + batch_size], run)
    with run.item("one-time form tokens", "older than the limit"):
        submissions.expired_tokens_delete(now=now or timezone.now())
    if own_run:
        run.finish()
    return done
