"""No adult is handled or written to under children's law (issue 14): every page, PDF and e-mail
an adult's case can produce is walked, and none of them says "barnets lov", "Barnet",
"børnefaglig", "§ 136", "§ 137" or "forældre"."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from beredskab.cases import services
from beredskab.cases.models import CaseReport, NetworkStep
from beredskab.cases.reminders import deadline_reminders_send
from beredskab.cases.tests.factories import CHILDRENS_LAW_WORDS as FORBIDDEN
from beredskab.core.roles import Role
from beredskab.intake.notifications import notification_text

from .factories import add_parent, approved_assessment, make_adult_report, open_adult_case, refresh

pytestmark = pytest.mark.usefixtures("plan")

FORBIDDEN_ANY_CASE = ("barnets lov", "børnefaglig", "forældre")


def problems(where: str, text: str) -> list[str]:
    """Each forbidden word in `text`, with the words around it."""
    text = " ".join(text.split())
    found = []
    for word in FORBIDDEN + FORBIDDEN_ANY_CASE:
        flags = re.I if word in FORBIDDEN_ANY_CASE else 0
        for hit in re.finditer(re.escape(word), text, flags):
            found.append(f"{where}: {word!r} in “…{text[max(0, hit.start() - 50) : hit.end() + 30]}…”")
    return sorted(set(found))


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def taskforce(make_user):
    return make_user(Role.ADULT_TASKFORCE, "taskforce-voksne", full_name="Tariq Taskforce")


@pytest.fixture
def adult_leader(make_user):
    return make_user(Role.UNIT_LEADER, "taskforce-voksne", full_name="Leif Leder")


def _fetch(client, url) -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    if response["Content-Type"] == "application/pdf":
        return url, pdf_text(response.content)
    return url, response.content.decode()


def _case_urls(case, person, cr, assessment, step) -> list[str]:
    ref = case.reference
    urls = [
        reverse("cases:detail", args=[ref]),
        reverse("cases:subject", args=[ref]),
        reverse("cases:person_add", args=[ref]),
        reverse("cases:person_edit", args=[ref, person.pk]),
        reverse("cases:journal_add", args=[ref]),
        reverse("cases:task_add", args=[ref]),
        reverse("cases:decision_add", args=[ref]),
        reverse("cases:intervention_add", args=[ref]),
        reverse("cases:share_add", args=[ref]),
        reverse("cases:restriction_add", args=[ref]),
        reverse("cases:close", args=[ref]),
        reverse("cases:receipt_letter", args=[ref, cr.pk]),
        reverse("risk:detail", args=[ref, assessment.version]),
        reverse("risk:export", args=[ref, assessment.version]),
        reverse("risk:consultation_add", args=[ref]),
        reverse("cases:file_access_export", args=[ref, step.pk, person.pk]),
        reverse("cases:mine"),
        reverse("cases:unit"),
        reverse("cases:deadlines"),
        reverse("cases:queue"),
        reverse("intake:unit_reports"),
        reverse("intake:report_detail", args=[cr.report.reference]),
    ]
    urls += [reverse("cases:network_step", args=[ref, slug]) for slug in ("kontakt", "brev", "moede", "dokumenter")]
    return urls


def _leader_urls(case) -> list[str]:
    ref = case.reference
    return [
        reverse("cases:assign", args=[ref]),
        reverse("cases:protection", args=[ref]),
        reverse("cases:track", args=[ref]),
        reverse("risk:override", args=[ref]),
        reverse("risk:not_involved", args=[ref]),
    ]


def _adult_case_in_use(taskforce, adult_leader):
    """An adult's case with a network person, an approved risk assessment, a file access step."""
    case = open_adult_case(taskforce)
    person = add_parent(case, taskforce, name="Bror Voksensen", relation="sibling")
    assessment = approved_assessment(refresh(case), taskforce, adult_leader)
    step = services.network_step_record(
        actor=taskforce,
        case=refresh(case),
        kind="file_access",
        occurred_on=datetime.date.today(),
        summary="Aktindsigt efter anmodning.",
        people=[person],
    )
    return refresh(case), person, assessment, step


