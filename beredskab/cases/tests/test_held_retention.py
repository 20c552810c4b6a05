"""Attack: a report held for the child's (or adult's) case (`cases.holds`) belongs to that case
but is not in it yet; intake's retention treated it as a report that never became a case and
blanked it (and deleted its attachments) after the period, even while the case it is held for
is under a legal hold, protected, or kept for Rigsarkivet."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from beredskab.cases.models import Case, ReportHold
from beredskab.intake.models import Report
from beredskab.intake.retention import apply_retention, retention_plan

from .factories import another_child, make_report, open_case

pytestmark = pytest.mark.django_db


def test_a_report_held_for_a_case_under_a_legal_hold_is_not_anonymised_by_intake_retention(plan, worker):
    child = another_child()
    case = open_case(worker, **child)
    Case.objects.filter(pk=case.pk).update(legal_hold=True)
    report = make_report(**child)
    assert ReportHold.objects.filter(report=report, case=case, released_at__isnull=True).exists()
    later = timezone.now() + datetime.timedelta(days=365 * 3)
    assert report.pk not in [pk for pk, _ref in retention_plan(now=later).reports]
    with time_machine.travel(later, tick=False):
        apply_retention(now=later)
    report = Report.objects.get(pk=report.pk)
    assert report.subject_name == child["subject_name"] and report.subject_cpr_index
