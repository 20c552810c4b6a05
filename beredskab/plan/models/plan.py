"""The plan version itself and what hangs directly off it: closure days, the municipality's own
words (terms), definitions, the acute steps and the topics it leaves to other routes."""

import datetime
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..vocabulary import DEFAULT_TERMS, TOPICS
from .unconfirmed import UnconfirmedFact, UnconfirmedFactsMixin

if TYPE_CHECKING:
    from .target_groups import TargetGroup

REVISION_YEARS = 4  # barnets lov § 15, stk. 3: revised at least every 4 years


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def latest_revision_due(adopted_on: datetime.date) -> datetime.date:
    return add_years(adopted_on, REVISION_YEARS)


class DatePrecision(models.TextChoices):
    """How precisely the plan states a date: "1. april 2024", "april 2024" or "2024"."""

    DAY = "day", _("dag")
    MONTH = "month", _("måned")
    YEAR = "year", _("år")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Udkast")
    # Adopted by the council, in force from `in_force_from` (a future date when it was adopted):
    # `selectors.plan_in_force` reads it from that day; `services.plan_switch_due` makes it ADOPTED.
    SCHEDULED = "scheduled", _("Vedtaget, ikke i kraft endnu")
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
    adopted_on_precision = models.CharField(
        _("vedtagelsesdatoens præcision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Planen kan angive kun måned eller år, fx april 2024."),
    )
    published_on = models.DateField(_("offentliggjort den"), null=True, blank=True)
    case_reference = models.CharField(
        _("sagsnummer"), max_length=100, blank=True, help_text=_("Sagsnummeret på byrådets beslutning.")
    )
    in_force_from = models.DateField(_("i kraft fra"), null=True, blank=True)
    replaced_plan = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afløste version"),
        help_text=_("Versionen i kraft, før denne trådte i kraft første gang."),
    )
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
    other_out_of_hours = models.JSONField(
        _("andre kontakter uden for åbningstid"),
        default=list,
        blank=True,
        help_text=_("Koder på enheder, man også kan kontakte uden for åbningstid (planens 'eller')."),
    )

    general_contact = models.ForeignKey(
        "ContactUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommunens generelle indgang"),
        help_text=_("Hvor man henvender sig om en alder, planen ikke nævner en kontakt for."),
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

    translations = models.JSONField(
        _("oversættelser"),
        default=dict,
        blank=True,
        help_text=_("Planens offentlige tekster på andre sprog: {sprog: {sted i filen: tekst}}."),
    )
    # The concern radar's escalation rules in plain words (FORMAT.md, section `radar`), read by
    # the safety app above; [] when the plan names none (then its documented default applies).
    radar_rules = models.JSONField(
        _("regler for bekymringsradaren"),
        default=list,
        blank=True,
        help_text=_('Fx [{"code": "gentagne", "kind": "reports_about_person", "count": 3, "months": 12, "text": "…"}]'),
    )

    # A new random value whenever anything in this version changes (`content.content_changed`,
    # in the writer's transaction): each process keeps the content it read per (pk, stamp).
    content_stamp = models.UUIDField(_("indholdets stempel"), default=uuid.uuid4, editable=False)

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
            # At most one version waiting to come into force per municipality.
            models.UniqueConstraint(
                fields=["municipality_code"],
                condition=models.Q(status="scheduled"),
                name="plan_one_scheduled_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_name} {self.version_label} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("plan:detail", args=[self.pk])

    @property
    def shown_title(self):
        """The title in the reader's language (`localized.plan_title`), marked "da" when the plan
        has no translation."""
        from ..localized import plan_title  # localized reads this model

        return plan_title(self)

    @property
    def adopted_on_text(self) -> str:
        """The adoption date as precisely as the plan states it: "1. april 2024", "april 2024", "2024"."""
        if self.adopted_on is None:
            return ""
        if self.adopted_on_precision == DatePrecision.YEAR:
            return str(self.adopted_on.year)
        if self.adopted_on_precision == DatePrecision.MONTH:
            return date_format(self.adopted_on, "F Y")
        return date_format(self.adopted_on, "j. F Y")

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_scheduled(self) -> bool:
        return self.status == PlanStatus.SCHEDULED

    @cached_property
    def is_in_force(self) -> bool:
        """Whether this is the version in force now (`selectors.plan_in_force`: a scheduled
        version is in force from its date, even before the daily job has switched it on)."""
        if self.status not in (PlanStatus.ADOPTED, PlanStatus.SCHEDULED):
            return False
        from ..selectors import plan_in_force  # the one place that says which version is in force

        in_force = plan_in_force(self.municipality_code)
        return in_force is not None and in_force.pk == self.pk

    def translated(self, key: str, danish: str, language: str | None) -> tuple[str, str]:
        """(text, lang): the plan's text at `key` in `language`, or the Danish text with lang "da"
        when the plan has no translation (lang "" when the text is in the language asked for)."""
        language = (language or "da").split("-")[0]
        if language == "da":
            return danish, ""
        text = (self.translations or {}).get(language, {}).get(key)
        return (text, "") if text else (danish, "da")

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
        groups = sorted(self.target_groups.all(), key=lambda g: (g.min_age, g.order))
        # the label in the reader's language (a `localized.Localized`, marked "da" without a translation)
        choices = [
            TargetGroupChoice(value=g.code, label=g.shown_name, target_group=g, age_unknown=False) for g in groups
        ]
        unknown = self.group_for_unknown_age(groups)
        if unknown is not None:
            choices.append(
                TargetGroupChoice(
                    value=UNKNOWN_AGE_CHOICE, label=str(_("Ukendt alder")), target_group=unknown, age_unknown=True
                )
            )
        return choices

    def uncovered_age_bands(self, groups: list["TargetGroup"] | None = None) -> list[tuple[int, int | None]]:
        """The ages no target group covers, as (min, max) bands (max None: no upper limit)."""
        groups = groups if groups is not None else list(self.target_groups.all())
        bands, expected = [], 0
        for group in sorted(groups, key=lambda g: g.min_age):
            if expected is None:
                break
            if group.min_age > expected:
                bands.append((expected, group.min_age - 1))
            expected = None if group.max_age is None else max(expected, group.max_age + 1)
        if groups and expected is not None:
            bands.append((expected, None))
        return bands

    def group_for_unknown_age(self, groups: list["TargetGroup"] | None = None) -> "TargetGroup | None":
        if self.unknown_age_goes_to_id:
            return self.unknown_age_goes_to
        groups = groups if groups is not None else list(self.target_groups.all())
        return groups[0] if len(groups) == 1 else None

    def unconfirmed_facts(self) -> list["UnconfirmedFact"]:
        """Every unconfirmed fact in this version, with its place in the plan file."""
        from ..facts import unconfirmed_facts  # facts reads these models

        return unconfirmed_facts(self)


class PlanInForcePeriodQuerySet(models.QuerySet):
    def covering(self, municipality_code: str, moment: datetime.datetime) -> "PlanInForcePeriod | None":
        """The period of the municipality's plan that `moment` (aware) falls in, or None."""
        return (
            self.filter(municipality_code=municipality_code, starts_at__lte=moment)
            .filter(models.Q(ends_at__gt=moment) | models.Q(ends_at=None))
            .select_related("plan")
            .order_by("-starts_at", "-pk")
            .first()
        )

    def predecessor(self, plan: Plan) -> Plan | None:
        """The version in force just before `plan` first came into force (the one a roll back of
        `plan` goes back to), from the recorded history; None when nothing is recorded before it.
        Going back follows the line of versions, never forward to one rolled back from: after
        rolling back B to A, A's predecessor is still the one before A, not B."""
        first = self.filter(plan=plan).order_by("starts_at", "pk").first()
        if first is None:
            return None
        before = (
            self.filter(municipality_code=plan.municipality_code, ends_at__lte=first.starts_at)
            .exclude(plan=plan)
            .select_related("plan")
            .order_by("-ends_at", "-starts_at", "-pk")
            .first()
        )
        return before.plan if before is not None else None


class PlanInForcePeriod(models.Model):
    """When a version was in force: from `starts_at` until `ends_at` (None: in force now, as far
    as recorded; a version scheduled for a day that has come is in force from that day before
    the daily job records it). Written by the services that change the version in force
    (adopt, the daily switch, roll back) in the same transaction; read by
    `selectors.plan_in_force_at` for a moment in the past and by roll back (`predecessor`).
    A version can have several periods (in force again after a roll back)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="in_force_periods")
    municipality_code = models.SlugField(_("kommunekode"))
    starts_at = models.DateTimeField(_("i kraft fra"))
    ends_at = models.DateTimeField(_("i kraft til"), null=True, blank=True)

    objects = PlanInForcePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("periode i kraft")
        verbose_name_plural = _("perioder i kraft")
        ordering = ["municipality_code", "starts_at", "pk"]
        constraints = [
            # One version in force per municipality at a time.
            models.UniqueConstraint(
                fields=["municipality_code"], condition=models.Q(ends_at=None), name="plan_one_open_period"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at=None) | models.Q(ends_at__gte=models.F("starts_at")),
                name="plan_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.version_label}: {self.starts_at:%Y-%m-%d %H:%M} – {self.ends_at or ''}"


UNKNOWN_AGE_CHOICE = "ukendt-alder"


@dataclass(frozen=True)
class TargetGroupChoice:
    value: str
    label: str
    target_group: "TargetGroup"
    age_unknown: bool


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


class SeparateRoute(models.Model):
    """A topic the plan does not cover itself, and where it goes instead (e.g. extremism)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="separate_routes")
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    topic = models.CharField(_("emne"), max_length=30, choices=list(TOPICS.items()))
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("tekst"))
    unit = models.ForeignKey(
        "ContactUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("enhed")
    )

    class Meta:
        verbose_name = _("særskilt spor")
        verbose_name_plural = _("særskilte spor")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "topic"], name="plan_separate_route_unique")]

    def __str__(self) -> str:
        return self.title
