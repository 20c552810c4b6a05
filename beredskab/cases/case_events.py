"""The two things every write to a case starts and ends with: the locked case row, and the audit
event about it. Shared by the case services, the risk gate's state and the risk services."""

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record

from .models import Case


def lock_case(case: Case) -> Case:
    """The case row, locked for the rest of the transaction, as it is in the database now."""
    return Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)


def audit_case_event(actor, action, case: Case, *, target=None, new=None, old=None, purpose=Purpose.CASE_WORK):
    """An audit event about a case: the child is the person concerned, the case reference is kept."""
    return audit_record(
        actor=actor,
        action=action,
        target=target if target is not None else case,
        person_ref=case.person_ref,
        purpose=purpose,
        old=old,
        new={"case": case.reference, **(new or {})},
    )
