"""The statutory-duty barometer: the indicators a supervisory review computes, each with its
definition beside it.

The deadlines are the cases app's own (`beredskab.cases.clocks`: 24 elapsed hours for the
assessment, across summer time too; the 6th Danish working day for the receipt, holidays
skipped; the configured months for feedback), so the barometer and the case pages can never
disagree about whether a deadline was kept. Working days cannot be counted in SQL, so the
deadline figures read the few columns they need in ONE query per figure and apply the clock
functions; every other figure is an aggregate query. The number of queries never grows with the
number of reports.

Each indicator also keeps the cases behind it (where the duty was not kept), for the list that
only people with access to those cases see (`beredskab.goals.selectors.cases_behind`).
"""

import datetime
import statistics
from dataclasses import dataclass, field, replace

from django.db.models import Exists, Min, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from beredskab.accounts.selectors import adults_units
from beredskab.cases.clocks import ASSESSMENT_HOURS, assessment_due, feedback_due, feedback_due_months, receipt_due
from beredskab.cases.models import GateBasis, NetworkStep, Screening, Track
from beredskab.cases.risk.models import AssessmentStatus, GateOverride
from beredskab.core.workdays import to_local
from beredskab.intake.deadlines import RECEIPT_WORKING_DAYS
from beredskab.intake.models import ReporterKind
from beredskab.taskforce.inquiries import open_inquiries
from beredskab.taskforce.staff import staff_for

from . import scope
from .scope import Filters

ASSESSMENT = "assessment"
RECEIPT = "receipt"
FEEDBACK = "feedback"
SCREENING = "screening"
GATE = "gate"
MEDIAN = "median"
ADULT_OWNER = "adult_owner"


@dataclass
class Indicator:
    key: str
    label: str
    definition: str
    part: int | None = None  # the duty kept (None for the median)
    whole: int | None = None  # the duty owed
    value: float | None = None  # the median, in days
    basis: int = 0  # how many cases the median rests on
    case_ids: set[int] = field(default_factory=set)  # the cases where the duty was not kept
    target: str = ""

    @property
    def share(self) -> float | None:
        if self.part is None or not self.whole:
            return None
        return self.part / self.whole


def _definitions() -> dict[str, tuple]:
    return {
        ASSESSMENT: (
            _("Vurdering inden for 24 timer"),
            _(
                "Andel af underretninger (børn og unge) modtaget i perioden, hvor vurderingen efter barnets lov "
                "§ 136 blev lavet senest %(hours)s timer efter modtagelsen. Timerne tælles som forløbet tid, også "
                "over skift til og fra sommertid. Underretninger, hvis frist ikke er nået endnu, og som ikke er "
                "vurderet, tælles ikke med."
            )
            % {"hours": ASSESSMENT_HOURS},
            _("Bør være 100 %"),
        ),
        RECEIPT: (
            _("Kvittering inden for 6 arbejdsdage"),
            _(
                "Andel af underretninger (børn og unge) fra en navngiven indberetter modtaget i perioden, hvor "
                "kvitteringen blev sendt senest ved udgangen af %(days)s. arbejdsdag efter modtagelsesdagen "
                "(barnets lov § 137). Weekender og helligdage tæller ikke som arbejdsdage. Kvitteringer, hvis "
                "frist ikke er nået endnu, tælles ikke med."
            )
            % {"days": RECEIPT_WORKING_DAYS},
            _("Bør være 100 %"),
        ),
        FEEDBACK: (
            _("Tilbagemelding til fagpersoner"),
            _(
                "Andel af underretninger (børn og unge) fra en navngiven fagperson modtaget i perioden, hvor "
                "tilbagemeldingen efter barnets lov § 137 blev givet inden for %(months)s måneder efter "
                "modtagelsen. Tilbagemeldinger, hvis frist ikke er nået endnu, tælles ikke med."
            )
            % {"months": feedback_due_months()},
            _("Bør være 100 %"),
        ),
        SCREENING: (
            _("Screeninger foretaget"),
            _(
                "Andel af børnesager oprettet på en underretning modtaget i perioden, hvor bekymringen er "
                "screenet (barnets lov § 18)."
            ),
            "",
        ),
        GATE: (
            _("Risikovurdering før inddragelse af forældre og netværk"),
            _(
                "Andel af skridt, der inddrog forældre eller netværk i perioden i sager, hvor NSK/ÆRK ikke var "
                "udelukket, som blev taget på en afsluttet og godkendt risikovurdering (barnets lov § 18, stk. 3). "
                "Resten blev taget på en leders tilsidesættelse af risikoporten; hver tilsidesættelse står "
                "med sin begrundelse under “Se sagerne” for dem, der har adgang til sagen."
            ),
            _("Bør være 100 %"),
        ),
        MEDIAN: (
            _("Tid fra underretning til risikovurdering"),
            _(
                "Medianen af antal døgn fra den første underretning i sagen til den første godkendte "
                "risikovurdering, for sager oprettet i perioden, der har en godkendt risikovurdering."
            ),
            "",
        ),
        ADULT_OWNER: (
            _("Henvendelser om voksne uden en ejer til rådighed"),
            _(
                "Antal åbne henvendelser og sager i voksen-taskforcen i dag, hvis ejer mangler, er fraværende "
                "eller ikke længere har en rolle i enheden (taskforcens vagtplan). Et øjebliksbillede: det "
                "afhænger ikke af perioden."
            ),
            _("Bør være 0"),
        ),
    }


