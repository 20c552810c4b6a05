"""From the database back to the plan file format, and differences between versions.

`plan_to_spec(plan)` builds the same normalised spec that `validation.validate_plan_data`
makes from a file; `spec_to_document(spec)` turns a spec into the file structure (with
unconfirmed facts wrapped as `{value: ..., unconfirmed: "..."}`); `dump_yaml` writes it.
So `validate(export(load(file)))` gives back the spec of `file` (the round trip).
"""

import datetime
from dataclasses import dataclass
from typing import Any

import yaml
from django.db.models import Prefetch

from .models import (
    CentreArea,
    ContactUnit,
    Goal,
    Plan,
    TargetGroup,
)
from .validation import FORMAT_VERSION
from .validation.adoption import PLAN_FACT_PLACES
from .validation.hours import ALWAYS, CLOSED
from .vocabulary import WEEKDAY_KEYS

MIDNIGHT = datetime.time(0, 0)


def _clock(value: datetime.time, *, end: bool = False) -> str:
    return "24:00" if end and value == MIDNIGHT else value.strftime("%H:%M")


def _range(opens: datetime.time, closes: datetime.time) -> str:
    return f"{_clock(opens)}-{_clock(closes, end=True)}"


# --- database -> spec ------------------------------------------------------------------


def prefetched_plan(plan: Plan) -> Plan:
    """The plan with everything the export needs, in a fixed number of queries."""
    return (
        Plan.objects.filter(pk=plan.pk)
        .select_related("unknown_age_goes_to", "default_out_of_hours")
        .prefetch_related(
            "closure_days",
            "terms",
            "definitions",
            "centres",
            Prefetch(
                "units",
                queryset=ContactUnit.objects.select_related("centre", "forwards_to").prefetch_related(
                    "opening_hours", "special_days"
                ),
            ),
            Prefetch(
                "target_groups",
                queryset=TargetGroup.objects.select_related(
                    "receiving_unit", "front_desk", "out_of_hours"
                ).prefetch_related(
                    "advice__unit",
                    "districts__unit",
                    "warning_signs",
                    "procedure_steps__partner",
                    "duties__sparring_unit",
                ),
            ),
            "acute_steps",
            "partners",
            "prevention_levels",
            Prefetch("goals", queryset=Goal.objects.prefetch_related("activities__partner")),
            "separate_routes__unit",
        )
        .get()
    )


def _code(obj) -> str:
    return obj.code if obj is not None else ""


