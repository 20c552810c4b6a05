"""The age bands the plan treats in its own way, and what it says about each: advice and
districts, warning signs, the procedure and the duty to report per audience."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .contacts import ContactUnit
from .partners import Partner
from .plan import Plan
from .unconfirmed import UnconfirmedFactsMixin


class TargetGroup(models.Model):
    """An age band the plan treats in its own way (ages inclusive; no max = no upper limit)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="target_groups")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    code = models.SlugField(_("kode"))
    name = models.CharField(_("navn"), max_length=200)
    min_age = models.PositiveSmallIntegerField(_("fra alder"), default=0)
    max_age = models.PositiveSmallIntegerField(_("til og med alder"), null=True, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    receiving_unit = models.ForeignKey(
        ContactUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("modtagende enhed")
    )
    front_desk = models.ForeignKey(
        ContactUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("indgang")
    )
    out_of_hours = models.ForeignKey(
        ContactUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uden for åbningstid"),
    )
    other_out_of_hours = models.JSONField(
        _("andre kontakter uden for åbningstid"),
        default=list,
        blank=True,
        help_text=_("Koder på enheder, man også kan kontakte uden for åbningstid (planens 'eller')."),
    )
    procedure_title = models.CharField(_("procedurens titel"), max_length=300, blank=True)
    procedure_intro = models.TextField(_("indledning til procedure"), blank=True)

    class Meta:
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plan_target_group_unique"),
            models.CheckConstraint(
                condition=models.Q(max_age__isnull=True) | models.Q(max_age__gte=models.F("min_age")),
                name="plan_target_group_ages",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self):
        """The name in the reader's language (`localized.group_name`): a `Localized`, marked "da"
        when the plan has no translation."""
        from ..localized import group_name  # localized reads these models

        return group_name(self.plan, self)

    def contains_age(self, age: int) -> bool:
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)

    @property
    def age_label(self) -> str:
        if self.max_age is None:
            return _("alle aldre") if self.min_age == 0 else _("%(min)s år og derover") % {"min": self.min_age}
        return _("%(min)s-%(max)s år") % {"min": self.min_age, "max": self.max_age}


class TargetGroupAdvice(models.Model):
    """A contact that advises on this target group; `required_before_report` makes it a step
    that comes before the report (e.g. SSP or a security consultant)."""

    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="advice")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    unit = models.ForeignKey(ContactUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("enhed"))
    required_before_report = models.BooleanField(_("skal kontaktes før underretning"), default=False)
    one_of_group = models.PositiveSmallIntegerField(
        _("én af flere"),
        default=0,
        help_text=_("Rækker med samme tal (over 0) er alternativer: planen beder om kontakt til én af dem."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("sparring")
        verbose_name_plural = _("sparring")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return str(self.unit)


class District(UnconfirmedFactsMixin):
    """Routes a target group to a district unit by the person's postcode (the postcodes may be
    unconfirmed: the plan names the districts but not their postcodes)."""

    FACT_FIELDS = ("postcodes",)

    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="districts")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    name = models.CharField(_("navn"), max_length=200, blank=True)
    unit = models.ForeignKey(ContactUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("enhed"))
    postcodes = models.JSONField(_("postnumre"), default=list)

    class Meta:
        verbose_name = _("distrikt")
        verbose_name_plural = _("distrikter")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name or str(self.unit)


class Audience(models.TextChoices):
    PROFESSIONAL = "professional", _("Fagperson")
    CITIZEN = "citizen", _("Borger")
    SELF = "self", _("Den berørte selv")


class Duty(models.TextChoices):
    HEIGHTENED = "heightened", _("Skærpet underretningspligt")
    GENERAL = "general", _("Almindelig underretningspligt")
    NONE = "none", _("Ingen underretningspligt")


class PlanReader(models.Model):
    """A reader the plan writes to besides professionals, citizens and the person concerned, e.g.
    "Fagperson i skole eller dagtilbud" and "Sagsbehandler": the guide offers them in "Hvem er
    du?", and a target group can have a procedure (and action card) for each."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="readers")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    code = models.SlugField(_("kode"))
    name = models.CharField(_("navn"), max_length=200, help_text=_("Fx 'Jeg er sagsbehandler'."))
    audience = models.CharField(_("underretter som"), max_length=20, choices=Audience.choices)

    class Meta:
        verbose_name = _("læser")
        verbose_name_plural = _("læsere")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_reader_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self):
        """The name ("Jeg er sagsbehandler") in the reader's language (`localized.reader_name`):
        a `Localized`, marked "da" when the plan has no translation."""
        from ..localized import reader_name  # localized reads these models

        return reader_name(self.plan, self)


class ReaderProcedure(models.Model):
    """A target group's procedure for one reader (the case worker's steps differ from a
    teacher's). `steps` are {text, legal_reference, as_needed, before_involving_family}."""

    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="reader_procedures")
    reader = models.ForeignKey(PlanReader, on_delete=models.CASCADE, related_name="+", verbose_name=_("læser"))
    title = models.CharField(_("titel"), max_length=300, blank=True)
    intro = models.TextField(_("indledning"), blank=True)
    steps = models.JSONField(_("skridt"), default=list)

    class Meta:
        verbose_name = _("procedure for en læser")
        verbose_name_plural = _("procedurer for læsere")
        constraints = [models.UniqueConstraint(fields=["target_group", "reader"], name="plan_reader_procedure_unique")]

    def __str__(self) -> str:
        return f"{self.target_group}: {self.reader}"


