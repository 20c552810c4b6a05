"""The unit's queue: new reports by urgency and deadline, claiming and assigning, opening a case
from one or several reports, and earlier reports and cases about the same child."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases.errors import CaseError
from beredskab.cases.matching import matches_for_report
from beredskab.cases.models import Case, CaseReport
from beredskab.cases.selectors import queue_reports
from beredskab.cases.services import case_add_report, case_assign, case_claim, case_open

from .factories import CHILD_CPR, make_report, open_case

CPH = ZoneInfo("Europe/Copenhagen")
pytestmark = pytest.mark.usefixtures("plan")


def at(day, hour):
    return time_machine.travel(datetime.datetime(2026, 11, day, hour, 0, tzinfo=CPH), tick=False)


def test_acute_reports_come_first_then_the_nearest_deadline(worker):
    with at(23, 9):
        oldest = make_report(subject_cpr="", subject_name="Barn A")
    with at(23, 10):
        newer = make_report(subject_cpr="", subject_name="Barn B")
    with at(24, 8):
        acute = make_report(subject_cpr="", subject_name="Barn C", is_acute=True)
    assert [i.report for i in queue_reports(user=worker)] == [acute, oldest, newer]


def test_the_queue_page_masks_cpr_numbers_and_is_audited(client, worker):
    make_report()
    client.force_login(worker)
    page = client.get(reverse("cases:queue")).content.decode()
    assert "150611-xxxx" in page and CHILD_CPR not in page and "4233" not in page
    assert AuditEvent.objects.filter(action="cases.queue_viewed", actor_id=worker.pk).exists()


def test_another_units_reports_are_not_in_the_queue(other_worker):
    make_report()
    assert queue_reports(user=other_worker) == []


def test_a_worker_opens_a_case_and_claims_it(worker):
    report = make_report()
    case = case_open(actor=worker, reports=[report])
    assert case.owner == worker and case.unit.code == "straxen"
    assert case.subject_cpr_index == report.subject_cpr_index and case.subject_name == "Amira Testesen"
    assert case.reference == f"K-{datetime.date.today().year}-00001"
    assert queue_reports(user=worker) == []
    event = AuditEvent.objects.get(action="cases.case_opened")
    assert event.person_ref == report.person_ref and event.new_values["reports"] == [report.reference]
    assert "Amira" not in str(event.new_values)


def test_a_worker_cannot_open_a_case_for_someone_else_but_a_leader_can(worker, worker2, leader):
    report = make_report()
    with pytest.raises(CaseError, match="leder"):
        case_open(actor=worker, reports=[report], owner=worker2)
    case = case_open(actor=leader, reports=[report], owner=worker2)
    assert case.owner == worker2


def test_a_leader_cannot_assign_to_someone_outside_the_unit(leader, other_worker):
    with pytest.raises(CaseError, match="enhed"):
        case_open(actor=leader, reports=[make_report()], owner=other_worker)


def test_a_report_can_only_be_in_one_case(worker, worker2):
    report = make_report()
    case_open(actor=worker, reports=[report])
    with pytest.raises(CaseError, match="allerede"):
        case_open(actor=worker2, reports=[report])
    assert Case.objects.count() == 1


def test_another_unit_cannot_open_a_case_from_the_report(other_worker):
    with pytest.raises(CaseError, match="anden enhed"):
        case_open(actor=other_worker, reports=[make_report()])


def test_one_case_from_several_reports_about_the_same_child(worker):
    with at(23, 9):
        first = make_report()
    with at(24, 9):
        second = make_report(reporter_name="Pædagog Per")
    case = case_open(actor=worker, reports=[second, first])
    assert set(CaseReport.objects.filter(case=case).values_list("report", flat=True)) == {first.pk, second.pk}
    assert case.received_at == first.received_at  # the first clock started with the first report


def test_reports_about_different_cpr_numbers_are_not_merged(worker):
    with pytest.raises(CaseError, match="forskellige"):
        case_open(actor=worker, reports=[make_report(), make_report(subject_cpr="010110-4236")])


def test_claim_and_assign_an_unowned_case(worker, worker2, leader):
    case = open_case(worker)
    case_assign(actor=leader, case=case, owner=worker2)
    from beredskab.core.policies import PolicyDenied

    with pytest.raises(PolicyDenied):
        case_claim(actor=worker, case=case)  # it has an owner
    with pytest.raises(PolicyDenied):
        case_assign(actor=worker, case=case, owner=worker)  # only leaders assign
    Case.objects.filter(pk=case.pk).update(owner=None)
    case_claim(actor=worker, case=Case.objects.get(pk=case.pk))
    assert Case.objects.get(pk=case.pk).owner == worker
    assert AuditEvent.objects.filter(action="cases.case_claimed").exists()
    assert AuditEvent.objects.filter(action="cases.case_assigned").exists()


def test_earlier_reports_and_cases_are_found_by_cpr(worker):
    with at(1, 9):
        earlier_case = open_case(worker)
    with at(10, 9):
        earlier_report = make_report(reporter_name="Anden lærer")
    with at(20, 9):
        new = make_report()
    matches = matches_for_report(user=worker, report=new)
    assert matches.by_cpr
    assert matches.cases == [earlier_case]
    assert matches.reports == [earlier_report]


def test_earlier_reports_are_found_by_name_and_birth_date_without_cpr(worker):
    birth = datetime.date(2011, 6, 15)
    earlier = make_report(subject_cpr="", subject_birth_date=birth, subject_name="Amira  TESTESEN")
    other = make_report(subject_cpr="", subject_birth_date=birth, subject_name="Nour Testesen")  # noqa: F841
    new = make_report(subject_cpr="", subject_birth_date=birth, subject_name="amira testesen")
    matches = matches_for_report(user=worker, report=new)
    assert matches.reports == [earlier]


def test_matches_in_units_the_user_cannot_see_are_only_counted(worker, other_worker):
    open_case(worker)
    new = make_report()
    matches = matches_for_report(user=other_worker, report=new)
    assert matches.cases == [] and matches.reports == [] and matches.hidden_count == 1


def test_a_further_report_is_added_to_the_open_case(worker):
    case = open_case(worker)
    report = make_report(reporter_name="Pædagog Per")
    case_report = case_add_report(actor=worker, case=case, report=report)
    assert case_report.case == case and case_report.urgent_assessment is None


# --- pages -------------------------------------------------------------------------------


def test_the_visitation_page_shows_earlier_reports_and_opens_a_case_from_several(client, worker):
    with at(10, 9):
        earlier = make_report(reporter_name="Anden lærer")
    with at(20, 9):
        new = make_report()
    client.force_login(worker)
    url = reverse("cases:queue_report", args=[new.reference])
    page = client.get(url).content.decode()
    assert earlier.reference in page and "150611-xxxx" in page and CHILD_CPR not in page
    assert AuditEvent.objects.filter(action="cases.queue_report_viewed", person_ref=new.person_ref).exists()

    response = client.post(
        reverse("cases:queue_open_case", args=[new.reference]), {"open-reports": [new.reference, earlier.reference]}
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[case.reference])
    assert case.case_reports.count() == 2 and case.owner == worker


def test_the_visitation_page_refuses_an_empty_choice_and_keeps_the_page(client, worker):
    report = make_report()
    client.force_login(worker)
    response = client.post(reverse("cases:queue_open_case", args=[report.reference]), {"open-reports": []})
    assert response.status_code == 400 and not Case.objects.exists()


def test_a_leader_assigns_from_the_visitation_page(client, leader, worker2):
    report = make_report()
    client.force_login(leader)
    page = client.get(reverse("cases:queue_report", args=[report.reference])).content.decode()
    assert worker2.full_name in page
    client.post(
        reverse("cases:queue_open_case", args=[report.reference]),
        {"open-reports": [report.reference], "open-owner": worker2.pk},
    )
    assert Case.objects.get().owner == worker2


def test_the_visitation_page_adds_a_report_to_an_open_case(client, worker):
    case = open_case(worker)
    report = make_report(reporter_name="Pædagog Per")
    client.force_login(worker)
    response = client.post(reverse("cases:queue_add_to_case", args=[report.reference]), {"add-case": case.reference})
    assert response.status_code == 302
    assert CaseReport.objects.get(report=report).case == case


def test_another_units_report_is_not_found(client, other_worker):
    report = make_report()
    client.force_login(other_worker)
    assert client.get(reverse("cases:queue_report", args=[report.reference])).status_code == 404
    assert client.post(reverse("cases:queue_open_case", args=[report.reference]), {}).status_code == 404
