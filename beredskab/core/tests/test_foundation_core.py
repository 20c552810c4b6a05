import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory, override_settings

from beredskab.accounts.models import User
from beredskab.core.policies import ALLOW, Policy, PolicyDenied, deny
from beredskab.core.roles import Capability, Role
from beredskab.core.views_helpers import PolicyPermission, capability_required, get_visible_or_404


class UnitPolicy(Policy):
    """A small policy over users: a leader sees the users of their own units."""

    def visible(self, user, queryset):
        return queryset.filter(role_assignments__unit__in=user.unit_ids_with_role(Role.UNIT_LEADER)).distinct()

    def decide_edit(self, user, obj):
        return ALLOW if user.has_capability(Capability.CASE_LEAD) else deny("Kun ledere.")


def test_policy_answers_both_questions(make_user):
    leader = make_user(Role.UNIT_LEADER, "straxen")
    colleague = make_user(Role.CHILD_CASEWORKER, "straxen")
    stranger = make_user(Role.ADULT_TASKFORCE, "taskforce-voksne")
    policy = UnitPolicy()

    assert set(policy.visible(leader, User.objects.all())) == {leader, colleague}
    assert policy.can(leader, "edit", colleague)
    decision = policy.decide(colleague, "edit", leader)
    assert not decision and decision.reason == "Kun ledere."
    with pytest.raises(PolicyDenied) as excinfo:
        policy.require(stranger, "edit", leader)
    assert excinfo.value.reason == "Kun ledere."
    assert get_visible_or_404(policy, leader, User.objects.all(), pk=colleague.pk) == colleague
    with pytest.raises(Http404):
        get_visible_or_404(policy, leader, User.objects.all(), pk=stranger.pk)


def test_policy_refuses_anonymous_and_unknown_actions(make_user):
    from django.contrib.auth.models import AnonymousUser

    policy = UnitPolicy()
    assert not policy.can(AnonymousUser(), "edit")
    with pytest.raises(LookupError):
        policy.decide(make_user(), "fly")


def test_capability_required_redirects_anonymous_and_refuses_others(make_user):
    from django.contrib.auth.models import AnonymousUser

    @capability_required(Capability.AUDIT_VIEW)
    def view(request):
        return "ok"

    request = RequestFactory().get("/secret/")
    request.user = AnonymousUser()
    assert view(request).status_code == 302
    request.user = make_user(Role.FRONTLINE, "skole-demo")
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = make_user(Role.AUDITOR)
    assert view(request) == "ok"


def test_api_permission_applies_the_policy(make_user):
    class View:
        policy = UnitPolicy()
        policy_actions = {"PUT": "edit"}

    leader = make_user(Role.UNIT_LEADER, "straxen")
    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    request = RequestFactory().put("/")
    request.user = leader
    assert PolicyPermission().has_object_permission(request, View(), worker)
    request.user = worker
    assert not PolicyPermission().has_object_permission(request, View(), leader)
    request.method = "DELETE"
    request.user = leader
    assert not PolicyPermission().has_object_permission(request, View(), worker)


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client, settings):
    response = client.get("/tilgaengelighed/")
    assert response.status_code == 200
    assert len(response["X-Request-ID"]) == 32
    kept = client.get("/tilgaengelighed/", headers={"X-Request-ID": "proxy-id-12345"}, REMOTE_ADDR="10.0.0.5")
    assert kept["X-Request-ID"] != "proxy-id-12345"  # not from our proxy: not believed
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    kept = client.get("/tilgaengelighed/", headers={"X-Request-ID": "proxy-id-12345"}, REMOTE_ADDR="10.0.0.5")
    assert kept["X-Request-ID"] == "proxy-id-12345"
    replaced = client.get("/tilgaengelighed/", headers={"X-Request-ID": "<script>"})
    assert replaced["X-Request-ID"] != "<script>"


@pytest.mark.django_db
def test_not_found_page_is_danish_and_leaks_nothing(client):
    response = client.get("/findes-ikke/0101011234/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Siden findes ikke" in body
    assert "0101011234" not in body


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_server_error_page_shows_no_request_data(rf):
    from beredskab.core.views import server_error

    request = rf.get("/sag/?cpr=0101011234")
    response = server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Der opstod en fejl" in body and "0101011234" not in body


@pytest.mark.django_db
def test_start_page_requires_login(client):
    response = client.get("/start/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_start_page_lists_what_the_role_may_do(client, make_user):
    user = make_user(Role.UNIT_LEADER, "straxen", full_name="Lise Leder")
    client.force_login(user)
    response = client.get("/start/")
    assert response.status_code == 200
    assert "Velkommen, Lise" in response.content.decode()
    assert "Enhedsleder (StraXen)" in response.content.decode()


@pytest.mark.django_db
def test_english_is_available(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tilgaengelighed/"}, follow=True)
    assert "Accessibility statement" in response.content.decode()


def test_every_environment_variable_is_documented():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    read = set(re.findall(r'_(?:str|bool|int|list)\("([A-Z0-9_]+)"', (root / "config" / "env.py").read_text()))
    documented = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", (root / ".env.example").read_text(), re.MULTILINE))
    assert read - documented == set(), "add these to .env.example"
