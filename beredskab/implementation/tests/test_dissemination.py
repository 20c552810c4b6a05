"""UnitDissemination: coverage per unit counted by hand, one-click idempotent acknowledgements per
version, and the names of those who have not acknowledged for the unit's leaders only."""

import ast
import datetime
import inspect

import pytest
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.core.policies import PolicyDenied
from beredskab.implementation import selectors, services
from beredskab.implementation.errors import ImplementationError
from beredskab.implementation.models import Acknowledgement, UnitDissemination
from beredskab.implementation.policies import may_see_missing

pytestmark = pytest.mark.django_db


def _ack(*users):
    for user in users:
        services.acknowledge(actor=user)


def test_coverage_per_unit_counted_by_hand(sent, people, org):
    p = people
    _ack(p["leader"], p["cw1"], p["both"], p["f1"], p["family"])
    coverage = selectors.dissemination_coverage()
    rows = {row["unit"].code: (row["acknowledged"], row["expected"]) for row in coverage["per_unit"]}
    # StraXen: Lene, Sara, Simon, Bodil = 4; acknowledged: Lene, Sara, Bodil = 3.
    # The school: Frida, Finn, Fatima, Bodil, Sven = 5; acknowledged: Frida, Bodil = 2.
    # Familierådgivningen was not sent the plan: Fie's acknowledgement counts nowhere.
    assert rows == {"straxen": (3, 4), "skole-demo": (2, 5)}
    # Overall, Bodil counts once: 8 people, 4 acknowledged.
    assert (coverage["acknowledged"], coverage["expected"]) == (4, 8)
    assert coverage["share"] == 0.5
    one = selectors.dissemination_coverage(org["units"]["straxen"])
    assert (one["acknowledged"], one["expected"], one["share"]) == (3, 4, 0.75)


def test_no_plan_in_force_and_nobody_expected(db, org):
    assert selectors.dissemination_coverage() == {"acknowledged": 0, "expected": 0, "share": None, "per_unit": []}


def test_sending_twice_to_a_unit_makes_one_dissemination(sent, coordinator, org):
    assert len(sent) == 2
    again = services.disseminate(actor=coordinator, units=[org["units"]["straxen"], org["units"]["familieraadgivning"]])
    assert [d.unit.code for d in again] == ["familieraadgivning"]
    assert UnitDissemination.objects.count() == 3
    assert AuditEvent.objects.filter(action="implementation.disseminated").count() == 3


def test_only_the_coordinator_disseminates(plan, people, org):
    with pytest.raises(PolicyDenied):
        services.disseminate(actor=people["leader"], units=[org["units"]["straxen"]])


def test_nothing_to_send_without_units(plan, coordinator):
    with pytest.raises(ImplementationError):
        services.disseminate(actor=coordinator, units=[])


def test_acknowledging_is_idempotent(sent, people):
    first, created = services.acknowledge(actor=people["cw1"])
    second, created_again = services.acknowledge(actor=people["cw1"])
    assert created and not created_again and first == second
    assert Acknowledgement.objects.count() == 1
    assert AuditEvent.objects.filter(action="implementation.acknowledged").count() == 1


def test_a_new_version_in_force_asks_again(sent, people, coordinator, org):
    from beredskab.plan import services as plan_services

    _ack(people["cw1"])
    assert not selectors.asked_to_acknowledge(people["cw1"])
    old = selectors.dissemination_coverage(org["units"]["straxen"])["acknowledged"]
    draft = plan_services.plan_draft_new_version(actor=coordinator, from_plan=sent[0].plan, version_label="2026")
    plan_services.plan_adopt(
        actor=coordinator, plan=draft, adopted_by="Ishøj Byråd", adopted_on=datetime.date(2026, 11, 1)
    )
    assert old == 1
    assert selectors.dissemination_coverage()["per_unit"] == []  # the new version is not sent yet
    services.disseminate(actor=coordinator, units=[org["units"]["straxen"]])
    assert selectors.asked_to_acknowledge(people["cw1"])
    assert selectors.dissemination_coverage(org["units"]["straxen"])["acknowledged"] == 0


