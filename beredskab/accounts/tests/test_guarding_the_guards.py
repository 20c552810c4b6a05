"""Guarding the guards (issue 11, finding 6): the system administrator cannot give themselves
case access, a grant of a role in a unit alerts that unit's leaders and waits for their review,
nobody sets another person's password, and every change in the admin is in the hash-chained log."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from beredskab.accounts import services
from beredskab.accounts.models import RoleAssignment, RoleGrantReview, Unit
from beredskab.audit.models import AuditEvent
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin(make_user):
    return make_user(Role.SYSADMIN, is_staff=True, is_superuser=True, full_name="Sys Admin")


@pytest.fixture
def leader(make_user):
    return make_user(Role.UNIT_LEADER, "straxen", full_name="Lene Leder")


def _inline(user, rows):
    """The admin's user form with role rows (role, unit id)."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": "",
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "role_assignments-TOTAL_FORMS": str(len(rows)),
        "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for i, (role, unit_id) in enumerate(rows):
        data[f"role_assignments-{i}-role"] = role
        data[f"role_assignments-{i}-unit"] = str(unit_id or "")
        data[f"role_assignments-{i}-user"] = str(user.pk)
    return data


def test_the_system_administrator_cannot_make_themselves_unit_leader(client, sysadmin):
    straxen = Unit.objects.get(code="straxen")
    with pytest.raises(PolicyDenied):
        services.role_assign(actor=sysadmin, user=sysadmin, role=Role.UNIT_LEADER, unit=straxen)
    client.force_login(sysadmin)
    url = reverse("admin:accounts_user_change", args=[sysadmin.pk])
    response = client.post(url, _inline(sysadmin, [(Role.UNIT_LEADER, straxen.pk)]))
    assert response.status_code == 200 and "egne roller" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=sysadmin, role=Role.UNIT_LEADER).exists()


def test_a_grant_by_the_system_administrator_alerts_the_units_leaders_and_waits_for_review(
    client, sysadmin, leader, make_user, django_capture_on_commit_callbacks
):
    colleague = make_user(full_name="Ny Kollega")
    straxen = Unit.objects.get(code="straxen")
    client.force_login(sysadmin)
    url = reverse("admin:accounts_user_change", args=[colleague.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _inline(colleague, [(Role.CHILD_CASEWORKER, straxen.pk)]))
    assert response.status_code == 302
    review = RoleGrantReview.objects.get(user=colleague)
    assert review.granted_by == sysadmin and review.reviewed_at is None
    alert = [m for m in mail.outbox if leader.email in m.to]
    assert alert and "Ny Kollega" not in alert[0].body and colleague.email not in alert[0].body
    assert AuditEvent.objects.filter(action="accounts.role_assigned", actor_id=sysadmin.pk).exists()

    client.force_login(leader)
    page = client.get(reverse("accounts:role_reviews")).content.decode()
    assert "Ny Kollega" in page
    client.post(reverse("accounts:role_reviews"), {"review": review.pk, "keep": "0"})
    assert not RoleAssignment.objects.filter(user=colleague, role=Role.CHILD_CASEWORKER).exists()
    assert AuditEvent.objects.filter(action="accounts.role_grant_reviewed", actor_id=leader.pk).exists()


def test_a_leader_grants_roles_in_their_own_unit_without_review_but_not_elsewhere(leader, make_user):
    colleague = make_user()
    services.role_assign(
        actor=leader, user=colleague, role=Role.CHILD_CASEWORKER, unit=Unit.objects.get(code="straxen")
    )
    assert not RoleGrantReview.objects.exists()
    with pytest.raises(PolicyDenied):
        services.role_assign(
            actor=leader, user=colleague, role=Role.CHILD_CASEWORKER, unit=Unit.objects.get(code="familieraadgivning")
        )


def test_nobody_sets_another_persons_password_in_the_admin(client, sysadmin, make_user):
    colleague = make_user()
    client.force_login(sysadmin)
    response = client.get(reverse("admin:auth_user_password_change", args=[colleague.pk]))
    assert response.status_code == 403
    response = client.post(
        reverse("admin:accounts_user_changelist"), {"action": "send_password_link", "_selected_action": [colleague.pk]}
    )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/konto/ny-adgangskode/\S+/\S+/", mail.outbox[-1].body).group(0)
    assert AuditEvent.objects.filter(action="accounts.password_reset_sent", target_id=str(colleague.pk)).exists()
    client.logout()
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path, follow=True)
    assert page.status_code == 200
    done = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else "/" + path,
        {"new_password1": "En-helt-ny-adgangskode-2026", "new_password2": "En-helt-ny-adgangskode-2026"},
    )
    assert done.status_code == 302
    colleague.refresh_from_db()
    assert colleague.check_password("En-helt-ny-adgangskode-2026")


