"""Reads for the action guide: the plan to answer from, and the answer for one path through
the guide (whom the concern is about, who is asking, at which moment).

Everything comes from the plan (`beredskab.plan`): target groups, warning signs, duties to
report, procedures, contacts and their opening hours. "Whom to contact now" is computed with
`beredskab.plan.routing.route` at the moment asked for; this module only adds what the pages
need to show it (the unit's instruction, a status line in the reader's language, the sparring
route of the reader's duty to report). The plan holds no personal data, so the public reads
are not audited; the coordinator's preview of other versions goes through the plan policy.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from beredskab.plan.models import (
    UNKNOWN_AGE_CHOICE,
    AcuteStep,
    Audience,
    ContactUnit,
    DutyToReport,
    Plan,
    TargetGroup,
    TargetGroupChoice,
    UnitRole,
)
from beredskab.plan.opening import COPENHAGEN, OpeningStatus, to_local
from beredskab.plan.routing import ContactAdvice, ContactKind, PlanData, RouteAnswer, phone_uri, route
from beredskab.plan.selectors import plan_in_force, plans_for_staff
from beredskab.plan.vocabulary import DEFAULT_TERMS

# The reader's role, as it appears in the guide's addresses (Danish, no personal data).
AUDIENCE_SLUGS: dict[str, str] = {
    "fagperson": Audience.PROFESSIONAL,
    "privatperson": Audience.CITIZEN,
    "mig-selv": Audience.SELF,
}
SLUG_FOR_AUDIENCE = {value: slug for slug, value in AUDIENCE_SLUGS.items()}
AUDIENCE_ORDER = (Audience.PROFESSIONAL, Audience.CITIZEN, Audience.SELF)


# --- which plan ------------------------------------------------------------------------


def guide_plan() -> Plan | None:
    """The plan the public guide answers from: this installation's plan in force."""
    return plan_in_force()


def preview_plans(user):
    """Every version the user may preview (the plan coordinator: all, drafts included)."""
    return plans_for_staff(user)


def preview_plan(user, pk: int) -> Plan | None:
    return preview_plans(user).filter(pk=pk).first()


# --- small helpers ---------------------------------------------------------------------


def now_local() -> datetime.datetime:
    return timezone.now().astimezone(COPENHAGEN)


def terms(plan: Plan | None) -> dict[str, str]:
    """The plan's own words (e.g. "æresmotiveret"), for templates: {{ terms.aerk }}."""
    if plan is None:
        return dict(DEFAULT_TERMS)
    return {key: plan.term(key) for key in DEFAULT_TERMS}


def _lcfirst(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


def intake_url(*, group_code: str | None = None, acute: bool = False) -> str:
    """The digital report form (the intake app), or "" when it is not installed."""
    try:
        if acute:
            url = reverse("intake:create") + "?akut=1"
            return f"{url}&gruppe={group_code}" if group_code else url
        url = reverse("intake:start")
    except NoReverseMatch:
        return ""
    return f"{url}?gruppe={group_code}" if group_code else url


@lru_cache(maxsize=32)
def _english_holidays(year: int) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays("DK", years=year, language="en_US"))


def closed_because_text(reason: str, day: datetime.date) -> str:
    """`opening.OpeningStatus.closed_because` (Danish by contract) in the reader's language."""
    if reason == "weekend":
        return _("weekend")
    if reason == "uden for åbningstid":
        return _("uden for åbningstid")
    if reason.startswith("helligdag: "):
        name = reason.split(": ", 1)[1]
        if (get_language() or "da").startswith("en"):
            name = _english_holidays(day.year).get(day, name)
        return _("helligdag: %(name)s") % {"name": name}
    if reason.startswith("lukkedag: "):
        return _("lukkedag: %(name)s") % {"name": reason.split(": ", 1)[1]}
    if reason.startswith("særlig lukkedag"):
        note = reason.split(": ", 1)[1] if ": " in reason else ""
        return _("særlig lukkedag: %(note)s") % {"note": note} if note else _("særlig lukkedag")
    if reason.startswith("lukket om "):
        return _("lukket denne ugedag")
    return reason


