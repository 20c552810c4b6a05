import pytest
from django.core.management import call_command

from beredskab.cases.models import Case, CaseStatus
from beredskab.cases.risk.models import Instrument
from beredskab.intake.models import Report


@pytest.mark.django_db
def test_demo_cases_are_synthetic_and_loaded_once(plan):
    from beredskab.accounts.demo import load_demo_organisation_and_users

    load_demo_organisation_and_users()
    call_command("load_demo_cases")
    call_command("load_demo_cases")
    assert Case.objects.count() == 2
    assert Report.objects.count() == 3
    assert Case.objects.filter(status=CaseStatus.CLOSED).count() == 1
    flagged = Case.objects.get(nsk_aerk_flag=True)
    assert "Demo" in flagged.subject_name
    assert Report.objects.filter(case_link__isnull=True).count() == 1
    assert Instrument.objects.filter(is_active=True).exists()
