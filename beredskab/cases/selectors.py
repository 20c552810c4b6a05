"""Reads of cases. Every function takes the acting user and filters through CasePolicy, so no
page, list, PDF or export can skip need-to-know. Reads of a person's data are audited with the
purpose they serve."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.accounts.roles import Capability
from beredskab.audit.people import PersonLookup
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.core.crypto import blind_index
from beredskab.core.text import same_name, words_of
from beredskab.intake.models import Report
from beredskab.intake.policies import report_policy

from . import audit_actions
from .clocks import Clock, case_clocks, closed_case_reply_clocks, pending_reply_q, report_assessment_clock
from .disclosure import Disclosure, Recipient
from .models import (
    OPEN_STATUSES,
    Case,
    CasePerson,
    CaseReport,
    CaseShare,
    CaseStatus,
    CaseStatusChange,
    Decision,
    DisclosureRestriction,
    Intervention,
    JournalEntry,
    NetworkStep,
    ReportHold,
    Screening,
    Task,
    UrgentAssessment,
)
from .policies import case_policy, case_unit_ids


def case_queryset() -> QuerySet[Case]:
    """A case with everything its page and its clocks show, in a fixed number of queries."""
    from beredskab.risk.models import Consultation, GateOverride, RiskAssessment

    return Case.objects.select_related("unit", "owner", "opened_by").prefetch_related(
        Prefetch(
            "case_reports",
            queryset=CaseReport.objects.select_related(
                "report", "report__receiving_unit", "urgent_assessment", "receipt_recorded_by", "feedback_recorded_by"
            ),
        ),
        Prefetch("urgent_assessments", queryset=UrgentAssessment.objects.select_related("assessed_by")),
        Prefetch("screenings", queryset=Screening.objects.select_related("screened_by", "gate_approved_by")),
        "people",
        Prefetch(
            "network_steps",
            queryset=NetworkStep.objects.select_related(
                "recorded_by", "gate_override", "risk_assessment"
            ).prefetch_related("people"),
        ),
        Prefetch(
            "journal",
            queryset=JournalEntry.objects.select_related("author", "author_unit", "corrects").prefetch_related(
                "participants"
            ),
        ),
        Prefetch("tasks", queryset=Task.objects.select_related("owner").prefetch_related("people")),
        Prefetch("decisions", queryset=Decision.objects.select_related("decided_by").prefetch_related("people")),
        Prefetch("interventions", queryset=Intervention.objects.select_related("created_by")),
        Prefetch("shares", queryset=CaseShare.objects.select_related("unit", "shared_by", "revoked_by")),
        Prefetch(
            "restrictions",
            queryset=DisclosureRestriction.objects.select_related("person", "created_by", "content_type"),
        ),
        Prefetch("status_changes", queryset=CaseStatusChange.objects.select_related("changed_by")),
        Prefetch(
            "risk_assessments",
            queryset=RiskAssessment.objects.select_related("author", "reviewed_by", "instrument").order_by("-version"),
        ),
        Prefetch("consultations", queryset=Consultation.objects.select_related("recorded_by")),
        Prefetch("gate_overrides", queryset=GateOverride.objects.select_related("granted_by", "revoked_by")),
        "gate_confirmations",
    )


def visible_cases(*, user) -> QuerySet[Case]:
    return case_policy.visible(user, Case.objects.all())


# Purposes a reader may choose when opening a case (the short list on the case page).
CHOOSABLE_READ_PURPOSES = (
    Purpose.CASE_WORK,
    Purpose.SUPERVISION,
    Purpose.COLLABORATION,
    Purpose.CITIZEN_REQUEST,
    Purpose.REPORTING,
)


def read_purpose(user, case: Case, chosen: str | None = None) -> str:
    """Why the user reads the case. Break-glass access is always an emergency; otherwise the
    purpose the reader chose from the short list, or by default their own unit's case work, or
    collaboration when the case is shared with their unit."""
    if case_policy.is_break_glass_viewer(user, case):
        return Purpose.EMERGENCY
    if chosen in CHOOSABLE_READ_PURPOSES:
        return chosen
    return Purpose.COLLABORATION if case_policy.is_shared_viewer(user, case) else Purpose.CASE_WORK


def recipient_for(user, case: Case) -> Recipient:
    """Everyone outside the case's team (shared units, break-glass) is an outside recipient:
    disclosure restrictions apply to them."""
    return Recipient.case_team() if case_policy.is_team(user, case) else Recipient.shared_unit()


def _get_visible(user, queryset, reference: str) -> Case:
    """The case through CasePolicy; a refused attempt on a protected case alerts its leaders."""
    try:
        return case_policy.visible(user, queryset).get(reference=reference)
    except Case.DoesNotExist:
        from .protection import alert_refused_attempt

        alert_refused_attempt(user=user, reference=reference)
        raise


def audit_case_read(*, user, case: Case, purpose: str | None = None) -> None:
    """Record that the user read the case, with the purpose (chosen or implied)."""
    audit_record(
        actor=user,
        action=audit_actions.CASE_VIEWED,
        target=case,
        person_ref=case.person_ref,
        purpose=read_purpose(user, case, purpose),
    )


def case_for_reading(*, user, reference: str, purpose: str | None = None, audit: bool = True) -> Case:
    """The case, if the user may see it (else Case.DoesNotExist), with the read audited."""
    case = _get_visible(user, case_queryset(), reference)
    if audit:
        audit_case_read(user=user, case=case, purpose=purpose)
    return case


def case_for_action(*, user, reference: str) -> Case:
    """The case for a form page (visibility checked; the form's own read is audited by the
    view through `case_for_reading` when it shows personal data)."""
    return _get_visible(user, Case.objects.select_related("unit", "owner"), reference)


def disclosure_for(user, case: Case) -> Disclosure:
    return Disclosure(case, recipient_for(user, case))


# --- lists ---------------------------------------------------------------------------------


def _list_queryset(user) -> QuerySet[Case]:
    from beredskab.risk.models import RiskAssessment

    return (
        case_policy.visible(user, Case.objects.all())
        .select_related("unit", "owner")
        .prefetch_related(
            Prefetch("case_reports", queryset=CaseReport.objects.select_related("report", "urgent_assessment")),
            Prefetch("tasks", queryset=Task.objects.select_related("owner")),
            Prefetch(
                "risk_assessments",
                queryset=RiskAssessment.objects.only("pk", "case_id", "status", "version", "reassessment_on"),
            ),
            "restrictions",
        )
    )


def my_cases(*, user) -> list[Case]:
    cases = list(_list_queryset(user).filter(owner=user, status__in=OPEN_STATUSES).order_by("received_at"))
    _audit_list(user, "mine", len(cases))
    return cases


def unit_cases(*, user, status: str | None = None) -> list[Case]:
    queryset = _list_queryset(user).filter(Q(unit_id__in=case_unit_ids(user)) | Q(owner=user))
    queryset = queryset.filter(status=status) if status else queryset.filter(status__in=OPEN_STATUSES)
    cases = list(queryset.order_by("received_at")[:500])
    _audit_list(user, "unit", len(cases))
    return cases


def shared_cases(*, user) -> list[Case]:
    units = case_unit_ids(user)
    queryset = (
        _list_queryset(user)
        .filter(pk__in=CaseShare.objects.filter(unit_id__in=units, revoked_at__isnull=True).values("case_id"))
        .exclude(unit_id__in=units)
    )
    cases = list(queryset.order_by("received_at"))
    return cases


def audit_listed(user, objects, *, purpose: str = Purpose.CASE_WORK) -> None:
    """One read event per person shown by name in a list (cases or reports), so a citizen's
    access log shows list views too."""
    for obj in objects:
        audit_record(
            actor=user,
            action=audit_actions.PERSON_LISTED,
            target=obj,
            person_ref=obj.person_ref,
            purpose=purpose,
        )


def _audit_list(user, scope: str, count: int) -> None:
    audit_record(
        actor=user,
        action=audit_actions.CASE_LIST_VIEWED,
        purpose=Purpose.CASE_WORK,
        new={"scope": scope, "count": count},
    )


# --- the queue -----------------------------------------------------------------------------


@dataclass
class QueueItem:
    report: Report
    clock: Clock
    held: ReportHold | None = None  # the report belongs to the child's protected or flagged case


def report_hold(report: Report) -> ReportHold | None:
    """The hold that keeps a report for the child's existing case, while it stands."""
    hold = ReportHold.objects.filter(report=report, released_at__isnull=True).select_related("case").first()
    return hold