def test_the_public_link_request_answers_the_same_whether_or_not_the_address_exists(client, make_user):
    make_user(email="kendt@test.example")
    known = client.post(reverse("accounts:password_reset"), {"email": "kendt@test.example"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "ukendt@test.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_every_change_in_the_admin_is_in_the_hash_chained_log(client, sysadmin):
    client.force_login(sysadmin)
    unit = Unit.objects.get(code="straxen")
    data = {"name": "StraXen (nyt navn)", "code": unit.code, "centre": unit.centre_id, "kind": unit.kind}
    data["inbox_email"] = unit.inbox_email
    response = client.post(reverse("admin:accounts_unit_change", args=[unit.pk]), data)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="audit.admin_changed").latest("seq")
    assert event.actor_id == sysadmin.pk and event.target_type == "accounts.unit" and event.target_id == str(unit.pk)
    assert event.new_values["fields"] == ["Navn"] and "StraXen" not in str(event.new_values)


# --- account takeover through the admin (helper-6, third attack) -------------------------------


def _user_form(user, **changes):
    data = _inline(user, [])
    data["is_active"] = "on" if user.is_active else ""
    data.update(changes)
    return data


def test_changing_an_accounts_e_mail_tells_the_old_address_and_the_units_leaders(
    client, sysadmin, leader, make_user, django_capture_on_commit_callbacks
):
    victim = make_user(Role.CHILD_CASEWORKER, "straxen", email="offer@test.example", full_name="Olga Offer")
    client.force_login(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_change", args=[victim.pk]), _user_form(victim, email="ny@angriber.example")
        )
    assert response.status_code == 302
    told = {address for m in mail.outbox for address in m.to}
    assert {"offer@test.example", "ny@angriber.example", leader.email} <= told
    assert all("Olga" not in m.body and "offer@" not in m.body for m in mail.outbox)  # content-free
    event = AuditEvent.objects.filter(action="accounts.user_updated", target_id=str(victim.pk)).latest("seq")
    assert event.old_values == {"email": "changed"} and "angriber" not in str(event.new_values)

    mail.outbox.clear()  # then a password link to the new address: the leaders hear of that too
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:accounts_user_changelist"), {"action": "send_password_link", "_selected_action": [victim.pk]}
        )
    assert any(leader.email in m.to and "link til ny adgangskode" in m.body for m in mail.outbox)


@pytest.mark.parametrize("field", ["is_superuser", "is_staff", "is_active"])
def test_admin_rights_and_switching_off_are_told_and_nobody_changes_their_own(
    client, sysadmin, leader, make_user, field, django_capture_on_commit_callbacks
):
    colleague = make_user(Role.CHILD_CASEWORKER, "straxen", is_staff=False)
    client.force_login(sysadmin)
    flip = "" if getattr(colleague, field) else "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_change", args=[colleague.pk]), _user_form(colleague, **{field: flip})
        )
    assert response.status_code == 302
    assert any(leader.email in m.to for m in mail.outbox)

    own = client.post(reverse("admin:accounts_user_change", args=[sysadmin.pk]), _user_form(sysadmin, **{field: ""}))
    assert own.status_code == 302  # the fields are read-only on one's own account: nothing changes
    sysadmin.refresh_from_db()
    assert sysadmin.is_superuser and sysadmin.is_staff and sysadmin.is_active


def test_accounts_are_never_deleted_and_groups_and_devices_are_not_edited_in_the_admin(client, sysadmin, make_user):
    from django.contrib import admin
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    colleague = make_user()
    client.force_login(sysadmin)
    assert client.get(reverse("admin:accounts_user_delete", args=[colleague.pk])).status_code == 403
    assert not admin.site.is_registered(Group) and not admin.site.is_registered(TOTPDevice)
    page = client.get(reverse("admin:accounts_user_change", args=[colleague.pk])).content.decode()
    assert 'name="groups"' not in page and 'name="user_permissions"' not in page


