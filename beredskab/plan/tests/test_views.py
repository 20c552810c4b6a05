"""The plan coordinator's staff pages: authorization for every role, and the flows."""

import datetime
import re

import pytest
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.core import dates
from beredskab.core.navigation import entries_for
from beredskab.core.roles import Role
from beredskab.plan import services
from beredskab.plan.models import Plan, PlanStatus

NON_COORDINATOR_ROLES = [
    (Role.FRONTLINE, "skole-demo"),
    (Role.CHILD_CASEWORKER, "straxen"),
    (Role.ADULT_TASKFORCE, "taskforce-voksne"),
    (Role.UNIT_LEADER, "straxen"),
    (Role.AUDITOR, None),
    (Role.SYSADMIN, None),
]


def page_urls(plan) -> list[tuple[str, str]]:
    return [
        ("get", reverse("plan:list")),
        ("get", reverse("plan:detail", args=[plan.pk])),
        ("get", reverse("plan:compare", args=[plan.pk])),
        ("get", reverse("plan:adopt", args=[plan.pk])),
        ("post", reverse("plan:adopt", args=[plan.pk])),
        ("get", reverse("plan:draft_new", args=[plan.pk])),
        ("post", reverse("plan:draft_new", args=[plan.pk])),
        ("post", reverse("plan:archive", args=[plan.pk])),
        ("post", reverse("plan:confirm_fact", args=[plan.pk])),
        ("get", reverse("plan:export", args=[plan.pk])),
        ("get", reverse("plan:edit", args=[plan.pk])),
        ("get", reverse("plan:edit_section", args=[plan.pk, "kontakter"])),
        ("post", reverse("plan:edit_section", args=[plan.pk, "kontakter"])),
    ]


@pytest.fixture
def coordinator_client(client, make_user):
    user = make_user(Role.PLAN_COORDINATOR)
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.parametrize(("role", "unit"), NON_COORDINATOR_ROLES, ids=[str(r) for r, _u in NON_COORDINATOR_ROLES])
def test_other_roles_get_403_on_every_page(client, make_user, ishoj_plan, role, unit):
    client.force_login(make_user(role, unit))
    for method, url in page_urls(ishoj_plan):
        response = getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
    assert Plan.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login(client, ishoj_plan):
    for method, url in page_urls(ishoj_plan):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_navigation_entry_only_for_the_coordinator(make_user, db):
    assert [e.url_name for e in entries_for(make_user(Role.PLAN_COORDINATOR))].count("plan:list") == 1
    assert "plan:list" not in [e.url_name for e in entries_for(make_user(Role.CHILD_CASEWORKER, "straxen"))]


def test_unknown_plan_is_not_found(coordinator_client, db):
    assert coordinator_client.get(reverse("plan:detail", args=[999999])).status_code == 404


def test_list_and_detail_show_versions_and_unconfirmed_facts(coordinator_client, ishoj_plan):
    response = coordinator_client.get(reverse("plan:list"))
    assert response.status_code == 200
    assert "Ishøj Kommune" in response.text and "I kraft" in response.text

    response = coordinator_client.get(reverse("plan:detail", args=[ishoj_plan.pk]))
    text = response.text
    assert response.status_code == 200
    assert "8 oplysninger er ikke bekræftet" in text
    assert "ikke bekræftet" in text
    assert "units[straxen].hours" in text
    assert "Underretninger@ishoj.dk" in text and "43 57 69 95" in text
    assert "Placer den berørte et sikkert sted" in text
    assert "Isolation, indespærring, trusler, fysisk og psykisk vold." in text
    assert "barnets lov § 18, stk. 3" in text
    assert "Børn og unge i udsatte positioner" in text
    assert "Center for Velfærd og Voksne" in text  # the alias is shown
    assert 'style="' not in text  # the CSP forbids inline styles


def test_confirm_a_fact_from_the_page(coordinator_client, ishoj_plan):
    fact = next(f for f in ishoj_plan.unconfirmed_facts() if f.place == "units[cvv].hours")
    response = coordinator_client.post(reverse("plan:confirm_fact", args=[ishoj_plan.pk]), {"fact": fact.key})
    assert response.status_code == 302
    assert response["Location"].endswith("#ikke-bekraeftet")
    assert "units[cvv].hours" not in {f.place for f in ishoj_plan.unconfirmed_facts()}
    assert AuditEvent.objects.filter(action="plan.fact_confirmed", actor_id=coordinator_client.user.pk).exists()
    response = coordinator_client.post(
        reverse("plan:confirm_fact", args=[ishoj_plan.pk]), {"fact": fact.key}, follow=True
    )
    assert "Oplysningen er allerede bekræftet." in response.text


