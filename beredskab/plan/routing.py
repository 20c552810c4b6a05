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

Reasons are Danish sentences by contract (the guide shows them as they are). Times are
Europe/Copenhagen; a naive `at` is taken as Copenhagen time.
"""

import datetime
import enum
import re
from dataclasses import asdict, dataclass

from .models import ContactUnit, Plan, TargetGroup
from .opening import Calendar, OpeningStatus, describe_opening, describe_status, opening_status, to_local


class ContactKind(enum.StrEnum):
    EMERGENCY = "emergency"
    RECEIVES_REPORTS = "receives_reports"
    ADVICE = "advice"
    FRONT_DESK = "front_desk"
    OUT_OF_HOURS = "out_of_hours"


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


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


@dataclass(frozen=True)
class ContactAdvice:
    name: str
    kind: str  # a ContactKind value
    phone: str = ""
    phone_uri: str = ""
    email: str = ""
    address: str = ""
    open_now: bool | None = None  # None: the plan gives no hours for this contact
    opens_at: datetime.datetime | None = None
    open_until: datetime.datetime | None = None
    reason: str = ""  # Danish, e.g. "Åben nu til 15:00"
    unconfirmed: bool = False  # the opening hours are not yet confirmed by the plan coordinator
    unit_code: str = ""
    org_unit_code: str = ""
    forwards_to: str = ""  # front desks: the code of the unit they forward to
    forwards_to_name: str = ""
    required_before_report: bool = False  # advice steps the plan requires before a report

    def to_dict(self) -> dict:
        data = asdict(self)
        data["kind"] = str(self.kind)
        for key in ("opens_at", "open_until"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


@dataclass(frozen=True)
class RouteAnswer:
    target_group: TargetGroup | None
    contacts: list[ContactAdvice]
    receiving_unit: ContactUnit | None
    reason: str
    at: datetime.datetime | None = None  # the moment answered for, in Copenhagen time
    age: int | None = None
    acute: bool = False
    out_of_hours: bool = False  # the unit that takes the case is closed now
    plan_id: int | None = None

    def to_dict(self) -> dict:
        group, unit = self.target_group, self.receiving_unit
        return {
            "target_group": None
            if group is None
            else {"code": group.code, "name": group.name, "min_age": group.min_age, "max_age": group.max_age},
            "receiving_unit": None
            if unit is None
            else {"code": unit.code, "name": unit.name, "org_unit_code": unit.org_unit_code},
            "contacts": [c.to_dict() for c in self.contacts],
            "reason": self.reason,
            "at": self.at.isoformat() if self.at else None,
            "age": self.age,
            "acute": self.acute,
            "out_of_hours": self.out_of_hours,
            "plan_id": self.plan_id,
        }


class PlanData:
    """The plan's routing data in a handful of queries (units with hours, groups with advice).
    The guide uses it too, to word a unit's opening status for its readers."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.units = {u.pk: u for u in plan.units.prefetch_related("opening_hours", "special_days")}
        self.units_by_code = {u.code: u for u in self.units.values()}
        self.groups = list(plan.target_groups.prefetch_related("advice", "districts").order_by("min_age", "order"))
        self.calendar = Calendar(
            closure_days={(c.month, c.day): c.name for c in plan.closure_days.all()},
            closure_days_unconfirmed=plan.is_unconfirmed("closure_days"),
        )

    def unit(self, pk: int | None) -> ContactUnit | None:
        return self.units.get(pk) if pk else None

    def out_of_hours_for(self, group: TargetGroup | None) -> ContactUnit | None:
        return self.unit((group.out_of_hours_id if group else None) or self.plan.default_out_of_hours_id)

    def status(self, unit: ContactUnit, at: datetime.datetime) -> OpeningStatus:
        return opening_status(unit, at, self.calendar)

    def group_for(self, age: int | None) -> TargetGroup | None:
        if age is None:
            if self.plan.unknown_age_goes_to_id:
                return next((g for g in self.groups if g.pk == self.plan.unknown_age_goes_to_id), None)
            return self.groups[0] if len(self.groups) == 1 else None
        return next((g for g in self.groups if g.contains_age(age)), None)


def _contact(unit: ContactUnit, kind: str, status: OpeningStatus, reason: str, **extra) -> ContactAdvice:
    return ContactAdvice(
        name=unit.name,
        kind=kind,
        phone=unit.phone,
        phone_uri=phone_uri(unit.phone),
        email=unit.email,
        address=unit.address,
        open_now=status.open_now,
        opens_at=status.opens_at,
        open_until=status.open_until,
        reason=reason,
        unconfirmed=status.unconfirmed,
        unit_code=unit.code,
        org_unit_code=unit.org_unit_code,
        **extra,
    )


def _status_reason(status: OpeningStatus, now: datetime.datetime, out_of_hours: ContactUnit | None) -> str:
    """ "Åben nu til 15:00" or "Lukket nu (helligdag: Juledag). Ring til døgnvagten via politiet på 114.
    Åbner mandag 28. december kl. 08:00." """
    parts = [describe_status(status, now)]
    if status.open_now is False and out_of_hours is not None:
        parts.append(out_of_hours.call_instruction)
    opening = describe_opening(status, now)
    if opening:
        parts.append(opening)
    return " ".join(_sentence(p) for p in parts)


