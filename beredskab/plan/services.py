"""Writes to plans. Each service runs in one transaction and writes its audit event in it.

Life cycle of a version: a plan file is imported as a draft (`plan_import`), or a draft is
copied from an existing version (`plan_draft_new_version`); a draft is edited section by section in the plan editor
(`plan_draft_edit_section`, see `editor`); a draft is adopted
(`plan_adopt`): the council's decision (body, date, case reference) and the day it comes into
force. From that day it is the version in force (`selectors.plan_in_force`); the version in
force until then is archived at once (in force today) or by the daily job `plan_switch_due`
(in force later), so exactly one version per municipality is ADOPTED (and at most one waits
as SCHEDULED; both enforced by partial unique constraints). The coordinator can roll back to
the version in force before (`plan_roll_back`), and cancel a version that waits for its day
(`plan_cancel_scheduled`: it goes back to being a draft). A draft can be archived
(`plan_archive`). Unconfirmed facts are confirmed with `plan_fact_confirm`.

The services that change the version in force (adopt for today, the daily switch, roll back)
record when each version was in force (`PlanInForcePeriod`, `_record_in_force`) in the same
transaction: `selectors.plan_in_force_at` answers a moment in the past from it, and roll back
goes back to the version in force before (`PlanInForcePeriod.objects.predecessor`).

Every service that changes a version's rows gives it a new content stamp in its transaction
(`content.content_changed`), so no process answers from the content it kept of the version.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record
from beredskab.core import dates
from beredskab.core.workdays import local_zone

from . import audit_actions
from .adoption_checks import CPR_LIKE, adoption_refusal, refuse_changed_draft, refuse_stale_comparison
from .adoption_checks import plan_adoption_refusal as plan_adoption_refusal
from .build import build_plan
from .content import content_changed
from .export import Difference, diff_documents, plan_to_document, plan_to_spec
from .export.readable import ReadableSection, readable_differences
from .facts import resolve_fact
from .models import DatePrecision, Plan, PlanInForcePeriod, PlanStatus, latest_revision_due
from .services_edit import StaleEdit as StaleEdit
from .services_edit import plan_draft_change_record as plan_draft_change_record
from .services_edit import plan_draft_edit_section as plan_draft_edit_section
from .services_edit import plan_fingerprint as plan_fingerprint

_ADOPTION_FACTS = ("adopted_by", "adopted_on", "published_on", "revision_due")


def _start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in Copenhagen (the day a version comes into force begins then)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=local_zone())


def _record_in_force(plan: Plan, since: datetime.datetime, *, first_from_adoption: bool = False) -> None:
    """History: `plan` is in force from `since`, and the municipality's version in force until
    then is in force until `since`. With `first_from_adoption`, the first version recorded for a
    municipality is taken to be in force from the day the council adopted it (the system knows of
    no version before it, e.g. the plan loaded when the system was installed)."""
    periods = PlanInForcePeriod.objects.select_for_update().filter(municipality_code=plan.municipality_code)
    still_open = list(periods.filter(ends_at=None))
    if first_from_adoption and plan.adopted_on and not still_open and not periods.exists():
        since = min(since, _start_of(plan.adopted_on))
    for period in still_open:
        period.ends_at = max(since, period.starts_at)
        period.save(update_fields=["ends_at"])
    PlanInForcePeriod.objects.create(plan=plan, municipality_code=plan.municipality_code, starts_at=since)


def _checked_reason(reason: str, missing: str) -> str:
    """A free-text reason, stripped: required (`missing` says what to write), no CPR numbers."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": missing})
    if CPR_LIKE.search(reason):
        raise ValidationError({"reason": _("Skriv ikke personnumre i begrundelsen.")})
    return reason


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
    if CPR_LIKE.search(label):  # the version's name is shown on the public pages
        raise ValidationError({"version_label": _("Skriv ikke personnumre i dette felt.")})
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


def plan_compare_sections(a: Plan, b: Plan) -> list[ReadableSection]:
    """What changed from version `a` to version `b`, per section, in words (not file places)."""
    return readable_differences(plan_to_document(a), plan_to_document(b))


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _lock_municipality(municipality_code: str) -> list[Plan]:
    """Lock every version of the municipality's plan, so two adoptions cannot interleave."""
    return list(Plan.objects.select_for_update().filter(municipality_code=municipality_code).order_by("pk"))


