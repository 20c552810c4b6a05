"""Target groups: the age bands, whom each goes to (receiving unit, front desk, out-of-hours,
districts by postcode, advice), its warning signs and its procedure. The duty to report per
audience is read in `duties`."""

import re

from ..models import UNKNOWN_AGE_CHOICE
from .duties import duty_to_report
from .organisation import out_of_hours_codes
from .reader import Reader, join, show
from .readers import reader_procedures

POSTCODE_RE = re.compile(r"^\d{4}$")

TARGET_GROUP_KEYS = (
    "code",
    "name",
    "ages",
    "description",
    "receiving_unit",
    "front_desk",
    "out_of_hours",
    "advice",
    "districts",
    "warning_signs",
    "procedure",
    "procedures",
    "duty_to_report",
)


def target_groups(r: Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "target_groups", "", required=True):
        m = r.mapping(item, place, TARGET_GROUP_KEYS, ("code", "name", "receiving_unit"))
        if m is not None:
            group = _target_group(r, place, m)
            if group["code"] == UNKNOWN_AGE_CHOICE:
                r.error(f"{place}.code", f'"{UNKNOWN_AGE_CHOICE}" is reserved for the unknown-age choice')
            result.append(group)
    return result


def _target_group(r: Reader, place: str, m: dict) -> dict:
    # Read in this order so the errors come in the order of the file's usual layout.
    min_age, max_age = _ages(r, place, m)
    out_of_hours = out_of_hours_codes(r, place, m)
    advice = _advice(r, place, m)
    districts = _districts(r, place, m)
    signs = r.text_list(m, "warning_signs", place)
    procedure_place = join(place, "procedure")
    procedure = r.mapping(m.get("procedure"), procedure_place, ("title", "intro", "steps")) or {}
    steps = _procedure_steps(r, procedure, procedure_place)
    duties = duty_to_report(r, place, m)
    procedures = reader_procedures(r, place, m, _procedure_steps)
    return {
        "code": r.code(m, "code", place),
        "name": r.text(m, "name", place, max_length=200),
        "min_age": min_age or 0,
        "max_age": max_age,
        "description": r.text(m, "description", place),
        "receiving_unit": r.code(m, "receiving_unit", place),
        "front_desk": r.code(m, "front_desk", place, required=False),
        "out_of_hours": out_of_hours[0] if out_of_hours else "",
        "other_out_of_hours": out_of_hours[1:],
        "advice": advice,
        "districts": districts,
        "warning_signs": signs,
        "procedure": {
            "title": r.text(procedure, "title", procedure_place, max_length=300),
            "intro": r.text(procedure, "intro", procedure_place),
            "steps": steps,
        },
        "procedures": procedures,
        "duty_to_report": duties,
        "_place": place,
    }


def _ages(r: Reader, place: str, m: dict) -> tuple[int | None, int | None]:
    """(min, max) in whole years; max None: no upper limit."""
    ages = r.mapping(m.get("ages"), join(place, "ages"), ("min", "max")) or {}
    min_age = r.integer(ages, "min", join(place, "ages"), maximum=130)
    max_age = r.integer(ages, "max", join(place, "ages"), maximum=130)
    if min_age is not None and max_age is not None and max_age < min_age:
        r.error(join(place, "ages"), f"max ({max_age}) is below min ({min_age})")
    return min_age, max_age


def _advice(r: Reader, place: str, m: dict) -> list[dict]:
    """Units that advise on the group; a plain code is short for {unit: code}. `{one_of: [a, b]}`
    lists alternatives ("contact SSP or the security consultants first"): one row per unit, with
    the same `one_of_group` (1, 2, ...); without it each unit is meant."""
    advice, alternatives = [], 0
    for a_place, item in r.items(m, "advice", place):
        if isinstance(item, str):
            item = {"unit": item}
        a = r.mapping(item, a_place, ("unit", "one_of", "required_before_report", "note"))
        if a is None:
            continue
        common = {
            "required_before_report": r.boolean(a, "required_before_report", a_place, default=False),
            "note": r.text(a, "note", a_place),
            "_place": a_place,
        }
        if ("unit" in a) == ("one_of" in a):
            r.error(a_place, "give either unit or one_of (a list of units of which the plan asks for one)")
            continue
        if "unit" in a:
            unit = r.code(a, "unit", a_place)
            advice.append({"unit": unit, "one_of_group": 0, "_unit_place": join(a_place, "unit"), **common})
            continue
        codes = r.text_list(a, "one_of", a_place, required=True)
        if len(set(codes)) < 2:
            r.error(join(a_place, "one_of"), "lists at least two different units (else use unit)")
        alternatives += 1
        for j, code in enumerate(codes):
            one = {"unit": code, "one_of_group": alternatives, "_unit_place": f"{join(a_place, 'one_of')}[{j}]"}
            advice.append({**one, **common})
    return advice


def _postcodes(r: Reader, d: dict, key: str, d_place: str) -> list[str]:
    postcodes = []
    for p_place, code in r.items(d, key, d_place, required=True):
        code = f"{code:04d}" if isinstance(code, int) and not isinstance(code, bool) else code
        if not isinstance(code, str) or not POSTCODE_RE.match(code.strip()):
            r.error(p_place, f"{show(code)} is not a 4-digit postcode")
            continue
        postcodes.append(code.strip())
    return postcodes


def _districts(r: Reader, place: str, m: dict) -> list[dict]:
    """District units by 4-digit postcode (a postcode written as a number keeps its leading zero);
    the postcodes may be unconfirmed ({value: [...], unconfirmed: why})."""
    districts = []
    for d_place, item in r.items(m, "districts", place):
        d = r.mapping(item, d_place, ("name", "unit", "postcodes"), ("unit", "postcodes"))
        if d is None:
            continue
        postcodes, note = r.fact(d, "postcodes", d_place, lambda m, k, p: _postcodes(r, m, k, p))
        districts.append(
            {
                "name": r.text(d, "name", d_place, max_length=200),
                "unit": r.code(d, "unit", d_place),
                "postcodes": postcodes,
                "unconfirmed": {"postcodes": note} if note else {},
                "_place": d_place,
            }
        )
    return districts


def _procedure_steps(r: Reader, procedure: dict, procedure_place: str) -> list[dict]:
    """The procedure's steps; a plain text step is short for {text: ...}."""
    steps = []
    for s_place, item in r.items(procedure, "steps", procedure_place):
        if isinstance(item, str):
            item = {"text": item}
        keys = (
            "text",
            "legal_reference",
            "partner",
            "as_needed",
            "before_involving_family",
            "involves_family",
            "precondition",
        )
        s = r.mapping(item, s_place, keys, ("text",))
        if s is not None:
            steps.append(
                {
                    "text": r.text(s, "text", s_place),
                    "legal_reference": r.text(s, "legal_reference", s_place, max_length=200),
                    "partner": r.code(s, "partner", s_place, required=False),
                    "as_needed": r.boolean(s, "as_needed", s_place, default=False),
                    "before_involving_family": r.boolean(s, "before_involving_family", s_place, default=False),
                    "involves_family": r.boolean(s, "involves_family", s_place, default=False),
                    "precondition": r.text(s, "precondition", s_place),
                    "_place": s_place,
                }
            )
    if any(s["involves_family"] for s in steps) and not any(s["before_involving_family"] for s in steps):
        r.warn(procedure_place, "a step involves the family, but no step before it assesses the risk")
    return steps