def route(
    plan: Plan,
    *,
    age: int | None,
    postcode: str | None = None,
    acute: bool = False,
    at: datetime.datetime,
) -> RouteAnswer:
    """Whom to contact about a person of `age` (None: unknown) living at `postcode`, at `at`."""
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or age < 0):
        raise ValueError(f"age must be a whole number of years >= 0 or None, not {age!r}")
    postcode = (postcode or "").strip() or None
    data = PlanData(plan)
    now = to_local(at)
    contacts: list[ContactAdvice] = []
    reasons: list[str] = []

    if acute:
        contacts.append(
            ContactAdvice(
                name=plan.emergency_name,
                kind=ContactKind.EMERGENCY,
                phone=plan.emergency_phone,
                phone_uri=phone_uri(plan.emergency_phone),
                open_now=True,
                reason=_sentence(plan.emergency_instruction or f"Ring {plan.emergency_phone}"),
            )
        )
        reasons.append(f"Akut fare: ring {plan.emergency_phone} først.")

    group = data.group_for(age)
    common = {"at": now, "age": age, "acute": acute, "plan_id": plan.pk}
    if group is None:
        reasons.append("Planen har ingen målgruppe for denne alder.")
        return RouteAnswer(
            target_group=None, contacts=contacts, receiving_unit=None, reason=" ".join(reasons), **common
        )

    if age is None:
        reasons.append(f"Alder ukendt: planen sender henvendelsen til {group.name}.")
    else:
        reasons.append(f"{age} år: {group.name}.")

    receiving = data.unit(group.receiving_unit_id)
    if group.districts.all():
        district = next((d for d in group.districts.all() if postcode in d.postcodes), None) if postcode else None
        if district is not None:
            receiving = data.unit(district.unit_id)
            reasons.append(f"Postnummer {postcode} hører til {district.name or receiving.name}.")
        elif postcode:
            reasons.append(f"Postnummer {postcode} hører ikke til et distrikt i planen; {receiving.name} tager imod.")
        else:
            reasons.append(f"Uden postnummer tager {receiving.name} imod.")

    desk = data.unit(group.front_desk_id)
    entry = desk or receiving
    ooh = data.unit(group.out_of_hours_id) or data.unit(plan.default_out_of_hours_id)
    entry_status = data.status(entry, now)
    closed = entry_status.open_now is False
    ooh_hint = ooh if closed else None

    if desk:
        reasons.append(f"Henvendelsen går via {desk.name}, som sender den videre til {receiving.name}.")
    else:
        reasons.append(f"{receiving.name} modtager henvendelsen.")

    if closed:
        if ooh is not None:
            ooh_status = data.status(ooh, now)
            ooh_reason = [f"{entry.name} er lukket nu ({entry_status.closed_because})", ooh.call_instruction]
            if ooh_status.open_now is False:
                ooh_reason.append(f"{ooh.name} er også lukket nu")
                opening = describe_opening(ooh_status, now)
                if opening:
                    ooh_reason.append(opening)
            contacts.append(
                _contact(ooh, ContactKind.OUT_OF_HOURS, ooh_status, " ".join(_sentence(p) for p in ooh_reason))
            )
            reasons.append(
                f"{entry.name} er lukket nu ({entry_status.closed_because}): kontakt først {ooh.name}"
                + (f" på {ooh.phone}." if ooh.phone else ".")
            )
        else:
            reasons.append(f"{entry.name} er lukket nu ({entry_status.closed_because}), og planen har ingen vagt.")

    advice = [(a, data.unit(a.unit_id)) for a in group.advice.all()]
    required = [(a, unit) for a, unit in advice if a.required_before_report]
    optional = [(a, unit) for a, unit in advice if not a.required_before_report]
    for _advice, unit in required:
        status = data.status(unit, now)
        reason = "Skal kontaktes før underretning. " + _status_reason(status, now, ooh_hint)
        contacts.append(_contact(unit, ContactKind.ADVICE, status, reason.strip(), required_before_report=True))
    if required:
        names = ", ".join(unit.name for _a, unit in required)
        reasons.append(f"Planen kræver sparring med {names} før underretning.")

    if desk:
        reason = f"{_status_reason(entry_status, now, ooh_hint)} Sender videre til {receiving.name}."
        contacts.append(
            _contact(
                desk,
                ContactKind.FRONT_DESK,
                entry_status,
                reason,
                forwards_to=receiving.code,
                forwards_to_name=receiving.name,
            )
        )
    else:
        contacts.append(
            _contact(receiving, ContactKind.RECEIVES_REPORTS, entry_status, _status_reason(entry_status, now, ooh_hint))
        )

    for _advice, unit in optional:
        if unit.pk == receiving.pk and not desk:
            continue  # sparring at the receiving unit itself is the same call
        status = data.status(unit, now)
        contacts.append(_contact(unit, ContactKind.ADVICE, status, _status_reason(status, now, ooh_hint)))

    return RouteAnswer(
        target_group=group,
        contacts=contacts,
        receiving_unit=receiving,
        reason=" ".join(reasons),
        out_of_hours=closed,
        **common,
    )