def when_text(moment: datetime.datetime, now: datetime.datetime) -> str:
    """ "15:00" today, "i morgen kl. 08:00", "mandag 28. december kl. 08:00"."""
    moment, now = to_local(moment), to_local(now)
    clock = moment.strftime("%H:%M")
    days = (moment.date() - now.date()).days
    if days == 0:
        return clock
    if days == 1:
        return _("i morgen kl. %(time)s") % {"time": clock}
    return _("%(day)s kl. %(time)s") % {"day": date_format(moment, "l j. F"), "time": clock}


def opens_text(moment: datetime.datetime, now: datetime.datetime) -> str:
    when = when_text(moment, now)
    if to_local(moment).date() == to_local(now).date():
        return _("Åbner i dag kl. %(time)s") % {"time": when}
    return _("Åbner %(when)s") % {"when": when}


# --- contacts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """One contact as the guide shows it: who, how to reach them, and whether they are open now."""

    name: str
    kind: str  # a routing.ContactKind value
    role_label: str
    phone: str = ""
    phone_uri: str = ""
    email: str = ""
    address: str = ""
    status: str = ""  # "Åben nu til 15:00", "Lukket nu: ring til døgnvagten via politiet på 114"
    status_detail: str = ""  # "(weekend) Åbner mandag 30. november kl. 08:00."
    open_now: bool | None = None
    unconfirmed: bool = False  # the opening hours are not confirmed by the plan coordinator
    description: str = ""
    weekly_hours: list[tuple[str, str]] = field(default_factory=list)
    unit_code: str = ""
    note: str = ""  # the plan's note on this advice step, e.g. "Kontakt SSP-konsulenten, før du underretter."

    @property
    def closed(self) -> bool:
        return self.open_now is False


def instruction_for(unit: ContactUnit) -> str:
    """How to reach a unit, as the plan words it ("Ring til døgnvagten via politiet på 114")."""
    if unit.instruction:
        return unit.instruction
    if unit.phone:
        return _("Ring til %(name)s på %(phone)s") % {"name": unit.name, "phone": unit.phone}
    return _("Skriv til %(name)s på %(email)s") % {"name": unit.name, "email": unit.email}


def _role_label(kind: str, *, required: bool = False, forwards_to: str = "", unit: ContactUnit | None = None) -> str:
    if kind == ContactKind.EMERGENCY:
        return _("Alarmnummer")
    if kind == ContactKind.OUT_OF_HOURS:
        return _("Uden for åbningstid")
    if kind == ContactKind.FRONT_DESK:
        return _("Indgang, som sender videre til %(name)s") % {"name": forwards_to} if forwards_to else _("Indgang")
    if kind == ContactKind.ADVICE:
        return _("Skal kontaktes før underretning") if required else _("Sparring")
    if unit is not None and unit.role == UnitRole.ADVICE:
        return _("Sparring")
    return _("Tager imod din henvendelse")


def _status_lines(
    status: OpeningStatus, now: datetime.datetime, *, out_of_hours: ContactUnit | None
) -> tuple[str, str]:
    if status.always_open:
        return _("Åben døgnet rundt"), ""
    if status.open_now is None:
        return _("Åbningstiden står ikke i planen"), ""
    if status.open_now:
        return _("Åben nu til %(time)s") % {"time": when_text(status.open_until, now)}, ""
    why = closed_because_text(status.closed_because, to_local(now).date()) if status.closed_because else ""
    if out_of_hours is not None:
        main = _("Lukket nu: %(instruction)s") % {"instruction": _lcfirst(instruction_for(out_of_hours))}
    else:
        main = _("Lukket nu")
    detail = [f"({why})"] if why else []
    if status.opens_at is not None:
        detail.append(_sentence(opens_text(status.opens_at, now)))
    return main, " ".join(detail)


