import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from beredskab.audit.models import AuditEvent
from beredskab.intake.models import Report
from beredskab.intake.services import report_submit

from .test_services import _input

TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
pytestmark = pytest.mark.usefixtures("ishoj_plan", "org")


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(TUESDAY_10, tick=False):
        yield


def _post_data(token=None, **overrides):
    data = {
        "submission_token": str(token or uuid.uuid4()),
        "reporter_kind": "professional",
        "reporter_name": "Lærer Lis",
        "reporter_organisation": "Demoskolen",
        "reporter_role": "Lærer",
        "reporter_phone": "12345678",
        "subject_name": "Amira Testesen",
        "subject_cpr": "150611-4233",
        "subject_knows": "no",
        "family_knows": "no",
        "is_acute": "no",
        "narrative": "Hun må ikke deltage i lejrskolen.",
    }
    data.update(overrides)
    return data


def test_start_asks_about_danger_and_sends_yes_to_the_acute_card(client):
    page = client.get("/underretning/")
    assert "Er nogen i fare lige nu?" in page.content.decode()
    assert client.get("/underretning/", {"danger": "yes"})["Location"] == "/underretning/akut/"
    assert client.get("/underretning/", {"danger": "no"})["Location"] == "/underretning/ny/"
    acute = client.get("/underretning/akut/").content.decode()
    assert "112" in acute and "ressourceperson" in acute


def test_the_form_shows_the_plans_warning_signs(client, ishoj_plan):
    body = client.get("/underretning/ny/").content.decode()
    sign = ishoj_plan.target_groups.first().warning_signs.first()
    assert sign.text[:30] in body
    assert 'name="submission_token"' in body


def test_a_valid_report_is_saved_and_the_receipt_is_shown_in_the_same_session_only(client):
    response = client.post("/underretning/ny/", _post_data())
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/underretning/kvittering/{report.reference}/"
    receipt = client.get(response["Location"]).content.decode()
    assert report.reference in receipt and "StraXen" in receipt and "24 timer" in receipt and "6 arbejdsdage" in receipt
    assert "Amira" not in receipt and "150611" not in receipt

    from django.test import Client

    assert Client().get(response["Location"]).status_code == 404


