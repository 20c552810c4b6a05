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
    children = Case.objects.filter(track="children")
    assert children.count() == 3  # behind the gate, closed, and a young person turning 18 soon
    assert Case.objects.filter(track="adults", unit__code="taskforce-voksne").count() == 3
    assert Report.objects.count() == 8
    assert children.filter(status=CaseStatus.CLOSED).count() == 1
    assert {c.status for c in Case.objects.filter(track="adults")} == {"received", "in_progress", "closed"}
    by_name = {c.subject_name: c for c in Case.objects.all()}
    assert by_name["Amira Demo"].nsk_aerk_flag
    assert all("Demo" in c.subject_name for c in Case.objects.all())
    assert Report.objects.filter(case_link__isnull=True).count() == 2  # StraXen's and the taskforce's queue
    from beredskab.cases.coming_of_age import flag_for
    from beredskab.core.dates import today

    assert flag_for(by_name["Sana Demo"], today()) is not None
    assert Instrument.objects.filter(is_active=True).exists()
