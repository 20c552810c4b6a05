"""Reads for the action guide: the plan to answer from, and the answer for one path through
the guide (whom the concern is about, who is asking, at which moment).

Everything comes from the plan (`beredskab.plan`): target groups, warning signs, duties to
report, procedures, contacts and their opening hours. "Whom to contact now" is computed with
`beredskab.plan.routing.route` at the moment asked for and shown as `contacts.contacts_now`
words it. The plan holds no personal data, so the public reads are not audited; the
coordinator's preview of other versions goes through the plan policy.
"""

import datetime
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from beredskab.accounts.models import Unit
from beredskab.intake.forms import REPORTER_PARAM, reporter_value
from beredskab.plan.content import plan_data, with_content
from beredskab.plan.localized import (
    definition,
    duty_text,
    group_text,
    marked,
    plan_text,
    route_texts,
    untranslated,
)
from beredskab.plan.models import (
    Audience,
    DutyToReport,
    Plan,
    PlanReader,
    TargetGroup,
    TargetGroupChoice,
)
from beredskab.plan.opening import COPENHAGEN, to_local
from beredskab.plan.routing import ContactKind, phone_uri, unconfirmed_contact_fields
from beredskab.plan.selectors import ALWAYS_OFFERED_AUDIENCES, offered_readers, plan_in_force, plans_for_staff
from beredskab.plan.vocabulary import DEFAULT_TERMS

from .contacts import ContactsNow, contact_from_unit, contacts_now
from .texts import (
    Localized,
    SignList,
    localized_acute_steps,
    localized_plan_text,
    localized_steps,
    sign_lists,
)

# The reader's role, as it appears in the guide's addresses (Danish, no personal data).
AUDIENCE_SLUGS: dict[str, str] = {
    "fagperson": Audience.PROFESSIONAL,
    "privatperson": Audience.CITIZEN,
    "mig-selv": Audience.SELF,
}
SLUG_FOR_AUDIENCE = {value: slug for slug, value in AUDIENCE_SLUGS.items()}
AUDIENCE_ORDER = ALWAYS_OFFERED_AUDIENCES


# --- which plan ------------------------------------------------------------------------


def guide_plan() -> Plan | None:
    """The plan the public guide answers from: this installation's plan in force, its rows read
    once per version and process (`plan.content.with_content`)."""
    return with_content(plan_in_force())


def preview_plans(user):
    """Every version the user may preview (the plan coordinator: all, drafts included)."""
    return plans_for_staff(user)


def preview_plan(user, pk: int) -> Plan | None:
    return with_content(preview_plans(user).filter(pk=pk).first())


# --- small helpers ---------------------------------------------------------------------


def now_local() -> datetime.datetime:
    return timezone.now().astimezone(COPENHAGEN)


def terms(plan: Plan | None) -> dict[str, str]:
    """The plan's own words (e.g. "æresmotiveret"), for templates: {{ terms.aerk }}."""
    if plan is None:
        return dict(DEFAULT_TERMS)
    return {key: plan.term(key) for key in DEFAULT_TERMS}


def digital_report_possible(plan: Plan, group: TargetGroup | None) -> bool:
    """Whether the report form can file a report about this group: its receiving unit, or the
    plan's fallback (where intake sends a report it cannot route), is linked to a unit of this
    installation. The guide offers "Lav en digital underretning" only then (else the reporter
    would learn after filling in the form that it cannot be filed)."""
    fallback = plan.group_for_unknown_age()
    codes = {g.receiving_unit.org_unit_code for g in (group, fallback) if g is not None} - {""}
    return bool(codes) and Unit.objects.filter(code__in=codes).exists()


def intake_url(*, group_code: str | None = None, acute: bool = False, reporter: str = "") -> str:
    """The digital report form (the intake app), or "" when it is not installed; with `reporter`
    (`intake.forms.reporter_value`: a kind code, never personal data) the form starts with
    "Hvem er du?" answered as the guide's reader."""
    try:
        url = reverse("intake:create") if acute else reverse("intake:start")
    except NoReverseMatch:
        return ""
    query = {"akut": "1"} if acute else {}
    query |= {"gruppe": group_code} if group_code else {}
    query |= {REPORTER_PARAM: reporter} if reporter else {}
    return f"{url}?{urlencode(query)}" if query else url


# --- the guide's paths -----------------------------------------------------------------


UNCOVERED_PREFIX = "ingen-kontakt-"


