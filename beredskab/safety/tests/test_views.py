"""The pages: the no-show button for the person the plan names (and nobody else without case
work), bad input kept with a Danish message, and the case page's section."""

import pytest
from django.urls import reverse

from beredskab.core.roles import Role
from beredskab.safety.models import NoShow, Trip

from .factories import make_plan

pytestmark = pytest.mark.django_db


def test_the_named_school_contact_records_a_no_show_in_one_step(client, assessed, worker, school_contact, make_user):
    make_plan(assessed, worker, school_contact)
    url = reverse("safety:no_show", args=[assessed.reference])
    stranger = make_user(Role.FRONTLINE, full_name="Anden Lærer")
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(school_contact)
    page = client.get(url)
    assert page.status_code == 200 and assessed.subject_name not in page.content.decode()
    token = page.context["form"].initial["submission_token"]
    done = client.post(url, {"submission_token": token})
    assert done.status_code == 200 and "Udeblivelsen er meldt" in done.content.decode()
    assert NoShow.objects.filter(case=assessed, reported_by=school_contact).count() == 1
    # The school contact sees nothing else of the case.
    assert client.get(reverse("safety:overview", args=[assessed.reference])).status_code == 403
    # Sent twice (the same token): recorded once.
    client.post(url, {"submission_token": token})
    assert NoShow.objects.filter(case=assessed).count() == 1


def test_bad_trip_input_is_kept_with_a_danish_message(client, assessed, worker):
    client.force_login(worker)
    url = reverse("safety:trip_add", args=[assessed.reference])
    response = client.post(
        url,
        {"kind": "planned", "destination": "Syldavien", "departs_on": "2026-07-10", "expected_return_on": "2026-07-01"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Hjemkomsten kan ikke ligge før afrejsen." in body and "Syldavien" in body
    assert not Trip.objects.exists()


def test_the_case_page_shows_the_section_to_the_team_only(client, assessed, worker, other_worker):
    client.force_login(worker)
    page = client.get(reverse("cases:detail", args=[assessed.reference])).content.decode()
    assert reverse("safety:overview", args=[assessed.reference]) in page


def test_the_plan_form_refuses_without_a_current_assessment(client, plan, worker):
    from beredskab.cases.tests.factories import flagged_case

    case = flagged_case(worker)
    client.force_login(worker)
    page = client.get(reverse("safety:plan_new", args=[case.reference])).content.decode()
    assert "ingen risikovurdering" in page
