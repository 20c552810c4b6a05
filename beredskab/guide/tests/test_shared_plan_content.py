"""The plan in force's rows are read once per version and process and shared by every request
(issue 20, `plan.content`): the public pages read no more than the plan itself after the first
request, and no page, form, card or API answer changes a shared row (a value set on one for one
request would show in the next, in another language or for another person)."""

import pytest
from django.conf import settings
from django.db import models

from beredskab.guide import cards
from beredskab.intake.tests.test_views import _post_data
from beredskab.plan.content import plan_data
from beredskab.plan.selectors import plan_in_force

from .conftest import FRIDAY_1640, TUESDAY_10

pytestmark = pytest.mark.django_db

PAGES = [
    "/guide/",
    "/guide/hvem/",
    "/guide/akut/",
    "/guide/bekymring/born/fagperson/",
    "/guide/bekymring/ukendt-alder/privatperson/",
    "/guide/bekymring/voksne/mig-selv/",
    "/guide/om-planen/",
    "/guide/action-cards/",
    "/guide/action-cards/born/bekymring/",
    "/guide/action-cards/voksne/akut/",
    "/underretning/ny/",
    "/underretning/ny/?gruppe=voksne",
    "/api/v1/route/?age=15&postcode=2635&acute=true",
    "/api/v1/plan/",
]


def _rows(data) -> list:
    """Every row the kept content holds, and the rows below them."""
    rows = [data.plan, *data.unit_list, *data.groups, *data.closure_days, *data.separate_routes]
    rows += [*data.readers, *data.partners, *data.sign_groups, *data.acute_steps, *data.definitions]
    for unit in data.unit_list:
        rows += [*unit.opening_hours.all(), *unit.special_days.all()]
    for group in data.groups:
        for name in ("advice", "districts", "warning_signs", "procedure_steps", "duties", "reader_procedures"):
            rows += list(getattr(group, name).all())
    return rows


PREFETCHED = "_prefetched_objects_cache"


def _plain(value):
    """A value as data: a row by its identity (its words depend on the active language)."""
    if isinstance(value, models.Model):
        return type(value).__name__, value.pk, id(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {repr(key): _plain(item) for key, item in value.items()}
    return repr(value)


def _state(row) -> tuple:
    """What a row holds: its values, the rows its links are filled with, its prefetched lists."""
    values = {
        key: _plain(value) for key, value in vars(row).items() if key not in ("_state", "_prefetched_objects_cache")
    }
    links = {key: id(value) for key, value in row._state.fields_cache.items()}
    prefetched = {
        key: [id(r) for r in qs._result_cache] for key, qs in vars(row).get("_prefetched_objects_cache", {}).items()
    }
    return values, links, prefetched


def test_no_request_changes_the_shared_rows(client, ishoj_guide_plan, at, cards_dir):
    at(TUESDAY_10)
    client.get("/guide/bekymring/born/fagperson/")  # the first request reads the version
    data = plan_data(plan_in_force()).details()
    before = {id(row): _state(row) for row in _rows(data)}
    for language in ("da", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in PAGES:
            assert client.get(url).status_code == 200, url
        assert client.get("/guide/bekymring/born/fagperson/", {"postnummer": "2635"}).status_code == 200
        assert client.get("/guide/action-cards/born/akut.pdf").status_code == 200
        assert client.post("/underretning/ny/", _post_data()).status_code == 302
        assert client.post("/underretning/ny/", _post_data(subject_cpr="", subject_age="30")).status_code == 302
    at(FRIDAY_1640)  # closed: the out-of-hours route
    assert client.get("/guide/bekymring/born/fagperson/").status_code == 200
    assert plan_data(plan_in_force()) is data  # every request above answered from it
    assert {id(row): _state(row) for row in _rows(data)} == before
    assert cards.card_pdf(plan_in_force(), data.groups[0], cards.CONCERN)


def test_the_public_pages_read_only_the_plan_after_the_first_request(
    client, ishoj_guide_plan, at, django_assert_max_num_queries
):
    at(TUESDAY_10)
    client.get("/guide/bekymring/ukendt-alder/fagperson/")  # the first request reads the version
    # The plan (the view's and the page header's words), the installation's municipality; the path
    # asks whether a report can be filed digitally (a unit of this installation) too.
    with django_assert_max_num_queries(3):  # 11 before the plan's content was kept
        client.get("/guide/hvem/")
    with django_assert_max_num_queries(4):  # 36
        client.get("/guide/bekymring/ukendt-alder/fagperson/")
    with django_assert_max_num_queries(5):  # 43
        client.get("/guide/akut/")
    with django_assert_max_num_queries(4):  # 31
        client.get("/guide/action-cards/born/bekymring/")
