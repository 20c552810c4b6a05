"""The statutory-duty barometer: the indicators a supervisory review computes, each with its
definition beside it.

The deadlines are the cases app's own (`beredskab.cases.clocks`: 24 elapsed hours for the
assessment, across summer time too; the 6th Danish working day for the receipt, holidays
skipped; the configured months for feedback), so the barometer and the case pages can never
disagree about whether a deadline was kept. Every figure is an aggregate query whose result does
not grow with the number of reports or cases:
- the 24 hours are elapsed time, counted in SQL;
- working days cannot be counted in SQL, but the receipt's and the feedback's deadlines depend
  only on the local day of receipt: the reports are counted by that day and the date sent, and
  the clock functions are applied once per day of the period (`_reply`);
- the median reads its middle one or two rows, not every row.
The number of queries grows neither with the reports nor with the adults units.

Each indicator also keeps the cases behind it (where the duty was not kept) as a lazy queryset,
for the list that only people with access to those cases see
(`beredskab.goals.selectors.cases_behind`) and the dashboard's link to it (one EXISTS a figure).
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, Min, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from beredskab.accounts.selectors import adults_units
from beredskab.cases.clocks import ASSESSMENT_HOURS, feedback_due, feedback_due_months, receipt_due
from beredskab.cases.models import Case, GateBasis, NetworkStep, Screening, Track
from beredskab.cases.risk.models import AssessmentStatus, GateOverride
from beredskab.core.workdays import local_zone, to_local
from beredskab.intake.deadlines import RECEIPT_WORKING_DAYS
from beredskab.intake.models import ReporterKind
from beredskab.taskforce.inquiries import units_open_inquiries

from . import scope
from .scope import Filters

ASSESSMENT = "assessment"
RECEIPT = "receipt"
FEEDBACK = "feedback"
SCREENING = "screening"
GATE = "gate"
MEDIAN = "median"
ADULT_OWNER = "adult_owner"

ASSESSED = "case_link__urgent_assessment__assessed_at"
RECEIPT_SENT = "case_link__receipt_sent_on"
FEEDBACK_SENT = "case_link__feedback_sent_on"


@dataclass
class Indicator:
    key: str
    label: str
    definition: str
    part: int | None = None  # the duty kept (None for the median)
    whole: int | None = None  # the duty owed
    value: float | None = None  # the median, in days
    basis: int = 0  # how many cases the median rests on
    # The cases where the duty was not kept (a queryset, not read until a reader may see them).
    cases: QuerySet[Case] = field(default_factory=lambda: Case.objects.none())
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


def _cases_of(reports) -> QuerySet[Case]:
    """The cases the `reports` were taken into (lazily: read only by `selectors`)."""
    return Case.objects.filter(pk__in=reports.filter(case_link__isnull=False).values("case_link__case_id"))


def report_duties(filters: Filters, now: datetime.datetime) -> list[Indicator]:
    """The 24-hour assessment, the receipt and the feedback: two queries, each a count by local
    day of receipt and date sent (`_reply`); the assessment's counts ride along the receipt's."""
    reports = _children_reports(filters)
    if reports is None:
        return [_indicator(key, part=0, whole=0) for key in (ASSESSMENT, RECEIPT, FEEDBACK)]
    # 24 elapsed hours (`assessment_due`: received_at + 24 hours in UTC), so counted in SQL;
    # owed once assessed or once the deadline has passed (`now` may be local time: the 24 hours
    # before it are counted in UTC too).
    hours = datetime.timedelta(hours=ASSESSMENT_HOURS)
    owed = Q(**{f"{ASSESSED}__isnull": False}) | Q(received_at__lte=now.astimezone(datetime.UTC) - hours)
    in_time = Q(**{f"{ASSESSED}__lte": F("received_at") + hours})
    late = Q(**{f"{ASSESSED}__isnull": True}) | Q(**{f"{ASSESSED}__gt": F("received_at") + hours})
    named = Q(reporter_anonymous=False)  # § 137: only a named reporter gets a receipt or feedback
    assessed = {"owed": Count("pk", filter=owed), "kept": Count("pk", filter=owed & in_time)}
    receipt, rows = _reply(RECEIPT, reports, named, RECEIPT_SENT, receipt_due, filters, now, **assessed)
    assessment = _indicator(
        ASSESSMENT,
        part=sum(row["kept"] for row in rows),
        whole=sum(row["owed"] for row in rows),
        cases=_cases_of(reports.filter(owed & late)),
    )
    professional = named & Q(reporter_kind=ReporterKind.PROFESSIONAL)
    feedback, _rows = _reply(FEEDBACK, reports, professional, FEEDBACK_SENT, feedback_due, filters, now)
    return [assessment, receipt, feedback]


def _reply(key: str, reports, owed_to: Q, sent: str, due, filters: Filters, now: datetime.datetime, **also):
    """The receipt or the feedback (§ 137) owed to the reporters of `reports` that `owed_to`
    picks: the date sent against the local date of the deadline (`_date_done`). `receipt_due`
    (the 6th working day) and `feedback_due` (the months of CASES_FEEDBACK_DUE_MONTHS) read
    nothing of the moment of receipt but its local date (`working_days_deadline`,
    `add_months`), so the reports are counted by local day of receipt and date sent, and each
    day's deadline is worked out once: at most the days of the period times the dates sent,
    whatever the number of reports. Returns (the indicator, the rows: each with the counts
    `also` of all `reports` beside)."""
    rows = list(
        _by_local_day(reports)
        .values("local_day", sent_on=F(sent))
        .annotate(n=Count("pk", filter=owed_to), **also)
        .order_by()
    )
    deadlines = _deadlines(filters, due)
    part = whole = 0
    for row in rows:
        deadline, sent_on = deadlines[row["local_day"]], row["sent_on"]
        if sent_on is not None or deadline <= now:
            whole += row["n"]
            part += row["n"] if _date_done(sent_on, deadline) else 0
    days_to_sent = ExpressionWrapper(F(sent) - F("local_day"), output_field=DurationField())
    missed = _by_local_day(reports.filter(owed_to)).annotate(days_to_sent=days_to_sent)
    missed = missed.filter(_reply_missed(sent, deadlines, now))
    return _indicator(key, part=part, whole=whole, cases=_cases_of(missed)), rows


def _deadlines(filters: Filters, due) -> dict[datetime.date, datetime.datetime]:
    """{local day of receipt: `due` of a report received that day} for each day of the period."""
    days = (filters.start + datetime.timedelta(days=n) for n in range((filters.end - filters.start).days + 1))
    return {day: due(datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=local_zone())) for day in days}


def _by_local_day(reports):
    """`reports` with their local (Copenhagen) day of receipt."""
    return reports.annotate(local_day=TruncDate("received_at", tzinfo=local_zone()))


def _reply_missed(sent: str, deadlines: dict[datetime.date, datetime.datetime], now: datetime.datetime) -> Q:
    """The reports (annotated with `local_day` and `days_to_sent`) whose reply was owed and not
    sent in time, as `_reply` counts them, in SQL: a handful of terms whatever the length of the
    period. The days are grouped by how many days after them their deadline falls (8 to 10 for a
    receipt in an ordinary week), one term a group; a deadline never comes earlier for a later
    day, so the days whose deadline has passed are the period's first ones."""
    by_offset = defaultdict(list)
    for day, deadline in deadlines.items():
        by_offset[(to_local(deadline).date() - day).days].append(day)
    late = Q(**{f"{sent}__isnull": True})
    for offset, days in by_offset.items():
        late |= Q(local_day__in=days, days_to_sent__gt=datetime.timedelta(days=offset))
    passed = [day for day, deadline in deadlines.items() if deadline <= now]
    owed = Q(**{f"{sent}__isnull": False})
    if passed:
        owed |= Q(local_day__lte=max(passed))
    return owed & late


