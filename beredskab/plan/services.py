"""Writes to plans. Each service runs in one transaction and writes its audit event in it.

Life cycle of a version: a plan file is imported as a draft (`plan_import`), or a draft is
copied from an existing version (`plan_draft_new_version`); a draft is adopted
(`plan_adopt`), which archives the version in force, so exactly one version per
municipality is in force (also enforced by a partial unique constraint); a draft can be
archived (`plan_archive`). Unconfirmed facts are confirmed with `plan_fact_confirm`.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record
from beredskab.core import dates

from . import audit_actions
from .export import Difference, diff_documents, plan_to_document, plan_to_spec
from .facts import resolve_fact
from .models import (
    AcuteStep,
    Centre,
    ClosureDay,
    ContactUnit,
    Definition,
    District,
    DutyToReport,
    Goal,
    GoalActivity,
    OpeningHours,
    Partner,
    Plan,
    PlanStatus,
    PreventionLevel,
    ProcedureStep,
    SeparateRoute,
    SpecialDay,
    TargetGroup,
    TargetGroupAdvice,
    Term,
    WarningSign,
    latest_revision_due,
)
from .validation import validate_plan_data

_ADOPTION_FACTS = ("adopted_by", "adopted_on", "published_on", "revision_due")


def _build(spec: dict, *, version_label: str, derived_from: Plan | None = None) -> Plan:
    """Create a draft and all its parts from a validated spec."""
    info, adoption, revision, routing = spec["plan"], spec["adoption"], spec["revision"], spec["routing"]
    signs, acute = spec["warning_signs"], spec["acute"]
    plan = Plan.objects.create(
        municipality_code=spec["municipality"]["code"],
        municipality_name=spec["municipality"]["name"],
        title=info["title"],
        version_label=version_label,
        status=PlanStatus.DRAFT,
        source=info["source"],
        introduction=info["introduction"],
        scope_text=info["scope"],
        purpose_text=info["purpose"],
        topics=info["topics"],
        target_group_text=info["target_group_text"],
        organisation_text=info["organisation_text"],
        contact_text=info["contact_text"],
        signs_intro=signs["intro"],
        signs_note=signs["note"],
        signs_source=signs["source"],
        adopted_by=adoption["adopted_by"],
        adopted_on=adoption["adopted_on"],
        published_on=adoption["published_on"],
        political_responsibility=adoption["political_responsibility"],
        revision_due=revision["due"],
        revision_responsible=revision["responsible"],
        coordination_responsible=revision["coordination"],
        revision_note=revision["note"],
        acute_intro=acute["intro"],
        emergency_name=acute["emergency"]["name"],
        emergency_phone=acute["emergency"]["phone"],
        emergency_instruction=acute["emergency"]["instruction"],
        prevention_intro=spec["prevention"]["intro"],
        prevention_source=spec["prevention"]["source"],
        dissemination_text=spec["implementation"]["dissemination"]["text"],
        dissemination_channels=spec["implementation"]["dissemination"]["channels"],
        implementation_text=spec["implementation"]["partnership"],
        unconfirmed=dict(spec["unconfirmed"]),
        derived_from=derived_from,
    )
    ClosureDay.objects.bulk_create(ClosureDay(plan=plan, **c) for c in routing["closure_days"])
    Term.objects.bulk_create(Term(plan=plan, key=k, word=w) for k, w in spec["terms"].items())
    Definition.objects.bulk_create(Definition(plan=plan, order=i, **d) for i, d in enumerate(spec["definitions"]))
    AcuteStep.objects.bulk_create(AcuteStep(plan=plan, order=i, **s) for i, s in enumerate(acute["steps"]))
    PreventionLevel.objects.bulk_create(PreventionLevel(plan=plan, **p) for p in spec["prevention"]["levels"])
    centres = {c["code"]: Centre.objects.create(plan=plan, order=i, **c) for i, c in enumerate(spec["centres"])}
    partners = {}
    for i, p in enumerate(spec["partners"]):
        partners[p["code"]] = Partner.objects.create(plan=plan, order=i, **p)

    units: dict[str, ContactUnit] = {}
    hours, special_days = [], []
    for i, u in enumerate(spec["units"]):
        unit = ContactUnit.objects.create(
            plan=plan,
            order=i,
            code=u["code"],
            name=u["name"],
            aliases=u["aliases"],
            centre=centres.get(u["centre"]),
            role=u["role"],
            via=u["via"],
            org_unit_code=u["org_unit_code"],
            phone=u["phone"],
            email=u["email"],
            address=u["address"],
            description=u["description"],
            instruction=u["instruction"],
            note=u["note"],
            always_open=u["always_open"],
            closed_on_public_holidays=u["closed_on_public_holidays"],
            unconfirmed=dict(u["unconfirmed"]),
        )
        units[unit.code] = unit
        hours += [
            OpeningHours(unit=unit, weekday=day, opens=o, closes=c)
            for day, ranges in u["hours"].items()
            for o, c in ranges
        ]
        special_days += [SpecialDay(unit=unit, **s) for s in u["special_days"]]
    OpeningHours.objects.bulk_create(hours)
    SpecialDay.objects.bulk_create(special_days)
    for u in spec["units"]:
        if u["forwards_to"]:
            ContactUnit.objects.filter(pk=units[u["code"]].pk).update(forwards_to=units[u["forwards_to"]])

    groups: dict[str, TargetGroup] = {}
    advice, districts, signs_rows, steps, duties = [], [], [], [], []
    for i, g in enumerate(spec["target_groups"]):
        group = TargetGroup.objects.create(
            plan=plan,
            order=i,
            code=g["code"],
            name=g["name"],
            min_age=g["min_age"],
            max_age=g["max_age"],
            description=g["description"],
            receiving_unit=units[g["receiving_unit"]],
            front_desk=units.get(g["front_desk"]),
            out_of_hours=units.get(g["out_of_hours"]),
            procedure_title=g["procedure"]["title"],
            procedure_intro=g["procedure"]["intro"],
        )
        groups[group.code] = group
        advice += [
            TargetGroupAdvice(
                target_group=group,
                order=j,
                unit=units[a["unit"]],
                required_before_report=a["required_before_report"],
                note=a["note"],
            )
            for j, a in enumerate(g["advice"])
        ]
        districts += [
            District(target_group=group, order=j, name=d["name"], unit=units[d["unit"]], postcodes=d["postcodes"])
            for j, d in enumerate(g["districts"])
        ]
        signs_rows += [WarningSign(target_group=group, order=j, text=t) for j, t in enumerate(g["warning_signs"])]
        steps += [
            ProcedureStep(
                target_group=group,
                order=j,
                text=s["text"],
                legal_reference=s["legal_reference"],
                partner=partners.get(s["partner"]),
                as_needed=s["as_needed"],
                before_involving_family=s["before_involving_family"],
            )
            for j, s in enumerate(g["procedure"]["steps"])
        ]
        duties += [
            DutyToReport(
                target_group=group,
                order=j,
                audience=d["audience"],
                duty=d["duty"],
                text=d["text"],
                legal_reference=d["legal_reference"],
                anonymous_allowed=d["anonymous_allowed"],
                sparring_unit=units.get(d["sparring"]),
                unconfirmed=dict(d["unconfirmed"]),
            )
            for j, d in enumerate(g["duty_to_report"])
        ]
    TargetGroupAdvice.objects.bulk_create(advice)
    District.objects.bulk_create(districts)
    WarningSign.objects.bulk_create(signs_rows)
    ProcedureStep.objects.bulk_create(steps)
    DutyToReport.objects.bulk_create(duties)

    activities = []
    for i, g in enumerate(spec["goals"]):
        goal = Goal.objects.create(
            plan=plan, order=i, code=g["code"], title=g["title"], description=g["description"], period=g["period"]
        )
        activities += [
            GoalActivity(
                goal=goal,
                order=j,
                kind=a["kind"],
                title=a["title"],
                description=a["description"],
                audience=a["audience"],
                formats=a["formats"],
                due=a["due"],
                partner=partners.get(a["partner"]),
            )
            for j, a in enumerate(g["activities"])
        ]
    GoalActivity.objects.bulk_create(activities)
    SeparateRoute.objects.bulk_create(
        SeparateRoute(plan=plan, order=i, topic=s["topic"], title=s["title"], text=s["text"], unit=units.get(s["unit"]))
        for i, s in enumerate(spec["separate_routes"])
    )

    plan.unknown_age_goes_to = groups.get(routing["unknown_age_goes_to"])
    plan.default_out_of_hours = units.get(routing["out_of_hours"])
    plan.save(update_fields=["unknown_age_goes_to", "default_out_of_hours"])
    return plan


def _version_taken(municipality_code: str, version_label: str) -> bool:
    return Plan.objects.filter(municipality_code=municipality_code, version_label=version_label).exists()


def _summary(plan: Plan) -> dict[str, Any]:
    return {"municipality": plan.municipality_code, "version": plan.version_label, "status": plan.status}


@transaction.atomic
def plan_import(*, actor, spec: dict, version_label: str | None = None, source_name: str = "") -> Plan:
    """Create a draft from a validated spec (see `loader.load_plan_file` for files)."""
    label = (version_label or spec["plan"]["version"]).strip()
    municipality = spec["municipality"]["code"]
    if _version_taken(municipality, label):
        raise ValidationError(
            _("Version %(version)s af planen for %(municipality)s findes allerede. Giv filen et nyt versionsnavn.")
            % {"version": label, "municipality": municipality}
        )
    plan = _build(spec, version_label=label)
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_IMPORTED,
        target=plan,
        new={**_summary(plan), "file": source_name, "unconfirmed_facts": len(plan.unconfirmed_facts())},
    )
    return plan


def _next_draft_label(plan: Plan) -> str:
    base = plan.version_label
    for n in range(1, 1000):
        label = f"{base} udkast {n}"[:60]
        if not _version_taken(plan.municipality_code, label):
            return label
    raise ValidationError(_("Kunne ikke finde et ledigt versionsnavn."))


@transaction.atomic
def plan_draft_new_version(*, actor, from_plan: Plan, version_label: str | None = None) -> Plan:
    """A deep copy of `from_plan` as a new draft, without the adoption (the draft is not adopted)."""
    label = (version_label or "").strip() or _next_draft_label(from_plan)
    if _version_taken(from_plan.municipality_code, label):
        raise ValidationError({"version_label": _("Der findes allerede en version med dette navn.")})
    spec = plan_to_spec(from_plan)
    spec["adoption"].update(adopted_by="", adopted_on=None, published_on=None)
    spec["revision"]["due"] = None
    spec["unconfirmed"] = {k: v for k, v in spec["unconfirmed"].items() if k not in _ADOPTION_FACTS}
    plan = _build(spec, version_label=label, derived_from=from_plan)
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_DRAFTED,
        target=plan,
        new={**_summary(plan), "from_plan_id": from_plan.pk, "from_version": from_plan.version_label},
    )
    return plan


def plan_compare(a: Plan, b: Plan) -> list[Difference]:
    """What changed from version `a` to version `b`, as readable differences (file places)."""
    return diff_documents(plan_to_document(a), plan_to_document(b))


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _lock_municipality(municipality_code: str) -> list[Plan]:
    """Lock every version of the municipality's plan, so two adoptions cannot interleave."""
    return list(Plan.objects.select_for_update().filter(municipality_code=municipality_code).order_by("pk"))


