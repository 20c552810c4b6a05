"""Children's cases: from the reports a case is opened from to the day it is closed.

A case belongs to one unit and has at most one owner (the case worker). Its status changes only
through `beredskab.cases.services.case_transition`, which checks `ALLOWED_TRANSITIONS` and
leaves a `CaseStatusChange` row. Everything a person told us, and everything that identifies
a person, is stored encrypted (`EncryptedTextField`); a keyed hash of the child's CPR number
(`subject_cpr_index`) finds earlier reports and cases about the same child.

Journal entries and decisions are append-only: a correction is a new entry that points to the
one it corrects.

By topic: `case` (the case, its status and history), `reports` (the reports and their clocks,
holds, reminders), `network` (screening, family and network, the steps that involve them),
`work` (journal, tasks, decisions, interventions) and `access` (shares, restrictions,
protection, break-glass, outbound releases). Django finds the models through this package,
which names them all.
"""

from .access import Audience, BreakGlassAccess, CaseShare, DisclosureRestriction, OutboundRelease, ProtectedCaseMember
from .case import (
    ADULT_TRANSITIONS,
    ALLOWED_TRANSITIONS,
    OPEN_STATUSES,
    Case,
    CaseStatus,
    CaseStatusChange,
    CloseOutcome,
    Track,
    YesNoUnknown,
)
from .network import (
    ADULT_STEP_LABELS,
    PARENT_RELATIONS,
    CasePerson,
    GateBasis,
    GateResetCause,
    NetworkStep,
    NetworkStepKind,
    Relation,
    Screening,
    ScreeningOutcome,
)
from .reports import CaseReport, DeadlineReminder, FeedbackOutcome, ReportHold, SendChannel, UrgentAssessment
from .transition import ComingOfAge, ComingOfAgeKind, Consent
from .work import (
    CONTACT_DECISION_KINDS,
    CONTACT_JOURNAL_KINDS,
    FAMILY_INTERVENTION_KINDS,
    AppendOnlyError,
    AppendOnlyQuerySet,
    Decision,
    DecisionKind,
    Intervention,
    InterventionKind,
    InterventionStatus,
    JournalEntry,
    JournalKind,
    PreventionLevel,
    Task,
    TaskStatus,
)

__all__ = [
    "ADULT_STEP_LABELS",
    "ADULT_TRANSITIONS",
    "ALLOWED_TRANSITIONS",
    "CONTACT_DECISION_KINDS",
    "CONTACT_JOURNAL_KINDS",
    "FAMILY_INTERVENTION_KINDS",
    "OPEN_STATUSES",
    "PARENT_RELATIONS",
    "AppendOnlyError",
    "AppendOnlyQuerySet",
    "Audience",
    "BreakGlassAccess",
    "Case",
    "CasePerson",
    "CaseReport",
    "CaseShare",
    "CaseStatus",
    "CaseStatusChange",
    "CloseOutcome",
    "ComingOfAge",
    "ComingOfAgeKind",
    "Consent",
    "DeadlineReminder",
    "Decision",
    "DecisionKind",
    "DisclosureRestriction",
    "FeedbackOutcome",
    "GateBasis",
    "GateResetCause",
    "Intervention",
    "InterventionKind",
    "InterventionStatus",
    "JournalEntry",
    "JournalKind",
    "NetworkStep",
    "NetworkStepKind",
    "OutboundRelease",
    "PreventionLevel",
    "ProtectedCaseMember",
    "Relation",
    "ReportHold",
    "Screening",
    "ScreeningOutcome",
    "SendChannel",
    "Task",
    "TaskStatus",
    "Track",
    "UrgentAssessment",
    "YesNoUnknown",
]
