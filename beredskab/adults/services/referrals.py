"""Referrals of the citizen to a crisis centre (serviceloven § 109) or temporary housing
(serviceloven § 110), with their status. A referral is about the citizen only; it never involves
the family (Involves.NEVER). The place is kept encrypted and never written to the audit log."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.cases.case_events import audit_case_event
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case
from beredskab.cases.risk.gate import Involves, gated
from beredskab.core import dates

from .. import audit_actions
from ..models import Referral, ReferralEvent, ReferralKind, ReferralStatus
from .checks import locked_adult_case


@gated(Involves.NEVER)
@transaction.atomic
def referral_record(
    *, actor, case: Case, kind: str, place: str, requested_on: datetime.date, note: str = ""
) -> Referral:
    case = locked_adult_case(actor, case)
    if kind not in ReferralKind.values:
        raise CaseError(_("Vælg, hvad borgeren henvises til."))
    if not place.strip():
        raise CaseError(_("Skriv stedet, borgeren henvises til."))
    if problem := dates.PAST_EVENT.problem(requested_on):
        raise CaseError(problem)
    now = timezone.now()
    referral = Referral.objects.create(
        case=case,
        kind=kind,
        place=place.strip(),
        requested_on=requested_on,
        status=ReferralStatus.REQUESTED,
        status_on=requested_on,
        note=note.strip(),
        recorded_at=now,
        recorded_by=actor,
    )
    ReferralEvent.objects.create(
        referral=referral,
        status=ReferralStatus.REQUESTED,
        occurred_on=requested_on,
        note=note.strip(),
        recorded_at=now,
        recorded_by=actor,
    )
    audit_case_event(
        actor,
        audit_actions.REFERRAL_RECORDED,
        case,
        target=referral,
        new={"kind": kind, "requested_on": requested_on},
    )
    return referral


@gated(Involves.NEVER)
@transaction.atomic
def referral_status_set(
    *, actor, referral: Referral, status: str, occurred_on: datetime.date, note: str = ""
) -> Referral:
    """The next status (accepted or refused; moved in; ended), with its date."""
    case = locked_adult_case(actor, referral.case)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if status not in ReferralStatus.values or status not in referral.next_statuses:
        raise CaseError(
            _("Henvisningen har status “%(status)s” og kan ikke få den valgte status.")
            % {"status": referral.get_status_display()}
        )
    if problem := dates.PAST_EVENT.problem(occurred_on):
        raise CaseError(problem)
    if occurred_on < referral.status_on:
        raise CaseError(
            _("Datoen kan ikke ligge før den forrige status (%(date)s).")
            % {"date": dates.long_date(referral.status_on)}
        )
    old = {"status": referral.status, "status_on": referral.status_on}
    ReferralEvent.objects.create(
        referral=referral,
        status=status,
        occurred_on=occurred_on,
        note=note.strip(),
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    referral.status = status
    referral.status_on = occurred_on
    referral.save(update_fields=["status", "status_on"])
    audit_case_event(
        actor,
        audit_actions.REFERRAL_STATUS_CHANGED,
        case,
        target=referral,
        old=old,
        new={"kind": referral.kind, "status": status, "status_on": occurred_on},
    )
    return referral