def screenings(filters: Filters) -> Indicator:
    if filters.track == Track.ADULTS:
        return _indicator(SCREENING, part=0, whole=0)
    cases = scope.cases_received(filters).filter(track=Track.CHILDREN)
    screened = Exists(Screening.objects.filter(case_id=OuterRef("pk")))
    counts = cases.aggregate(whole=Count("pk"), part=Count("pk", filter=screened))
    return _indicator(SCREENING, **counts, cases=cases.filter(~screened))


def gate(filters: Filters) -> Indicator:
    """Steps involving the parents or network on cases where NSK/ÆRK was not ruled out: taken on an
    approved risk assessment, or on a leader's override."""
    steps = NetworkStep.objects.filter(
        case__in=scope.cases(filters),
        recorded_at__gte=filters.since,
        recorded_at__lt=filters.until,
        gate_basis__in=[GateBasis.ASSESSMENT, GateBasis.OVERRIDE],
    )
    on_assessment = Q(gate_basis=GateBasis.ASSESSMENT)
    counts = steps.aggregate(whole=Count("pk"), part=Count("pk", filter=on_assessment))
    cases = Case.objects.filter(pk__in=steps.filter(~on_assessment).values("case_id"))
    return _indicator(GATE, **counts, cases=cases)


def overrides(filters: Filters):
    """The leaders' overrides of the risk gate granted in the period (a queryset: the reasons are
    read only for those who may see the case, by `selectors.gate_overrides`)."""
    return GateOverride.objects.filter(
        case__in=scope.cases(filters), granted_at__gte=filters.since, granted_at__lt=filters.until
    )


def median_to_assessment(filters: Filters) -> Indicator:
    """The median read as the middle one or two rows in the order of the time taken (a count,
    then ORDER BY with OFFSET and LIMIT 2), not every row."""
    cases = (
        scope.cases_received(filters)
        .annotate(
            first=Min("risk_assessments__reviewed_at", filter=Q(risk_assessments__status=AssessmentStatus.APPROVED))
        )
        .filter(first__isnull=False)
    )
    count = cases.count()
    if not count:
        return _indicator(MEDIAN, value=None, basis=0)
    taken = ExpressionWrapper(F("first") - F("received_at"), output_field=DurationField())
    middle = cases.annotate(taken=taken).order_by("taken", "pk").values_list("taken", flat=True)
    days = [time.total_seconds() / 86400 for time in middle[(count - 1) // 2 : count // 2 + 1]]
    return _indicator(MEDIAN, value=round(statistics.median(days), 1), basis=count)


def adult_owners(filters: Filters, day: datetime.date) -> Indicator:
    """Today's open adult inquiries without an available owner, by the taskforce's own rule
    (`beredskab.taskforce.staff`), for every adults unit at once: a fixed number of queries,
    one row per open inquiry (today's open work, not the history)."""
    indicator = _indicator(ADULT_OWNER, part=0)
    if filters.track == Track.CHILDREN:
        return indicator
    units = adults_units(within=[filters.unit_id] if filters.unit_id else None)
    missing = [inquiry for inquiry in units_open_inquiries(units, day) if inquiry.unavailable]
    indicator.part = len(missing)
    indicator.cases = Case.objects.filter(pk__in=[inquiry.pk for inquiry in missing if inquiry.kind == "case"])
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
