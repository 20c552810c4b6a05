"""Decisions and interventions. A decision that the family is party to, or an intervention that
works with the family, passes the risk gate."""

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
from ..models import (
    CONTACT_DECISION_KINDS,
    FAMILY_INTERVENTION_KINDS,
    Case,
    Decision,
    DecisionKind,
    Intervention,
    InterventionKind,
    InterventionStatus,
)
from ..policies import case_policy
from .checks import check_date, gate_people, who_took_part


@gated(Involves.PEOPLE)
@transaction.atomic
def decision_record(
    *,
    actor,
    case: Case,
    kind: str,
    decided_on: datetime.date,
    title: str,
    text: str,
    legal_basis: str = "",
    people=(),
    no_family: bool = False,
    mentions_confirmed: MentionsAnswer = False,
) -> Decision:
    """A decision in the case. An afgørelse is notified to the parties and a partshøring asks
    them (forvaltningsloven §§ 19, 22): the worker names who from the family or network
    (`people`) or says nobody (`no_family`), and with people the risk gate decides."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    if kind not in DecisionKind.values:
        raise CaseError(_("Vælg beslutningens type."))
    check_date(decided_on, dates.PAST_EVENT)
    people = gate_people(case, people)
    who_took_part(
        kind_needs_answer=kind in CONTACT_DECISION_KINDS,
        people=people,
        no_family=no_family,
        question=_("Angiv, hvem fra familie og netværk der er part og høres eller får afgørelsen, eller at ingen er."),
    )
    gate = require_gate(case, what=DecisionKind(kind).label, people=people, planned=True)
    mentions = check_mentions(case, [title, text, legal_basis], named=people, confirmed=mentions_confirmed)
    decision = Decision.objects.create(
        case=case,
        kind=kind,
        decided_on=decided_on,
        title=title,
        text=text,
        legal_basis=legal_basis,
        recorded_at=timezone.now(),
        decided_by=actor,
    )
    decision.people.set(people)
    audit_case_event(
        actor,
        audit_actions.DECISION_RECORDED,
        case,
        target=decision,
        new={
            "kind": kind,
            "decided_on": decided_on,
            "people": [p.pk for p in people],
            "gate": gate.audit_values() if gate else None,
            "mentions_confirmed": bool(mentions),
        },
    )
    return decision


@gated(Involves.PEOPLE)
@transaction.atomic
def intervention_add(
    *,
    actor,
    case: Case,
    kind: str,
    prevention_level: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    legal_basis: str = "",
    description: str = "",
    status: str = InterventionStatus.ACTIVE,
    mentions_confirmed: MentionsAnswer = False,
) -> Intervention:
    """An intervention at one of the plan's prevention levels. One that works with the family
    itself (`FAMILY_INTERVENTION_KINDS`) involves the parents, so the risk gate decides."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    if kind not in InterventionKind.values:
        raise CaseError(_("Vælg indsatsen."))
    check_date(starts_on, dates.INTERVENTION_START)
    check_date(ends_on, dates.INTERVENTION_END)
    family = kind in FAMILY_INTERVENTION_KINDS
    gate = require_gate(case, what=InterventionKind(kind).label, family=family)
    mentions = check_mentions(case, [description], confirmed=mentions_confirmed)
    if ends_on and ends_on < starts_on:
        raise CaseError(_("Slutdatoen ligger før startdatoen."))
    if status == InterventionStatus.ENDED:
        raise CaseError(_("En ny indsats er planlagt eller i gang."))
    intervention = Intervention.objects.create(
        case=case,
        kind=kind,
        prevention_level=prevention_level,
        starts_on=starts_on,
        ends_on=ends_on,
        legal_basis=legal_basis,
        description=description,
        status=status,
        created_at=timezone.now(),
        created_by=actor,
    )
    audit_case_event(
        actor,
        audit_actions.INTERVENTION_ADDED,
        case,
        target=intervention,
        new={
            "kind": kind,
            "prevention_level": prevention_level,
            "starts_on": starts_on,
            "status": status,
            "gate": gate.audit_values() if gate else None,
            "mentions_confirmed": bool(mentions),
        },
    )
    return intervention


@gated(Involves.NEVER)
@transaction.atomic
def intervention_end(
    *,
    actor,
    intervention: Intervention,
    ended_on: datetime.date,
    note: str = "",
    mentions_confirmed: MentionsAnswer = False,
) -> Intervention:
    case = lock_case(intervention.case)
    case_policy.require(actor, "work", case)
    check_mentions(case, [note], confirmed=mentions_confirmed, contacts_only=True)
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if intervention.status == InterventionStatus.ENDED:
        raise CaseError(_("Indsatsen er allerede afsluttet."))
    check_date(ended_on, dates.INTERVENTION_END)
    if ended_on < intervention.starts_on:
        raise CaseError(_("Slutdatoen ligger før startdatoen."))
    old = {"status": intervention.status, "ends_on": intervention.ends_on}
    intervention.status = InterventionStatus.ENDED
    intervention.ends_on = ended_on
    intervention.end_note = note
    intervention.save(update_fields=["status", "ends_on", "end_note"])
    audit_case_event(
        actor,
        audit_actions.INTERVENTION_ENDED,
        case,
        target=intervention,
        old=old,
        new={"status": InterventionStatus.ENDED, "ends_on": ended_on},
    )
    return intervention
