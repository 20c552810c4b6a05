"""The receipt speaks the plan's own words (issue 15, structure 10; attack): a plan that says
"æresmotiverede konflikter" is not contradicted on the receipt of an inquiry about an adult (page
and PDF share `_receipt_body.html`), which said "æresrelaterede konflikter" whatever the plan."""

import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from beredskab.guide.tests.conftest import load_and_adopt

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("adult", [True, False])
def test_the_receipt_uses_the_plans_words(settings, adult):
    load_and_adopt(Path(settings.BASE_DIR) / "plans" / "example-nordby.yaml", settings)
    report = SimpleNamespace(
        received_at=timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 0)),
        receiving_contact="Ungeteamet",
        reporter_anonymous=False,
        reporter_kind="private",
    )
    context = {"report": report, "adult": adult, "contact_days": 3, "texts": SimpleNamespace(receipt_working_days=6)}
    with translation.override("da"):
        html = render_to_string("intake/_receipt_body.html", context, request=RequestFactory().get("/"))
    assert "æresmotiverede konflikter" in html and "æresrelaterede" not in html
