"""Whom to contact, now: the one entry point the action guide and intake use.

    route(plan, age=15, at=datetime(2026, 11, 27, 16, 40)) -> RouteAnswer

The answer lists the contacts in the order to use them:

1. in acute danger, the emergency number (112) first, for every age;
2. when the unit that takes the person's case is closed (outside its hours, at the weekend,
   on a Danish public holiday or on one of the plan's closure days), the out-of-hours route;
3. advice steps the plan requires before a report (e.g. SSP or a security consultant);
4. the front desk that forwards to the receiving unit, or the receiving unit itself;
5. other advice (sparring), which is optional.

`receiving_unit` is the plan unit that receives and decides a report for this person (for an
unknown age, the group named by the plan's `unknown_age_goes_to`); intake files reports there.

Each contact and the answer as a whole say why as data (`reasons`, see `reasons.RoutingReason`);
their `reason` is those reasons as sentences in the active language. Times are
Europe/Copenhagen; a naive `at` is taken as Copenhagen time.
"""

import datetime
import enum
import re
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext

from .content import PlanData, plan_data
from .models import ContactUnit, Plan, TargetGroup, more_phone_field
from .opening import OpeningStatus, opening_reason, status_reason, to_local
from .reasons import (
    PlanWords,
    ReasonCode,
    RoutingReason,
    how_to_reach,
    mark_unconfirmed,
    number_to_call,
    reasons_text,
    unconfirmed_ways,
    untranslated_places,
)


class ContactKind(enum.StrEnum):
    EMERGENCY = "emergency"
    RECEIVES_REPORTS = "receives_reports"
    ADVICE = "advice"
    FRONT_DESK = "front_desk"
    OUT_OF_HOURS = "out_of_hours"
    TOPIC_ROUTE = "topic_route"  # the unit of the plan's own route for a topic (e.g. extremism to an Infohus)
    GENERAL = "general"  # the municipality's general contact, for an age the plan names no contact for


def phone_uri(phone: str) -> str:
    """ "43 57 75 78" -> "tel:+4543577578"; short numbers stay short ("112" -> "tel:112")."""
    if not phone:
        return ""
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("+"):
        return f"tel:{digits}"
    if len(digits) == 8:
        return f"tel:+45{digits}"
    return f"tel:{digits}"


@dataclass(frozen=True)
class ContactAdvice:
    name: str
    kind: str  # a ContactKind value
    phone: str = ""
    phone_uri: str = ""
    email: str = ""
    address: str = ""
    url: str = ""
    more_phones: tuple[dict, ...] = ()  # further numbers of this contact: {"phone", "label"} (+ "unconfirmed")
    reached_via: str = ""  # the name of the unit this one is reached through (it has no contact of its own)
    channel_rules: tuple[dict, ...] = ()  # the plan's rules per channel: {"channel": "email", "rule": "..."}
    # the same rules' texts in the reader's language where the plan translates them (one per rule)
    channel_rule_texts: tuple[PlanWords, ...] = field(default=(), compare=False)
    # the further numbers' labels in the reader's language (one per number; None: no label)
    more_phone_labels: tuple[PlanWords | None, ...] = field(default=(), compare=False)
    open_now: bool | None = None  # None: the plan gives no hours for this contact
    opens_at: datetime.datetime | None = None
    open_until: datetime.datetime | None = None
    reasons: tuple[RoutingReason, ...] = ()  # e.g. (OPEN_UNTIL 15:00,): "Åben nu til 15:00."
    unconfirmed: bool = False  # some fact shown (see unconfirmed_fields) is not confirmed by the plan coordinator
    # which: "phone", "email", "address", "hours", "more_phones[0]", "closure_days" (its status rests on one)
    unconfirmed_fields: tuple[str, ...] = ()
    unit_code: str = ""
    org_unit_code: str = ""
    forwards_to: str = ""  # front desks: the code of the unit they forward to
    forwards_to_name: str = ""
    required_before_report: bool = False  # advice steps the plan requires before a report
    required_one_of: tuple[str, ...] = ()  # the alternatives, when the plan asks for one of several

    @property
    def reason(self) -> str:
        """The reasons as sentences in the active language."""
        return reasons_text(self.reasons)

    @property
    def unconfirmed_ways(self) -> dict[str, str]:
        """The ways to reach this contact that are not confirmed, by fact name ({"phone": "114"})."""
        values = {"phone": self.phone, "email": self.email, "url": self.url, "address": self.address}
        values |= {more_phone_field(i): p["phone"] for i, p in enumerate(self.more_phones)}
        return {name: values[name] for name in self.unconfirmed_fields if values.get(name)}

    def to_dict(self) -> dict:
        data = asdict(self)
        data["kind"] = str(self.kind)
        for key in ("opens_at", "open_until"):
            data[key] = data[key].isoformat() if data[key] else None
        data["reasons"] = [reason.to_dict() for reason in self.reasons]
        data["reason"] = self.reason
        data["unconfirmed_fields"] = list(self.unconfirmed_fields)
        data["more_phones"] = [
            {
                **p,
                "label": str(words) if words else p.get("label", ""),
                "unconfirmed": more_phone_field(i) in self.unconfirmed_fields,
            }
            for i, (p, words) in enumerate(zip(self.more_phones, self.more_phone_labels, strict=True))
        ]
        del data["more_phone_labels"]
        data["required_one_of"] = list(self.required_one_of)
        ways = self.unconfirmed_ways  # a rule naming one marks it there
        data["channel_rules"] = [
            {**c, "rule": mark_unconfirmed(str(words), ways)}
            for c, words in zip(self.channel_rules, self.channel_rule_texts, strict=True)
        ]
        del data["channel_rule_texts"]
        return data


