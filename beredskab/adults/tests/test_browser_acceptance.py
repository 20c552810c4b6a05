"""Issue 14's acceptance walk in a real browser, through the real pages: a citizen's inquiry about a
30-year-old arrives through the public form and is routed by Ishøj's plan to the adult taskforce,
is assigned automatically to a key employee on the roster, who opens the case from the queue
(and owns it); counselling is recorded, an action plan with a risk assessment is made and approved
by a second person, the plan is agreed, a crisis-centre referral is recorded and the case is
closed. Every page visited passes axe-core at the default width and at 360 px, and no page
speaks of children's law or of "the child" (except the public form itself, which is shown before
the age is known and lists the plan's signs for all ages)."""

import datetime

import pytest

from beredskab.adults.models import ActionPlan, Counselling, PlanStatus, Referral
from beredskab.cases.models import Case, CaseStatus
from beredskab.cases.risk.models import AssessmentStatus, RiskAssessment
from beredskab.cases.tests.factories import CHILDRENS_LAW_WORDS as FORBIDDEN
from beredskab.core.roles import Role
from beredskab.intake.models import Report
from conftest import logout, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNIT = "taskforce-voksne"
URL_WORDS = ("barn", "boern", "børn", "forael", "forældre")


@pytest.fixture
def check(page, axe_check):
    """Scan the page with axe-core, then again at 360 px (nothing wider than the screen), and
    look for children's words anywhere on the page."""
    seen = []

    def run(name: str, *, words: bool = True):
        axe_check(page, name)
        size = page.viewport_size
        page.set_viewport_size({"width": 360, "height": 740})
        try:
            axe_check(page, f"{name} at 360 px")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        finally:
            page.set_viewport_size(size)
        if not words:
            return
        text = page.inner_text("body")
        found = [w for w in FORBIDDEN if w in text]
        assert not found, f"{name} ({page.url}) shows {found}"
        addresses = page.eval_on_selector_all(
            "[href], [action], [id]",
            "els => els.map(e => [e.getAttribute('href'), e.getAttribute('action'), e.id].join(' '))",
        )
        for address in [page.url, *addresses]:  # URLs, form addresses and #fragments too
            found = [w for w in URL_WORDS if w in address.lower()]
            assert not found, f"{name} ({page.url}) has the address {address!r}"
        seen.append(name)

    run.seen = seen
    return run


@pytest.fixture
def roster(org, make_user):
    """The adult taskforce's roster, set up with the taskforce services: one key employee on it
    (so the automatic assignment has exactly one choice) and a backup colleague who approves."""
    from beredskab.taskforce import services

    unit = org["units"][UNIT]
    coordinator = make_user(Role.PLAN_COORDINATOR, full_name="Karin Koordinator")
    key = make_user(Role.ADULT_TASKFORCE, UNIT, full_name="Tariq Taskforce")
    second = make_user(Role.ADULT_TASKFORCE, UNIT, full_name="Tine Taskforce")
    services.member_add(actor=coordinator, unit=unit, user=key, role="key")
    services.member_add(actor=coordinator, unit=unit, user=second, role="backup")
    return key, second


def _case_links(page, reference):
    """The case's own pages linked from the case page (no PDFs, no downloads, no closing)."""
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    own = (f"/sager/{reference}/", f"/risiko/{reference}/", f"/voksne/{reference}/")
    keep = []
    for href in hrefs:
        path = href.split("#")[0]
        if not path.startswith(own) or path in own or "pdf" in path or "/luk/" in path or path in keep:
            continue
        keep.append(path)
    return keep