def _archive(*, actor, locked: Plan, **audited) -> None:
    """Archive a locked version now, with its audit event (`audited` adds to its new values)."""
    old_status = locked.status
    locked.status = PlanStatus.ARCHIVED
    locked.archived_at = timezone.now()
    locked.save(update_fields=["status", "archived_at"])
    content_changed(locked)
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
    case_reference: str = "",
    in_force_from: datetime.date | None = None,
    compared_with: int | None = None,
    compared_draft: str | None = None,
) -> Plan:
    """Record the council's adoption of a draft (`adopted_by` the body, `adopted_on` the day of
    the decision, `case_reference` its case number) and when the version comes into force.
    In force today (`in_force_from` None or today): the version in force until now is archived
    at once. In force later: the version waits as SCHEDULED, the version in force stays in force
    until that day, and `plan_switch_due` (the daily job) switches them on it.
    `adopted_on_precision` ("month": the plan says "april 2024") defaults to the stored one for
    the stored date, else "day"; `unconfirmed_notes` names stated values that are not confirmed.
    Raises ValidationError (naming the field where there is one) when it cannot be adopted.
    A version due today is switched on first (as the daily job would), so the version archived
    is the one readers see. `compared_with` (the confirmation step's version in force, 0: none)
    refuses the adoption when another version came into force since (another tab);
    `compared_draft` (the confirmation step's `plan_fingerprint` of the draft) when the draft
    was edited since."""
    today = dates.today()
    _switch_municipality(plan.municipality_code, today)
    versions = {p.pk: p for p in _lock_municipality(plan.municipality_code)}
    locked = versions[plan.pk]
    adopted_by, case_reference = (adopted_by or "").strip(), (case_reference or "").strip()
    if refusal := adoption_refusal(locked, adopted_by, adopted_on, published_on, in_force_from, case_reference):
        raise refusal
    current = next((p for p in versions.values() if p.status == PlanStatus.ADOPTED), None)
    refuse_stale_comparison(current, compared_with)
    refuse_changed_draft(locked, compared_draft)
    in_force_from = in_force_from or today
    later = in_force_from > today
    if adopted_on_precision is None:
        same = adopted_on == locked.adopted_on
        adopted_on_precision = locked.adopted_on_precision if same else DatePrecision.DAY
    if not later:  # the version in force until now, and one waiting for a later day (it would undo this)
        _cancel_waiting(actor, versions.values(), locked)
        if current is not None:
            _archive(actor=actor, locked=current, replaced_by=locked.pk)
    old = {key: getattr(locked, key) for key in ("status", "adopted_by", "adopted_on", "published_on")}
    unconfirmed = _adopted_facts(
        locked, adopted_by, adopted_on, published_on, adopted_on_precision, unconfirmed_notes or {}
    )
    locked.status = PlanStatus.SCHEDULED if later else PlanStatus.ADOPTED
    locked.adopted_by, locked.adopted_on, locked.adopted_on_precision = adopted_by, adopted_on, adopted_on_precision
    locked.published_on = published_on or locked.published_on
    locked.case_reference = case_reference
    locked.in_force_from = in_force_from
    locked.replaced_plan = None if later else current
    locked.unconfirmed = unconfirmed
    fields = ["status", "adopted_by", "adopted_on", "adopted_on_precision", "published_on", "revision_due"]
    locked.save(update_fields=[*fields, "case_reference", "in_force_from", "replaced_plan", "unconfirmed"])
    content_changed(locked)
    if not later:
        _record_in_force(locked, timezone.now(), first_from_adoption=True)
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_SCHEDULED if later else audit_actions.PLAN_ADOPTED,
        target=locked,
        old=old,
        new={
            "status": locked.status,
            "adopted_by": adopted_by,
            "adopted_on": adopted_on,
            "case_reference": locked.case_reference,
            "in_force_from": in_force_from,
            "published_on": locked.published_on,
            "revision_due": locked.revision_due,
            "unconfirmed": sorted(unconfirmed),
        },
    )
    return locked


def _cancel_waiting(actor, versions, locked: Plan) -> None:
    """A version coming into force today cancels (archives, audited) a version waiting for a
    later day: that one was drafted and confirmed against the version in force before, and
    switching it on would silently undo today's (e.g. an urgent phone number fix). The newest
    decision wins; the confirmation step says so."""
    for waiting in versions:
        if waiting.status == PlanStatus.SCHEDULED and waiting.pk != locked.pk:
            _archive(actor=actor, locked=waiting, replaced_by=locked.pk, cancelled_waiting=True)


def plan_switch_due(*, on: datetime.date | None = None) -> list[Plan]:
    """The daily job: each version adopted with an in-force date that has come (on or before
    `on`, default today) comes into force, and the version in force until then is archived,
    each with its audit event (actor: the system). Run twice, or twice at once, it switches
    once: each municipality is locked and its scheduled version read again under the lock."""
    day = on or dates.today()
    waiting = Plan.objects.filter(status=PlanStatus.SCHEDULED, in_force_from__lte=day)
    codes = sorted(set(waiting.values_list("municipality_code", flat=True)))
    return [plan for code in codes if (plan := _switch_municipality(code, day)) is not None]


