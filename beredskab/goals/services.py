"""Writes of the goals app: the files asked for on the dashboard and made in the background.

`export_request` records the order (audited) and puts the job on the task queue after the
commit; `export_run` (the task, `beredskab.goals.tasks.make_export`) makes the file as the
requester, through the same selectors as a download on the spot (so the same rules: whole months,
counts below 5 suppressed and the rest rounded, the file's own audit event), and keeps it for
`GOALS_EXPORT_KEEP_HOURS`; `export_download` hands it to the requester only (audited). Expired
files are deleted whenever a new one is asked for or made (`exports_purge`) and never handed out.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskab.accounts.selectors import current_municipality_name
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.policies import lead_unit_ids
from beredskab.core.policies import PolicyDenied

from . import audit_actions, exports, selectors
from .forms import FiltersForm
from .models import STALLED_MESSAGE, ExportJob, ExportKind, ExportStatus, stall_after
from .policies import goals_policy
from .scope import Filters

logger = logging.getLogger("beredskab.jobs")
# A second click on the same button within this time gets the file already being made.
SAME_ORDER_SECONDS = 60


def keep_for() -> datetime.timedelta:
    return datetime.timedelta(hours=int(getattr(settings, "GOALS_EXPORT_KEEP_HOURS", 24)))


def exports_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete every export past its time (its file with it). Returns how many."""
    deleted, _detail = ExportJob.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def fail_stalled(*, now: datetime.datetime | None = None) -> int:
    """Fail every file waiting or being made since before `stall_after` (its worker was stopped
    or the queue lost it: it would say "being made" for good). Returns how many."""
    now = now or timezone.now()
    stalled = ExportJob.objects.filter(
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING], created_at__lte=now - stall_after()
    )
    failed = 0
    for pk, params in stalled.values_list("pk", "params"):  # a few at most, each in its own language
        with translation.override((params or {}).get("sprog") or settings.LANGUAGE_CODE):
            message = str(STALLED_MESSAGE)
        failed += stalled.filter(pk=pk).update(status=ExportStatus.FAILED, message=message, finished_at=now)
    return failed


@transaction.atomic
def export_request(*, actor, kind: str, filters: Filters | None = None, year: int | None = None) -> ExportJob:
    """Order a file (`ExportKind`) for the dashboard's `filters` (the council's report: `year`).
    PolicyDenied as the download on the spot would refuse it. The same order again within a
    minute, while the first is still waiting or being made, returns the first (a double click
    makes one file)."""
    if kind == ExportKind.STATISTICS:
        goals_policy.require(actor, "export_statistics", filters)
    else:
        goals_policy.require(actor, "view", filters)
    now = timezone.now()
    exports_purge(now=now)
    fail_stalled(now=now)
    params = {"year": year} if kind == ExportKind.COUNCIL else filters.as_query()
    # The file is written in the language of the page it was ordered on.
    params["sprog"] = translation.get_language() or settings.LANGUAGE_CODE
    same = ExportJob.objects.filter(
        requester=actor,
        kind=kind,
        params=params,
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
        created_at__gte=now - datetime.timedelta(seconds=SAME_ORDER_SECONDS),
    ).first()
    if same is not None:
        return same
    job = ExportJob.objects.create(
        requester=actor, kind=kind, params=params, created_at=now, expires_at=now + keep_for()
    )
    audit_record(
        actor=actor,
        action=audit_actions.EXPORT_REQUESTED,
        target=job,
        purpose=Purpose.REPORTING,
        new={"kind": kind, "params": params},
    )
    transaction.on_commit(lambda pk=str(job.pk): _enqueue(pk))
    return job


def _enqueue(job_id: str) -> None:
    from .tasks import make_export

    make_export.enqueue(job_id)


