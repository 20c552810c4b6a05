"""Protection follows the person: a new report about a child who already has a protected or
flagged case never starts a parallel, unprotected case with an open gate.

When a report is saved (intake's `on_report_received` hook, registered in `CasesConfig.ready`),
`hold_new_report` looks for a case about the same person (CPR blind index, or name and birth
date, as the earlier-reports check does). If that case is protected or flagged, the report is
held for it (`ReportHold`) and the case's gate asks for a fresh decision at once. Reports that
were already waiting when a case was opened or protected are held then (`hold_waiting_reports`,
also run after every `migrate`, so an upgrade holds what was waiting). A held report:

- a report for a protected case goes to the case's unit and is seen only by the people named
  on the case, its protector and the unit's leaders (`policies.reports_hidden_from`, which
  intake's `ReportPolicy` applies through `intake.hooks.hides_reports`), never by name in the
  general queue; the protecting leader and the unit's leaders get a content-free e-mail; so
  does a report for a case whose child's details may not be disclosed outside its unit
  (`policies.kept_in_its_unit`): another unit may not learn that the case exists;
- it can only be added to that case (`case_add_report`), or opened as a new case by a leader's
  decision with a written reason (`case_open`), and that new case inherits the flag (and so a
  closed gate), the restrictions on the child's own details and the protection.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.core.jobs import JobRun
from beredskab.intake.selectors import not_in_a_case

from . import audit_actions, security_notices
from .case_events import lock_case
from .errors import CaseError
from .gate_state import reset_gate
from .matching import cases_about_person, person_condition
from .models import Audience, Case, DisclosureRestriction, GateResetCause, ProtectedCaseMember, ReportHold
from .policies import case_policy, kept_in_its_unit, restricted_case_ids


def case_holding(report) -> Case | None:
    """The case a new report about the same child must go to: an open case before a closed one,
    a protected one before one that is not, the newest first. None when there is none. Every
    case counts, flagged or not: a new concern asks for a fresh decision at the gate."""
    cases = cases_about_person(
        cpr_index=report.subject_cpr_index, name=report.subject_name, birth_date=report.subject_birth_date
    )
    ranked = sorted(cases, key=lambda c: (not c.is_open, not c.protected, -c.received_at.timestamp()))
    return ranked[0] if ranked else None


def hold_new_report(report) -> ReportHold | None:
    """Hold a just-saved report for the child's case (see the module)."""
    case = case_holding(report)
    if case is None:
        return None
    hold = _hold(report, lock_case(case))
    if case.is_open:
        # The new concern is for the case team to weigh before the family is involved.
        reset_gate(actor=None, case=hold.case, cause=GateResetCause.NEW_REPORT)
    return hold


def _route_to_case(report, case) -> None:
    """A report for a case kept in its unit (`policies.kept_in_its_unit`: protected, or the
    child's details restricted from disclosure outside the unit) goes to the case's unit, where
    its people are: the receiving unit may not know that the case exists."""
    if report.receiving_unit_id != case.unit_id and kept_in_its_unit(case):
        if case.is_adult:  # serviceloven: borgeren, never "barnet"
            why = (
                _("Sendt til enheden med borgerens beskyttede sag.")
                if case.protected
                else _("Sendt til enheden med borgerens sag, hvis oplysninger ikke må videregives uden for enheden.")
            )
        else:
            why = (
                _("Sendt til enheden med barnets beskyttede sag.")
                if case.protected
                else _("Sendt til enheden med barnets sag, hvis oplysninger ikke må videregives uden for enheden.")
            )
        report.receiving_unit_id = case.unit_id
        report.routing_reason = "\n".join([report.routing_reason, why]).strip()
        report.save(update_fields=["receiving_unit", "routing_reason"])


def _hold(report, case) -> ReportHold:
    hold = ReportHold.objects.create(report=report, case=case, held_at=timezone.now())
    _route_to_case(report, case)
    audit_record(
        actor=None,
        action=audit_actions.REPORT_HELD,
        target=report,
        person_ref=report.person_ref,
        purpose=Purpose.INTAKE,
        new={"report": report.reference, "case": case.reference, "protected": case.protected},
    )
    if case.protected:
        security_notices.notify_on_commit(security_notices.REPORT_HELD, case.pk)
    return hold


