"""An adult case in a real browser, with a WCAG 2.1 AA scan of every page at the default width
and at 360 px: counselling is recorded, an action plan is made with the citizen, the case's risk
assessment is completed and approved by a second person, the plan is agreed, a crisis-centre
referral is recorded and accepted, the case is closed, and a leader keeps it from erasure (the
legal hold) and lifts the hold."""

import datetime

import pytest

from beredskab.adults.models import ActionPlan, Counselling, PlanStatus, Referral
from beredskab.cases.models import CaseStatus
from beredskab.cases.risk.models import AssessmentStatus, RiskAssessment
from beredskab.cases.tests.factories import CHILDRENS_LAW_WORDS as FORBIDDEN
from conftest import logout, submit

from .factories import open_adult_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def check(page, axe_check):
    """Scan the page with axe-core, then again at 360 px (and nothing wider than the screen)."""

    def run(name: str, *, words: bool = True):
        axe_check(page, name)
        size = page.viewport_size
        page.set_viewport_size({"width": 360, "height": 740})
        try:
            axe_check(page, f"{name} at 360 px")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        finally:
            page.set_viewport_size(size)
        if words:
            text = page.inner_text("main")
            assert not [w for w in FORBIDDEN if w in text], name

    return run


def test_an_adult_case_from_counselling_to_closing(page, login, check, ishoj_plan, tf, tf2, tf_leader):
    case = open_adult_case(tf)
    today = datetime.date.today()

    login(tf)
    page.goto(f"/sager/{case.reference}/")
    page.click("text=Gå til rådgivning og handlingsplan")
    check("adult overview, empty")

    # Counselling.
    page.click("text=Registrér samtale")
    check("counselling form")
    page.check("input[name=basis][value=sel_12a]")
    page.fill("#id_with_whom", "Borgeren alene")
    page.check("#id_interpreter_used")
    page.fill("#id_interpreter_language", "Arabisk")
    page.fill("#id_safe_place", "Bibliotekets mødelokale")
    page.fill("#id_note", "Hun vil gerne flytte og have hjælp til bolig.")
    submit(page)
    assert "Samtalen er registreret" in page.inner_text("main")
    assert Counselling.objects.get().interpreter_language == "Arabisk"

    # The action plan, made with the citizen.
    submit(page, "Lav handlingsplan")
    check("action plan form")
    page.fill("#id_housing", "Bor hjemme hos familien.")
    page.fill("#id_work", "Deltidsjob.")
    page.fill("#id_education", "HF, 2. år.")
    page.fill("#id_relatives", "Broren kontrollerer hendes telefon.")
    page.fill("#id_wishes", "Vil flytte og gøre HF færdig.")
    page.check("#id_consent_given")
    page.fill("#id_consent_on", today.isoformat())
    page.check("input[name=support_options][value=counselling]")
    page.check("input[name=support_options][value=crisis_centre]")
    page.fill("#id_follow_up_on", (today + datetime.timedelta(days=14)).isoformat())
    submit(page)
    assert "Handlingsplanen er gemt" in page.inner_text("main")
    assert "risikovurdering er godkendt" in page.inner_text("main")
    check("action plan, draft without an assessment")

    # The case's risk assessment: completed by the key employee ...
    page.goto(f"/sager/{case.reference}/")
    submit(page, "Start risikovurdering")
    for select in page.locator("select[name^=now_]").all():
        select.select_option("partly")
    for select in page.locator("select[name^=past_]").all():
        select.select_option("absent")
    page.check("input[name=serious_violence_risk][value=medium]")
    page.check("input[name=acute_risk][value=low]")
    page.fill("#id_conclusion", "Kontrol og trusler fra broren; risikoen stiger, hvis hun flytter uden hjælp.")
    page.fill("#id_scenarios", "Broren opdager flytningen.")
    page.fill("#id_safety_measures", "Møder på biblioteket; krisecenter ved behov.")
    page.fill("#id_reassessment_on", (today + datetime.timedelta(days=30)).isoformat())
    submit(page, "Gem og afslut")
    assert RiskAssessment.objects.get().status == AssessmentStatus.COMPLETED
    logout(page)

    # ... and approved by a second person.
    login(tf2)
    page.goto(f"/risiko/{case.reference}/v1/")
    page.click("text=Godkend eller send tilbage")
    page.check("input[name=decision][value=approve]")
    submit(page)
    assert RiskAssessment.objects.get().status == AssessmentStatus.APPROVED
    logout(page)

    # The plan is agreed with the citizen.
    login(tf)
    page.goto(f"/voksne/{case.reference}/handlingsplan/v1/")
    check("action plan, ready to agree")
    page.click("text=Markér som aftalt med borgeren")
    check("agree form")
    submit(page)
    plan = ActionPlan.objects.get()
    assert plan.status == PlanStatus.AGREED and plan.risk_assessment == RiskAssessment.objects.get()
    assert "markeret som aftalt" in page.inner_text("main")
    check("action plan, agreed")

    # A crisis-centre referral, accepted.
    page.goto(f"/voksne/{case.reference}/")
    page.click("text=Registrér henvisning")
    check("referral form")
    page.check("input[name=kind][value=crisis_centre]")
    page.fill("#id_place", "Krisecenter Øst")
    submit(page)
    assert "Henvisningen er registreret" in page.inner_text("main")
    page.click("#henvisninger a:has-text('Ny status')")
    check("referral status form")
    page.select_option("#id_status", "accepted")
    submit(page)
    assert Referral.objects.get().status == "accepted"
    check("adult overview, filled in")

    # The case is closed.
    page.goto(f"/sager/{case.reference}/")
    page.click("text=Luk sagen")
    page.check("input[name=outcome][value=support_completed]")
    page.fill("#id_note", "Borgeren er flyttet på krisecenter og følges af krisecentret.")
    submit(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    page.goto(f"/voksne/{case.reference}/")
    check("adult overview, closed case")
    assert "Registrér samtale" not in page.inner_text("main")
    logout(page)

    # A leader keeps the closed case from retention's erasure (a complaint is pending), with a
    # reason; then lifts the hold.
    login(tf_leader)
    page.goto(f"/sager/{case.reference}/")
    page.click("text=Tilbagehold sagen mod sletning (leder)")
    check("legal hold form")
    page.fill("#id_reason", "nej")
    submit(page)
    assert "Skriv, hvorfor." in page.inner_text("main")
    check("legal hold form, with an error")
    page.fill("#id_reason", "Borgeren har klaget, og klagen behandles stadig i Ankestyrelsen.")
    submit(page)
    case.refresh_from_db()
    assert case.legal_hold and "Tilbageholdt mod sletning" in page.inner_text("main")
    check("case page, held from erasure", words=False)
    page.click("text=Ophæv tilbageholdelsen (leder)")
    check("lifting the legal hold")
