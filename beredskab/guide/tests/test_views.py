"""The guide's pages: status codes, content from the plan, the who-form, the coordinator's
preview (allowed / refused / redirected), no plan in force, English."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from beredskab.plan.services import plan_draft_new_version

from .conftest import CHRISTMAS_DAY_2AM, SATURDAY_NIGHT, TUESDAY_10

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/guide/",
    "/guide/akut/",
    "/guide/hvem/",
    "/guide/bekymring/born/fagperson/",
    "/guide/bekymring/born/privatperson/",
    "/guide/bekymring/voksne/fagperson/",
    "/guide/bekymring/voksne/mig-selv/",
    "/guide/bekymring/ukendt-alder/privatperson/",
    "/guide/om-planen/",
    "/guide/sikker-brug/",
    "/guide/action-cards/",
    "/guide/action-cards/born/bekymring/",
    "/guide/action-cards/born/akut/",
    "/guide/action-cards/voksne/bekymring/",
    "/guide/action-cards/voksne/akut/",
]


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def tuesday(at):
    return at(TUESDAY_10)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_answers_without_login_and_is_not_cached(client, ishoj_guide_plan, tuesday, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'id="quick-exit"' in html and "Forlad siden" in html  # quick exit on every public page
    assert 'href="/guide/akut/"' in html  # the acute card is one step away from every page
    assert "style=" not in html  # the CSP forbids inline styles


def test_the_site_root_opens_the_guide(client, ishoj_guide_plan):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("guide:start")


def test_start_asks_whether_anyone_is_in_danger_first(client, ishoj_guide_plan, tuesday):
    text = text_of(client.get("/guide/"))
    assert text.index("Er nogen i fare lige nu?") < text.index("Sikker brug af siden")
    html = client.get("/guide/").content.decode()
    assert 'href="/guide/akut/">Ja, nogen er i fare' in html
    assert 'href="/guide/hvem/">Nej, ikke lige nu' in html


def test_the_acute_card_has_the_plans_steps_and_the_call_button(client, ishoj_guide_plan, at):
    at(SATURDAY_NIGHT)
    response = client.get("/guide/akut/")
    text = text_of(response)
    assert "Placer den berørte et sikkert sted" in text
    assert "Ring til politiet på 112" in text and "spørg efter en ressourceperson hos politiet" in text
    assert 'href="tel:112"' in response.content.decode()
    assert "Når personen er i sikkerhed" in text
    assert "Kommunens døgnvagt (via politiet)" in text and "Tlf. 114" in text
    assert "/underretning/ny/?akut=1&amp;gruppe=born" in response.content.decode()


def test_the_who_form_redirects_to_the_path(client, ishoj_guide_plan):
    response = client.get("/guide/hvem/", {"gruppe": "born", "rolle": "fagperson", "vis": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/guide/bekymring/born/fagperson/"


def test_changing_the_answers_shows_the_form_filled_in(client, ishoj_guide_plan):
    response = client.get("/guide/hvem/", {"gruppe": "voksne", "rolle": "privatperson"})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input[^>]*value="voksne"[^>]*checked', html)
    assert re.search(r'<input[^>]*value="privatperson"[^>]*checked', html)


def test_the_who_form_lists_the_plans_groups_and_readers(client, ishoj_guide_plan):
    text = text_of(client.get("/guide/hvem/"))
    for label in ("Børn og unge under 18 år", "Voksne over 18 år", "Jeg kender ikke personens alder"):
        assert label in text
    assert "Jeg er fagperson" in text and "Jeg er privatperson" in text and "Det handler om mig selv" in text


def test_the_who_form_shows_danish_errors_next_to_the_fields(client, ishoj_guide_plan):
    response = client.get("/guide/hvem/", {"gruppe": "born", "vis": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_rolle_error"' in html and "Vælg, om du er fagperson eller privatperson." in html
    assert re.search(r'<input[^>]*value="born"[^>]*checked', html)  # the answer given is kept
    response = client.get("/guide/hvem/", {"gruppe": "ingen", "rolle": "fagperson", "vis": "1"})
    assert response.status_code == 400 and "Vælg en af mulighederne." in response.content.decode()


def test_a_child_path_for_a_professional(client, ishoj_guide_plan, tuesday):
    response = client.get("/guide/bekymring/born/fagperson/")
    text, html = text_of(response), response.content.decode()
    assert "Bekymring for: Børn og unge under 18 år" in text
    assert "Åben nu til 15:00" in text and "ikke bekræftet" in text
    assert 'href="tel:+4543577578"' in html and 'href="mailto:Underretninger@ishoj.dk"' in html
    assert "Skærpet underretningspligt" in text and "barnets lov § 133" in text
    assert "I tvivl, om du skal underrette?" in text and "Sparring i StraXen" in text
    assert "Fortæl ikke familien om din bekymring" in text
    assert "Listen over bekymringstegn er ikke udtømmende" in text
    assert "Negativ social kontrol (NSK)" in text and "Æresrelaterede konflikter (ÆRK)" in text
    assert 'href="/underretning/?gruppe=born&amp;hvem=professional"' in html
    assert "Lav en digital underretning" in text


def test_a_child_path_on_christmas_night_sends_to_the_on_call_service(client, ishoj_guide_plan, at):
    at(CHRISTMAS_DAY_2AM)
    text = text_of(client.get("/guide/bekymring/born/privatperson/"))
    assert "StraXen er lukket nu" in text
    assert "Lukket nu: ring til døgnvagten via politiet på 114" in text
    assert "helligdag: Juledag" in text
    assert "Du kan være anonym." in text


def test_an_adult_path_has_no_duty_for_a_private_person(client, ishoj_guide_plan, tuesday):
    text = text_of(client.get("/guide/bekymring/voksne/privatperson/"))
    assert "Center for Voksne og Velfærd" in text and "43 57 69 95" in text
    assert "Ingen underretningspligt" in text
    assert "Fortæl ikke familien" not in text


def test_unknown_age_path_shows_both_groups(client, ishoj_guide_plan, tuesday):
    text = text_of(client.get("/guide/bekymring/ukendt-alder/fagperson/"))
    assert "Bekymring for en person, hvis alder du ikke kender" in text
    assert "Hvis det drejer sig om: Børn og unge under 18 år" in text
    assert "Hvis det drejer sig om: Voksne over 18 år" in text


@pytest.mark.parametrize(
    "url", ["/guide/bekymring/nogen/fagperson/", "/guide/bekymring/born/rektor/", "/guide/action-cards/born/x/"]
)
def test_unknown_paths_are_not_found(client, ishoj_guide_plan, url):
    assert client.get(url).status_code == 404


def test_htmx_refreshes_only_the_contacts(client, ishoj_guide_plan, tuesday):
    response = client.get("/guide/bekymring/born/fagperson/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="guide-now"')
    assert "<html" not in html and "StraXen" in html


def test_the_about_page_has_the_triangle_as_text_and_the_partners(client, ishoj_guide_plan):
    text = text_of(client.get("/guide/om-planen/"))
    for name in ("Primær forebyggelse", "Sekundær forebyggelse", "Tertiær forebyggelse"):
        assert name in text
    assert "Børn og unge som (endnu) ikke er i udsatte positioner" in text
    for partner in ("Politiet", "Lokal sikkerhedskonsulent (SIRI)", "VISO", "Civilsamfundsorganisationer"):
        assert partner in text


def test_safety_page_says_what_a_browser_cannot_do(client, ishoj_guide_plan):
    text = text_of(client.get("/guide/sikker-brug/"))
    assert "historik" in text and "privat vindue" in text and "Escape" in text


def test_the_page_names_the_plan_version(client, ishoj_guide_plan):
    text = text_of(client.get("/guide/"))
    # The plan states only "april 2024": the assumed day is marked as not confirmed.
    assert "version 2024, vedtaget 1. april 2024 (datoen er ikke bekræftet) af Ishøj Byråd" in text


def test_without_a_plan_the_guide_still_says_call_112(client, db):
    assert client.get("/guide/").status_code == 200
    acute = client.get("/guide/akut/")
    assert acute.status_code == 200 and 'href="tel:112"' in acute.content.decode()
    assert client.get("/guide/hvem/").status_code == 503
    assert client.get("/guide/bekymring/born/fagperson/").status_code == 503


def test_english_is_available(client, ishoj_guide_plan, tuesday):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = text_of(client.get("/guide/"))
    assert "Is anyone in danger right now?" in text and "Leave this page" in text and "Forlad siden" not in text
    text = text_of(client.get("/guide/bekymring/born/fagperson/"))
    assert "Open now until 15:00" in text and "Contact now" in text


def test_the_path_page_reads_the_plan_in_a_bounded_number_of_queries(
    client, ishoj_guide_plan, tuesday, django_assert_max_num_queries
):
    # + the plan's words for the page header, and whether a report can be filed digitally
    # + the plan's readers and their procedures (format 2)
    # The first request reads the version's rows once for this process (`plan.content`, issue 20);
    # the next reads the plan and what is not the plan's (test_shared_plan_content.py).
    with django_assert_max_num_queries(22):
        client.get("/guide/bekymring/ukendt-alder/fagperson/")
    with django_assert_max_num_queries(5):
        client.get("/guide/akut/")


def test_templates_name_no_municipality():
    """Everything about a municipality comes from the plan, never from the templates."""
    folder = Path(settings.BASE_DIR) / "beredskab" / "templates" / "guide"
    for template in folder.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        for word in ("Ishøj", "StraXen", "43 57", "114", "CVV", "Center for"):
            assert word not in source, f"{template.name} hard-codes {word!r}"


# --- the plan coordinator's preview ----------------------------------------------------------


def test_preview_redirects_anonymous_to_login(client, ishoj_guide_plan):
    response = client.get("/guide/forhaandsvisning/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["frontline", "child_caseworker", "auditor", None])
def test_preview_refuses_others_than_the_plan_coordinator(client, ishoj_guide_plan, make_user, role):
    unit = "straxen" if role == "child_caseworker" else None
    client.force_login(make_user(role, unit))
    assert client.get("/guide/forhaandsvisning/").status_code == 403
    assert client.get(f"/guide/forhaandsvisning/{ishoj_guide_plan.pk}/action-cards/").status_code == 403


@pytest.fixture
def coordinator(client, make_user):
    user = make_user("plan_coordinator")
    client.force_login(user)
    return user


def test_preview_shows_the_guide_now_by_default(client, ishoj_guide_plan, tuesday, coordinator):
    response = client.get("/guide/forhaandsvisning/")
    text = text_of(response)
    assert response.status_code == 200
    assert "Sådan svarer guiden tirsdag 24. november 2026 kl. 10:00" in text
    assert "Akut fare: gør dette nu" in text and "Åben nu til 15:00" in text


def test_preview_at_two_on_christmas_day(client, ishoj_guide_plan, tuesday, coordinator):
    query = {"plan": ishoj_guide_plan.pk, "dato": "25.12.2026", "tid": "02:00", "gruppe": "born", "rolle": "fagperson"}
    query["vis"] = "1"  # sent from the form (its hidden field)
    text = text_of(client.get("/guide/forhaandsvisning/", query))
    assert "Sådan svarer guiden fredag 25. december 2026 kl. 02:00" in text
    assert "Lukket nu: ring til døgnvagten via politiet på 114" in text and "helligdag: Juledag" in text


def test_preview_of_a_draft_version(client, ishoj_guide_plan, tuesday, coordinator):
    draft = plan_draft_new_version(actor=coordinator, from_plan=ishoj_guide_plan)
    unit = draft.units.get(code="straxen")
    unit.phone = "11 11 11 11"
    unit.save()
    query = {"plan": draft.pk, "dato": "2026-11-24", "tid": "10:00", "gruppe": "born", "rolle": "fagperson", "vis": "1"}
    text = text_of(client.get("/guide/forhaandsvisning/", query))
    assert "Udkast – ikke vedtaget" in text and "11 11 11 11" in text
    # ... while the public guide still answers from the plan in force
    client.logout()
    assert "43 57 75 78" in text_of(client.get("/guide/bekymring/born/fagperson/"))
    assert "11 11 11 11" not in text_of(client.get("/guide/bekymring/born/fagperson/"))


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"dato": "31.02.2026", "tid": "10:00"}, "dato", "Skriv en gyldig dato, fx 25.12.2026."),
        ({"dato": "", "tid": "10:00"}, "dato", "Skriv en dato."),
        ({"dato": "24.11.2026", "tid": "25:00"}, "tid", "Skriv et gyldigt klokkeslæt, fx 02:00."),
        ({"dato": "28.03.2027", "tid": "02:30"}, "tid", "fordi uret stilles frem til sommertid"),
        ({"dato": "24.11.2026", "tid": "10:00", "gruppe": "ingen"}, "gruppe", "Vælg en af mulighederne."),
    ],
)
def test_preview_validates_with_danish_errors_next_to_the_field(
    client, ishoj_guide_plan, coordinator, query, field, message
):
    query = {"plan": ishoj_guide_plan.pk, "rolle": "fagperson", "vis": "1", **query}
    response = client.get("/guide/forhaandsvisning/", query)
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(rf'<span class="form-error-message" id="id_{field}_error">(.*?)</span>\s*</?', html, re.S)
    assert error and message in error.group(0)
    if query.get("dato"):
        assert f'value="{query["dato"]}"' in html  # what the user typed is kept


def test_preview_refuses_a_plan_the_user_cannot_see(client, ishoj_guide_plan, coordinator):
    response = client.get(
        "/guide/forhaandsvisning/", {"plan": 999999, "dato": "24.11.2026", "tid": "10:00", "vis": "1"}
    )
    assert response.status_code == 400 and "Vælg en version fra listen." in response.content.decode()
    assert client.get("/guide/forhaandsvisning/999999/action-cards/").status_code == 404
