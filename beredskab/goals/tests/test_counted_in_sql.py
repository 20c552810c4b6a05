"""The barometer counts in SQL (issue 20) exactly what a report-by-report count gives: the old
algorithm is written out here as the reference, and compared on reports chosen to sit on every
edge of the clocks (midnight, the changes to and from summer time, holidays, month ends,
anonymous and named, professional and private, replies sent before, on and after the due date or
never, deadlines not yet reached). Everything is synthetic."""

import datetime
import random
import statistics
from collections import Counter

import pytest

from beredskab.accounts.models import Unit
from beredskab.cases.clocks import assessment_due, feedback_due, receipt_due
from beredskab.cases.models import CaseReport, Track
from beredskab.cases.risk.models import Instrument, RiskAssessment
from beredskab.core.workdays import to_local
from beredskab.goals import barometer, detection, scope
from beredskab.goals.scope import Filters
from beredskab.intake.models import Report, ReporterKind

from . import world
from .world import at

PERIOD = Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 11, 30))
# The local days of receipt: summer time begins 29 March and ends 25 October 2026; Easter
# (2-6 April), Ascension (14 May) and Whitsun (24-25 May); month ends the feedback's months clamp
# (31 August + 3 months is 30 November); the period's first and last days.
DAYS = [
    (1, 1), (1, 2), (3, 27), (3, 28), (3, 29), (3, 30), (3, 31), (4, 1), (4, 2), (4, 7),
    (5, 13), (5, 22), (5, 29), (5, 31), (7, 31), (8, 14), (8, 28), (8, 31), (10, 23),
    (10, 24), (10, 25), (10, 26), (11, 5), (11, 12), (11, 30),
]  # fmt: skip
TIMES = [
    (0, 0, 0, 0),
    (0, 30, 0, 0),
    (1, 59, 59, 0),
    (10, 0, 0, 0),
    (22, 59, 59, 0),
    (23, 30, 0, 0),
    (23, 59, 59, 999999),
]
ASSESSED_AFTER = [None, 0, 23 * 3600, 24 * 3600, 24 * 3600 + 1e-6, 25 * 3600]  # seconds after receipt
SENT_AROUND_DUE = [None, -3, -1, 0, 1, 2]  # days from the due date
NOWS = [
    at(2026, 11, 15, 12, 0),
    at(2026, 4, 14, 23, 59, 59),  # the end of a due day, to the second
    at(2026, 3, 29, 3, 30),  # just after the clocks went forward
    at(2026, 10, 25, 2, 30).replace(fold=1),  # the repeated hour when the clocks go back
]


def _build(plan, units, worker, rng: random.Random) -> None:
    straxen, familie, adults = units
    kept_in = None
    for month, day in DAYS:
        for hour, minute, second, micro in TIMES:
            received = at(2026, month, day, hour, minute, second, micro)
            kind = rng.choice([ReporterKind.PROFESSIONAL, ReporterKind.PRIVATE])
            unit = rng.choice([straxen, straxen, familie, adults])
            signs = rng.sample(["Meget fravær", "Kontrol af telefon", "Trusler", ""], rng.randint(0, 3))
            report = world.report(plan, unit, received, kind=kind, anonymous=rng.random() < 0.25, signs=signs)
            if rng.random() < 0.15:
                continue  # never taken into a case
            if kept_in is not None and rng.random() < 0.2:  # a second report on the same case
                case, links = (
                    kept_in,
                    [CaseReport.objects.link(case=kept_in, report=report, added_at=received, added_by=worker)],
                )
            else:
                case, links = world.case(unit, worker, received, report)
            kept_in = case
            after = rng.choice(ASSESSED_AFTER)
            if after is not None:
                world.assess(links[0], worker, received.astimezone(datetime.UTC) + datetime.timedelta(seconds=after))
            receipt, feedback = rng.choice(SENT_AROUND_DUE), rng.choice(SENT_AROUND_DUE)
            world.reply(
                links[0],
                receipt=None if receipt is None else to_local(receipt_due(received)).date() + _days(receipt),
                feedback=None if feedback is None else to_local(feedback_due(received)).date() + _days(feedback),
            )

    # Not assessed, received within the hour the clocks skip or repeat a day later: owed or not
    # by elapsed time (the 24 hours before `now` counted in UTC, not on the wall clock).
    for received in (at(2026, 3, 28, 3, 0), at(2026, 10, 24, 2, 45)):
        world.case(straxen, worker, received, world.report(plan, straxen, received))


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _date_done(day, due) -> bool:
    return day is not None and day <= to_local(due).date()


