"""The preparedness plan as data.

A `Plan` is one version of one municipality's plan. Everything in it hangs off the plan
(centres, contact units with opening hours, target groups with warning signs, procedures and
duty-to-report texts, partners, definitions, prevention levels, goals), so a version can be
copied, compared, adopted and archived as a whole. Plans hold no personal data: only the
official contact points of public bodies and organisations.

Facts the plan text does not state (e.g. opening hours) can be stored with an "unconfirmed"
note (`unconfirmed` maps a field name to the note). Staff pages show them as "ikke bekræftet"
until the plan coordinator confirms them (`services.plan_fact_confirm`).
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .vocabulary import DEFAULT_TERMS, TOPICS

REVISION_YEARS = 4  # barnets lov § 15, stk. 3: revised at least every 4 years


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def latest_revision_due(adopted_on: datetime.date) -> datetime.date:
    return add_years(adopted_on, REVISION_YEARS)


class UnconfirmedFactsMixin(models.Model):
    """`unconfirmed` maps a field name in FACT_FIELDS to the note saying why it is not confirmed."""

    FACT_FIELDS: tuple[str, ...] = ()

    unconfirmed = models.JSONField(_("ikke bekræftede oplysninger"), default=dict, blank=True)

    class Meta:
        abstract = True

    def is_unconfirmed(self, field: str) -> bool:
        return field in (self.unconfirmed or {})

    def unconfirmed_note(self, field: str) -> str:
        return (self.unconfirmed or {}).get(field, "")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Udkast")
    ADOPTED = "adopted", _("Vedtaget")
    ARCHIVED = "archived", _("Arkiveret")


class Plan(UnconfirmedFactsMixin):
    FACT_FIELDS = ("adopted_by", "adopted_on", "published_on", "revision_due", "closure_days")

    municipality_code = models.SlugField(_("kommunekode"))
    municipality_name = models.CharField(_("kommune"), max_length=200)
    title = models.CharField(_("titel"), max_length=300)
    version_label = models.CharField(_("version"), max_length=60)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    source = models.CharField(_("kilde"), max_length=500, blank=True, help_text=_("Hvor planens tekst stammer fra."))
    introduction = models.TextField(_("indledning"), blank=True)
    scope_text = models.TextField(_("hvem planen henvender sig til"), blank=True)
    purpose_text = models.TextField(_("formål"), blank=True)
    topics = models.JSONField(_("emner"), default=list, blank=True, help_text=_("nsk, aerk og evt. extremism"))
    target_group_text = models.TextField(_("målgruppe"), blank=True)
    organisation_text = models.TextField(_("organisering og samarbejde"), blank=True)
    contact_text = models.TextField(_("indledning til kontaktoplysninger"), blank=True)
    signs_intro = models.TextField(_("indledning til bekymringstegn"), blank=True)
    signs_note = models.TextField(
        _("note om bekymringstegn"), blank=True, help_text=_("Fx at listen ikke er udtømmende.")
    )
    signs_source = models.CharField(_("kilde til bekymringstegn"), max_length=300, blank=True)

    adopted_by = models.CharField(_("vedtaget af"), max_length=200, blank=True, help_text=_("Fx Ishøj Byråd."))
    adopted_on = models.DateField(_("vedtaget den"), null=True, blank=True)
    published_on = models.DateField(_("offentliggjort den"), null=True, blank=True)
    political_responsibility = models.TextField(_("politisk ansvar"), blank=True)
    revision_due = models.DateField(
        _("næste revision senest"), null=True, blank=True, help_text=_("Senest 4 år efter vedtagelsen.")
    )
    revision_responsible = models.CharField(_("ansvarlig for revision"), max_length=300, blank=True)
    coordination_responsible = models.CharField(
        _("ansvarlig for koordinering og opfølgning"), max_length=300, blank=True
    )
    revision_note = models.TextField(_("note om revision"), blank=True)

    unknown_age_goes_to = models.ForeignKey(
        "TargetGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ukendt alder hører til"),
    )
    default_out_of_hours = models.ForeignKey(
        "ContactUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontakt uden for åbningstid"),
    )

    acute_intro = models.TextField(_("indledning til akutte skridt"), blank=True)
    emergency_name = models.CharField(_("alarmkontakt"), max_length=200, default="Politiet")
    emergency_phone = models.CharField(_("alarmnummer"), max_length=30, default="112")
    emergency_instruction = models.CharField(_("instruks ved akut fare"), max_length=300, blank=True)

    prevention_intro = models.TextField(_("indledning til forebyggelse"), blank=True)
    prevention_source = models.CharField(_("kilde til forebyggelsestrekanten"), max_length=300, blank=True)
    dissemination_text = models.TextField(_("formidling af planen"), blank=True)
    dissemination_channels = models.JSONField(_("formidlingskanaler"), default=list, blank=True)
    implementation_text = models.TextField(_("samarbejde om implementering"), blank=True)

    derived_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("kopieret fra")
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    archived_at = models.DateTimeField(_("arkiveret"), null=True, blank=True)

    class Meta:
        verbose_name = _("beredskabsplan")
        verbose_name_plural = _("beredskabsplaner")
        ordering = ["municipality_code", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality_code", "version_label"], name="plan_version_unique"),
            # Exactly one version in force per municipality.
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=models.Q(status="adopted"),
                name="plan_one_adopted_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_name} {self.version_label} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("plan:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_in_force(self) -> bool:
        return self.status == PlanStatus.ADOPTED

    @property
    def revision_due_latest(self) -> datetime.date | None:
        return latest_revision_due(self.adopted_on) if self.adopted_on else None

    def term(self, key: str) -> str:
        """The municipality's own word for a thing (see `vocabulary.DEFAULT_TERMS`)."""
        if key not in DEFAULT_TERMS:
            raise KeyError(f"Unknown term {key!r}")
        return self.terms_map.get(key, DEFAULT_TERMS[key])

    @cached_property
    def terms_map(self) -> dict[str, str]:
        return {t.key: t.word for t in self.terms.all()}

    @property
    def topic_labels(self) -> list[str]:
        return [TOPICS.get(t, t) for t in self.topics]

    def target_groups_for_choice(self) -> list["TargetGroupChoice"]:
        """What a guide or form offers to choose from: each age band, then "Ukendt alder"."""
        groups = list(self.target_groups.order_by("min_age", "order"))
        choices = [TargetGroupChoice(value=g.code, label=g.name, target_group=g, age_unknown=False) for g in groups]
        unknown = self.group_for_unknown_age(groups)
        if unknown is not None:
            choices.append(
                TargetGroupChoice(
                    value=UNKNOWN_AGE_CHOICE, label=str(_("Ukendt alder")), target_group=unknown, age_unknown=True
                )
            )
        return choices

    def group_for_unknown_age(self, groups: list["TargetGroup"] | None = None) -> "TargetGroup | None":
        if self.unknown_age_goes_to_id:
            return self.unknown_age_goes_to
        groups = groups if groups is not None else list(self.target_groups.all())
        return groups[0] if len(groups) == 1 else None

    def target_group_for_age(self, age: int | None) -> "TargetGroup | None":
        if age is None:
            return self.group_for_unknown_age()
        for group in self.target_groups.order_by("min_age", "order"):
            if group.contains_age(age):
                return group
        return None

    def unconfirmed_facts(self) -> list["UnconfirmedFact"]:
        """Every unconfirmed fact in this version, with its place in the plan file."""
        from .facts import unconfirmed_facts

        return unconfirmed_facts(self)