def _make(job: ExportJob) -> tuple[bytes, str, str]:
    """(content, content type, file name), made as the requester by the download's selectors."""
    user = job.requester
    if job.kind == ExportKind.COUNCIL:
        board = selectors.council_report(user=user, year=int(job.params["year"]))
        pdf = exports.council_pdf(board, request=None, municipality_name=current_municipality_name())
        return pdf, "application/pdf", exports.council_filename(int(job.params["year"]))
    form = FiltersForm(job.params)
    if not form.is_valid():
        raise ValueError("filters")
    if job.kind == ExportKind.STATISTICS:
        content, name = selectors.statistics_export(user=user, filters=form.filters())
        return content, "text/csv; charset=utf-8", name
    return selectors.export(user=user, filters=form.filters(), fmt=job.kind)


def _claim(job_id) -> ExportJob | None:
    """The waiting job, now marked running; None when it is not waiting (made, or being made by
    another worker) or has waited too long (`fail_stalled`: its requester was told it failed)."""
    fail_stalled()
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id, status=ExportStatus.QUEUED).first()
        if job is not None:
            job.status = ExportStatus.RUNNING
            job.save(update_fields=["status"])
        return job


def export_run(*, job_id) -> str:
    """Make the file of a waiting job (the task). Its status goes queued -> running -> ready, or
    failed with a message the requester can act on (logged by id and class only: no value)."""
    job = _claim(job_id)
    if job is None:
        return "skipped"
    try:
        with translation.override(job.params.get("sprog") or settings.LANGUAGE_CODE), transaction.atomic():
            content, content_type, filename = _make(job)
            now = timezone.now()
            ExportJob.objects.filter(pk=job.pk).update(
                params=_made_params(job),
                status=ExportStatus.READY,
                content=content,
                content_type=content_type,
                filename=filename,
                finished_at=now,
                expires_at=now + keep_for(),
            )
    except Exception as error:  # any failure: the job says "failed", the worker goes on
        logger.error("goals export %s failed: %s", job.pk, type(error).__name__)
        with translation.override(job.params.get("sprog") or settings.LANGUAGE_CODE):
            message = (
                _("Du har ikke længere adgang til disse tal.")
                if isinstance(error, PolicyDenied)
                else _("Filen kunne ikke laves. Prøv igen; sker det igen, så kontakt support.")
            )
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, message=message, finished_at=timezone.now()
        )
        return ExportStatus.FAILED
    exports_purge()
    return ExportStatus.READY


def _made_params(job: ExportJob) -> dict:
    """The job's params, with the units the Danmarks Statistik file's rows came from (the units
    its requester led when it was made: `selectors.statistics_export`)."""
    if job.kind != ExportKind.STATISTICS:
        return job.params
    return {**job.params, "ledte": sorted(lead_unit_ids(job.requester))}


def _require_fetch(actor, job: ExportJob) -> None:
    """The rule of the download on the spot, asked again when a made file is fetched: the
    dashboard's files for whoever still sees the dashboard; the Danmarks Statistik file (a row
    per report) only for a leader who still leads every unit its rows came from."""
    if job.kind != ExportKind.STATISTICS:
        goals_policy.require(actor, "view")
        return
    goals_policy.require(actor, "export_statistics")
    if not set(job.params.get("ledte", [])) <= set(lead_unit_ids(actor)):
        raise PolicyDenied(_("Du leder ikke længere alle de enheder, filen er fra."))


@transaction.atomic
def export_download(*, actor, job_id) -> ExportJob:
    """The ready file of a job the actor asked for, before its time is up (LookupError for any
    other: someone else's, not ready, expired or unknown; PolicyDenied when the actor may no
    longer have it, `_require_fetch`). The download is recorded."""
    job = ExportJob.objects.filter(
        pk=job_id, requester=actor, status=ExportStatus.READY, expires_at__gt=timezone.now()
    ).first()
    if job is None:
        raise LookupError(job_id)
    _require_fetch(actor, job)
    audit_record(
        actor=actor,
        action=audit_actions.EXPORT_DOWNLOADED,
        target=job,
        purpose=Purpose.REPORTING,
        new={"kind": job.kind, "params": job.params},
    )
    return job
