"""Attack (need-to-know): a case whose child's own details may not leave its unit keeps its held
reports in its unit (`holds._route_to_case`). When a leader's track correction moved such a case
to the adults unit, the report held for it stayed in the old unit's queue, labelled "belongs to
a case you may not see: ask Taskforce", so the old unit learned that the secret case exists."""

import pytest

from beredskab.cases import services
from beredskab.cases.models import ReportHold, Track
from beredskab.cases.policies import report_held_for
from beredskab.cases.services import restriction_add
from beredskab.intake.models import Report

from .factories import another_child, make_report, open_case, refresh

pytestmark = pytest.mark.usefixtures("plan")
REASON = "Henvendelsen handler om en voksen på 30 år, ikke om et barn, så den hører til voksensporet."


def test_a_report_held_for_a_restricted_case_moves_with_the_case_to_the_adults_unit(worker, leader):
    person = another_child()
    case = open_case(worker, **person)
    restriction_add(
        actor=worker,
        case=refresh(case),
        item=case,
        field_name="",
        audience="all_outside",
        reason="Familien har kontakter i kommunen.",
    )
    report = make_report(**person)
    assert ReportHold.objects.filter(report=report, case=case, released_at__isnull=True).exists()
    services.case_track_correct(actor=leader, case=refresh(case), track=Track.ADULTS, reason=REASON)
    case = refresh(case)
    assert case.unit.code == "taskforce-voksne"
    report = Report.objects.get(pk=report.pk)
    assert report.receiving_unit_id == case.unit_id
    # The old unit's worker no longer has it, nor a label naming the unit to ask.
    from beredskab.intake.policies import report_policy

    assert not report_policy.visible(worker, Report.objects.filter(pk=report.pk)).exists()
    assert report_held_for(user=worker, report=report) is None or report.receiving_unit_id == case.unit_id
