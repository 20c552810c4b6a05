"""From a validated spec to the database: a new draft with all its parts (the mirror of
`export.spec.plan_to_spec`). Called by the services inside their transaction; it writes no
audit event of its own. A new draft is a new row with a stamp of its own; a draft rebuilt in
place gets a new stamp (`content.content_changed`)."""

from .content import content_changed
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
    PlanReader,
    PlanStatus,
    PreventionLevel,
    ProcedureStep,
    ReaderProcedure,
    SeparateRoute,
    SignGroup,
    SpecialDay,
    TargetGroup,
    TargetGroupAdvice,
    Term,
    WarningSign,
)


def build_plan(spec: dict, *, version_label: str, derived_from: Plan | None = None) -> Plan:
    """Create a draft and all its parts from a validated spec (`validation.validate_plan_data`).
    Parts refer to each other by code in the spec; each step gets the rows made before it."""
    plan = Plan.objects.create(
        **_plan_fields(spec), version_label=version_label, status=PlanStatus.DRAFT, derived_from=derived_from
    )
    _create_parts(plan, spec)
    return plan


def rebuild_draft(plan: Plan, spec: dict) -> None:
    """Replace a draft's content with a validated spec in place: the same row (pk, version
    label, status, `derived_from`), its parts deleted and made again from the spec. For the
    plan editor (`services.plan_draft_edit_section`), inside its transaction, on a locked draft."""
    plan.target_groups.all().delete()  # first: they protect the units they route to
    plan.unknown_age_goes_to = plan.default_out_of_hours = plan.general_contact = None
    plan.save(update_fields=["unknown_age_goes_to", "default_out_of_hours", "general_contact"])
    for related in (
        plan.separate_routes,
        plan.units,
        plan.centres,
        plan.partners,
        plan.readers,
        plan.goals,
        plan.closure_days,
        plan.sign_groups,
        plan.terms,
        plan.definitions,
        plan.acute_steps,
        plan.prevention_levels,
    ):
        related.all().delete()
    for name, value in _plan_fields(spec).items():
        setattr(plan, name, value)
    plan.save()
    _create_parts(plan, spec)
    content_changed(plan)


def _create_parts(plan: Plan, spec: dict) -> None:
    """Everything in a plan below the Plan row, from the spec."""
    _create_plan_lists(plan, spec)
    centres = {c["code"]: Centre.objects.create(plan=plan, order=i, **c) for i, c in enumerate(spec["centres"])}
    partners = {p["code"]: Partner.objects.create(plan=plan, order=i, **p) for i, p in enumerate(spec["partners"])}
    units = _create_units(plan, spec["units"], centres)
    readers = {x["code"]: PlanReader.objects.create(plan=plan, order=i, **x) for i, x in enumerate(spec["readers"])}
    groups = _create_target_groups(plan, spec["target_groups"], units, partners)
    ReaderProcedure.objects.bulk_create(
        ReaderProcedure(
            target_group=groups[g["code"]],
            reader=readers[p["reader"]],
            title=p["title"],
            intro=p["intro"],
            steps=p["steps"],
        )
        for g in spec["target_groups"]
        for p in g["procedures"]
    )
    _create_goals(plan, spec["goals"], partners)
    SeparateRoute.objects.bulk_create(
        SeparateRoute(plan=plan, order=i, topic=s["topic"], title=s["title"], text=s["text"], unit=units.get(s["unit"]))
        for i, s in enumerate(spec["separate_routes"])
    )
    plan.unknown_age_goes_to = groups.get(spec["routing"]["unknown_age_goes_to"])
    plan.default_out_of_hours = units.get(spec["routing"]["out_of_hours"])
    plan.other_out_of_hours = list(spec["routing"]["other_out_of_hours"])
    plan.general_contact = units.get(spec["routing"]["general_contact"])
    plan.save(update_fields=["unknown_age_goes_to", "default_out_of_hours", "other_out_of_hours", "general_contact"])