def unconfirmed_contact_fields(unit: ContactUnit) -> tuple[str, ...]:
    """The contact facts (phone, e-mail, address, web, a further number `more_phones[0]`) of a unit
    that are shown but not confirmed."""
    return tuple(unconfirmed_ways(unit))


def unconfirmed_fields(unit: ContactUnit, status: OpeningStatus) -> tuple[str, ...]:
    """The facts of a unit a reader sees that the plan coordinator has not confirmed."""
    fields = unconfirmed_contact_fields(unit)
    fields = (*fields, "hours") if status.unconfirmed else fields
    return (*fields, "closure_days") if status.closure_days_unconfirmed else fields


@dataclass(frozen=True)
class RouteAnswer:
    target_group: TargetGroup | None
    contacts: list[ContactAdvice]
    receiving_unit: ContactUnit | None
    reasons: tuple[RoutingReason, ...]  # why this route, e.g. (AGE 15 Børn og unge, RECEIVES StraXen)
    at: datetime.datetime | None = None  # the moment answered for, in Copenhagen time
    age: int | None = None
    acute: bool = False
    out_of_hours: bool = False  # the unit that takes the case is closed now
    plan_id: int | None = None
    # answer-level facts not confirmed: "district_postcodes" (a postcode matched against unconfirmed
    # postcodes), "out_of_hours_phone" (the number the answer's reasons give for the out-of-hours contact),
    # "closure_days" (the unit that takes the case is closed today for a closure day not confirmed)
    unconfirmed: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """The reasons as sentences in the active language (`reasons.danish_text` for a record)."""
        return reasons_text(self.reasons)

    @property
    def untranslated(self) -> list[str]:
        """The places in the plan file of the plan's texts this answer shows in Danish in the active
        language, for want of a translation (the target group's name, an instruction ...)."""
        reasons = [*self.reasons, *(r for c in self.contacts for r in c.reasons)]
        group = [] if self.target_group is None else [self.target_group.shown_name]
        place = [f"target_groups[{self.target_group.code}].name"] if group and group[0].lang else []
        texts = [w for c in self.contacts for w in (*c.channel_rule_texts, *c.more_phone_labels) if w]
        rules = [w.place for w in texts if w.in_language()[1] == "da"]
        return list(dict.fromkeys([*place, *untranslated_places(reasons), *rules]))

    def to_dict(self) -> dict:
        group, unit = self.target_group, self.receiving_unit
        untranslated = self.untranslated
        notice = gettext("Nogle af planens tekster findes ikke på dit sprog. De vises på dansk.")
        return {
            "target_group": None
            if group is None
            else {
                "code": group.code,
                "name": str(group.shown_name),
                "min_age": group.min_age,
                "max_age": group.max_age,
            },
            "receiving_unit": None
            if unit is None
            else {"code": unit.code, "name": unit.name, "org_unit_code": unit.org_unit_code},
            "contacts": [c.to_dict() for c in self.contacts],
            "reason": self.reason,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "at": self.at.isoformat() if self.at else None,
            "age": self.age,
            "acute": self.acute,
            "out_of_hours": self.out_of_hours,
            "plan_id": self.plan_id,
            "unconfirmed": list(self.unconfirmed),
            "untranslated": untranslated,  # places of plan texts shown in Danish (no translation)
            "untranslated_notice": notice if untranslated else "",
        }


