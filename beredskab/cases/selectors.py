"""Reads of cases. Every function takes the acting user and filters through CasePolicy, so no
page, list, PDF or export can skip need-to-know. Reads of a person's data are audited with the
purpose they serve, by the selector that reads them: a page calls one selector and gets what it
shows with the read recorded. Earlier reports about the child: `beredskab.cases.matching`."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from beredskab.accounts.models import RoleAssignment
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.risk.models import Consultation, GateOverride, RiskAssessment
from beredskab.core.fields import encrypted_field_names
from beredskab.core.roles import Capability
from beredskab.intake.models import Report
from beredskab.intake.policies import report_policy
from beredskab.intake.selectors import not_in_a_case

from . import audit_actions, coming_of_age, documents
from .clocks import (
    Clock,
    case_clocks,
    closed_case_reply_clocks,
    pending_reply_q,
    queue_clock,
    with_clock_rows,
)
from .disclosure import SUBJECT_FIELDS, Disclosure, Recipient
from .models import (
    OPEN_STATUSES,
    Case,
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
    Track,
    UrgentAssessment,
)
from .policies import HeldFor, case_policy, case_unit_ids, held_for, lead_unit_ids, roles_with
from .protection import alert_refused_attempt


def case_queryset() -> QuerySet[Case]:
    """A case with everything its page and its clocks show, in a fixed number of queries."""
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
    """The cases the user may see, with what a list row shows (clocks, restrictions) prefetched."""
    return with_clock_rows(case_policy.visible(user, Case.objects.all())).prefetch_related("restrictions")


def my_cases(*, user) -> list[Case]:
    """The user's own open cases, oldest first; the list and each child shown are audited."""
    cases = list(_list_queryset(user).filter(owner=user, status__in=OPEN_STATUSES).order_by("received_at"))
    _audit_list(user, "mine", cases)
    return cases


def unit_cases(*, user, status: str | None = None) -> list[Case]:
    """The open cases (or those in `status`) of the user's units, and their own; at most 500,
    oldest first. The list and each child shown are audited."""
    queryset = _list_queryset(user).filter(Q(unit_id__in=case_unit_ids(user)) | Q(owner=user))
    queryset = queryset.filter(status=status) if status else queryset.filter(status__in=OPEN_STATUSES)
    cases = list(queryset.order_by("received_at")[:500])
    _audit_list(user, "unit", cases)
    return cases


def shared_cases(*, user) -> list[Case]:
    """Cases of other units shared with the user's units; each child shown is audited as
    collaboration."""
    units = case_unit_ids(user)
    queryset = (
        _list_queryset(user)
        .filter(pk__in=CaseShare.objects.filter(unit_id__in=units, revoked_at__isnull=True).values("case_id"))
        .exclude(unit_id__in=units)
    )
    cases = list(queryset.order_by("received_at"))
    if cases:
        _audit_list(user, "shared", cases, purpose=Purpose.COLLABORATION)
    return cases


def listed(objects) -> dict:
    """What one list event records: the persons shown (indexed per person) and the targets."""
    return {
        "persons": [obj.person_ref for obj in objects],
        "new": {"count": len(objects), "shown": [f"{obj._meta.label_lower}:{obj.pk}" for obj in objects]},
    }


def audit_cases_listed(*, user, cases: list[Case], scope: str) -> None:
    """One event naming every person of a list shown outside these selectors (the API's list)."""
    _audit_list(user, scope, cases)


def _audit_list(user, scope: str, objects, *, purpose: str = Purpose.CASE_WORK) -> None:
    """ONE read event for a list page naming every person shown (one append, one lock)."""
    shown = listed(objects)
    audit_record(
        actor=user,
        action=audit_actions.CASE_LIST_VIEWED,
        purpose=purpose,
        persons=shown["persons"],
        new={"scope": scope, **shown["new"]},
    )


# --- the queue -----------------------------------------------------------------------------