@dataclass(frozen=True)
class UncoveredChoice:
    """Ages the plan names no contact for (e.g. adults in a plan with one team for 0-23): the
    guide offers them too, and says so honestly instead of inventing a unit."""

    value: str
    label: str
    min_age: int
    max_age: int | None
    age_unknown: bool = False
    uncovered: bool = True
    target_group: None = None


def age_band_label(low: int, high: int | None) -> str:
    if high is None:
        return _("%(min)s år og derover") % {"min": low}
    if low == high:
        return _("%(min)s år") % {"min": low}
    return _("%(min)s-%(max)s år") % {"min": low, "max": high}


def uncovered_choices(plan: Plan) -> list[UncoveredChoice]:
    return [
        UncoveredChoice(value=f"{UNCOVERED_PREFIX}{low}", label=age_band_label(low, high), min_age=low, max_age=high)
        for low, high in plan.uncovered_age_bands()
    ]


def group_choices(plan: Plan, *, uncovered: bool = False) -> list:
    """The plan's age bands and "Ukendt alder"; with `uncovered`, also the ages it names no contact for."""
    choices = plan.target_groups_for_choice()
    if uncovered:
        extra = uncovered_choices(plan)
        known = [c for c in choices if not c.age_unknown]
        choices = sorted(known + extra, key=_choice_age) + [c for c in choices if c.age_unknown]
    return choices


def _choice_age(choice) -> int:
    return choice.min_age if isinstance(choice, UncoveredChoice) else choice.target_group.min_age


def choice_for(plan: Plan, value: str):
    return next((c for c in group_choices(plan, uncovered=True) if c.value == value), None)


@dataclass(frozen=True)
class UncoveredPath:
    """The page for an age the plan names no contact for: the municipality's general contact."""

    plan: Plan
    choice: UncoveredChoice
    general: object  # a contacts.Contact, or None when the plan names no general contact either
    terms: dict[str, str]
    at: datetime.datetime


def uncovered_path(plan: Plan, *, choice: UncoveredChoice, at: datetime.datetime) -> UncoveredPath:
    data = plan_data(plan)
    unit = data.unit(plan.general_contact_id)
    general = contact_from_unit(unit, data, at, kind=ContactKind.GENERAL) if unit else None
    return UncoveredPath(plan=plan, choice=choice, general=general, terms=terms(plan), at=to_local(at))


def audiences(plan: Plan) -> list[str]:
    """The readers the guide always offers, whatever the plan's duty-to-report rows name:
    professionals (barnets lov § 133), citizens (§ 135) and the person concerned. A reader the
    plan writes nothing to is told so and pointed to the municipality, never given another
    reader's duty (e.g. a neighbour told that professionals cannot report anonymously)."""
    return list(ALWAYS_OFFERED_AUDIENCES)


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


def choice_label(choice) -> str:
    """The choice as a radio label (HTML: a group's name shown in Danish sits in `lang="da"`)."""
    if getattr(choice, "uncovered", False):
        return _("%(ages)s (planen nævner ingen kontakt)") % {"ages": choice.label}
    return _("Jeg kender ikke personens alder") if choice.age_unknown else marked(choice.label)


@dataclass(frozen=True)
class GroupDuty:
    group: TargetGroup
    duty: DutyToReport | None
    text: Localized | None = None  # the duty's text in the reader's language


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
    sign_groups: list[SignList]  # the warning signs to show, under their headings
    procedure_steps: list
    family_warning: bool  # the plan says: risk assessment before parents and network are involved
    definitions: list
    terms: dict[str, str]
    report_url: str
    other_audiences: list[tuple[str, str]]  # (slug, label) to switch reader
    reader: PlanReader | None = None  # a reader the plan adds (e.g. the case worker)
    untranslated: bool = False  # some of the plan's texts are shown in Danish: no translation
    target_group_text: Localized | None = None  # the plan's words on who can be affected
    prevention_intro: Localized | None = None
    procedure_title: Localized | None = None
    procedure_intro: Localized | None = None
    signs_intro: Localized | None = None  # the plan's words before the signs, in the reader's language
    signs_note: Localized | None = None  # the plan's note under the signs, in the reader's language


def _groups_with_details(plan: Plan) -> list[TargetGroup]:
    """The target groups, youngest first, with everything below them (kept per version: shared
    rows, read only)."""
    return plan_data(plan).details().groups


def _duty(group: TargetGroup, audience: str) -> DutyToReport | None:
    return next((d for d in group.duties.all() if d.audience == audience), None)