def test_receipt_pdf_is_a_real_pdf(client):
    response = client.post("/underretning/ny/", _post_data())
    pdf = client.get(response["Location"] + "pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_posting_the_same_form_twice_creates_one_report(client):
    data = _post_data()
    first = client.post("/underretning/ny/", data)
    second = client.post("/underretning/ny/", data)
    assert Report.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_errors_are_shown_next_to_fields_and_everything_typed_is_kept(client):
    upload = SimpleUploadedFile("notat.pdf", b"%PDF-1.7")
    data = _post_data(subject_cpr="320101-1234", narrative="Det jeg så\x00 i går", subject_address="Testvej 1")
    response = client.post("/underretning/ny/", {**data, "attachments": upload})
    body = response.content.decode()
    assert response.status_code == 400
    assert Report.objects.count() == 0
    assert "gyldig fødselsdato" in body
    assert 'value="Testvej 1"' in body and "Det jeg så i går" in body and 'value="320101-1234"' in body
    assert "Vedhæft dine bilag igen" in body
    assert 'aria-invalid="true"' in body


@pytest.mark.parametrize(
    "payload",
    [
        {"submission_token": "ikke-en-uuid"},
        {"reporter_kind": "hacker"},
        {"observed_signs": ["sign-999999"]},
        {"subject_approximate_age": "1e309"},
        {"subject_birth_date": "31-02-2012\x00"},  # control characters are removed: an impossible date
        {"narrative": "x" * 30000},
    ],
)
def test_hostile_input_never_gives_a_500(client, payload):
    response = client.post("/underretning/ny/", _post_data(**payload))
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_the_public_form_is_rate_limited_without_losing_what_was_typed(client, settings):
    settings.INTAKE_REPORTS_PER_HOUR = 1
    client.post("/underretning/ny/", _post_data())
    response = client.post("/underretning/ny/", _post_data(subject_address="Andenvej 2"))
    assert response.status_code == 429
    assert 'value="Andenvej 2"' in response.content.decode()
    assert Report.objects.count() == 1


def test_csrf_is_enforced():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/underretning/ny/", _post_data())
    assert response.status_code == 403


def test_staff_form_needs_the_capability(client, make_user):
    client.force_login(make_user("frontline", "skole-demo"))
    assert client.get("/underretning/registrer/").status_code == 403
    worker = make_user("child_caseworker", "straxen")
    client.force_login(worker)
    response = client.post("/underretning/registrer/", _post_data())
    assert response.status_code == 302
    assert Report.objects.get().registered_by == worker


def test_unit_list_and_detail_follow_need_to_know(client, make_user):
    child_report, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input())
    adult_report, _ = report_submit(
        actor=None, token=uuid.uuid4(), data=_input(subject_cpr="", subject_approximate_age=40)
    )
    straxen = make_user("child_caseworker", "straxen")
    client.force_login(straxen)

    listing = client.get("/underretning/modtagne/").content.decode()
    assert child_report.reference in listing and adult_report.reference not in listing
    assert "Amira" not in listing

    detail = client.get(f"/underretning/modtagne/{child_report.reference}/")
    assert detail.status_code == 200 and "Amira Testesen" in detail.content.decode()
    assert client.get(f"/underretning/modtagne/{adult_report.reference}/").status_code == 404
    event = AuditEvent.objects.filter(action="intake.report_viewed").get()
    assert event.actor_id == straxen.pk and event.person_ref == child_report.person_ref and event.purpose


@pytest.mark.parametrize(
    ("role", "unit", "status"),
    [
        (None, None, 302),
        ("frontline", "skole-demo", 403),
        ("plan_coordinator", None, 403),
        ("auditor", None, 403),
        ("child_caseworker", "familieraadgivning", 404),
        ("adult_taskforce", "taskforce-voksne", 404),
        ("unit_leader", "straxen", 200),
    ],
)
def test_report_detail_for_every_role(client, make_user, role, unit, status):
    report, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input())
    if role:
        client.force_login(make_user(role, unit))
    assert client.get(f"/underretning/modtagne/{report.reference}/").status_code == status


def test_attachments_are_served_only_to_the_unit_and_audited(client, make_user):
    upload = SimpleUploadedFile("notat.pdf", b"%PDF-1.7 indhold", content_type="application/pdf")
    report, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input(), files=[upload])
    attachment = report.attachments.get()
    url = f"/underretning/modtagne/{report.reference}/bilag/{attachment.pk}/"
    client.force_login(make_user("child_caseworker", "familieraadgivning"))
    assert client.get(url).status_code == 404
    client.force_login(make_user("child_caseworker", "straxen"))
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 indhold"
    assert AuditEvent.objects.filter(action="intake.attachment_downloaded", target_id=str(attachment.pk)).exists()


def test_the_same_form_sent_again_with_another_child_is_a_report_of_its_own(client):
    """A second report sent from a page that still carries the first one's token (a duplicated
    tab, "back") is never swallowed by the first (helper-13, attack on issue 12)."""
    token = uuid.uuid4()
    first = client.post("/underretning/ny/", _post_data(token=token))
    again = client.post("/underretning/ny/", _post_data(token=token))  # a double click: one report
    second = client.post(
        "/underretning/ny/",
        _post_data(token=token, subject_name="Bror Testesen", subject_cpr="", narrative="Lillebror er også truet."),
    )
    assert first.status_code == again.status_code == second.status_code == 302
    assert again["Location"] == first["Location"] != second["Location"]
    assert sorted(Report.objects.values_list("subject_name", flat=True)) == ["Amira Testesen", "Bror Testesen"]
