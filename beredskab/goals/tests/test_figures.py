"""Each dashboard and barometer figure against the figures counted by hand on the synthetic data
set of `world.py` (deadlines across Easter and the change to summer time included)."""

import datetime

import pytest

from beredskab.audit.models import AuditEvent
from beredskab.cases.models import Track
from beredskab.core.policies import PolicyDenied
from beredskab.goals import barometer, selectors
from beredskab.goals.scope import Filters

from . import world

PERIOD = Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30))


def _by_key(figures):
    return {i.key: i for i in figures.barometer}


def _ids(indicator) -> set[int]:
    return set(indicator.cases.values_list("pk", flat=True))


def test_barometer_as_counted_by_hand(data):
    figures = selectors.figures(PERIOD, now=world.NOW, today=world.NOW.date())
    got = _by_key(figures)
    c = data["cases"]
    # 24 hours: R1-R7 and R9 in time (R7 across the change to summer time), R8 late, R11 never.
    assert (got["assessment"].part, got["assessment"].whole) == (8, 10)
    assert _ids(got["assessment"]) == {c["C8"].pk}
    # Receipts: R1-R8 on time (R8's on 14 April, Easter skipped), R9 not sent by 29 June.
    assert (got["receipt"].part, got["receipt"].whole) == (8, 9)
    assert _ids(got["receipt"]) == {c["C9"].pk}
    # Feedback: R1-R6 given; R8's due 1 July missed; R9's not due until September.
    assert (got["feedback"].part, got["feedback"].whole) == (6, 7)
    assert _ids(got["feedback"]) == {c["C8"].pk}
    # Screenings: C1-C6 of C1-C9.
    assert (got["screening"].part, got["screening"].whole) == (6, 9)
    assert _ids(got["screening"]) == {c["C7"].pk, c["C8"].pk, c["C9"].pk}
    # The gate: 5 steps on an approved assessment, 1 on an override; C7's step (screened out) not counted.
    assert (got["gate"].part, got["gate"].whole) == (5, 6)
    assert _ids(got["gate"]) == {c["C6"].pk}
    # Median of 2, 4 and 10 days.
    assert (got["median"].value, got["median"].basis) == (4.0, 3)
    # Adults: the inquiry waiting without an owner and the case without an owner.
    assert got["adult_owner"].part == 2
    assert _ids(got["adult_owner"]) == {c["CA2"].pk}


def test_detection_and_collaboration_as_counted_by_hand(data):
    figures = selectors.figures(PERIOD, now=world.NOW, today=world.NOW.date())
    assert figures.totals == {"reports": 10, "inquiries": 1, "repeats": 2, "cases": 11, "flagged": 10}
    tables = {t.key: t for t in figures.tables}
    assert [row[:2] for row in tables["per_month"].rows] == [
        ["februar 2026", 6],
        ["marts 2026", 1],
        ["marts 2026", 1],
        ["april 2026", 1],
        ["maj 2026", 1],
        ["juni 2026", 1],
    ]
    assert sorted(tables["by_reporter"].rows) == [["Fagperson", 8], ["Privatperson", 3]]
    assert [row[:2] for row in tables["by_unit"].rows] == [
        ["Familierådgivningen", 1],
        ["StraXen", 9],
        ["Taskforce for voksne (NSK/ÆRK)", 1],
    ]
    assert tables["by_sign"].rows == [["Meget fravær", 6], ["Kontrol af telefon", 2]]
    collaboration = {str(label): n for label, n in tables["collaboration"].rows}
    assert collaboration["Sager delt med en enhed i et andet center"] == 1
    assert collaboration["Sager delt med en enhed i samme center"] == 1
    assert collaboration["Politiet (ÆRK-kontaktperson)"] == 2
    assert collaboration["Sikkerhedskonsulent (SIRI, serviceloven § 12 c)"] == 1
    assert collaboration["VISO"] == 1
    assert collaboration["Overdraget til voksenområdet ved 18 år"] == 1


def test_unit_and_track_filters(data):
    straxen = Filters(PERIOD.start, PERIOD.end, unit_id=data["straxen"].pk)
    got = _by_key(selectors.figures(straxen, now=world.NOW, today=world.NOW.date()))
    assert (got["assessment"].part, got["assessment"].whole) == (8, 9)  # R11 went to Familierådgivningen
    assert got["adult_owner"].part == 0  # StraXen is no adults unit
    adults = Filters(PERIOD.start, PERIOD.end, track=Track.ADULTS)
    figures = selectors.figures(adults, now=world.NOW, today=world.NOW.date())
    got = _by_key(figures)
    assert got["assessment"].whole == 0 and got["screening"].whole == 0
    assert got["adult_owner"].part == 2
    assert figures.totals["reports"] == 0 and figures.totals["inquiries"] == 1 and figures.totals["cases"] == 2


def test_same_period_last_year(data):
    earlier = selectors.figures(PERIOD.last_year(), now=world.NOW, today=world.NOW.date())
    got = _by_key(earlier)
    assert (got["assessment"].part, got["assessment"].whole) == (0, 6)
    assert earlier.totals["reports"] == 6 and earlier.totals["repeats"] == 0
    assert PERIOD.last_year() == Filters(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))