def reader_choices(plan: Plan) -> list[tuple[str, str]]:
    """(slug, label) for "Hvem er du?": professionals, citizens and the person concerned always,
    then the readers the plan adds (e.g. "Sagsbehandler"; HTML: a name shown in Danish sits in
    `lang="da"`); the same list the report form offers (`plan.selectors.offered_readers`)."""
    return [
        (reader.code, marked(reader.shown_name)) if reader else (SLUG_FOR_AUDIENCE[audience], audience_label(audience))
        for audience, reader in offered_readers(plan)
    ]


def resolve_reader(plan: Plan, slug: str) -> tuple[str, PlanReader | None] | None:
    """(audience, the plan's reader or None) for a reader slug; None when it is not one."""
    if slug in AUDIENCE_SLUGS:
        return AUDIENCE_SLUGS[slug], None
    reader = next((r for r in plan_data(plan).details().readers if r.code == slug), None)
    return (reader.audience, reader) if reader else None


def touches_family(step) -> bool:
    """A step that must come before the family is involved, or that involves it (e.g. mediation,
    which always involves the parents): the guide then warns not to tell the family."""
    get = step.get if isinstance(step, dict) else lambda key: getattr(step, key)
    return bool(get("before_involving_family") or get("involves_family"))


def procedure_for(group: TargetGroup, reader: PlanReader | None) -> tuple[str, str, list]:
    """(title, intro, steps) of the group's procedure for this reader, else its general one."""
    own = next((p for p in group.reader_procedures.all() if reader and p.reader_id == reader.pk), None)
    if own is not None:
        return own.title, own.intro, list(own.steps)
    return group.procedure_title, group.procedure_intro, list(group.procedure_steps.all())


