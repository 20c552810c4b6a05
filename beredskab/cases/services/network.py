"""The child and the family and network on the case, and the steps that involve them (contact,
letters, meetings, shared documents, file access), each decided by the risk gate first."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.cases.risk.gate import Involves, gated, require_gate
from beredskab.cases.risk.mentions import MentionsAnswer, check_mentions
from beredskab.core import dates

from .. import audit_actions
from ..case_events import audit_case_event, lock_case
from ..errors import CaseError
from ..holds import hold_waiting_reports
from ..models import Case, CasePerson, NetworkStep, NetworkStepKind
from ..policies import case_policy
from .checks import check_date

PERSON_FIELDS = (
    "name",
    "relation",
    "birth_year",
    "lives_abroad",
    "contact_details",
    "possible_perpetrator",
    "may_contact",
    "contact_note",
    "notes",
)


_PERSON_AUDITED = ("relation", "birth_year", "lives_abroad", "possible_perpetrator", "may_contact")


@gated(Involves.NEVER)
@transaction.atomic
def case_subject_update(*, actor, case: Case, name: str, address: str) -> Case:
    """Correct the child's name or record a new address (restrict its disclosure separately)."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    changed = [f for f, v in (("subject_name", name), ("subject_address", address)) if getattr(case, f) != v]
    case.subject_name = name
    case.subject_address = address
    case.save(update_fields=["subject_name", "subject_address"])
    audit_case_event(actor, audit_actions.SUBJECT_UPDATED, case, new={"changed": changed})
    hold_waiting_reports(for_case=case)  # known by another name now: reports waiting about the child
    return case


@gated(Involves.NEVER)
@transaction.atomic
def case_person_add(*, actor, case: Case, **fields) -> CasePerson:
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = CasePerson.objects.create(case=case, added_at=timezone.now(), added_by=actor, **fields)
    audit_case_event(
        actor,
        audit_actions.PERSON_ADDED,
        case,
        target=person,
        new={f: getattr(person, f) for f in _PERSON_AUDITED},
    )
    return person


@gated(Involves.NEVER)
@transaction.atomic
def case_person_update(*, actor, person: CasePerson, **fields) -> CasePerson:
    case = lock_case(person.case)
    case_policy.require(actor, "work", case)
    person = CasePerson.objects.select_for_update().get(pk=person.pk)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    old = {f: getattr(person, f) for f in _PERSON_AUDITED}
    changed = [f for f, v in fields.items() if getattr(person, f) != v]
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    audit_case_event(
        actor,
        audit_actions.PERSON_UPDATED,
        case,
        target=person,
        old=old,
        new={**{f: getattr(person, f) for f in _PERSON_AUDITED}, "changed": changed},
    )
    return person


@gated(Involves.ALWAYS)
@transaction.atomic
def network_step_record(
    *,
    actor,
    case: Case,
    kind: str,
    people: list[CasePerson],
    occurred_on: datetime.date,
    summary: str,
    mentions_confirmed: MentionsAnswer = False,
) -> NetworkStep:
    """Record contact, a letter, a meeting, shared documents or file access involving the
    parents or the network. The risk gate decides first; a refusal is itself audited. A
    summary naming someone who must not be contacted is asked about."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    if kind not in NetworkStepKind.values:
        raise CaseError(_("Vælg, hvilket skridt det er."))
    check_date(occurred_on, dates.PAST_EVENT)
    people = list(CasePerson.objects.filter(case=case, pk__in=[p.pk for p in people]))
    if not people:
        raise CaseError(_("Vælg mindst én person fra familie og netværk."))
    decision = require_gate(case, what=NetworkStepKind(kind).label, people=people, planned=True)
    mentions = check_mentions(case, [summary], named=people, relation_words=False, confirmed=mentions_confirmed)
    step = NetworkStep.objects.create(
        case=case,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary,
        recorded_at=timezone.now(),
        recorded_by=actor,
        gate_basis=decision.basis,
        risk_assessment=decision.assessment,
        gate_override=decision.override,
    )
    step.people.set(people)
    audit_case_event(
        actor,
        audit_actions.NETWORK_STEP_RECORDED,
        case,
        target=step,
        new={
            "kind": kind,
            "people": [p.pk for p in people],
            "gate": decision.audit_values(),
            "occurred_on": occurred_on,
            "mentions_confirmed": bool(mentions),
        },
    )
    return step


@gated(Involves.ALWAYS)
@transaction.atomic
def file_access_release(*, actor, step: NetworkStep, person: CasePerson) -> NetworkStep:
    """Hand a family or network member what their recorded file access (aktindsigt) covers.
    The gate is asked again now: an assessment may have run out since the step was recorded."""
    case = lock_case(step.case)
    if not case_policy.is_team(actor, case):
        raise CaseError(_("Kun sagens enhed kan danne aktindsigt."))
    step = NetworkStep.objects.get(pk=step.pk)
    if step.kind != NetworkStepKind.FILE_ACCESS or not step.people.filter(pk=person.pk).exists():
        raise CaseError(_("Personen har ikke fået aktindsigt i dette skridt."))
    decision = require_gate(case, what=NetworkStepKind.FILE_ACCESS.label, people=[person], planned=True)
    audit_case_event(
        actor,
        audit_actions.FILE_ACCESS_EXPORTED,
        case,
        target=step,
        new={"person": person.pk, "gate": decision.audit_values()},
    )
    return step