def _contact(
    unit: ContactUnit, kind: str, status: OpeningStatus, reasons: list[RoutingReason], **extra
) -> ContactAdvice:
    facts = unconfirmed_fields(unit, status)
    return ContactAdvice(
        name=unit.name,
        kind=kind,
        phone=unit.phone,
        phone_uri=phone_uri(unit.phone),
        email=unit.email,
        address=unit.address,
        url=unit.url,
        more_phones=tuple(unit.more_phones),
        more_phone_labels=tuple(
            PlanWords.of(unit.plan, f"units[{unit.code}].more_phones[{i}].label", p["label"])
            if p.get("label")
            else None
            for i, p in enumerate(unit.more_phones)
        ),
        reached_via=unit.reached_via.name if unit.reached_via_id else "",
        channel_rules=tuple(unit.channel_rules),
        channel_rule_texts=tuple(
            PlanWords.of(unit.plan, f"units[{unit.code}].channel_rules[{i}]", rule["rule"])
            for i, rule in enumerate(unit.channel_rules)
        ),
        open_now=status.open_now,
        opens_at=status.opens_at,
        open_until=status.open_until,
        reasons=tuple(reasons),
        unconfirmed=bool(facts),
        unconfirmed_fields=facts,
        unit_code=unit.code,
        org_unit_code=unit.org_unit_code,
        **extra,
    )


def _status_reasons(
    status: OpeningStatus, now: datetime.datetime, out_of_hours: ContactUnit | None
) -> list[RoutingReason]:
    """ "Åben nu til 15:00", or "Lukket nu (helligdag: Juledag). Ring til døgnvagten via politiet på
    114. Åbner mandag 28. december kl. 08:00." (how to reach `out_of_hours` when closed)."""
    reasons = [status_reason(status, now)]
    if status.open_now is False and out_of_hours is not None:
        reasons.append(how_to_reach(out_of_hours))
    opening = opening_reason(status, now)
    return [*reasons, opening] if opening else reasons


