"""The concern radar: earlier and parallel reports and cases about the same person and their
siblings and household, across both tracks, and the escalation rules that fire on them.

Who is related: the same person by CPR blind index or name plus birth date
(`beredskab.cases.matching.cases_same_person`), never by a name alone: a report or case known
only by a name finds no one as the same person (`Radar.identified` is False and the pages say
why), so no rule fires on a namesake; siblings and household by the people linked in the case's
network (a sibling's name and birth year naming another case's child; another case whose
network names this child as a sibling; another case naming the same parent, by name and birth
year): a network person recorded without a birth year finds no one (a name alone).

The rules are data (`beredskab.safety.conf.radar_rules`, in plain words). A hit shows the rule
that fired and the reports and cases behind it; there is no score: the radar never rates a
person or a family, it only shows what the rules found. Need-to-know: a source in a case or
report the reader may not see is shown as "findes — spørg <enhed>" without any content; a
protected or restricted case the reader may not see (and what lies in it) is not shown at all,
nor counted by any rule (`Scope`). Every look-up is audited with its purpose, through the one
entry point `selectors._radar_look_up` (at intake, at screening and from the case page).

Rule kinds (each rule: `code`, `kind`, `text`, and its parameters):
- `reports_about_person` (`count`, `months`): at least `count` reports about the same person
  received within the last `months` months.
- `sibling_open_flagged_case`: a sibling or someone of the household has an open case with
  the NSK/ÆRK flag.
- `report_after_trip` (`months`): a report about the person received after a trip abroad
  recorded on one of the person's cases departed (or was recorded), within `months` months.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from beredskab.cases.matching import cases_same_person, identifies_person, is_same_person, person_condition
from beredskab.cases.models import (
    PARENT_RELATIONS,
    Case,
    CasePerson,
    CaseReport,
    Relation,
)
from beredskab.cases.policies import case_policy, secret_case_ids
from beredskab.core.text import same_name
from beredskab.core.workdays import to_local
from beredskab.intake.models import Report
from beredskab.intake.policies import report_policy
from beredskab.intake.selectors import not_in_a_case

from . import conf
from .models import Trip

SCAN_LIMIT = 2000  # names are encrypted: candidates are compared in Python, this many at most


@dataclass(frozen=True)
class Source:
    """A report or case behind a hit, as the reader may see it: `visible` False means only
    that it exists and which unit to ask (`unit`); nothing else is filled in."""

    kind: str  # "report" | "case"
    visible: bool
    unit: str
    reference: str = ""
    on: datetime.date | None = None
    relation: str = ""  # "same person" | "sibling" | "household"
    flagged: bool = False
    open: bool = False
    # The case's or report's reference for the audit log only (never shown when not visible):
    # the auditor can see whose existence a look-up revealed, e.g. a probe with a made-up sibling.
    audit_ref: str = field(default="", repr=False)
    # The person's pseudonymous reference, for the look-up's audit event only: every person a
    # look-up showed (or showed to exist) finds it in their access log.
    person_ref: str = field(default="", repr=False)


@dataclass
class Hit:
    code: str
    text: str  # the rule in plain words, as written in the data
    sources: list[Source] = field(default_factory=list)


@dataclass
class Radar:
    """What the radar found for one case. Deliberately no count, score or level anywhere."""

    related: list[Source] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)
    # False when the person is known by name alone (no CPR number, no birth date): the radar then
    # finds no one as the same person (a name alone is not enough), and the page says so.
    identified: bool = True

    def shown_refs(self) -> list[str]:
        """The references of every case and report the look-up showed (or showed to exist)."""
        sources = [*self.related, *(s for hit in self.hits for s in hit.sources)]
        return sorted({s.audit_ref for s in sources if s.audit_ref})

    def shown_persons(self) -> list[str]:
        """The person references of everyone whose case or report the look-up showed (or showed
        to exist): the audit event names them all."""
        sources = [*self.related, *(s for hit in self.hits for s in hit.sources)]
        return sorted({s.person_ref for s in sources if s.person_ref})


SAME, SIBLING, HOUSEHOLD = "same", "sibling", "household"


def _year(day) -> int | None:
    return day.year if day else None


@dataclass(frozen=True)
class Subject:
    """Whom the radar looks around: a case's child (with the network) or a report's child
    (intake: no network yet). `case` is the case looked from (left out of the findings)."""

    cpr_index: str
    name: str
    birth_date: datetime.date | None
    people: tuple = ()  # CasePerson rows of the case's network
    case: Case | None = None

    @classmethod
    def of_case(cls, case: Case) -> "Subject":
        return cls(case.subject_cpr_index, case.subject_name, case.subject_birth_date, tuple(case.people.all()), case)

    @classmethod
    def of_report(cls, report: Report) -> "Subject":
        return cls(report.subject_cpr_index, report.subject_name, report.subject_birth_date)

    @property
    def case_id(self) -> int | None:
        return self.case.pk if self.case is not None else None


class Scope:
    """What the reader may see, and what the radar must not know exists for them.

    A case the reader may not see that is *protected* ("beskyttet sag": only the people its
    leader named) or whose child's own details are restricted from disclosure outside its unit
    (`DisclosureRestriction` on the case itself, towards everyone outside the unit or other
    units) is secret: the radar leaves it, its reports, its network and its trips out before
    any rule runs, so it shows neither as a hit, nor as "findes — spørg <enhed>", nor in what a
    rule counts. So are the reports in such a case or held for it (`cases.holds`) that the
    reader may not see. Any other case or report the reader may not see is shown as existing,
    with the unit to ask and nothing else.

    The secret cases are `cases.policies.secret_case_ids`, the earlier-reports box's rule too.
    Built by `radar` for every look-up, the one way in (see `selectors._radar_look_up`)."""

    def __init__(self, user):
        visible_cases = case_policy.visible(user, Case.objects.all())
        self.case_ids = set(visible_cases.values_list("pk", flat=True))
        self.report_ids = set(report_policy.visible(user, Report.objects.all()).values_list("pk", flat=True))
        self.secret_case_ids = set(Case.objects.filter(pk__in=secret_case_ids(user)).values_list("pk", flat=True))
        self.secret_report_ids = set(
            Report.objects.filter(
                Q(case_link__case_id__in=self.secret_case_ids)
                | Q(hold__case_id__in=self.secret_case_ids, hold__released_at__isnull=True)
            )
            .exclude(pk__in=self.report_ids)
            .values_list("pk", flat=True)
        )

    def known_case(self, case: Case) -> bool:
        return case.pk not in self.secret_case_ids

    def known_report(self, report: Report) -> bool:
        return report.pk not in self.secret_report_ids

    def case(self, case: Case, relation: str) -> Source:
        if case.pk not in self.case_ids:
            return Source(
                "case", False, case.unit.name, relation=relation, audit_ref=case.reference, person_ref=case.person_ref
            )
        return Source(
            "case",
            True,
            case.unit.name,
            reference=case.reference,
            on=to_local(case.received_at).date(),
            relation=relation,
            flagged=case.nsk_aerk_flag,
            open=case.is_open,
            audit_ref=case.reference,
            person_ref=case.person_ref,
        )

    def report(self, report: Report, relation: str = SAME) -> Source:
        link = CaseReport.objects.filter(report=report).select_related("case__unit").first()
        person = report.person_ref
        if link is not None:  # seen through its case
            if link.case_id not in self.case_ids:
                unit = link.case.unit.name
                return Source("report", False, unit, relation=relation, audit_ref=report.reference, person_ref=person)
        elif report.pk not in self.report_ids:
            unit = report.receiving_unit.name
            return Source("report", False, unit, relation=relation, audit_ref=report.reference, person_ref=person)
        return Source(
            "report",
            True,
            report.receiving_unit.name,
            reference=report.reference,
            on=to_local(report.received_at).date(),
            relation=relation,
            audit_ref=report.reference,
            person_ref=person,
        )


def _same_born(year_a: int | None, year_b: int | None) -> bool:
    """Both birth years known and equal: with the name, what makes two records of the network
    one person. A name alone does not (two people can share one), nor does a missing year."""
    return bool(year_a and year_b and year_a == year_b)


def sibling_cases(subject: Subject, scope: Scope) -> dict[int, tuple[Case, str]]:
    """Other cases about a sibling or someone of the household: {case id: (case, SIBLING |
    HOUSEHOLD)}. Secret cases (see `Scope`) and the networks in them are left out."""
    found: dict[int, tuple[Case, str]] = {}
    siblings = [p for p in subject.people if p.relation == Relation.SIBLING]
    parents = [p for p in subject.people if p.relation in PARENT_RELATIONS]
    if siblings:
        others = (
            Case.objects.exclude(pk=subject.case_id)
            .exclude(pk__in=scope.secret_case_ids)
            .select_related("unit")
            .order_by("-received_at")[:SCAN_LIMIT]
        )
        for other in others:
            for sibling in siblings:
                if _same_born(sibling.birth_year, _year(other.subject_birth_date)) and same_name(
                    sibling.name, other.subject_name
                ):
                    found[other.pk] = (other, SIBLING)
    # Another case that names this child as its sibling, or names one of the same parents.
    candidates = (
        CasePerson.objects.exclude(case_id=subject.case_id)
        .exclude(case_id__in=scope.secret_case_ids)
        .filter(relation__in=[Relation.SIBLING, *PARENT_RELATIONS])
        .select_related("case__unit")
        .order_by("-pk")[:SCAN_LIMIT]
    )
    born = _year(subject.birth_date)
    for person in candidates:
        if person.case_id in found:
            continue
        if person.relation == Relation.SIBLING:
            if _same_born(person.birth_year, born) and same_name(person.name, subject.name):
                found[person.case_id] = (person.case, SIBLING)
        elif any(_same_born(person.birth_year, p.birth_year) and same_name(person.name, p.name) for p in parents):
            found[person.case_id] = (person.case, HOUSEHOLD)
    return found


def reports_about(subject: Subject, same_cases: list[Case], scope: Scope) -> list[Report]:
    """Every report about the person the reader may know of: those in their cases (the one
    looked from included) and those about them not (yet) in a case."""
    case_ids = [c.pk for c in same_cases]
    if subject.case is not None:
        case_ids.append(subject.case.pk)
    in_cases = list(
        Report.objects.filter(case_link__case_id__in=case_ids).select_related("receiving_unit", "case_link__case__unit")
    )
    loose = []
    if identifies_person(subject.cpr_index, subject.name, subject.birth_date):
        condition = person_condition(subject.cpr_index, subject.birth_date)
        for report in not_in_a_case().filter(condition).select_related("receiving_unit")[:200]:
            if is_same_person(report, subject.cpr_index, subject.name, subject.birth_date):
                loose.append(report)
    known = [r for r in in_cases + loose if scope.known_report(r)]
    return sorted({r.pk: r for r in known}.values(), key=lambda r: r.received_at)


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return today.replace(year=year, month=month + 1, day=min(today.day, 28))


def _reports_rule(rule, reports, today, scope) -> Hit | None:
    since = _months_ago(today, int(rule["months"]))
    recent = [r for r in reports if to_local(r.received_at).date() >= since]
    if len(recent) < int(rule["count"]):
        return None
    return Hit(rule["code"], rule["text"], [scope.report(r) for r in recent])


def _sibling_rule(rule, related: dict, scope) -> Hit | None:
    cases = [(c, rel) for c, rel in related.values() if c.is_open and c.nsk_aerk_flag]
    if not cases:
        return None
    return Hit(rule["code"], rule["text"], [scope.case(c, rel) for c, rel in cases])


def _trip_rule(rule, subject, same_cases, reports, scope) -> Hit | None:
    case_ids = [c.pk for c in same_cases] + ([subject.case_id] if subject.case is not None else [])
    trips = Trip.objects.filter(case_id__in=case_ids)
    sources = []
    for trip in trips:
        left = trip.departs_on or to_local(trip.recorded_at).date()
        until = left + datetime.timedelta(days=31 * int(rule["months"]))
        sources += [r for r in reports if left <= to_local(r.received_at).date() <= until]
    if not sources:
        return None
    unique = sorted({r.pk: r for r in sources}.values(), key=lambda r: r.received_at)
    return Hit(rule["code"], rule["text"], [scope.report(r) for r in unique])


def radar(*, user, subject: Subject, today: datetime.date) -> Radar:
    """Everything the radar finds about the subject, as `user` may know of it (not audited
    here: `selectors._radar_look_up` is the one caller). Every finding passes the reader's
    `Scope` before any rule runs: a secret case or report is not left out of the output only,
    it is never an input. Raises ValueError for a rule of an unknown kind (the data)."""
    scope = Scope(user)
    same_cases = [
        c
        for c in cases_same_person(cpr_index=subject.cpr_index, name=subject.name, birth_date=subject.birth_date)
        if c.pk != subject.case_id and scope.known_case(c)
    ]
    related = {pk: found for pk, found in sibling_cases(subject, scope).items() if scope.known_case(found[0])}
    reports = reports_about(subject, same_cases, scope)
    result = Radar(rules=conf.radar_rules())
    result.identified = identifies_person(subject.cpr_index, subject.name, subject.birth_date)
    result.related = [scope.case(c, SAME) for c in same_cases] + [scope.case(c, rel) for c, rel in related.values()]
    for rule in result.rules:
        kind = rule.get("kind")
        if kind == "reports_about_person":
            hit = _reports_rule(rule, reports, today, scope)
        elif kind == "sibling_open_flagged_case":
            hit = _sibling_rule(rule, related, scope)
        elif kind == "report_after_trip":
            hit = _trip_rule(rule, subject, same_cases, reports, scope)
        else:
            raise ValueError(_("Ukendt type regel i bekymringsradaren: %(kind)s") % {"kind": kind})
        if hit is not None:
            result.hits.append(hit)
    return result
