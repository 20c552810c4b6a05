"""An export asked for on the dashboard and made in the background (`beredskab.goals.tasks`).

The file holds counts and labels only (the dashboard's tables, the council's report) or, for
Danmarks Statistik, one coded row per report without a name, CPR number or free text. It is kept
in the database (the app servers hold no state) for `GOALS_EXPORT_KEEP_HOURS`, for the person who
asked for it only (`beredskab.goals.services.export_download`), and deleted after that.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STALLED_MESSAGE = _("Filen blev ikke færdig. Bestil den igen.")


def stall_after() -> datetime.timedelta:
    """How long after the order a file not yet made is given up (the worker making it was
    stopped, or the queue lost it): `GOALS_EXPORT_STALL_MINUTES`."""
    return datetime.timedelta(minutes=int(getattr(settings, "GOALS_EXPORT_STALL_MINUTES", 30)))


class ExportKind(models.TextChoices):
    XLSX = "xlsx", _("Tabellerne som regneark (XLSX)")
    CSV = "csv", _("Tabellerne som CSV")
    COUNCIL = "council", _("Årsrapport til byrådet (PDF)")
    STATISTICS = "statistics", _("Underretninger til Danmarks Statistik (CSV)")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Laves nu")
    READY = "ready", _("Klar")
    FAILED = "failed", _("Fejlet")


class ExportJob(models.Model):
    # A random id: the address of the status page and the download names no person, and cannot
    # be counted through.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("bestilt af")
    )
    kind = models.CharField(_("fil"), max_length=20, choices=ExportKind.choices)
    # The dashboard's filters as its GET parameters (dates, a unit id, a track) or {"year": n}.
    params = models.JSONField(_("valg"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    message = models.CharField(_("besked"), max_length=300, blank=True)
    content = models.BinaryField(_("indhold"), null=True, blank=True, editable=False)
    filename = models.CharField(_("filnavn"), max_length=200, blank=True)
    content_type = models.CharField(_("filtype"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("bestilt"))
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)
    expires_at = models.DateTimeField(_("slettes"))

    class Meta:
        verbose_name = _("eksport")
        verbose_name_plural = _("eksporter")
        indexes = [models.Index(fields=["requester", "created_at"]), models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def stalled(self) -> bool:
        """Waiting or being made for longer than `stall_after`: it will not be made (a stopped
        worker leaves it "running" for good), so it is shown as failed (and failed at the next
        order, `beredskab.goals.services.fail_stalled`)."""
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING) and (
            self.created_at <= timezone.now() - stall_after()
        )

    @property
    def pending(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING) and not self.stalled

    @property
    def status_label(self) -> str:
        return str(ExportStatus.FAILED.label if self.stalled else self.get_status_display())

    @property
    def failure(self) -> str:
        return str(STALLED_MESSAGE) if self.stalled else self.message
