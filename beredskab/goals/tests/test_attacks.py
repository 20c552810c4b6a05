"""Attacks on the goals dashboard: small counts given away by a complement or by a sum, cells a
spreadsheet would run or could not hold, hostile filters, need-to-know on the cases behind."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from beredskab.audit.models import AuditEvent
from beredskab.goals import exports, selectors
from beredskab.goals.scope import Filters
from beredskab.goals.tables import Table

from . import world

QUERY = {"fra": "2026-01-01", "til": "2026-06-30"}


def _cells(fmt, content) -> list[str]:
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";") for cell in row]
    book = load_workbook(io.BytesIO(content))
    return [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]


HOSTILE_SIGNS = ("²", '=HYPERLINK("http://x.example")\x07', " =1+1", "\uff1dSUM(A1)", "\n@x")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_warning_signs_text_can_neither_break_nor_run_in_an_export(client, data, fmt):
    """The signs' text is the plan's words, a cell value: a superscript digit is not a count, a
    control character cannot go in a workbook, and a formula after a blank or in full width is
    still a formula."""
    world.report(data["plan"], data["straxen"], world.at(2026, 5, 4, 10, 0), signs=HOSTILE_SIGNS)
    client.force_login(data["coordinator"])
    response = client.get(reverse("goals:export", args=[fmt]), QUERY)
    assert response.status_code == 200
    cells = _cells(fmt, response.content)
    assert "²" in cells
    assert '\'=HYPERLINK("http://x.example")' in cells and "' =1+1" in cells and "'\uff1dSUM(A1)" in cells
    assert not any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", c) for c in cells)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(response.content))
        assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)


def test_neutralise_keeps_counts_as_numbers_and_everything_else_as_inert_text():
    assert exports.neutralise(7) == 7 and exports.neutralise("12") == 12
    assert exports.neutralise("٣") == "٣" and exports.neutralise("²") == "²"
    assert exports.neutralise("\u00a0-1") == "'\u00a0-1"
    assert exports.neutralise("a\x01b") == "ab"


def test_hidden_counts_of_a_column_never_add_up_to_a_small_count():
    """Two hidden 1s beside a shown 20, with the total 22 shown elsewhere: 22 - 20 = 2 gives both
    away. The next smallest goes too, until what is hidden adds up to 5 or more."""
    table = Table("t", "T", ["Enhed", "Antal"], [["A", 1], ["B", 1], ["C", 20], ["D", 30]])
    assert table.shown(suppress=True) == [["A", "< 5"], ["B", "< 5"], ["C", "< 5"], ["D", "30"]]
    lone = Table("t", "T", ["Enhed", "Antal"], [["A", 20], ["B", 3], ["C", 7], ["D", 9]])
    assert lone.shown(suppress=True) == [["A", "20"], ["B", "< 5"], ["C", "< 5"], ["D", "10"]]
    enough = Table("t", "T", ["Enhed", "Antal"], [["A", 20], ["B", 3], ["C", 2]])
    assert enough.shown(suppress=True) == [["A", "20"], ["B", "< 5"], ["C", "< 5"]]


PERIOD = Filters(world.at(2026, 1, 1, 0, 0).date(), world.at(2026, 6, 30, 0, 0).date())


def test_a_few_missed_deadlines_are_not_given_away_by_their_complement(client, data):
    """8 of 10 assessments in time shows that 2 were missed: a count below 5. To the coordinator
    (no access to the cases) and in every file the figure says fewer than 5 were missed."""
    board = selectors.dashboard(user=data["coordinator"], filters=PERIOD, now=world.NOW)
    rows = {r["key"]: r for r in board.rows}
    assert rows["assessment"]["value"] == "< 5 ikke overholdt"
    assert rows["assessment"]["part"] == "< 5 ikke overholdt" and rows["assessment"]["whole"] == "10"
    assert "8" not in rows["assessment"]["of_whole"] and "80 %" not in rows["assessment"]["value"]
    client.force_login(data["coordinator"])
    html = client.get(reverse("goals:dashboard"), QUERY).content.decode()
    assert "80 %" not in html and "8 af 10" not in html
    cells = _cells("csv", client.get(reverse("goals:export", args=["csv"]), QUERY).content)
    assert "80 %" not in cells
    # The leader of the unit, with access to its cases, sees the figure as it is.
    straxen = Filters(PERIOD.start, PERIOD.end, unit_id=data["straxen"].pk)
    own = {r["key"]: r for r in selectors.dashboard(user=data["leader"], filters=straxen, now=world.NOW).rows}
    assert re.fullmatch(r"\d+ %", own["assessment"]["value"])


def test_staff_counts_on_the_page_are_suppressed_as_in_the_files(client, data):
    """The implementation figures are counts of staff: below 5 the page says "< 5", as the file."""
    import datetime

    from django.utils import timezone

    from beredskab.implementation.models import TrainingActivity, TrainingRequirement

    TrainingRequirement.objects.create(role="unit_leader")
    activity = TrainingActivity.objects.create(
        kind=TrainingActivity._meta.get_field("kind").choices[0][0],
        title="Syntetisk kursus",
        organiser="SIRI",
        held_on=datetime.date(2026, 5, 1),
        hours=3,
        recorded_by=data["coordinator"],
        recorded_at=timezone.now(),
    )
    activity.participants.add(data["leader"])
    client.force_login(data["coordinator"])
    html = client.get(reverse("goals:dashboard"), QUERY).content.decode()
    section = html[html.index('id="goals-implementation"') :]
    section = section[: section.index("</section>")]
    board = selectors.dashboard(user=data["coordinator"], filters=PERIOD, now=world.NOW)
    training = board.implementation["training"]
    assert 0 < training["expected"] < 5, training  # the roles' holders of the synthetic world
    assert f"af {training['expected']}" not in section
    assert "&lt; 5" in section


def test_the_danmarks_statistik_file_holds_no_report_about_an_adult(client, data):
    """A plan may send young adults (up to 23) to a children's unit: their reports are not
    underretninger about children, so neither the file nor its audit event holds them."""
    adult = world.report(data["plan"], data["straxen"], world.at(2026, 6, 2, 9, 0), index="adult-index")
    adult.subject_age = 20
    adult.save()
    client.force_login(data["leader"])
    response = client.get(reverse("goals:statistics_export"), QUERY)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")), delimiter=";"))[1:]
    assert len(rows) == 9 and not any(row[0] == "2026-06-02" for row in rows)
    assert all(row[3] == "" or int(row[3]) < 18 for row in rows)
    event = AuditEvent.objects.filter(action="goals.statistics_exported").latest("seq")
    assert event.new_values["count"] == 9
    assert "cpr:adult-index" not in {p.person_ref for p in event.persons.all()}


def test_a_protected_case_the_leader_may_not_see_is_not_given_away_by_an_exact_count(data, make_user):
    """Counted, a protected case is fine; counted exactly ("1 tilsidesættelse", "5 af 6") for a
    leader not named on it, its existence is told. Their counts of the unit are suppressed; the
    leader named on it sees them as they are."""
    from beredskab.cases.models import Case

    straxen = Filters(PERIOD.start, PERIOD.end, unit_id=data["straxen"].pk)
    assert not selectors.dashboard(user=data["leader"], filters=straxen, now=world.NOW).suppress
    other_leader = make_user("unit_leader", "straxen")
    Case.objects.filter(pk=data["cases"]["C6"].pk).update(protected=True, protected_by=other_leader)
    board = selectors.dashboard(user=data["leader"], filters=straxen, now=world.NOW)
    assert board.suppress
    shown = [cell for table in board.tables for row in table.shown(suppress=board.suppress) for cell in row[1:]]
    assert all(not cell.isdigit() or int(cell) >= 5 for cell in shown)
    assert not selectors.dashboard(user=other_leader, filters=straxen, now=world.NOW).suppress


def test_a_report_held_from_the_leader_makes_their_counts_suppressed(data, make_user):
    from beredskab.cases.models import Case

    other_leader = make_user("unit_leader", "straxen")
    case = data["cases"]["C6"]
    # Closed before both periods: only its report, received in the period, is counted.
    Case.objects.filter(pk=case.pk).update(protected=True, protected_by=other_leader, closed_at=world.at(2024, 1, 1))
    straxen = Filters(PERIOD.start, PERIOD.end, unit_id=data["straxen"].pk)
    board = selectors.dashboard(user=data["leader"], filters=straxen, now=world.NOW)
    assert board.suppress  # its report, received in the period, is held from the leader


def test_a_tracks_subtotal_does_not_give_a_hidden_unit_away():
    """StraXen 20 and Familierådgivningen 3 (children), the adults unit 4: the two small ones
    hidden together add up to 7, but the totals show the children's reports (23) apart, and
    23 - 20 = 3. Each track's rows are guarded by themselves too."""
    table = Table(
        "by_unit",
        "T",
        ["Enhed", "Antal"],
        [["StraXen", 20], ["Familie", 3], ["Voksne", 4]],
        groups=[False, False, True],
    )
    assert table.shown(suppress=True) == [["StraXen", "< 5"], ["Familie", "< 5"], ["Voksne", "< 5"]]
    plain = Table("t", "T", ["Enhed", "Antal"], [["StraXen", 20], ["Familie", 3], ["Voksne", 4]])
    assert plain.shown(suppress=True)[0] == ["StraXen", "20"]  # without a subtotal: 3 + 4 hidden is enough


