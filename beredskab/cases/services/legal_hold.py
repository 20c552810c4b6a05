"""A legal hold on a case (retention, `beredskab.cases.retention`): while it lasts, the case's
personal data is never erased, e.g. during a complaint, a lawsuit or a request for access to files."""

from django.db import transaction
from django.utils.translation import gettext as _

from beredskab.cases.risk.gate import Involves, gated
from beredskab.core.text import reason_problem

from .. import audit_actions
from ..case_events import audit_case_event, lock_case
from ..errors import CaseError
from ..models import Case
from ..policies import case_policy


@gated(Involves.NEVER)
@transaction.atomic
def case_legal_hold_set(*, actor, case: Case, hold: bool, reason: str) -> Case:
    """Set (`hold=True`) or lift (`hold=False`) the case's legal hold, with a written reason kept
    (encrypted) on the case; the audit event holds the change, not the text. Only a leader of the
    case's unit. Raises PolicyDenied (may not see the case) or CaseError (not a leader, no change,
    no reason, an erased case: nothing is left to hold)."""
    case = lock_case(case)
    case_policy.require(actor, "view", case)
    if not case_policy.is_lead(actor, case):
        raise CaseError(_("Kun en leder i sagens enhed kan træffe denne beslutning."))
    if case.erased_at is not None:
        raise CaseError(_("Sagens personoplysninger er allerede slettet efter reglerne om opbevaring."))
    if case.legal_hold == hold:
        raise CaseError(
            _("Sagen er allerede tilbageholdt mod sletning.") if hold else _("Sagen er ikke tilbageholdt mod sletning.")
        )
    problem = reason_problem(reason)
    if problem:
        raise CaseError(f"{_('Skriv, hvorfor.')} {problem}")
    case.legal_hold = hold
    case.legal_hold_reason = reason.strip()
    case.save(update_fields=["legal_hold", "legal_hold_reason"])
    action = audit_actions.CASE_LEGAL_HOLD_SET if hold else audit_actions.CASE_LEGAL_HOLD_LIFTED
    audit_case_event(actor, action, case, old={"legal_hold": not hold}, new={"legal_hold": hold})
    return case
