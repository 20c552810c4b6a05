"""Break-glass access ("nødadgang"): reading a case outside one's need-to-know in an emergency.

A user with a case role (CASE_ROLES) in some unit enters the case's reference and a reason
(POST form, so the reference never sits in a URL before access is granted). The access
- lasts settings.BREAK_GLASS_MINUTES (default 60) and is read-only,
- is a security event in the audit log, and every read during it is audited with the purpose
  Purpose.EMERGENCY ("Nødadgang"),
- is announced by a content-free e-mail to the case's owner and the unit's leaders,
- stays on the leaders' list "Nødadgange til gennemgang" until a leader of the case's unit has
  reviewed it (with an optional note; audited).

Protected cases: break-glass is always refused (and the leaders alerted). The people who need
a protected case are named on it; an exception for "named" people would add nothing but risk.

A refusal never tells a case number that does not exist from a protected case or from a user
who may not use break-glass: all three raise `BreakGlassRefused` with the same text, each is
recorded by one audit event in its own transaction (the same work, so about the same time),
and the view answers all three alike, no sooner than REFUSAL_MIN_SECONDS after the request
began. Otherwise the form would confirm that a protected case, and so a person at risk, exists.
"""

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskab.accounts.selectors import adults_units
from beredskab.audit.models import AuditEvent
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.risk.gate import Involves, gated
from beredskab.core.policies import PolicyDenied

from . import audit_actions, security_notices
from .errors import CaseError
from .models import BreakGlassAccess, Case
from .policies import case_policy, case_unit_ids, hidden_protected_case_ids, lead_unit_ids

MIN_REASON_LENGTH = 20
# A refusal is answered no sooner than this after the request began (see the module docstring).
REFUSAL_MIN_SECONDS = 0.3


def duration() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "BREAK_GLASS_MINUTES", 60)))


class AlreadyVisible(Exception):
    """The user may already see the case: no break-glass needed."""

    def __init__(self, case: Case):
        super().__init__(case.reference)
        self.case = case


REFUSAL = gettext_lazy(
    "Nødadgang er ikke mulig med dette sagsnummer. Enten findes sagen ikke, eller den kan ikke åbnes med "
    "nødadgang. Tjek sagsnummeret, eller kontakt lederen af sagens enhed. Forsøget er registreret."
)


class BreakGlassRefused(PolicyDenied):
    """Break-glass refused: no such case, a protected case, or a user who may not use it (one
    text for all three, REFUSAL). `started` is time.monotonic() when the attempt began; the
    caller calls wait() outside any transaction before answering."""

    def __init__(self, started: float):
        super().__init__(str(REFUSAL))
        self.answer_at = started + REFUSAL_MIN_SECONDS

    def wait(self) -> None:
        """Sleep until REFUSAL_MIN_SECONDS after the attempt began, so every refusal takes as long."""
        time.sleep(max(0.0, self.answer_at - time.monotonic()))


@gated(Involves.NEVER)
def break_glass_open(*, actor, reference: str, reason: str) -> BreakGlassAccess:
    """Grant the actor emergency read access to the case with `reference`.

    Raises CaseError (too short a reason), AlreadyVisible (the user can already see it) or
    BreakGlassRefused, the same for no such case, a protected case and a user without a case
    role. Every refusal is recorded in its own transaction, so it survives the refusal; for a
    protected case the unit's leaders are alerted too."""
    started = time.monotonic()
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise CaseError(_("Begrundelsen skal være på mindst %(n)s tegn.") % {"n": MIN_REASON_LENGTH})
    case = Case.objects.select_related("unit").filter(reference=reference).first()
    if not case_unit_ids(actor):
        _record_refusal(actor=actor, reference=reference, case=case, why="no_case_role")
        raise BreakGlassRefused(started)
    if case is None:
        _record_refusal(actor=actor, reference=reference, case=None, why="not_found")
        raise BreakGlassRefused(started)
    if case.protected:
        if case_policy.is_protection_member(actor, case):
            raise AlreadyVisible(case)
        _record_refusal(actor=actor, reference=reference, case=case, why="protected")
        raise BreakGlassRefused(started)
    if case.is_adult and not _works_with_adults(actor):
        # an adult's NSK/ÆRK case is seen only by the adults unit (and units it is shared with)
        _record_refusal(actor=actor, reference=reference, case=case, why="adult_case")
        raise BreakGlassRefused(started)
    if case_policy.visible(actor, Case.objects.filter(pk=case.pk)).exists() and not case_policy.is_break_glass_viewer(
        actor, case
    ):
        raise AlreadyVisible(case)
    try:
        return _grant(actor=actor, case=case, reason=reason)
    except _ProtectedMeanwhile:
        _record_refusal(actor=actor, reference=reference, case=case, why="protected")
        raise BreakGlassRefused(started) from None