def _plan_fields(spec: dict) -> dict:
    """The Plan row's own fields in a spec (not its version label, status or origin)."""
    info, adoption, revision = spec["plan"], spec["adoption"], spec["revision"]
    signs, acute, implementation = spec["warning_signs"], spec["acute"], spec["implementation"]
    return {
        "municipality_code": spec["municipality"]["code"],
        "municipality_name": spec["municipality"]["name"],
        "title": info["title"],
        "source": info["source"],
        "introduction": info["introduction"],
        "scope_text": info["scope"],
        "purpose_text": info["purpose"],
        "topics": info["topics"],
        "target_group_text": info["target_group_text"],
        "organisation_text": info["organisation_text"],
        "contact_text": info["contact_text"],
        "signs_intro": signs["intro"],
        "signs_note": signs["note"],
        "signs_source": signs["source"],
        "adopted_by": adoption["adopted_by"],
        "adopted_on": adoption["adopted_on"],
        "adopted_on_precision": adoption["adopted_on_precision"],
        "published_on": adoption["published_on"],
        "political_responsibility": adoption["political_responsibility"],
        "revision_due": revision["due"],
        "revision_responsible": revision["responsible"],
        "coordination_responsible": revision["coordination"],
        "revision_note": revision["note"],
        "acute_intro": acute["intro"],
        "emergency_name": acute["emergency"]["name"],
        "emergency_phone": acute["emergency"]["phone"],
        "emergency_instruction": acute["emergency"]["instruction"],
        "prevention_intro": spec["prevention"]["intro"],
        "prevention_source": spec["prevention"]["source"],
        "dissemination_text": implementation["dissemination"]["text"],
        "dissemination_channels": implementation["dissemination"]["channels"],
        "implementation_text": implementation["partnership"],
        "unconfirmed": dict(spec["unconfirmed"]),
        "translations": spec.get("translations", {}),
        "radar_rules": spec.get("radar", []),
    }


def _create_plan_lists(plan: Plan, spec: dict) -> None:
    """The plan's lists that refer to nothing else: closure days, terms, definitions, acute
    steps, prevention levels."""
    ClosureDay.objects.bulk_create(ClosureDay(plan=plan, **c) for c in spec["routing"]["closure_days"])
    SignGroup.objects.bulk_create(
        SignGroup(plan=plan, order=i, **g) for i, g in enumerate(spec["warning_signs"]["groups"])
    )
    Term.objects.bulk_create(Term(plan=plan, key=k, word=w) for k, w in spec["terms"].items())
    Definition.objects.bulk_create(Definition(plan=plan, order=i, **d) for i, d in enumerate(spec["definitions"]))
    AcuteStep.objects.bulk_create(AcuteStep(plan=plan, order=i, **s) for i, s in enumerate(spec["acute"]["steps"]))
    PreventionLevel.objects.bulk_create(PreventionLevel(plan=plan, **p) for p in spec["prevention"]["levels"])


def _create_units(plan: Plan, specs: list[dict], centres: dict[str, Centre]) -> dict[str, ContactUnit]:
    """The contact units with their hours and special days; `forwards_to` is set once all exist."""
    units: dict[str, ContactUnit] = {}
    hours, special_days = [], []
    for i, u in enumerate(specs):
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
            more_phones=u["more_phones"],
            channel_rules=u["channel_rules"],
            email=u["email"],
            address=u["address"],
            url=u["url"],
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
    for u in specs:
        if u["forwards_to"]:
            ContactUnit.objects.filter(pk=units[u["code"]].pk).update(forwards_to=units[u["forwards_to"]])
        if u["reached_via"]:
            ContactUnit.objects.filter(pk=units[u["code"]].pk).update(reached_via=units[u["reached_via"]])
    return units


def _create_target_groups(
    plan: Plan, specs: list[dict], units: dict[str, ContactUnit], partners: dict[str, Partner]
) -> dict[str, TargetGroup]:
    """The target groups with their advice, districts, warning signs, procedure steps and duties."""
    groups: dict[str, TargetGroup] = {}
    advice, districts, signs, steps, duties = [], [], [], [], []
    for i, g in enumerate(specs):
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
            other_out_of_hours=list(g["other_out_of_hours"]),
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
                one_of_group=a["one_of_group"],
                note=a["note"],
            )
            for j, a in enumerate(g["advice"])
        ]
        districts += [
            District(
                target_group=group,
                order=j,
                name=d["name"],
                unit=units[d["unit"]],
                postcodes=d["postcodes"],
                unconfirmed=dict(d["unconfirmed"]),
            )
            for j, d in enumerate(g["districts"])
        ]
        signs += [WarningSign(target_group=group, order=j, text=t) for j, t in enumerate(g["warning_signs"])]
        steps += [
            ProcedureStep(
                target_group=group,
                order=j,
                text=s["text"],
                legal_reference=s["legal_reference"],
                partner=partners.get(s["partner"]),
                as_needed=s["as_needed"],
                before_involving_family=s["before_involving_family"],
                involves_family=s["involves_family"],
                precondition=s["precondition"],
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
    WarningSign.objects.bulk_create(signs)
    ProcedureStep.objects.bulk_create(steps)
    DutyToReport.objects.bulk_create(duties)
    return groups


def _create_goals(plan: Plan, specs: list[dict], partners: dict[str, Partner]) -> None:
    activities = []
    for i, g in enumerate(specs):
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
