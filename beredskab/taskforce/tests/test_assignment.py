"""Never unowned: every adult inquiry gets an owner on arrival, by a stated rule."""

import pytest

from beredskab.audit.models import AuditEvent
from beredskab.cases.services import case_open
from beredskab.cases.tests.factories import make_report
from beredskab.taskforce.models import Assignment, AssignmentRule

pytestmark = pytest.mark.django_db


def _assignment(report) -> Assignment:
    return Assignment.objects.select_related("owner").get(report=report)


def test_both_key_employees_present_take_turns(roster, tf1, tf2, adult_report):
    first = _assignment(adult_report())
    second = _assignment(adult_report())
    third = _assignment(adult_report())
    assert first.rule == second.rule == AssignmentRule.KEY
    assert {first.owner, second.owner} == {tf1, tf2}  # the one with fewer open inquiries next
    assert third.owner == first.owner  # equal load: the one given one longest ago
    assert "2 af 2 nøglemedarbejdere til rådighed" in first.reason


def test_one_key_employee_absent(roster, tf1, tf2, away, adult_report):
    away(roster["tf1"])
    assignments = [_assignment(adult_report()) for _ in range(2)]
    assert {a.owner for a in assignments} == {tf2}
    assert all(a.rule == AssignmentRule.KEY for a in assignments)
    assert "1 af 2 nøglemedarbejdere til rådighed" in assignments[0].reason


def test_both_key_employees_absent_goes_to_the_backup(roster, backup, away, adult_report):
    away(roster["tf1"])
    away(roster["tf2"], kind="sickness")
    assignment = _assignment(adult_report())
    assert assignment.owner == backup and assignment.rule == AssignmentRule.BACKUP
    assert "bagvagten" in assignment.reason


def test_everyone_absent_goes_to_the_leader(roster, leader, away, adult_report):
    for member in roster.values():
        away(member, kind="course")
    assignment = _assignment(adult_report())
    assert assignment.owner == leader and assignment.rule == AssignmentRule.LEADER
    assert "enhedens leder" in assignment.reason


def test_a_key_employee_who_lost_the_role_is_passed_over(roster, tf1, tf2, adult_report):
    from beredskab.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=tf1).delete()
    assignment = _assignment(adult_report())
    assert assignment.owner == tf2


def test_nobody_at_all_is_recorded_and_shown_as_without_owner(plan, unit):
    assignment = _assignment(make_report(subject_cpr="", subject_approximate_age=30))
    assert assignment.owner is None and assignment.rule == AssignmentRule.NOBODY


def test_a_childs_report_gets_no_taskforce_assignment(plan, roster):
    report = make_report()
    assert report.receiving_unit.code == "straxen"
    assert not Assignment.objects.filter(report=report).exists()


def test_the_assignment_is_audited_in_the_reports_transaction(roster, adult_report):
    report = adult_report()
    assignment = _assignment(report)
    event = AuditEvent.objects.get(action="taskforce.inquiry_assigned")
    assert event.target_id == str(assignment.pk)
    assert event.new_values["rule"] == "key" and event.new_values["owner_id"] == assignment.owner_id
    assert event.person_ref == report.person_ref
    assert not report.needs_check


def test_a_case_opened_from_an_assigned_report_is_owned_by_the_assigned_person(roster, tf1, tf2, adult_report):
    report = adult_report()
    assigned = _assignment(report).owner
    colleague = tf2 if assigned == tf1 else tf1
    case = case_open(actor=colleague, reports=[report])  # a colleague opens it: the owner stays
    assert case.owner == assigned


def test_a_case_opened_when_the_assigned_person_is_away_is_owned_by_the_opener(roster, tf1, tf2, away, adult_report):
    report = adult_report()
    assigned = _assignment(report).owner
    away(roster["tf1"] if assigned == tf1 else roster["tf2"])
    colleague = tf2 if assigned == tf1 else tf1
    assert case_open(actor=colleague, reports=[report]).owner == colleague