UNKNOWN_AGE_CHOICE = "ukendt-alder"


@dataclass(frozen=True)
class TargetGroupChoice:
    value: str
    label: str
    target_group: "TargetGroup"
    age_unknown: bool


@dataclass(frozen=True)
class UnconfirmedFact:
    key: str  # "<model>:<pk>:<field>", used by the confirm form
    place: str  # where it is in the plan file, e.g. "units[straxen].hours"
    label: str  # Danish, e.g. "Åbningstid: StraXen"
    note: str
    value: str


class ClosureDay(models.Model):
    """A day every municipal unit of the plan is closed, every year (e.g. 24 December)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="closure_days")
    month = models.PositiveSmallIntegerField(_("måned"))
    day = models.PositiveSmallIntegerField(_("dag"))
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("lukkedag")
        verbose_name_plural = _("lukkedage")
        ordering = ["month", "day"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month", "day"], name="plan_closure_day_unique"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12, day__gte=1, day__lte=31),
                name="plan_closure_day_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day}/{self.month} {self.name}"


class Term(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="terms")
    key = models.CharField(_("nøgle"), max_length=50)
    word = models.CharField(_("kommunens ord"), max_length=200)

    class Meta:
        verbose_name = _("begreb")
        verbose_name_plural = _("begreber")
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="plan_term_unique")]

    def __str__(self) -> str:
        return f"{self.key}: {self.word}"


class Definition(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="definitions")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    code = models.SlugField(_("kode"))
    term = models.CharField(_("begreb"), max_length=200)
    text = models.TextField(_("definition"))
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("definition")
        verbose_name_plural = _("definitioner")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_definition_unique")]

    def __str__(self) -> str:
        return self.term


class CentreArea(models.TextChoices):
    CHILDREN = "children", _("Børn og unge")
    ADULTS = "adults", _("Voksne")
    ALL = "all", _("Alle aldre")


class Centre(models.Model):
    """A centre (fagcenter) of the municipality as the plan names it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="centres")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    code = models.SlugField(_("kode"))
    name = models.CharField(_("navn"), max_length=200)
    aliases = models.JSONField(_("andre navne"), default=list, blank=True)
    area = models.CharField(_("område"), max_length=20, choices=CentreArea.choices, default=CentreArea.ALL)
    description = models.TextField(_("beskrivelse"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centre")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_centre_unique")]

    def __str__(self) -> str:
        return self.name


