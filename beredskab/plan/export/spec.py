"""From the database to the normalised spec: `plan_to_spec(plan)` builds the same structure that
`validation.validate_plan_data` makes from a file (typed values, unconfirmed facts in
`unconfirmed` maps), in a fixed number of queries."""

from django.db.models import Prefetch

from ..models import ContactUnit, Goal, Plan, TargetGroup
from ..validation import FORMAT_VERSION


def prefetched_plan(plan: Plan) -> Plan:
    """The plan with everything the export needs, in a fixed number of queries."""
    return (
        Plan.objects.filter(pk=plan.pk)
        .select_related("unknown_age_goes_to", "default_out_of_hours", "general_contact")
        .prefetch_related(
            "closure_days",
            "terms",
            "definitions",
            "centres",
            Prefetch(
                "units",
                queryset=ContactUnit.objects.select_related("centre", "forwards_to", "reached_via").prefetch_related(
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
    """The spec of a stored plan version; its sections in the order of the file."""
    plan = prefetched_plan(plan)
    return {
        "format": FORMAT_VERSION,
        "municipality": {"code": plan.municipality_code, "name": plan.municipality_name},
        "plan": _plan_texts(plan),
        "adoption": {
            "political_responsibility": plan.political_responsibility,
            "adopted_by": plan.adopted_by,
            "adopted_on": plan.adopted_on,
            "adopted_on_precision": plan.adopted_on_precision,
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
        "readers": [{"code": x.code, "name": x.name, "audience": x.audience} for x in plan.readers.all()],
        "warning_signs": {
            "intro": plan.signs_intro,
            "note": plan.signs_note,
            "source": plan.signs_source,
            "groups": [
                {"name": g.name, "min_age": g.min_age, "max_age": g.max_age, "signs": list(g.signs)}
                for g in plan.sign_groups.all()
            ],
        },
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
        "units": [_unit(unit) for unit in plan.units.all()],
        "routing": {
            "unknown_age_goes_to": _code(plan.unknown_age_goes_to),
            "out_of_hours": _code(plan.default_out_of_hours),
            "other_out_of_hours": list(plan.other_out_of_hours),
            "general_contact": _code(plan.general_contact),
            "closure_days": [{"month": c.month, "day": c.day, "name": c.name} for c in plan.closure_days.all()],
        },
        "target_groups": [_target_group(group) for group in plan.target_groups.all()],
        "acute": _acute(plan),
        "partners": [_partner(partner) for partner in plan.partners.all()],
        "prevention": _prevention(plan),
        "goals": [_goal(goal) for goal in plan.goals.all()],
        "implementation": {
            "dissemination": {"text": plan.dissemination_text, "channels": list(plan.dissemination_channels)},
            "partnership": plan.implementation_text,
        },
        "separate_routes": [
            {"topic": s.topic, "title": s.title, "text": s.text, "unit": _code(s.unit)}
            for s in plan.separate_routes.all()
        ],
        "unconfirmed": dict(plan.unconfirmed),
        "translations": {lang: dict(texts) for lang, texts in (plan.translations or {}).items()},
        "radar": [dict(rule) for rule in (plan.radar_rules or [])],
    }


def _plan_texts(plan: Plan) -> dict:
    return {
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
    }


def _unit(unit: ContactUnit) -> dict:
    """A contact unit; `hours` is {weekday 0-6: [(opens, closes), ...]} in time order."""
    hours: dict[int, list] = {}
    for h in sorted(unit.opening_hours.all(), key=lambda h: (h.weekday, h.opens)):
        hours.setdefault(h.weekday, []).append((h.opens, h.closes))
    return {
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
        "channel_rules": [dict(c) for c in unit.channel_rules],
        "reached_via": _code(unit.reached_via),
        "more_phones": [dict(p) for p in unit.more_phones],
        "url": unit.url,
        "closed_on_public_holidays": unit.closed_on_public_holidays,
        "special_days": [
            {"date": s.date, "opens": s.opens, "closes": s.closes, "note": s.note} for s in unit.special_days.all()
        ],
        "phone": unit.phone,
        "email": unit.email,
        "address": unit.address,
        "always_open": unit.always_open,
        "hours": hours,
        "unconfirmed": dict(unit.unconfirmed),
    }


def _target_group(group: TargetGroup) -> dict:
    return {
        "code": group.code,
        "name": group.name,
        "min_age": group.min_age,
        "max_age": group.max_age,
        "description": group.description,
        "receiving_unit": group.receiving_unit.code,
        "front_desk": _code(group.front_desk),
        "out_of_hours": _code(group.out_of_hours),
        "other_out_of_hours": list(group.other_out_of_hours),
        "advice": [
            {
                "unit": a.unit.code,
                "required_before_report": a.required_before_report,
                "one_of_group": a.one_of_group,
                "note": a.note,
            }
            for a in group.advice.all()
        ],
        "districts": [
            {"name": d.name, "unit": d.unit.code, "postcodes": list(d.postcodes), "unconfirmed": dict(d.unconfirmed)}
            for d in group.districts.all()
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
                    "involves_family": s.involves_family,
                    "precondition": s.precondition,
                }
                for s in group.procedure_steps.all()
            ],
        },
        "procedures": [
            {"reader": p.reader.code, "title": p.title, "intro": p.intro, "steps": [dict(s) for s in p.steps]}
            for p in group.reader_procedures.select_related("reader").order_by("reader__order", "pk")
        ],
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


def _acute(plan: Plan) -> dict:
    return {
        "intro": plan.acute_intro,
        "emergency": {
            "name": plan.emergency_name,
            "phone": plan.emergency_phone,
            "instruction": plan.emergency_instruction,
        },
        "steps": [{"text": s.text, "detail": s.detail} for s in plan.acute_steps.all()],
    }


def _partner(p) -> dict:
    return {
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


def _prevention(plan: Plan) -> dict:
    return {
        "intro": plan.prevention_intro,
        "source": plan.prevention_source,
        "levels": [
            {"level": p.level, "name": p.name, "description": p.description, "triangle_label": p.triangle_label}
            for p in sorted(plan.prevention_levels.all(), key=lambda p: p.rank)
        ],
    }


def _goal(g) -> dict:
    return {
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