def test_every_page_pdf_and_email_of_an_adult_case_speaks_of_the_citizen(client, taskforce, adult_leader):
    case, person, assessment, step = _adult_case_in_use(taskforce, adult_leader)
    waiting = make_adult_report(subject_name="Nadia Voksensen", subject_cpr="030391-1234")  # in the queue
    cr = CaseReport.objects.get(case=case)
    found: list[str] = []
    client.force_login(taskforce)
    pages = [_fetch(client, url) for url in _case_urls(case, person, cr, assessment, step)]
    pages.append(_fetch(client, reverse("cases:queue_report", args=[waiting.reference])))
    client.force_login(adult_leader)
    pages += [_fetch(client, url) for url in _leader_urls(case)]
    client.logout()
    session = client.session
    session["intake_receipts"] = [waiting.reference]  # as the public form leaves it
    session.save()
    pages.append(_fetch(client, reverse("intake:receipt", args=[waiting.reference])))
    pages.append(_fetch(client, reverse("intake:receipt_pdf", args=[waiting.reference])))
    for url, text in pages:
        found += problems(url, visible_text(text))
    subject, body = notification_text(waiting)
    found += problems("new-report e-mail", f"{subject}\n{body}")
    mail.outbox.clear()
    deadline_reminders_send(now=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30))
    for message in mail.outbox:
        found += problems("reminder e-mail", f"{message.subject}\n{message.body}")
    assert not found, "\n".join(found)


def test_a_closed_adult_case_and_its_reopening_speak_of_the_citizen(client, taskforce):
    case = open_adult_case(taskforce)
    services.case_close(actor=taskforce, case=case, outcome="no_further_action", note="")
    client.force_login(taskforce)
    found = []
    for url in (reverse("cases:detail", args=[case.reference]), reverse("cases:reopen", args=[case.reference])):
        found += problems(url, visible_text(_fetch(client, url)[1]))
    assert not found, "\n".join(found)


def test_the_words_check_finds_childrens_words():
    assert problems("x", "Efter barnets lov § 137 ...") and problems("x", "Forældre og netværk")
    assert not problems("x", "Borgeren og familie og netværk (serviceloven)")
    assert NetworkStep  # the step model is walked through its export above


def test_the_public_receipt_for_an_adult_promises_what_serviceloven_gives(client, settings, org):
    settings.CASES_ADULT_CONTACT_WORKING_DAYS = {"default": 3, "taskforce-voksne": 2}
    report = make_adult_report()
    session = client.session
    session["intake_receipts"] = [report.reference]
    session.save()
    html = client.get(reverse("intake:receipt", args=[report.reference])).content.decode()
    page = " ".join(visible_text(html).split())
    assert "Tak. Vi har modtaget din henvendelse" in page
    assert "serviceloven" in page and "inden for 2 arbejdsdage" in page and "rådgivning og vejledning" in page
    assert "24 timer" not in page and "kvittering fra kommunen" not in page
    pdf = " ".join(pdf_text(client.get(reverse("intake:receipt_pdf", args=[report.reference])).content).split())
    assert "Kvittering for henvendelse" in pdf and "serviceloven" in pdf and "24 timer" not in pdf
    subject, body = notification_text(report)
    assert subject.startswith("Ny henvendelse venter") and "ny underretning" not in body


def test_the_receipt_letter_on_an_adult_case_offers_counselling(client, taskforce):
    case = open_adult_case(taskforce)
    client.force_login(taskforce)
    cr = CaseReport.objects.get(case=case)
    response = client.get(reverse("cases:receipt_letter", args=[case.reference, cr.pk]))
    letter = " ".join(pdf_text(response.content).split())
    assert "Kvittering for din henvendelse" in letter
    assert "rådgivning og vejledning efter serviceloven" in letter and "inden for 3 arbejdsdage" in letter


def test_the_risk_assessment_pages_of_an_adult_case_speak_of_the_citizen(client, taskforce, adult_leader):
    from beredskab.cases.risk.services import risk_assessment_start

    from .factories import complete_assessment

    case = open_adult_case(taskforce)
    risk_assessment_start(actor=taskforce, case=case)
    client.force_login(taskforce)
    found = problems("risk:edit", visible_text(_fetch(client, reverse("risk:edit", args=[case.reference, 1]))[1]))
    other = open_adult_case(taskforce, subject_cpr="030391-1234", subject_name="Nadia Voksensen")
    complete_assessment(other, taskforce)
    client.force_login(adult_leader)
    url = reverse("risk:review", args=[other.reference, 1])
    found += problems("risk:review", visible_text(_fetch(client, url)[1]))
    assert not found, "\n".join(found)
