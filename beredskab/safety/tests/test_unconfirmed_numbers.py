"""A safety plan's numbers come from the plan in force; a number the plan coordinator has not
confirmed is marked "(ikke bekræftet)" where it is printed: on the person's discreet pocket card,
the staff version and the safety plan's page (issue 15: unconfirmed values are marked wherever the
public sees them). A confirmed further number of the out-of-hours contact is given before an
unconfirmed main number, as the guide does (`reasons.number_to_call`). Before, the numbers were
printed bare, and an out-of-hours contact with only further numbers printed none."""

import pytest
from django.urls import reverse

from beredskab.guide.tests.test_cards import pdf_text
from beredskab.safety import contacts, services
from beredskab.safety.standing import scenarios_of

from .factories import make_plan

pytestmark = pytest.mark.django_db


def _unconfirmed(unit, field="phone"):
    unit.unconfirmed = {**unit.unconfirmed, field: "Står ikke i planen."}
    unit.save(update_fields=["unconfirmed"])


@pytest.fixture
def safety_plan(plan, assessed, worker, school_contact):
    straxen = plan.units.get(code="straxen")
    _unconfirmed(straxen)
    _unconfirmed(plan.default_out_of_hours)
    safety_plan = make_plan(assessed, worker, school_contact)
    scenario = scenarios_of(safety_plan.risk_assessment)[0]
    services.safety_scenario_add(
        actor=worker, plan=safety_plan, scenario=scenario, actions="Gå til skolen.", contact_codes=["straxen"]
    )
    return safety_plan


def _pdf(client, worker, case, safety_plan, version: str) -> str:
    client.force_login(worker)
    url = reverse("safety:plan_pdf", args=[case.reference, safety_plan.number, version])
    return pdf_text(client.get(url).content)


def test_the_pocket_card_and_the_staff_version_mark_unconfirmed_numbers(client, plan, assessed, worker, safety_plan):
    ooh = plan.default_out_of_hours.phone
    pocket = _pdf(client, worker, assessed, safety_plan, "lomme")
    assert f"{ooh} (ikke bekræftet)" in pocket and "43 57 75 78 (ikke bekræftet)" in pocket
    staff = _pdf(client, worker, assessed, safety_plan, "personale")
    assert f"{ooh} (ikke bekræftet)" in staff and "43 57 75 78 (ikke bekræftet)" in staff
    page = client.get(reverse("safety:plan_detail", args=[assessed.reference, safety_plan.number])).content.decode()
    assert f"{ooh} (ikke bekræftet)" in page and "43 57 75 78 (ikke bekræftet)" in page


def test_a_confirmed_number_is_not_marked(plan, safety_plan):
    straxen = plan.units.get(code="straxen")
    straxen.unconfirmed = {}
    straxen.save(update_fields=["unconfirmed"])
    [contact] = contacts.resolve(["straxen"], plan)
    assert (contact.phone, contact.phone_unconfirmed) == ("43 57 75 78", False)


def test_a_confirmed_further_number_of_the_out_of_hours_contact_comes_first(plan):
    ooh = plan.default_out_of_hours
    ooh.more_phones = [{"phone": "70 20 30 40", "label": "Sms"}]
    ooh.save(update_fields=["more_phones"])
    _unconfirmed(ooh)
    found = contacts.out_of_hours(plan)
    assert (found.phone, found.phone_unconfirmed) == ("70 20 30 40", False)
    ooh.phone = ""
    ooh.unconfirmed = {}
    ooh.save(update_fields=["phone", "unconfirmed"])
    assert contacts.out_of_hours(plan).phone == "70 20 30 40"  # only further numbers: one is still printed
