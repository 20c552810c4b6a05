"""Checks and locks the case services share (each raises `CaseError` with the Danish reason)."""

import datetime

from django.utils.translation import gettext as _

from beredskab.accounts.models import User
from beredskab.core import dates

from ..case_events import lock_case
from ..errors import CaseError
from ..models import Case, CasePerson, CaseReport
from ..policies import case_policy, work_unit_ids


def check_date(value: datetime.date | None, date_range: dates.DateRange) -> None:
    """Refuse a date outside its plausible range (the forms refuse it first, next to the field;
    this catches every other writer). Raises CaseError."""
    problem = date_range.problem(value)
    if problem:
        raise CaseError(problem)


def check_case_worker(user: User, unit_id: int, case: Case | None = None) -> None:
    """Case work (owning the case, a task) goes to an active worker of the case's unit who may
    see the case: on a protected case, one of the people named on it."""
    if not user.is_active or unit_id not in work_unit_ids(user):
        raise CaseError(_("Sagsbehandleren skal være medarbejder i sagens enhed."))
    if case is not None and case_policy.hidden_by_protection(user, case):
        raise CaseError(_("Sagen er beskyttet. Vælg en af de medarbejdere, der er navngivet på sagen."))


def gate_people(case: Case, people) -> list[CasePerson]:
    """The chosen people, as the case's own rows (anything else is refused)."""
    chosen = list(people or [])
    found = list(CasePerson.objects.filter(case=case, pk__in=[p.pk for p in chosen]))
    if len(found) != len({p.pk for p in chosen}):
        raise CaseError(_("Vælg personer fra sagens familie og netværk."))
    return found


def who_took_part(*, kind_needs_answer: bool, people: list, no_family: bool, question: str) -> None:
    if people and no_family:
        raise CaseError(_("Vælg enten personer fra familien eller “Ingen fra familie eller netværk”."))
    if kind_needs_answer and not people and not no_family:
        raise CaseError(question)


def lock_case_report(case_report: CaseReport) -> tuple[Case, CaseReport]:
    case = lock_case(case_report.case)
    return case, CaseReport.objects.select_for_update(of=("self",)).select_related("report").get(pk=case_report.pk)