class UnitRole(models.TextChoices):
    RECEIVES_REPORTS = "receives_reports", _("Modtager underretninger og træffer afgørelse")
    ADVICE = "advice", _("Rådgiver og giver sparring (træffer ikke afgørelse)")
    FRONT_DESK = "front_desk", _("Indgang, der sender videre")
    OUT_OF_HOURS = "out_of_hours", _("Kontakt uden for åbningstid")


class OutOfHoursVia(models.TextChoices):
    POLICE = "police", _("Via politiet")
    MUNICIPAL = "municipal", _("Kommunens egen vagttelefon")
    NGO = "ngo", _("Ekstern organisation")


class ContactUnit(UnconfirmedFactsMixin):
    """A contact point of the plan: a unit that receives reports, advises, forwards, or covers
    the hours when the others are closed. `code` is stable across versions; `org_unit_code`
    links it to `accounts.Unit.code` (the organisation used for case access)."""

    FACT_FIELDS = ("phone", "email", "address", "hours")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="units")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    code = models.SlugField(_("kode"))
    name = models.CharField(_("navn"), max_length=200)
    aliases = models.JSONField(_("andre navne"), default=list, blank=True)
    centre = models.ForeignKey(
        Centre, on_delete=models.SET_NULL, null=True, blank=True, related_name="units", verbose_name=_("center")
    )
    role = models.CharField(_("rolle"), max_length=20, choices=UnitRole.choices)
    via = models.CharField(_("uden for åbningstid via"), max_length=20, choices=OutOfHoursVia.choices, blank=True)
    org_unit_code = models.SlugField(_("organisatorisk enhed"), blank=True, help_text=_("Koden i brugerstyringen."))
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    instruction = models.CharField(
        _("instruks"), max_length=300, blank=True, help_text=_("Fx 'Ring til døgnvagten via politiet på 114'.")
    )
    note = models.TextField(_("note"), blank=True)
    forwards_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sender videre til")
    )
    always_open = models.BooleanField(_("døgnåben"), default=False)
    closed_on_public_holidays = models.BooleanField(_("lukket på helligdage og lukkedage"), default=True)

    class Meta:
        verbose_name = _("kontaktenhed")
        verbose_name_plural = _("kontaktenheder")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_unit_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def has_hours(self) -> bool:
        return self.always_open or bool(self.hours_list)

    @cached_property
    def hours_list(self) -> list["OpeningHours"]:
        return list(self.opening_hours.all())

    @cached_property
    def special_days_list(self) -> list["SpecialDay"]:
        return list(self.special_days.all())

    @property
    def weekly_hours(self) -> list[tuple[str, str]]:
        from .opening import weekly_summary

        return weekly_summary(self)

    @property
    def call_instruction(self) -> str:
        if self.instruction:
            return self.instruction
        return f"Ring til {self.name} på {self.phone}" if self.phone else f"Skriv til {self.name} på {self.email}"


