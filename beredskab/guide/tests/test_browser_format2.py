"""The pages plan format 2 added or changed, in a real browser at 360 px with axe-core: an age
the plan names no contact for, unconfirmed values marked on the fact, several out-of-hours
routes, advice from one of several parties, a reader's own procedure, English with a missing
translation."""

import pytest

from .conftest import PLANS_DIR, SATURDAY_NIGHT, TUESDAY_10, load_and_adopt
from .test_browser_guide import no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "example-vesterhav.yaml": ["/guide/hvem/", "/guide/bekymring/ingen-kontakt-24/privatperson/"],
    "example-hedeby.yaml": ["/guide/bekymring/born/fagperson/?postnummer=9980", "/guide/"],
    "example-kystby.yaml": ["/guide/bekymring/born/privatperson/", "/guide/bekymring/voksne/privatperson/"],
    "example-skovlund.yaml": ["/guide/bekymring/born/fagperson/"],
    "example-aaby.yaml": [
        "/guide/bekymring/born/sagsbehandler/",
        "/guide/action-cards/born/bekymring/?laeser=sagsbehandler",
    ],
    "example-fjeldby.yaml": ["/guide/om-planen/"],
    "example-engby.yaml": ["/guide/bekymring/alle/fagperson/"],
    "example-moseby.yaml": ["/guide/bekymring/born/fagperson/"],
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_format_2_pages_pass_axe_and_fit_a_phone(page, settings, neutral_site, at, axe_check, name):
    at(SATURDAY_NIGHT if name == "example-kystby.yaml" else TUESDAY_10)
    load_and_adopt(PLANS_DIR / name, settings)
    page.set_viewport_size({"width": 360, "height": 740})
    for url in PAGES[name]:
        page.goto(url)
        assert page.locator("#quick-exit").is_visible(), url
        assert no_horizontal_scroll(page), f"{url} scrolls sideways at 360 px"
        axe_check(page, f"{name} {url}")


def test_english_with_a_missing_translation_passes_axe(page, settings, neutral_site, at, axe_check):
    at(TUESDAY_10)
    load_and_adopt(PLANS_DIR / "example-nordby.yaml", settings)
    page.goto("/guide/")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": page.url}])
    page.goto("/guide/bekymring/born-unge/fagperson/")
    assert "shown in Danish" in page.inner_text("main")
    axe_check(page, "English path with Danish plan texts")
