"""Long unbroken strings in PDFs wrap instead of running off the page, where WeasyPrint cuts
them off unseen (issue 12, item 13e): in running text, in the narrow column of a table, and in
the real documents (the receipt letter, the risk assessment with its table of factors).

Checked with poppler's `pdftotext -bbox`: every word lies inside the page, and the whole string
is there (its pieces, read in order, make it up again)."""

import html
import re
import shutil
import subprocess

import pytest
from django.template import engines
from django.urls import reverse

from beredskab.core.pdf import SOFT_BREAK_EVERY, html_to_pdf, soft_breaks
from config import env

PDFTOTEXT = shutil.which("pdftotext")
LONG = "".join("ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 26] for i in range(300))  # 300 characters, no break


@pytest.fixture(autouse=True)
def _needs_pdftotext():
    if PDFTOTEXT is None:
        if env.CI:
            pytest.fail("pdftotext is missing in CI (apt-get install -y poppler-utils).")
        pytest.skip("pdftotext not installed (apt-get install -y poppler-utils).")


def words_on_pages(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """[(word, xMin, xMax, page width)] for every word of the PDF, in reading order."""
    out = subprocess.run([PDFTOTEXT, "-bbox", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    word_pattern = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>')
    words = []
    for page in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', out.stdout.decode(), re.S):
        width = float(page.group(1))
        for word in word_pattern.finditer(page.group(2)):
            text = html.unescape(word.group(3)).replace("\u200b", "")
            words.append((text, float(word.group(1)), float(word.group(2)), width))
    return words


def assert_all_there_and_on_the_page(pdf: bytes, *, expected_times: int = 1):
    words = words_on_pages(pdf)
    off_page = [(w, round(x1), round(width)) for w, _x0, x1, width in words if x1 > width]
    assert not off_page, f"text runs off the page: {off_page[:3]}"
    joined = "".join(w for w, *_ in words)
    assert joined.count(LONG) == expected_times, "the long string is not all there"


PAGE = """{% extends "pdf/base.html" %}{% block content %}
<h1>Test</h1>
<p>Navn: {{ long }}</p>
<table>
  <tr><th>Faktor</th><th>Nu</th><th>Tidligere</th><th>Noter</th></tr>
  <tr><td>Trusler om vold</td><td>Ja</td><td>Nej</td><td>{{ long }}</td></tr>
</table>
<ul><li>{{ long }}</li></ul>
{% endblock %}"""


def test_a_300_character_string_wraps_in_text_lists_and_table_cells():
    pdf = html_to_pdf(engines["django"].from_string(PAGE).render({"long": LONG}))
    assert_all_there_and_on_the_page(pdf, expected_times=3)
    # Short cells keep their words whole: the table did not squeeze them.
    assert {"Faktor", "Tidligere", "Trusler", "vold", "Ja", "Nej"} <= {w for w, *_ in words_on_pages(pdf)}


def test_soft_breaks_only_touch_long_runs_of_text():
    short = "Amira Testesen-Khan, sagsbehandler.straxen@ishoj.dk, K-2026-00012"
    assert soft_breaks(f"<p>{short}</p>") == f"<p>{short}</p>"
    marked = soft_breaks(f'<p title="{LONG}">{LONG} &amp; {LONG}</p><style>.{LONG} {{}}</style>')
    assert f'title="{LONG}"' in marked and f".{LONG} {{}}" in marked  # attributes and CSS untouched
    text = re.search(r">(.*?)</p>", marked).group(1)
    assert text.replace("\u200b", "") == f"{LONG} &amp; {LONG}"
    assert max(len(run) for run in re.split(r"[\s\u200b]", text)) == SOFT_BREAK_EVERY
    # An entity is never cut in two, and no-break spaces are not breaks.
    entities = soft_breaks("<p>" + "&amp;" * 100 + "</p>")
    assert "&amp;" * SOFT_BREAK_EVERY + "\u200b" in entities
    assert "\u200b" in soft_breaks("<p>" + "A\u00a0" * 100 + "</p>")


@pytest.mark.django_db
def test_the_receipt_letter_wraps_a_long_name(client, ishoj_plan, make_user):
    from beredskab.cases.models import CaseReport
    from beredskab.cases.tests.factories import open_case
    from beredskab.core.roles import Role

    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    case = open_case(worker, subject_name=LONG, reporter_name=LONG)
    client.force_login(worker)
    response = client.get(reverse("cases:receipt_letter", args=[case.reference, CaseReport.objects.get(case=case).pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    words = words_on_pages(response.content)
    assert not [w for w, _x0, x1, width in words if x1 > width]
    assert LONG in "".join(w for w, *_ in words)


@pytest.mark.django_db
def test_the_risk_assessment_wraps_a_long_note_in_its_table(client, ishoj_plan, make_user):
    from beredskab.cases.risk.services import RatingInput, risk_assessment_save, risk_assessment_start
    from beredskab.cases.tests.factories import flagged_case
    from beredskab.core.roles import Role

    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    case = flagged_case(worker)
    assessment = risk_assessment_start(actor=worker, case=case)
    ratings = {r.factor_id: RatingInput(now="partly", past="absent", notes=LONG) for r in assessment.ratings.all()}
    risk_assessment_save(actor=worker, assessment=assessment, ratings=ratings, conclusion=LONG)
    client.force_login(worker)
    response = client.get(reverse("risk:export", args=[case.reference, assessment.version]), {"recipient": "internal"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    words = words_on_pages(response.content)
    assert not [(w, x1, width) for w, _x0, x1, width in words if x1 > width][:3]
    assert "".join(w for w, *_ in words).count(LONG) >= 2  # the conclusion and the notes
