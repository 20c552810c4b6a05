"""Attacks on "never unowned" and on who may learn what about the taskforce (issue 14 review).

Each test failed on the code as first built."""

import re
from unittest import mock

import pytest
from django.db.models.query import QuerySet

from beredskab.accounts.models import Unit
from beredskab.cases.holds import hold_waiting_reports
from beredskab.cases.protection import case_protect
from beredskab.cases.services import case_open
from beredskab.intake.models import Report
from beredskab.taskforce import services
from beredskab.taskforce.models import Assignment, AssignmentRule, OwnerFlag
from beredskab.taskforce.owners_check import owners_check

pytestmark = pytest.mark.django_db

ADULT_CPR = "010195-1234"  # 31 years old in 2026: routed to the adult taskforce


def test_a_report_whose_assignment_hook_failed_is_assigned_by_the_periodic_check(roster, tf1, tf2, adult_report):
    with mock.patch("beredskab.taskforce.assignment.choose_owner", side_effect=RuntimeError("boom")):
        report = adult_report()
    report.refresh_from_db()
    assert report.needs_check and not Assignment.objects.filter(report=report).exists()
    owners_check()  # the arrival check has not run again yet: seen by the leaders only, flagged
    assert not Assignment.objects.filter(report=report).exists()
    assert OwnerFlag.objects.filter(report=report).exists()
    hold_waiting_reports()  # cron: the arrival check runs again
    owners_check()
    assignment = Assignment.objects.get(report=report)
    assert assignment.owner in {tf1, tf2} and assignment.rule == AssignmentRule.KEY
    assert OwnerFlag.objects.filter(report=report).count() == 1  # it has an owner now: not flagged again


def test_an_inquiry_nobody_could_take_is_assigned_once_someone_is_there(plan, unit, tf1, coordinator, adult_report):
    report = adult_report()
    assert Assignment.objects.get(report=report).rule == AssignmentRule.NOBODY
    services.member_add(actor=coordinator, unit=unit, user=tf1, role="key")
    owners_check()
    assert Assignment.objects.get(report=report).owner == tf1


def test_a_report_moved_into_the_adults_unit_is_assigned_there(plan, roster, tf1, tf2, adult_report):
    from beredskab.cases.tests.factories import make_report

    report = make_report()  # a child's report: no taskforce assignment
    assert not Assignment.objects.filter(report=report).exists()
    # moved as holds._route_to_case moves a report to the unit of the child's protected case
    Report.objects.filter(pk=report.pk).update(receiving_unit=Unit.objects.get(code="taskforce-voksne"))
    owners_check()
    assert Assignment.objects.get(report=report).owner in {tf1, tf2}


def test_two_arrivals_at_once_are_serialised_on_the_unit(roster, adult_report):
    """Fair rotation reads the load and then writes: two transactions at once (PostgreSQL) must
    not both read the same load. The unit's row is locked first."""
    original = QuerySet.select_for_update
    locked = []

    def spy(self, *args, **kwargs):
        locked.append(self.model)
        return original(self, *args, **kwargs)

    with mock.patch.object(QuerySet, "select_for_update", spy):
        adult_report()
    assert Unit in locked


@pytest.fixture
def protected_adult_case(roster, tf1, leader, adult_report):
    """A protected case in the adult taskforce, owned by and naming only tf1."""
    first = adult_report(subject_cpr=ADULT_CPR, subject_approximate_age=None)
    assignment = Assignment.objects.get(report=first)
    Assignment.objects.filter(pk=assignment.pk).update(owner=tf1)
    case = case_open(actor=leader, reports=[first], owner=tf1)
    return case_protect(actor=leader, case=case, reason="Familien har kontakt i forvaltningen.", members=[tf1])


def test_a_held_report_of_a_protected_case_is_never_assigned_to_someone_not_named(
    protected_adult_case, tf1, adult_report
):
    held = adult_report(subject_cpr=ADULT_CPR, subject_approximate_age=None)
    assert held.hold.case == protected_adult_case
    assert Assignment.objects.get(report=held).owner == tf1  # tf2 has fewer open, but may not see it


def test_a_new_case_from_a_held_report_never_gets_an_owner_not_named_on_the_protected_case(
    protected_adult_case, tf1, tf2, leader, adult_report
):
    held = adult_report(subject_cpr=ADULT_CPR, subject_approximate_age=None)
    Assignment.objects.filter(report=held).update(owner=tf2)  # assigned before the case was protected
    case = case_open(actor=leader, reports=[held], hold_release_reason="En ny og anden bekymring om hende.")
    assert case.owner != tf2
    assert case.owner in {leader, tf1}


def test_case_open_checks_a_suggested_owner_against_the_protected_case(protected_adult_case, tf2, leader, adult_report):
    """Whatever a provider suggests (cases' `suggests_owner` hook), the new case's owner must
    be allowed by the hold's protection: the check runs on the final owner."""
    held = adult_report(subject_cpr=ADULT_CPR, subject_approximate_age=None)
    with mock.patch("beredskab.cases.services.opening.suggested_owner", return_value=tf2):
        case = case_open(actor=leader, reports=[held], hold_release_reason="En ny og anden bekymring om hende.")
    assert case.owner == leader


