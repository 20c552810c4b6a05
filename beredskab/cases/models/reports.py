"""The reports a case holds, with their statutory clocks (the 24-hour assessment, receipt and
feedback to the reporter); a new report held for a child's existing case; the reminders sent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.fields import EncryptedTextField
from beredskab.intake.models import ReporterKind

from .case import Case, YesNoUnknown


class SendChannel(models.TextChoices):
    DIGITAL_POST = "digital_post", _("Digital Post")
    SECURE_EMAIL = "secure_email", _("Sikker e-mail")
    LETTER = "letter", _("Brev med posten")
    PHONE = "phone", _("Telefonisk")
    IN_PERSON = "in_person", _("Personligt")


class FeedbackOutcome(models.TextChoices):
    AFDAEKNING = "afdaekning", _("Der er iværksat en afdækning")
    INVESTIGATION = "investigation", _("Der er iværksat en børnefaglig undersøgelse")
    SUPPORT = "support", _("Der er iværksat støttende indsatser")
    NONE = "none", _("Der er ikke iværksat afdækning, undersøgelse eller støtte")


class UrgentAssessment(models.Model):
    """The assessment within 24 hours of receipt (barnets lov § 136): is the child's health or
    development in danger, and is acute action needed? It covers the case's reports that had
    no assessment when it was recorded."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="urgent_assessments")
    assessed_at = models.DateTimeField(_("vurderet"))
    assessed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    child_in_danger = models.CharField(
        _("Er barnets sundhed eller udvikling i fare?"), max_length=10, choices=YesNoUnknown.choices
    )
    acute_action_needed = models.BooleanField(_("Er der behov for akut handling?"))
    actions_taken = EncryptedTextField(_("akutte handlinger"), blank=True)
    reasons = EncryptedTextField(_("begrundelse"))

    class Meta:
        verbose_name = _("vurdering inden for 24 timer")
        verbose_name_plural = _("vurderinger inden for 24 timer")
        ordering = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.assessed_at:%Y-%m-%d %H:%M}"


class CaseReportManager(models.Manager):
    def link(self, *, case, report, added_at, added_by) -> "CaseReport":
        """Take `report` into `case`: the one writer of a CaseReport. Marks the report taken in
        (`intake.Report.taken_in`, what the queue reads) in the same transaction."""
        case_report = self.create(case=case, report=report, added_at=added_at, added_by=added_by)
        type(report).objects.filter(pk=report.pk).update(taken_in=True)
        report.taken_in = True
        return case_report


class CaseReport(models.Model):
    """A report taken into a case, with its own clocks: the 24-hour assessment, the receipt to
    a named reporter (6 working days) and the feedback to a professional reporter."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_reports")
    report = models.OneToOneField(
        "intake.Report", on_delete=models.PROTECT, related_name="case_link", verbose_name=_("underretning")
    )
    added_at = models.DateTimeField(_("tilknyttet"))
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    urgent_assessment = models.ForeignKey(
        UrgentAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="case_reports"
    )

    receipt_sent_on = models.DateField(_("kvittering sendt"), null=True, blank=True)
    receipt_channel = models.CharField(_("sendt som"), max_length=20, choices=SendChannel.choices, blank=True)
    receipt_recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    feedback_sent_on = models.DateField(_("tilbagemelding givet"), null=True, blank=True)
    feedback_outcome = models.CharField(_("tilbagemelding"), max_length=20, choices=FeedbackOutcome.choices, blank=True)
    feedback_channel = models.CharField(_("givet som"), max_length=20, choices=SendChannel.choices, blank=True)
    feedback_recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # In an NSK/ÆRK case the reporter's identity is withheld from the family by default
    # (cases.disclosure); a decision with a reason releases it.
    reporter_released_at = models.DateTimeField(_("indberetterens identitet frigivet"), null=True, blank=True)
    reporter_released_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reporter_release_reason = EncryptedTextField(_("begrundelse for frigivelse"), blank=True)
    # A receipt or feedback is still owed to the reporter (§ 137). Kept by `save()`, so the
    # deadlines page reads the few closed cases still owing a reply through a partial index
    # instead of computing the clocks of every closed case.
    replies_owed = models.BooleanField(default=False)

    objects = CaseReportManager()

    class Meta:
        verbose_name = _("underretning i sag")
        verbose_name_plural = _("underretninger i sager")
        ordering = ["report__received_at", "pk"]
        indexes = [
            models.Index(fields=["case"], condition=models.Q(replies_owed=True), name="casereport_owed_idx"),
            # The goals dashboard's reply counts join a period's reports to their links (see Report's).
            models.Index(
                fields=["report"],
                include=["case", "urgent_assessment", "receipt_sent_on", "feedback_sent_on"],
                name="casereport_report_cover_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.report_id}"

    def save(self, *args, **kwargs):
        self.replies_owed = (self.needs_receipt and self.receipt_sent_on is None) or (
            self.needs_feedback and self.feedback_sent_on is None
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "replies_owed"}
        super().save(*args, **kwargs)

    @property
    def needs_receipt(self) -> bool:
        """§ 137: every named reporter gets a receipt (built for all named reporters, not only
        professionals; see docs/domain.md)."""
        return not self.report.reporter_anonymous

    @property
    def needs_feedback(self) -> bool:
        return self.report.reporter_kind == ReporterKind.PROFESSIONAL and not self.report.reporter_anonymous


class ReportHold(models.Model):
    """A new report about a child or young person who has a protected or flagged case (found by
    CPR blind index, or name and birth date). It goes to that case's people, not the general
    queue, and can only be added to that case, or opened as a new case by a leader's decision
    with a reason, which then inherits the flag, the restrictions and the protection."""

    report = models.OneToOneField(
        "intake.Report", on_delete=models.PROTECT, related_name="hold", verbose_name=_("underretning")
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="held_reports", verbose_name=_("sag"))
    held_at = models.DateTimeField(_("tilbageholdt"))
    released_at = models.DateTimeField(_("frigivet til ny sag"), null=True, blank=True)
    released_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frigivet af"),
    )
    release_reason = EncryptedTextField(_("begrundelse for ny sag"), blank=True)

    class Meta:
        verbose_name = _("underretning om barn med sag")
        verbose_name_plural = _("underretninger om børn med sag")
        ordering = ["-held_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report_id} -> {self.case_id}"


class DeadlineReminder(models.Model):
    """A reminder sent about one clock, so the same deadline is never reminded twice."""

    clock_key = models.CharField(max_length=100, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    report = models.ForeignKey("intake.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField()
    sent_to = models.CharField(max_length=20, help_text="owner or unit inbox")

    class Meta:
        verbose_name = _("fristpåmindelse")
        verbose_name_plural = _("fristpåmindelser")

    def __str__(self) -> str:
        return self.clock_key
