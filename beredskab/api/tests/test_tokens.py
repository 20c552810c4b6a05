"""API tokens: made by an administrator, stored hashed, scoped, expiring, revocable, audited on
use without content, and never acting as a superuser."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from beredskab.api.models import ApiToken
from beredskab.api.tokens import TokenError, token_create, token_revoke
from beredskab.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_only_a_hash_of_the_secret_is_stored(plan, make_token):
    token, secret = make_token("read-plan")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in str(stored) and secret.split("_", 2)[2] not in str(stored)
    created = AuditEvent.objects.get(action="api.token_created")
    assert created.new_values["scopes"] == ["read-plan"] and secret not in str(created.new_values)


def test_an_expired_token_is_refused_and_the_refusal_audited(plan, make_token, bearer):
    token, secret = make_token("read-plan", days=1)
    assert bearer(secret).get("/api/v1/plan/").status_code == 200
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)):
        response = bearer(secret).get("/api/v1/plan/")
    assert response.status_code == 401
    assert AuditEvent.objects.filter(action="api.token_refused", target_id=str(token.pk)).count() == 1


def test_a_revoked_token_is_refused(plan, make_token, bearer, admin_user):
    token, secret = make_token("read-plan")
    token_revoke(actor=admin_user, token=token)
    assert bearer(secret).get("/api/v1/plan/").status_code == 401
    assert AuditEvent.objects.filter(action="api.token_revoked", actor_id=admin_user.pk).exists()


def test_every_use_is_audited_with_the_operation_only(plan, make_token, bearer):
    token, secret = make_token("read-plan")
    bearer(secret).get("/api/v1/route/", {"age": 15, "postcode": "2635"})
    used = AuditEvent.objects.get(action="api.token_used")
    assert used.actor_id == token.user_id and used.new_values == {"operation": "api:route"}
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_a_token_never_belongs_to_a_superuser(admin_user):
    with pytest.raises(TokenError):
        token_create(actor=admin_user, name="Forkert", user=admin_user, scopes=["read-plan"])


def test_a_token_that_became_a_superusers_is_refused(plan, make_token, bearer):
    token, secret = make_token("read-plan")
    token.user.is_superuser = True
    token.user.save()
    assert bearer(secret).get("/api/v1/plan/").status_code == 401


@pytest.mark.parametrize("scopes,days", [([], 30), (["everything"], 30), (["read-plan"], 0), (["read-plan"], 9999)])
def test_scopes_and_lifetime_are_checked(admin_user, make_user, scopes, days):
    with pytest.raises(TokenError):
        token_create(actor=admin_user, name="X", user=make_user(), scopes=scopes, days=days)


def test_the_command_creates_lists_and_revokes(plan, admin_user, make_user, bearer):
    make_user(email="web@test.example")
    out = io.StringIO()
    call_command(
        "api_token", "create", "--name", "Hjemmesiden", "--account", "web@test.example",
        "--scope", "submit-reports", "--by", admin_user.email, stdout=out,
    )  # fmt: skip
    secret = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert secret.startswith("bk_") and token.scopes == ["submit-reports"]
    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    assert token.prefix in listing.getvalue() and secret not in listing.getvalue()
    call_command("api_token", "revoke", token.prefix, "--by", admin_user.email, stdout=io.StringIO())
    assert ApiToken.objects.get().revoked_at is not None
    with pytest.raises(CommandError):
        call_command("api_token", "revoke", "nope", "--by", admin_user.email)


def test_the_admin_lists_tokens_without_their_hash_and_revokes_them(client, plan, admin_user, make_token):
    token, secret = make_token("read-plan")
    client.force_login(admin_user)
    page = client.get("/admin/api/apitoken/")
    assert page.status_code == 200 and token.prefix in page.content.decode()
    detail = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert token.secret_hash not in detail and secret not in detail
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert AuditEvent.objects.filter(action="api.token_revoked", actor_id=admin_user.pk).exists()
