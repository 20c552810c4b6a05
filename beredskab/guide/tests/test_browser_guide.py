"""The action guide in a real browser: the acceptance walks of the guide issue.

The server's clock is frozen (ticking) with time_machine around each walk: live_server runs in a
thread of this process, so the guide answers "now" for the moment the test chose. The quick
exit's neutral site is served by the browser itself (see the `neutral_site` fixture)."""

import re

import pytest

from .conftest import CHRISTMAS_DAY_2AM, EARLIER_SITE, SATURDAY_NIGHT, TUESDAY_10

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDE_PAGES = [
    "/guide/",
    "/guide/akut/",
    "/guide/hvem/",
    "/guide/bekymring/born/fagperson/",
    "/guide/bekymring/born/privatperson/",
    "/guide/bekymring/voksne/mig-selv/",
    "/guide/bekymring/ukendt-alder/fagperson/",
    "/guide/om-planen/",
    "/guide/planen/",
    "/guide/sikker-brug/",
    "/guide/action-cards/",
    "/guide/action-cards/born/bekymring/",
    "/guide/action-cards/born/akut/",
]


@pytest.fixture
def guide(page, ishoj_guide_plan, neutral_site):
    return page


def main_text(page) -> str:
    return re.sub(r"\s+", " ", page.inner_text("main"))


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def tab_to(page, text: str, *, limit: int = 80):
    """Press Tab until the focused element's text contains `text` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement ? document.activeElement.innerText || '' : ''")
        if text in focused:
            return
    raise AssertionError(f"could not reach {text!r} with the Tab key")


def test_acute_walk(guide, at, axe_check):
    at(TUESDAY_10)
    page = guide
    page.goto("/guide/")
    assert page.locator("h2", has_text="Er nogen i fare lige nu?").is_visible()
    axe_check(page, "guide start")
    page.click("text=Ja, nogen er i fare")
    page.wait_for_url("**/guide/akut/")
    text = main_text(page)
    assert "Placer den berørte et sikkert sted" in text
    assert "Ring til politiet på 112" in text and "spørg efter en ressourceperson hos politiet" in text
    assert page.get_attribute("a.guide-call", "href") == "tel:112"
    assert "Når personen er i sikkerhed" in text and "StraXen" in text and "Åben nu til 15:00" in text
    axe_check(page, "acute card")


def test_child_during_opening_hours_as_a_professional(guide, at, axe_check):
    at(TUESDAY_10)
    page = guide
    page.goto("/guide/")
    page.click("text=Nej, ikke lige nu")
    page.wait_for_url("**/guide/hvem/")
    axe_check(page, "who form")
    page.check("label:has-text('Børn og unge under 18 år')")
    page.check("label:has-text('Jeg er fagperson')")
    page.click("button:has-text('Vis vejledningen')")
    page.wait_for_url("**/guide/bekymring/born/fagperson/")
    text = main_text(page)
    assert "Åben nu til 15:00" in text and "ikke bekræftet" in text
    assert page.get_attribute(".guide-now a.guide-phone", "href") == "tel:+4543577578"
    assert "Skærpet underretningspligt" in text and "I tvivl, om du skal underrette?" in text
    assert "Fortæl ikke familien om din bekymring" in text
    assert "Listen over bekymringstegn er ikke udtømmende" in text
    assert page.get_attribute("a.guide-report-button", "href") == "/underretning/?gruppe=born&hvem=professional"
    axe_check(page, "child path, professional")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        page.click("a.guide-refresh")  # htmx reloads only the "Kontakt nu" box
    assert page.locator("#guide-now").count() == 1 and "Åben nu til 15:00" in page.inner_text("#guide-now")
    assert page.url.endswith("/guide/bekymring/born/fagperson/")
    page.click("a.guide-report-button")
    page.wait_for_url("**/underretning/?gruppe=born&hvem=professional")
    page.check("#id_danger_0")  # no danger right now: on to the form, the reader already chosen
    page.click("button:has-text('Fortsæt')")
    page.wait_for_url("**/underretning/ny/?gruppe=born&hvem=professional")
    assert page.is_checked("input[name=reporter_kind][value=professional]")
    axe_check(page, "report form opened from the guide, the reader chosen")


def test_child_on_a_saturday_night_as_a_private_person(guide, at, axe_check):
    at(SATURDAY_NIGHT)
    page = guide
    page.goto("/guide/hvem/")
    page.check("label:has-text('Børn og unge under 18 år')")
    page.check("label:has-text('Jeg er privatperson')")
    page.click("button:has-text('Vis vejledningen')")
    page.wait_for_url("**/guide/bekymring/born/privatperson/")
    first = page.locator(".guide-now .guide-contact").first
    assert "Kommunens døgnvagt (via politiet)" in first.inner_text()
    assert first.locator("a.guide-phone").get_attribute("href") == "tel:114"
    text = main_text(page)
    assert "StraXen er lukket nu" in text
    assert "Lukket nu: ring til døgnvagten via politiet på 114" in text and "(weekend)" in text
    assert "Du kan være anonym." in text and "Almindelig underretningspligt" in text
    axe_check(page, "child path at night, private person")


def test_child_on_a_public_holiday(guide, at, axe_check):
    at(CHRISTMAS_DAY_2AM)
    page = guide
    page.goto("/guide/bekymring/born/fagperson/")
    text = main_text(page)
    assert "Lukket nu: ring til døgnvagten via politiet på 114" in text
    assert "helligdag: Juledag" in text and "Åbner mandag 28. december kl. 08:00" in text
    axe_check(page, "child path on Christmas Day")


def test_adult(guide, at, axe_check):
    at(TUESDAY_10)
    page = guide
    page.goto("/guide/hvem/")
    page.check("label:has-text('Voksne over 18 år')")
    page.check("label:has-text('Det handler om mig selv')")
    page.click("button:has-text('Vis vejledningen')")
    page.wait_for_url("**/guide/bekymring/voksne/mig-selv/")
    text = main_text(page)
    assert "Center for Voksne og Velfærd" in text and "Tlf. 43 57 69 95" in text
    assert "Ønsker du at tale med en rådgiver vedrørende din egen situation" in text
    assert "Fortæl ikke familien" not in text
    axe_check(page, "adult path")


def test_unknown_age(guide, at, axe_check):
    at(TUESDAY_10)
    page = guide
    page.goto("/guide/hvem/")
    page.check("label:has-text('Jeg kender ikke personens alder')")
    page.check("label:has-text('Jeg er fagperson')")
    page.click("button:has-text('Vis vejledningen')")
    page.wait_for_url("**/guide/bekymring/ukendt-alder/fagperson/")
    text = main_text(page)
    assert "Bekymring for en person, hvis alder du ikke kender" in text
    assert "Hvis det drejer sig om: Børn og unge under 18 år" in text
    assert "Hvis det drejer sig om: Voksne over 18 år" in text
    axe_check(page, "unknown age path")


def test_switching_between_professional_and_private_person(guide, at):
    at(TUESDAY_10)
    page = guide
    page.goto("/guide/bekymring/born/fagperson/")
    assert "Som fagperson kan du ikke underrette anonymt." in main_text(page)
    page.click("text=Jeg er privatperson, fx nabo, ven eller familie")
    page.wait_for_url("**/guide/bekymring/born/privatperson/")
    assert "Du kan være anonym." in main_text(page)


def test_the_who_form_shows_errors_next_to_the_fields(guide, axe_check):
    page = guide
    page.goto("/guide/hvem/")
    page.click("button:has-text('Vis vejledningen')")
    assert page.inner_text("#id_gruppe_error").endswith("Vælg, hvem din bekymring drejer sig om.")
    assert page.inner_text("#id_rolle_error").endswith("Vælg, om du er fagperson eller privatperson.")
    axe_check(page, "who form with errors")


def test_every_guide_page_passes_axe_and_fits_a_phone(guide, at, axe_check):
    at(TUESDAY_10)
    page = guide
    page.set_viewport_size({"width": 360, "height": 740})
    for url in GUIDE_PAGES:
        page.goto(url)
        assert page.locator("#quick-exit").is_visible(), url
        assert page.locator("a.guide-acute-link").is_visible(), url  # the acute card, one step away
        assert no_horizontal_scroll(page), f"{url} scrolls sideways at 360 px"
        axe_check(page, url)


def test_the_coordinators_preview_passes_axe(page, ishoj_guide_plan, at, make_user, login, axe_check):
    at(TUESDAY_10)
    login(make_user("plan_coordinator"))
    page.goto("/guide/forhaandsvisning/")
    page.fill("#id_dato", "2026-12-25")
    page.fill("#id_tid", "02:00")
    page.click("button:has-text('Vis guiden')")
    assert "Sådan svarer guiden fredag 25. december 2026 kl. 02:00" in main_text(page)
    assert "Lukket nu: ring til døgnvagten via politiet på 114" in main_text(page)
    axe_check(page, "preview")
    page.set_viewport_size({"width": 360, "height": 740})
    assert no_horizontal_scroll(page)


def test_keyboard_only(guide, at):
    at(TUESDAY_10)
    page = guide
    page.goto("/guide/")
    tab_to(page, "Nej, ikke lige nu")
    page.keyboard.press("Enter")
    page.wait_for_url("**/guide/hvem/")
    for _ in range(40):  # Tab into the first radio group
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "gruppe":
            break
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "rolle"
    page.keyboard.press("Space")
    tab_to(page, "Vis vejledningen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/guide/bekymring/born/fagperson/")
    tab_to(page, "Ret dine svar")
    page.keyboard.press("Enter")
    page.wait_for_url("**/guide/hvem/?gruppe=born&rolle=fagperson")
    assert page.is_checked("input[name=gruppe][value=born]")
    page.goto("/guide/bekymring/born/fagperson/")
    tab_to(page, "Lav en digital underretning")
    page.keyboard.press("Enter")
    page.wait_for_url("**/underretning/?gruppe=born&hvem=professional")
    page.goto("/guide/om-planen/")
    tab_to(page, "Akut fare?")
    page.keyboard.press("Enter")
    page.wait_for_url("**/guide/akut/")


def test_quick_exit_leaves_and_the_back_button_does_not_return(guide, at, neutral_site):
    at(TUESDAY_10)
    page = guide
    page.goto(EARLIER_SITE)
    page.goto("/guide/")
    page.click("text=Nej, ikke lige nu")
    page.wait_for_url("**/guide/hvem/")
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    assert page.title() == "Vejret"
    assert "guide" not in page.url
    page.go_back()
    page.wait_for_load_state()
    assert "/guide/" not in page.url  # neither the page it left nor an earlier guide page
    assert page.url == EARLIER_SITE


def test_escape_twice_leaves(guide, at, neutral_site):
    at(TUESDAY_10)
    page = guide
    page.goto(EARLIER_SITE)
    page.goto("/guide/bekymring/born/fagperson/")
    page.keyboard.press("Escape")
    assert "/guide/" in page.url  # once is not enough
    page.keyboard.press("Escape")
    page.wait_for_url(neutral_site)
    page.go_back()
    page.wait_for_load_state()
    assert "/guide/" not in page.url


def test_without_javascript(browser, live_server, ishoj_guide_plan, at, settings):
    """Every step works without JavaScript: links and GET forms; the quick exit is a plain link."""
    at(TUESDAY_10)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="da-DK")
    page = context.new_page()
    try:
        page.goto("/guide/")
        assert page.get_attribute("#quick-exit", "href") == settings.QUICK_EXIT_URL
        page.click("text=Nej, ikke lige nu")
        page.check("label:has-text('Voksne over 18 år')")
        page.check("label:has-text('Jeg er privatperson')")
        page.click("button:has-text('Vis vejledningen')")
        page.wait_for_url("**/guide/bekymring/voksne/privatperson/")
        assert "Center for Voksne og Velfærd" in page.inner_text("main")
        page.click("a.guide-acute-link")
        page.wait_for_url("**/guide/akut/")
    finally:
        context.close()