def contact_from_unit(
    unit: ContactUnit,
    data: PlanData,
    at: datetime.datetime,
    *,
    kind: str,
    out_of_hours: ContactUnit | None = None,
    role_label: str = "",
) -> Contact:
    status = data.status(unit, at)
    ooh = out_of_hours if out_of_hours is not None and out_of_hours.pk != unit.pk else None
    if ooh is not None and data.status(ooh, at).open_now is False:
        ooh = None  # the out-of-hours line is closed too: do not send the reader there
    main, detail = _status_lines(status, at, out_of_hours=ooh)
    return Contact(
        name=unit.name,
        kind=kind,
        role_label=role_label or _role_label(kind, unit=unit),
        phone=unit.phone,
        phone_uri=phone_uri(unit.phone),
        email=unit.email,
        address=unit.address,
        status=main,
        status_detail=detail,
        open_now=status.open_now,
        unconfirmed=status.unconfirmed,
        description=unit.description,
        weekly_hours=unit.weekly_hours,
        unit_code=unit.code,
    )


def _contact_from_advice(
    advice: ContactAdvice, data: PlanData, at: datetime.datetime, out_of_hours: ContactUnit | None
) -> Contact:
    unit = data.units_by_code.get(advice.unit_code)
    label = _role_label(
        advice.kind, required=advice.required_before_report, forwards_to=advice.forwards_to_name, unit=unit
    )
    if unit is None:  # the emergency number: not a unit of the plan
        return Contact(
            name=advice.name,
            kind=advice.kind,
            role_label=label,
            phone=advice.phone,
            phone_uri=advice.phone_uri,
            status=advice.reason,
            open_now=advice.open_now,
        )
    # "Closed now: call the out-of-hours line" is for the units that take the concern; optional
    # sparring waits until the unit opens.
    optional = advice.kind == ContactKind.ADVICE and not advice.required_before_report
    ooh = None if advice.kind == ContactKind.OUT_OF_HOURS or optional else out_of_hours
    return contact_from_unit(unit, data, at, kind=advice.kind, out_of_hours=ooh, role_label=label)


@dataclass(frozen=True)
class ContactsNow:
    """Whom to contact about one target group at one moment (from `routing.route`)."""

    answer: RouteAnswer
    contacts: list[Contact]  # in the order to use them; without the emergency number
    sparring: list[Contact]  # optional advice ("I am in doubt whether to report")
    closed_entry: str = ""  # the name of the closed unit when the answer is out of hours
    out_of_hours: Contact | None = None
    required_first: list[str] = field(default_factory=list)  # advice the plan requires before a report
    postcode: str = ""
    district: str = ""  # the district the postcode belongs to
    has_districts: bool = False  # the plan routes this group by postcode


def contacts_now(
    plan: Plan,
    choice: TargetGroupChoice,
    at: datetime.datetime,
    *,
    data: PlanData | None = None,
    acute: bool = False,
    duty: DutyToReport | None = None,
    postcode: str | None = None,
) -> ContactsNow:
    data = data or PlanData(plan)
    age = None if choice.age_unknown else choice.target_group.min_age
    answer = route(plan, age=age, postcode=postcode, acute=acute, at=at)
    group = answer.target_group or choice.target_group
    ooh_unit = data.out_of_hours_for(group)
    notes = {a.unit_id: a.note for a in group.advice.all() if a.note}
    contacts: list[Contact] = []
    sparring: list[Contact] = []
    out_of_hours = None
    for advice in answer.contacts:
        if advice.kind == ContactKind.EMERGENCY:
            continue
        contact = _contact_from_advice(advice, data, at, ooh_unit)
        unit = data.units_by_code.get(advice.unit_code)
        if unit is not None and notes.get(unit.pk):
            contact = dataclasses.replace(contact, note=notes[unit.pk])
        if advice.kind == ContactKind.ADVICE and not advice.required_before_report:
            sparring.append(contact)
            continue
        if advice.kind == ContactKind.OUT_OF_HOURS:
            out_of_hours = contact
        contacts.append(contact)
    if duty is not None and duty.sparring_unit_id:
        unit = data.unit(duty.sparring_unit_id)
        shown = {c.unit_code for c in contacts + sparring}
        if unit is not None and unit.code not in shown:
            sparring.insert(0, contact_from_unit(unit, data, at, kind=ContactKind.ADVICE))
    closed_entry = ""
    if answer.out_of_hours:
        entry = data.unit(group.front_desk_id) or answer.receiving_unit
        closed_entry = entry.name if entry else ""
    districts = list(group.districts.all())
    district = next((d for d in districts if postcode and postcode in d.postcodes), None)
    return ContactsNow(
        answer=answer,
        contacts=contacts,
        sparring=sparring,
        closed_entry=closed_entry,
        out_of_hours=out_of_hours,
        required_first=[a.name for a in answer.contacts if a.required_before_report],
        postcode=postcode or "",
        district=(district.name or str(district.unit)) if district else "",
        has_districts=bool(districts),
    )


