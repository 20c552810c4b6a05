"""Attacks on the safety app (a fresh engineer trying to break it): each reproduces a fault
found, fixed at the depth of the rule."""

import pytest

from beredskab.cases.protection import case_protect
from beredskab.core.policies import PolicyDenied
from beredskab.safety import selectors
from beredskab.safety.policies import safety_policy

from .factories import make_plan

pytestmark = pytest.mark.django_db


def test_a_protected_case_hides_its_safety_plan_and_radar_from_the_unit_members_not_named(
    assessed, worker, worker2, leader, school_contact
):
    """The safety policy asked only "same unit?", skipping the protection rule: every page went
    through the case policy first, but the policy itself (and the screening hook) did not."""
    make_plan(assessed, worker, school_contact)
    case = case_protect(actor=leader, case=assessed, reason="Morbror arbejder i forvaltningen.", members=[worker])
    assert safety_policy.can(worker, "view", case)
    assert not safety_policy.can(worker2, "view", case)
    with pytest.raises(PolicyDenied):
        selectors.safety_overview(user=worker2, case=case)
    with pytest.raises(PolicyDenied):
        selectors.radar_for_case(user=worker2, case=case, purpose=None, today=case.received_at.date())
    assert selectors.radar_summary(worker2, case) is None