@dataclass
class _Route:
    """One answer being put together: the contacts in the order to use them, and why."""

    data: PlanData
    now: datetime.datetime
    contacts: list[ContactAdvice] = field(default_factory=list)
    reasons: list[RoutingReason] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)

    def add_emergency(self, plan: Plan) -> None:
        instruction = plan.emergency_instruction
        reason = (
            RoutingReason(
                ReasonCode.PLAN_TEXT, {"text": PlanWords.of(plan, "acute.emergency.instruction", instruction)}
            )
            if instruction
            else RoutingReason(ReasonCode.CALL_NUMBER, {"phone": plan.emergency_phone})
        )
        self.contacts.append(
            ContactAdvice(
                name=plan.emergency_name,
                kind=ContactKind.EMERGENCY,
                phone=plan.emergency_phone,
                phone_uri=phone_uri(plan.emergency_phone),
                open_now=True,
                reasons=(reason,),
            )
        )
        self.reasons.append(RoutingReason(ReasonCode.ACUTE, {"phone": plan.emergency_phone}))

    def receiving_unit(self, group: TargetGroup, postcode: str | None) -> ContactUnit:
        """The group's receiving unit, or the district unit its postcode belongs to."""
        receiving = self.data.unit(group.receiving_unit_id)
        districts = group.districts.all()
        if not districts:
            return receiving
        district = next((d for d in districts if postcode in d.postcodes), None) if postcode else None
        if postcode and any(d.is_unconfirmed("postcodes") for d in districts):
            self.unconfirmed.append("district_postcodes")
            self.reasons.append(RoutingReason(ReasonCode.DISTRICT_POSTCODES_UNCONFIRMED))
        if district is not None:
            receiving = self.data.unit(district.unit_id)
            place = f"target_groups[{group.code}].districts[{district.order}].name"  # named by their place
            name = PlanWords.of(self.data.plan, place, district.name) if district.name else receiving.name
            params = {"postcode": postcode, "district": name}
            self.reasons.append(RoutingReason(ReasonCode.DISTRICT, params))
        elif postcode:
            params = {"postcode": postcode, "unit": receiving.name}
            self.reasons.append(RoutingReason(ReasonCode.POSTCODE_OUTSIDE_DISTRICTS, params))
        else:
            self.reasons.append(RoutingReason(ReasonCode.NO_POSTCODE, {"unit": receiving.name}))
        return receiving

    def add_out_of_hours(self, entry: ContactUnit, because: RoutingReason, ooh: ContactUnit | None) -> None:
        """The entry is closed: the out-of-hours contact comes first (or the answer says there is none)."""
        params = {"unit": entry.name, "because": because}
        if ooh is None:
            self.reasons.append(RoutingReason(ReasonCode.NO_OUT_OF_HOURS, params))
            return
        status = self.data.status(ooh, self.now)
        reasons = [RoutingReason(ReasonCode.ENTRY_CLOSED, params), how_to_reach(ooh)]
        if status.open_now is False:
            reasons.append(RoutingReason(ReasonCode.ALSO_CLOSED, {"unit": ooh.name}))
            if opening := opening_reason(status, self.now):
                reasons.append(opening)
        self.contacts.append(_contact(ooh, ContactKind.OUT_OF_HOURS, status, reasons))
        params = {**params, "out_of_hours": ooh.name}
        number = number_to_call(ooh)  # a confirmed number first; one that is not is named so
        if number is None:
            self.reasons.append(RoutingReason(ReasonCode.CONTACT_OUT_OF_HOURS_FIRST, params))
            return
        phone, unconfirmed = number
        if unconfirmed:
            self.unconfirmed.append("out_of_hours_phone")
            params["unconfirmed"] = ("phone",)
        self.reasons.append(RoutingReason(ReasonCode.CALL_OUT_OF_HOURS_FIRST, {**params, "phone": phone}))

    def add_other_out_of_hours(self, first: ContactUnit, others: list[ContactUnit]) -> None:
        """The alternatives the plan offers besides the first out-of-hours contact ("or")."""
        for other in others:
            status = self.data.status(other, self.now)
            reasons = [RoutingReason(ReasonCode.OR_OUT_OF_HOURS, {"unit": first.name}), how_to_reach(other)]
            self.contacts.append(_contact(other, ContactKind.OUT_OF_HOURS, status, reasons))
        if others:
            names = tuple(unit.name for unit in [first, *others])
            self.reasons.append(RoutingReason(ReasonCode.OUT_OF_HOURS_ALTERNATIVES, {"names": names}))

    def add_topic_route(self, plan: Plan, topic: str) -> None:
        """The plan's own route for a topic: covered by the plan and still routed its own way, or
        left by the plan to that route."""
        separate = next((s for s in self.data.separate_routes if s.topic == topic), None)
        if separate is None:
            return
        covered = topic in plan.topics
        unit = self.data.unit(separate.unit_id)
        title = PlanWords.of(plan, f"separate_routes[{topic}].title", separate.title)
        params = {"title": title, "unit": unit.name if unit else ""}
        code = ReasonCode.OWN_ROUTE_IN_PLAN if covered else ReasonCode.ROUTE_OUTSIDE_PLAN
        self.reasons.append(RoutingReason(code, params))
        if unit is not None:
            self.add_unit(unit, ContactKind.TOPIC_ROUTE, None, first=[RoutingReason(code, params)])

    def add_required_advice(self, required: list, hint: ContactUnit | None) -> None:
        """Advice the plan requires before a report: each unit, or one of several alternatives
        (rows with the same `one_of_group`), as the plan asks."""
        each = [unit for a, unit in required if not a.one_of_group]
        alternatives: dict[int, list[ContactUnit]] = {}
        for a, unit in required:
            if a.one_of_group:
                alternatives.setdefault(a.one_of_group, []).append(unit)
        for unit in each:
            first = [RoutingReason(ReasonCode.REQUIRED_BEFORE_REPORT)]
            self.add_unit(unit, ContactKind.ADVICE, hint, first=first, required_before_report=True)
        if each:
            names = tuple(unit.name for unit in each)
            self.reasons.append(RoutingReason(ReasonCode.ADVICE_REQUIRED, {"names": names}))
        for units in alternatives.values():
            names = tuple(unit.name for unit in units)
            for unit in units:
                first = [RoutingReason(ReasonCode.REQUIRED_ONE_OF, {"names": names})]
                extra = {"required_before_report": True, "required_one_of": names}
                self.add_unit(unit, ContactKind.ADVICE, hint, first=first, **extra)
            self.reasons.append(RoutingReason(ReasonCode.ADVICE_REQUIRED_ONE_OF, {"names": names}))

    def add_unit(self, unit: ContactUnit, kind: str, hint: ContactUnit | None, first=(), then=(), **extra) -> None:
        """A unit as a contact: `first`, its opening status (with `hint`, the out-of-hours
        contact to name when it is closed), then `then`."""
        status = self.data.status(unit, self.now)
        reasons = [*first, *_status_reasons(status, self.now, hint), *then]
        self.contacts.append(_contact(unit, kind, status, reasons, **extra))