def test_draft_compare_and_adopt_flow(coordinator_client, ishoj_plan):
    response = coordinator_client.post(reverse("plan:draft_new", args=[ishoj_plan.pk]), {"version_label": "2028"})
    draft = Plan.objects.get(version_label="2028")
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()

    response = coordinator_client.get(reverse("plan:compare", args=[draft.pk]))
    assert response.status_code == 200
    assert "Fra 2024 til 2028" in response.text
    assert "version 2024 → 2028" in response.text  # in words, not the file's place

    # The adoption form keeps what was typed and shows the error next to the field.
    response = coordinator_client.post(reverse("plan:adopt", args=[draft.pk]), {"adopted_by": "Ishøj Byråd"})
    assert response.status_code == 200
    assert 'value="Ishøj Byråd"' in response.text
    assert "id_adopted_on_error" in response.text

    adoption = {
        "adopted_by": "Ishøj Byråd",
        "adopted_on": "2026-03-01",
        "case_reference": "26/1234",
        "in_force_from": dates.today().isoformat(),
    }
    response = coordinator_client.post(reverse("plan:adopt", args=[draft.pk]), adoption)
    assert response.status_code == 200 and "Bekræft vedtagelsen" in response.text  # the confirmation step
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    shown = re.search(r'name="compared_draft" value="([^"]+)"', response.text).group(1)
    response = coordinator_client.post(
        reverse("plan:adopt", args=[draft.pk]), {**adoption, "confirmed": "on", "compared_draft": shown}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    ishoj_plan.refresh_from_db()
    assert draft.status == PlanStatus.ADOPTED and draft.adopted_on == datetime.date(2026, 3, 1)
    assert draft.case_reference == "26/1234" and draft.in_force_from == dates.today()
    assert ishoj_plan.status == PlanStatus.ARCHIVED

    # An adopted version cannot be adopted again: the page says why.
    response = coordinator_client.get(reverse("plan:adopt", args=[draft.pk]), follow=True)
    assert "Kun et udkast kan vedtages." in response.text


def test_adoption_refused_by_the_service_is_shown_on_the_form(coordinator_client, ishoj_plan):
    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_plan)
    Plan.objects.filter(pk=draft.pk).update(revision_due=datetime.date(2040, 1, 1))
    response = coordinator_client.post(
        reverse("plan:adopt", args=[draft.pk]),
        {
            "adopted_by": "Ishøj Byråd",
            "adopted_on": "2026-03-01",
            "case_reference": "26/1",
            "in_force_from": dates.today().isoformat(),
            "confirmed": "on",
        },
    )
    assert response.status_code == 200
    assert "senest 4 år efter" in response.text
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_archive_a_draft_from_the_page(coordinator_client, ishoj_plan):
    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_plan)
    coordinator_client.post(reverse("plan:archive", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.ARCHIVED
    response = coordinator_client.post(reverse("plan:archive", args=[ishoj_plan.pk]), follow=True)
    assert "Planen i kraft arkiveres, når en ny version vedtages." in response.text
    ishoj_plan.refresh_from_db()
    assert ishoj_plan.status == PlanStatus.ADOPTED


def test_download_the_plan_file(coordinator_client, ishoj_plan):
    response = coordinator_client.get(reverse("plan:export", args=[ishoj_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert 'filename="ishoj-2024.yaml"' in response["Content-Disposition"]
    assert "Underretninger@ishoj.dk" in response.content.decode()


def test_pages_render_in_english(coordinator_client, ishoj_plan):
    coordinator_client.cookies["django_language"] = "en"
    assert coordinator_client.get(reverse("plan:detail", args=[ishoj_plan.pk])).status_code == 200


def test_detail_page_shows_whom_to_contact_now(client, make_user, ishoj_plan):
    import time_machine

    coordinator = make_user(Role.PLAN_COORDINATOR)
    with time_machine.travel(datetime.datetime(2026, 11, 28, 2, 0, tzinfo=datetime.UTC), tick=False):
        client.force_login(coordinator)  # inside the travel, so the session is fresh at that time
        response = client.get(reverse("plan:detail", args=[ishoj_plan.pk]))
    assert response.status_code == 200
    assert "StraXen er lukket nu (weekend). Ring til døgnvagten via politiet på 114." in response.text
    assert 'href="tel:114"' in response.text