QUEUE_PAGE_SIZE = 50
# What a queue row shows of a report; its other encrypted columns are never read for it.
QUEUE_SHOWS = ("subject_name", "subject_cpr")


@dataclass
class QueueItem:
    report: Report
    clock: Clock
    held: HeldFor | None = None  # the child's case the report belongs to, as the reader may know it


def report_hold(report: Report) -> ReportHold | None:
    """The hold that keeps a report for the child's existing case, while it stands."""
    hold = ReportHold.objects.filter(report=report, released_at__isnull=True).select_related("case__unit").first()
    return hold


def waiting_reports(*, user, shows=QUEUE_SHOWS) -> QuerySet[Report]:
    """New reports to the user's units that are not in a case (`Report.taken_in`, a partial
    index), acute first, then by deadline; only the encrypted columns in `shows` are read."""
    return (
        report_policy.visible(user, not_in_a_case())
        .select_related("receiving_unit", "hold__case__unit")
        .defer(*encrypted_field_names(Report, keep=shows), *encrypted_field_names(Case, prefix="hold__case__"))
        .order_by("-is_acute", "received_at", "pk")
    )


def _queue_items(user, reports) -> list[QueueItem]:
    standing = {r.pk: h for r in reports if (h := getattr(r, "hold", None)) is not None and h.released_at is None}
    holds = held_for(user, standing.values())
    return [QueueItem(r, queue_clock(r), holds[standing[r.pk].pk] if r.pk in standing else None) for r in reports]


def queue_reports(*, user, shows=QUEUE_SHOWS) -> list[QueueItem]:
    """New reports to the user's units that are not in a case (at most 500), acute first."""
    return _queue_items(user, list(waiting_reports(user=user, shows=shows)[:500]))


def without_case_worker_q() -> Q:
    """Cases with no owner, or whose owner no longer works in the case's unit (left the unit,
    changed role, or was deactivated): the unit's leaders reassign them."""
    works_here = RoleAssignment.objects.filter(
        user_id=OuterRef("owner_id"),
        unit_id=OuterRef("unit_id"),
        role__in=roles_with(Capability.CASE_WORK),
        user__is_active=True,
    )
    return Q(owner__isnull=True) | ~Exists(works_here)


def unowned_cases(*, user) -> list[Case]:
    """The units' open cases without a case worker (at most 200), oldest first."""
    return list(
        _list_queryset(user)
        .filter(without_case_worker_q(), unit_id__in=case_unit_ids(user), status__in=OPEN_STATUSES)
        .order_by("received_at")[:200]
    )


@dataclass
class Queue:
    items: list[QueueItem]  # reports not yet in a case (this page of them)
    unowned: list[Case]  # open cases without a case worker (`without_case_worker_q`)
    page: Page | None = None  # the page of waiting reports shown


def queue(*, user, page: int | str = 1) -> Queue:
    """The queue page: a page of new reports to the user's units (acute first, then by
    deadline) and the units' cases without a case worker. ONE audit event (intake) names the
    view and every person shown, so the page is one append, not one per row."""
    shown = Paginator(waiting_reports(user=user), QUEUE_PAGE_SIZE).get_page(page)
    items = _queue_items(user, list(shown.object_list))
    unowned = unowned_cases(user=user)
    rows = listed([i.report for i in items] + unowned)
    audit_record(
        actor=user,
        action=audit_actions.QUEUE_VIEWED,
        purpose=Purpose.INTAKE,
        persons=rows["persons"],
        new={**rows["new"], "page": shown.number, "waiting": shown.paginator.count},
    )
    return Queue(items=items, unowned=unowned, page=shown)


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


# --- deadlines -----------------------------------------------------------------------------