def hold_waiting_reports(*, for_case: Case | None = None, run: JobRun | None = None) -> int:
    """Hold the reports waiting in the queue (in no case, not held) that are about a child with
    a protected or flagged case, and send held reports of cases kept in their unit (protected or
    restricted, `policies.kept_in_its_unit`) to the case's unit.
    `for_case`: only reports about that case's child (after opening or protecting it). Returns
    how many reports were held. Each report is handled on its own: one that fails is rolled
    back, logged by id and counted in `run` (beredskab.core.jobs); it stops neither the others
    nor the caller."""
    run = run or JobRun("hold_waiting_reports")
    waiting = not_in_a_case().filter(hold__isnull=True)
    if for_case is not None:
        if for_case.subject_cpr_index or for_case.subject_birth_date:
            waiting = waiting.filter(person_condition(for_case.subject_cpr_index, for_case.subject_birth_date))
        else:
            waiting = waiting.none()  # nothing to know the child by (its held reports are still routed)
    held = 0
    for report in run.rows(waiting.order_by("received_at", "pk"), "report"):
        with run.item("report", report.pk), transaction.atomic():
            case = case_holding(report)
            if case is not None:
                _hold(report, lock_case(case))
                held += 1
            if report.needs_check:  # the arrival check has now run
                type(report).objects.filter(pk=report.pk).update(needs_check=False)
    stale = ReportHold.objects.filter(released_at__isnull=True, report__case_link__isnull=True).filter(
        Q(case__protected=True) | Q(case_id__in=restricted_case_ids())
    )
    if for_case is not None:
        stale = stale.filter(case=for_case)
    for hold in run.rows(stale.select_related("report", "case"), "report hold"):
        with run.item("report hold", hold.pk), transaction.atomic():
            _route_to_case(hold.report, hold.case)
    return held


def check_release(*, actor, owner, holds: list[ReportHold]) -> None:
    """Who may open a new case from reports held for a protected case: a leader named on it (or
    its protector), for an owner named on it. Raises CaseError."""
    for hold in holds:
        case = hold.case
        if not case.protected:
            continue
        if not case_policy.is_protection_member(actor, case):
            raise CaseError(
                _("Borgerens sag er beskyttet. Kun en leder, der er navngivet på den, kan beslutte en ny sag.")
                if case.is_adult
                else _("Barnets sag er beskyttet. Kun en leder, der er navngivet på den, kan beslutte en ny sag.")
            )
        if not case_policy.is_protection_member(owner, case):
            raise CaseError(
                _("Borgerens sag er beskyttet. Vælg en sagsbehandler, der er navngivet på den.")
                if case.is_adult
                else _("Barnets sag er beskyttet. Vælg en sagsbehandler, der er navngivet på den.")
            )


def open_holds(reports) -> list[ReportHold]:
    return list(
        ReportHold.objects.filter(report__in=reports, released_at__isnull=True).select_related("case", "report")
    )


def release_holds(*, actor, holds: list[ReportHold], reason: str) -> None:
    """A leader decided that the held reports start a new case (the caller checked who and why)."""
    now = timezone.now()
    for hold in holds:
        hold.released_at = now
        hold.released_by = actor
        hold.release_reason = reason
        hold.save(update_fields=["released_at", "released_by", "release_reason"])
        audit_record(
            actor=actor,
            action=audit_actions.REPORT_HOLD_RELEASED,
            target=hold.report,
            person_ref=hold.report.person_ref,
            purpose=Purpose.SUPERVISION,
            new={"report": hold.report.reference, "case": hold.case.reference},
        )


def inherit_safeguards(*, actor, new_case: Case, from_cases) -> None:
    """A case opened from held reports takes over what protects the child in the earlier
    case(s): restrictions on the child's own details (a restriction towards one named person
    of the old case becomes one towards the whole network, since that person is not on the new
    case) and the protection with its named people. The flag is set on every new case anyway."""
    case_type = ContentType.objects.get_for_model(Case)
    now = timezone.now()
    for old in from_cases:
        for restriction in DisclosureRestriction.objects.filter(
            case=old, content_type=case_type, object_id=old.pk, lifted_at__isnull=True
        ):
            DisclosureRestriction.objects.create(
                case=new_case,
                content_type=case_type,
                object_id=new_case.pk,
                field_name=restriction.field_name,
                audience=Audience.NETWORK if restriction.audience == Audience.PERSON else restriction.audience,
                reason=restriction.reason,
                created_at=now,
                created_by=actor,
            )
        if old.protected and not new_case.protected:
            new_case.protected = True
            new_case.protected_at = now
            new_case.protected_by_id = old.protected_by_id
            new_case.protection_reason = old.protection_reason
            new_case.save(update_fields=["protected", "protected_at", "protected_by", "protection_reason"])
        if old.protected:
            # The people the protecting leader named (and that leader), nobody else: who may
            # release the hold and own the new case was checked by `check_release`.
            named = set(old.protection_members.values_list("user_id", flat=True)) | {old.protected_by_id}
            for user_id in sorted(named - set(new_case.protection_members.values_list("user_id", flat=True))):
                ProtectedCaseMember.objects.create(case=new_case, user_id=user_id, added_at=now, added_by=actor)