@transaction.atomic
def plan_adopt(
    *,
    actor,
    plan: Plan,
    adopted_by: str,
    adopted_on: datetime.date,
    published_on: datetime.date | None = None,
) -> Plan:
    """Adopt a draft: it comes into force and the version in force until now is archived."""
    versions = {p.pk: p for p in _lock_municipality(plan.municipality_code)}
    locked = versions[plan.pk]
    if locked.status != PlanStatus.DRAFT:
        raise ValidationError(_("Kun et udkast kan vedtages."))
    adopted_by = (adopted_by or "").strip()
    if not adopted_by:
        raise ValidationError({"adopted_by": _("Skriv, hvem der har vedtaget planen, fx byrådet.")})
    if adopted_on is None:
        raise ValidationError({"adopted_on": _("Angiv datoen for vedtagelsen.")})
    for name, value in (("adopted_on", adopted_on), ("published_on", published_on)):
        if problem := dates.PLAN_DATE.problem(value):
            raise ValidationError({name: problem})
    result = validate_plan_data(plan_to_document(locked))
    if not result.ok:
        raise ValidationError([_("Planen har fejl og kan ikke vedtages:"), *result.errors])
    latest = latest_revision_due(adopted_on)
    if locked.revision_due is None:
        locked.revision_due = latest
    elif locked.revision_due > latest or locked.revision_due <= adopted_on:
        raise ValidationError(
            {
                "adopted_on": _(
                    "Næste revision (%(due)s) skal ligge efter vedtagelsen og senest 4 år efter (senest %(latest)s)."
                )
                % {"due": date_format(locked.revision_due, "j. F Y"), "latest": date_format(latest, "j. F Y")}
            }
        )

    for previous in versions.values():
        if previous.status == PlanStatus.ADOPTED:
            previous.status = PlanStatus.ARCHIVED
            previous.archived_at = timezone.now()
            previous.save(update_fields=["status", "archived_at"])
            audit_record(
                actor=actor,
                action=audit_actions.PLAN_ARCHIVED,
                target=previous,
                old={"status": PlanStatus.ADOPTED},
                new={"status": PlanStatus.ARCHIVED, "replaced_by": locked.pk},
            )

    old = {
        "status": locked.status,
        "adopted_by": locked.adopted_by,
        "adopted_on": locked.adopted_on,
        "published_on": locked.published_on,
    }
    unconfirmed = dict(locked.unconfirmed)
    # A value the coordinator states when adopting is confirmed by that statement.
    if adopted_by != locked.adopted_by:
        unconfirmed.pop("adopted_by", None)
    if adopted_on != locked.adopted_on:
        unconfirmed.pop("adopted_on", None)
    if published_on is not None and published_on != locked.published_on:
        unconfirmed.pop("published_on", None)
    locked.status = PlanStatus.ADOPTED
    locked.adopted_by = adopted_by
    locked.adopted_on = adopted_on
    locked.published_on = published_on or locked.published_on
    locked.unconfirmed = unconfirmed
    locked.save(update_fields=["status", "adopted_by", "adopted_on", "published_on", "revision_due", "unconfirmed"])
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_ADOPTED,
        target=locked,
        old=old,
        new={
            "status": locked.status,
            "adopted_by": adopted_by,
            "adopted_on": adopted_on,
            "published_on": locked.published_on,
            "revision_due": locked.revision_due,
        },
    )
    return locked


