"""What the plan's implementation keeps: the revision reminders sent, the dissemination of a
version to units with the employees' acknowledgements, training activities and the roles that
must be trained, and the staff library and network meetings (knowledge sharing).

None of it holds data about citizens. Acknowledgements and training participation are about
employees; who in a unit has not acknowledged is shown to that unit's leaders only
(`policies.may_see_missing`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.roles import Role
from beredskab.core.storage import encrypted_storage


class Threshold(models.TextChoices):
    """When the coordinators are reminded of the revision deadline (barnets lov § 15, stk. 3)."""

    MONTHS_12 = "12m", _("12 måneder før fristen")
    MONTHS_6 = "6m", _("6 måneder før fristen")
    MONTHS_1 = "1m", _("1 måned før fristen")
    PASSED = "passed", _("Fristen er overskredet")


class RevisionReminder(models.Model):
    """One reminder of one version's revision deadline at one threshold: made once (the unique
    constraint), it is both the job's memory and the notice on the coordinator's start page. A
    threshold passed while an earlier one was due is `superseded` (recorded, not mailed)."""

    plan = models.ForeignKey("plan.Plan", on_delete=models.CASCADE, related_name="+", verbose_name=_("plan"))
    threshold = models.CharField(_("tidspunkt"), max_length=10, choices=Threshold.choices)
    due_on = models.DateField(_("revisionsfrist"))
    created_at = models.DateTimeField(_("sendt"))
    recipients = models.PositiveIntegerField(_("modtagere"), default=0)
    superseded = models.BooleanField(_("overhalet af en senere påmindelse"), default=False)

    class Meta:
        verbose_name = _("påmindelse om revision")
        verbose_name_plural = _("påmindelser om revision")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "threshold"], name="revision_reminder_once")]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.threshold}"


class UnitDissemination(models.Model):
    """A version of the plan sent to one unit by the coordinator: its employees are asked to
    acknowledge it."""

    plan = models.ForeignKey("plan.Plan", on_delete=models.CASCADE, related_name="+", verbose_name=_("plan"))
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("enhed"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sendt af")
    )
    sent_at = models.DateTimeField(_("sendt"))

    class Meta:
        verbose_name = _("formidling")
        verbose_name_plural = _("formidlinger")
        ordering = ["unit__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="dissemination_once_per_unit")]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.unit_id}"


class Acknowledgement(models.Model):
    """ "Jeg har læst planen og ved, hvem jeg skal kontakte": one per employee and version."""

    plan = models.ForeignKey("plan.Plan", on_delete=models.CASCADE, related_name="+", verbose_name=_("plan"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("medarbejder")
    )
    acknowledged_at = models.DateTimeField(_("kvitteret"))

    class Meta:
        verbose_name = _("kvittering for læst plan")
        verbose_name_plural = _("kvitteringer for læst plan")
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="acknowledgement_once")]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.user_id}"


class ActivityKind(models.TextChoices):
    """The kinds of training the plan names (Ishøj 2024, afsnit 4, "Opkvalificering")."""

    COURSE = "course", _("Kursus")
    THEME_DAY = "theme_day", _("Temadag")
    NETWORK_MEETING = "network_meeting", _("Netværksmøde")
    WEBINAR = "webinar", _("Webinar")
    WORKSHOP = "workshop", _("Workshop")


class TrainingActivity(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    organiser = models.CharField(_("arrangør"), max_length=200, help_text=_("Fx SIRI."))
    held_on = models.DateField(_("dato"))
    hours = models.DecimalField(_("timer"), max_digits=4, decimal_places=1)
    audience = models.CharField(_("målgruppe"), max_length=300, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("deltagere")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registreret af")
    )
    recorded_at = models.DateTimeField(_("registreret"))

    class Meta:
        verbose_name = _("opkvalificering")
        verbose_name_plural = _("opkvalificeringer")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class TrainingRequirement(models.Model):
    """A role whose holders must be trained (configurable by the coordinator; the plan names key
    employees, child and youth counsellors and frontline staff)."""

    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices, unique=True)

    class Meta:
        verbose_name = _("krav om opkvalificering")
        verbose_name_plural = _("krav om opkvalificering")
        ordering = ["role"]

    def __str__(self) -> str:
        return self.role


class ResourceKind(models.TextChoices):
    PLAN = "plan", _("Beredskabsplanen")
    ACTION_CARD = "action_card", _("Action cards")
    NATIONAL = "national", _("National vejledning")
    LOCAL = "local", _("Lokal procedure")
    TRAINING = "training", _("Undervisningsmateriale")


def _resource_path(instance, filename: str) -> str:
    return "implementation/library/resource"  # the storage adds a random suffix; the real name is a field


class Resource(models.Model):
    """A piece of guidance in the staff library: a link or a (virus-scanned) file, with an owner
    who keeps it up to date by its review date."""

    kind = models.CharField(_("type"), max_length=20, choices=ResourceKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("fil"), upload_to=_resource_path, storage=encrypted_storage, blank=True)
    file_name = models.CharField(_("filnavn"), max_length=255, blank=True)
    content_type = models.CharField(_("filtype"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarlig")
    )
    review_on = models.DateField(_("gennemgås senest"))
    review_reminded_for = models.DateField(
        _("ansvarlig mindet om gennemgangen"), null=True, blank=True, editable=False
    )  # the review date the owner was mailed about: once per date (`review.library_reviews_remind`)
    added_at = models.DateTimeField(_("tilføjet"))

    class Meta:
        verbose_name = _("vejledning")
        verbose_name_plural = _("vejledninger")
        ordering = ["kind", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class NetworkMeeting(models.Model):
    """A cross-centre network meeting: date, centres present, themes. No personal data."""

    held_on = models.DateField(_("dato"))
    centres = models.ManyToManyField("accounts.Centre", related_name="+", verbose_name=_("centre til stede"))
    themes = models.TextField(_("temaer"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registreret af")
    )
    recorded_at = models.DateTimeField(_("registreret"))

    class Meta:
        verbose_name = _("netværksmøde")
        verbose_name_plural = _("netværksmøder")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return str(self.held_on)
