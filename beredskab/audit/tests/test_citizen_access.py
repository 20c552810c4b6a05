"""The citizen's access log: look-ups on a person by date and purpose, without staff names."""

import datetime
import io

import pytest
import time_machine
from pypdf import PdfReader

from beredskab.audit import audit_actions
from beredskab.audit.models import AuditEvent
from beredskab.audit.purposes import Purpose
from beredskab.audit.registry import ActionKind, register
from beredskab.audit.services import audit_record
from beredskab.core.crypto import person_ref_for_cpr
from beredskab.core.roles import Role

pytestmark = pytest.mark.django_db

PERSON_VIEWED = register("tests.person_viewed", "Person vist (test)", ActionKind.READ)
PERSON_CHANGED = register("tests.person_changed", "Person ændret (test)", ActionKind.WRITE)
CPR = "010203-1234"
URL = "/revision/borgerindsigt/"


@pytest.fixture
def auditor_client(client, make_user):
    client.force_login(make_user(Role.AUDITOR, full_name="Rasmus Revisor"))
    return client


@pytest.fixture
def lookups(make_user, org):
    """Look-ups on the citizen by a named case worker, at three moments, plus noise."""
    worker = make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Sara Sagsbehandler")
    person = person_ref_for_cpr(CPR)
    moments = [
        (datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), Purpose.INTAKE),
        (datetime.datetime(2026, 3, 2, 13, tzinfo=datetime.UTC), Purpose.INTAKE),
        (datetime.datetime(2026, 3, 4, 8, tzinfo=datetime.UTC), Purpose.EMERGENCY),
        (datetime.datetime(2026, 3, 4, 9, tzinfo=datetime.UTC), "fri tekst om en nabo"),
    ]
    for moment, purpose in moments:
        with time_machine.travel(moment):
            audit_record(actor=worker, action=PERSON_VIEWED, person_ref=person, purpose=purpose)
    audit_record(actor=worker, action=PERSON_CHANGED, person_ref=person, purpose=Purpose.CASE_WORK)  # a write
    audit_record(actor=worker, action=PERSON_VIEWED, person_ref=person_ref_for_cpr("020304-5678"))  # someone else
    return person


def test_html_overview_groups_lookups_by_day_and_purpose_without_names(auditor_client, lookups):
    response = auditor_client.post(URL, {"cpr": CPR, "output": "html"})
    assert response.status_code == 200
    rows = [(r.date, r.purpose, r.count) for r in response.context["log"].rows]
    assert rows == [
        (datetime.date(2026, 3, 2), "Modtagelse og visitation af henvendelse", 2),
        (datetime.date(2026, 3, 4), "Andet formål", 1),  # free text is never shown
        (datetime.date(2026, 3, 4), "Nødadgang", 1),
    ]
    body = response.content.decode()
    assert "2. marts 2026" in body and "Nødadgang" in body
    assert "Sara" not in body and "fri tekst" not in body
    assert "010203-xxxx" in body


def test_export_is_audited_as_a_citizen_request_on_that_person(auditor_client, lookups):
    auditor_client.post(URL, {"cpr": CPR, "output": "csv"})
    event = AuditEvent.objects.latest("seq")
    assert event.action == audit_actions.ACCESS_LOG_EXPORTED.name
    assert event.purpose == Purpose.CITIZEN_REQUEST
    assert event.person_ref == lookups
    assert event.actor_name == "Rasmus Revisor"
    assert event.new_values == {"output": "csv", "rows": 3, "references": 1, "warned": False}
    assert "0102031234" not in str(event.new_values)


def test_a_second_export_lists_the_first_one(auditor_client, lookups):
    auditor_client.post(URL, {"cpr": CPR, "output": "html"})
    response = auditor_client.post(URL, {"cpr": CPR, "output": "html"})
    assert "Borgerens anmodning om indsigt" in [r.purpose for r in response.context["log"].rows]


def test_csv_download(auditor_client, lookups):
    response = auditor_client.post(URL, {"cpr": CPR, "output": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="opslag-paa-dine-oplysninger-')
    assert "0102031234" not in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines() == [
        "Dato;Formål;Antal opslag",
        "2026-03-02;Modtagelse og visitation af henvendelse;2",
        "2026-03-04;Andet formål;1",
        "2026-03-04;Nødadgang;1",
    ]
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read it as UTF-8


def test_pdf_download_renders_danish_letters(auditor_client, lookups):
    response = auditor_client.post(URL, {"cpr": CPR, "output": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Oversigt over opslag på dine oplysninger" in text
    assert "Nødadgang" in text and "Ishøj Kommune" in text and "æresrelaterede" in text
    assert "2. marts 2026" in text and "010203-xxxx" in text
    assert "Sara" not in text and "0102031234" not in text
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/BaseFont" in font.get_object()
    }
    assert any("IBM-Plex-Sans" in name or "DejaVu" in name for name in fonts), fonts  # the house fonts, with æøå


def test_person_without_lookups_gets_an_empty_overview(auditor_client, org):
    response = auditor_client.post(URL, {"cpr": "311299-9999", "output": "html"})
    assert response.context["log"].rows == []
    assert "Der er ikke registreret opslag" in response.content.decode()


def test_cpr_is_required_and_validated_in_danish(auditor_client):
    response = auditor_client.post(URL, {"cpr": "", "output": "pdf"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Skriv borgerens CPR-nummer, eller navn og fødselsdato." in response.content.decode()
    response = auditor_client.post(URL, {"cpr": "0102", "output": "csv"})
    assert "Skriv CPR-nummeret som 10 cifre" in response.content.decode()
    assert not AuditEvent.objects.filter(action=audit_actions.ACCESS_LOG_EXPORTED.name).exists()


def test_cpr_is_sent_by_post_never_in_the_url(auditor_client):
    body = auditor_client.get(URL).content.decode()
    assert '<form method="post" novalidate class="beredskab-form">' in body  # posts to this page, by POST
    # A CPR number in the query string is ignored, not used.
    response = auditor_client.get(URL + "?cpr=0102031234&output=csv")
    assert response["Content-Type"].startswith("text/html") and response.context["log"] is None