@transaction.atomic
def _switch_municipality(municipality_code: str, day: datetime.date) -> Plan | None:
    versions = _lock_municipality(municipality_code)
    due = [p for p in versions if p.status == PlanStatus.SCHEDULED and p.in_force_from <= day]
    if not due:
        return None  # another run switched it first
    locked = due[0]
    previous = next((p for p in versions if p.status == PlanStatus.ADOPTED), None)
    if previous is not None:
        _archive(actor=None, locked=previous, replaced_by=locked.pk)
    locked.status = PlanStatus.ADOPTED
    locked.replaced_plan = previous
    locked.save(update_fields=["status", "replaced_plan"])
    content_changed(locked)
    _record_in_force(locked, _start_of(locked.in_force_from))
    audit_record(
        actor=None,
        action=audit_actions.PLAN_PUT_IN_FORCE,
        target=locked,
        old={"status": PlanStatus.SCHEDULED, "in_force": previous.pk if previous else None},
        new={"status": PlanStatus.ADOPTED, "in_force_from": locked.in_force_from, "switched_on": day},
    )
    return locked


@transaction.atomic
def plan_roll_back(*, actor, plan: Plan, reason: str) -> Plan:
    """The coordinator puts the version in force before `plan` back in force (e.g. the new
    version has a wrong phone number), with a reason; `plan` is archived. Both audited.
    Returns the version now in force. A version due today is switched on first, so the roll
    back always acts on the version readers see. "Before" is read from the recorded history
    (`PlanInForcePeriod.objects.predecessor`: the version in force just before `plan` first
    came into force), so it also works for versions adopted before the link was stored."""
    reason = _checked_reason(reason, _("Skriv, hvorfor planen rulles tilbage."))
    _switch_municipality(plan.municipality_code, dates.today())
    versions = {p.pk: p for p in _lock_municipality(plan.municipality_code)}
    locked = versions[plan.pk]
    if locked.status != PlanStatus.ADOPTED:
        raise ValidationError(_("Kun versionen i kraft kan rulles tilbage."))
    before = PlanInForcePeriod.objects.predecessor(locked)
    previous = versions.get(before.pk) if before is not None else None
    if previous is None or previous.status != PlanStatus.ARCHIVED:
        raise ValidationError(_("Der er ingen tidligere version at rulle tilbage til."))
    _archive(actor=actor, locked=locked, rolled_back=True, reason=reason)
    previous.status = PlanStatus.ADOPTED
    previous.archived_at = None
    previous.save(update_fields=["status", "archived_at"])
    content_changed(previous)
    _record_in_force(previous, timezone.now())
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_ROLLED_BACK,
        target=previous,
        old={"status": PlanStatus.ARCHIVED, "in_force": locked.pk, "in_force_version": locked.version_label},
        new={"status": PlanStatus.ADOPTED, "reason": reason},
    )
    return previous


@transaction.atomic
def plan_cancel_scheduled(*, actor, plan: Plan, reason: str) -> Plan:
    """The coordinator cancels a version that waits for its in-force day (e.g. the date was
    wrong, or it should not come into force after all), with a reason; audited. The version goes
    back to being a draft rather than archived, so it can be corrected and scheduled again: the
    council's decision (body, dates, case number) stays filled in for that, the in-force date is
    cleared. The version in force stays in force. Refused when the version does not wait, or
    when its day has come (it is then the version in force: roll it back instead)."""
    reason = _checked_reason(reason, _("Skriv, hvorfor versionen ikke skal træde i kraft."))
    locked = _locked(plan)
    if locked.status != PlanStatus.SCHEDULED:
        raise ValidationError(_("Kun en version, der venter på at træde i kraft, kan annulleres."))
    if locked.in_force_from <= dates.today():
        raise ValidationError(
            _(
                "Version %(version)s trådte i kraft %(date)s og er planen i kraft nu. "
                "Rul den tilbage i stedet, hvis den ikke skal gælde."
            )
            % {"version": locked.version_label, "date": dates.long_date(locked.in_force_from)}
        )
    old = {"status": locked.status, "in_force_from": locked.in_force_from}
    locked.status = PlanStatus.DRAFT
    locked.in_force_from = None
    locked.save(update_fields=["status", "in_force_from"])
    content_changed(locked)
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_SCHEDULE_CANCELLED,
        target=locked,
        old=old,
        new={"status": PlanStatus.DRAFT, "reason": reason},
    )
    return locked


@transaction.atomic
def plan_archive(*, actor, plan: Plan) -> Plan:
    """Archive a draft that will not be adopted. The version in force is archived only by
    adopting its successor, so a municipality is never left without a plan by mistake."""
    locked = _locked(plan)
    if locked.status == PlanStatus.SCHEDULED:
        raise ValidationError(_("En vedtaget version arkiveres, når den afløses."))
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
    content_changed(locked)
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_FACT_CONFIRMED,
        target=obj,
        old={"plan_id": locked.pk, "field": field, "unconfirmed": note},
        new={"plan_id": locked.pk, "field": field, "confirmed": True},
    )
