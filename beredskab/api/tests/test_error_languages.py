"""Every error the API gives is in the one shape, in Danish for `Accept-Language: da` and in
English for `en`: the message and every field's message, whether it is ours or DRF's.

Enumerates DRF's exception classes (every subclass of APIException, ours included): each must
have at least one request below that a client can send to get it, or a reason it cannot be
reached. For each request and language, the answer is checked against the texts of the other
language: a Danish answer may contain none of DRF's English texts (its catalogue's msgids,
formatted) and none of our English ones; an English answer none of our Danish msgids and none of
DRF's Danish texts; and the two answers differ."""

import gettext
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
import rest_framework
from django.conf import settings as django_settings
from django.test import Client
from rest_framework import exceptions

from beredskab.api import authentication, errors
from beredskab.api.tokens import token_revoke

from .conftest import valid_report

pytestmark = pytest.mark.django_db

DRF_LOCALE = Path(rest_framework.__file__).parent / "locale"
OUR_EN_PO = Path(django_settings.BASE_DIR) / "beredskab" / "locale" / "en" / "LC_MESSAGES" / "django.po"
KEY = "0b8e8d0e-3f37-4a52-9a2b-3d1c6c8f2a11"


# --- the texts of each language ----------------------------------------------------------------


def _catalogue(path: Path) -> dict:
    with open(path, "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def _po_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr and not block.lstrip().startswith("#~"):
            unquote = lambda part: "".join(re.findall(r'"(.*)"', part)).replace('\\"', '"')  # noqa: E731
            pairs.append((unquote(msgid.group(1)), unquote(msgstr.group(1))))
    return pairs


def _pattern(text: str) -> re.Pattern | None:
    """A text as a regular expression, its placeholders ({x}, %(x)s, %s, %d) matching anything;
    None for a text too short to tell a language by."""
    text = text.strip()
    literal = re.sub(r"\{[^}]*\}|%\([a-z_]+\)[sd]|%[sd]", "", text).strip()
    if len(literal) < 10 or len(literal.split()) < 2:
        return None
    escaped = re.escape(text)
    escaped = re.sub(r"\\\{[^}]*\\\}|%\\\([a-z_]+\\\)[sd]|%[sd]", ".+?", escaped)
    return re.compile(escaped)


def _patterns(texts) -> list[re.Pattern]:
    return [p for p in {_pattern(t) for t in texts if t} if p is not None]


def _drf_texts(language: str) -> set[str]:
    """DRF's texts in English (its msgids; plurals from the English catalogue) or Danish."""
    texts = set()
    for lang in ("en", "de") if language == "en" else ("da",):
        for key, value in _catalogue(DRF_LOCALE / lang / "LC_MESSAGES" / "django.mo").items():
            if language == "en":
                texts.add(key[0] if isinstance(key, tuple) else key)
                if lang == "en":
                    texts.add(value)
            else:
                texts.add(value)
    texts.discard("")
    return texts


@pytest.fixture(scope="module")
def foreign():
    """For each language, the patterns an answer in it must not contain."""
    ours = [(da, en) for da, en in _po_pairs(OUR_EN_PO) if da and en and da != en]
    english = _drf_texts("en") | {en for _da, en in ours}
    danish = _drf_texts("da") | {da for da, _en in ours}
    return {"da": _patterns(english - danish), "en": _patterns(danish - english)}


# --- the requests ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trigger:
    name: str
    raises: type
    status: int
    code: str
    send: object  # send(world, headers) -> response


def _post_report(client, body, headers, key=KEY, content_type="application/json"):
    return client.post("/api/v1/reports/", body, content_type=content_type, HTTP_IDEMPOTENCY_KEY=key, **headers)


def _report(**overrides) -> str:
    return json.dumps(valid_report(**overrides))


def _throttled(world, headers):
    world.settings.API_CALLS_PER_MINUTE_ANONYMOUS = 1
    client = Client(REMOTE_ADDR="203.0.113.200")
    client.get("/api/v1/plan/", **headers)
    return client.get("/api/v1/plan/", **headers)


def _reports_limited(world, headers):
    world.settings.INTAKE_INVALID_POSTS_PER_HOUR = 1
    client = Client(REMOTE_ADDR="203.0.113.201")
    _post_report(client, json.dumps({"reporter_kind": "x"}), headers, key=str(uuid.uuid4()))
    return _post_report(client, _report(), headers, key=str(uuid.uuid4()))


def _csrf_refused(world, headers):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.worker)
    return client.post("/api/v1/cases/X-1/network-steps/", "{}", content_type="application/json", **headers)