def test_an_adults_inquiry_from_the_public_form_to_a_closed_case(page, login, check, ishoj_plan, roster):
    from beredskab.taskforce.models import Assignment

    key, second = roster
    today = datetime.date.today()

    # A citizen reports through the public form.
    page.goto("/underretning/")
    check("public start", words=False)
    page.check("#id_danger_0")
    page.click("main button[type=submit].button-primary")
    page.wait_for_load_state()
    check("public form", words=False)  # before the age is known: the plan's signs for all ages
    page.check("#id_reporter_kind_1")  # Privatperson
    page.fill("#id_reporter_name", "Nadia Nabo")
    page.fill("#id_reporter_phone", "12345678")
    page.fill("#id_subject_name", "Layla Borger")
    page.fill("#id_subject_approximate_age", "30")
    page.fill("#id_narrative", "Hun bliver fulgt til og fra arbejde, og broren tager hendes telefon.")
    page.click("text=Send underretningen")
    page.wait_for_load_state()
    assert "Vi har modtaget din henvendelse" in page.inner_text("main")
    check("public receipt")
    report = Report.objects.get()
    assert report.receiving_unit.code == UNIT
    assert Assignment.objects.get(report=report).owner == key

    # The key employee opens the case from the queue; the case is hers.
    login(key)
    page.goto("/sager/")
    check("queue")
    page.click(f"main a:has-text('{report.reference}')")
    page.wait_for_load_state()
    check("queue report")
    submit(page)
    case = Case.objects.get()
    assert case.owner == key
    assert case.track == "adults"
    check("case page, new")
    lists = (("/sager/mine/", "my cases"), ("/sager/frister/", "deadlines"), ("/sager/enhed/", "unit's cases"))
    for href, name in lists:
        page.goto(href)
        check(name)
        assert case.reference in page.inner_text("main"), name
    page.goto(f"/sager/{case.reference}/")

    # Counselling.
    page.click("text=Gå til rådgivning og handlingsplan")
    page.wait_for_load_state()
    check("adult overview, empty")
    page.click("text=Registrér samtale")
    page.wait_for_load_state()
    check("counselling form")
    page.check("input[name=basis][value=sel_12a]")
    page.fill("#id_with_whom", "Borgeren alene")
    page.fill("#id_safe_place", "Bibliotekets mødelokale")
    page.fill("#id_note", "Hun vil gerne flytte og have hjælp til bolig.")
    submit(page)
    assert "Samtalen er registreret" in page.inner_text("main")
    assert Counselling.objects.count() == 1
    check("adult overview after counselling")

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
    check("action plan, draft")

    # The risk assessment, from the case page.
    page.goto(f"/sager/{case.reference}/")
    check("case page, before the assessment")
    submit(page, "Start risikovurdering")
    check("risk assessment form")
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
    check("risk assessment, completed")
    logout(page)

    # Four eyes: a second person approves.
    login(second)
    page.goto(f"/risiko/{case.reference}/v1/")
    check("risk assessment, second person")
    page.click("text=Godkend eller send tilbage")
    page.wait_for_load_state()
    check("approval form")
    page.check("input[name=decision][value=approve]")
    submit(page)
    assert RiskAssessment.objects.get().status == AssessmentStatus.APPROVED
    check("risk assessment, approved")
    logout(page)

    # The plan is agreed with the citizen.
    login(key)
    page.goto(f"/voksne/{case.reference}/handlingsplan/v1/")
    check("action plan, ready to agree")
    page.click("text=Markér som aftalt med borgeren")
    page.wait_for_load_state()
    check("agree form")
    submit(page)
    plan = ActionPlan.objects.get()
    assert plan.status == PlanStatus.AGREED and plan.risk_assessment == RiskAssessment.objects.get()
    check("action plan, agreed")

    # A crisis-centre referral.
    page.goto(f"/voksne/{case.reference}/")
    page.click("text=Registrér henvisning")
    page.wait_for_load_state()
    check("referral form")
    page.check("input[name=kind][value=crisis_centre]")
    page.fill("#id_place", "Krisecenter Øst")
    submit(page)
    assert "Henvisningen er registreret" in page.inner_text("main")
    assert Referral.objects.get().kind == "crisis_centre"
    check("adult overview, filled in")

    # Every page the open case links to (its forms and sub-pages), before it is closed.
    page.goto(f"/sager/{case.reference}/")
    check("case page, before closing")
    for href in _case_links(page, case.reference):
        page.goto(href)
        check(f"linked page {href}")

    # The case is closed.
    page.goto(f"/sager/{case.reference}/")
    page.click("text=Luk sagen")
    page.wait_for_load_state()
    check("close form")
    page.check("input[name=outcome][value=support_completed]")
    page.fill("#id_note", "Borgeren er flyttet på krisecenter og følges af krisecentret.")
    submit(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    check("case page, closed")
