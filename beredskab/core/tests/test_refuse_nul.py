"""A NUL in the path or the query string is a 400 on every page and in the API, before any view
looks it up (PostgreSQL refuses NUL in text: it was a 500 on the guide's card page)."""

import pytest

pytestmark = pytest.mark.django_db

URLS = ["/guide/action-cards/born/bekymring/", "/guide/", "/underretning/ny/", "/api/v1/plan/", "/api/v1/route/"]


@pytest.mark.parametrize("url", URLS)
def test_a_nul_in_the_query_string_is_a_bad_request(client, ishoj_plan, url):
    for query in ({"laeser": "\x00"}, {"x\x00": "1"}, {"gruppe": ["born", "vo\x00ksne"]}):
        response = client.get(url, query)
        assert response.status_code == 400, (url, query)


def test_a_nul_in_the_path_is_a_bad_request(client, ishoj_plan):
    assert client.get("/guide/action-cards/bo%00rn/bekymring/").status_code == 400


def test_the_api_answers_in_its_error_shape(client, ishoj_plan):
    response = client.get("/api/v1/plan/", {"q": "\x00"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_request"


def test_ordinary_requests_pass(client, ishoj_plan):
    assert client.get("/guide/", {"laeser": "fagperson"}).status_code == 200