def _open_clocks(user, mine_only: bool) -> list[Clock]:
    """Every open clock the user can act on, soonest first. Only open work is read: the
    waiting reports, the open cases, and the closed cases' case reports still owing a reply
    (`CaseReport.replies_owed`, a partial index); no encrypted column is decrypted."""
    clocks: list[Clock] = []
    if not mine_only:
        clocks.extend(item.clock for item in queue_reports(user=user, shows=()))
    cases = case_policy.visible(user, Case.objects.filter(status__in=OPEN_STATUSES))
    queryset = with_clock_rows(cases).defer(*encrypted_field_names(Case))
    if mine_only:
        queryset = queryset.filter(owner=user)
    else:
        queryset = queryset.filter(Q(unit_id__in=case_unit_ids(user)) | Q(owner=user))
    for case in queryset:
        clocks.extend(case_clocks(case, include_done=False))
    closed = (
        CaseReport.objects.filter(
            pending_reply_q(),
            replies_owed=True,
            case__in=case_policy.visible(user, Case.objects.filter(status=CaseStatus.CLOSED)),
        )
        .select_related("report", "case")
        .defer(*encrypted_field_names(Report, prefix="report__"), *encrypted_field_names(Case, prefix="case__"))
        .defer(*encrypted_field_names(CaseReport))
    )
    closed = closed.filter(case__owner=user) if mine_only else closed.filter(case__unit_id__in=case_unit_ids(user))
    clocks.extend(closed_case_reply_clocks(closed))
    if mine_only:
        clocks = [c for c in clocks if c.task is None or c.task.owner_id == user.pk]
    return sorted(clocks, key=lambda c: c.due_at)


def deadlines(*, user, mine_only: bool = False, now: datetime.datetime | None = None) -> list[Clock]:
    """Every open clock the user can act on: their units' queue and open cases, soonest first."""
    clocks = _open_clocks(user, mine_only)
    audit_record(
        actor=user,
        action=audit_actions.DEADLINES_VIEWED,
        purpose=Purpose.CASE_WORK,
        new={"scope": "mine" if mine_only else "unit", "count": len(clocks)},
    )
    return clocks


DEADLINES_PAGE_SIZE = 100


@dataclass
class Deadlines:
    page: Page  # of Clock, soonest first
    turning_18: list  # coming_of_age.Flag


def deadlines_page(*, user, today: datetime.date, mine_only: bool = False, page: int | str = 1) -> Deadlines:
    """The deadlines page: a page of the open clocks, and the young people turning 18. ONE
    audit event names the view and the young people shown by case (the clocks show only
    references)."""
    clocks = _open_clocks(user, mine_only)
    flags = _coming_of_age(user, today, mine_only)
    rows = listed([f.case for f in flags])
    shown = Paginator(clocks, DEADLINES_PAGE_SIZE).get_page(page)
    audit_record(
        actor=user,
        action=audit_actions.DEADLINES_VIEWED,
        purpose=Purpose.CASE_WORK,
        persons=rows["persons"],
        new={"scope": "mine" if mine_only else "unit", "count": len(clocks), "page": shown.number, **rows["new"]},
    )
    return Deadlines(page=shown, turning_18=flags)


# --- oversight of the risk gate ----------------------------------------------------------------


@dataclass
class GateOversight:
    overrides: list  # active leader decisions that open the gate (override or "not involved")
    screenings: list  # screenings ruling NSK/ÆRK out, awaiting a leader's approval


def gate_oversight(*, user) -> GateOversight:
    """For a leader: the gate openings in their units that rest on a person's judgement."""
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


# --- what a disclosure restriction can be put on -----------------------------------------------


