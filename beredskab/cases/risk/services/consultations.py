"""Consultations with partners (police, a SIRI security consultant, VISO, others): named only
with consent or a legal basis, otherwise anonymised."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.cases.case_events import audit_case_event, lock_case
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case
from beredskab.cases.policies import case_policy
from beredskab.core import dates

from .. import audit_actions
from ..gate import Involves, gated
from ..mentions import MentionsAnswer, check_mentions
from ..models import Consultation, Identification, PartnerKind


@gated(Involves.PEOPLE)
@transaction.atomic
def consultation_record(
    *,
    actor,
    case: Case,
    partner_kind: str,
    partner_name: str,
    consulted_on: datetime.date,
    identification: str,
    question: str,
    advice: str,
    partner=None,
    contact_person: str = "",
    consent_note: str = "",
    legal_basis: str = "",
    follow_up: str = "",
    mentions_confirmed: MentionsAnswer = False,
) -> Consultation:
    """Advice from the police, a SIRI security consultant (serviceloven § 12 c), VISO or another
    partner: named only with consent (or, except for the security consultants, another legal
    basis); otherwise anonymised."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    if partner_kind not in PartnerKind.values:
        raise CaseError(_("Vælg samarbejdspartneren."))
    if identification not in Identification.values:
        raise CaseError(_("Angiv, om barnet er nævnt med navn."))
    if identification == Identification.NAMED_CONSENT and not consent_note.strip():
        raise CaseError(_("Skriv, hvem der har givet samtykke, og hvornår."))
    if identification == Identification.NAMED_LEGAL_BASIS:
        if partner_kind == PartnerKind.SECURITY_CONSULTANT:
            raise CaseError(_("Sikkerhedskonsulenten rådgiver med navn kun med samtykke. Ellers anonymiseret."))
        if not legal_basis.strip():
            raise CaseError(_("Skriv hjemlen for at videregive oplysningerne."))
    if problem := dates.PAST_EVENT.problem(consulted_on):
        raise CaseError(problem)
    # A partner is never the family: a partner or contact person who reads like a family member
    # is asked about while the gate is closed. The question and the advice may discuss the
    # family, but a sentence in them that records a contact with it is asked about.
    mentions = check_mentions(case, [partner_name, contact_person], confirmed=mentions_confirmed)
    mentions += check_mentions(case, [question, advice, follow_up], confirmed=mentions_confirmed, contacts_only=True)
    consultation = Consultation.objects.create(
        case=case,
        partner_kind=partner_kind,
        partner=partner,
        partner_name=partner_name or (partner.name if partner else PartnerKind(partner_kind).label),
        contact_person=contact_person,
        consulted_on=consulted_on,
        identification=identification,
        consent_note=consent_note,
        legal_basis=legal_basis,
        question=question,
        advice=advice,
        follow_up=follow_up,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    audit_case_event(
        actor,
        audit_actions.CONSULTATION_RECORDED,
        case,
        target=consultation,
        new={
            "partner_kind": partner_kind,
            "identification": identification,
            "consulted_on": consulted_on,
            "mentions_confirmed": bool(mentions),
        },
        purpose=Purpose.COLLABORATION,
    )
    return consultation
