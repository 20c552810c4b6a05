import pytest

from beredskab.adults.demo import load_demo_adult_case
from beredskab.adults.models import ActionPlan, Counselling, PlanStatus, Referral
from beredskab.cases.models import Case
from beredskab.cases.selectors import is_adult_case


@pytest.mark.django_db
def test_the_demo_adult_case_is_synthetic_complete_and_loaded_once(plan):
    from beredskab.accounts.demo import load_demo_organisation_and_users
    from beredskab.cases.risk.services import default_instrument

    load_demo_organisation_and_users()
    default_instrument()
    assert len(load_demo_adult_case()) == 1
    assert load_demo_adult_case() == []
    case = Case.objects.get()
    assert is_adult_case(case) and "Demo" in case.subject_name
    assert Counselling.objects.filter(case=case).count() == 1
    assert ActionPlan.objects.get(case=case).status == PlanStatus.AGREED
    assert Referral.objects.get(case=case).status == "accepted"
