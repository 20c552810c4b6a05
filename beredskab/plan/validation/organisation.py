"""The organisation: centres, contact units (role, contact details, opening hours) and the
routing section (where an unknown age goes, the default out-of-hours contact, closure days)."""

from ..models import CentreArea, OutOfHoursVia, UnitRole, more_phone_field
from .hours import closure_days, special_days, weekly_hours
from .reader import Reader, join


def centres(r: Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "centres", ""):
        keys = ("code", "name", "aliases", "area", "description", "note")
        m = r.mapping(item, place, keys, ("code", "name"))
        if m is not None:
            result.append(
                {
                    "code": r.code(m, "code", place),
                    "name": r.text(m, "name", place, max_length=200),
                    "aliases": r.text_list(m, "aliases", place),
                    "area": r.choice(m, "area", place, CentreArea.values, required=False) or CentreArea.ALL,
                    "description": r.text(m, "description", place),
                    "note": r.text(m, "note", place),
                }
            )
    return result


UNIT_KEYS = (
    "code",
    "name",
    "aliases",
    "centre",
    "role",
    "via",
    "org_unit_code",
    "phone",
    "more_phones",
    "email",
    "address",
    "url",
    "reached_via",
    "channel_rules",
    "description",
    "instruction",
    "note",
    "forwards_to",
    "hours",
    "closed_on_public_holidays",
    "special_days",
)


# A unit can be reached by any of these (a front desk's unit may have no phone or e-mail of its own).
REACH_KEYS = ("phone", "more_phones", "email", "url", "address", "reached_via")


def _more_phones(r: Reader, m: dict, place: str, unconfirmed: dict) -> list[dict]:
    """Further numbers of one contact: [{phone: "70 20 30 40", label: "Vagttelefon"}]; a number
    may be unconfirmed (`phone: {value: ..., unconfirmed: "why"}`), noted in `unconfirmed` as
    `more_phones[0]`."""
    phones = []
    for p_place, item in r.items(m, "more_phones", place):
        p = r.mapping(item, p_place, ("phone", "label"), ("phone",))
        if p is not None:
            phone, note = r.fact(p, "phone", p_place, r.phone)
            if note:
                unconfirmed[more_phone_field(len(phones))] = note
            phones.append({"phone": phone, "label": r.text(p, "label", p_place, max_length=100)})
    return phones


CHANNELS = ("phone", "email", "url", "address")


def _channel_rules(r: Reader, m: dict, place: str) -> list[dict]:
    """Rules for one way to reach a unit, as the plan states them: `[{channel: email, rule: "E-mails
    received Friday afternoon are not read: call the on-call service"}]`."""
    rules = []
    for c_place, item in r.items(m, "channel_rules", place):
        c = r.mapping(item, c_place, ("channel", "rule"), ("channel", "rule"))
        if c is not None:
            rules.append({"channel": r.choice(c, "channel", c_place, CHANNELS), "rule": r.text(c, "rule", c_place)})
    return rules


def units(r: Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "units", "", required=True):
        m = r.mapping(item, place, UNIT_KEYS, ("code", "name", "role"))
        if m is None:
            continue
        unconfirmed = {}
        unit = {
            "code": r.code(m, "code", place),
            "name": r.text(m, "name", place, max_length=200),
            "aliases": r.text_list(m, "aliases", place),
            "centre": r.code(m, "centre", place, required=False),
            "role": r.choice(m, "role", place, UnitRole.values),
            "via": r.choice(m, "via", place, OutOfHoursVia.values, required=False),
            "org_unit_code": r.code(m, "org_unit_code", place, required=False),
            "description": r.text(m, "description", place),
            "instruction": r.text(m, "instruction", place, max_length=300),
            "note": r.text(m, "note", place),
            "forwards_to": r.code(m, "forwards_to", place, required=False),
            "reached_via": r.code(m, "reached_via", place, required=False),
            "more_phones": _more_phones(r, m, place, unconfirmed),
            "channel_rules": _channel_rules(r, m, place),
            "closed_on_public_holidays": r.boolean(m, "closed_on_public_holidays", place, default=True),
            "special_days": special_days(r, m, place),
        }
        for key, read in (
            ("phone", r.phone),
            ("email", r.email),
            ("address", lambda m, k, p: r.text(m, k, p, max_length=300)),
            ("url", r.url),
            ("hours", lambda m, k, p: weekly_hours(r, m, k, p)),
        ):
            unit[key], note = r.fact(m, key, place, read)
            if note:
                unconfirmed[key] = note
        hours = unit.pop("hours")
        unit["always_open"] = bool(hours and hours["always"])
        unit["hours"] = hours["weekly"] if hours else {}
        unit["unconfirmed"] = unconfirmed
        unit["_place"] = place
        unit["_hours_given"] = hours is not None
        if not any(m.get(key) not in (None, "", []) for key in REACH_KEYS):
            r.error(place, f"needs a way to reach it: {', '.join(REACH_KEYS)} (another unit)")
        if unit["role"] == UnitRole.OUT_OF_HOURS and not unit["via"]:
            r.error(join(place, "via"), f"is required for an out-of-hours contact ({', '.join(OutOfHoursVia.values)})")
        if unit["role"] and unit["role"] != UnitRole.OUT_OF_HOURS and unit["via"]:
            r.error(join(place, "via"), "is only for out-of-hours contacts (role: out_of_hours)")
        if unit["forwards_to"] and unit["role"] and unit["role"] != UnitRole.FRONT_DESK:
            r.error(join(place, "forwards_to"), "is only for front desks (role: front_desk)")
        result.append(unit)
    return result


def routing(r: Reader, data: dict, unconfirmed: dict) -> dict:
    keys = ("unknown_age_goes_to", "out_of_hours", "general_contact", "closure_days")
    m = r.mapping(data.get("routing"), "routing", keys) or {}
    days, note = r.fact(m, "closure_days", "routing", lambda m, k, p: closure_days(r, m, k, p))
    if note:
        unconfirmed["closure_days"] = note
    out_of_hours = out_of_hours_codes(r, "routing", m)
    return {
        "unknown_age_goes_to": r.code(m, "unknown_age_goes_to", "routing", required=False),
        "out_of_hours": out_of_hours[0] if out_of_hours else "",
        "other_out_of_hours": out_of_hours[1:],
        "general_contact": r.code(m, "general_contact", "routing", required=False),
        "closure_days": days,
    }


def out_of_hours_codes(r: Reader, place: str, m: dict) -> list[str]:
    """One out-of-hours unit, or several the plan offers as alternatives ("RED's line or the
    police"), for a target group or, in `routing`, for the whole plan."""
    if isinstance(m.get("out_of_hours"), list):
        codes = [r.code({"code": c}, "code", f"{place}.out_of_hours[{i}]") for i, c in enumerate(m["out_of_hours"])]
        return [c for c in codes if c]
    code = r.code(m, "out_of_hours", place, required=False)
    return [code] if code else []
