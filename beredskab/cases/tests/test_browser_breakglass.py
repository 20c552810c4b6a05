"""Break-glass and protected cases in a real browser, with a WCAG 2.1 AA scan: a case worker of
another unit opens a case with a reason; the unit's leader reviews the access; a protected case
is not listed for an unnamed colleague."""

import pytest

from beredskab.cases.models import BreakGlassAccess
from conftest import logout

from .factories import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_break_glass_and_review(page, login, axe_check, ishoj_plan, worker, leader, other_worker):
    case = open_case(worker)

    login(other_worker)
    page.goto("/sager/noedadgang/")
    axe_check(page, "break-glass form")
    page.fill("#id_reference", case.reference)
    page.fill("#id_reason", "For kort")
    page.click("main form.beredskab-form button[type=submit]")
    page.wait_for_load_state()
    assert "mindst 20 tegn" in page.inner_text("#id_reason_error")
    assert page.input_value("#id_reference") == case.reference
    axe_check(page, "break-glass form with an error")
    page.fill("#id_reason", "Barnet er på skadestuen, og vi skal kende sikkerhedsplanen nu.")
    page.click("main form.beredskab-form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith(f"/sager/{case.reference}/")
    assert "nødadgang" in page.inner_text("#break-glass-notice")
    axe_check(page, "case page under break-glass")
    logout(page)

    login(leader)
    page.goto("/start/")
    page.click("text=Nødadgange til gennemgang")
    page.wait_for_load_state()
    assert case.reference in page.inner_text("main")
    axe_check(page, "review list")
    page.click("main a:has-text('Gennemgå')")
    page.wait_for_load_state()
    page.fill("#id_note", "Rimelig brug i en akut situation.")
    page.click("main form.beredskab-form button[type=submit].button-primary")
    page.wait_for_load_state()
    assert "Ingen nødadgange venter" in page.inner_text("main")
    assert BreakGlassAccess.objects.get().reviewed_by == leader


def test_protected_case_is_not_listed_for_an_unnamed_colleague(page, login, ishoj_plan, worker, worker2, leader):
    from beredskab.cases.protection import case_protect

    case = open_case(worker)
    visible = open_case(worker2, subject_cpr="", subject_name="Anden Testesen")
    case_protect(actor=leader, case=case, reason="Slægtning ansat i kommunen.", members=[worker])
    login(worker2)
    page.goto("/sager/enhed/")
    text = page.inner_text("main")
    assert visible.reference in text and case.reference not in text
    page.goto("/sager/")
    assert case.reference not in page.inner_text("main")
    response = page.goto(f"/sager/{case.reference}/")
    assert response.status == 404