class OpeningHours(models.Model):
    """One opening interval on a weekday. `closes` 00:00 means midnight at the end of the day."""

    unit = models.ForeignKey(ContactUnit, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        _("ugedag"),
        choices=[
            (0, _("mandag")),
            (1, _("tirsdag")),
            (2, _("onsdag")),
            (3, _("torsdag")),
            (4, _("fredag")),
            (5, _("lørdag")),
            (6, _("søndag")),
        ],
    )
    opens = models.TimeField(_("åbner"))
    closes = models.TimeField(_("lukker"), help_text=_("00:00 betyder midnat ved dagens slutning."))

    class Meta:
        verbose_name = _("åbningstid")
        verbose_name_plural = _("åbningstider")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")) | models.Q(closes=datetime.time(0, 0)),
                name="plan_opening_hours_order",
            ),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="plan_opening_hours_weekday"),
        ]

    def __str__(self) -> str:
        closes = "24:00" if self.closes == datetime.time(0) else f"{self.closes:%H:%M}"
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{closes}"


class SpecialDay(models.Model):
    """A date with other hours than usual, or closed (`opens`/`closes` empty)."""

    unit = models.ForeignKey(ContactUnit, on_delete=models.CASCADE, related_name="special_days")
    date = models.DateField(_("dato"))
    opens = models.TimeField(_("åbner"), null=True, blank=True)
    closes = models.TimeField(_("lukker"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("særlig dag")
        verbose_name_plural = _("særlige dage")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "date"], name="plan_special_day_unique"),
            models.CheckConstraint(
                condition=models.Q(opens__isnull=True, closes__isnull=True)
                | models.Q(opens__isnull=False, closes__isnull=False),
                name="plan_special_day_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.note}"

    @property
    def closed(self) -> bool:
        return self.opens is None


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
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("sparring")
        verbose_name_plural = _("sparring")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return str(self.unit)


class District(models.Model):
    """Routes a target group to a district unit by the person's postcode."""

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

    class Meta:
        verbose_name = _("procedureskridt")
        verbose_name_plural = _("procedureskridt")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Audience(models.TextChoices):
    PROFESSIONAL = "professional", _("Fagperson")
    CITIZEN = "citizen", _("Borger")
    SELF = "self", _("Den berørte selv")


class Duty(models.TextChoices):
    HEIGHTENED = "heightened", _("Skærpet underretningspligt")
    GENERAL = "general", _("Almindelig underretningspligt")
    NONE = "none", _("Ingen underretningspligt")


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


class AcuteStep(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="acute_steps")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    text = models.CharField(_("skridt"), max_length=300)
    detail = models.CharField(_("uddybning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("akut skridt")
        verbose_name_plural = _("akutte skridt")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


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


class SeparateRoute(models.Model):
    """A topic the plan does not cover itself, and where it goes instead (e.g. extremism)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="separate_routes")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    topic = models.CharField(_("emne"), max_length=30, choices=list(TOPICS.items()))
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("tekst"))
    unit = models.ForeignKey(
        ContactUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("enhed")
    )

    class Meta:
        verbose_name = _("særskilt spor")
        verbose_name_plural = _("særskilte spor")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "topic"], name="plan_separate_route_unique")]

    def __str__(self) -> str:
        return self.title
