"""Browser tests of the coordinator's plan pages: WCAG 2.1 AA scan, phone width, confirm a fact."""

import pytest

from beredskab.core.roles import Role
from beredskab.plan import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_pages_pass_axe_and_fit_a_phone(page, login, axe_check, make_user, ishoj_plan):
    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_plan, version_label="2028")
    login(make_user(Role.PLAN_COORDINATOR))
    for path, name in [
        ("/plan/", "version list"),
        (ishoj_plan.get_absolute_url(), "plan in force"),
        (draft.get_absolute_url(), "draft"),
        (f"/plan/{draft.pk}/sammenlign/", "compare"),
        (f"/plan/{draft.pk}/vedtag/", "adopt form"),
        (f"/plan/{draft.pk}/nyt-udkast/", "new draft form"),
    ]:
        page.goto(path)
        axe_check(page, name)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(ishoj_plan.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_confirm_an_unconfirmed_fact_in_the_browser(page, login, make_user, ishoj_plan):
    login(make_user(Role.PLAN_COORDINATOR))
    page.goto(ishoj_plan.get_absolute_url())
    assert "8 oplysninger er ikke bekræftet" in page.inner_text("main")
    page.get_by_role("button", name="Bekræft Åbningstid: StraXen").click()
    page.wait_for_load_state()
    assert "Oplysningen er markeret som bekræftet." in page.inner_text("main")
    assert "7 oplysninger er ikke bekræftet" in page.inner_text("main")


def test_adoption_with_a_later_in_force_date_and_a_roll_back_in_the_browser(
    page, login, axe_check, make_user, ishoj_plan
):
    """Issue 16: the council's decision, the confirmation with the differences in words, the
    scheduled version; then a version in force today rolled back with a reason. axe on each
    page, at 1280 and 360 px."""
    import datetime

    from beredskab.core import dates
    from beredskab.plan.models import ContactUnit, PlanStatus

    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_plan, version_label="2027")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone="43 57 75 79")
    today = dates.today()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    login(make_user(Role.PLAN_COORDINATOR))

    def check(name):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            axe_check(page, f"{name} at {width} px")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name

    page.goto(f"/plan/{draft.pk}/sammenlign/")
    assert "StraXen: telefon 43 57 75 78 → 43 57 75 79" in page.inner_text("main")
    check("compare in words")
    page.goto(f"/plan/{draft.pk}/vedtag/")
    check("adopt form")
    page.get_by_label("Vedtaget af").fill("Ishøj Byråd")
    page.get_by_label("Dato for beslutningen").fill(today.isoformat())
    page.get_by_label("Sagsnummer").fill("27/0815")
    page.get_by_label("Træder i kraft den").fill(monday.isoformat())
    page.get_by_role("button", name="Videre til bekræftelse").click()
    page.wait_for_load_state()
    assert "StraXen: telefon 43 57 75 78 → 43 57 75 79" in page.inner_text("main")
    check("adoption confirmation")
    page.get_by_role("button", name="Bekræft vedtagelsen").click()
    page.wait_for_load_state()
    assert "Versionen træder i kraft" in page.inner_text("main")
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SCHEDULED and draft.in_force_from == monday
    check("scheduled version")

    other = services.plan_draft_new_version(actor=None, from_plan=ishoj_plan, version_label="2026b")
    services.plan_adopt(actor=None, plan=other, adopted_by="Ishøj Byråd", adopted_on=today, in_force_from=today)
    page.goto(f"/plan/{other.pk}/rul-tilbage/")
    check("roll back form")
    page.get_by_label("Begrundelse").fill("Forkert telefonnummer")
    page.get_by_role("button", name="Rul tilbage", exact=True).click()
    page.wait_for_load_state()
    assert "Version 2024 er igen planen i kraft." in page.inner_text("main")


def test_cancel_a_waiting_version_in_the_browser(page, login, axe_check, make_user, ishoj_plan):
    """Issue 16: a version scheduled for next week is cancelled from its page with a reason and is
    a draft again; the version in force stays in force. axe on each page, at 1280 and 360 px."""
    import datetime

    from beredskab.core import dates
    from beredskab.plan.models import PlanStatus
    from beredskab.plan.selectors import plan_in_force

    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_plan, version_label="2027")
    today = dates.today()
    services.plan_adopt(
        actor=None, plan=draft, adopted_by="Ishøj Byråd", adopted_on=today, in_force_from=today + datetime.timedelta(7)
    )
    login(make_user(Role.PLAN_COORDINATOR))

    def check(name):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            axe_check(page, f"{name} at {width} px")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name

    page.goto(draft.get_absolute_url())
    page.get_by_role("link", name="Annullér ikrafttrædelsen").click()
    page.wait_for_load_state()
    check("cancel form")
    page.get_by_role("button", name="Annullér ikrafttrædelsen").click()
    page.wait_for_load_state()
    assert "Ikrafttrædelsen blev ikke annulleret" in page.inner_text("main")
    check("cancel form with an error")
    page.get_by_label("Begrundelse").fill("Forkert dato for ikrafttræden")
    page.get_by_role("button", name="Annullér ikrafttrædelsen").click()
    page.wait_for_load_state()
    assert "Version 2027 træder ikke i kraft. Den er et udkast igen." in page.inner_text("main")
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT and plan_in_force("ishoj") == ishoj_plan
