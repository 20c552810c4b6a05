"""Whom to contact now, as the guide shows it: `plan.routing.route` at the moment asked for,
with what the pages add to each contact (its role for the reader, a status line and a detail
line in the reader's language, the unit's description and weekly hours, the plan's note) and
the sparring route of the reader's duty to report.

The words come from `plan.reasons` (one place for opening-time phrasing); this module only
chooses which to show: a closed unit that takes the concern says how to reach the out-of-hours
contact ("Lukket nu: ring til døgnvagten via politiet på 114"), optional sparring just waits.
"""

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from beredskab.plan.content import PlanData, plan_data
from beredskab.plan.localized import (
    Localized,
    channel_rules,
    district_name,
    group_text,
    phone_labels,
    unit_text,
    untranslated,
)
from beredskab.plan.models import ContactUnit, DutyToReport, Plan, TargetGroupChoice, UnitRole, more_phone_field
from beredskab.plan.opening import OpeningStatus, opening_reason, status_reason
from beredskab.plan.reasons import (
    how_to_reach,
    mark_unconfirmed,
    reason_html,
    reason_text,
    sentence,
    unconfirmed_ways,
    untranslated_places,
)
from beredskab.plan.routing import (
    ContactAdvice,
    ContactKind,
    RouteAnswer,
    phone_uri,
    route,
    unconfirmed_fields,
)


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
    url: str = ""
    more_phones: list[tuple[str, str, str, bool]] = field(default_factory=list)  # (phone, tel: URI, label, unconfirmed)
    reached_via: str = ""  # the unit to contact instead (the unit has no contact of its own)
    channel_rules: dict[str, Localized] = field(default_factory=dict)  # channel -> the plan's rule for it
    status: str = ""  # "Åben nu til 15:00", "Lukket nu: ring til døgnvagten via politiet på 114"
    status_lead: str = ""  # "Lukket nu:" before `status_instruction`
    status_instruction: Localized | None = None  # the plan's words after "Lukket nu:", in the reader's language
    status_detail: str = ""  # HTML: "(weekend) Åbner mandag 30. november kl. 08:00."
    # the status names a plan's text in Danish for want of a translation (a closure day's name,
    # a special day's note: "(særlig lukkedag: Personaledag)")
    status_untranslated: bool = False
    open_now: bool | None = None
    unconfirmed: bool = False  # the opening hours are not confirmed by the plan coordinator
    unconfirmed_fields: tuple[str, ...] = ()  # every fact shown that is not confirmed: "phone", "email", ...
    description: Localized | None = None
    weekly_hours: list[tuple[str, str]] = field(default_factory=list)
    unit_code: str = ""
    note: Localized | None = (
        None  # the plan's note on this advice step, e.g. "Kontakt SSP-konsulenten, før du underretter."
    )

    @property
    def closed(self) -> bool:
        return self.open_now is False


def instruction_for(plan: Plan, unit: ContactUnit) -> Localized:
    """How to reach a unit, as the plan words it ("Ring til døgnvagten via politiet på 114", in
    the reader's language where the plan has it), else in the catalogue's words; a number, e-mail
    address ... it names that is not confirmed is marked there ("på 114 (ikke bekræftet)")."""
    if unit.instruction:
        shown = unit_text(plan, unit, "instruction")
        return Localized(mark_unconfirmed(shown.text, unconfirmed_ways(unit)), shown.lang)
    return Localized(reason_text(how_to_reach(unit)))