def guide_path(
    plan: Plan,
    *,
    choice: TargetGroupChoice,
    audience: str,
    at: datetime.datetime,
    postcode: str | None = None,
    reader: PlanReader | None = None,
) -> GuidePath:
    groups = _groups_with_details(plan)
    group = next((g for g in groups if g.pk == choice.target_group.pk), choice.target_group)
    data = plan_data(plan)
    shown = groups if choice.age_unknown else [group]
    duties = [GroupDuty(g, d, duty_text(plan, d) if d else None) for g in shown for d in [_duty(g, audience)]]
    own_duty = _duty(group, audience)
    now = contacts_now(plan, choice, at, data=data, duty=own_duty, postcode=postcode)
    title, intro, steps = procedure_for(group, reader)
    place = "procedure"
    if reader is not None and any(p.reader_id == reader.pk for p in group.reader_procedures.all()):
        place = f"procedures[{reader.code}]"
    title, intro = group_text(plan, group, f"{place}.title", title), group_text(plan, group, f"{place}.intro", intro)
    definitions = localized_definitions(plan)
    shown_steps = localized_steps(plan, group, steps, reader.code if place != "procedure" else "")
    signs = sign_lists(plan, shown)
    signs_note = localized_plan_text(plan, "warning_signs.note", plan.signs_note)
    signs_intro = localized_plan_text(plan, "warning_signs.intro", plan.signs_intro)
    slug = reader.code if reader else SLUG_FOR_AUDIENCE[audience]
    others = [(s, label) for s, label in reader_choices(plan) if s != slug]  # names marked lang="da"
    return GuidePath(
        plan=plan,
        choice=choice,
        group=group,
        audience=audience,
        audience_slug=slug,
        at=to_local(at),
        now=now,
        duties=duties,
        sign_groups=signs,
        procedure_steps=shown_steps,
        family_warning=any(touches_family(s) for s in [*steps, *(s for g in shown for s in g.procedure_steps.all())]),
        definitions=definitions,
        terms=terms(plan),
        report_url=intake_url(
            group_code=None if choice.age_unknown else group.code,
            reporter=reporter_value(audience, reader.code if reader else ""),
        )
        if digital_report_possible(plan, group)
        else "",
        other_audiences=others,
        reader=reader,
        untranslated=untranslated(shown_steps, *(s.signs for s in signs), [s.name for s in signs])
        or untranslated(signs_intro, signs_note, title, intro, [[d.text, d.group.shown_name] for d in duties])
        or untranslated(group.shown_name, reader.shown_name if reader else None)
        or any('lang="da"' in label for _s, label in others)  # the other readers' names (marked)
        or now.untranslated
        or untranslated([[d.term, d.text] for d in definitions]),
        signs_intro=signs_intro,
        signs_note=signs_note,
        procedure_title=title,
        procedure_intro=intro,
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
    intro: Localized | None
    steps: list[Localized]
    emergency_name: str
    emergency_phone: str
    emergency_uri: str
    emergency_instruction: Localized | str | None
    groups: list[AcuteGroup]
    family_warning: bool
    terms: dict[str, str]
    at: datetime.datetime
    untranslated: bool = False


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
    data = plan_data(plan)
    groups = [
        AcuteGroup(
            choice=choice,
            label=choice.label,
            now=contacts_now(plan, choice, at, data=data, acute=True),
            report_url=intake_url(group_code=choice.target_group.code, acute=True)
            if digital_report_possible(plan, choice.target_group)
            else "",
        )
        for choice in group_choices(plan)
        if not choice.age_unknown
    ]
    family_warning = any(touches_family(step) for g in _groups_with_details(plan) for step in g.procedure_steps.all())
    steps = localized_acute_steps(plan)
    intro = localized_plan_text(plan, "acute.intro", plan.acute_intro)
    return AcuteCard(
        plan=plan,
        intro=intro,
        steps=steps,
        untranslated=untranslated(steps, intro, [g.label for g in groups]) or any(g.now.untranslated for g in groups),
        emergency_name=plan.emergency_name,
        emergency_phone=plan.emergency_phone,
        emergency_uri=phone_uri(plan.emergency_phone),
        emergency_instruction=plan_text(plan, "acute.emergency.instruction", plan.emergency_instruction),
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
    separate_routes: list  # topics the plan does not cover, and where they go
    own_routes: list  # topics the plan covers that still have their own route (e.g. extremism to an Infohus)
    untranslated: bool = False  # some of the plan's texts are shown in Danish: no translation
    target_group_text: Localized | None = None  # the plan's words on who can be affected
    prevention_intro: Localized | None = None


@dataclass(frozen=True)
class LocalizedDefinition:
    code: str
    term: Localized | None
    text: Localized | None
    source: str


def localized_definitions(plan: Plan) -> list[LocalizedDefinition]:
    """The plan's definitions, term and text in the reader's language where the plan has them."""
    return [LocalizedDefinition(d.code, *definition(plan, d), d.source) for d in plan.definitions.all()]


PREVENTION_TEXTS = ("name", "description", "triangle_label")


@dataclass(frozen=True)
class PreventionShown:
    """A level of the prevention triangle, its texts in the reader's language."""

    name: Localized | None
    description: Localized | None
    triangle_label: Localized | None
    level: str


@dataclass(frozen=True)
class TopicRoute:
    """A topic's own route (`SeparateRoute`): title and text in the reader's language."""

    title: Localized | None
    text: Localized | None
    unit: object
    unconfirmed_fields: tuple[str, ...] = ()  # the unit's ways shown that are not confirmed ("phone", "url" ...)


def plan_overview(plan: Plan) -> PlanOverview:
    levels = [
        PreventionShown(
            *(plan_text(plan, f"prevention.levels[{lv.level}].{key}", getattr(lv, key)) for key in PREVENTION_TEXTS),
            lv.level,
        )
        for lv in sorted(plan.prevention_levels.all(), key=lambda level: level.rank)
    ]
    target_text = plan_text(plan, "plan.target_group_text", plan.target_group_text)
    prevention_intro = plan_text(plan, "prevention.intro", plan.prevention_intro)
    routes = list(plan.separate_routes.select_related("unit"))
    shown = [
        (r.topic, TopicRoute(*route_texts(plan, r), r.unit, unconfirmed_contact_fields(r.unit) if r.unit else ()))
        for r in routes
    ]
    definitions = localized_definitions(plan)
    partners = list(plan.partners.all())
    return PlanOverview(
        plan=plan,
        terms=terms(plan),
        definitions=definitions,
        prevention_levels=levels,
        partners=partners,
        separate_routes=[r for topic, r in shown if topic not in plan.topics],
        own_routes=[r for topic, r in shown if topic in plan.topics],
        untranslated=untranslated([[d.term, d.text] for d in definitions], [[r.title, r.text] for _t, r in shown])
        or untranslated(target_text, prevention_intro, [[lv.name, lv.description, lv.triangle_label] for lv in levels])
        or untranslated([p.shown_purpose for p in partners]),
        target_group_text=target_text,
        prevention_intro=prevention_intro,
    )


__all__ = [
    "AUDIENCE_SLUGS",
    "AcuteCard",
    "GroupDuty",
    "GuidePath",
    "PlanOverview",
    "acute_card",
    "audiences",
    "choice_for",
    "group_choices",
    "guide_path",
    "guide_plan",
    "plan_overview",
    "preview_plan",
]
