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
from .build import build_plan
from .export import Difference, diff_documents, plan_to_document, plan_to_spec
from .facts import resolve_fact
from .models import DatePrecision, Plan, PlanStatus, latest_revision_due
from .models.plan import REVISION_YEARS
from .validation import validate_plan_data

_ADOPTION_FACTS = ("adopted_by", "adopted_on", "published_on", "revision_due")


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
    plan = build_plan(spec, version_label=label)
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
    spec["adoption"].update(adopted_by="", adopted_on=None, published_on=None, adopted_on_precision=DatePrecision.DAY)
    spec["revision"]["due"] = None
    spec["unconfirmed"] = {k: v for k, v in spec["unconfirmed"].items() if k not in _ADOPTION_FACTS}
    plan = build_plan(spec, version_label=label, derived_from=from_plan)
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


def _adoption_refusal(
    locked: Plan, adopted_by: str, adopted_on: datetime.date | None, published_on: datetime.date | None
) -> ValidationError | None:
    """Why `locked` cannot be adopted with these facts (None: it can). `adopted_by` is stripped."""
    if locked.status != PlanStatus.DRAFT:
        return ValidationError(_("Kun et udkast kan vedtages."))
    if not adopted_by:
        return ValidationError({"adopted_by": _("Skriv, hvem der har vedtaget planen, fx byrådet.")})
    if adopted_on is None:
        return ValidationError({"adopted_on": _("Angiv datoen for vedtagelsen.")})
    for name, value in (("adopted_on", adopted_on), ("published_on", published_on)):
        if problem := dates.PLAN_DATE.problem(value):
            return ValidationError({name: problem})
    result = validate_plan_data(plan_to_document(locked))
    if not result.ok:
        return ValidationError([_("Planen har fejl og kan ikke vedtages:"), *result.errors])
    latest = latest_revision_due(adopted_on)
    if locked.revision_due is not None and (locked.revision_due > latest or locked.revision_due <= adopted_on):
        return ValidationError(
            {
                "adopted_on": _(
                    "Næste revision (%(due)s) skal ligge efter vedtagelsen og senest %(years)s år efter "
                    "(senest %(latest)s)."
                )
                % {
                    "due": date_format(locked.revision_due, "j. F Y"),
                    "years": REVISION_YEARS,
                    "latest": date_format(latest, "j. F Y"),
                }
            }
        )
    return None


def _archive(*, actor, locked: Plan, **audited) -> None:
    """Archive a locked version now, with its audit event (`audited` adds to its new values)."""
    old_status = locked.status
    locked.status = PlanStatus.ARCHIVED
    locked.archived_at = timezone.now()
    locked.save(update_fields=["status", "archived_at"])
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_ARCHIVED,
        target=locked,
        old={"status": old_status},
        new={"status": PlanStatus.ARCHIVED, **audited},
    )


DERIVED_REVISION_NOTE = "Regnet ud fra en vedtagelsesdato, der ikke er bekræftet eller kun angiver måned eller år."


def _adopted_facts(locked: Plan, adopted_by: str, adopted_on, published_on, precision, notes: dict) -> dict:
    """The plan's unconfirmed map after adoption. A value the coordinator states when adopting
    is confirmed by that statement, unless `notes` says why it is not (e.g. given on the command
    line); a revision date derived from an unconfirmed or partial adoption date is not confirmed."""
    unconfirmed = dict(locked.unconfirmed)
    for key, new, old in (
        ("adopted_by", adopted_by, locked.adopted_by),
        ("adopted_on", (adopted_on, precision), (locked.adopted_on, locked.adopted_on_precision)),
        ("published_on", published_on or locked.published_on, locked.published_on),
    ):
        if new != old:
            unconfirmed.pop(key, None)
        if notes.get(key):
            unconfirmed[key] = notes[key]
    if locked.revision_due is None:
        locked.revision_due = latest_revision_due(adopted_on)
        if "adopted_on" in unconfirmed or precision != DatePrecision.DAY:
            unconfirmed["revision_due"] = DERIVED_REVISION_NOTE
    return unconfirmed


@transaction.atomic
def plan_adopt(
    *,
    actor,
    plan: Plan,
    adopted_by: str,
    adopted_on: datetime.date,
    published_on: datetime.date | None = None,
    adopted_on_precision: str | None = None,
    unconfirmed_notes: dict[str, str] | None = None,
) -> Plan:
    """Adopt a draft: it comes into force and the version in force until now is archived.
    `adopted_on_precision` ("month": the plan says "april 2024") defaults to the stored one for
    the stored date, else "day"; `unconfirmed_notes` names stated values that are not confirmed.
    Raises ValidationError (naming the field where there is one) when it cannot be adopted."""
    versions = {p.pk: p for p in _lock_municipality(plan.municipality_code)}
    locked = versions[plan.pk]
    adopted_by = (adopted_by or "").strip()
    if refusal := _adoption_refusal(locked, adopted_by, adopted_on, published_on):
        raise refusal
    if adopted_on_precision is None:
        same = adopted_on == locked.adopted_on
        adopted_on_precision = locked.adopted_on_precision if same else DatePrecision.DAY
    for previous in versions.values():
        if previous.status == PlanStatus.ADOPTED:  # the version in force until now
            _archive(actor=actor, locked=previous, replaced_by=locked.pk)

    old = {
        "status": locked.status,
        "adopted_by": locked.adopted_by,
        "adopted_on": locked.adopted_on,
        "published_on": locked.published_on,
    }
    unconfirmed = _adopted_facts(
        locked, adopted_by, adopted_on, published_on, adopted_on_precision, unconfirmed_notes or {}
    )
    locked.status = PlanStatus.ADOPTED
    locked.adopted_by = adopted_by
    locked.adopted_on = adopted_on
    locked.adopted_on_precision = adopted_on_precision
    locked.published_on = published_on or locked.published_on
    locked.unconfirmed = unconfirmed
    fields = ["status", "adopted_by", "adopted_on", "adopted_on_precision", "published_on", "revision_due"]
    locked.save(update_fields=[*fields, "unconfirmed"])
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
            "unconfirmed": sorted(unconfirmed),
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
    _archive(actor=actor, locked=locked)
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
