"""Attacks on the safety app (a fresh engineer trying to break it): each reproduces a fault
found, fixed at the depth of the rule."""

import datetime
import re

import pytest
from django.urls import reverse

from beredskab.cases.protection import case_protect
from beredskab.core.policies import PolicyDenied
from beredskab.safety import contacts, selectors, services
from beredskab.safety.policies import safety_policy

from .factories import make_plan, plan_input

pytestmark = pytest.mark.django_db


def test_a_protected_case_hides_its_safety_plan_and_radar_from_the_unit_members_not_named(
    assessed, worker, worker2, leader, school_contact
):
    """The safety policy asked only "same unit?", skipping the protection rule: every page went
    through the case policy first, but the policy itself (and the screening hook) did not."""
    make_plan(assessed, worker, school_contact)
    case = case_protect(actor=leader, case=assessed, reason="Morbror arbejder i forvaltningen.", members=[worker])
    assert safety_policy.can(worker, "view", case)
    assert not safety_policy.can(worker2, "view", case)
    with pytest.raises(PolicyDenied):
        selectors.safety_overview(user=worker2, case=case)
    with pytest.raises(PolicyDenied):
        selectors.radar_for_case(user=worker2, case=case, purpose=None, today=case.received_at.date())
    assert selectors.radar_summary(worker2, case) is None


@pytest.mark.parametrize(
    "name,suffix",
    [
        ("plan_detail", ["99999999999999999999"]),
        ("plan_pdf", ["99999999999999999999", "lomme"]),
        ("plan_edit", ["99999999999999999999"]),
        ("no_show_handle", ["99999999999999999999"]),
        ("trip_return", ["99999999999999999999"]),
    ],
)
def test_a_huge_id_typed_in_the_url_is_a_404_not_a_500(client, assessed, worker, school_contact, name, suffix):
    make_plan(assessed, worker, school_contact)
    client.force_login(worker)
    base = reverse(f"safety:{name}", args=[assessed.reference, "1", *suffix[1:]])
    url = base.replace("/1/", f"/{suffix[0]}/", 1)
    assert client.get(url).status_code == 404


def test_an_edit_from_a_stale_tab_does_not_silently_undo_a_colleagues_change(
    client, assessed, worker, worker2, school_contact
):
    """Tab A shows the edit form; tab B changes the no-show reporter; tab A's post (made from
    the old plan) would put the old reporter back without anybody noticing."""
    safety_plan = make_plan(assessed, worker, school_contact)
    client.force_login(worker)
    url = reverse("safety:plan_edit", args=[assessed.reference, safety_plan.number])
    page = client.get(url).content.decode()
    seen = re.search(r'name="seen_version" value="([^"]*)"', page).group(1)
    services.safety_plan_change(actor=worker2, plan=safety_plan, data=plan_input(worker2))  # tab B
    post = {
        "made_with_person_on": datetime.date.today().isoformat(),
        "safe_channels": "Via skolens kontaktperson.",
        "never_channels": ["letter_home"],
        "no_show_reporter": str(school_contact.pk),
        "no_show_hours": "4",
        "no_show_reaction": "Sagsbehandleren ringer.",
        "seen_version": seen,
        "submission_token": re.search(r'name="submission_token" value="([^"]*)"', page).group(1),
    }
    response = client.post(url, post)
    assert "ændret et andet sted" in response.content.decode()
    assert "Sagsbehandleren ringer." in response.content.decode()  # nothing typed is lost
    safety_plan.refresh_from_db()
    assert safety_plan.no_show_reporter == worker2


def test_a_radar_probe_with_a_made_up_sibling_is_traceable_in_the_audit_log(plan, worker, make_user):
    """An insider adds a "sibling" to their own case to learn whether someone has a case
    elsewhere. The page shows only "findes — spørg <enhed>" (by design), but the audit event
    named only the rules that fired, so nobody could later see whose case the probe revealed."""
    from beredskab.adults.tests.factories import open_adult_case
    from beredskab.audit.models import AuditEvent
    from beredskab.cases.tests.factories import add_parent, another_child, cpr_for, open_case
    from beredskab.core.roles import Role

    tf = make_user(Role.ADULT_TASKFORCE, "taskforce-voksne")
    target = open_adult_case(tf, subject_name="Yasmin Haddad", subject_cpr=cpr_for(datetime.date(2000, 3, 12), "321"))
    probe = open_case(worker, **another_child())
    add_parent(probe, worker, name="Yasmin Haddad", relation="sibling", birth_year=2000)
    result = selectors.radar_for_case(user=worker, case=probe, purpose=None, today=datetime.date.today())
    assert all(not s.visible and s.reference == "" for s in result.related)
    event = AuditEvent.objects.filter(action="safety.radar_lookup").latest("pk")
    assert target.reference in event.new_values["shown"]
    assert "audit_ref" not in repr(result.related[0])


def test_the_pocket_card_is_checked_again_at_print_for_a_family_member_added_later(
    client, assessed, worker, school_contact
):
    """The texts were checked for family names when written; a name added to the network
    afterwards reached the person's pocket card unchecked."""
    from beredskab.audit.models import AuditEvent
    from beredskab.cases.tests.factories import add_parent
    from beredskab.safety.standing import scenarios_of

    safety_plan = make_plan(assessed, worker, school_contact)
    codes = [code for code, _label in contacts.choosable_contacts()][:1]
    scenario = scenarios_of(safety_plan.risk_assessment)[0]
    services.safety_scenario_add(
        actor=worker,
        plan=safety_plan,
        scenario=scenario,
        actions="Gå hjem til Farida efter skole.",
        contact_codes=codes,
    )
    url = reverse("safety:plan_pdf", args=[assessed.reference, safety_plan.number, "lomme"])
    client.force_login(worker)
    assert client.get(url)["Content-Type"] == "application/pdf"
    add_parent(assessed, worker, name="Farida Testesen", relation="mother")
    response = client.get(url, follow=True)
    assert response.redirect_chain and "Lommekortet kan ikke udskrives" in response.content.decode()
    assert AuditEvent.objects.filter(action="safety.plan_printed").count() == 1
    # The staff version (for the team) still prints.
    staff = reverse("safety:plan_pdf", args=[assessed.reference, safety_plan.number, "personale"])
    assert client.get(staff)["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "code_word",
    [
        "æresrelat\u0435ret",  # a Cyrillic "е"
        "ÆRES\u00adRELATERET",  # a soft hyphen
        "n\u200bsk",  # a zero-width space
        "Negativ  social   kontrol",
        "Ish\u00f8j Kommune".upper(),
    ],
)
def test_a_disguised_giveaway_word_is_refused_on_the_pocket_card(assessed, worker, school_contact, code_word):
    """The giveaway words were compared in plain lower case: a look-alike letter, a soft hyphen
    or a zero-width space put "æresrelateret" on the person's pocket card."""
    from beredskab.cases.errors import CaseError

    with pytest.raises(CaseError, match="afsløre emnet"):
        make_plan(assessed, worker, school_contact, code_word=code_word)
