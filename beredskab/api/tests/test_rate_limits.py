"""The API's limits count the caller: a token by itself (whatever address it calls from, and not
together with others behind the same proxy or NAT), a call without a login by its client
address as the site takes it behind the trusted proxy (core.client). Both limits: every call
(per minute, DRF's throttle) and the reports sent (the form's hourly allowances)."""

import json
import uuid

import pytest
from django.test import Client

from beredskab.intake.models import Report

from .conftest import valid_report

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
NAT = "198.51.100.7"  # one address shared by many (a municipality's or a school's NAT)


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def _via(address: str, secret: str | None = None) -> Client:
    """A client at `address`, seen through the trusted proxy (as in production)."""
    headers = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}
    if secret:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return Client(**headers)


def _submit(client, **overrides):
    body = json.dumps(valid_report(**overrides))
    key = str(uuid.uuid4())
    return client.post("/api/v1/reports/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)


def _refused(response, code="rate_limited"):
    assert response.status_code == 429, response.content
    assert response.json()["error"]["code"] == code
    return response


# --- the reports' allowances (per hour) ---------------------------------------------------------------


def test_a_tokens_reports_count_against_the_token_not_the_address_it_shares(plan, make_token, settings):
    settings.INTAKE_REPORTS_PER_HOUR = settings.API_TOKEN_REPORTS_PER_HOUR = 1
    _a, website = make_token("submit-reports")
    _b, esdh = make_token("submit-reports")
    assert _submit(_via(NAT, website)).status_code == 201
    _refused(_submit(_via(NAT, website), narrative="En anden underretning om samme barn."))
    # Another integration behind the same NAT, and a citizen there, still send.
    assert _submit(_via(NAT, esdh), narrative="Fra fagsystemet.").status_code == 201
    assert _submit(_via(NAT), narrative="Fra en borger bag samme NAT.").status_code == 201
    assert Report.objects.count() == 3


def test_a_token_spread_over_many_addresses_is_still_one_caller(plan, make_token, settings):
    settings.API_TOKEN_REPORTS_PER_HOUR = 2
    _token, secret = make_token("submit-reports")
    assert _submit(_via("203.0.113.1", secret), narrative="Første.").status_code == 201
    assert _submit(_via("203.0.113.2", secret), narrative="Anden.").status_code == 201
    response = _refused(_submit(_via("203.0.113.3", secret), narrative="Tredje."))
    assert "API-nøgle" in response.json()["error"]["message"]
    assert Report.objects.count() == 2


def test_a_token_has_its_own_allowances_not_the_forms(plan, make_token, settings):
    settings.INTAKE_REPORTS_PER_HOUR = 1
    settings.API_TOKEN_REPORTS_PER_HOUR = 3
    _token, secret = make_token("submit-reports")
    for n in range(3):
        assert _submit(_via(NAT, secret), narrative=f"Underretning nummer {n}.").status_code == 201
    _refused(_submit(_via(NAT, secret), narrative="Den fjerde."))


def test_a_tokens_invalid_posts_count_against_the_token(plan, make_token, settings):
    settings.INTAKE_INVALID_POSTS_PER_HOUR = settings.API_TOKEN_INVALID_POSTS_PER_HOUR = 2
    _token, secret = make_token("submit-reports")
    for n in range(2):
        assert _submit(_via(f"203.0.113.{n + 1}", secret), reporter_kind="x").status_code == 400
    _refused(_submit(_via("203.0.113.9", secret)))
    assert _submit(_via("203.0.113.9")).status_code == 201  # the address itself is not limited


def test_without_a_login_reports_count_per_client_address_behind_the_proxy(plan, settings):
    settings.INTAKE_REPORTS_PER_HOUR = 1
    assert _submit(_via("203.0.113.1")).status_code == 201
    _refused(_submit(_via("203.0.113.1"), narrative="Igen."))
    # A forged X-Forwarded-For left of the proxy's own entry changes nothing.
    forged = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.50, 203.0.113.1")
    _refused(_submit(forged, narrative="Forfalsket."))
    assert _submit(_via("203.0.113.2"), narrative="En anden borger.").status_code == 201


# --- every call (per minute) ------------------------------------------------------------------


def test_every_call_with_a_token_counts_against_the_token(plan, make_token, settings):
    settings.API_CALLS_PER_MINUTE_CALLER = 3
    _a, first = make_token("read-plan")
    _b, second = make_token("read-plan")
    for n in range(3):
        assert _via(f"203.0.113.{n + 1}", first).get("/api/v1/plan/").status_code == 200
    response = _refused(_via("203.0.113.77", first).get("/api/v1/plan/"))
    assert int(response["Retry-After"]) >= 1
    # The other token and a caller without a login at the same addresses are not limited by it.
    assert _via("203.0.113.1", second).get("/api/v1/plan/").status_code == 200
    assert _via("203.0.113.77").get("/api/v1/plan/").status_code == 200


def test_calls_without_a_login_count_per_client_address(plan, make_token, settings):
    settings.API_CALLS_PER_MINUTE_ANONYMOUS = 2
    for _ in range(2):
        assert _via(NAT).get("/api/v1/plan/").status_code == 200
    _refused(_via(NAT).get("/api/v1/plan/"))
    assert _via("203.0.113.5").get("/api/v1/plan/").status_code == 200
    # An integration behind the same NAT keeps its own allowance.
    _token, secret = make_token("read-plan")
    assert _via(NAT, secret).get("/api/v1/plan/").status_code == 200


def test_a_staff_session_counts_against_its_user(plan, worker, settings):
    settings.API_CALLS_PER_MINUTE_CALLER = 2
    client = _via(NAT)
    client.force_login(worker)
    for _ in range(2):
        assert client.get("/api/v1/cases/").status_code == 200
    _refused(client.get("/api/v1/cases/"))


# --- refused calls count too -------------------------------------------------------------------------


def test_calls_refused_by_scope_or_capability_count_against_the_caller(plan, make_token, settings):
    """Attack: DRF checks the permissions before the limits, so a call refused for its scope (or
    a missing login) was never counted: a token could call outside its scopes without end."""
    settings.API_CALLS_PER_MINUTE_CALLER = settings.API_CALLS_PER_MINUTE_ANONYMOUS = 2
    _token, secret = make_token("submit-reports")
    caller = _via(NAT, secret)
    assert [caller.get("/api/v1/plan/").status_code for _ in range(2)] == [403, 403]
    _refused(caller.get("/api/v1/plan/"))
    stranger = _via("203.0.113.9")
    assert [stranger.get("/api/v1/cases/").status_code for _ in range(2)] == [401, 401]
    _refused(stranger.get("/api/v1/cases/"))


def test_refused_tokens_are_limited_per_address_before_they_are_looked_up(plan, make_token, admin_user, settings):
    """Attack: a revoked (or made-up) token was refused before any limit was checked, and each
    refusal of a revoked token wrote an audit event: a script could call without end and fill
    the audit log. Past API_REFUSED_CALLS_PER_MINUTE refusals from one address, its calls are
    refused (429) before the token is looked up; a valid token elsewhere is not affected."""
    from beredskab.api.tokens import token_revoke
    from beredskab.audit.models import AuditEvent

    settings.API_REFUSED_CALLS_PER_MINUTE = 3
    token, secret = make_token("read-plan")
    token_revoke(actor=admin_user, token=token)
    prober = _via("203.0.113.66", secret)
    assert [prober.get("/api/v1/plan/").status_code for _ in range(3)] == [401, 401, 401]
    refused = AuditEvent.objects.filter(action="api.token_refused").count()
    assert refused == 3
    _refused(prober.get("/api/v1/plan/"))
    _refused(_via("203.0.113.66", "bk_made_up").get("/api/v1/plan/"))
    assert AuditEvent.objects.filter(action="api.token_refused").count() == refused
    _other, valid = make_token("read-plan")
    assert _via(NAT, valid).get("/api/v1/plan/").status_code == 200


def test_made_up_tokens_from_a_shared_address_do_not_lock_out_a_working_token(plan, make_token, settings):
    """Attack: neighbours behind the same NAT sent a few made-up tokens, and the address's
    refused-calls limit then refused a working integration behind it too (429) for good."""
    settings.API_REFUSED_CALLS_PER_MINUTE = 3
    _token, secret = make_token("read-plan")
    junk = _via(NAT, "bk_made_up")
    assert [junk.get("/api/v1/plan/").status_code for _ in range(3)] == [401, 401, 401]
    _refused(junk.get("/api/v1/plan/"))
    assert _via(NAT, secret).get("/api/v1/plan/").status_code == 200
