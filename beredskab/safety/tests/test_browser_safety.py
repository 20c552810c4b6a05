"""A flagged case with an approved assessment gets a personal safety plan with two scenarios in a
real browser; the discreet pocket card is printed and its text checked (the out-of-hours number
of the plan in force; no municipality, no giveaway words, no family names); every page is
scanned with axe-core (WCAG 2.1 AA) at the default width and at 360 px."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from beredskab.cases.tests.factories import add_parent
from beredskab.plan.models import ContactUnit
from beredskab.safety.models import NoShow, SafetyPlan, Trip
from conftest import logout, submit

from .factories import SCENARIOS, assessed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def check(page, axe_check):
    def run(name: str):
        axe_check(page, name)
        size = page.viewport_size
        page.set_viewport_size({"width": 360, "height": 740})
        try:
            axe_check(page, f"{name} at 360 px")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        finally:
            page.set_viewport_size(size)

    return run


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))


def test_a_safety_plan_with_two_scenarios_and_its_discreet_pocket_card(
    page, login, check, ishoj_plan, worker, worker2, school_contact
):
    case = assessed_case(worker, worker2)
    add_parent(case, worker, name="Karim Haddad", relation="father", possible_perpetrator=True)
    add_parent(case, worker, name="Leila Haddad", relation="mother")
    out_of_hours = ContactUnit.objects.get(plan=ishoj_plan, code="doegnvagt").phone
    first, second = SCENARIOS.splitlines()

    login(worker)
    page.goto(f"/sager/{case.reference}/")
    page.click("text=Gå til sikkerhedsplan og rejser")
    check("safety overview, empty")
    assert "deles aldrig med familien" in page.inner_text("main")

    page.click("text=Lav personlig sikkerhedsplan")
    check("new safety plan form")
    page.fill("#id_safe_channels", "Via skolens kontaktperson Karen.")
    page.check("input[name=never_channels][value=shared_phone]")
    page.fill("#id_code_word", "Blåbær")
    page.check("input[name=documents][value=passport]")
    page.select_option("#id_no_show_reporter", str(school_contact.pk))
    page.fill("#id_no_show_hours", "")
    submit(page)
    check("new safety plan form with errors")
    assert page.input_value("#id_code_word") == "Blåbær"  # nothing typed is lost
    page.fill("#id_no_show_hours", "4")
    page.fill("#id_no_show_reaction", "Sagsbehandleren ringer til skolen, derefter til den unge.")
    page.check("#id_without_family")
    submit(page)
    plan = SafetyPlan.objects.get()
    assert plan.no_show_hours == 4 and plan.code_word == "Blåbær"
    check("safety plan, no scenarios")

    for scenario, actions in ((first, "Gå til skolens kontor og ring."), (second, "Giv passet til sagsbehandleren.")):
        page.click("main a.button:has-text('Tilføj scenarie')")
        check(f"scenario form ({scenario[:10]})")
        page.check(f"input[name=scenario][value='{scenario}']")
        page.fill("#id_actions", actions)
        page.check("input[name=contact_codes][value=doegnvagt]")
        page.fill("#id_safe_places", "Skolens kontor; biblioteket.")
        submit(page)
    assert plan.scenarios.count() == 2
    check("safety plan, two scenarios")
    assert out_of_hours in page.inner_text("main")

    # The discreet pocket card.
    pocket = page.request.get(f"/sikkerhed/{case.reference}/plan/{plan.number}/pdf/lomme/")
    assert pocket.headers["content-type"] == "application/pdf"
    assert "kort.pdf" in pocket.headers["content-disposition"]
    text = pdf_text(pocket.body())
    assert out_of_hours in text and "Gå til skolens kontor og ring." in text
    for word in (
        "Ishøj",
        "ISHØJ",
        "negativ social kontrol",
        "æresrelateret",
        "Karim",
        "Leila",
        "Haddad",
        case.subject_name,
        case.reference,
    ):
        assert word.lower() not in text.lower(), word
    staff = page.request.get(f"/sikkerhed/{case.reference}/plan/{plan.number}/pdf/personale/")
    assert case.reference in pdf_text(staff.body())

    # A trip abroad, the radar and the pre-holiday list.
    page.goto(f"/sikkerhed/{case.reference}/")
    page.click("text=Registrér rejse")
    check("trip form")
    page.check("input[name=kind][value=suspected]")
    page.fill("#id_destination", "Syldavien")
    page.fill("#id_passport_holder", "Faren")
    submit(page)
    assert Trip.objects.get().destination == "Syldavien"
    check("safety overview, with plan and trip")
    page.click("main >> text=Slå op i bekymringsradaren")
    check("concern radar")
    page.goto("/sikkerhed/ferieliste/")
    check("pre-holiday list")
    logout(page)

    # The school contact records the no-show in one step.
    login(school_contact)
    page.goto(f"/sikkerhed/{case.reference}/udeblevet/")
    check("no-show button")
    submit(page, "Den unge er ikke mødt op")
    assert NoShow.objects.filter(case=case, reported_by=school_contact).exists()
    check("no-show recorded")


def test_the_radar_at_intake_on_the_queue_page(page, login, check, ishoj_plan, worker):
    from beredskab.cases.tests.factories import another_child, make_report

    child = another_child()
    make_report(**child)
    make_report(**child)
    report = make_report(**child)
    login(worker)
    page.goto(f"/sager/koe/{report.reference}/")
    assert "3 eller flere underretninger om samme person" in page.inner_text("main")
    check("queue page with the concern radar")
    # Known by name alone: the radar says why it shows no one as the same person.
    named_only = make_report(subject_cpr="", subject_name="Aya Navnesen Syntetisk")
    page.goto(f"/sager/koe/{named_only.reference}/")
    assert page.locator("#radar-name-only").is_visible()
    check("queue page, the radar with a name alone")
