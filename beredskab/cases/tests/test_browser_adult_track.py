"""The adult track and the transition at 18 in a real browser, with a WCAG 2.1 AA scan of every
new page, at desktop width and at 360 px: an adult's case page, the leader's track correction,
the deadline list with a young person turning 18, and the decision at 18 (a hand-over)."""

import datetime

import pytest

from beredskab.cases.models import Case, Track
from beredskab.core.roles import Role

from .factories import cpr_for, open_adult_case, open_case, turning_18_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REASON = "Den unge fylder snart 18 år og ønsker selv at fortsætte hos taskforcen for voksne."


def _scan_at_both_widths(page, axe_check, url, context):
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        axe_check(page, f"{context} at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{context} at {width}"


def test_the_adult_case_page_and_the_track_correction(page, login, axe_check, ishoj_plan, make_user):
    taskforce = make_user(Role.ADULT_TASKFORCE, "taskforce-voksne", full_name="Tariq Taskforce")
    adult_leader = make_user(Role.UNIT_LEADER, "taskforce-voksne", full_name="Leif Leder")
    case = open_adult_case(taskforce)
    login(taskforce)
    _scan_at_both_widths(page, axe_check, f"/sager/{case.reference}/", "adult case page")
    main = page.inner_text("main")
    assert "Borgeren" in main and "Kontakt til borgeren" in main and "Barnet" not in main
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/sager/{case.reference}/")
    page.click("header button:has-text('Log af')")
    page.wait_for_load_state()

    login(adult_leader)
    _scan_at_both_widths(page, axe_check, f"/sager/{case.reference}/spor/", "track correction")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.check("input[name=track][value=children]")
    page.fill("#id_reason", "Henvendelsen handler om en pige på 16 år, ikke om en voksen, og hører til børnesporet.")
    page.click("main form.beredskab-form button[type=submit].button-primary")
    page.wait_for_load_state()
    assert "Sagens spor er rettet" in page.inner_text("main")
    assert Case.objects.get(pk=case.pk).track == Track.CHILDREN


def test_a_young_person_turning_18_is_flagged_and_handed_over(page, login, axe_check, ishoj_plan, worker, leader):
    case = open_case(worker, subject_cpr=cpr_for(turning_18_in(60)), subject_name="Sana Ungesen")
    login(leader)
    _scan_at_both_widths(page, axe_check, "/sager/frister/", "deadlines with a young person turning 18")
    assert case.reference in page.inner_text("main") and "Unge, der snart fylder 18 år" in page.inner_text("main")
    _scan_at_both_widths(page, axe_check, f"/sager/{case.reference}/", "case page with the flag at 18")
    assert "Den unge fylder 18 år den" in page.inner_text("main")
    _scan_at_both_widths(page, axe_check, f"/sager/{case.reference}/overgang-18/", "the decision at 18")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.check("input[name=kind][value=handover]")
    page.check("input[name=consent][value=given]")
    page.fill("#id_reason", REASON)
    page.click("main form.beredskab-form button[type=submit].button-primary")
    page.wait_for_load_state()
    assert "Beslutningen om overgangen ved 18 år er registreret" in page.inner_text("main")
    case = Case.objects.get(pk=case.pk)
    assert case.unit.code == "taskforce-voksne" and case.track == Track.ADULTS
    assert case.coming_of_age.get().decided_at.date() <= datetime.date.today()
