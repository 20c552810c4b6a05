"""The case page: everything on the case the reader may see, and what they may do next."""

from django.shortcuts import render

from beredskab.audit.purposes import Purpose
from beredskab.cases.risk import gate
from beredskab.core import dates

from .. import coming_of_age, hooks, matching, selectors
from ..clocks import case_clocks
from ..gate_state import gate_token
from ..models import Case, CaseStatus, JournalEntry, NetworkStepKind, ScreeningOutcome, TaskStatus
from ..policies import case_policy
from ..tracks import step_label, words
from ..view_helpers import case_for_page, case_work_required

# The word for each network step in its page's address (`cases:network_step`).
NETWORK_KIND_SLUGS = {
    NetworkStepKind.CONTACT: "kontakt",
    NetworkStepKind.LETTER: "brev",
    NetworkStepKind.MEETING: "moede",
    NetworkStepKind.DOCUMENT_SHARE: "dokumenter",
    NetworkStepKind.FILE_ACCESS: "aktindsigt",
}
KIND_BY_SLUG = {slug: kind for kind, slug in NETWORK_KIND_SLUGS.items()}


def _permissions(user, case: Case) -> dict:
    """What the reader may do on the case (the buttons the page shows)."""
    return {
        "is_lead": case_policy.is_lead(user, case),
        "can_work": case_policy.can(user, "work", case),
        "can_journal": case_policy.can(user, "write_journal", case),
        "can_reply": case_policy.can(user, "reply", case),
        "can_claim": not case.owner_id and case_policy.can(user, "claim", case),
        "can_share": case_policy.can(user, "share", case),
        "can_reopen": case_policy.can(user, "reopen", case),
        "can_protect": case_policy.can(user, "protect", case),
    }


def _gate_context(user, case: Case) -> dict:
    """The risk gate on the page: its decision, the answer for each network step's button, and
    what a worker or leader may decide at it now."""
    decision = gate.gate_decision(case)
    pending_screening = gate.screening_awaiting_approval(case)
    return {
        "gate_decision": decision,
        "network_actions": [
            {
                "kind": kind,
                "label": step_label(kind, case),
                "slug": NETWORK_KIND_SLUGS[kind],
                "decision": gate.check_network_step(case, kind),
            }
            for kind in NetworkStepKind.values
        ],
        "active_override": decision.override,
        "confirmable": gate.awaiting_confirmation(case) if case_policy.can(user, "work", case) else None,
        "pending_screening": pending_screening,
        "gate_token": gate_token(case),
        "can_approve_screening": bool(
            pending_screening
            and case_policy.is_lead(user, case)
            and pending_screening.screened_by_id != user.pk
            and case.is_open
        ),
    }


def _mark_corrections(case: Case) -> None:
    """Give each journal entry `fixed_by`: the later entries that correct it."""
    corrections: dict[int, list[JournalEntry]] = {}
    for entry in case.journal.all():
        if entry.corrects_id:
            corrections.setdefault(entry.corrects_id, []).append(entry)
    for entry in case.journal.all():
        entry.fixed_by = corrections.get(entry.pk, [])


def _restriction_rows(case: Case, *, labelled: bool) -> list[dict]:
    """The restrictions in force, each with the label of what it is on (for the case team only:
    a label may name what the reader may not see)."""
    labels = {value: label for value, label, _item, _field in selectors.restrictable_items(case)} if labelled else {}
    return [
        {"restriction": r, "label": labels.get(f"{r.content_type.model}:{r.object_id}:{r.field_name}", "")}
        for r in case.restrictions.all()
        if r.lifted_at is None
    ]


def _can_start_work(user, case: Case, screenings: list) -> bool:
    """Whether the page offers "Sæt sagsarbejdet i gang": a child's case once screened (to an
    afdækning or investigation); an adult's case from any status that leads to work."""
    if not case_policy.can(user, "work", case):
        return False
    if case.is_adult:
        return CaseStatus.IN_PROGRESS in case.transitions.get(case.status, frozenset())
    screened = bool(screenings and screenings[-1].outcome != ScreeningOutcome.NO_ACTION)
    return screened and case.status in (CaseStatus.SCREENED, CaseStatus.REOPENED)


@case_work_required
def case_detail(request, reference: str):
    """Everything on the case the reader may see (disclosure restrictions applied), its clocks,
    the risk gate, and what the reader may do next. The read is audited with its purpose."""
    case = case_for_page(request, reference, full=True)
    if case.erased_at is not None:  # a tombstone: say so, instead of a page of blanks
        return render(request, "cases/case_erased.html", {"case": case, "adult": case.is_adult})
    user = request.user
    disclosure = selectors.disclosure_for(user, case)
    is_team = case_policy.is_team(user, case)
    _mark_corrections(case)
    assessments = list(case.risk_assessments.all())
    screenings = list(case.screenings.all())
    context = {
        "case": case,
        "disclosure": disclosure,
        "is_team": is_team,
        **_permissions(user, case),
        "protection_members": list(case.protection_members.select_related("user")) if case.protected else [],
        "break_glass": case_policy.active_break_glass(user, case)
        if case_policy.is_break_glass_viewer(user, case)
        else None,
        "clocks": case_clocks(case),
        "subject": disclosure.subject(on=dates.today()),
        **_gate_context(user, case),
        "assessments": assessments,
        "open_assessment": next((a for a in assessments if a.status in ("draft", "completed")), None),
        "pending_assessment": any(cr.urgent_assessment_id is None for cr in case.case_reports.all()),
        "latest_screening": screenings[-1] if screenings else None,
        "matches": matching.matches_for_case(user=user, case=case) if is_team else None,
        "open_tasks": [t for t in case.tasks.all() if t.status == TaskStatus.OPEN],
        "closed_tasks": [t for t in case.tasks.all() if t.status != TaskStatus.OPEN],
        "active_shares": [s for s in case.shares.all() if s.revoked_at is None],
        "restriction_rows": _restriction_rows(case, labelled=is_team),
        "screening_allows_work": bool(screenings and screenings[-1].outcome != ScreeningOutcome.NO_ACTION),
        "CaseStatus": CaseStatus,
        "adult": case.is_adult,
        "words": words(case),
        "can_start_work": _can_start_work(user, case, screenings),
        "coming_of_age": coming_of_age.flag_for(case, dates.today()) if is_team else None,
        "coming_of_age_decisions": list(case.coming_of_age.select_related("decided_by", "from_unit", "to_unit")),
        "purpose_choices": [(p, Purpose(p).label) for p in selectors.CHOOSABLE_READ_PURPOSES],
        "read_purpose": selectors.read_purpose(user, case, request.GET.get("formaal")),
        "more_sections": hooks.case_page_sections(user, case),
    }
    return render(request, "cases/case_detail.html", context)