class SignGroup(models.Model):
    """Warning signs the plan gives for an age band of its own, which need not match the target
    groups (signs for three age groups, steps for two)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sign_groups")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    name = models.CharField(_("navn"), max_length=200)
    min_age = models.PositiveSmallIntegerField(_("fra alder"), default=0)
    max_age = models.PositiveSmallIntegerField(_("til og med alder"), null=True, blank=True)
    signs = models.JSONField(_("tegn"), default=list)

    class Meta:
        verbose_name = _("gruppe af bekymringstegn")
        verbose_name_plural = _("grupper af bekymringstegn")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def overlaps(self, low: int, high: int | None) -> bool:
        return (high is None or self.min_age <= high) and (self.max_age is None or self.max_age >= low)


class WarningSign(models.Model):
    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="warning_signs")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    text = models.TextField(_("tegn"))

    class Meta:
        verbose_name = _("bekymringstegn")
        verbose_name_plural = _("bekymringstegn")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ProcedureStep(models.Model):
    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="procedure_steps")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    text = models.TextField(_("skridt"))
    legal_reference = models.CharField(_("hjemmel"), max_length=200, blank=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("partner")
    )
    as_needed = models.BooleanField(_("efter behov"), default=False)
    before_involving_family = models.BooleanField(
        _("før forældre og netværk inddrages"),
        default=False,
        help_text=_("Skridtet skal ske, før forældre eller netværk inddrages (risikoporten)."),
    )
    involves_family = models.BooleanField(
        _("inddrager forældre eller netværk"),
        default=False,
        help_text=_("Fx mægling, som altid inddrager forældrene: risikoporten gælder."),
    )
    precondition = models.TextField(_("forudsætning"), blank=True)

    class Meta:
        verbose_name = _("procedureskridt")
        verbose_name_plural = _("procedureskridt")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class DutyToReport(UnconfirmedFactsMixin):
    """What one audience must (or may) do about one target group, and where to get sparring."""

    FACT_FIELDS = ("legal_reference",)

    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="duties")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    audience = models.CharField(_("målgruppe for teksten"), max_length=20, choices=Audience.choices)
    duty = models.CharField(_("pligt"), max_length=20, choices=Duty.choices)
    text = models.TextField(_("tekst"))
    legal_reference = models.CharField(_("hjemmel"), max_length=200, blank=True)
    anonymous_allowed = models.BooleanField(_("kan være anonym"), default=False)
    sparring_unit = models.ForeignKey(
        ContactUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sparring")
    )

    class Meta:
        verbose_name = _("underretningspligt")
        verbose_name_plural = _("underretningspligt")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["target_group", "audience"], name="plan_duty_unique")]

    def __str__(self) -> str:
        return f"{self.target_group}: {self.get_audience_display()}"