def test_a_second_factor_reset_by_an_administrator_is_audited_and_told(
    client, sysadmin, leader, make_user, django_capture_on_commit_callbacks
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    colleague = make_user(Role.CHILD_CASEWORKER, "straxen", email="kollega@test.example")
    TOTPDevice.objects.create(user=colleague, name="telefon", confirmed=True)
    client.force_login(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "reset_second_factor", "_selected_action": [colleague.pk]},
        )
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert AuditEvent.objects.filter(action="accounts.otp_reset", actor_id=sysadmin.pk).exists()
    told = {address for m in mail.outbox for address in m.to}
    assert {"kollega@test.example", leader.email} <= told


def test_no_model_in_the_admin_can_be_deleted_in_bulk(client, sysadmin):
    """Enumerates every registered admin: a bulk deletion would be logged by a bulk insert that
    the audit log's hook cannot see."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = sysadmin
    for model, model_admin in admin.site._registry.items():
        assert "delete_selected" not in model_admin.get_actions(request), model


# --- roles given and taken are told too (helper-8, fourth attack) -------------------------------


def _role_rows(user, rows, existing=()):
    """The admin's user form: `existing` role rows (assignment, delete?) then new `rows`."""
    data = _user_form(user)
    data["role_assignments-INITIAL_FORMS"] = str(len(existing))
    data["role_assignments-TOTAL_FORMS"] = str(len(existing) + len(rows))
    for i, (assignment, delete) in enumerate(existing):
        data[f"role_assignments-{i}-id"] = str(assignment.pk)
        data[f"role_assignments-{i}-user"] = str(user.pk)
        data[f"role_assignments-{i}-role"] = assignment.role
        data[f"role_assignments-{i}-unit"] = str(assignment.unit_id or "")
        if delete:
            data[f"role_assignments-{i}-DELETE"] = "on"
    for j, (role, unit_id) in enumerate(rows, start=len(existing)):
        data[f"role_assignments-{j}-role"] = role
        data[f"role_assignments-{j}-unit"] = str(unit_id or "")
        data[f"role_assignments-{j}-user"] = str(user.pk)
    return data


def test_taking_a_role_away_tells_the_owner_and_that_units_leaders(
    client, sysadmin, make_user, django_capture_on_commit_callbacks
):
    victim = make_user(Role.CHILD_CASEWORKER, "straxen", email="offer@test.example")
    make_user(Role.UNIT_LEADER, "straxen", email="leder@test.example")
    assignment = RoleAssignment.objects.get(user=victim)
    client.force_login(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_change", args=[victim.pk]), _role_rows(victim, [], [(assignment, True)])
        )
    assert response.status_code == 302 and not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    told = {address for m in mail.outbox for address in m.to}
    assert {"offer@test.example", "leder@test.example"} <= told  # the leader of the unit it was in


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.SYSADMIN, Role.PLAN_COORDINATOR])
def test_a_role_outside_the_units_is_told_to_the_owner_and_the_other_administrators(
    client, sysadmin, make_user, role, django_capture_on_commit_callbacks
):
    victim = make_user(Role.CHILD_CASEWORKER, "straxen", email="offer@test.example")
    other_admin = make_user(Role.SYSADMIN, is_staff=True, email="admin2@test.example")  # not a superuser
    assignment = RoleAssignment.objects.get(user=victim)
    client.force_login(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_change", args=[victim.pk]),
            _role_rows(victim, [(role, None)], [(assignment, False)]),
        )
    assert response.status_code == 302 and RoleAssignment.objects.filter(user=victim, role=role).exists()
    told = {address for m in mail.outbox for address in m.to}
    assert {"offer@test.example", other_admin.email} <= told


def test_units_are_never_deleted_in_the_admin(client, sysadmin):
    unit = Unit.objects.get(code="straxen")
    client.force_login(sysadmin)
    assert client.get(reverse("admin:accounts_unit_delete", args=[unit.pk])).status_code == 403
