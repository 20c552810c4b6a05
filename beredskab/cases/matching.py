"""Earlier reports and cases about the same child: repeated concerns matter, and a new report
about a child with a protected or flagged case belongs on that case (`beredskab.cases.holds`).

A child is the same by the CPR number's blind index, or by the birth date and the name as a case
worker would read it (names are encrypted, so candidates are found by birth date and compared
in Python). What a user is shown is filtered by the case and report policies
(`matches_for_report`, `matches_for_case`); `cases_about_person` and `person_references` serve
the system's own rules and the citizen's access log.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from beredskab.audit.people import PersonLookup
from beredskab.core.crypto import blind_index
from beredskab.core.text import same_name, words_of
from beredskab.intake.models import Report
from beredskab.intake.policies import report_policy

from .models import OPEN_STATUSES, Case
from .policies import case_policy, secret_case_ids


def person_condition(cpr_index: str, birth_date: datetime.date | None, *, model=Report) -> Q:
    """Candidates among `model` (Report or Case): the same CPR blind index, or the same birth
    date (names are encrypted, so they are compared in Python by `_is_same_person`). Built as
    a UNION of two look-ups, each on its own index, not an OR that scans the table."""
    lookups = []
    if cpr_index:
        lookups.append(model.objects.filter(subject_cpr_index=cpr_index).values("pk"))
    if birth_date:
        lookups.append(model.objects.filter(subject_birth_date=birth_date).values("pk"))
    if not lookups:
        return Q()
    ids = lookups[0].union(*lookups[1:]) if len(lookups) > 1 else lookups[0]
    return Q(pk__in=ids)


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


# For the rules of higher apps (the safety app's concern radar): the same test, once.
is_same_person = _is_same_person

CANDIDATES = 200  # the newest candidates compared; more about one person is not shown anyway
_COMPARED = ("pk", "subject_name", "subject_cpr_index", "subject_birth_date")


def _same_person_ids(candidates: QuerySet, cpr_index: str, name: str, birth_date: datetime.date | None) -> list:
    """The ids of the newest CANDIDATES rows of `candidates` about the person, newest first.
    Only the columns the comparison reads are loaded, so one encrypted name is decrypted per
    candidate (in a region about 160 children share each birth date), not every encrypted
    column of every candidate and of its case."""
    rows = candidates.only(*_COMPARED).order_by("-received_at")[:CANDIDATES]
    return [row.pk for row in rows if _is_same_person(row, cpr_index, name, birth_date)]


def identifies_person(cpr_index: str, name: str, birth_date: datetime.date | None) -> bool:
    """Is there enough to say two records are about the same person: the CPR number, or the name
    with the birth date? A name alone is not (two children can share one)."""
    return bool(cpr_index or (name and birth_date))


def cases_same_person(*, cpr_index: str, name: str, birth_date: datetime.date | None) -> list[Case]:
    """The cases about the same person by what identifies one (`identifies_person`): the CPR
    blind index, or the name and birth date; none for a name alone. The concern radar's rule.
    Not filtered by a user: never show the result as it is."""
    if not identifies_person(cpr_index, name, birth_date):
        return []
    candidates = Case.objects.filter(person_condition(cpr_index, birth_date, model=Case))
    ids = _same_person_ids(candidates, cpr_index, name, birth_date)
    return list(Case.objects.filter(pk__in=ids).order_by("-received_at"))


def cases_about_person(*, cpr_index: str, name: str, birth_date: datetime.date | None) -> list[Case]:
    """Every case a new report about the person must be held for (`holds`): the same person
    (`cases_same_person`), or, known only by a full name (no CPR number, no birth date), an open
    or protected case whose child has exactly that name (the same words): a protected child's
    name must not reach the general queue because the reporter did not know the birth date.
    That fallback is for holding a report safe, not for saying who someone is: the radar uses
    `cases_same_person`. Not filtered by a user: never show the result as it is."""
    if identifies_person(cpr_index, name, birth_date):
        return cases_same_person(cpr_index=cpr_index, name=name, birth_date=birth_date)
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
    case_condition = person_condition(cpr_index, birth_date, model=Case)

    visible_reports = set(
        report_policy.visible(user, Report.objects.filter(report_condition)).values_list("pk", flat=True)
    )
    visible_case_ids = set(
        case_policy.visible(user, Case.objects.all()).filter(case_condition).values_list("pk", flat=True)
    )
    # A protected or restricted case the user may not see is hidden everywhere: not even counted
    # as "one you may not see", nor the reports in it or held for it (`policies.secret_case_ids`,
    # the concern radar's rule too).
    secret_ids = set(Case.objects.filter(case_condition, pk__in=secret_case_ids(user)).values_list("pk", flat=True))

    candidates = Report.objects.filter(report_condition).exclude(pk__in=list(exclude_report_ids))
    report_ids = _same_person_ids(candidates, cpr_index, name, birth_date)
    for report in (
        Report.objects.filter(pk__in=report_ids)
        .select_related("receiving_unit", "case_link__case", "hold")
        .order_by("-received_at")
    ):
        link = getattr(report, "case_link", None)
        if link is not None:
            continue  # shown through its case
        if report.pk in visible_reports:
            matches.reports.append(report)
        elif not _held_for(report, secret_ids):
            matches.hidden_count += 1
    case_ids = _same_person_ids(Case.objects.filter(case_condition), cpr_index, name, birth_date)
    cases = Case.objects.filter(pk__in=case_ids).select_related("unit", "owner").order_by("-received_at")
    for case in cases:
        if case.pk == exclude_case_id:
            continue
        if case.pk in visible_case_ids:
            matches.cases.append(case)
        elif case.pk not in secret_ids:
            matches.hidden_count += 1
    return matches


def _held_for(report, case_ids: set[int]) -> bool:
    hold = getattr(report, "hold", None)
    return hold is not None and hold.released_at is None and hold.case_id in case_ids


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