def _second_factor_missing(world, headers):
    client = world.password_only_login(Client(), world.worker)
    return client.get("/api/v1/cases/", **headers)


def _bearer(secret):
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


TRIGGERS = [
    Trigger("query-not-an-integer", exceptions.ValidationError, 400, "validation",
            lambda w, h: Client().get("/api/v1/route/", {"age": "x"}, **h)),
    Trigger("query-not-a-boolean", exceptions.ValidationError, 400, "validation",
            lambda w, h: Client().get("/api/v1/route/", {"acute": "kanske"}, **h)),
    Trigger("query-time-out-of-range", exceptions.ValidationError, 400, "validation",
            lambda w, h: Client().get("/api/v1/route/", {"at": "9999-12-31T23:59:59"}, **h)),
    Trigger("body-not-a-string", exceptions.ValidationError, 400, "validation",
            lambda w, h: _post_report(Client(), _report(narrative={"a": 1}), h)),
    Trigger("body-not-a-boolean", exceptions.ValidationError, 400, "validation",
            lambda w, h: _post_report(Client(), _report(is_acute="kanske"), h)),
    Trigger("body-not-a-list", exceptions.ValidationError, 400, "validation",
            lambda w, h: _post_report(Client(), _report(observed_signs="sign-1"), h)),
    Trigger("body-list-too-long", exceptions.ValidationError, 400, "validation",
            lambda w, h: _post_report(Client(), _report(observed_signs=["sign-1"] * 201), h)),
    Trigger("body-too-long", exceptions.ValidationError, 400, "validation",
            lambda w, h: _post_report(Client(), _report(narrative="x" * 20001), h)),
    Trigger("body-missing-field", exceptions.ValidationError, 400, "validation",
            lambda w, h: _post_report(Client(), json.dumps({"reporter_kind": "private"}), h)),
    Trigger("body-not-an-object", exceptions.ValidationError, 400, "validation",
            lambda w, h: _post_report(Client(), "[1, 2]", h)),
    Trigger("the-forms-own-rules", exceptions.ValidationError, 400, "validation",
            lambda w, h: _post_report(Client(), _report(reporter_kind="x"), h)),
    Trigger("step-list-too-short", exceptions.ValidationError, 400, "validation",
            lambda w, h: w.session().post(f"/api/v1/cases/{w.case}/network-steps/", json.dumps(
                {"kind": "contact", "people": [], "occurred_on": "2026-01-01", "summary": "x"}),
                content_type="application/json", **h)),
    Trigger("body-not-json", exceptions.ParseError, 400, "parse_error",
            lambda w, h: _post_report(Client(), "{nej", h)),
    Trigger("body-duplicate-key", exceptions.ParseError, 400, "parse_error",
            lambda w, h: _post_report(Client(), '{"narrative": "a", "narrative": "b"}', h)),
    Trigger("body-not-utf8", exceptions.ParseError, 400, "parse_error",
            lambda w, h: Client().generic("POST", "/api/v1/reports/", b'{"narrative": "\xff"}',
                                          "application/json", HTTP_IDEMPOTENCY_KEY=KEY, **h)),
    Trigger("token-unknown", exceptions.AuthenticationFailed, 401, "authentication_failed",
            lambda w, h: _bearer("bk_0000_nej").get("/api/v1/cases/", **h)),
    Trigger("token-malformed-header", exceptions.AuthenticationFailed, 401, "authentication_failed",
            lambda w, h: Client(HTTP_AUTHORIZATION="Bearer a b").get("/api/v1/cases/", **h)),
    Trigger("token-revoked", exceptions.AuthenticationFailed, 401, "authentication_failed",
            lambda w, h: _bearer(w.revoked).get("/api/v1/plan/", **h)),
    Trigger("session-without-second-factor", authentication.TwoFactorRequired, 401, "two_factor_required",
            _second_factor_missing),
    Trigger("no-credentials", exceptions.NotAuthenticated, 401, "not_authenticated",
            lambda w, h: Client().get("/api/v1/cases/", **h)),
    Trigger("token-without-the-scope", exceptions.PermissionDenied, 403, "permission_denied",
            lambda w, h: _bearer(w.plan_reader).get("/api/v1/cases/", **h)),
    Trigger("account-without-case-work", exceptions.PermissionDenied, 403, "permission_denied",
            lambda w, h: _bearer(w.roleless_reader).get("/api/v1/cases/", **h)),
    Trigger("account-without-statistics", exceptions.PermissionDenied, 403, "permission_denied",
            lambda w, h: w.session().get("/api/v1/statistics/", **h)),
    Trigger("session-write-without-csrf", exceptions.PermissionDenied, 403, "permission_denied", _csrf_refused),
    Trigger("case-not-found", exceptions.NotFound, 404, "not_found",
            lambda w, h: w.session().get("/api/v1/cases/X-404/", {"purpose": w.purpose}, **h)),
    Trigger("page-past-the-end", exceptions.NotFound, 404, "not_found",
            lambda w, h: w.session().get("/api/v1/cases/", {"page": 99}, **h)),
    Trigger("page-not-a-number", exceptions.NotFound, 404, "not_found",
            lambda w, h: w.session().get("/api/v1/cases/", {"page": "nej"}, **h)),
    Trigger("unknown-format", exceptions.NotFound, 404, "not_found",
            lambda w, h: Client().get("/api/v1/plan/", {"format": "xml"}, **h)),
    Trigger("unknown-address", exceptions.NotFound, 404, "not_found",
            lambda w, h: Client().get("/api/v1/findes-ikke/", **h)),
    Trigger("method-not-allowed", exceptions.MethodNotAllowed, 405, "method_not_allowed",
            lambda w, h: Client().delete("/api/v1/plan/", **h)),
    Trigger("not-acceptable", exceptions.NotAcceptable, 406, "not_acceptable",
            lambda w, h: Client().get("/api/v1/plan/", HTTP_ACCEPT="text/html", **h)),
    Trigger("unsupported-media-type", exceptions.UnsupportedMediaType, 415, "unsupported_media_type",
            lambda w, h: _post_report(Client(), "a=b", h, content_type="text/plain")),
    Trigger("throttled", exceptions.Throttled, 429, "rate_limited", _throttled),
    Trigger("reports-limited", errors.ApiError, 429, "rate_limited", _reports_limited),
    Trigger("no-idempotency-key", errors.ApiError, 400, "idempotency_key",
            lambda w, h: _post_report(Client(), _report(), h, key="")),
]  # fmt: skip