def plan_to_spec(plan: Plan) -> dict:
    plan = prefetched_plan(plan)
    units = []
    for unit in plan.units.all():
        hours: dict[int, list] = {}
        for h in sorted(unit.opening_hours.all(), key=lambda h: (h.weekday, h.opens)):
            hours.setdefault(h.weekday, []).append((h.opens, h.closes))
        units.append(
            {
                "code": unit.code,
                "name": unit.name,
                "aliases": list(unit.aliases),
                "centre": _code(unit.centre),
                "role": unit.role,
                "via": unit.via,
                "org_unit_code": unit.org_unit_code,
                "description": unit.description,
                "instruction": unit.instruction,
                "note": unit.note,
                "forwards_to": _code(unit.forwards_to),
                "closed_on_public_holidays": unit.closed_on_public_holidays,
                "special_days": [
                    {"date": s.date, "opens": s.opens, "closes": s.closes, "note": s.note}
                    for s in unit.special_days.all()
                ],
                "phone": unit.phone,
                "email": unit.email,
                "address": unit.address,
                "always_open": unit.always_open,
                "hours": hours,
                "unconfirmed": dict(unit.unconfirmed),
            }
        )
    groups = []
    for group in plan.target_groups.all():
        groups.append(
            {
                "code": group.code,
                "name": group.name,
                "min_age": group.min_age,
                "max_age": group.max_age,
                "description": group.description,
                "receiving_unit": group.receiving_unit.code,
                "front_desk": _code(group.front_desk),
                "out_of_hours": _code(group.out_of_hours),
                "advice": [
                    {"unit": a.unit.code, "required_before_report": a.required_before_report, "note": a.note}
                    for a in group.advice.all()
                ],
                "districts": [
                    {"name": d.name, "unit": d.unit.code, "postcodes": list(d.postcodes)} for d in group.districts.all()
                ],
                "warning_signs": [s.text for s in group.warning_signs.all()],
                "procedure": {
                    "title": group.procedure_title,
                    "intro": group.procedure_intro,
                    "steps": [
                        {
                            "text": s.text,
                            "legal_reference": s.legal_reference,
                            "partner": _code(s.partner),
                            "as_needed": s.as_needed,
                            "before_involving_family": s.before_involving_family,
                        }
                        for s in group.procedure_steps.all()
                    ],
                },
                "duty_to_report": [
                    {
                        "audience": d.audience,
                        "duty": d.duty,
                        "text": d.text,
                        "anonymous_allowed": d.anonymous_allowed,
                        "sparring": _code(d.sparring_unit),
                        "legal_reference": d.legal_reference,
                        "unconfirmed": dict(d.unconfirmed),
                    }
                    for d in group.duties.all()
                ],
            }
        )
    return {
        "format": FORMAT_VERSION,
        "municipality": {"code": plan.municipality_code, "name": plan.municipality_name},
        "plan": {
            "title": plan.title,
            "version": plan.version_label,
            "source": plan.source,
            "introduction": plan.introduction,
            "scope": plan.scope_text,
            "purpose": plan.purpose_text,
            "topics": list(plan.topics),
            "target_group_text": plan.target_group_text,
            "organisation_text": plan.organisation_text,
            "contact_text": plan.contact_text,
        },
        "adoption": {
            "political_responsibility": plan.political_responsibility,
            "adopted_by": plan.adopted_by,
            "adopted_on": plan.adopted_on,
            "published_on": plan.published_on,
        },
        "revision": {
            "responsible": plan.revision_responsible,
            "coordination": plan.coordination_responsible,
            "note": plan.revision_note,
            "due": plan.revision_due,
        },
        "terms": {t.key: t.word for t in plan.terms.all()},
        "definitions": [
            {"code": d.code, "term": d.term, "text": d.text, "source": d.source} for d in plan.definitions.all()
        ],
        "warning_signs": {"intro": plan.signs_intro, "note": plan.signs_note, "source": plan.signs_source},
        "centres": [
            {
                "code": c.code,
                "name": c.name,
                "aliases": list(c.aliases),
                "area": c.area,
                "description": c.description,
                "note": c.note,
            }
            for c in plan.centres.all()
        ],
        "units": units,
        "routing": {
            "unknown_age_goes_to": _code(plan.unknown_age_goes_to),
            "out_of_hours": _code(plan.default_out_of_hours),
            "closure_days": [{"month": c.month, "day": c.day, "name": c.name} for c in plan.closure_days.all()],
        },
        "target_groups": groups,
        "acute": {
            "intro": plan.acute_intro,
            "emergency": {
                "name": plan.emergency_name,
                "phone": plan.emergency_phone,
                "instruction": plan.emergency_instruction,
            },
            "steps": [{"text": s.text, "detail": s.detail} for s in plan.acute_steps.all()],
        },
        "partners": [
            {
                "code": p.code,
                "kind": p.kind,
                "name": p.name,
                "purpose": p.purpose,
                "legal_reference": p.legal_reference,
                "note": p.note,
                "unconfirmed": dict(p.unconfirmed),
                "phone": p.phone,
                "email": p.email,
                "url": p.url,
            }
            for p in plan.partners.all()
        ],
        "prevention": {
            "intro": plan.prevention_intro,
            "source": plan.prevention_source,
            "levels": [
                {"level": p.level, "name": p.name, "description": p.description, "triangle_label": p.triangle_label}
                for p in sorted(plan.prevention_levels.all(), key=lambda p: p.rank)
            ],
        },
        "goals": [
            {
                "code": g.code,
                "title": g.title,
                "description": g.description,
                "period": g.period,
                "activities": [
                    {
                        "kind": a.kind,
                        "title": a.title,
                        "description": a.description,
                        "audience": a.audience,
                        "formats": list(a.formats),
                        "due": a.due,
                        "partner": _code(a.partner),
                    }
                    for a in g.activities.all()
                ],
            }
            for g in plan.goals.all()
        ],
        "implementation": {
            "dissemination": {"text": plan.dissemination_text, "channels": list(plan.dissemination_channels)},
            "partnership": plan.implementation_text,
        },
        "separate_routes": [
            {"topic": s.topic, "title": s.title, "text": s.text, "unit": _code(s.unit)}
            for s in plan.separate_routes.all()
        ],
        "unconfirmed": dict(plan.unconfirmed),
    }


# --- spec -> file document -------------------------------------------------------------


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
            "email": _wrap(unit["email"], facts.get("email")),
            "address": _wrap(unit["address"], facts.get("address")),
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