def queue_reports(*, user) -> list[QueueItem]:
    """New reports to the user's units that are not in a case: acute first, then by deadline."""
    reports = (
        report_policy.visible(user, Report.objects.all())
        .filter(case_link__isnull=True)
        .select_related("receiving_unit", "hold__case")
        .order_by("-is_acute", "received_at", "pk")
    )
    items = []
    for report in reports[:500]:
        hold = getattr(report, "hold", None)
        held = hold if hold is not None and hold.released_at is None else None
        items.append(QueueItem(report=report, clock=report_assessment_clock(report), held=held))
    return items


def without_case_worker_q() -> Q:
    """Cases with no owner, or whose owner no longer works in the case's unit (left the unit,
    changed role, or was deactivated): the unit's leaders reassign them."""
    from beredskab.accounts.models import RoleAssignment

    from .policies import roles_with

    works_here = RoleAssignment.objects.filter(
        user_id=OuterRef("owner_id"),
        unit_id=OuterRef("unit_id"),
        role__in=roles_with(Capability.CASE_WORK),
        user__is_active=True,
    )
    return Q(owner__isnull=True) | ~Exists(works_here)


def unowned_cases(*, user) -> list[Case]:
    return list(
        _list_queryset(user)
        .filter(without_case_worker_q(), unit_id__in=case_unit_ids(user), status__in=OPEN_STATUSES)
        .order_by("received_at")
    )


