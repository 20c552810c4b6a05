"""Error pages across the project (issue 12, item 10): every error page is our own: Danish, a
way back, the quick exit for the public, nothing the request carried; a CSRF failure, an upload
Django will not read in whole and a change of language never throw away what was typed into the
public report form. (Forms themselves: test_forms.py.)"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from beredskab.core.roles import Role
from beredskab.intake.models import Report

pytestmark = pytest.mark.django_db

# --- error pages -----------------------------------------------------------------------------


def _secure_client(**kwargs) -> Client:
    return Client(enforce_csrf_checks=True, **kwargs)


@pytest.fixture
def https():
    """An HTTPS request (where Django's CSRF check asks for a Referer when there is no Origin)."""
    return {"secure": True}


def _csrf_token(client, url, https) -> str:
    html = client.get(url, **https).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _report_data(token: str, submission_token: str) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "submission_token": submission_token,
        "is_acute": "no",
        "reporter_kind": "private",
        "reporter_anonymous": "on",
        "subject_name": "Amira Testesen",
        "subject_knows": "unknown",
        "family_knows": "unknown",
        "narrative": "Hun bliver hentet af sin bror hver dag og må ikke tale med nogen.",
    }


def test_a_csrf_failure_without_referer_is_our_own_danish_page_with_a_way_back(client, ishoj_plan, https):
    csrf = _secure_client()
    token = _csrf_token(csrf, "/konto/login/", https)
    response = csrf.post("/konto/login/", {"csrfmiddlewaretoken": token, "username": "a@b.dk"}, **https)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Det, du sendte, blev ikke modtaget" in html and 'lang="da"' in html
    assert "CSRF" not in html and "Referer" not in html and "a@b.dk" not in html  # no technical page, no input
    assert 'href="/konto/login/"' in html  # back to the page
    assert 'id="quick-exit"' in html and "js/quick-exit.js" in html  # a visitor who is not logged in


def test_a_csrf_failure_for_a_logged_in_worker_has_no_quick_exit(client, make_user, https):
    csrf = _secure_client()
    csrf.force_login(make_user(Role.CHILD_CASEWORKER, "straxen"))
    response = csrf.post("/konto/logout/", {}, **https)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Det, du sendte, blev ikke modtaget" in html and 'id="quick-exit"' not in html
    assert 'href="/"' in html  # logout takes a post only: back is the front page


def test_a_csrf_failure_on_the_public_form_shows_it_again_with_what_was_typed(client, ishoj_plan, org, https):
    csrf = _secure_client()
    html = csrf.get("/underretning/ny/", **https).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    submission = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    data = _report_data(token, submission)
    # A browser that sends no Referer (and no Origin): the post is refused, but the form comes back.
    response = csrf.post("/underretning/ny/", data, HTTP_SEC_FETCH_SITE="same-origin", **https)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Amira Testesen" in page and "Hun bliver hentet af sin bror" in page
    assert "kunne bekræfte, at det kom fra denne side" in page
    assert 'id="quick-exit"' in page
    assert Report.objects.count() == 0
    # From another site (no Sec-Fetch-Site: same-origin) nothing is shown back.
    foreign = csrf.post("/underretning/ny/", data, HTTP_SEC_FETCH_SITE="cross-site", **https)
    assert foreign.status_code == 403 and "Amira Testesen" not in foreign.content.decode()
    # With the Referer a browser normally sends, the same post is received.
    sent = csrf.post("/underretning/ny/", data, HTTP_REFERER="https://testserver/underretning/ny/", **https)
    assert sent.status_code == 302 and Report.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "status", "heading", "public"),
    [
        ("/findes-ikke/", 404, "Siden findes ikke", True),
        ("/underretning/kvittering/U-2026-99999/", 404, "Siden findes ikke", True),
    ],
)
def test_error_pages_are_our_own_with_the_quick_exit_for_the_public(client, url, status, heading, public):
    response = client.get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert heading in html and "dkfds.min.css" in html and 'lang="da"' in html
    assert ('id="quick-exit"' in html) is public and "ring 112" in html
    assert "U-2026-99999" not in html  # nothing the request carried


