"""Revoking API tokens in the admin needs the change permission on them, not only the view
permission, and goes through `token_revoke` (the audit event). Every other model's actions:
tests/test_admin_actions.py."""

import pytest
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from beredskab.api.models import ApiToken
from beredskab.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _staff_with(make_user, model, *actions: str):
    user = make_user(email=f"staff-{'-'.join(actions)}@test.example", is_staff=True)
    opts = model._meta
    content_type = ContentType.objects.get_for_model(model)
    codenames = [get_permission_codename(action, opts) for action in actions]
    user.user_permissions.add(*Permission.objects.filter(content_type=content_type, codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # a fresh permission cache


def _revoke(client, token):
    return client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})


def test_view_permission_alone_cannot_revoke_a_token(client, plan, make_user, make_token):
    token, _secret = make_token("read-plan")
    viewer = _staff_with(make_user, ApiToken, "view")
    client.force_login(viewer)
    page = client.get("/admin/api/apitoken/")
    assert page.status_code == 200 and token.prefix in page.content.decode()
    assert 'value="revoke"' not in page.content.decode()
    _revoke(client, token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert not AuditEvent.objects.filter(action="api.token_revoked").exists()


def test_change_permission_revokes_through_the_service_with_its_audit_event(client, plan, make_user, make_token):
    token, _secret = make_token("read-plan")
    keeper = _staff_with(make_user, ApiToken, "view", "change")
    client.force_login(keeper)
    assert 'value="revoke"' in client.get("/admin/api/apitoken/").content.decode()
    _revoke(client, token)
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by_id == keeper.pk
    assert AuditEvent.objects.filter(action="api.token_revoked", actor_id=keeper.pk).count() == 1
    # The form stays read-only even so: a token is revoked, never edited.
    assert client.post(f"/admin/api/apitoken/{token.pk}/change/", {"name": "Andet"}).status_code == 403