def route(
    plan: Plan,
    *,
    age: int | None,
    postcode: str | None = None,
    acute: bool = False,
    at: datetime.datetime,
    topic: str | None = None,
) -> RouteAnswer:
    """Whom to contact about a person of `age` (None: unknown) living at `postcode`, at `at`;
    with `topic` (e.g. "extremism"), the plan's own route for it comes first.
    Raises ValueError for an age that is not a whole number of years >= 0 (or None)."""
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or age < 0):
        raise ValueError(f"age must be a whole number of years >= 0 or None, not {age!r}")
    postcode = (postcode or "").strip() or None
    data = plan_data(plan)  # read once per version and process (`content`)
    answer = _Route(data, to_local(at))
    common = {"at": answer.now, "age": age, "acute": acute, "plan_id": plan.pk}
    if acute:
        answer.add_emergency(plan)
    if topic:
        answer.add_topic_route(plan, topic)

    group = data.group_for(age)
    if group is None:
        answer.reasons.append(RoutingReason(ReasonCode.NO_TARGET_GROUP))
        if general := data.unit(plan.general_contact_id):
            answer.reasons.append(RoutingReason(ReasonCode.GENERAL_CONTACT, {"unit": general.name}))
            answer.add_unit(general, ContactKind.GENERAL, None)
        return RouteAnswer(
            target_group=None, contacts=answer.contacts, receiving_unit=None, reasons=tuple(answer.reasons), **common
        )
    name = PlanWords.of(plan, f"target_groups[{group.code}].name", group.name)
    if age is None:
        answer.reasons.append(RoutingReason(ReasonCode.AGE_UNKNOWN, {"group": name}))
    else:
        answer.reasons.append(RoutingReason(ReasonCode.AGE, {"age": age, "group": name}))

    receiving = answer.receiving_unit(group, postcode)
    desk = data.unit(group.front_desk_id)
    entry = desk or receiving
    ooh = data.out_of_hours_for(group)
    entry_status = data.status(entry, answer.now)
    closed = entry_status.open_now is False
    hint = ooh if closed else None  # a closed contact names the out-of-hours contact
    if desk:
        answer.reasons.append(RoutingReason(ReasonCode.VIA_FRONT_DESK, {"desk": desk.name, "unit": receiving.name}))
    else:
        answer.reasons.append(RoutingReason(ReasonCode.RECEIVES, {"unit": receiving.name}))
    if closed:
        if entry_status.closed_by_unconfirmed_day:  # closed today for a closure day that is not confirmed
            answer.unconfirmed.append("closure_days")
        answer.add_out_of_hours(entry, entry_status.closed_because, ooh)
        if ooh is not None:
            answer.add_other_out_of_hours(ooh, data.other_out_of_hours(group))

    advice = [(a, data.unit(a.unit_id)) for a in group.advice.all()]
    answer.add_required_advice([(a, unit) for a, unit in advice if a.required_before_report], hint)

    if desk:
        then = [RoutingReason(ReasonCode.FORWARDS_TO, {"unit": receiving.name})]
        extra = {"forwards_to": receiving.code, "forwards_to_name": receiving.name}
        answer.add_unit(desk, ContactKind.FRONT_DESK, hint, then=then, **extra)
    else:
        answer.add_unit(receiving, ContactKind.RECEIVES_REPORTS, hint)

    for a, unit in advice:
        if a.required_before_report or (unit.pk == receiving.pk and not desk):
            continue  # required advice came first; sparring at the receiving unit itself is the same call
        answer.add_unit(unit, ContactKind.ADVICE, hint)

    return RouteAnswer(
        target_group=group,
        contacts=answer.contacts,
        receiving_unit=receiving,
        reasons=tuple(answer.reasons),
        out_of_hours=closed,
        unconfirmed=tuple(answer.unconfirmed),
        **common,
    )