def test_the_403_page_is_our_own(client, make_user):
    client.force_login(make_user(Role.FRONTLINE, "skole-demo"))
    response = client.get(reverse("intake:unit_reports"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Ingen adgang" in html and 'id="quick-exit"' not in html and "Gå til forsiden" in html


def test_the_500_page_is_our_own_with_the_quick_exit(client):
    from beredskab.core.views import server_error

    response = server_error(RequestFactory().get("/underretning/ny/?navn=Amira"))
    html = response.content.decode()
    assert response.status_code == 500 and "Der opstod en fejl" in html
    assert 'id="quick-exit"' in html and 'href="https://' in html and "Amira" not in html


# --- uploads Django will not read in whole ---------------------------------------------------


def _multipart(fields: dict, files=()) -> tuple[bytes, str]:
    """A multipart body as a browser sends it: text fields first, then the files."""
    boundary = "----BeredskabTestBoundary"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, content in files:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(head.encode() + b"Content-Type: application/pdf\r\n\r\n" + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def report_page(client, ishoj_plan, org):
    html = client.get("/underretning/ny/").content.decode()
    submission = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    return _report_data("", submission)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("long_file_name", "et filnavn er for langt"),
        ("too_many_files", "flere filer, end vi kan modtage"),
        ("too_many_fields", "flere felter, end vi kan modtage"),
        ("too_much_text", "fylder mere, end vi kan modtage"),
    ],
)
def test_an_upload_over_djangos_limits_shows_the_form_again_with_the_text_kept(
    client, report_page, settings, case, message
):
    fields, files = dict(report_page), []
    if case == "long_file_name":
        files = [("attachments", "notat-" + "meget-langt-navn-" * 80 + ".pdf", b"%PDF-1.7 notat")]
    elif case == "too_many_files":
        settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
        files = [("attachments", f"notat{n}.pdf", b"%PDF-1.7 notat") for n in range(3)]
    elif case == "too_many_fields":
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = len(fields) + 1
        fields.update({f"ekstra{n}": "x" for n in range(5)})
    else:
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5000
        fields["other_children"] = "Søskende. " * 600  # after the name and the narrative? no: the last text
    body, content_type = _multipart(fields, files)
    response = client.generic("POST", "/underretning/ny/", body, content_type=content_type)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="Amira Testesen"' in html and "Hun bliver hentet af sin bror" in html
    assert Report.objects.count() == 0
    assert "Send underretningen" in html  # the form itself, not an error page


def test_an_upload_over_the_limits_elsewhere_gets_our_own_400_page(client, make_user, settings):
    """A form not made to show itself again: our 400 page says what happened and what to do."""
    client.force_login(make_user(Role.AUDITOR))
    body, content_type = _multipart({"cpr": "x"}, [("fil", "a" * 2000 + ".pdf", b"%PDF")])
    response = client.generic("POST", reverse("audit:citizen_access"), body, content_type=content_type)
    assert response.status_code == 400
    html = response.content.decode()
    assert "et filnavn er for langt" in html and "tilbage-knap" in html and "dkfds.min.css" in html


def test_too_much_text_in_a_staff_form_gets_our_own_400_page_saying_what_to_do(client, ishoj_plan, make_user, settings):
    from beredskab.cases.tests.factories import open_case

    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    case = open_case(worker)
    client.force_login(worker)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(reverse("cases:journal_add", args=[case.reference]), {"body": "Notat. " * 500})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Teksten fylder mere, end vi kan modtage" in html and "tilbage-knap" in html
    assert "Notat." not in html and case.reference not in html


def test_an_upload_within_the_limits_is_received_as_before(client, report_page, settings):
    settings.CLAMD_SOCKET = settings.CLAMD_HOST = ""  # no scanner here: the scan has its own tests
    attachment = SimpleUploadedFile("notat.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    response = client.post("/underretning/ny/", {**report_page, "attachments": attachment})
    assert response.status_code == 302
    assert Report.objects.get().attachments.count() == 1


# --- the language switch on the report form --------------------------------------------------


def test_switching_language_on_the_report_form_keeps_what_was_typed(client, report_page):
    html = client.get("/underretning/ny/").content.decode()
    assert 'form="report-form"' in html and 'name="skift_sprog"' in html
    response = client.post("/underretning/ny/", {**report_page, "skift_sprog": "en"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="en"' in page
    assert 'value="Amira Testesen"' in page and "Hun bliver hentet af sin bror" in page
    assert "form-error-message" not in page  # a language switch is no submission
    assert f'value="{report_page["submission_token"]}"' in page  # the same report, if sent twice
    assert Report.objects.count() == 0
    assert client.cookies["django_language"].value == "en"
    back = client.post("/underretning/ny/", {**report_page, "skift_sprog": "da"})
    assert 'lang="da"' in back.content.decode() and 'value="Amira Testesen"' in back.content.decode()
