"""Whom the plan sends people to: centres and contact units, with their weekly opening hours
and special days."""

import datetime
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..opening import weekly_summary
from .plan import Plan
from .unconfirmed import UnconfirmedFactsMixin


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
    GENERAL = "general", _("Kommunens generelle indgang")


class OutOfHoursVia(models.TextChoices):
    POLICE = "police", _("Via politiet")
    MUNICIPAL = "municipal", _("Kommunens egen vagttelefon")
    NGO = "ngo", _("Ekstern organisation")


def more_phone_field(index: int) -> str:
    """How a unit's `unconfirmed` map names its further number `index` (as the plan file places it)."""
    return f"more_phones[{index}]"


class ContactUnit(UnconfirmedFactsMixin):
    """A contact point of the plan: a unit that receives reports, advises, forwards, or covers
    the hours when the others are closed. `code` is stable across versions; `org_unit_code`
    links it to `accounts.Unit.code` (the organisation used for case access)."""

    FACT_FIELDS = ("phone", "email", "address", "url", "hours")

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
    more_phones = models.JSONField(
        _("flere telefonnumre"), default=list, blank=True, help_text=_('Fx [{"phone": "70 20 30 40", "label": "Vagt"}]')
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    url = models.URLField(_("webadresse"), blank=True)
    channel_rules = models.JSONField(
        _("regler for kanaler"),
        default=list,
        blank=True,
        help_text=_('Fx [{"channel": "email", "rule": "Mails fredag eftermiddag læses først mandag"}]'),
    )
    reached_via = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontaktes via"),
        help_text=_("En anden enhed, man kontakter enheden igennem, fx en indgang."),
    )
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

    def fact_fields(self) -> tuple[str, ...]:
        """FACT_FIELDS and each further number, `more_phones[0]`, ..."""
        return (*self.FACT_FIELDS, *(more_phone_field(i) for i in range(len(self.more_phones or []))))

    @property
    def more_phone_facts(self) -> list[tuple[str, str, bool]]:
        """The further numbers as (phone, label, unconfirmed)."""
        return [
            (p["phone"], p.get("label", ""), self.is_unconfirmed(more_phone_field(i)))
            for i, p in enumerate(self.more_phones or [])
        ]

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
        return weekly_summary(self)


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
