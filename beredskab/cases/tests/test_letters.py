"""Letters state only what the case records show (issue 12, item 9). The receipt letter to a
reporter (barnets lov § 137) once said that the municipality had assessed whether acute action
was needed while the 24-hour assessment was still missing. Every combination of what the
records can show is checked here: assessed or not, case open or closed, a professional
reporter told or not yet told (or a private reporter, who is promised nothing)."""

import datetime
import io
import itertools

import pytest
from django.urls import reverse
from pypdf import PdfReader

from beredskab.cases.models import CaseReport, CaseStatus
from beredskab.cases.services import feedback_record

from .factories import assess, open_case

pytestmark = pytest.mark.usefixtures("plan")

ASSESSED = "Kommunen har vurderet, om der var behov for akut handling."
NOT_ASSESSED = "Kommunen vurderer, om der er behov for akut handling."
OPEN = "Kommunen behandler nu underretningen."
CLOSED = "Kommunen har behandlet underretningen."
TOLD = "Som fagperson har du fået besked om"
TO_BE_TOLD = "Som fagperson vil du senere få besked om"


def letter_text(client, case) -> str:
    case_report = CaseReport.objects.get(case=case)
    response = client.get(reverse("cases:receipt_letter", args=[case.reference, case_report.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


COMBINATIONS = [
    (assessed, closed, reporter)
    for assessed, closed, reporter in itertools.product(
        (False, True), (False, True), ("private", "professional", "professional_told")
    )
]


@pytest.mark.parametrize(("assessed", "closed", "reporter"), COMBINATIONS)
def test_the_receipt_letter_states_only_what_the_records_show(client, worker, assessed, closed, reporter):
    overrides = {"reporter_kind": "private", "reporter_name": "Nabo Naboesen"} if reporter == "private" else {}
    case = open_case(worker, **overrides)
    if assessed:
        case = assess(case, worker)
    if reporter == "professional_told":
        feedback_record(
            actor=worker,
            case_report=CaseReport.objects.get(case=case),
            sent_on=datetime.date.today(),
            outcome="afdaekning",
            channel="phone",
        )
    if closed:
        # Written straight to the record: the letter must follow the record, however it got so.
        type(case).objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    client.force_login(worker)
    text = letter_text(client, case)

    assert "Vi bekræfter hermed modtagelsen" in text
    assert (ASSESSED in text) is assessed and (NOT_ASSESSED in text) is not assessed
    assert (CLOSED in text) is closed and (OPEN in text) is not closed
    assert (TOLD in text) is (reporter == "professional_told")
    assert (TO_BE_TOLD in text) is (reporter == "professional")
    assert ("fagperson" in text) is (reporter != "private")


def test_the_old_letter_claimed_an_assessment_that_was_never_made(client, worker):
    """The finding itself: a case whose 24-hour assessment is missing."""
    case = open_case(worker)
    client.force_login(worker)
    text = letter_text(client, case)
    assert "har vurderet" not in text
