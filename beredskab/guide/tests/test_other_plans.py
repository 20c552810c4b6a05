"""Another municipality's plan changes the guide without code changes: its own age bands
(a 0-23 team), its own words ("æresmotiveret"), its own out-of-hours line (an NGO), its own
contacts. Also run for every fictional example plan shipped in plans/."""

import re

import pytest

from beredskab.guide import cards, selectors
from beredskab.plan.models import Audience

from .conftest import SATURDAY_NIGHT, TUESDAY_10, example_plan_files, load_and_adopt
from .test_cards import pdf_text

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_a_fictional_plan_changes_the_choices_and_words(client, fictional_plan, at):
    at(TUESDAY_10)
    text = text_of(client.get("/guide/hvem/"))
    assert "Børn og unge 0-23 år" in text and "Voksne fra 24 år" in text
    assert "Børn og unge under 18 år" not in text
    start = text_of(client.get("/guide/"))
    assert "æresmotiverede konflikter" in start and "Fjordby Kommune" in start
    path = text_of(client.get("/guide/bekymring/unge/fagperson/"))
    assert "Ungeteamet 0-23" in path and "11 22 33 44" in path
    assert "43 57 75 78" not in path and "StraXen" not in path
    assert "Kommunen laver altid en sikkerhedsvurdering" in path  # the plan's word for risk assessment
    assert "Hvad er negativ social kontrol og æresmotiverede konflikter?" in path
    assert "(ÆMK)" in path
    assert "SSP-konsulenten" in path  # the sparring route of the professional's duty


def test_a_fictional_plan_routes_out_of_hours_to_its_ngo_line(client, fictional_plan, at):
    at(SATURDAY_NIGHT)
    text = text_of(client.get("/guide/bekymring/unge/privatperson/"))
    assert "Natlinjen (frivillig organisation)" in text and "70 10 20 30" in text
    assert "Lukket nu: ring til Natlinjen på 70 10 20 30" in text
    assert "114" not in text.replace("Politiet", "")


def test_a_fictional_plan_has_its_own_acute_steps(client, fictional_plan, at):
    at(TUESDAY_10)
    text = text_of(client.get("/guide/akut/"))
    assert "Bring personen i sikkerhed" in text and "bed om politiets kontaktperson" in text
    assert "Placer den berørte et sikkert sted" not in text


def test_a_fictional_plan_gives_its_own_cards(fictional_plan, cards_dir):
    group = fictional_plan.target_groups.get(code="unge")
    text = pdf_text(cards.card_pdf(fictional_plan, group, cards.CONCERN))
    assert "Fjordby Kommune" in text and "Version 2025.1" in text and "vedtaget 1. juni 2025" in text
    assert "11 22 33 44" in text and "70 10 20 30" in text
    assert "43 57 75 78" not in text


def test_adopting_another_municipalitys_plan_only_changes_the_guide_when_it_is_served(
    client, ishoj_guide_plan, fictional_plan, settings
):
    assert "Ungeteamet 0-23" in text_of(client.get("/guide/bekymring/ukendt-alder/fagperson/"))
    settings.MUNICIPALITY_CODE = "ishoj"
    assert "StraXen" in text_of(client.get("/guide/bekymring/ukendt-alder/fagperson/"))


@pytest.mark.parametrize("path", example_plan_files(), ids=lambda p: p.name)
def test_every_example_plan_drives_the_guide(client, settings, cards_dir, path, at):
    at(TUESDAY_10)
    plan = load_and_adopt(path, settings)
    choices = selectors.group_choices(plan)
    who = text_of(client.get("/guide/hvem/"))
    for choice in choices:
        assert selectors.choice_label(choice) in who
    audience = selectors.SLUG_FOR_AUDIENCE[selectors.audiences(plan)[0]]
    for choice in choices:
        response = client.get(f"/guide/bekymring/{choice.value}/{audience}/")
        assert response.status_code == 200
        answer = selectors.guide_path(plan, choice=choice, audience=selectors.AUDIENCE_SLUGS[audience], at=TUESDAY_10)
        text = text_of(response)
        for contact in answer.now.contacts:
            assert contact.name in text
            if contact.phone:
                assert contact.phone in text
    assert client.get("/guide/akut/").status_code == 200
    assert client.get("/guide/om-planen/").status_code == 200
    group = plan.target_groups.order_by("min_age").first()
    text = pdf_text(cards.card_pdf(plan, group, cards.ACUTE))
    assert plan.emergency_phone in text and plan.municipality_name in text


def test_every_reader_is_offered_whatever_the_duty_rows(fictional_plan):
    from beredskab.plan.models import DutyToReport

    DutyToReport.objects.filter(target_group__plan=fictional_plan).delete()
    assert selectors.audiences(fictional_plan) == [Audience.PROFESSIONAL, Audience.CITIZEN, Audience.SELF]


EXAMPLES = {p.stem: p for p in example_plan_files()}


def _example(name, settings):
    if name not in EXAMPLES:
        pytest.skip(f"plans/{name}.yaml is not shipped (yet)")
    return load_and_adopt(EXAMPLES[name], settings)


def test_a_plan_with_districts_asks_for_the_postcode(client, settings, at):
    at(TUESDAY_10)
    _example("example-aastrand", settings)
    response = client.get("/guide/bekymring/born/fagperson/")
    text = text_of(response)
    assert 'name="postnummer"' in response.content.decode()
    assert "Uden postnummer går henvendelsen til Børnerådgivningens visitation." in text
    text = text_of(client.get("/guide/bekymring/born/fagperson/", {"postnummer": "9995"}))
    assert "Postnummer 9995 hører til Distrikt Syd." in text and "02 20 00 03" in text
    text = text_of(client.get("/guide/bekymring/born/fagperson/", {"postnummer": "1000"}))
    assert "Postnummer 1000 hører ikke til et distrikt i planen" in text
    response = client.get("/guide/bekymring/born/fagperson/", {"postnummer": "99x"})
    assert response.status_code == 400 and "Skriv et postnummer med fire cifre." in response.content.decode()
    adults = client.get("/guide/bekymring/voksne/privatperson/").content.decode()
    assert 'name="postnummer"' not in adults  # only groups routed by district ask


def test_adults_out_of_hours_go_to_the_plans_ngo_line(client, settings, at):
    at(SATURDAY_NIGHT)
    _example("example-aastrand", settings)
    text = text_of(client.get("/guide/bekymring/voksne/privatperson/"))
    assert "Vagttelefonen (frivillig forening, fiktiv)" in text
    assert "Lukket nu: ring til Vagttelefonen på 02 20 09 99" in text


def test_a_plan_with_a_front_desk_and_a_consultation_before_reporting(client, settings, at):
    at(TUESDAY_10)
    _example("example-nordby", settings)
    text = text_of(client.get("/guide/bekymring/born-unge/fagperson/"))
    assert "Skal kontaktes før underretning" in text and "SSP-konsulenten" in text
    assert "Kontakt SSP-konsulenten, før du underretter." in text  # the plan's note on the step
    assert "Planen beder dig kontakte SSP-konsulenten, før du underretter." in text
    assert text.count("01 10 00 02") == 1  # SSP is not repeated as optional sparring
    adults = text_of(client.get("/guide/bekymring/voksne/privatperson/"))
    assert "Indgang, som sender videre til Voksenteamet" in adults and "Borgerservice Nordby" in adults
    at(SATURDAY_NIGHT)
    text = text_of(client.get("/guide/bekymring/born-unge/privatperson/"))
    assert "Lukket nu: ring til socialvagten på 01 10 09 99" in text
