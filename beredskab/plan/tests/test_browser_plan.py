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