@transaction.atomic
def plan_archive(*, actor, plan: Plan) -> Plan:
    """Archive a draft that will not be adopted. The version in force is archived only by
    adopting its successor, so a municipality is never left without a plan by mistake."""
    locked = _locked(plan)
    if locked.status == PlanStatus.ARCHIVED:
        raise ValidationError(_("Versionen er allerede arkiveret."))
    if locked.status == PlanStatus.ADOPTED:
        raise ValidationError(_("Planen i kraft arkiveres, når en ny version vedtages."))
    locked.status = PlanStatus.ARCHIVED
    locked.archived_at = timezone.now()
    locked.save(update_fields=["status", "archived_at"])
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_ARCHIVED,
        target=locked,
        old={"status": PlanStatus.DRAFT},
        new={"status": PlanStatus.ARCHIVED},
    )
    return locked


@transaction.atomic
def plan_fact_confirm(*, actor, plan: Plan, fact_key: str) -> None:
    """Mark an unconfirmed fact (e.g. opening hours) as confirmed by the plan coordinator."""
    locked = _locked(plan)
    if locked.status == PlanStatus.ARCHIVED:
        raise ValidationError(_("En arkiveret version kan ikke ændres."))
    obj, field = resolve_fact(locked, fact_key, for_update=True)
    if not obj.is_unconfirmed(field):
        raise ValidationError(_("Oplysningen er allerede bekræftet."))
    unconfirmed = dict(obj.unconfirmed)
    note = unconfirmed.pop(field)
    obj.unconfirmed = unconfirmed
    obj.save(update_fields=["unconfirmed"])
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_FACT_CONFIRMED,
        target=obj,
        old={"plan_id": locked.pk, "field": field, "unconfirmed": note},
        new={"plan_id": locked.pk, "field": field, "confirmed": True},
    )


@transaction.atomic
def plan_draft_change_record(*, actor, plan: Plan, before: dict) -> list[Difference]:
    """Audit an edit of a draft made in the admin: `before` is `plan_to_document(plan)` taken
    before the edit. Refuses (rolls back) edits of adopted or archived versions."""
    locked = _locked(plan)
    if locked.status != PlanStatus.DRAFT:
        raise ValidationError(_("Kun et udkast kan ændres."))
    differences = diff_documents(before, plan_to_document(locked))
    if differences:
        audit_record(
            actor=actor,
            action=audit_actions.PLAN_DRAFT_EDITED,
            target=locked,
            new={"version": locked.version_label, "changes": [str(d) for d in differences][:200]},
        )
    return differences
