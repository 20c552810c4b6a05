"""What the dashboard counts: the period, the unit and the track chosen, as querysets.

A report belongs to the track of the unit that received it (an adults unit, asked through
`beredskab.accounts.selectors.adults_units`, receives inquiries under serviceloven; every other
unit receives reports under barnets lov). A case belongs to its own `track`. A period is whole
Danish days (Europe/Copenhagen), its last day included.

No filter or count here uses ethnicity, religion or nationality: the system holds none of them.
"""

import datetime
from dataclasses import dataclass, replace

from django.db.models import QuerySet

from beredskab.accounts.selectors import adults_units
from beredskab.cases.models import OPEN_STATUSES, Case, Track
from beredskab.core.workdays import local_zone
from beredskab.intake.models import Report
from beredskab.intake.selectors import not_in_a_case


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date  # included
    unit_id: int | None = None
    track: str = ""  # "" (both), Track.CHILDREN or Track.ADULTS

    @property
    def since(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time(0, 0), tzinfo=local_zone())

    @property
    def until(self) -> datetime.datetime:
        """The first moment after the period (midnight after its last day)."""
        after = self.end + datetime.timedelta(days=1)
        return datetime.datetime.combine(after, datetime.time(0, 0), tzinfo=local_zone())

    def last_year(self) -> "Filters":
        """The same period one year earlier (29 February becomes 28 February)."""
        return replace(self, start=_year_before(self.start), end=_year_before(self.end))

    def as_query(self) -> dict[str, str]:
        """The filters as the dashboard's GET parameters (no personal data: dates, a unit id, a track)."""
        query = {"fra": self.start.isoformat(), "til": self.end.isoformat()}
        if self.unit_id:
            query["enhed"] = str(self.unit_id)
        if self.track:
            query["spor"] = self.track
        return query


def _year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def whole_months(filters: Filters) -> Filters:
    """The period widened to whole calendar months: its start to the first of its month, its end
    to the last day of its month. For everyone who sees counts suppressed and rounded (and every
    export): two periods a day apart would otherwise give the day's reports away by their
    difference (`beredskab.goals.tables`)."""
    start = filters.start.replace(day=1)
    next_month = (filters.end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return replace(filters, start=start, end=next_month - datetime.timedelta(days=1))


def default_filters(today: datetime.date) -> Filters:
    """This year so far."""
    return Filters(start=datetime.date(today.year, 1, 1), end=today)


def adults_unit_ids() -> set[int]:
    return set(adults_units().values_list("pk", flat=True))


def reports(filters: Filters, *, adult_ids: set[int] | None = None) -> QuerySet[Report]:
    """Reports and inquiries received in the period, to the unit, in the track (the adults units
    `adult_ids` when given, else asked in the same query)."""
    adult_ids = adults_units().values("pk") if adult_ids is None else adult_ids
    queryset = Report.objects.filter(received_at__gte=filters.since, received_at__lt=filters.until)
    if filters.unit_id:
        queryset = queryset.filter(receiving_unit_id=filters.unit_id)
    if filters.track == Track.CHILDREN:
        queryset = queryset.exclude(receiving_unit_id__in=adult_ids)
    elif filters.track == Track.ADULTS:
        queryset = queryset.filter(receiving_unit_id__in=adult_ids)
    return queryset


def cases(filters: Filters | None) -> QuerySet[Case]:
    """Cases of the unit and track (`filters` None: the unit and track of no filter); the period
    is applied by the caller to the date that matters for each figure."""
    queryset = Case.objects.all()
    if filters is not None and filters.unit_id:
        queryset = queryset.filter(unit_id=filters.unit_id)
    if filters is not None and filters.track:
        queryset = queryset.filter(track=filters.track)
    return queryset


def cases_received(filters: Filters) -> QuerySet[Case]:
    """Cases whose first report arrived in the period."""
    return cases(filters).filter(received_at__gte=filters.since, received_at__lt=filters.until)


def open_adult_inquiries(filters: Filters) -> tuple[QuerySet[Report], QuerySet[Case]]:
    """Today's open adult inquiries of the units in scope, whatever the period (the barometer's
    snapshot of inquiries without an available owner, `beredskab.taskforce.inquiries.open_inquiries`):
    (reports not yet made a case, open cases). None when the track is children's."""
    if filters.track == Track.CHILDREN:
        return Report.objects.none(), Case.objects.none()
    units = adults_units(within=[filters.unit_id] if filters.unit_id else None)
    reports = not_in_a_case().filter(receiving_unit__in=units)
    return reports, Case.objects.filter(unit__in=units, status__in=OPEN_STATUSES)