def _lcfirst(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _role_label(kind: str, *, required: bool = False, forwards_to: str = "", unit: ContactUnit | None = None) -> str:
    if kind == ContactKind.EMERGENCY:
        return _("Alarmnummer")
    if kind == ContactKind.OUT_OF_HOURS:
        return _("Uden for åbningstid")
    if kind == ContactKind.GENERAL:
        return _("Kommunens generelle indgang")
    if kind == ContactKind.FRONT_DESK:
        return _("Indgang, som sender videre til %(name)s") % {"name": forwards_to} if forwards_to else _("Indgang")
    if kind == ContactKind.ADVICE:
        return _("Skal kontaktes før underretning") if required else _("Sparring")
    if unit is not None and unit.role == UnitRole.ADVICE:
        return _("Sparring")
    return _("Tager imod din henvendelse")


def _status_lines(
    plan: Plan, status: OpeningStatus, now: datetime.datetime, *, out_of_hours: ContactUnit | None
) -> tuple[str, Localized | None, str]:
    """(status, the out-of-hours instruction, detail): "Åben nu til 15:00", or "Lukket nu:" and
    "ring til …" with "(weekend) Åbner …"."""
    if status.open_now is not False:
        return reason_text(status_reason(status, now)), None, ""
    instruction = None
    if out_of_hours is not None:
        how = instruction_for(plan, out_of_hours)
        instruction = Localized(_lcfirst(how.text), how.lang)
        main = _("Lukket nu: %(instruction)s") % {"instruction": instruction.text}
    else:
        main = _("Lukket nu")
    # HTML: a closure day's name or a special day's note shown in Danish sits in lang="da"
    detail = [format_html("({})", reason_html(status.closed_because))] if status.closed_because else []
    if opening := opening_reason(status, now):
        detail.append(format_html("{}", sentence(reason_text(opening))))
    return main, instruction, format_html_join(" ", "{}", ((d,) for d in detail))


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
    main, instruction, detail = _status_lines(data.plan, status, at, out_of_hours=ooh)
    return Contact(
        name=unit.name,
        kind=kind,
        role_label=role_label or _role_label(kind, unit=unit),
        phone=unit.phone,
        phone_uri=phone_uri(unit.phone),
        email=unit.email,
        address=unit.address,
        url=unit.url,
        more_phones=[
            (n, phone_uri(n), label, unit.is_unconfirmed(more_phone_field(i)))
            for i, (n, label) in enumerate(phone_labels(data.plan, unit.code, unit.more_phones))
        ],
        reached_via=unit.reached_via.name if unit.reached_via_id else "",
        channel_rules=channel_rules(data.plan, unit),
        status=main,
        status_lead=_("Lukket nu:") if instruction else "",
        status_instruction=instruction,
        status_detail=detail,
        status_untranslated=bool(untranslated_places([status.closed_because, opening_reason(status, at)])),
        open_now=status.open_now,
        unconfirmed=status.unconfirmed,
        unconfirmed_fields=unconfirmed_fields(unit, status),
        description=unit_text(data.plan, unit, "description"),
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
    if advice.required_one_of:
        label = _("Kontakt én af disse før underretning")
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
    out_of_hours_names: list[str] = field(default_factory=list)  # every out-of-hours route, in the plan's order
    required_first: list[str] = field(default_factory=list)  # advice the plan requires before a report (each)
    required_one_of: list[str] = field(default_factory=list)  # "SSP eller X": alternatives, one is asked for
    postcode: str = ""
    district: Localized | str = ""  # the district the postcode belongs to (its name in the reader's language)
    has_districts: bool = False  # the plan routes this group by postcode
    postcodes_unconfirmed: bool = False  # the districts' postcodes are not confirmed

    @property
    def untranslated(self) -> bool:
        """Whether a plan text on these contacts (an instruction, a rule, a note) is shown in
        Danish for want of a translation."""
        shown = [*self.contacts, *self.sparring, *([self.out_of_hours] if self.out_of_hours else [])]
        return any(c.status_untranslated for c in shown) or untranslated(
            [c.status_instruction for c in shown],
            [c.note for c in shown],
            [list(c.channel_rules.values()) for c in shown],
            [[label for _n, _uri, label, _unconfirmed in c.more_phones] for c in shown],
            self.district,
        )


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
    """The route for the chosen group at `at`, as the guide shows it; with the sparring unit of
    the reader's `duty` first among the sparring when the route does not name it already."""
    data = data or plan_data(plan)
    age = None if choice.age_unknown else choice.target_group.min_age
    answer = route(plan, age=age, postcode=postcode, acute=acute, at=at)
    group = answer.target_group or choice.target_group
    ooh_unit = data.out_of_hours_for(group)
    notes = {
        a.unit_id: group_text(plan, group, f"advice[{data.unit(a.unit_id).code}].note", a.note)
        for a in group.advice.all()
        if a.note and data.unit(a.unit_id)
    }
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
            out_of_hours = out_of_hours or contact
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
    or_word = _("eller")
    districts = list(group.districts.all())
    district = next((d for d in districts if postcode and postcode in d.postcodes), None)
    return ContactsNow(
        answer=answer,
        contacts=contacts,
        sparring=sparring,
        closed_entry=closed_entry,
        out_of_hours=out_of_hours,
        out_of_hours_names=[c.name for c in contacts if c.kind == ContactKind.OUT_OF_HOURS],
        required_first=[a.name for a in answer.contacts if a.required_before_report and not a.required_one_of],
        required_one_of=list(
            dict.fromkeys(f" {or_word} ".join(a.required_one_of) for a in answer.contacts if a.required_one_of)
        ),
        postcode=postcode or "",
        district=(district_name(group.plan, district) or str(district.unit)) if district else "",
        has_districts=bool(districts),
        postcodes_unconfirmed=any(d.is_unconfirmed("postcodes") for d in districts),
    )
