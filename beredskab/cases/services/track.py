"""The case's track (children: barnets lov; adults: serviceloven) and the transition at 18.

- `case_track_correct`: a leader of the case's unit corrects the track, with a written reason.
- `case_hand_over_at_18`: a leader of the children's unit hands the case of a young person who
  turns (or has turned) 18 over to an adults unit. The same case moves on, so its whole history,
  risk assessments, disclosure restrictions and family and network stay with it and stay
  readable; it gets the adults track and the adults unit's owner rule (`hooks.moved_case_owner`:
  the taskforce's key employee, else backup, else leader) names its owner.
- `case_continued_support_record`: continued support for an 18-22-year-old under barnets lov
  §§ 114-116 is recorded instead of a hand-over; the case stays in the children's unit.
"""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beredskab.accounts.models import Unit
from beredskab.accounts.selectors import adults_units, is_adults_unit
from beredskab.audit.purposes import Purpose
from beredskab.cases.risk.gate import Involves, gated
from beredskab.core import dates
from beredskab.core.text import reason_problem

from .. import audit_actions
from ..case_events import audit_case_event, lock_case
from ..coming_of_age import ADULT_AGE, FLAG_MONTHS, birthday, needs_flag
from ..errors import CaseError
from ..holds import hold_waiting_reports
from ..hooks import moved_case_owner
from ..models import Case, ComingOfAge, ComingOfAgeKind, Consent, Track
from ..policies import case_policy
from ..tracks import receiving_unit_for_track

CONTINUED_SUPPORT_LAST_AGE = 22


def _require_lead(actor, case: Case) -> None:
    case_policy.require(actor, "view", case)
    if not case_policy.is_lead(actor, case):
        raise CaseError(_("Kun en leder i sagens enhed kan træffe denne beslutning."))


def _require_reason(reason: str, prompt: str) -> None:
    problem = reason_problem(reason)
    if problem:
        raise CaseError(f"{prompt} {problem}")


@gated(Involves.NEVER)
@transaction.atomic
def case_track_correct(*, actor, case: Case, track: str, reason: str) -> Case:
    """Correct the case's track (a leader of its unit, with a written reason) and move the case to
    the unit the plan's routing names for the new track (`tracks.receiving_unit_for_track`):
    the receiving unit's owner rule names the new owner (the taskforce's rotation for an adults
    unit, `hooks.moved_case_owner`), else the case waits for that unit's leader. One audited
    change. Raises CaseError (not a leader, same track, no reason, no unit for the track, a
    protected case that nobody in the new unit could see)."""
    case = lock_case(case)
    _require_lead(actor, case)
    if track not in Track.values:
        raise CaseError(_("Vælg et spor."))
    if track == case.track:
        raise CaseError(_("Sagen er allerede i dette spor."))
    _require_reason(reason, _("Skriv, hvorfor sporet rettes."))
    to_unit = receiving_unit_for_track(track, case)
    if to_unit is None:
        raise CaseError(_("Planen nævner ingen modtagende enhed for dette spor. Ret planen først."))
    moves = to_unit.pk != case.unit_id
    if moves and case.protected:  # only people named by this unit's leader could then see it
        raise CaseError(
            _(
                "Sagen er beskyttet, og ingen i den modtagende enhed ville kunne se den. Ophæv beskyttelsen "
                "først; den modtagende enheds leder kan beskytte sagen igen bagefter."
            )
        )
    old = {"track": case.track, "unit": case.unit.code, "owner_id": case.owner_id}
    case.track = track
    case.track_reason = reason
    rule = ""
    if moves:
        case.unit = to_unit
        case.owner = None
        case.owner, rule = moved_case_owner(case)
    case.save(update_fields=["track", "track_reason", "unit", "owner"])
    if moves:  # reports held for a case kept in its unit (protected, restricted) follow it there
        hold_waiting_reports(for_case=case)
    if track == Track.ADULTS:
        _end_childrens_shares(actor, case)
    new = {"track": track, "unit": case.unit.code, "owner_id": case.owner_id, "owner_rule": rule}
    audit_case_event(actor, audit_actions.CASE_TRACK_CORRECTED, case, old=old, new=new)
    return case


def _end_childrens_shares(actor, case: Case) -> None:
    """A case moving to the adults track: end the shares with units that are not for adults (made
    for the child; the adult's case is seen by the adults unit and the units it shares with).
    Each is audited as a revoked share with the cause."""
    shares = (
        case.shares.filter(revoked_at__isnull=True).exclude(unit__in=adults_units().values("pk")).select_related("unit")
    )
    with translation.override("da"):
        reason = _("Sagen er flyttet til voksenområdet.")
    for share in shares.select_for_update(of=("self",)):
        share.revoked_at = timezone.now()
        share.revoked_by = actor
        share.revoke_reason = reason
        share.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit_case_event(
            actor,
            audit_actions.CASE_SHARE_REVOKED,
            case,
            target=share,
            new={"unit": share.unit.code, "cause": "moved_to_adults"},
            purpose=Purpose.COLLABORATION,
        )