def test_the_kind_of_absence_is_shown_only_to_those_who_keep_the_roster(client, roster, tf1, leader, away):
    away(roster["tf2"], kind="sickness")
    for page in ["vagtplan", "overblik"]:
        client.force_login(tf1)
        seen = client.get(f"/taskforce/taskforce-voksne/{page}/").content.decode()
        assert "Sygdom" not in seen and "Fraværende" in seen
    client.force_login(leader)
    assert "Sygdom" in client.get("/taskforce/taskforce-voksne/vagtplan/").content.decode()


def test_a_leader_not_named_on_a_protected_case_cannot_reassign_it_nor_learn_its_owner(
    protected_adult_case, tf1, make_user
):
    from beredskab.core.roles import Role
    from beredskab.taskforce.assignment import inquiry_reassign
    from beredskab.taskforce.errors import TaskforceError

    other_leader = make_user(Role.UNIT_LEADER, "taskforce-voksne", full_name="Lone Leder")
    unit = protected_adult_case.unit
    with pytest.raises(TaskforceError) as refused:
        inquiry_reassign(actor=other_leader, unit=unit, kind="case", pk=protected_adult_case.pk, owner=tf1)
    assert "Tariq" not in refused.value.reason and "beskyttet" not in refused.value.reason
    assert "ikke længere åben" in refused.value.reason


def test_absences_count_by_the_copenhagen_day_both_ends_inclusive(roster, tf1, tf2, coordinator, adult_report):
    """23:30 UTC on 1 December is already 2 December in Copenhagen: an absence from 2 December
    counts, one that ended 1 December does not; one ending that day still counts."""
    import datetime

    import time_machine

    dec = datetime.date(2026, 12, 1)
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC), tick=False):
        services.absence_add(
            actor=coordinator, member=roster["tf1"], kind="holiday", starts_on=dec, ends_on=dec
        )  # ended by 2 December
        services.absence_add(
            actor=coordinator,
            member=roster["tf2"],
            kind="course",
            starts_on=dec + datetime.timedelta(days=1),
            ends_on=dec + datetime.timedelta(days=1),
        )
    from beredskab.core.dates import today
    from beredskab.taskforce.staff import staff_for

    unit = roster["tf1"].unit
    with time_machine.travel(datetime.datetime(2026, 12, 1, 22, 30, tzinfo=datetime.UTC), tick=False):
        staff = staff_for(unit, today())  # 23:30 on 1 December in Copenhagen
        assert not staff.available(tf1.pk) and staff.available(tf2.pk)  # tf1's last day off: inclusive
    with time_machine.travel(datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC), tick=False):
        staff = staff_for(unit, today())  # 00:30 on 2 December
        assert staff.available(tf1.pk) and not staff.available(tf2.pk)
        assert Assignment.objects.get(report=adult_report()).owner == tf1


def test_a_member_taken_off_the_roster_in_another_tab_is_refused_not_a_crash(client, roster, leader):
    import datetime

    from beredskab.core.dates import today
    from beredskab.taskforce.errors import TaskforceError

    member = roster["tf1"]
    services.member_remove(actor=leader, member=member)
    with pytest.raises(TaskforceError):
        services.member_change_role(actor=leader, member=member, role="backup")
    with pytest.raises(TaskforceError):
        services.absence_add(
            actor=leader, member=member, kind="holiday", starts_on=today(), ends_on=today() + datetime.timedelta(days=1)
        )


def test_a_waiting_report_whose_owner_left_the_unit_stays_the_leaders_to_reassign(roster, tf1, tf2, adult_report):
    from beredskab.accounts.models import RoleAssignment

    report = adult_report()
    owner = Assignment.objects.get(report=report).owner
    RoleAssignment.objects.filter(user=owner).delete()
    owners_check()
    assert Assignment.objects.get(report=report).owner == owner  # not moved behind the leader's back
    assert OwnerFlag.objects.filter(report=report).exists()  # the leader is told


def test_a_waiting_report_held_for_a_protected_case_since_goes_to_someone_named(
    protected_adult_case, tf1, tf2, adult_report
):
    """Held after it was assigned (the case was protected later, or the hold ran late): the
    periodic check gives it to someone who may see it."""
    held = adult_report(subject_cpr=ADULT_CPR, subject_approximate_age=None)
    Assignment.objects.filter(report=held).update(owner=tf2)
    owners_check()
    assert Assignment.objects.get(report=held).owner == tf1


def test_the_absence_form_takes_nothing_from_the_address(client, roster, leader):
    """An address such as …/fravaer/?kind=sickness&member=… would put health data in logs and
    browser history: the form is never filled from the query string."""
    client.force_login(leader)
    page = client.get(f"/taskforce/taskforce-voksne/vagtplan/fravaer/?kind=sickness&member={roster['tf1'].pk}")
    html = page.content.decode()
    assert not re.search(r'value="sickness"[^>]*checked', html)
    assert not re.search(r"<option[^>]*selected[^>]*>Tariq", html)