# Subclasses of APIException no request can reach, and why.
NOT_REACHABLE = {
    exceptions.APIException: "the base class: raised by no one; a bug is the 500 handler's",
}


def _all_subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_all_subclasses(sub)}
    return found


def test_every_exception_class_has_a_request_that_raises_it():
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view, and with them every exception
    classes = _all_subclasses(exceptions.APIException) | {exceptions.APIException}
    missing = classes - {t.raises for t in TRIGGERS} - set(NOT_REACHABLE)
    assert not missing, f"add a request that raises each of {sorted(c.__name__ for c in missing)}"


@pytest.fixture
def world(plan, worker, make_user, make_token, settings, password_only_login, admin_user):
    from beredskab.api.serializers import CaseReadQuerySerializer
    from beredskab.cases.tests.factories import open_case

    case = open_case(worker)
    _token, revoked = make_token("read-plan")
    token_revoke(actor=admin_user, token=_token)
    _token, plan_reader = make_token("read-plan", user=worker)
    _token, roleless_reader = make_token("read-cases")
    purpose = next(iter(CaseReadQuerySerializer().fields["purpose"].choices))

    def session():
        client = Client()
        client.force_login(worker)
        return client

    return SimpleNamespace(
        worker=worker,
        case=case.reference,
        revoked=revoked,
        plan_reader=plan_reader,
        roleless_reader=roleless_reader,
        purpose=purpose,
        session=session,
        settings=settings,
        password_only_login=password_only_login,
    )


def _messages(body: dict) -> list[str]:
    error = body["error"]
    return [error["message"], *(m for messages in error["fields"].values() for m in messages)]


@pytest.mark.parametrize("trigger", TRIGGERS, ids=lambda t: t.name)
def test_every_error_in_danish_and_english(world, foreign, trigger):
    answers = {}
    for language in ("da", "en"):
        response = trigger.send(world, {"HTTP_ACCEPT_LANGUAGE": language})
        assert response.status_code == trigger.status, (language, response.content)
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
        error = body["error"]
        assert error["code"] == trigger.code and error["message"], body
        assert all(isinstance(m, str) and m for ms in error["fields"].values() for m in ms), body
        for text in _messages(body):
            wrong = [p.pattern for p in foreign[language] if p.search(text)]
            assert not wrong, f"{language} answer {text!r} contains the other language: {wrong[:3]}"
        answers[language] = _messages(body)
    assert answers["da"][0] != answers["en"][0], answers
