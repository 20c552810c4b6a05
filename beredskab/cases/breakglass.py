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
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.core.policies import PolicyDenied
from beredskab.risk.gate import Involves, gated

from . import audit_actions, security_notices
from .errors import CaseError
from .models import BreakGlassAccess, Case
from .policies import case_policy, case_unit_ids, lead_unit_ids

MIN_REASON_LENGTH = 20


def duration() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "BREAK_GLASS_MINUTES", 60)))


class AlreadyVisible(Exception):
    """The user may already see the case: no break-glass needed."""

    def __init__(self, case: Case):
        super().__init__(case.reference)
        self.case = case


@gated(Involves.NEVER)
def break_glass_open(*, actor, reference: str, reason: str) -> BreakGlassAccess:
    """Grant the actor emergency read access to the case with `reference`.

    Raises PolicyDenied (no case role; a protected case), CaseError (no such case, too short a
    reason) or AlreadyVisible (the user can already see it). A refusal for a protected case is
    recorded (and the leaders alerted) in its own transaction, so it survives the refusal."""
    reason = (reason or "").strip()
    if not case_unit_ids(actor):
        raise PolicyDenied(_("Kun medarbejdere med en sagsrolle kan bruge nødadgang."))
    if len(reason) < MIN_REASON_LENGTH:
        raise CaseError(_("Begrundelsen skal være på mindst %(n)s tegn.") % {"n": MIN_REASON_LENGTH})
    case = Case.objects.select_related("unit").filter(reference=reference).first()
    if case is None:
        raise CaseError(_("Der findes ingen sag med dette sagsnummer."))
    if case.protected:
        if case_policy.is_protection_member(actor, case):
            raise AlreadyVisible(case)
        _record_protected_refusal(actor=actor, case=case)
        raise PolicyDenied(str(PROTECTED_REFUSAL))
    if case_policy.visible(actor, Case.objects.filter(pk=case.pk)).exists() and not case_policy.is_break_glass_viewer(
        actor, case
    ):
        raise AlreadyVisible(case)
    return _grant(actor=actor, case=case, reason=reason)


PROTECTED_REFUSAL = gettext_lazy(
    "Sagen er beskyttet. Nødadgang er ikke mulig. Kontakt lederen af sagens enhed; forsøget er registreret."
)


@transaction.atomic
def _record_protected_refusal(*, actor, case: Case) -> None:
    audit_record(
        actor=actor,
        action=audit_actions.BREAK_GLASS_REFUSED,
        target=case,
        new={"case": case.reference, "unit": case.unit_id, "why": "protected"},
    )
    security_notices.notify_on_commit(security_notices.BREAK_GLASS_REFUSED, case.pk)


@transaction.atomic
def _grant(*, actor, case: Case, reason: str) -> BreakGlassAccess:
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    if case.protected:  # protected meanwhile
        raise PolicyDenied(str(PROTECTED_REFUSAL))
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
        .exclude(case__in=Case.objects.filter(protected=True).exclude(protected_by_id=user.pk))
        .select_related("case", "case__unit", "user")
        .order_by("granted_at", "pk")
    )


def recent_refusals(*, user, days: int = 30):
    """Refused attempts on the leader's units' protected cases and refused break-glass, newest first."""
    from beredskab.audit.models import AuditEvent

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
