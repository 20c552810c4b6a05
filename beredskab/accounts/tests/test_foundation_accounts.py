import pytest
from django.core.exceptions import ValidationError

from beredskab.accounts import services
from beredskab.accounts.demo import DEMO_PASSWORD, USERS, demo_email, load_demo_organisation_and_users
from beredskab.accounts.models import RoleAssignment, User
from beredskab.audit.models import AuditEvent
from beredskab.core.roles import Capability, Role


def test_roles_give_capabilities_and_units_give_scope(make_user, org):
    leader = make_user(Role.UNIT_LEADER, "straxen")
    services.role_assign(actor=None, user=leader, role=Role.CHILD_CASEWORKER, unit=org["units"]["familieraadgivning"])
    leader = User.objects.get(pk=leader.pk)

    assert leader.has_capability(Capability.CASE_LEAD)
    assert not leader.has_capability(Capability.PLAN_MANAGE)
    assert leader.unit_ids == {org["units"]["straxen"].pk, org["units"]["familieraadgivning"].pk}
    assert leader.unit_ids_with_role(Role.UNIT_LEADER) == {org["units"]["straxen"].pk}


def test_unit_role_requires_a_unit(make_user):
    user = make_user()
    with pytest.raises(ValidationError) as excinfo:
        services.role_assign(actor=None, user=user, role=Role.CHILD_CASEWORKER, unit=None)
    assert "unit" in excinfo.value.message_dict
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_inactive_user_has_no_capabilities(make_user):
    user = make_user(Role.AUDITOR)
    user.is_active = False
    assert user.capabilities == frozenset()


def test_user_create_and_role_assign_write_audit_events(make_user, org):
    before = AuditEvent.objects.count()
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    actions = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq").values_list("action", flat=True))
    assert actions == ["accounts.user_created", "accounts.role_assigned"]
    event = AuditEvent.objects.get(action="accounts.role_assigned", target_id=str(user.pk))
    assert event.new_values == {
        "role": "child_caseworker",
        "unit_id": org["units"]["straxen"].pk,
        "leaders_review": False,
    }


def test_duplicate_email_is_refused_with_a_danish_message(make_user):
    make_user(email="a@test.example")
    with pytest.raises(ValidationError) as excinfo:
        services.user_create(actor=None, email="A@test.example", full_name="X", password=None)
    assert "findes allerede" in str(excinfo.value)


@pytest.mark.django_db
def test_demo_data_covers_every_role_and_is_idempotent():
    printed = load_demo_organisation_and_users()
    users = User.objects.count()
    assignments = RoleAssignment.objects.count()
    load_demo_organisation_and_users()

    assert (User.objects.count(), RoleAssignment.objects.count()) == (users, assignments)
    assert {a.role for a in RoleAssignment.objects.all()} == set(Role.values)
    assert all(u.is_demo for u in User.objects.all())
    assert len(printed) == len(USERS)
    assert User.objects.get(email=demo_email("leder")).check_password(DEMO_PASSWORD)
