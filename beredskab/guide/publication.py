"""The plan in force, published (issue 16): a public page (`guide:plan_document`) and a PDF
(`guide:plan_document_pdf`, WeasyPrint through `core.pdf`) made from the plan's data, in the
plan's order and language (Danish). Unconfirmed contact details are marked as on every page."""

from dataclasses import dataclass

from beredskab.core.pdf import render_pdf
from beredskab.plan.models import Plan, TargetGroup

from .selectors import terms


@dataclass(frozen=True)
class PlanPublication:
    """The plan in force as a document for the public (`guide:plan_document` and its PDF):
    the plan's own data in the plan's order, in Danish (the plan's language)."""

    plan: Plan
    terms: dict[str, str]
    target_groups: list[TargetGroup]
    units: list
    acute_steps: list
    definitions: list
    prevention_levels: list
    partners: list
    goals: list


def plan_publication(plan: Plan) -> PlanPublication:
    """What the published plan shows, read in a few queries."""
    groups = list(
        plan.target_groups.order_by("min_age", "order")
        .prefetch_related("warning_signs", "procedure_steps", "duties")
        .select_related("receiving_unit")
    )
    return PlanPublication(
        plan=plan,
        terms=terms(plan),
        target_groups=groups,
        units=list(plan.units.order_by("order", "pk").prefetch_related("opening_hours")),
        acute_steps=list(plan.acute_steps.all()),
        definitions=list(plan.definitions.all()),
        prevention_levels=sorted(plan.prevention_levels.all(), key=lambda level: level.rank),
        partners=list(plan.partners.all()),
        goals=list(plan.goals.prefetch_related("activities")),
    )


def plan_pdf(plan: Plan) -> bytes:
    document = plan_publication(plan)
    return render_pdf("guide/plan_document_pdf.html", {"plan": plan, "document": document, "terms": document.terms})


def plan_pdf_filename(plan: Plan) -> str:
    return f"beredskabsplan-{plan.municipality_code}-{plan.version_label}.pdf".replace(" ", "-")
