"""Behind the reverse proxy (issue 12, finding 3): one outsider can neither lock staff out nor
shut the report form for everyone. The client is the address the trusted proxy saw; limits are
kept in the shared cache; valid reports and invalid posts are counted apart."""

import pytest
from django.test import RequestFactory

from beredskab.core.client import client_address
from beredskab.intake.models import Report
from beredskab.intake.tests.test_views import _post_data
from conftest import TEST_PASSWORD

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        (PROXY, "203.0.113.7", "203.0.113.7"),
        (PROXY, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the left part was written by the client
        (PROXY, "203.0.113.7, 10.0.0.6", "203.0.113.7"),  # two of our proxies
        (PROXY, "", PROXY),
        (PROXY, "not-an-address", PROXY),
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),  # not through our proxy: the header is not believed
    ],
)
def test_the_client_is_the_address_our_proxy_saw(behind_proxy, remote, forwarded, client):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


@pytest.mark.django_db
def test_wrong_passwords_from_one_outsider_do_not_lock_out_the_same_user_elsewhere(client, behind_proxy, make_user):
    from django.test import Client

    user = make_user(email="sara@test.example")
    outsider = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(6):
        client.post("/konto/login/", {"username": user.email, "password": "forkert"}, **outsider)
    at_work = Client().post(
        "/konto/login/",
        {"username": user.email, "password": TEST_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert at_work.status_code == 302 and "/konto/login/" not in at_work["Location"]


@pytest.mark.django_db
@pytest.mark.usefixtures("ishoj_plan", "org")
def test_junk_from_one_client_does_not_close_the_form_for_others_or_for_real_reports(client, behind_proxy, settings):
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    assert isinstance(caches["default"], DatabaseCache)  # shared by every worker process
    settings.INTAKE_INVALID_POSTS_PER_HOUR = 3
    junk = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    for _ in range(3):
        assert client.post("/underretning/ny/", _post_data(narrative=""), **junk).status_code == 400
    assert client.post("/underretning/ny/", _post_data(), **junk).status_code == 429
    school = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    for n in range(5):  # a school reporting several children in an hour
        response = client.post("/underretning/ny/", _post_data(subject_name=f"Barn {n} Syntetisk"), **school)
        assert response.status_code == 302
    assert Report.objects.count() == 5


# --- an IPv6 /64 is one client (helper-13, attack on issue 12) --------------------------------


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
    ],
)
def test_limits_count_an_ipv6_client_by_its_64_network(address, key):
    from beredskab.core.client import client_key

    assert client_key(RequestFactory().get("/", REMOTE_ADDR=address)) == key


@pytest.mark.django_db
@pytest.mark.usefixtures("ishoj_plan", "org")
def test_walking_an_ipv6_64_does_not_get_round_the_report_limit(client, behind_proxy, settings):
    settings.INTAKE_REPORTS_PER_HOUR = 1
    statuses = [
        client.post(
            "/underretning/ny/", _post_data(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"2001:db8:1:2::{i:x}"
        ).status_code
        for i in range(1, 4)
    ]
    assert statuses[0] == 302 and 429 in statuses[1:]
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_walking_an_ipv6_64_does_not_get_round_the_login_lockout(client, behind_proxy, make_user, settings):
    user = make_user(email="sara@test.example")
    for i in range(1, settings.AXES_FAILURE_LIMIT + 1):
        client.post(
            "/konto/login/",
            {"username": user.email, "password": f"gæt{i}"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"2001:db8:1:2::{i:x}",
        )
    last = client.post(
        "/konto/login/",
        {"username": user.email, "password": TEST_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="2001:db8:1:2::ff",
    )
    assert last.status_code == 429
