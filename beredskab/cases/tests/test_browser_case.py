"""A whole children's case in a real browser, with a WCAG 2.1 AA scan of every page: a report
arrives, is claimed, assessed within 24 hours, screened with the NSK/ÆRK flag; the risk gate
blocks a parent meeting; a risk assessment is completed and approved by a second worker; the
meeting is then allowed; a security consultant is consulted; an intervention is added; the
case is closed."""

import datetime

import pytest

from beredskab.cases.models import Case, CaseStatus, NetworkStep
from beredskab.cases.risk.models import AssessmentStatus, Consultation, RiskAssessment
from conftest import logout, submit

from .factories import make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_whole_case(page, login, axe_check, ishoj_plan, worker, worker2):
    # One story in one browser, step by step: each step starts from the page the last one left
    # (split into tests, each would have to replay all the steps before it).
    report = make_report(is_acute=False)
    today = datetime.date.today()

    # The report arrives in the queue and is claimed.
    login(worker)
    page.goto("/sager/")
    axe_check(page, "queue")
    assert report.reference in page.inner_text("main")
    assert "150611-xxxx" in page.inner_text("main")
    page.click(f"text={report.reference}")
    axe_check(page, "visitation")
    submit(page, "Opret sagen og tag den")
    case = Case.objects.get()
    assert case.owner == worker
    assert page.url.endswith(f"/sager/{case.reference}/")
    axe_check(page, "case page, new")

    # The 24-hour assessment.
    page.click("text=Registrér vurderingen")
    axe_check(page, "24-hour assessment")
    page.check("#id_child_in_danger_0")  # Ved ikke
    page.check("#id_acute_action_needed_1")  # Nej
    page.fill("#id_reasons", "Ingen akut fare. Skolen følger hende i dag.")
    submit(page)
    assert "Vurderingen er registreret" in page.inner_text("main")

    # Screening with the NSK/ÆRK flag.
    page.click("text=Screen sagen")
    axe_check(page, "screening")
    page.check("input[name=outcome][value=investigation]")
    page.fill("#id_reasons", "Kontrol af telefon og tøj, holdes hjemme fra lejrskole.")
    page.check("#id_nsk_aerk_possible")
    page.check("input[name=earlier_honour_conflicts][value=unknown]")
    submit(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.SCREENED and case.nsk_aerk_flag
    assert "Risikoporten er lukket" in page.inner_text("main")
    axe_check(page, "case page, gate closed")

    # The mother is added to family and network; the gate blocks a meeting with her.
    page.click("text=Tilføj person")
    axe_check(page, "add person")
    page.fill("#id_name", "Mor Testesen")
    page.select_option("#id_relation", "mother")
    page.check("input[name=may_contact][value=yes]")
    submit(page)
    meeting = page.locator("#inddragelse button:has-text('Møde med forældre eller netværk')")
    assert meeting.is_disabled()
    page.goto(f"/sager/{case.reference}/inddragelse/moede/")
    assert "§ 18, stk. 3" in page.inner_text("main")
    assert page.locator("main form button[type=submit]").is_disabled()
    axe_check(page, "meeting refused by the gate")
    assert not NetworkStep.objects.exists()

    # The risk assessment is completed by the case worker ...
    page.goto(f"/sager/{case.reference}/")
    submit(page, "Start risikovurdering")
    axe_check(page, "risk assessment form")
    for select in page.locator("select[name^=now_]").all():
        select.select_option("partly")
    for select in page.locator("select[name^=past_]").all():
        select.select_option("absent")
    page.check("input[name=serious_violence_risk][value=medium]")
    page.check("input[name=acute_risk][value=low]")
    page.fill("#id_conclusion", "Kontrol uden konkrete trusler; risikoen stiger, hvis familien opdager sagen.")
    page.fill("#id_scenarios", "Familien opdager underretningen og holder hende hjemme.")
    page.fill("#id_safety_measures", "Møde med mor alene, på skolen. Ingen kontakt til far.")
    page.fill("#id_reassessment_on", (today + datetime.timedelta(days=30)).isoformat())
    submit(page, "Gem og afslut")
    assert RiskAssessment.objects.get().status == AssessmentStatus.COMPLETED
    axe_check(page, "risk assessment, completed")
    logout(page)

    # ... and approved by a second worker.
    login(worker2)
    page.goto(f"/risiko/{case.reference}/v1/")
    page.click("text=Godkend eller send tilbage")
    axe_check(page, "risk assessment review")
    page.check("input[name=decision][value=approve]")
    submit(page)
    assert RiskAssessment.objects.get().status == AssessmentStatus.APPROVED
    assert "Risikoporten er åben" in page.inner_text("main")
    logout(page)

    # The meeting with the mother is now allowed.
    login(worker)
    page.goto(f"/sager/{case.reference}/")
    page.click("#inddragelse a:has-text('Møde med forældre eller netværk')")
    axe_check(page, "meeting form")
    page.locator("input[name=people]").first.check()
    page.fill("#id_summary", "Møde med mor på skolen om fravær.")
    submit(page)
    assert NetworkStep.objects.get().gate_basis == "assessment"

    # A security consultant is consulted (anonymised).
    page.click("text=Registrér konsultation")
    axe_check(page, "consultation form")
    consultant = ishoj_plan.partners.get(kind="security_consultant")
    page.select_option("#id_partner", f"partner:{consultant.pk}")
    page.check("input[name=identification][value=anonymised]")
    page.fill("#id_question", "Hvordan sikres hun, hvis familien opdager sagen?")
    page.fill("#id_advice", "Lav en sikkerhedsplan med skolen, og kontakt politiet før sommerferien.")
    submit(page)
    assert Consultation.objects.get().partner == consultant

    # Work starts; an intervention is added, later ended; the case is closed.
    submit(page, "Sæt sagsarbejdet i gang")
    page.click("text=Ny indsats")
    axe_check(page, "intervention form")
    page.select_option("#id_kind", "counselling")
    page.check("input[name=prevention_level][value=secondary]")
    submit(page)
    assert "Indsatsen er oprettet" in page.inner_text("main")
    page.click("#indsatser a:has-text('Afslut')")
    submit(page)
    page.click("text=Luk sagen")
    axe_check(page, "close form")
    page.check("input[name=outcome][value=support_completed]")
    page.fill("#id_note", "Forløbet er afsluttet efter aftale med familien.")
    submit(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert "Sagen er lukket" in page.inner_text("main")
    axe_check(page, "case page, closed")

    # The lists and the deadlines page.
    for url in ("/sager/mine/", "/sager/frister/", "/sager/enhed/?status=closed"):
        page.goto(url)
        axe_check(page, url)


def test_the_case_page_works_on_a_phone(page, login, ishoj_plan, worker):
    from beredskab.cases.services import case_open

    case = case_open(actor=worker, reports=[make_report()])
    page.set_viewport_size({"width": 360, "height": 740})
    login(worker)
    page.goto(f"/sager/{case.reference}/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
