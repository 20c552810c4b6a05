"""The concern radar: earlier and parallel reports and cases about the same person and their
siblings and household, across both tracks, and the escalation rules that fire on them.

Who is related: the same person by CPR blind index or name plus birth date
(`beredskab.cases.matching`); siblings and household by the people linked in the case's
network (a sibling's name and birth year naming another case's child; another case whose
network names this child as a sibling; another case naming the same parent).

The rules are data (`beredskab.safety.conf.radar_rules`, in plain words). A hit shows the rule
that fired and the reports and cases behind it; there is no score: the radar never rates a
person or a family, it only shows what the rules found. Need-to-know: a source in a case or
report the reader may not see is shown as "findes — spørg <enhed>" without any content.
Every look-up is audited with its purpose (`selectors.radar_for_case`).

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

from django.utils.translation import gettext as _

from beredskab.cases.matching import cases_about_person, is_same_person, person_condition
from beredskab.cases.models import PARENT_RELATIONS, Case, CasePerson, CaseReport, Relation
from beredskab.cases.policies import case_policy
from beredskab.core.text import same_name
from beredskab.core.workdays import to_local
from beredskab.intake.models import Report
from beredskab.intake.policies import report_policy

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

    def shown_refs(self) -> list[str]:
        """The references of every case and report the look-up showed (or showed to exist)."""
        sources = [*self.related, *(s for hit in self.hits for s in hit.sources)]
        return sorted({s.audit_ref for s in sources if s.audit_ref})


SAME, SIBLING, HOUSEHOLD = "same", "sibling", "household"


def _year(day) -> int | None:
    return day.year if day else None


def sibling_cases(case: Case) -> dict[int, tuple[Case, str]]:
    """Other cases about a sibling or someone of the household: {case id: (case, SIBLING |
    HOUSEHOLD)}."""
    found: dict[int, tuple[Case, str]] = {}
    people = list(case.people.all())
    siblings = [p for p in people if p.relation == Relation.SIBLING]
    parents = [p for p in people if p.relation in PARENT_RELATIONS]
    others = Case.objects.exclude(pk=case.pk).select_related("unit").order_by("-received_at")[:SCAN_LIMIT]
    for other in others:
        for sibling in siblings:
            if same_name(sibling.name, other.subject_name) and (
                not sibling.birth_year or _year(other.subject_birth_date) in (None, sibling.birth_year)
            ):
                found[other.pk] = (other, SIBLING)
    # Another case that names this child as its sibling, or names one of the same parents.
    candidates = (
        CasePerson.objects.exclude(case=case)
        .filter(relation__in=[Relation.SIBLING, *PARENT_RELATIONS])
        .select_related("case__unit")
        .order_by("-pk")[:SCAN_LIMIT]
    )
    born = _year(case.subject_birth_date)
    for person in candidates:
        if person.case_id in found:
            continue
        if person.relation == Relation.SIBLING:
            if same_name(person.name, case.subject_name) and (
                not person.birth_year or born in (None, person.birth_year)
            ):
                found[person.case_id] = (person.case, SIBLING)
        elif any(same_name(person.name, parent.name) for parent in parents):
            found[person.case_id] = (person.case, HOUSEHOLD)
    return found


def reports_about(case: Case, same_cases: list[Case]) -> list[Report]:
    """Every report about the person: those in their cases (this one included) and those
    about them not (yet) in a case."""
    case_ids = [case.pk, *(c.pk for c in same_cases)]
    in_cases = list(
        Report.objects.filter(case_link__case_id__in=case_ids).select_related("receiving_unit", "case_link__case__unit")
    )
    loose = []
    if case.subject_cpr_index or (case.subject_name and case.subject_birth_date):
        condition = person_condition(case.subject_cpr_index, case.subject_birth_date)
        for report in Report.objects.filter(condition, case_link__isnull=True).select_related("receiving_unit")[:200]:
            if is_same_person(report, case.subject_cpr_index, case.subject_name, case.subject_birth_date):
                loose.append(report)
    return sorted({r.pk: r for r in in_cases + loose}.values(), key=lambda r: r.received_at)


class _Viewer:
    """What the reader may see (the case and report policies), asked once per look-up."""

    def __init__(self, user):
        self.case_ids = set(case_policy.visible(user, Case.objects.all()).values_list("pk", flat=True))
        self.report_ids = set(report_policy.visible(user, Report.objects.all()).values_list("pk", flat=True))

    def case(self, case: Case, relation: str) -> Source:
        if case.pk not in self.case_ids:
            return Source("case", False, case.unit.name, relation=relation, audit_ref=case.reference)
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
        )

    def report(self, report: Report, relation: str = SAME) -> Source:
        link = CaseReport.objects.filter(report=report).select_related("case__unit").first()
        if link is not None:  # seen through its case
            if link.case_id not in self.case_ids:
                return Source("report", False, link.case.unit.name, relation=relation, audit_ref=report.reference)
        elif report.pk not in self.report_ids:
            return Source("report", False, report.receiving_unit.name, relation=relation, audit_ref=report.reference)
        return Source(
            "report",
            True,
            report.receiving_unit.name,
            reference=report.reference,
            on=to_local(report.received_at).date(),
            relation=relation,
            audit_ref=report.reference,
        )


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return today.replace(year=year, month=month + 1, day=min(today.day, 28))


def _reports_rule(rule, reports, today, viewer) -> Hit | None:
    since = _months_ago(today, int(rule["months"]))
    recent = [r for r in reports if to_local(r.received_at).date() >= since]
    if len(recent) < int(rule["count"]):
        return None
    return Hit(rule["code"], rule["text"], [viewer.report(r) for r in recent])


def _sibling_rule(rule, related: dict, viewer) -> Hit | None:
    cases = [(c, rel) for c, rel in related.values() if c.is_open and c.nsk_aerk_flag]
    if not cases:
        return None
    return Hit(rule["code"], rule["text"], [viewer.case(c, rel) for c, rel in cases])


def _trip_rule(rule, case, same_cases, reports, viewer) -> Hit | None:
    trips = Trip.objects.filter(case_id__in=[case.pk, *(c.pk for c in same_cases)])
    sources = []
    for trip in trips:
        left = trip.departs_on or to_local(trip.recorded_at).date()
        until = left + datetime.timedelta(days=31 * int(rule["months"]))
        sources += [r for r in reports if left <= to_local(r.received_at).date() <= until]
    if not sources:
        return None
    unique = sorted({r.pk: r for r in sources}.values(), key=lambda r: r.received_at)
    return Hit(rule["code"], rule["text"], [viewer.report(r) for r in unique])


def radar(*, user, case: Case, today: datetime.date) -> Radar:
    """Everything the radar finds for the case, as `user` may see it (not audited here: call
    `selectors.radar_for_case`). Raises ValueError for a rule of an unknown kind (the data)."""
    viewer = _Viewer(user)
    same_cases = [
        c
        for c in cases_about_person(
            cpr_index=case.subject_cpr_index, name=case.subject_name, birth_date=case.subject_birth_date
        )
        if c.pk != case.pk
    ]
    related = sibling_cases(case)
    reports = reports_about(case, same_cases)
    result = Radar(rules=conf.radar_rules())
    result.related = [viewer.case(c, SAME) for c in same_cases] + [viewer.case(c, rel) for c, rel in related.values()]
    for rule in result.rules:
        kind = rule.get("kind")
        if kind == "reports_about_person":
            hit = _reports_rule(rule, reports, today, viewer)
        elif kind == "sibling_open_flagged_case":
            hit = _sibling_rule(rule, related, viewer)
        elif kind == "report_after_trip":
            hit = _trip_rule(rule, case, same_cases, reports, viewer)
        else:
            raise ValueError(_("Ukendt type regel i bekymringsradaren: %(kind)s") % {"kind": kind})
        if hit is not None:
            result.hits.append(hit)
    return result
