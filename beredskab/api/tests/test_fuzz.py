"""schemathesis against the COMMITTED schema (beredskab/api/openapi.yaml), inside pytest: for
every operation, a bounded number of generated requests (valid and invalid), sent to the
project's WSGI application with a deterministic seed. No answer may be a server error, and every
answer must match the schema (status code, content type, body).

The world it runs in: Ishøj's plan in force, a case worker's token with every scope and cases
of their unit (one flagged with a parent, one with the gate opened by the leader), so the
authenticated operations are reached past the login, too. A generated `{reference}` finds no
case, so each operation on one case is also sent with every real reference (explicit examples),
and the summary and the network step (with the risk gate) are fuzzed past the lookup."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from beredskab.api.schema import COMMITTED
from beredskab.core.roles import Role

schema = schemathesis.openapi.from_path(COMMITTED)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def app(db, plan, worker, make_user, make_token, settings):
    """The WSGI application inside the test's transaction (Django's request signals would close
    the test's database connection after each request, as Django's own test client avoids)."""
    from beredskab.cases.tests.factories import add_parent, another_child, flagged_case, open_case, open_gate
    from config.wsgi import application

    settings.INTAKE_REPORTS_PER_HOUR = settings.INTAKE_INVALID_POSTS_PER_HOUR = 10_000
    settings.API_CALLS_PER_MINUTE_CALLER = settings.API_CALLS_PER_MINUTE_ANONYMOUS = 10_000
    settings.API_TOKEN_REPORTS_PER_HOUR = settings.API_TOKEN_INVALID_POSTS_PER_HOUR = 10_000
    closed_gate = flagged_case(worker)
    add_parent(closed_gate, worker)
    leader = make_user(Role.UNIT_LEADER, "straxen", email="fuzz-leader@test.example")
    opened_gate = open_case(worker, **another_child())
    add_parent(opened_gate, worker)
    open_gate(opened_gate, leader)
    references = [closed_gate.reference, opened_gate.reference]
    _token, secret = make_token("submit-reports", "read-plan", "read-cases", "write-cases", user=worker)
    _stats, stats_secret = make_token("read-statistics", user=leader)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application, {"/api/v1/statistics/": stats_secret}, secret, references
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_no_answer_outside_the_schema(case, app):
    application, secrets, secret, references = app
    headers = {"Authorization": f"Bearer {secrets.get(case.path, secret)}"}
    response = case.call(app=application, headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
    if "reference" in (case.path_parameters or {}):
        for reference in references:
            case.path_parameters = {**case.path_parameters, "reference": reference}
            response = case.call(app=application, headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)