def audit_queue_view(user, count: int) -> None:
    audit_record(actor=user, action=audit_actions.QUEUE_VIEWED, purpose=Purpose.INTAKE, new={"count": count})


def queue_report_for_reading(*, user, reference: str) -> Report:
    """A report in the user's units (in a case or not), with the read audited."""
    report = report_policy.visible(user, Report.objects.select_related("receiving_unit")).get(reference=reference)
    audit_record(
        actor=user,
        action=audit_actions.QUEUE_REPORT_VIEWED,
        target=report,
        person_ref=report.person_ref,
        purpose=Purpose.INTAKE,
    )
    return report


# --- earlier reports and cases about the same child ----------------------------------------


def person_condition(cpr_index: str, birth_date: datetime.date | None) -> Q:
    """Candidates: the same CPR blind index, or the same birth date (names are encrypted, so
    they are compared in Python by `_is_same_person`)."""
    condition = Q()
    if cpr_index:
        condition |= Q(subject_cpr_index=cpr_index)
    if birth_date:
        condition |= Q(subject_birth_date=birth_date)
    return condition


def _is_same_person(obj, cpr_index: str, name: str, birth_date: datetime.date | None) -> bool:
    """The same CPR number; or the same birth date and name as a case worker would read it
    (`core.text.same_name`). Two different CPR numbers with the same birth date are two people
    unless the names are the same words (then one number is most likely a typo)."""
    if cpr_index and obj.subject_cpr_index == cpr_index:
        return True
    if not birth_date or obj.subject_birth_date != birth_date or not same_name(obj.subject_name, name):
        return False
    if obj.subject_cpr_index and cpr_index:
        return set(words_of(obj.subject_name)) == set(words_of(name))
    return True


