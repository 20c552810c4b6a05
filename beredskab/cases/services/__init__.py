"""Every write to a children's case. Each service is one transaction, locks the case row
(`select_for_update`) before it changes anything, checks the case policy and the case's rules,
and writes its audit event in the same transaction. Audit values hold codes, ids and dates,
never names or free text.

Refusals raise `PolicyDenied` (who may) or `CaseError` (what the case allows, e.g. the risk
gate's `GateClosed`), each with a Danish reason the pages show as it is.

The services live in modules by topic; this package names them all, so callers write
`services.journal_entry_add(...)`:

- `opening`: a case from reports in the queue, a further report, who owns the case
- `workflow`: the one place a status changes, closing and reopening
- `reports`: the 24-hour assessment, receipts and feedback to reporters, the reporter's identity
- `screening`: screening and the NSK/ÆRK flag
- `network`: the child, the family and network, and the steps that involve them
- `journal`: journal entries and tasks
- `decisions`: decisions and interventions
- `sharing`: sharing with other units, disclosure restrictions, outbound releases
- `legal_hold`: a leader's legal hold that keeps a case from retention's erasure
- `track`: the case's track (children/adults) and the transition at 18

Protection and break-glass have their own modules (`beredskab.cases.protection`,
`beredskab.cases.breakglass`).
"""

from .decisions import decision_record, intervention_add, intervention_end
from .journal import journal_entry_add, task_add, task_close
from .legal_hold import case_legal_hold_set
from .network import (
    PERSON_FIELDS,
    case_person_add,
    case_person_update,
    case_subject_update,
    file_access_release,
    network_step_record,
)
from .opening import case_add_report, case_assign, case_claim, case_open
from .reports import feedback_record, receipt_record, reporter_identity_release, urgent_assessment_record
from .screening import case_flag_set, screening_gate_approve, screening_record
from .sharing import case_share, case_share_revoke, outbound_release_record, restriction_add, restriction_lift
from .track import case_continued_support_record, case_hand_over_at_18, case_track_correct
from .workflow import case_close, case_reopen, case_transition

__all__ = [
    "PERSON_FIELDS",
    "case_add_report",
    "case_assign",
    "case_claim",
    "case_close",
    "case_continued_support_record",
    "case_flag_set",
    "case_hand_over_at_18",
    "case_legal_hold_set",
    "case_open",
    "case_person_add",
    "case_person_update",
    "case_reopen",
    "case_share",
    "case_share_revoke",
    "case_subject_update",
    "case_track_correct",
    "case_transition",
    "decision_record",
    "feedback_record",
    "file_access_release",
    "intervention_add",
    "intervention_end",
    "journal_entry_add",
    "network_step_record",
    "outbound_release_record",
    "receipt_record",
    "reporter_identity_release",
    "restriction_add",
    "restriction_lift",
    "screening_gate_approve",
    "screening_record",
    "task_add",
    "task_close",
    "urgent_assessment_record",
]