def _works_with_adults(actor) -> bool:
    return adults_units(within=case_unit_ids(actor)).exists()


@transaction.atomic
def _record_refusal(*, actor, reference: str, case: Case | None, why: str) -> None:
    """One audit event per refusal (`why`: not_found, protected, no_case_role); an attempt on a
    protected case also alerts the unit's leaders (content-free, after commit)."""
    if case is None:
        audit_record(
            actor=actor,
            action=audit_actions.BREAK_GLASS_REFUSED,
            target_type="cases.case",
            new={"case": reference, "why": why},
        )
        return
    audit_record(
        actor=actor,
        action=audit_actions.BREAK_GLASS_REFUSED,
        target=case,
        new={"case": case.reference, "unit": case.unit_id, "why": why},
    )
    if why == "protected":
        security_notices.notify_on_commit(security_notices.BREAK_GLASS_REFUSED, case.pk)


class _ProtectedMeanwhile(Exception):
    pass


@transaction.atomic
def _grant(*, actor, case: Case, reason: str) -> BreakGlassAccess:
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    if case.protected:  # protected meanwhile: break_glass_open records the refusal
        raise _ProtectedMeanwhile
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        case=case, user=actor, reason=reason, granted_at=now, expires_at=now + duration()
    )
    audit_record(
        actor=actor,
        action=audit_actions.BREAK_GLASS_OPENED,
        target=case,
        person_ref=case.person_ref,
        purpose=Purpose.EMERGENCY,
        new={"case": case.reference, "access": access.pk, "expires_at": access.expires_at, "unit": case.unit_id},
    )
    security_notices.notify_on_commit(security_notices.BREAK_GLASS_OPENED, case.pk)
    return access


def pending_reviews(*, user):
    """Break-glass accesses to the leader's units' cases that no leader has reviewed yet."""
    return (
        BreakGlassAccess.objects.filter(case__unit_id__in=lead_unit_ids(user), reviewed_at__isnull=True)
        .exclude(case_id__in=hidden_protected_case_ids(user))
        .select_related("case", "case__unit", "user")
        .order_by("granted_at", "pk")
    )


def recent_refusals(*, user, days: int = 30):
    """Refused attempts on the leader's units' protected cases and refused break-glass, newest first."""
    case_ids = [str(pk) for pk in Case.objects.filter(unit_id__in=lead_unit_ids(user)).values_list("pk", flat=True)]
    if not case_ids:
        return []
    events = AuditEvent.objects.filter(
        action__in=[audit_actions.PROTECTED_CASE_REFUSED.name, audit_actions.BREAK_GLASS_REFUSED.name],
        target_type="cases.case",
        target_id__in=case_ids,
        occurred_at__gte=timezone.now() - datetime.timedelta(days=days),
    ).order_by("-seq")[:200]
    return list(events)


@dataclass
class ReviewList:
    accesses: list[BreakGlassAccess]  # `pending_reviews`
    refusals: list[dict]  # `recent_refusals`: {"event": AuditEvent, "reference": the case's reference or ""}


def review_list(*, user) -> ReviewList:
    """The leader's page "Nødadgange til gennemgang": accesses to review and refused attempts,
    each with its case's reference. Seeing the list is audited (supervision; counts only)."""
    accesses = list(pending_reviews(user=user))
    refusals = recent_refusals(user=user)
    audit_record(
        actor=user,
        action=audit_actions.BREAK_GLASS_LIST_VIEWED,
        purpose=Purpose.SUPERVISION,
        new={"count": len(accesses), "refusals": len(refusals)},
    )
    references = dict(Case.objects.filter(pk__in=[e.target_id for e in refusals]).values_list("pk", "reference"))
    rows = [{"event": e, "reference": references.get(int(e.target_id), "")} for e in refusals]
    return ReviewList(accesses=accesses, refusals=rows)


@gated(Involves.NEVER)
@transaction.atomic
def break_glass_review(*, actor, access: BreakGlassAccess, note: str = "") -> BreakGlassAccess:
    access = BreakGlassAccess.objects.select_for_update(of=("self",)).select_related("case").get(pk=access.pk)
    case = access.case
    if case.unit_id not in lead_unit_ids(actor) or case_policy.hidden_by_protection(actor, case):
        raise PolicyDenied(_("Kun en leder i sagens enhed kan gennemgå nødadgangen."))
    if access.reviewed_at is not None:
        raise CaseError(_("Nødadgangen er allerede gennemgået."))
    access.reviewed_at = timezone.now()
    access.reviewed_by = actor
    access.review_note = (note or "").strip()
    access.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    audit_record(
        actor=actor,
        action=audit_actions.BREAK_GLASS_REVIEWED,
        target=access,
        purpose=Purpose.SUPERVISION,
        new={
            "case": case.reference,
            "access": access.pk,
            "user": access.user_id,
            "note_given": bool(access.review_note),
        },
    )
    return access