# --- the guide's paths -----------------------------------------------------------------


def group_choices(plan: Plan) -> list[TargetGroupChoice]:
    return plan.target_groups_for_choice()


def choice_for(plan: Plan, value: str) -> TargetGroupChoice | None:
    return next((c for c in group_choices(plan) if c.value == value), None)


def audiences(plan: Plan) -> list[str]:
    """The readers the plan writes to (its duty-to-report rows), professionals first."""
    present = set(DutyToReport.objects.filter(target_group__plan=plan).values_list("audience", flat=True))
    return [a for a in AUDIENCE_ORDER if a in present] or [Audience.PROFESSIONAL, Audience.CITIZEN]


def audience_label(audience: str) -> str:
    return {
        Audience.PROFESSIONAL: _("Jeg er fagperson, fx lærer, pædagog, sundhedsplejerske eller sagsbehandler"),
        Audience.CITIZEN: _("Jeg er privatperson, fx nabo, ven eller familie"),
        Audience.SELF: _("Det handler om mig selv"),
    }.get(audience, audience)


def audience_short(audience: str) -> str:
    return {
        Audience.PROFESSIONAL: _("fagperson"),
        Audience.CITIZEN: _("privatperson"),
        Audience.SELF: _("den berørte selv"),
    }.get(audience, audience)


def choice_label(choice: TargetGroupChoice) -> str:
    return _("Jeg kender ikke personens alder") if choice.age_unknown else choice.label


@dataclass(frozen=True)
class GroupDuty:
    group: TargetGroup
    duty: DutyToReport | None


@dataclass(frozen=True)
class GuidePath:
    plan: Plan
    choice: TargetGroupChoice
    group: TargetGroup  # the group that takes the concern (for an unknown age: the plan's choice)
    audience: str
    audience_slug: str
    at: datetime.datetime
    now: ContactsNow
    duties: list[GroupDuty]  # the reader's duty per group (every group when the age is unknown)
    sign_groups: list[TargetGroup]  # whose warning signs to show
    procedure_steps: list
    family_warning: bool  # the plan says: risk assessment before parents and network are involved
    definitions: list
    terms: dict[str, str]
    report_url: str
    other_audiences: list[tuple[str, str]]  # (slug, label) to switch reader


def _groups_with_details(plan: Plan) -> list[TargetGroup]:
    return list(
        plan.target_groups.select_related("receiving_unit", "front_desk", "out_of_hours")
        .prefetch_related("warning_signs", "procedure_steps__partner", "duties__sparring_unit", "advice__unit")
        .order_by("min_age", "order")
    )


def _duty(group: TargetGroup, audience: str) -> DutyToReport | None:
    return next((d for d in group.duties.all() if d.audience == audience), None)


