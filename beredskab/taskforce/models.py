"""The adult taskforce's roster (key employees, backups, absences) and who owns each adult
inquiry from the moment it arrives (`Assignment`, with the rule used and why)."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RosterRole(models.TextChoices):
    KEY = "key", _("Nøglemedarbejder")
    BACKUP = "backup", _("Bagvagt")


class RosterMember(models.Model):
    """A person on a unit's taskforce roster."""

    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhed"))
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="taskforce_memberships", verbose_name=_("medarbejder")
    )
    role = models.CharField(_("rolle i taskforcen"), max_length=10, choices=RosterRole.choices)
    added_at = models.DateTimeField(_("tilføjet"), default=timezone.now)

    class Meta:
        verbose_name = _("medlem af vagtplanen")
        verbose_name_plural = _("medlemmer af vagtplanen")
        ordering = ["role", "user__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="taskforce_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class AbsenceKind(models.TextChoices):
    HOLIDAY = "holiday", _("Ferie")
    SICKNESS = "sickness", _("Sygdom")
    COURSE = "course", _("Kursus")


class Absence(models.Model):
    """A roster member away from and to a date (both inclusive)."""

    member = models.ForeignKey(RosterMember, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("fravær"), max_length=10, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("fra og med"))
    ends_on = models.DateField(_("til og med"))
    created_at = models.DateTimeField(_("registreret"), default=timezone.now)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("fravær")
        verbose_name_plural = _("fravær")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="taskforce_absence_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}–{self.ends_on}"


class AssignmentRule(models.TextChoices):
    KEY = "key", _("Nøglemedarbejder efter tur")
    BACKUP = "backup", _("Bagvagt")
    LEADER = "leader", _("Enhedens leder")
    NOBODY = "nobody", _("Ingen til rådighed")
    MANUAL = "manual", _("Fordelt af leder")


class Assignment(models.Model):
    """Who owns an adult inquiry (a report to an adults unit) from its arrival until a case is
    opened (the case's owner then follows it). `reason` is the system's own Danish sentence:
    no names, no free text."""

    report = models.OneToOneField(
        "intake.Report", on_delete=models.CASCADE, related_name="taskforce_assignment", verbose_name=_("henvendelse")
    )
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ejer")
    )
    rule = models.CharField(_("regel"), max_length=10, choices=AssignmentRule.choices)
    reason = models.CharField(_("begrundelse"), max_length=300)
    assigned_at = models.DateTimeField(_("fordelt"))
    assigned_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("fordeling")
        verbose_name_plural = _("fordelinger")
        indexes = [models.Index(fields=["unit", "owner"], name="taskforce_assignment_owner_idx")]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.get_rule_display()}"


class OwnerFlag(models.Model):
    """An open inquiry found without an available owner by the periodic check
    (`manage.py taskforce_check_owners`): the leader is told once per inquiry and owner."""

    key = models.CharField(max_length=80, unique=True)  # "report:<id>:<owner id>" or "case:<id>:<owner id>"
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey("intake.Report", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    flagged_at = models.DateTimeField()
    notified = models.CharField(max_length=20, blank=True)  # "leader", "unit_inbox" or ""

    class Meta:
        verbose_name = _("markering af henvendelse uden ejer")
        verbose_name_plural = _("markeringer af henvendelser uden ejer")

    def __str__(self) -> str:
        return self.key