def restrictable_items(case: Case) -> list[tuple[str, str, object, str]]:
    """(value, label, item, field) for everything on the case a restriction can be put on: the
    child's fields, each report (the reporter's identity, or all of it), each person (contact
    details, or all), each journal entry, decision and consultation, and the scenarios and
    safety measures of each risk assessment. `value` ("<model>:<pk>:<field>") names the choice
    in the restriction form; `field` is "" for the whole item. Reads the case as
    `case_queryset()` prefetched it."""
    items = [(f"case:{case.pk}:{name}", label, case, name) for name, label in SUBJECT_FIELDS.items()]
    for cr in case.case_reports.all():
        ref = cr.report.reference
        items.append(
            (
                f"casereport:{cr.pk}:reporter",
                _("Underretning %(ref)s: indberetterens identitet") % {"ref": ref},
                cr,
                "reporter",
            )
        )
        items.append((f"casereport:{cr.pk}:", _("Underretning %(ref)s: hele underretningen") % {"ref": ref}, cr, ""))
    for person in case.people.all():
        label = f"{person.name} ({person.get_relation_display()})"
        items.append(
            (
                f"caseperson:{person.pk}:contact_details",
                _("%(p)s: kontaktoplysninger") % {"p": label},
                person,
                "contact_details",
            )
        )
        items.append((f"caseperson:{person.pk}:", _("%(p)s: alle oplysninger") % {"p": label}, person, ""))
    for entry in case.journal.all():
        items.append((f"journalentry:{entry.pk}:", _("Journalnotat nr. %(n)s") % {"n": entry.number}, entry, ""))
    for decision in case.decisions.all():
        items.append((f"decision:{decision.pk}:", _("Beslutning: %(t)s") % {"t": decision.title}, decision, ""))
    for consultation in case.consultations.all():
        items.append(
            (
                f"consultation:{consultation.pk}:",
                _("Konsultation %(date)s med %(who)s")
                % {"date": consultation.consulted_on.strftime("%d-%m-%Y"), "who": consultation.partner_name},
                consultation,
                "",
            )
        )
    for assessment in case.risk_assessments.all():
        for field_name, label in (("scenarios", _("scenarier")), ("safety_measures", _("sikkerhedsforanstaltninger"))):
            items.append(
                (
                    f"riskassessment:{assessment.pk}:{field_name}",
                    _("Risikovurdering version %(v)s: %(f)s") % {"v": assessment.version, "f": label},
                    assessment,
                    field_name,
                )
            )
    return items


# --- documents for a reporter --------------------------------------------------------------------


def receipt_letter_pdf(*, user, case: Case, case_report: CaseReport) -> bytes:
    """The receipt letter to the reporter of `case_report` as a PDF (only what the reporter may
    see, never a CPR number), its making audited as case work. The caller checked that the
    user may reply to reporters on the case and that the reporter is owed a receipt."""
    audit_record(
        actor=user,
        action=audit_actions.RECEIPT_LETTER_GENERATED,
        target=case_report,
        person_ref=case.person_ref,
        purpose=Purpose.CASE_WORK,
        new={"case": case.reference, "report": case_report.report.reference},
    )
    return documents.receipt_letter_pdf(case, case_report)


# --- the track -----------------------------------------------------------------------------


def is_adult_case(case: Case) -> bool:
    """Whether the case is an adult's (serviceloven), not a child's (barnets lov). A case opened
    from a report routed to an adults unit is; a leader may correct the track with a reason."""
    return case.track == Track.ADULTS


def _coming_of_age(user, today: datetime.date, mine_only: bool) -> list:
    latest_birth = coming_of_age.birthday(coming_of_age.months_ahead(today, coming_of_age.FLAG_MONTHS), -18)
    queryset = case_policy.visible(
        user,
        Case.objects.filter(
            track=Track.CHILDREN,
            status__in=OPEN_STATUSES,
            subject_birth_date__lte=latest_birth,
            coming_of_age__isnull=True,
        ),
    ).select_related("unit")
    queryset = queryset.filter(owner=user) if mine_only else queryset.filter(unit_id__in=case_unit_ids(user))
    return coming_of_age.flagged_cases(list(queryset[:200]), today)


def coming_of_age_flags(*, user, today: datetime.date, mine_only: bool = False) -> list:
    """The open children's cases of the user's units (or their own) whose young person turns 18
    within six months, or has, with nothing decided yet (`beredskab.cases.coming_of_age`); the
    cases shown are audited in one event."""
    flags = _coming_of_age(user, today, mine_only)
    if flags:
        _audit_list(user, "turning_18", [f.case for f in flags])
    return flags
