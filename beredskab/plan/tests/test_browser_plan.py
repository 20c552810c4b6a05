"""Browser tests of the coordinator's plan pages: WCAG 2.1 AA scan, phone width, confirm a fact."""

import pytest

from beredskab.core.roles import Role
from beredskab.plan import services
from beredskab.plan.editor import SECTIONS, section_version

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
        *((f"/plan/{draft.pk}/rediger/{slug}/", f"editor: {slug}") for slug in SECTIONS),
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


def test_edit_adopt_later_and_roll_back_in_the_browser(page, login, axe_check, make_user, ishoj_plan):
    """Issue 16's acceptance walk: the coordinator drafts a new version, changes StraXen's phone
    number and a warning sign in the editor (an invalid number first: the error next to the
    field, the input kept), sees the differences in words, records the council's adoption with
    an in-force date next Monday and confirms. With frozen time the guide shows the old number
    until Monday and the new one from Monday; then the coordinator rolls back with a reason.
    axe on each page, at 1280 and 360 px."""
    import re

    import time_machine

    from beredskab.plan.models import ContactUnit, Plan, PlanStatus

    from .adoption import CPH, MONDAY, WEDNESDAY

    coordinator = make_user(Role.PLAN_COORDINATOR)

    def check(name):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            axe_check(page, f"{name} at {width} px")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name

    def main():
        return re.sub(r"\s+", " ", page.inner_text("main"))

    def submit(name):
        page.get_by_role("button", name=name, exact=True).click()
        page.wait_for_load_state()

    with time_machine.travel(WEDNESDAY, tick=True):
        login(coordinator)
        page.goto(ishoj_plan.get_absolute_url())
        page.get_by_role("link", name="Opret nyt udkast ud fra versionen").click()
        page.get_by_label("Navn på den nye version").fill("2027")
        submit("Opret udkast")
        draft = Plan.objects.get(version_label="2027")
        page.get_by_role("link", name="Rediger udkastet").click()
        check("editor sections")

        page.get_by_role("link", name="Kontakter og åbningstider").click()
        check("contacts section")
        straxen = page.get_by_role("group", name="StraXen", exact=True)
        straxen.get_by_label("Telefon").fill("12")
        submit("Gem afsnittet")
        phone = page.get_by_role("group", name="StraXen", exact=True).get_by_label("Telefon")
        assert phone.input_value() == "12"  # the input kept
        error_id = phone.get_attribute("id") + "_error"
        assert "8 cifre" in page.inner_text(f"#{error_id}")  # next to the field
        assert "Ændringerne er ikke gemt" in main()
        check("contacts section with an error")
        phone.fill("43 57 75 79")
        submit("Gem afsnittet")
        assert "Ændringerne i afsnittet er gemt: StraXen: telefon 43 57 75 78 → 43 57 75 79" in main()
        assert ContactUnit.objects.get(plan=draft, code="straxen").phone == "43 57 75 79"

        page.get_by_role("link", name="Bekymringstegn").click()
        check("warning signs section")
        first_sign = page.locator("#id_del0-0-text")
        old_sign = first_sign.input_value()
        first_sign.fill("Den unge fortæller om trusler fra familien")
        submit("Gem afsnittet")
        assert "Ændringerne i afsnittet er gemt: " in main()

        page.get_by_role("link", name="Se ændringerne i forhold til planen i kraft").click()
        text = main()
        assert "StraXen: telefon 43 57 75 78 → 43 57 75 79" in text
        assert "Den unge fortæller om trusler fra familien" in text and old_sign[:30] in text
        check("compare in words")

        page.goto(f"/plan/{draft.pk}/vedtag/")
        check("adopt form")
        page.get_by_label("Vedtaget af").fill("Ishøj Byråd")
        page.get_by_label("Dato for beslutningen").fill(WEDNESDAY.date().isoformat())
        page.get_by_label("Sagsnummer").fill("27/0815")
        page.get_by_label("Træder i kraft den").fill(MONDAY.isoformat())
        submit("Videre til bekræftelse")
        assert "StraXen: telefon 43 57 75 78 → 43 57 75 79" in main()
        check("adoption confirmation")
        submit("Bekræft vedtagelsen")
        assert "Versionen træder i kraft" in main()
        draft.refresh_from_db()
        assert draft.status == PlanStatus.SCHEDULED and draft.in_force_from == MONDAY
        check("scheduled version")

    import datetime

    with time_machine.travel(datetime.datetime(2027, 3, 7, 23, 50, tzinfo=CPH), tick=True):
        page.goto("/guide/planen/")
        assert "43 57 75 79" not in main()  # the old number (other units share it: not asserted)
    with time_machine.travel(datetime.datetime(2027, 3, 8, 8, 0, tzinfo=CPH), tick=True):
        page.goto("/guide/planen/")
        assert "43 57 75 79" in main()
        login(coordinator)
        page.goto(f"/plan/{draft.pk}/rul-tilbage/")
        check("roll back form")
        page.get_by_label("Begrundelse").fill("Forkert telefonnummer")
        submit("Rul tilbage")
        assert "Version 2024 er igen planen i kraft." in main()
        page.goto("/guide/planen/")
        assert "43 57 75 79" not in main()


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


def test_a_stale_editor_page_in_the_browser(page, login, axe_check, make_user, ishoj_plan):
    """Attack (issue 16): the acute steps are changed in another tab while this page is open;
    saving is refused with the input kept and the saved version shown (axe at 1280 and 360 px);
    saving again stores the input."""
    from beredskab.plan.export import plan_to_document
    from beredskab.plan.models import AcuteStep

    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_plan, version_label="2028")
    login(make_user(Role.PLAN_COORDINATOR))
    page.goto(f"/plan/{draft.pk}/rediger/akut/")
    doc = plan_to_document(draft)
    steps = doc["acute"]["steps"]
    services.plan_draft_edit_section(
        actor=None,
        plan=draft,
        section="akut",
        values={("acute", "steps"): [*steps, "Fra en anden fane"]},
        version=section_version(doc, SECTIONS["akut"]),
    )
    page.get_by_role("group", name="Ny række").get_by_label("Skridt", exact=True).fill("Min rettelse")
    page.get_by_role("button", name="Gem afsnittet").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "ændret et andet sted" in main and "Fra en anden fane" in main
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        axe_check(page, f"stale editor page at {width} px")
    page.get_by_role("button", name="Gem afsnittet").click()
    page.wait_for_load_state()
    assert AcuteStep.objects.filter(plan=draft, text="Min rettelse").exists()
