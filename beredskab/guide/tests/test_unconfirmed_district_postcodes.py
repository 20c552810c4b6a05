"""A district's postcodes that the plan does not state (`postcodes: {value: [...], unconfirmed:
why}`, Hedeby's example plan) are an unconfirmed fact like any other: the plan's page lists them
among the facts to confirm (with their place in the file) and marks them on the district, the
API's `/api/v1/plan/` names the place in `unconfirmed`, and the plan coordinator can confirm them
(audited); the guide and the routing answer then stop marking them. Before, they were left out
of the plan's unconfirmed facts: shown as not confirmed to the public for good, with no way to
confirm them, and unmarked on the staff page."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.core.roles import Role
from beredskab.plan.routing import route
from beredskab.plan.services import plan_fact_confirm

from .conftest import TUESDAY_10, load_and_adopt

pytestmark = pytest.mark.django_db
HEDEBY = Path(settings.BASE_DIR) / "plans" / "example-hedeby.yaml"
PLACE = "target_groups[born].districts[0].postcodes"
NOTE = "Planen nævner Distrikt Nord, men ikke hvilke postnumre det dækker."


@pytest.fixture
def hedeby(settings):
    return load_and_adopt(HEDEBY, settings)


def test_the_postcodes_are_an_unconfirmed_fact_of_the_plan(hedeby):
    [fact] = [f for f in hedeby.unconfirmed_facts() if f.place == PLACE]
    assert (fact.value, fact.note) == ("9980, 9981", NOTE)
    assert "Distrikt Nord" in fact.label


def test_the_plan_coordinator_sees_and_confirms_them(hedeby, client, make_user):
    client.force_login(make_user(Role.PLAN_COORDINATOR))
    page = client.get(reverse("plan:detail", args=[hedeby.pk])).content.decode()
    assert PLACE in page and NOTE in page
    [fact] = [f for f in hedeby.unconfirmed_facts() if f.place == PLACE]
    response = client.post(reverse("plan:confirm_fact", args=[hedeby.pk]), {"fact": fact.key})
    assert response.status_code == 302
    assert not [f for f in hedeby.unconfirmed_facts() if f.place == PLACE]
    assert AuditEvent.objects.filter(new_values__field="postcodes", new_values__confirmed=True).exists()
    hedeby.refresh_from_db()  # the version's new content stamp, as every request reads it
    assert "district_postcodes" not in route(hedeby, age=10, postcode="9980", at=TUESDAY_10).unconfirmed


def test_the_guide_stops_marking_them_once_confirmed(hedeby, client, at):
    at(TUESDAY_10)
    url = "/guide/bekymring/born/fagperson/?postnummer=9980"
    assert "distrikternes postnumre er ikke bekræftet" in client.get(url).content.decode()
    [fact] = [f for f in hedeby.unconfirmed_facts() if f.place == PLACE]
    plan_fact_confirm(actor=None, plan=hedeby, fact_key=fact.key)
    assert "distrikternes postnumre er ikke bekræftet" not in client.get(url).content.decode()


def test_the_api_names_their_place(hedeby, make_user):
    from beredskab.api.tokens import token_create

    admin = make_user(email="admin@test.example", is_staff=True, is_superuser=True)
    account = make_user(email="integration@test.example")
    _token, secret = token_create(actor=admin, name="Test", user=account, scopes=["read-plan"], days=90)
    body = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/plan/").json()
    assert PLACE in body["unconfirmed"]