def cases_about_person(*, cpr_index: str, name: str, birth_date: datetime.date | None) -> list[Case]:
    """Every case about the same person, for the system's own rules (a new report about a child
    with a case). Not filtered by a user: never show the result as it is.

    Known only by a full name (no CPR number, no birth date), a report still goes to an open or
    protected case whose child has exactly that name (the same words): a protected child's
    name must not reach the general queue because the reporter did not know the birth date."""
    if cpr_index or (name and birth_date):
        candidates = Case.objects.filter(person_condition(cpr_index, birth_date)).order_by("-received_at")[:200]
        return [c for c in candidates if _is_same_person(c, cpr_index, name, birth_date)]
    words = set(words_of(name))
    if len(words) < 2:
        return []
    candidates = Case.objects.filter(Q(protected=True) | Q(status__in=OPEN_STATUSES)).order_by("-received_at")
    return [c for c in candidates.iterator(chunk_size=500) if set(words_of(c.subject_name)) == words]


@dataclass
class Matches:
    """Earlier reports and cases about the same child: repeated concerns matter."""

    reports: list[Report] = field(default_factory=list)  # not yet in a case, visible to the user
    cases: list[Case] = field(default_factory=list)  # visible to the user
    hidden_count: int = 0  # reports or cases elsewhere the user may not see
    by_cpr: bool = False

    @property
    def any(self) -> bool:
        return bool(self.reports or self.cases or self.hidden_count)


def matches_for_person(
    *, user, cpr_index: str, name: str, birth_date: datetime.date | None, exclude_report_ids=(), exclude_case_id=None
) -> Matches:
    """Reports and cases about the same person: the same CPR blind index, or the same name and
    birth date (names are encrypted, so candidates are found by birth date and compared here)."""
    matches = Matches(by_cpr=bool(cpr_index))
    if not cpr_index and not (name and birth_date):
        return matches
    report_condition = person_condition(cpr_index, birth_date)
    case_condition = report_condition

    def is_match(obj) -> bool:
        return _is_same_person(obj, cpr_index, name, birth_date)

    visible_reports = set(
        report_policy.visible(user, Report.objects.filter(report_condition)).values_list("pk", flat=True)
    )
    visible_case_ids = set(
        case_policy.visible(user, Case.objects.all()).filter(case_condition).values_list("pk", flat=True)
    )

    for report in (
        Report.objects.filter(report_condition)
        .exclude(pk__in=list(exclude_report_ids))
        .select_related("receiving_unit", "case_link__case")
        .order_by("-received_at")[:200]
    ):
        if not is_match(report):
            continue
        link = getattr(report, "case_link", None)
        if link is not None:
            continue  # shown through its case
        if report.pk in visible_reports:
            matches.reports.append(report)
        else:
            matches.hidden_count += 1
    cases = Case.objects.filter(case_condition).select_related("unit", "owner").order_by("-received_at")[:200]
    for case in cases:
        if case.pk == exclude_case_id or not is_match(case):
            continue
        if case.pk in visible_case_ids:
            matches.cases.append(case)
        else:
            matches.hidden_count += 1
    return matches


def matches_for_report(*, user, report: Report) -> Matches:
    return matches_for_person(
        user=user,
        cpr_index=report.subject_cpr_index,
        name=report.subject_name,
        birth_date=report.subject_birth_date,
        exclude_report_ids=[report.pk],
    )


def matches_for_case(*, user, case: Case) -> Matches:
    return matches_for_person(
        user=user,
        cpr_index=case.subject_cpr_index,
        name=case.subject_name,
        birth_date=case.subject_birth_date,
        exclude_report_ids=[cr.report_id for cr in case.case_reports.all()],
        exclude_case_id=case.pk,
    )


# --- deadlines -----------------------------------------------------------------------------


