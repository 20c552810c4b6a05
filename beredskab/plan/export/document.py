"""From the normalised spec to the plan file's structure: `spec_to_document(spec)` leaves out
empty values and wraps unconfirmed facts as `{value: ..., unconfirmed: "..."}`, in the order
FORMAT.md describes."""

import datetime
from typing import Any

from ..models import CentreArea, DatePrecision, Plan, more_phone_field
from ..opening import clock_text
from ..validation.adoption import PLAN_FACT_PLACES
from ..validation.hours import ALWAYS, CLOSED
from ..vocabulary import WEEKDAY_KEYS
from .spec import plan_to_spec


def _range(opens: datetime.time, closes: datetime.time) -> str:
    """ "08:00-15:00"; a closing time of 00:00 is "24:00"."""
    return f"{clock_text(opens)}-{clock_text(closes, end=True)}"


def _compact(mapping: dict) -> dict:
    """Leave out empty values, so the file shows only what the plan says."""
    return {k: v for k, v in mapping.items() if v not in ("", None, [], {})}


def _wrap(value: Any, note: str | None) -> Any:
    return {"value": value, "unconfirmed": note} if note else value


def _hours_document(unit: dict) -> Any:
    if unit["always_open"]:
        return ALWAYS
    if not unit["hours"]:
        return None
    return {
        WEEKDAY_KEYS[day]: ", ".join(_range(o, c) for o, c in ranges) for day, ranges in sorted(unit["hours"].items())
    }


def _unit_document(unit: dict) -> dict:
    facts = unit["unconfirmed"]
    document = _compact(
        {
            "code": unit["code"],
            "name": unit["name"],
            "aliases": unit["aliases"],
            "centre": unit["centre"],
            "role": unit["role"],
            "via": unit["via"],
            "org_unit_code": unit["org_unit_code"],
            "phone": _wrap(unit["phone"], facts.get("phone")),
            "more_phones": [
                _compact({**p, "phone": _wrap(p["phone"], facts.get(more_phone_field(i)))})
                for i, p in enumerate(unit["more_phones"])
            ],
            "email": _wrap(unit["email"], facts.get("email")),
            "address": _wrap(unit["address"], facts.get("address")),
            "url": _wrap(unit["url"], facts.get("url")),
            "reached_via": unit["reached_via"],
            "channel_rules": unit["channel_rules"],
            "instruction": unit["instruction"],
            "forwards_to": unit["forwards_to"],
            "hours": _wrap(_hours_document(unit), facts.get("hours")),
            "special_days": [
                _compact(
                    {
                        "date": s["date"],
                        "hours": CLOSED if s["opens"] is None else _range(s["opens"], s["closes"]),
                        "note": s["note"],
                    }
                )
                for s in unit["special_days"]
            ],
            "description": unit["description"],
            "note": unit["note"],
        }
    )
    if not unit["closed_on_public_holidays"]:
        document["closed_on_public_holidays"] = False
    return document


def _steps_document(specs: list[dict]) -> list:
    steps = []
    for step in specs:
        extra = _compact(
            {
                "legal_reference": step["legal_reference"],
                "partner": step["partner"],
                "as_needed": step["as_needed"] or None,
                "before_involving_family": step["before_involving_family"] or None,
                "involves_family": step.get("involves_family") or None,
                "precondition": step.get("precondition"),
            }
        )
        steps.append({"text": step["text"], **extra} if extra else step["text"])
    return steps


def _district_document(district: dict) -> dict:
    postcodes = _wrap(district["postcodes"], district["unconfirmed"].get("postcodes"))
    return _compact({"name": district["name"], "unit": district["unit"], "postcodes": postcodes})


def _group_document(group: dict) -> dict:
    ages = _compact({"min": group["min_age"] or None, "max": group["max_age"]})
    if group["min_age"] == 0 and group["max_age"] is not None:
        ages = {"min": 0, "max": group["max_age"]}
    steps = _steps_document(group["procedure"]["steps"])
    advice, alternatives = [], {}
    for item in group["advice"]:
        extra = _compact({"required_before_report": item["required_before_report"] or None, "note": item["note"]})
        if item["one_of_group"]:
            if item["one_of_group"] in alternatives:
                alternatives[item["one_of_group"]]["one_of"].append(item["unit"])
                continue
            alternatives[item["one_of_group"]] = {"one_of": [item["unit"]], **extra}
            advice.append(alternatives[item["one_of_group"]])
            continue
        advice.append({"unit": item["unit"], **extra} if extra else item["unit"])
    return _compact(
        {
            "code": group["code"],
            "name": group["name"],
            "ages": ages,
            "description": group["description"],
            "receiving_unit": group["receiving_unit"],
            "districts": [_district_document(d) for d in group["districts"]],
            "front_desk": group["front_desk"],
            "advice": advice,
            "out_of_hours": [group["out_of_hours"], *group["other_out_of_hours"]]
            if group["other_out_of_hours"]
            else group["out_of_hours"],
            "warning_signs": group["warning_signs"],
            "procedure": _compact(
                {"title": group["procedure"]["title"], "intro": group["procedure"]["intro"], "steps": steps}
            ),
            "procedures": [_compact({**p, "steps": _steps_document(p["steps"])}) for p in group["procedures"]],
            "duty_to_report": [
                _compact(
                    {
                        "audience": d["audience"],
                        "duty": d["duty"],
                        "legal_reference": _wrap(d["legal_reference"], d["unconfirmed"].get("legal_reference")),
                        "anonymous_allowed": d["anonymous_allowed"] or None,
                        "sparring": d["sparring"],
                        "text": d["text"],
                    }
                )
                for d in group["duty_to_report"]
            ],
        }
    )