def test_the_coordinators_table_by_unit_does_not_give_a_unit_away_by_the_totals(data):
    """The synthetic world: Familierådgivningen 1, StraXen 9, the adults unit 1; the totals show
    10 reports about children (shown, a count of 5 or more, to anyone filtering to the children's
    track). StraXen's 9 shown would give Familierådgivningen's 1 away."""
    board = selectors.dashboard(user=data["coordinator"], filters=PERIOD, now=world.NOW)
    by_unit = next(table for table in board.tables if table.key == "by_unit")
    assert [row[1] for row in by_unit.shown(suppress=True)] == ["< 5", "< 5", "< 5"]


def _reports_shown(user, start, end, unit=None, track="") -> tuple[str, object]:
    """The totals' count of reports about children as `user` is shown it, and the board."""
    board = selectors.dashboard(user=user, filters=Filters(start, end, unit_id=unit, track=track), now=world.NOW)
    totals = next(table for table in board.tables if table.key == "totals")
    return totals.shown(suppress=board.suppress)[0][1], board


def test_two_periods_a_day_apart_do_not_give_a_days_reports_away(data):
    """The coordinator (no access to StraXen's cases) asks for 1 January - 28 March and for
    1 January - 27 March: 7 and 6 reports, both 5 or more; shown, their difference was the one
    report of 28 March. Both periods are now counted as whole months (1 January - 31 March, the
    page says so), and every count is rounded to the nearest 5."""
    import datetime

    straxen, jan1 = data["straxen"].pk, datetime.date(2026, 1, 1)
    longer, board = _reports_shown(data["coordinator"], jan1, datetime.date(2026, 3, 28), straxen)
    shorter, _board = _reports_shown(data["coordinator"], jan1, datetime.date(2026, 3, 27), straxen)
    assert not (longer.isdigit() and shorter.isdigit() and 0 < int(longer) - int(shorter) < 5)
    assert (board.filters.start, board.filters.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert board.widened and longer == shorter == "5"  # 7 reports, rounded
    # Across a month's boundary the difference is a month's, rounded: never 1-4.
    april, _board = _reports_shown(data["coordinator"], jan1, datetime.date(2026, 4, 1), straxen)
    assert int(april) - int(longer) not in range(1, 5)


def test_all_units_minus_the_others_does_not_give_a_units_count_away(data):
    """The coordinator asks for all children's units (10 reports) and for StraXen (9): the
    difference was Familierådgivningen's one report, hidden as "< 5" in its own view. Rounded,
    each total by itself from the exact counts, 10 and 10 tell nothing."""
    import datetime

    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    everyone, _board = _reports_shown(data["coordinator"], start, end, track="children")
    straxen, _board = _reports_shown(data["coordinator"], start, end, data["straxen"].pk)
    familie, _board = _reports_shown(data["coordinator"], start, end, data["familie"].pk)
    assert familie == "< 5"
    assert int(everyone) - int(straxen) not in range(1, 5)
    assert (everyone, straxen) == ("10", "10")


def test_a_viewer_with_access_to_the_cases_keeps_exact_counts_for_the_exact_days(data):
    """The leader of StraXen, with access to every case counted, sees 7 and 6 for the two
    periods a day apart: nothing widened, nothing rounded."""
    import datetime

    straxen = data["straxen"].pk
    longer, board = _reports_shown(data["leader"], datetime.date(2026, 1, 1), datetime.date(2026, 3, 28), straxen)
    shorter, _board = _reports_shown(data["leader"], datetime.date(2026, 1, 1), datetime.date(2026, 3, 27), straxen)
    assert (longer, shorter) == ("7", "6")
    assert not board.suppress and not board.widened and board.filters.end == datetime.date(2026, 3, 28)


def test_the_page_says_the_period_was_widened_and_the_counts_rounded(client, data):
    client.force_login(data["coordinator"])
    html = client.get(reverse("goals:dashboard"), {"fra": "2026-01-05", "til": "2026-03-28"}).content.decode()
    assert "afrundet til nærmeste 5" in html
    assert "perioden er udvidet til hele måneder" in html
    assert "Perioden 1. januar 2026 til 31. marts 2026" in html
    client.force_login(data["leader"])
    query = {"fra": "2026-01-05", "til": "2026-03-28", "enhed": str(data["straxen"].pk)}
    html = client.get(reverse("goals:dashboard"), query).content.decode()
    assert 'id="goals-rounding"' not in html and "Perioden 5. januar 2026 til 28. marts 2026" in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_export_is_for_whole_months_with_rounded_counts_whoever_asks(client, data, fmt):
    """Even the leader with access to every case counted gets a file for whole months, rounded:
    the file leaves the page, and two files a day apart must not give a day away."""
    client.force_login(data["leader"])
    query = {"fra": "2026-01-05", "til": "2026-03-28", "enhed": str(data["straxen"].pk)}
    response = client.get(reverse("goals:export", args=[fmt]), query)
    assert "maalopfoelgning-2026-01-01-2026-03-31" in response["Content-Disposition"]
    content = response.content
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    else:
        book = load_workbook(io.BytesIO(content))
        rows = [[str(c.value) for c in row] for sheet in book for row in sheet.iter_rows()]
    totals = next(row for row in rows if row and row[0] == "Underretninger (børn og unge)")
    assert totals[1] == "5"  # 7 reports, rounded
    assert any("afrundet til nærmeste 5" in cell for row in rows for cell in row)
    counts = [cell for row in rows for cell in row[1:] if cell.isdigit()]
    assert counts and all(int(cell) % 5 == 0 for cell in counts)


def test_no_link_to_the_cases_behind_a_figure_when_every_one_is_hidden(client, data, make_user):
    """The risk gate's only case behind it (C6) is protected by another leader: a "Se sagerne"
    link to an empty list would tell the leader it exists."""
    from beredskab.cases.models import Case

    other_leader = make_user("unit_leader", "straxen")
    query = {**QUERY, "enhed": str(data["straxen"].pk)}
    link = reverse("goals:cases_behind", args=["gate"])
    client.force_login(data["leader"])
    assert link in client.get(reverse("goals:dashboard"), query).content.decode()
    Case.objects.filter(pk=data["cases"]["C6"].pk).update(protected=True, protected_by=other_leader)
    assert link not in client.get(reverse("goals:dashboard"), query).content.decode()
    client.force_login(other_leader)
    assert link in client.get(reverse("goals:dashboard"), query).content.decode()


def test_a_share_shown_beside_rounded_counts_does_not_give_the_exact_counts_away():
    """January: 7 of 10 cases flagged (shown "5" of "10", 70 %); January-February: 8 of 12 (shown
    "10" of "10", 67 %). Only 7/10 gives 70 % with counts that round to 5 and 10, only 8/12 gives
    67 %: February's 2 cases, 1 flagged, are told by the shares. Wherever counts are rounded, a
    share is worked out from the rounded counts shown, so it tells nothing they do not."""
    from beredskab.goals.detection import totals_table
    from beredskab.goals.tables import show_kept_share, show_share

    def share(flagged, cases):
        counts = {"reports": 0, "inquiries": 0, "repeats": 0, "cases": cases, "flagged": flagged}
        return totals_table(counts, counts).shown(suppress=True)[-1][1]

    assert share(7, 10) == share(5, 10) == share(6, 8) == "50 %"
    assert share(8, 12) == share(10, 10) == "100 %"
    assert show_share(7, 10, suppress=True) == show_share(5, 11, suppress=True)
    assert show_kept_share(6, 7, suppress=True) == "< 5 ikke overholdt"
    assert show_kept_share(17, 23, suppress=True) == show_kept_share(15, 25, suppress=True) == "60 %"
    assert show_share(7, 10, suppress=False) == "70 %"


def test_last_years_column_is_whole_months_too_across_a_leap_day(data):
    """February 2025 is widened to 1-28 February; its comparison column was 1-28 February 2024,
    one day short of February 2024 asked for directly (1-29 February): 7 and 8 reports, rounded
    apart ("5" and "10"), would tell that 29 February had a report. Wherever the period is widened, last
    year's is the same whole months."""
    import datetime

    straxen = data["straxen"]
    for day in range(1, 8):
        world.report(data["plan"], straxen, world.at(2024, 2, day * 3, 10, 0))
    world.report(data["plan"], straxen, world.at(2024, 2, 29, 10, 0))
    board = selectors.dashboard(
        user=data["coordinator"],
        filters=Filters(datetime.date(2025, 2, 3), datetime.date(2025, 2, 20), unit_id=straxen.pk),
        now=world.NOW,
    )
    assert (board.earlier.filters.start, board.earlier.filters.end) == (
        datetime.date(2024, 2, 1),
        datetime.date(2024, 2, 29),
    )
    totals = next(table for table in board.tables if table.key == "totals").shown(suppress=True)
    direct, _board = _reports_shown(
        data["coordinator"], datetime.date(2024, 2, 1), datetime.date(2024, 2, 29), straxen.pk
    )
    assert totals[0][2] == direct


def test_todays_adult_inquiries_without_an_owner_do_not_tell_a_hidden_case_in_an_old_period(data, make_user):
    """The count of adult inquiries without an available owner is today's, whatever the period.
    A leader of the adults unit, asking for January 2020 (nothing in it hidden from them), saw
    it exactly, and a protected case opened now, that they may not see, was told by it going
    from 0 to 1. Whatever the figures count that is hidden from the reader suppresses them."""
    import datetime

    from beredskab.accounts.models import Unit
    from beredskab.cases.models import Case, Track

    unit = Unit.objects.get(code="taskforce-voksne")
    leader = make_user("unit_leader", "taskforce-voksne")
    other_leader = make_user("unit_leader", "taskforce-voksne")
    old = Filters(datetime.date(2020, 1, 1), datetime.date(2020, 1, 31), unit_id=unit.pk)

    def owner_figure():
        board = selectors.dashboard(user=leader, filters=old, now=world.NOW)
        return next(row["value"] for row in board.rows if row["key"] == "adult_owner"), board

    before, board = owner_figure()
    hidden, _links = world.case(unit, other_leader, world.at(2026, 7, 1, 10, 0), track=Track.ADULTS)
    Case.objects.filter(pk=hidden.pk).update(protected=True, protected_by=other_leader)
    after, board = owner_figure()
    assert board.suppress or before == after
    assert not (after.isdigit() and int(after) < 5 and int(after) > 0)


def test_a_viewer_with_exact_counts_sees_the_exact_share_beside_them():
    """The share of flagged cases sits in the totals table beside the counts: worked out from
    the rounded counts where they are rounded, from the exact ones where they are shown exactly
    (6 of 7 is 86 %, not the 100 % of "5 of 5")."""
    from beredskab.goals.detection import totals_table

    counts = {"reports": 20, "inquiries": 20, "repeats": 20, "cases": 7, "flagged": 6}
    table = totals_table(counts, counts)
    assert table.shown(suppress=False)[-1][1:] == ["86 %", "86 %"]
    assert table.shown(suppress=True)[-1][1:] == ["100 %", "100 %"]