def _reference(filters: Filters, now: datetime.datetime) -> dict:
    """The old algorithm: one row per report read into Python, the clock functions applied to each."""
    counts = {key: [0, 0, set()] for key in (barometer.ASSESSMENT, barometer.RECEIPT, barometer.FEEDBACK)}

    def count(key, kept, case_id):
        counts[key][1] += 1
        if kept:
            counts[key][0] += 1
        elif case_id is not None:
            counts[key][2].add(case_id)

    rows = scope.reports(Filters(filters.start, filters.end, filters.unit_id, Track.CHILDREN)).values_list(
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
            count(barometer.ASSESSMENT, assessed_at is not None and assessed_at <= due, case_id)
        if anonymous:
            continue
        due = receipt_due(received_at)
        if receipt_on is not None or due <= now:
            count(barometer.RECEIPT, _date_done(receipt_on, due), case_id)
        if kind == ReporterKind.PROFESSIONAL:
            due = feedback_due(received_at)
            if feedback_on is not None or due <= now:
                count(barometer.FEEDBACK, _date_done(feedback_on, due), case_id)
    return {key: (part, whole, ids) for key, (part, whole, ids) in counts.items()}


def test_the_deadlines_depend_only_on_the_local_day_of_receipt():
    """The premise of counting by day (`barometer._reply`): any moment of a local day, at either
    end of it and on the days the clocks change, gives the same receipt and feedback deadline."""
    for month, day in DAYS:
        noon = at(2026, month, day, 12, 0)
        for moment in (at(2026, month, day, *time) for time in TIMES):
            assert (receipt_due(moment), feedback_due(moment)) == (receipt_due(noon), feedback_due(noon))
            assert (receipt_due(moment.astimezone(datetime.UTC)), feedback_due(moment.astimezone(datetime.UTC))) == (
                receipt_due(noon),
                feedback_due(noon),
            )


@pytest.fixture
def edges(ishoj_plan, make_user):
    worker = make_user("child_caseworker", "straxen")
    units = [Unit.objects.get(code=code) for code in ("straxen", "familieraadgivning", "taskforce-voksne")]
    _build(ishoj_plan, units, worker, random.Random(20))
    return units


@pytest.mark.parametrize("now", NOWS, ids=lambda now: now.isoformat())
def test_report_duties_count_as_report_by_report(edges, now):
    straxen = edges[0]
    for filters in (PERIOD, Filters(datetime.date(2026, 3, 28), datetime.date(2026, 4, 7), unit_id=straxen.pk)):
        expected = _reference(filters, now)
        got = {
            i.key: (i.part, i.whole, set(i.cases.values_list("pk", flat=True)))
            for i in barometer.report_duties(filters, now)
        }
        assert got == expected
    assert expected[barometer.ASSESSMENT][1] > 0  # the comparison is not of empty figures


def test_the_edges_are_all_there(edges):
    """The data set does reach each edge the comparison is meant to cover."""
    now = NOWS[0]
    ref = _reference(PERIOD, now)
    assert all(0 < part < whole for part, whole, _ids in ref.values())
    rows = scope.reports(PERIOD).values_list("received_at", "reporter_anonymous", "case_link__receipt_sent_on")
    named_dues = [(receipt_due(r), sent) for r, anonymous, sent in rows if not anonymous]
    assert any(sent is None and due > now for due, sent in named_dues)  # not yet due
    assert any(sent is not None and sent == to_local(due).date() for due, sent in named_dues)  # on the last day
    assert any(sent is not None and sent > to_local(due).date() for due, sent in named_dues)  # late


def test_the_signs_count_as_report_by_report(edges):
    """Also the lists the report form never writes: a sign twice on one report, entries that are
    not objects or have no text, and no list at all."""
    odd = [
        [{"text": "Trusler"}, {"text": "Trusler", "id": "x"}, {"id": "no-text"}, "Trusler", 7, None],
        [{"text": ""}, {"text": "Æresrelateret kontrol"}, [{"text": "Trusler"}]],
        {"a": {"text": "Trusler"}},
        "Trusler",
        [],
    ]
    for signs, report in zip(odd, scope.reports(PERIOD).order_by("pk"), strict=False):
        Report.objects.filter(pk=report.pk).update(observed_signs=signs)
    adult_ids = scope.adults_unit_ids()
    counts: Counter = Counter()
    for signs in scope.reports(PERIOD, adult_ids=adult_ids).values_list("observed_signs", flat=True):
        for sign in {s.get("text", "") for s in signs or [] if isinstance(s, dict)} - {""}:
            counts[sign] += 1
    expected = [[sign, n] for sign, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    assert detection.by_sign(PERIOD, adult_ids).rows == expected
    assert len(expected) == 4


@pytest.mark.parametrize("approved", [3, 4])
def test_the_median_is_the_middle_of_every_row(data, approved):
    """An odd and an even number of cases: the middle one, or the mean of the middle two."""
    cases = list(data["cases"].values())[:approved]
    instrument = Instrument.objects.get(code="t")
    for n, case in enumerate(cases[3:]):
        RiskAssessment.objects.create(
            case=case,
            version=2,
            instrument=instrument,
            status="approved",
            author=data["worker"],
            created_at=case.received_at,
            updated_at=case.received_at,
            reviewed_by=data["leader"],
            reviewed_at=case.received_at + datetime.timedelta(days=7 + n, hours=5, microseconds=3),
        )
    period = Filters(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    rows = []
    for case in scope.cases_received(period):
        times = [a.reviewed_at for a in case.risk_assessments.all() if a.status == "approved"]
        if times:
            rows.append((min(times) - case.received_at).total_seconds() / 86400)
    got = barometer.median_to_assessment(period)
    assert (got.value, got.basis) == (round(statistics.median(rows), 1), len(rows))
    assert got.basis == approved