def _routing_document(routing: dict) -> dict:
    """The routing section; plan-wide out-of-hours alternatives as the file writes them (a list)."""
    routing = dict(routing)
    if others := routing.pop("other_out_of_hours", []):
        routing["out_of_hours"] = [routing["out_of_hours"], *others]
    return routing


def spec_to_document(spec: dict) -> dict:
    """The file structure for a spec, in the order FORMAT.md describes."""
    facts = spec["unconfirmed"]
    sections: dict[str, dict] = {"adoption": dict(spec["adoption"]), "revision": dict(spec["revision"])}
    precision = sections["adoption"].pop("adopted_on_precision", DatePrecision.DAY)
    if sections["adoption"]["adopted_on"] and precision != DatePrecision.DAY:
        day = sections["adoption"]["adopted_on"]
        sections["adoption"]["adopted_on"] = str(day.year) if precision == DatePrecision.YEAR else f"{day:%Y-%m}"
    sections["routing"] = routing = _routing_document(spec["routing"])
    for field, (section, key) in PLAN_FACT_PLACES.items():
        sections[section][key] = _wrap(sections[section][key], facts.get(field))
    acute = spec["acute"]
    document = {
        "format": spec["format"],
        "municipality": spec["municipality"],
        "plan": _compact(spec["plan"]),
        "adoption": _compact(sections["adoption"]),
        "revision": _compact(sections["revision"]),
        "terms": spec["terms"],
        "readers": spec["readers"],
        "definitions": [_compact(d) for d in spec["definitions"]],
        "warning_signs": _compact(
            {
                **spec["warning_signs"],
                "groups": [
                    _compact(
                        {
                            "name": g["name"],
                            "ages": _compact({"min": g["min_age"] or None, "max": g["max_age"]}),
                            "signs": g["signs"],
                        }
                    )
                    for g in spec["warning_signs"]["groups"]
                ],
            }
        ),
        "centres": [
            _compact({**c, "area": None if c["area"] == CentreArea.ALL else c["area"]}) for c in spec["centres"]
        ],
        "units": [_unit_document(u) for u in spec["units"]],
        "routing": _compact(routing),
        "target_groups": [_group_document(g) for g in spec["target_groups"]],
        "acute": _compact(
            {
                "intro": acute["intro"],
                "emergency": _compact(acute["emergency"]),
                "steps": [_compact(s) if s["detail"] else s["text"] for s in acute["steps"]],
            }
        ),
        "partners": [
            _compact(
                {
                    "code": p["code"],
                    "kind": p["kind"],
                    "name": p["name"],
                    "purpose": p["purpose"],
                    "phone": _wrap(p["phone"], p["unconfirmed"].get("phone")),
                    "email": _wrap(p["email"], p["unconfirmed"].get("email")),
                    "url": _wrap(p["url"], p["unconfirmed"].get("url")),
                    "legal_reference": p["legal_reference"],
                    "note": p["note"],
                }
            )
            for p in spec["partners"]
        ],
        "prevention": _compact({**spec["prevention"], "levels": [_compact(x) for x in spec["prevention"]["levels"]]}),
        "goals": [_compact({**g, "activities": [_compact(a) for a in g["activities"]]}) for g in spec["goals"]],
        "implementation": _compact(
            {
                "dissemination": _compact(spec["implementation"]["dissemination"]),
                "partnership": spec["implementation"]["partnership"],
            }
        ),
        "separate_routes": [_compact(s) for s in spec["separate_routes"]],
        "translations": {lang: texts for lang, texts in spec.get("translations", {}).items() if texts},
        "radar": {"rules": spec["radar"]} if spec.get("radar") else None,
    }
    return _compact(document)


def plan_to_document(plan: Plan) -> dict:
    return spec_to_document(plan_to_spec(plan))
