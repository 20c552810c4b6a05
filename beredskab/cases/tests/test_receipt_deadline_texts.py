"""The receipt deadline (barnets lov § 137) is written once, in `intake.deadlines`: the clock,
the case page, the receipt form and the reporter's receipt all take the number from there."""

import pytest
from django.urls import reverse
from django.utils import translation

from beredskab.cases.clocks import receipt_due
from beredskab.cases.models import CaseReport
from beredskab.core.workdays import working_days_deadline
from beredskab.intake.deadlines import RECEIPT_WORKING_DAYS

from .factories import open_case

pytestmark = pytest.mark.usefixtures("plan")


def test_the_clock_counts_the_working_days_of_the_law(worker):
    report = CaseReport.objects.get(case=open_case(worker)).report
    assert RECEIPT_WORKING_DAYS == 6
    assert receipt_due(report.received_at) == working_days_deadline(report.received_at, RECEIPT_WORKING_DAYS)


def test_the_case_page_and_the_receipt_form_state_the_same_number(client, worker):
    case = open_case(worker)
    case_report = CaseReport.objects.get(case=case)
    client.force_login(worker)
    page = client.get(reverse("cases:detail", args=[case.reference])).text
    assert f"Kvittering ({RECEIPT_WORKING_DAYS} arbejdsdage)" in page
    form = client.get(reverse("cases:receipt", args=[case.reference, case_report.pk])).text
    assert f"skal have en kvittering inden for {RECEIPT_WORKING_DAYS} arbejdsdage." in form
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        page = client.get(reverse("cases:detail", args=[case.reference])).text
    assert f"Receipt ({RECEIPT_WORKING_DAYS} working days)" in page
