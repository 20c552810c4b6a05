"""The plan's external partners, its prevention levels, and its goals with their activities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .plan import Plan
from .unconfirmed import UnconfirmedFactsMixin


class Partner(UnconfirmedFactsMixin):
    """An external partner and what the plan uses it for."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Politi")
        SECURITY_CONSULTANT = "security_consultant", _("Sikkerhedskonsulent (SIRI)")
        VISO = "viso", _("VISO")
        AUTHORITY = "authority", _("Anden myndighed")
        CIVIL_SOCIETY = "civil_society", _("Civilsamfundsorganisation")
        OTHER = "other", _("Anden")

    FACT_FIELDS = ("phone", "email", "url")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="partners")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    code = models.SlugField(_("kode"))
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("navn"), max_length=300)
    purpose = models.TextField(_("bruges til"))
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    url = models.URLField(_("webadresse"), blank=True)
    legal_reference = models.CharField(_("hjemmel"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("samarbejdspartner")
        verbose_name_plural = _("samarbejdspartnere")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_partner_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_purpose(self):
        """What the plan uses the partner for, in the reader's language (`localized.partner_purpose`)."""
        from ..localized import partner_purpose  # localized reads these models

        return partner_purpose(self.plan, self)


class PreventionLevel(models.Model):
    class Level(models.TextChoices):
        PRIMARY = "primary", _("Primær")
        SECONDARY = "secondary", _("Sekundær")
        TERTIARY = "tertiary", _("Tertiær")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="prevention_levels")
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    triangle_label = models.CharField(_("tekst i forebyggelsestrekanten"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("forebyggelsesniveau")
        verbose_name_plural = _("forebyggelsesniveauer")
        ordering = ["plan", "level"]
        constraints = [models.UniqueConstraint(fields=["plan", "level"], name="plan_prevention_level_unique")]

    def __str__(self) -> str:
        return self.name

    LEVEL_ORDER = ("primary", "secondary", "tertiary")

    @property
    def rank(self) -> int:
        return self.LEVEL_ORDER.index(self.level)


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    code = models.SlugField(_("kode"))
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    period = models.CharField(_("periode"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_goal_unique")]

    def __str__(self) -> str:
        return self.title


class GoalActivity(models.Model):
    class Kind(models.TextChoices):
        ACTION_CARDS = "action_cards", _("Action cards")
        UPSKILLING = "upskilling", _("Opkvalificering")
        DISSEMINATION = "dissemination", _("Formidling")
        COLLABORATION = "collaboration", _("Samarbejde")
        OTHER = "other", _("Andet")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    audience = models.CharField(_("for hvem"), max_length=300, blank=True)
    formats = models.JSONField(_("former"), default=list, blank=True, help_text=_("Fx kurser, temadage, webinarer."))
    due = models.CharField(_("tidsplan"), max_length=100, blank=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("i samarbejde med")
    )

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title
