"""One error shape for every error, in Danish or English, and never a 500 for what a client sends."""

import json

import pytest

pytestmark = pytest.mark.django_db


def _shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["message"]
    if code:
        assert error["code"] == code
    return error


def test_an_unknown_api_address_is_a_json_404(client, db):
    _shape(client.get("/api/v1/findes-ikke/"), 404, "not_found")


def test_the_sites_own_404_page_is_unchanged(client, db):
    response = client.get("/findes-ikke/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_method_not_allowed(client, plan):
    _shape(client.delete("/api/v1/plan/"), 405, "method_not_allowed")


def test_a_body_that_is_not_json(client, plan):
    response = client.post("/api/v1/reports/", "{nej", content_type="application/json", HTTP_IDEMPOTENCY_KEY="x")
    assert response.status_code == 400 and response.json()["error"]["code"] in ("parse_error", "idempotency_key")
    key = "0b8e8d0e-3f37-4a52-9a2b-3d1c6c8f2a11"
    _shape(client.post("/api/v1/reports/", "{nej", content_type="application/json", HTTP_IDEMPOTENCY_KEY=key), 400)


def test_an_unsupported_media_type(client, plan):
    key = "0b8e8d0e-3f37-4a52-9a2b-3d1c6c8f2a11"
    response = client.post("/api/v1/reports/", "a=b", content_type="text/plain", HTTP_IDEMPOTENCY_KEY=key)
    _shape(response, 415, "unsupported_media_type")


def test_a_report_with_a_lone_surrogate_is_refused_not_a_500(client, plan):
    key = "0b8e8d0e-3f37-4a52-9a2b-3d1c6c8f2a11"
    body = '{"reporter_kind": "private", "narrative": "\\ud800"}'
    error = _shape(
        client.post("/api/v1/reports/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key), 400
    )
    assert "narrative" in error["fields"]


@pytest.mark.parametrize("language,word", [("da", "Adressen"), ("en", "address")])
def test_messages_follow_accept_language(client, db, language, word):
    error = _shape(client.get("/api/v1/nej/", HTTP_ACCEPT_LANGUAGE=language), 404)
    assert word in error["message"]


def test_validation_errors_in_english(client, plan):
    response = client.get("/api/v1/route/", {"age": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    error = _shape(response, 400, "validation")
    assert error["message"].startswith("Some fields") and "valid integer" in json.dumps(error["fields"])