def deadlines(*, user, mine_only: bool = False, now: datetime.datetime | None = None) -> list[Clock]:
    """Every open clock the user can act on: their units' queue and open cases, soonest first."""
    now = now or timezone.now()
    clocks: list[Clock] = []
    if not mine_only:
        clocks.extend(item.clock for item in queue_reports(user=user))
    queryset = _list_queryset(user).filter(status__in=OPEN_STATUSES)
    if mine_only:
        queryset = queryset.filter(owner=user)
    else:
        queryset = queryset.filter(Q(unit_id__in=case_unit_ids(user)) | Q(owner=user))
    for case in queryset:
        clocks.extend(case_clocks(case, include_done=False))
    closed = CaseReport.objects.filter(
        pending_reply_q(), case__in=case_policy.visible(user, Case.objects.filter(status=CaseStatus.CLOSED))
    ).select_related("report", "case")
    closed = closed.filter(case__owner=user) if mine_only else closed.filter(case__unit_id__in=case_unit_ids(user))
    clocks.extend(closed_case_reply_clocks(closed))
    if mine_only:
        clocks = [c for c in clocks if c.task is None or c.task.owner_id == user.pk]
    audit_record(
        actor=user,
        action=audit_actions.DEADLINES_VIEWED,
        purpose=Purpose.CASE_WORK,
        new={"scope": "mine" if mine_only else "unit", "count": len(clocks)},
    )
    return sorted(clocks, key=lambda c: c.due_at)


def case_people(case: Case) -> list[CasePerson]:
    return list(case.people.all())


# --- oversight of the risk gate ----------------------------------------------------------------


@dataclass
class GateOversight:
    overrides: list  # active leader decisions that open the gate (override or "not involved")
    screenings: list  # screenings ruling NSK/ÆRK out, awaiting a leader's approval


def gate_oversight(*, user) -> GateOversight:
    """For a leader: the gate openings in their units that rest on a person's judgement."""
    from beredskab.risk.models import GateOverride

    from .policies import lead_unit_ids

    cases = case_policy.visible(user, Case.objects.filter(unit_id__in=lead_unit_ids(user)))
    overrides = list(
        GateOverride.objects.filter(case__in=cases, revoked_at__isnull=True)
        .select_related("case", "granted_by")
        .order_by("-granted_at")
    )
    latest: dict[int, Screening] = {}
    for screening in Screening.objects.filter(case__in=cases, case__status__in=OPEN_STATUSES).select_related(
        "case", "screened_by"
    ):
        current = latest.get(screening.case_id)
        if current is None or (screening.screened_at, screening.pk) > (current.screened_at, current.pk):
            latest[screening.case_id] = screening
    waiting = [s for s in latest.values() if not s.nsk_aerk_possible and s.gate_approved_at is None]
    audit_record(
        actor=user,
        action=audit_actions.GATE_OVERSIGHT_VIEWED,
        purpose=Purpose.SUPERVISION,
        new={"overrides": len(overrides), "screenings": len(waiting)},
    )
    return GateOversight(overrides=overrides, screenings=sorted(waiting, key=lambda s: s.screened_at))


# --- the citizen's access log: every reference that has stood for the person ----------------------


def person_references(cpr_digits: str, name: str, birth_date: datetime.date | None) -> PersonLookup:
    """For `audit.people.resolve_person`: the cases and reports about the person (by CPR
    number, or name and birth date), under whose references reads were recorded before the CPR
    number was known, and a warning when one of the cases needs care before the log is handed
    out."""
    cpr_index = blind_index(cpr_digits, purpose="cpr") if cpr_digits else ""
    lookup = PersonLookup()
    cases = cases_about_person(cpr_index=cpr_index, name=name, birth_date=birth_date)
    reports = [
        r
        for r in Report.objects.filter(person_condition(cpr_index, birth_date))
        if (cpr_index or (name and birth_date)) and _is_same_person(r, cpr_index, name, birth_date)
    ]
    for obj in [*cases, *reports]:
        lookup.refs.add(obj.person_ref)
        lookup.refs.add(f"{obj._meta.label_lower}:{obj.pk}")
    if any(c.nsk_aerk_flag or c.protected or c.restrictions.filter(lifted_at__isnull=True).exists() for c in cases):
        lookup.warnings.append(
            str(
                _(
                    "Personen har en sag, hvor negativ social kontrol eller en æresrelateret konflikt kan være "
                    "involveret, eller hvor oplysninger er beskyttet eller må ikke videregives."
                )
            )
        )
    return lookup
