"""Counselling conversations with the citizen (serviceloven § 10 and § 12 a). A conversation
with someone from the family or network names them and passes the risk gate; names of family
members in the text are asked about."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.cases.case_events import audit_case_event
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case
from beredskab.cases.risk.gate import Involves, gated
from beredskab.cases.risk.mentions import MentionsAnswer
from beredskab.core import dates

from .. import audit_actions
from ..models import Counselling, CounsellingBasis
from .checks import case_people, check_citizen_mentions, locked_adult_case, require_adult_gate


@gated(Involves.PEOPLE)
@transaction.atomic
def counselling_record(
    *,
    actor,
    case: Case,
    basis: str,
    held_on: datetime.date,
    with_whom: str,
    safe_place: str,
    interpreter_used: bool = False,
    interpreter_language: str = "",
    note: str = "",
    participants=(),
    corrects: Counselling | None = None,
    mentions_confirmed: MentionsAnswer = False,
) -> Counselling:
    """Record one conversation. A correction is a new record pointing to the one it corrects."""
    case = locked_adult_case(actor, case)
    if basis not in CounsellingBasis.values:
        raise CaseError(_("Vælg hjemlen for rådgivningen."))
    if problem := dates.PAST_EVENT.problem(held_on):
        raise CaseError(problem)
    if not with_whom.strip():
        raise CaseError(_("Skriv, hvem samtalen var med."))
    if not safe_place.strip():
        raise CaseError(_("Skriv, hvor det var sikkert at mødes."))
    if interpreter_used and not interpreter_language.strip():
        raise CaseError(_("Skriv tolkens sprog."))
    if corrects is not None and corrects.case_id != case.pk:
        raise CaseError(_("Rettelsen skal høre til samme sag."))
    participants = case_people(case, participants)
    gate = require_adult_gate(case, what=_("En samtale med personer fra familie eller netværk"), people=participants)
    mentions = check_citizen_mentions(
        case, [with_whom, note], named=participants, confirmed=mentions_confirmed, writer=actor
    )
    number = (Counselling.objects.filter(case=case).aggregate(n=Max("number"))["n"] or 0) + 1
    counselling = Counselling.objects.create(
        case=case,
        number=number,
        basis=basis,
        held_on=held_on,
        with_whom=with_whom.strip(),
        interpreter_used=interpreter_used,
        interpreter_language=interpreter_language.strip() if interpreter_used else "",
        safe_place=safe_place.strip(),
        note=note.strip(),
        corrects=corrects,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    counselling.participants.set(participants)
    audit_case_event(
        actor,
        audit_actions.COUNSELLING_RECORDED,
        case,
        target=counselling,
        new={
            "number": number,
            "basis": basis,
            "held_on": held_on,
            "interpreter_used": interpreter_used,
            "participants": [p.pk for p in participants],
            "corrects": corrects.number if corrects else None,
            "gate": gate.audit_values() if gate else None,
            "mentions_confirmed": bool(mentions),
        },
    )
    return counselling