def _check_coming_of_age(case: Case) -> None:
    if case.track != Track.CHILDREN or not case.is_open:
        raise CaseError(_("Kun en åben sag i børne- og ungesporet kan overdrages ved 18 år."))
    if needs_flag(case, dates.today()) is None:
        raise CaseError(
            _("Den unge fylder ikke 18 år inden for %(months)s måneder (eller fødselsdatoen mangler).")
            % {"months": FLAG_MONTHS}
        )
    if case.coming_of_age.exists():
        raise CaseError(_("Der er allerede truffet en beslutning om overgangen ved 18 år."))


@gated(Involves.NEVER)
@transaction.atomic
def case_hand_over_at_18(*, actor, case: Case, to_unit: Unit, reason: str, consent: str) -> ComingOfAge:
    """Hand the case over to an adults unit at 18 (see the module docstring). The young
    person's consent is recorded; a hand-over they refused is not made. Audited."""
    case = lock_case(case)
    _require_lead(actor, case)
    _check_coming_of_age(case)
    if not is_adults_unit(to_unit):
        raise CaseError(_("Vælg en enhed på voksenområdet."))
    if case.protected:  # only people named by the children's unit's leader could then see it
        raise CaseError(
            _(
                "Sagen er beskyttet, og ingen i voksenenheden ville kunne se den. Aftal overdragelsen med "
                "voksenenhedens leder, og ophæv beskyttelsen først; lederen kan beskytte sagen igen bagefter."
            )
        )
    if consent not in (Consent.GIVEN, Consent.NOT_NEEDED):
        raise CaseError(
            _("Sagen kan ikke overdrages uden den unges samtykke. Registrér fortsat støtte, eller luk sagen.")
        )
    _require_reason(reason, _("Skriv, hvorfor sagen overdrages."))
    from_unit = case.unit
    row = ComingOfAge.objects.create(
        case=case,
        kind=ComingOfAgeKind.HANDOVER,
        decided_at=timezone.now(),
        decided_by=actor,
        from_unit=from_unit,
        to_unit=to_unit,
        consent=consent,
        reason=reason,
    )
    old_owner = case.owner_id
    case.unit = to_unit
    case.track = Track.ADULTS
    case.owner = None
    # Never unowned: the adults unit's owner rule (the taskforce's rotation: a key employee,
    # else the backup, else the leader) names the new owner, as for a track correction.
    case.owner, rule = moved_case_owner(case)
    case.save(update_fields=["unit", "track", "owner"])
    hold_waiting_reports(for_case=case)  # reports held for a case kept in its unit follow it there
    _end_childrens_shares(actor, case)
    audit_case_event(
        actor,
        audit_actions.CASE_HANDED_OVER_AT_18,
        case,
        target=row,
        old={"unit": from_unit.code, "track": Track.CHILDREN, "owner_id": old_owner},
        new={
            "unit": to_unit.code,
            "track": Track.ADULTS,
            "consent": consent,
            "owner_id": case.owner_id,
            "owner_rule": rule,
        },
    )
    return row


@gated(Involves.NEVER)
@transaction.atomic
def case_continued_support_record(
    *, actor, case: Case, reason: str, consent: str, support_until: datetime.date | None = None
) -> ComingOfAge:
    """Record continued support for an 18-22-year-old (barnets lov §§ 114-116) instead of a
    hand-over. `support_until` is at the latest the day before the 23rd birthday. Audited."""
    case = lock_case(case)
    _require_lead(actor, case)
    _check_coming_of_age(case)
    if consent not in Consent.values:
        raise CaseError(_("Angiv den unges samtykke."))
    last_day = birthday(case.subject_birth_date, CONTINUED_SUPPORT_LAST_AGE + 1) - datetime.timedelta(days=1)
    if support_until is not None and not (birthday(case.subject_birth_date, ADULT_AGE) <= support_until <= last_day):
        raise CaseError(
            _("Fortsat støtte kan gives fra 18 år og til og med %(day)s.") % {"day": date_format(last_day, "j. F Y")}
        )
    _require_reason(reason, _("Skriv, hvorfor den unge får fortsat støtte."))
    row = ComingOfAge.objects.create(
        case=case,
        kind=ComingOfAgeKind.CONTINUED_SUPPORT,
        decided_at=timezone.now(),
        decided_by=actor,
        from_unit=case.unit,
        to_unit=case.unit,
        consent=consent,
        reason=reason,
        support_until=support_until,
    )
    audit_case_event(
        actor,
        audit_actions.CASE_CONTINUED_SUPPORT,
        case,
        target=row,
        new={"consent": consent, "until": support_until.isoformat() if support_until else ""},
    )
    return row