def test_a_stale_page_does_not_acknowledge_a_version_the_employee_never_saw(client, sent, people, coordinator, org):
    """Attack: the start page showed the 2024 version; at midnight the 2026 version came into
    force; the employee clicks in the old tab. That is no acknowledgement of 2026."""
    from beredskab.plan import services as plan_services

    old = sent[0].plan
    draft = plan_services.plan_draft_new_version(actor=coordinator, from_plan=old, version_label="2026")
    plan_services.plan_adopt(
        actor=coordinator, plan=draft, adopted_by="Ishøj Byråd", adopted_on=datetime.date(2026, 11, 1)
    )
    services.disseminate(actor=coordinator, units=[org["units"]["straxen"]])
    client.force_login(people["cw1"])
    for posted in ({"plan": old.pk}, {}, {"plan": "x"}, {"plan": "٣"}, {"plan": "9" * 40}):
        response = client.post(reverse("implementation:acknowledge"), posted, follow=True)
        assert response.status_code == 200
    assert not Acknowledgement.objects.filter(user=people["cw1"]).exists()
    assert "En ny version af planen er trådt i kraft" in response.content.decode()
    with pytest.raises(ImplementationError):
        services.acknowledge(actor=people["cw1"], plan_id=old.pk)
    client.post(reverse("implementation:acknowledge"), {"plan": draft.pk})
    assert Acknowledgement.objects.get(user=people["cw1"]).plan == draft


def test_only_leaders_of_the_unit_see_who_has_not_acknowledged(sent, people, coordinator, org):
    straxen, school = org["units"]["straxen"], org["units"]["skole-demo"]
    _ack(people["cw1"])
    missing = selectors.missing_in_unit(user=people["leader"], unit=straxen)
    assert [u.full_name for u in missing] == ["Bodil Begge", "Lene Leder", "Simon Sagsbehandler"]
    assert AuditEvent.objects.filter(action="implementation.missing_viewed", purpose="supervision").count() == 1
    for who, unit in [
        (people["leader"], school),  # a leader of another unit
        (coordinator, straxen),  # the coordinator sees counts only
        (people["cw1"], straxen),  # a colleague
        (people["school_leader"], straxen),
    ]:
        assert not may_see_missing(who, unit)
        with pytest.raises(PolicyDenied):
            selectors.missing_in_unit(user=who, unit=unit)


def test_the_pages_show_names_to_the_leader_and_counts_to_the_coordinator(client, sent, people, coordinator):
    url = reverse("implementation:unit_missing", args=["straxen"])
    client.force_login(people["leader"])
    page = client.get(url).content.decode()
    assert "Simon Sagsbehandler" in page and "Bodil Begge" in page
    assert url in client.get(reverse("implementation:dissemination")).content.decode()
    client.force_login(coordinator)
    assert client.get(url).status_code == 404
    overview = client.get(reverse("implementation:dissemination")).content.decode()
    assert "0 af 8 medarbejdere har kvitteret" in overview
    assert "Simon" not in overview and url not in overview
    client.force_login(people["cw2"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("implementation:dissemination")).status_code == 403


def test_one_click_from_the_start_page(client, sent, people):
    client.force_login(people["cw2"])
    start = client.get(reverse("core:home")).content.decode()
    assert "Jeg har læst planen og ved, hvem jeg skal kontakte" in start
    assert f'name="plan" value="{sent[0].plan.pk}"' in start
    response = client.post(reverse("implementation:acknowledge"), {"plan": sent[0].plan.pk})
    assert response.status_code == 302
    client.post(reverse("implementation:acknowledge"), {"plan": sent[0].plan.pk})  # twice: still one
    assert Acknowledgement.objects.filter(user=people["cw2"]).count() == 1
    start = client.get(reverse("core:home")).content.decode()
    assert "Du har kvitteret for planen i kraft" in start


def test_the_names_of_those_missing_are_read_in_one_function_only():
    """Every reader of "who has not acknowledged" is `missing_in_unit`, which asks the policy
    first: no other function in the app excludes the acknowledged from a unit's employees."""
    import beredskab.implementation as app
    from beredskab.implementation import demo, forms, revision, start, views

    readers = []
    for module in (selectors, services, views, demo, forms, revision, start, app):
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            code = ast.unparse(node) if isinstance(node, ast.FunctionDef) else ""
            if "_acknowledged_ids" in code and ".exclude(" in code:
                readers.append(node.name)
    assert readers == ["missing_in_unit"]
    source = inspect.getsource(selectors.missing_in_unit)
    assert source.index('require(user, "view_missing", unit)') < source.index(".exclude(")


def test_the_units_employees_are_told_without_content(
    plan, coordinator, people, org, django_capture_on_commit_callbacks
):
    from django.core import mail

    services.acknowledge(actor=people["cw1"])  # already read it: not mailed
    with django_capture_on_commit_callbacks(execute=True):
        services.disseminate(actor=coordinator, units=[org["units"]["straxen"]])
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(people[k].email for k in ("leader", "cw2", "both"))
    for message in mail.outbox:
        assert "/implementering/laest/" in message.body
        for secret in ("Lene", "Simon", "Bodil", "StraXen", "Karin"):
            assert secret not in message.subject + message.body
    assert AuditEvent.objects.filter(action="implementation.dissemination_notified").count() == 1
