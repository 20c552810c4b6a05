"""Permissions-Policy on every response (issue 12, item 13c): no page may switch on the camera,
microphone, location, payments or USB and other devices. Every URL pattern for every role is
checked in tests/test_authorization_matrix.py; here the responses outside it (static files,
error pages, the admin) and what the browser makes of the header."""

import pytest
from django.test import Client

from beredskab.core.middleware import PERMISSIONS_POLICY, PERMISSIONS_POLICY_FEATURES

OFF = ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "display-capture")


def test_the_policy_switches_the_dangerous_features_off():
    for feature in OFF:
        assert f"{feature}=()" in PERMISSIONS_POLICY.split(", ")
    assert all("=()" in item for item in PERMISSIONS_POLICY.split(", "))  # nothing allowed, not even self
    assert len(set(PERMISSIONS_POLICY_FEATURES)) == len(PERMISSIONS_POLICY_FEATURES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/", 302),
        ("get", "/konto/login/", 200),
        ("get", "/underretning/ny/", 200),
        ("get", "/findes-ikke/", 404),
        ("get", "/admin/", 302),
        ("get", "/static/css/pdf.css", 200),
        ("post", "/konto/login/", 403),  # no CSRF token: Django's refusal page
    ],
)
def test_every_kind_of_response_carries_the_header(method, url, status, ishoj_plan, settings):
    # Static files as production serves them: by WhiteNoise, inside the middleware stack.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_browser_switches_the_features_off_and_knows_every_name(page):
    warnings = []
    page.on("console", lambda message: warnings.append(message.text))
    page.goto("/")
    allowed = page.evaluate("(names) => names.filter((n) => document.featurePolicy.allowsFeature(n))", list(OFF))
    assert allowed == []
    assert page.evaluate("navigator.geolocation !== undefined")  # the API is there, but refused by the policy
    unknown = [w for w in warnings if "feature" in w.lower()]
    assert not unknown, unknown