def test_a_leader_can_still_choose_another_owner(roster, tf1, tf2, leader, adult_report):
    report = adult_report()
    assigned = _assignment(report).owner
    other = tf2 if assigned == tf1 else tf1
    assert case_open(actor=leader, reports=[report], owner=other).owner == other


def test_the_rule_and_reason_are_shown_on_the_overview(client, roster, tf1, adult_report):
    report = adult_report()
    assignment = _assignment(report)
    client.force_login(tf1)
    page = client.get(f"/taskforce/{assignment.unit.code}/overblik/").content.decode()
    assert report.reference in page
    assert "Nøglemedarbejder efter tur" in page and "nøglemedarbejdere til rådighed" in page


def test_a_case_moved_to_the_adults_track_gets_its_owner_by_the_taskforce_rule(
    plan, roster, tf1, tf2, backup, away, make_user
):
    """A leader's track correction of a children's case moves it to the taskforce, and the
    taskforce's rule names the owner in the same change: an available key employee, else the
    backup (audited with the rule)."""
    from beredskab.cases.models import Track
    from beredskab.cases.services import case_track_correct
    from beredskab.core.roles import Role

    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    children_leader = make_user(Role.UNIT_LEADER, "straxen")
    reason = "Personen er 30 år og hører til voksensporet, ikke til børne- og ungesporet."
    case = case_track_correct(
        actor=children_leader, case=case_open(actor=worker, reports=[make_report()]), track=Track.ADULTS, reason=reason
    )
    assert case.unit.code == "taskforce-voksne" and case.owner in {tf1, tf2}
    event = AuditEvent.objects.get(action="cases.case_track_corrected", target_id=str(case.pk))
    assert event.new_values["owner_id"] == case.owner.pk and event.new_values["owner_rule"] == AssignmentRule.KEY
    away(roster["tf1"])
    away(roster["tf2"])
    report = make_report(subject_cpr="", subject_name="Nadia Testesen")
    other = case_track_correct(
        actor=children_leader, case=case_open(actor=worker, reports=[report]), track=Track.ADULTS, reason=reason
    )
    assert other.owner == backup


def test_a_case_handed_over_at_18_is_owned_by_the_taskforce_rule(
    plan, roster, tf1, tf2, backup, leader, away, make_user
):
    """Never unowned at 18: the hand-over to the taskforce names the owner by the taskforce's rule
    in the same change (an available key employee, else the backup, else the unit's leader),
    audited with the rule."""
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from beredskab.cases.models import Track
    from beredskab.cases.services import case_hand_over_at_18
    from beredskab.core.roles import Role

    reason = "Den unge fylder 18 år og ønsker selv at fortsætte forløbet hos taskforcen for voksne."
    spring = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(spring, tick=False):
        worker = make_user(Role.CHILD_CASEWORKER, "straxen")
        children_leader = make_user(Role.UNIT_LEADER, "straxen")

        def hand_over(cpr):
            case = case_open(actor=worker, reports=[make_report(subject_cpr=cpr)])
            case_hand_over_at_18(
                actor=children_leader, case=case, to_unit=roster["tf1"].unit, reason=reason, consent="given"
            )
            case.refresh_from_db()
            return case

        case = hand_over("150609-4123")  # 18 on 15 June 2027 (synthetic)
        assert case.track == Track.ADULTS and case.unit.code == "taskforce-voksne" and case.owner in {tf1, tf2}
        event = AuditEvent.objects.get(action="cases.case_handed_over_at_18", target_id__isnull=False)
        assert event.new_values["owner_id"] == case.owner.pk and event.new_values["owner_rule"] == AssignmentRule.KEY
        away(roster["tf1"])
        away(roster["tf2"])
        assert hand_over("200709-4113").owner == backup
        away(roster["backup"])
        assert hand_over("100509-4107").owner == leader