def _indicator(key: str, **values) -> Indicator:
    label, definition, target = _definitions()[key]
    return Indicator(key=key, label=str(label), definition=str(definition), target=str(target), **values)


def _date_done(day: datetime.date | None, due: datetime.datetime) -> bool:
    """A date-only reply counts as made at the start of its day (as `cases.clocks` counts it)."""
    return day is not None and day <= to_local(due).date()


def _children_reports(filters: Filters):
    if filters.track == Track.ADULTS:
        return None
    return scope.reports(replace(filters, track=Track.CHILDREN))


def report_duties(filters: Filters, now: datetime.datetime) -> list[Indicator]:
    """The 24-hour assessment, the receipt and the feedback: ONE query for all three."""
    assessment, receipt, feedback = _indicator(ASSESSMENT), _indicator(RECEIPT), _indicator(FEEDBACK)
    reports = _children_reports(filters)
    for indicator in (assessment, receipt, feedback):
        indicator.part, indicator.whole = 0, 0
    if reports is None:
        return [assessment, receipt, feedback]
    rows = reports.values_list(
        "received_at",
        "reporter_kind",
        "reporter_anonymous",
        "case_link__case_id",
        "case_link__urgent_assessment__assessed_at",
        "case_link__receipt_sent_on",
        "case_link__feedback_sent_on",
    )
    for received_at, kind, anonymous, case_id, assessed_at, receipt_on, feedback_on in rows:
        due = assessment_due(received_at)
        if assessed_at is not None or due <= now:
            _count(assessment, assessed_at is not None and assessed_at <= due, case_id)
        if anonymous:
            continue  # § 137: only a named reporter gets a receipt or feedback
        due = receipt_due(received_at)
        if receipt_on is not None or due <= now:
            _count(receipt, _date_done(receipt_on, due), case_id)
        if kind == ReporterKind.PROFESSIONAL:
            due = feedback_due(received_at)
            if feedback_on is not None or due <= now:
                _count(feedback, _date_done(feedback_on, due), case_id)
    return [assessment, receipt, feedback]


def _count(indicator: Indicator, kept: bool, case_id: int | None) -> None:
    indicator.whole += 1
    if kept:
        indicator.part += 1
    elif case_id is not None:
        indicator.case_ids.add(case_id)


def screenings(filters: Filters) -> Indicator:
    indicator = _indicator(SCREENING, part=0, whole=0)
    if filters.track == Track.ADULTS:
        return indicator
    cases = scope.cases_received(filters).filter(track=Track.CHILDREN)
    rows = cases.annotate(screened=Exists(Screening.objects.filter(case_id=OuterRef("pk")))).values_list(
        "pk", "screened"
    )
    for pk, screened in rows:
        _count(indicator, screened, pk)
    return indicator


def gate(filters: Filters) -> Indicator:
    """Steps involving the parents or network on cases where NSK/ÆRK was not ruled out: taken on an
    approved risk assessment, or on a leader's override."""
    indicator = _indicator(GATE, part=0, whole=0)
    steps = NetworkStep.objects.filter(
        case__in=scope.cases(filters),
        recorded_at__gte=filters.since,
        recorded_at__lt=filters.until,
        gate_basis__in=[GateBasis.ASSESSMENT, GateBasis.OVERRIDE],
    ).values_list("case_id", "gate_basis")
    for case_id, basis in steps:
        _count(indicator, basis == GateBasis.ASSESSMENT, case_id)
    return indicator


def overrides(filters: Filters):
    """The leaders' overrides of the risk gate granted in the period (a queryset: the reasons are
    read only for those who may see the case, by `selectors.gate_overrides`)."""
    return GateOverride.objects.filter(
        case__in=scope.cases(filters), granted_at__gte=filters.since, granted_at__lt=filters.until
    )


def median_to_assessment(filters: Filters) -> Indicator:
    rows = (
        scope.cases_received(filters)
        .annotate(
            first=Min("risk_assessments__reviewed_at", filter=Q(risk_assessments__status=AssessmentStatus.APPROVED))
        )
        .filter(first__isnull=False)
        .values_list("received_at", "first")
    )
    days = [(first - received).total_seconds() / 86400 for received, first in rows]
    return _indicator(MEDIAN, value=round(statistics.median(days), 1) if days else None, basis=len(days))


def adult_owners(filters: Filters, day: datetime.date) -> Indicator:
    """Today's open adult inquiries without an available owner, by the taskforce's own rule
    (`beredskab.taskforce.staff`); a few queries per adults unit, none per inquiry."""
    indicator = _indicator(ADULT_OWNER, part=0)
    if filters.track == Track.CHILDREN:
        return indicator
    units = adults_units(within=[filters.unit_id] if filters.unit_id else None)
    for unit in units:
        for inquiry in open_inquiries(unit, staff_for(unit, day)):
            if inquiry.unavailable:
                indicator.part += 1
                if inquiry.kind == "case":
                    indicator.case_ids.add(inquiry.pk)
    return indicator


def barometer(
    filters: Filters, *, now: datetime.datetime, today: datetime.date, snapshot: bool = True
) -> list[Indicator]:
    """Every indicator for the period; `snapshot` False leaves today's count of adult inquiries
    without an owner out (it does not depend on the period: last year's column shows "–")."""
    return [
        *report_duties(filters, now),
        screenings(filters),
        gate(filters),
        median_to_assessment(filters),
        adult_owners(filters, today) if snapshot else _indicator(ADULT_OWNER),
    ]
