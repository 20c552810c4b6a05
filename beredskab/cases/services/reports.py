"""What is owed on each report of a case (barnets lov §§ 136-137): the assessment within 24 hours,
the receipt to a named reporter and the feedback to a professional one; and the decision to
release the reporter's identity toward the family."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.cases.risk.gate import Involves, gated
from beredskab.cases.risk.mentions import MentionsAnswer, check_mentions
from beredskab.core import dates
from beredskab.core.text import reason_problem
from beredskab.core.workdays import to_local

from .. import audit_actions
from ..case_events import audit_case_event, lock_case
from ..errors import CaseError
from ..gate_state import flag_case
from ..models import Case, CaseReport, CaseStatus, UrgentAssessment, YesNoUnknown
from ..policies import case_policy
from .checks import lock_case_report
from .workflow import _transition


@gated(Involves.NEVER)
@transaction.atomic
def urgent_assessment_record(
    *,
    actor,
    case: Case,
    child_in_danger: str,
    acute_action_needed: bool,
    reasons: str,
    actions_taken: str = "",
    nsk_aerk_possible: bool = False,
    mentions_confirmed: MentionsAnswer = False,
) -> UrgentAssessment:
    """Barnets lov § 136: the assessment within 24 hours of receipt. It covers every report of
    the case that has none yet; the first one moves the case from received to assessed."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    if case.is_adult:
        raise CaseError(_("En voksensag behandles efter serviceloven og har ingen vurdering inden for 24 timer."))
    pending = list(case.case_reports.filter(urgent_assessment__isnull=True).select_related("report"))
    if not pending:
        raise CaseError(_("Alle sagens underretninger er allerede vurderet."))
    if child_in_danger not in YesNoUnknown.values:
        raise CaseError(_("Vælg, om barnet er i fare."))
    if acute_action_needed and not actions_taken.strip():
        raise CaseError(_("Beskriv de akutte handlinger."))
    check_mentions(case, [reasons, actions_taken], confirmed=mentions_confirmed, contacts_only=True)
    assessment = UrgentAssessment.objects.create(
        case=case,
        assessed_at=timezone.now(),
        assessed_by=actor,
        child_in_danger=child_in_danger,
        acute_action_needed=acute_action_needed,
        actions_taken=actions_taken,
        reasons=reasons,
    )
    CaseReport.objects.filter(pk__in=[cr.pk for cr in pending]).update(urgent_assessment=assessment)
    late = [
        cr.report.reference
        for cr in pending
        if assessment.assessed_at > cr.report.received_at + datetime.timedelta(hours=24)
    ]
    audit_case_event(
        actor,
        audit_actions.URGENT_ASSESSMENT_RECORDED,
        case,
        target=assessment,
        new={
            "reports": [cr.report.reference for cr in pending],
            "child_in_danger": child_in_danger,
            "acute_action_needed": acute_action_needed,
            "late": late,
        },
    )
    if nsk_aerk_possible:
        flag_case(actor=actor, case=case)
    if case.status == CaseStatus.RECEIVED:
        _transition(actor=actor, case=case, to_status=CaseStatus.ASSESSED)
    return assessment


@gated(Involves.NEVER)
@transaction.atomic
def receipt_record(*, actor, case_report: CaseReport, sent_on: datetime.date, channel: str) -> CaseReport:
    """§ 137: the receipt to a named reporter was sent (the letter: `documents.receipt_letter_pdf`)."""
    case, case_report = lock_case_report(case_report)
    case_policy.require(actor, "reply", case)
    if not case_report.needs_receipt:
        raise CaseError(_("Indberetteren er anonym og får ingen kvittering."))
    if sent_on < to_local(case_report.report.received_at).date() or sent_on > dates.today():
        raise CaseError(_("Datoen skal ligge mellem modtagelsen og i dag."))
    old = {"sent_on": case_report.receipt_sent_on, "channel": case_report.receipt_channel}
    case_report.receipt_sent_on = sent_on
    case_report.receipt_channel = channel
    case_report.receipt_recorded_by = actor
    case_report.save(update_fields=["receipt_sent_on", "receipt_channel", "receipt_recorded_by"])
    audit_case_event(
        actor,
        audit_actions.RECEIPT_RECORDED,
        case,
        target=case_report,
        old=old,
        new={"report": case_report.report.reference, "sent_on": sent_on, "channel": channel},
    )
    return case_report


@gated(Involves.NEVER)
@transaction.atomic
def feedback_record(
    *, actor, case_report: CaseReport, sent_on: datetime.date, outcome: str, channel: str
) -> CaseReport:
    """§ 137: a professional reporter is told whether an afdækning, an investigation or support
    was started."""
    case, case_report = lock_case_report(case_report)
    case_policy.require(actor, "reply", case)
    if not case_report.needs_feedback:
        raise CaseError(_("Kun fagpersoner, der har underrettet, får en tilbagemelding."))
    if sent_on < to_local(case_report.report.received_at).date() or sent_on > dates.today():
        raise CaseError(_("Datoen skal ligge mellem modtagelsen og i dag."))
    old = {"sent_on": case_report.feedback_sent_on, "outcome": case_report.feedback_outcome}
    case_report.feedback_sent_on = sent_on
    case_report.feedback_outcome = outcome
    case_report.feedback_channel = channel
    case_report.feedback_recorded_by = actor
    case_report.save(update_fields=["feedback_sent_on", "feedback_outcome", "feedback_channel", "feedback_recorded_by"])
    audit_case_event(
        actor,
        audit_actions.FEEDBACK_RECORDED,
        case,
        target=case_report,
        old=old,
        new={"report": case_report.report.reference, "sent_on": sent_on, "outcome": outcome, "channel": channel},
    )
    return case_report


@gated(Involves.NEVER)
@transaction.atomic
def reporter_identity_release(*, actor, case_report: CaseReport, reason: str) -> CaseReport:
    """Decide that the family may learn who reported (withheld by default in an NSK/ÆRK case,
    forvaltningsloven § 15 b), with a written reason."""
    case, case_report = lock_case_report(case_report)
    case_policy.require(actor, "work", case)
    if case_report.report.reporter_anonymous:
        raise CaseError(_("Indberetteren er anonym."))
    if case_report.reporter_released_at is not None:
        raise CaseError(_("Indberetterens identitet er allerede frigivet."))
    problem = reason_problem(reason)
    if problem:
        raise CaseError(problem)
    case_report.reporter_released_at = timezone.now()
    case_report.reporter_released_by = actor
    case_report.reporter_release_reason = reason
    case_report.save(update_fields=["reporter_released_at", "reporter_released_by", "reporter_release_reason"])
    audit_case_event(
        actor,
        audit_actions.REPORTER_RELEASED,
        case,
        target=case_report,
        new={"report": case_report.report.reference},
        purpose=Purpose.SUPERVISION,
    )
    return case_report
