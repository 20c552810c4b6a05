"""Writes of the risk app: instruments, assessments (draft, complete, four-eyes approval),
the leader's override of the risk gate, and consultations. One transaction each, the case row
locked, the audit event written in the same transaction.

By topic: `instruments`, `assessments`, `overrides` (decisions at the gate by a person) and
`consultations`; this package names them all, so callers write `services.risk_assessment_start(...)`.
"""

from .assessments import (
    AssessmentIncomplete,
    RatingInput,
    missing_for_completion,
    reassessment_date_problem,
    risk_assessment_approve,
    risk_assessment_complete,
    risk_assessment_return,
    risk_assessment_save,
    risk_assessment_start,
)
from .consultations import consultation_record
from .instruments import default_instrument, instrument_load
from .overrides import audit_override_refusal, gate_assessment_confirm, gate_override_grant, gate_override_revoke

__all__ = [
    "AssessmentIncomplete",
    "RatingInput",
    "audit_override_refusal",
    "consultation_record",
    "default_instrument",
    "gate_assessment_confirm",
    "gate_override_grant",
    "gate_override_revoke",
    "instrument_load",
    "missing_for_completion",
    "reassessment_date_problem",
    "risk_assessment_approve",
    "risk_assessment_complete",
    "risk_assessment_return",
    "risk_assessment_save",
    "risk_assessment_start",
]