def _group_document(group: dict) -> dict:
    ages = _compact({"min": group["min_age"] or None, "max": group["max_age"]})
    if group["min_age"] == 0 and group["max_age"] is not None:
        ages = {"min": 0, "max": group["max_age"]}
    steps = []
    for step in group["procedure"]["steps"]:
        extra = _compact(
            {
                "legal_reference": step["legal_reference"],
                "partner": step["partner"],
                "as_needed": step["as_needed"] or None,
                "before_involving_family": step["before_involving_family"] or None,
            }
        )
        steps.append({"text": step["text"], **extra} if extra else step["text"])
    advice = []
    for item in group["advice"]:
        extra = _compact({"required_before_report": item["required_before_report"] or None, "note": item["note"]})
        advice.append({"unit": item["unit"], **extra} if extra else item["unit"])
    return _compact(
        {
            "code": group["code"],
            "name": group["name"],
            "ages": ages,
            "description": group["description"],
            "receiving_unit": group["receiving_unit"],
            "districts": [_compact(d) for d in group["districts"]],
            "front_desk": group["front_desk"],
            "advice": advice,
            "out_of_hours": group["out_of_hours"],
            "warning_signs": group["warning_signs"],
            "procedure": _compact(
                {"title": group["procedure"]["title"], "intro": group["procedure"]["intro"], "steps": steps}
            ),
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


def spec_to_document(spec: dict) -> dict:
    """The file structure for a spec, in the order FORMAT.md describes."""
    facts = spec["unconfirmed"]
    sections: dict[str, dict] = {"adoption": dict(spec["adoption"]), "revision": dict(spec["revision"])}
    routing = dict(spec["routing"])
    sections["routing"] = routing
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
        "definitions": [_compact(d) for d in spec["definitions"]],
        "warning_signs": _compact(spec["warning_signs"]),
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
    }
    return _compact(document)


def plan_to_document(plan: Plan) -> dict:
    return spec_to_document(plan_to_spec(plan))


# --- YAML ------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Readable YAML: indented lists, multi-line text as blocks, Danish letters as they are."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(document: dict, *, header: str = "") -> str:
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2)
    if header:
        comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
        return comment + body
    return body


def export_plan_yaml(plan: Plan) -> str:
    header = (
        f"Beredskabsplan for {plan.municipality_name}, version {plan.version_label} ({plan.get_status_display()}).\n"
        "Eksporteret fra Beredskab. Filformatet er beskrevet i beredskab/plan/FORMAT.md."
    )
    return dump_yaml(plan_to_document(plan), header=header)


# --- differences -----------------------------------------------------------------------

# List items are matched by these keys (in this order) when they have one, else by position.
_ITEM_KEYS = ("code", "level", "audience", "topic", "unit")


@dataclass(frozen=True)
class Difference:
    place: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"

    @property
    def old_display(self) -> str:
        return _short(self.old)

    @property
    def new_display(self) -> str:
        return _short(self.new)

    def __str__(self) -> str:
        if self.kind == "added":
            return f"{self.place}: tilføjet {_short(self.new)}"
        if self.kind == "removed":
            return f"{self.place}: fjernet (var {_short(self.old)})"
        return f"{self.place}: {_short(self.old)} → {_short(self.new)}"


def _short(value: Any, limit: int = 120) -> str:
    if isinstance(value, dict | list):
        text = yaml.dump(
            value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10**6
        )
        text = text.strip()
    elif isinstance(value, str):
        text = f'"{value}"'
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _item_key(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in _ITEM_KEYS:
            if isinstance(item.get(key), str) and item[key]:
                return item[key]
    return None


def _diff(old: Any, new: Any, place: str, out: list[Difference]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            here = f"{place}.{key}" if place else str(key)
            if key not in new:
                out.append(Difference(here, old[key], None))
            elif key not in old:
                out.append(Difference(here, None, new[key]))
            else:
                _diff(old[key], new[key], here, out)
        return
    if isinstance(old, list) and isinstance(new, list):
        old_keys, new_keys = [_item_key(i) for i in old], [_item_key(i) for i in new]
        keyed = all(old_keys) and all(new_keys) and len(set(old_keys)) == len(old) and len(set(new_keys)) == len(new)
        if keyed:
            old_map, new_map = dict(zip(old_keys, old, strict=True)), dict(zip(new_keys, new, strict=True))
            for key in old_keys + [k for k in new_keys if k not in old_map]:
                here = f"{place}[{key}]"
                if key not in new_map:
                    out.append(Difference(here, old_map[key], None))
                elif key not in old_map:
                    out.append(Difference(here, None, new_map[key]))
                else:
                    _diff(old_map[key], new_map[key], here, out)
            if [k for k in old_keys if k in new_map] != [k for k in new_keys if k in old_map]:
                out.append(Difference(f"{place} (rækkefølge)", old_keys, new_keys))
            return
        for index in range(max(len(old), len(new))):
            here = f"{place}[{index}]"
            if index >= len(new):
                out.append(Difference(here, old[index], None))
            elif index >= len(old):
                out.append(Difference(here, None, new[index]))
            else:
                _diff(old[index], new[index], here, out)
        return
    if old != new:
        out.append(Difference(place, old, new))


def diff_documents(old: dict, new: dict) -> list[Difference]:
    out: list[Difference] = []
    _diff(old, new, "", out)
    return out