def guide_path(
    plan: Plan, *, choice: TargetGroupChoice, audience: str, at: datetime.datetime, postcode: str | None = None
) -> GuidePath:
    groups = _groups_with_details(plan)
    group = next((g for g in groups if g.pk == choice.target_group.pk), choice.target_group)
    data = PlanData(plan)
    shown = groups if choice.age_unknown else [group]
    duties = [GroupDuty(g, _duty(g, audience)) for g in shown]
    own_duty = _duty(group, audience)
    now = contacts_now(plan, choice, at, data=data, duty=own_duty, postcode=postcode)
    steps = list(group.procedure_steps.all())
    present = audiences(plan)
    return GuidePath(
        plan=plan,
        choice=choice,
        group=group,
        audience=audience,
        audience_slug=SLUG_FOR_AUDIENCE[audience],
        at=to_local(at),
        now=now,
        duties=duties,
        sign_groups=[g for g in shown if g.warning_signs.all()],
        procedure_steps=steps,
        family_warning=any(s.before_involving_family for g in shown for s in g.procedure_steps.all()),
        definitions=list(plan.definitions.all()),
        terms=terms(plan),
        report_url=intake_url(group_code=None if choice.age_unknown else group.code),
        other_audiences=[(SLUG_FOR_AUDIENCE[a], audience_label(a)) for a in present if a != audience],
    )


# --- the acute card --------------------------------------------------------------------


@dataclass(frozen=True)
class AcuteGroup:
    choice: TargetGroupChoice
    label: str
    now: ContactsNow
    report_url: str


@dataclass(frozen=True)
class AcuteCard:
    plan: Plan | None
    intro: str
    steps: list[AcuteStep]
    emergency_name: str
    emergency_phone: str
    emergency_uri: str
    emergency_instruction: str
    groups: list[AcuteGroup]
    family_warning: bool
    terms: dict[str, str]
    at: datetime.datetime


def acute_card(plan: Plan | None, at: datetime.datetime) -> AcuteCard:
    """The acute steps of the plan and, for afterwards, whom to contact now per target group.
    Without a plan in force the card still says: call 112."""
    if plan is None:
        return AcuteCard(
            plan=None,
            intro="",
            steps=[],
            emergency_name=_("Politiet"),
            emergency_phone="112",
            emergency_uri="tel:112",
            emergency_instruction="",
            groups=[],
            family_warning=False,
            terms=terms(None),
            at=to_local(at),
        )
    data = PlanData(plan)
    groups = [
        AcuteGroup(
            choice=choice,
            label=choice.label,
            now=contacts_now(plan, choice, at, data=data, acute=True),
            report_url=intake_url(group_code=choice.target_group.code, acute=True),
        )
        for choice in group_choices(plan)
        if not choice.age_unknown
    ]
    family_warning = any(
        step.before_involving_family for g in _groups_with_details(plan) for step in g.procedure_steps.all()
    )
    return AcuteCard(
        plan=plan,
        intro=plan.acute_intro,
        steps=list(plan.acute_steps.all()),
        emergency_name=plan.emergency_name,
        emergency_phone=plan.emergency_phone,
        emergency_uri=phone_uri(plan.emergency_phone),
        emergency_instruction=plan.emergency_instruction,
        groups=groups,
        family_warning=family_warning,
        terms=terms(plan),
        at=to_local(at),
    )


# --- about the plan --------------------------------------------------------------------


@dataclass(frozen=True)
class PlanOverview:
    plan: Plan
    terms: dict[str, str]
    definitions: list
    prevention_levels: list  # primary, secondary, tertiary
    partners: list
    separate_routes: list


def plan_overview(plan: Plan) -> PlanOverview:
    levels = sorted(plan.prevention_levels.all(), key=lambda level: level.rank)
    return PlanOverview(
        plan=plan,
        terms=terms(plan),
        definitions=list(plan.definitions.all()),
        prevention_levels=levels,
        partners=list(plan.partners.all()),
        separate_routes=list(plan.separate_routes.select_related("unit")),
    )


__all__ = [
    "AUDIENCE_SLUGS",
    "UNKNOWN_AGE_CHOICE",
    "AcuteCard",
    "Contact",
    "ContactsNow",
    "GuidePath",
    "acute_card",
    "audiences",
    "choice_for",
    "contacts_now",
    "group_choices",
    "guide_path",
    "guide_plan",
    "plan_overview",
    "preview_plan",
]