def test_coordinator_sees_small_counts_suppressed_and_no_case_list(data):
    board = selectors.dashboard(user=data["coordinator"], filters=PERIOD, now=world.NOW)
    assert board.suppress and not board.may_see_cases
    rows = {r["key"]: r for r in board.rows}
    assert rows["assessment"]["value"] == "< 5 ikke overholdt"  # 8 of 10: the 2 missed are a small count
    assert rows["median"]["value"] == "< 5"  # rests on 3 cases
    assert rows["adult_owner"]["value"] == "< 5"
    assert rows["assessment"]["earlier"] == "< 5"  # 0 of 6
    shown = [cell for table in board.tables for row in table.shown(suppress=True) for cell in row[1:]]
    assert all(not cell.isdigit() or int(cell) >= 5 for cell in shown)
    with pytest.raises(PolicyDenied):
        selectors.cases_behind(user=data["coordinator"], filters=PERIOD, key=barometer.GATE, now=world.NOW)
    event = AuditEvent.objects.filter(action="goals.dashboard_viewed").latest("seq")
    assert event.purpose == "supervision" and event.actor_id == data["coordinator"].pk


def test_leader_of_the_unit_sees_the_counts_and_the_cases_behind(data):
    straxen = Filters(PERIOD.start, PERIOD.end, unit_id=data["straxen"].pk)
    board = selectors.dashboard(user=data["leader"], filters=straxen, now=world.NOW)
    assert not board.suppress and board.may_see_cases
    rows = {r["key"]: r for r in board.rows}
    assert rows["median"]["value"] == "4,0"
    behind = selectors.cases_behind(user=data["leader"], filters=straxen, key=barometer.GATE, now=world.NOW)
    assert [c.pk for c in behind.cases] == [data["cases"]["C6"].pk]
    assert [o.reason for o in behind.overrides] == [world.OVERRIDE_REASON]
    event = AuditEvent.objects.filter(action="goals.cases_behind_viewed").latest("seq")
    assert event.purpose == "supervision"
    assert data["cases"]["C6"].person_ref in {p.person_ref for p in event.persons.all()}
    # The leader of StraXen may not list the adults unit's cases.
    adults = Filters(PERIOD.start, PERIOD.end, unit_id=data["adults"].pk)
    with pytest.raises(PolicyDenied):
        selectors.cases_behind(user=data["leader"], filters=adults, key=barometer.ADULT_OWNER, now=world.NOW)


def test_a_case_worker_may_not_open_the_dashboard(data):
    with pytest.raises(PolicyDenied):
        selectors.dashboard(user=data["worker"], filters=PERIOD, now=world.NOW)


# The same at both sizes (50 when written: the clocks read one row per report in one query).
QUERIES = 50


@pytest.mark.parametrize("extra", [0, 40])
def test_queries_do_not_grow_with_the_reports(data, extra, django_assert_max_num_queries):
    world.more_reports(data["plan"], data["worker"], extra)
    with django_assert_max_num_queries(QUERIES):
        selectors.dashboard(user=data["leader"], filters=PERIOD, now=world.NOW)


def test_a_protected_case_stays_hidden_behind_a_figure(data, make_user):
    """Need-to-know holds on the list: a protected case the leader was not named on is counted
    in the figure but neither listed nor its override's reason shown."""
    from beredskab.cases.models import Case

    other_leader = make_user("unit_leader", "straxen")
    Case.objects.filter(pk=data["cases"]["C6"].pk).update(protected=True, protected_by=other_leader)
    straxen = Filters(PERIOD.start, PERIOD.end, unit_id=data["straxen"].pk)
    behind = selectors.cases_behind(user=data["leader"], filters=straxen, key=barometer.GATE, now=world.NOW)
    assert behind.indicator.part == 5 and behind.indicator.whole == 6  # still counted
    assert behind.cases == [] and behind.overrides == []
    mine = selectors.cases_behind(user=other_leader, filters=straxen, key=barometer.GATE, now=world.NOW)
    assert [c.pk for c in mine.cases] == [data["cases"]["C6"].pk]


def test_a_lone_small_count_takes_its_next_smallest_with_it():
    """Otherwise the total shown elsewhere minus the other rows would give it away."""
    from beredskab.goals.tables import Table

    table = Table("t", "T", ["Enhed", "Antal"], [["A", 20], ["B", 3], ["C", 7], ["D", 9]])
    assert table.shown(suppress=True) == [["A", "20"], ["B", "< 5"], ["C", "< 5"], ["D", "10"]]
    # 10 of 20: drawn from the rounded count, as the text says
    assert [bar["width"] for bar in table.bars(suppress=True)] == [100, 0, 0, 50]
    assert table.shown(suppress=False)[1] == ["B", "3"]
    two = Table("t", "T", ["Enhed", "Antal"], [["A", 20], ["B", 3], ["C", 2]])
    assert two.shown(suppress=True) == [["A", "20"], ["B", "< 5"], ["C", "< 5"]]
