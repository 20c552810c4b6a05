"""`manage.py seed_scale` writes a realistic synthetic history with a valid audit chain (issue 20)."""

import pytest
from django.core.management import call_command

from beredskab.audit.selectors import verify_whole_chain
from beredskab.cases.models import Case, CaseReport, CaseStatus, JournalEntry
from beredskab.intake.models import Report

pytestmark = pytest.mark.usefixtures("plan")


def test_seed_scale_writes_a_synthetic_history_whose_audit_chain_verifies(worker, leader, capsys):
    call_command("seed_scale", reports=60, seed=3, quiet=True)
    out = capsys.readouterr().out
    assert Report.objects.count() == 61  # and the benchmark's case
    assert set(Report.objects.values_list("routing_reason", flat=True)) == {"SYNTETISK TESTDATA (seed_scale)"}
    assert Report.objects.filter(taken_in=True).count() == CaseReport.objects.count()
    assert (
        Case.objects.filter(status=CaseStatus.CLOSED).count() > Case.objects.exclude(status=CaseStatus.CLOSED).count()
    )
    reference = out.strip().rsplit(" ", 1)[-1]
    bench = Case.objects.get(reference=reference)
    assert bench.status != CaseStatus.CLOSED and JournalEntry.objects.filter(case=bench).count() == 50
    assert Report.objects.get(case_link__case=bench).subject_name.startswith("Syntetisk")
    report, _head = verify_whole_chain()
    assert report.ok, report.problem
    assert report.checked > 61


def test_the_same_seed_gives_the_same_history(worker):
    call_command("seed_scale", reports=10, seed=5, quiet=True)
    first = list(Report.objects.order_by("pk").values_list("subject_cpr_index", "receiving_unit_id"))
    assert len(first) == 11
