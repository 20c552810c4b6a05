"""Plan format 2: real plans as they are written, with nothing invented. One fictional example
plan per structure (plans/example-*.yaml); each test checks the guide's pages, the routing
answer (`plan_route`) and the action-card PDF text show it faithfully."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from beredskab.guide import cards
from beredskab.plan.content import content_changed
from beredskab.plan.loader import load_plan_file, read_plan_file
from beredskab.plan.models import ContactUnit, DatePrecision
from beredskab.plan.validation import validate_plan_data

from .conftest import SATURDAY_NIGHT, TUESDAY_10, load_and_adopt
from .test_cards import pdf_text
from .test_other_plans import text_of

pytestmark = pytest.mark.django_db
PLANS = Path(settings.BASE_DIR) / "plans"


def route_json(*args) -> dict:
    out = StringIO()
    call_command("plan_route", *args, stdout=out)
    return json.loads(out.getvalue())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- 7: partial dates and unconfirmed values of every kind ------------------------------------


def test_unconfirmed_values_are_marked_in_the_guide_routing_and_cards(client, settings, cards_dir, at):
    at(TUESDAY_10)
    plan = load_and_adopt(PLANS / "example-hedeby.yaml", settings)
    assert plan.adopted_on_precision == DatePrecision.MONTH and plan.adopted_on_text == "april 2025"
    assert "revision_due" in plan.unconfirmed  # derived from a date the plan states only as a month

    page = client.get("/guide/bekymring/born/fagperson/").content.decode()
    phone = re.search(r"Tlf\. 04 40 00 01</a>(.{0,120})", page, flags=re.S).group(1)
    assert "ikke bekræftet" in phone  # the mark stands on the phone number itself
    assert "ikke bekræftet" in re.search(r"familie@hedeby\.example</a>(.{0,120})", page, flags=re.S).group(1)
    text = text_of(client.get("/guide/"))
    assert "vedtaget april 2025 af Hedeby Byråd" in text  # as the plan states it: no day invented

    text = text_of(client.get("/guide/bekymring/born/fagperson/?postnummer=9980"))
    assert "Postnummer 9980 hører til Distrikt Nord" in text and "distrikternes postnumre er ikke bekræftet" in text

    answer = route_json("--age", "10", "--at", TUESDAY_10.replace(tzinfo=None).isoformat(timespec="minutes"))
    family = next(c for c in answer["contacts"] if c["unit_code"] == "familieteam")
    assert family["unconfirmed"] is True and family["unconfirmed_fields"] == ["phone", "email"]
    answer = route_json("--age", "10", "--postcode", "9980", "--at", "2026-11-24T10:00")
    assert answer["unconfirmed"] == ["district_postcodes"]
    assert "district_postcodes_unconfirmed" in [r["code"] for r in answer["reasons"]]

    group = plan.target_groups.get(code="born")
    card = squeeze(pdf_text(cards.card_pdf(plan, group, cards.CONCERN)))
    assert "04 40 00 01 (ikke bekræftet)" in card and "familie@hedeby.example (ikke bekræftet)" in card
    assert "Postnumre: 9980, 9981 (ikke bekræftet)" in card
    assert "vedtaget april 2025 af Hedeby Byråd" in card
    # Facts that are confirmed carry no mark.
    assert "04 40 00 03 (ikke bekræftet)" not in squeeze(
        pdf_text(cards.card_pdf(plan, plan.target_groups.get(code="voksne"), cards.CONCERN))
    )


def test_the_mark_on_ishoj_is_on_the_hours_not_beside_114(client, ishoj_guide_plan, at):
    at(SATURDAY_NIGHT)
    text = text_of(client.get("/guide/bekymring/born/fagperson/"))
    assert "114" in text
    assert not re.search(r"114\.? ikke bekræftet", text)
    assert "Åbningstiden ikke bekræftet" in text


def test_values_given_to_plan_load_are_unconfirmed_unless_told(db):
    lyngmose = str(PLANS / "example-lyngmose.yaml")
    with pytest.raises(CommandError):  # plan_validate refuses what plan_load --adopt refuses
        call_command("plan_validate", lyngmose, stdout=StringIO(), stderr=StringIO())
    call_command("plan_validate", "--draft", lyngmose, stdout=StringIO())
    call_command("plan_validate", "--adopted-by", "Byrådet", "--adopted-on", "2026-01-10", lyngmose, stdout=StringIO())

    call_command(
        "plan_load", lyngmose, "--adopt", "--adopted-by", "Lyngmose Byråd", "--adopted-on", "2026-01-10", stdout=None
    )
    from beredskab.plan.models import Plan

    plan = Plan.objects.get(municipality_code="lyngmose")
    assert {"adopted_by", "adopted_on", "revision_due"} <= set(plan.unconfirmed)
    assert str(plan.revision_due) == "2030-01-10"


def test_values_given_to_plan_load_with_confirmed_are_confirmed(db):
    lyngmose = str(PLANS / "example-lyngmose.yaml")
    call_command(
        "plan_load",
        lyngmose,
        "--adopt",
        "--confirmed",
        "--adopted-by",
        "Lyngmose Byråd",
        "--adopted-on",
        "2026-01-10",
        stdout=StringIO(),
    )
    from beredskab.plan.models import Plan

    assert Plan.objects.get(municipality_code="lyngmose").unconfirmed == {}


# --- 1: a plan that does not cover every age ---------------------------------------------------


def test_uncovered_ages_point_to_the_general_contact_never_an_invented_unit(client, settings, cards_dir, at):
    at(TUESDAY_10)
    plan = load_and_adopt(PLANS / "example-vesterhav.yaml", settings)
    assert plan.uncovered_age_bands() == [(24, None)]

    who = text_of(client.get("/guide/hvem/"))
    assert "Børn og unge 0-23 år" in who and "24 år og derover (planen nævner ingen kontakt)" in who
    response = client.get("/guide/bekymring/ingen-kontakt-24/privatperson/")
    assert response.status_code == 200
    text = text_of(response)
    assert "Vesterhav Kommunes plan nævner ingen kontakt for personer på 24 år og derover" in text
    assert "Borgerservice Vesterhav" in text and "05 50 00 00" in text
    assert "Ungeteamet" not in text and "05 50 00 01" not in text  # no unit of another age is offered

    answer = route_json("--age", "30", "--at", "2026-11-24T10:00")
    assert answer["target_group"] is None and answer["receiving_unit"] is None
    assert [r["code"] for r in answer["reasons"]] == ["no_target_group", "general_contact"]
    assert [(c["kind"], c["unit_code"]) for c in answer["contacts"]] == [("general", "borgerservice")]
    assert "Planen nævner ingen kontakt for denne alder." in answer["reason"]

    card = squeeze(pdf_text(cards.card_pdf(plan, plan.target_groups.get(), cards.CONCERN)))
    assert "Planen nævner ingen kontakt for personer på 24 år og derover" in card
    assert "Borgerservice Vesterhav" in card and "05 50 00 00" in card


# --- 2 and 5: units reached without phone or e-mail; several out-of-hours routes and phones ---


def test_units_without_phone_or_email_and_several_out_of_hours_routes(client, settings, cards_dir, at):
    at(TUESDAY_10)
    plan = load_and_adopt(PLANS / "example-kystby.yaml", settings)
    text = text_of(client.get("/guide/bekymring/born/fagperson/"))
    assert "Borgerservice Kystby" in text and "06 60 00 00" in text
    assert "https://raadgivning.kystby.example/" in text  # the advice unit the plan gives only a URL for
    text = text_of(client.get("/guide/bekymring/voksne/privatperson/"))
    assert "Strandvejen 7, 9960 Kystby" in text and "https://kystby.example/blanket-bekymring-voksen.pdf" in text

    at(SATURDAY_NIGHT)
    text = text_of(client.get("/guide/bekymring/born/privatperson/"))
    assert "Kontakt i stedet Rådgivningslinjen (frivillig organisation) eller Døgnvagten via politiet" in text
    assert "06 60 09 00" in text and "Sms-linjen: 06 60 09 01" in text and "114" in text

    answer = route_json("--age", "10", "--at", "2026-11-28T23:30")
    ooh = [c for c in answer["contacts"] if c["kind"] == "out_of_hours"]
    assert [c["unit_code"] for c in ooh] == ["linjen", "doegnvagt"]
    assert ooh[0]["more_phones"] == [{"phone": "06 60 09 01", "label": "Sms-linjen", "unconfirmed": False}]
    assert "out_of_hours_alternatives" in [r["code"] for r in answer["reasons"]]
    answer = route_json("--age", "40", "--at", "2026-11-24T10:00")
    adult = answer["contacts"][0]
    assert adult["phone"] == "" and adult["email"] == "" and adult["address"].startswith("Strandvejen 7")

    card = squeeze(pdf_text(cards.card_pdf(plan, plan.target_groups.get(code="born"), cards.CONCERN)))
    for expected in ("Rådgivningslinjen", "06 60 09 00", "Sms-linjen 06 60 09 01", "Døgnvagten via politiet", "114"):
        assert expected in card
    assert "raadgivning.kystby.example" in card
    card = squeeze(pdf_text(cards.card_pdf(plan, plan.target_groups.get(code="voksne"), cards.CONCERN)))
    assert "Strandvejen 7" in card and "blanket-bekymring-voksen.pdf" in card


# --- 3: advice required from one of several parties, or from each -------------------------------


def test_advice_from_one_of_several_is_not_shown_as_each(client, settings, cards_dir, at):
    at(TUESDAY_10)
    plan = load_and_adopt(PLANS / "example-skovlund.yaml", settings)
    text = text_of(client.get("/guide/bekymring/born/fagperson/"))
    assert (
        "Planen beder dig kontakte én af dem, SSP Skovlund eller Sikkerhedskonsulenterne, før du underretter." in text
    )
    assert "Planen beder dig kontakte SSP Skovlund" not in text
    text = text_of(client.get("/guide/bekymring/voksne/fagperson/"))
    assert "Planen beder dig kontakte Sparringslinjen, Den juridiske rådgiver, før du underretter." in text

    answer = route_json("--age", "10", "--at", "2026-11-24T10:00")
    assert (
        "Planen kræver sparring med én af SSP Skovlund eller Sikkerhedskonsulenterne før underretning."
        in (answer["reason"])
    )
    required = [c for c in answer["contacts"] if c["required_before_report"]]
    assert [c["required_one_of"] for c in required] == [["SSP Skovlund", "Sikkerhedskonsulenterne"]] * 2
    answer = route_json("--age", "40", "--at", "2026-11-24T10:00")
    assert [r["code"] for r in answer["reasons"]].count("advice_required") == 1
    assert all(not c["required_one_of"] for c in answer["contacts"])

    card = squeeze(pdf_text(cards.card_pdf(plan, plan.target_groups.get(code="born"), cards.CONCERN)))
    assert card.count("Kontakt én af disse før underretning") == 2 and "Skal kontaktes før underretning" not in card
    card = squeeze(pdf_text(cards.card_pdf(plan, plan.target_groups.get(code="voksne"), cards.CONCERN)))
    assert card.count("Skal kontaktes før underretning") == 2


# --- guide faults -------------------------------------------------------------------------------


def test_who_always_offers_professional_citizen_and_the_person_themselves(client, settings, at):
    at(TUESDAY_10)
    load_and_adopt(PLANS / "example-vesterhav.yaml", settings)  # duty rows for professionals only
    who = text_of(client.get("/guide/hvem/"))
    for reader in ("Jeg er fagperson", "Jeg er privatperson", "Det handler om mig selv"):
        assert reader in who
    text = text_of(client.get("/guide/bekymring/born-unge/privatperson/"))
    assert "Planen har ingen særlig vejledning om underretning til dig" in text
    assert "Som fagperson kan du ikke underrette anonymt" not in text


def test_the_digital_report_is_offered_only_when_a_receiving_unit_is_linked(client, settings, cards_dir, at, org):
    at(TUESDAY_10)
    result = load_plan_file(PLANS / "example-vesterhav.yaml", adopt=True)
    settings.MUNICIPALITY_CODE = "vesterhav"
    assert any("has no org_unit_code" in w and "guide does not offer" in w for w in result.warnings)
    text = text_of(client.get("/guide/bekymring/born-unge/fagperson/"))
    assert "Lav en digital underretning" not in text
    assert "Ungeteamet (0-23 år)" in text  # the contacts are still shown
    card = squeeze(pdf_text(cards.card_pdf(result.plan, result.plan.target_groups.get(), cards.CONCERN)))
    assert "/underretning/" not in card
    # Linked to a unit of this installation: offered.
    ContactUnit.objects.filter(plan=result.plan, code="ungeteam").update(org_unit_code="straxen")
    content_changed(result.plan)  # as every writer of a version's rows does
    assert "Lav en digital underretning" in text_of(client.get("/guide/bekymring/born-unge/fagperson/"))


def test_the_plans_own_words_in_the_site_header_and_pages(client, settings, cards_dir, at):
    at(TUESDAY_10)
    plan = load_and_adopt(PLANS / "example-nordby.yaml", settings)  # "æresmotiverede konflikter"
    for url in (
        "/guide/",
        "/guide/hvem/",
        "/guide/akut/",
        "/guide/om-planen/",
        "/guide/bekymring/born-unge/fagperson/",
    ):
        text = text_of(client.get(url))
        assert "Beredskab mod negativ social kontrol og æresmotiverede konflikter" in text, url
        assert "æresrelater" not in text.lower(), url
    for group in plan.target_groups.all():  # the printed cards speak the plan's words too
        for kind in cards.KINDS:
            text = squeeze(pdf_text(cards.card_pdf(plan, group, kind)))
            assert "æresmotiverede konflikter" in text and "æresrelater" not in text.lower(), (group.code, kind)
    answer = route_json("--age", "10", "--acute", "--at", "2026-11-24T10:00")
    assert "æresrelater" not in json.dumps(answer, ensure_ascii=False).lower()  # never the catalogue's word


@pytest.mark.parametrize("path", sorted(PLANS.glob("example-*.yaml")), ids=lambda p: p.stem)
def test_every_example_plan_loads_without_warnings_about_invented_content(path):
    """An example's only warnings are the honest ones: a value the plan does not confirm (marked
    wherever it is shown) and a receiving unit not linked to this installation (no digital
    report offered); none asks for content the plan does not have."""
    result = validate_plan_data(read_plan_file(path))
    assert not result.errors, result.errors
    honest = ("not confirmed", "has no org_unit_code")
    assert [w for w in result.warnings if not any(h in w for h in honest)] == []


# --- 6: a topic the plan covers that still has its own route -------------------------------------


def test_a_covered_topic_with_its_own_route_is_not_called_outside_the_plan(client, settings, cards_dir, at):
    at(TUESDAY_10)
    plan = load_and_adopt(PLANS / "example-fjeldby.yaml", settings)
    text = text_of(client.get("/guide/om-planen/"))
    assert "Emner i planen med deres eget spor" in text and "Radikalisering og ekstremisme" in text
    assert "Infohuset Fjeldby" in text and "08 80 00 09" in text
    assert "Emner, planen ikke dækker" not in text

    answer = route_json("--age", "16", "--topic", "extremism", "--at", "2026-11-24T10:00")
    assert answer["reasons"][0]["code"] == "own_route_in_plan"
    assert answer["contacts"][0]["kind"] == "topic_route" and answer["contacts"][0]["unit_code"] == "infohus"
    assert "Planen dækker emnet og har et eget spor for det" in answer["reason"]
    assert "dækker ikke" not in answer["reason"]

    card = squeeze(pdf_text(cards.card_pdf(plan, plan.target_groups.get(), cards.CONCERN)))
    assert "Emner i planen med deres eget spor" in card and "Infohuset Fjeldby" in card and "08 80 00 09" in card


def test_a_topic_outside_the_plan_is_still_called_so(client, settings, at):
    at(TUESDAY_10)
    load_and_adopt(PLANS / "example-aastrand.yaml", settings)
    assert "Emner, planen ikke dækker" in text_of(client.get("/guide/om-planen/"))
    answer = route_json("--age", "16", "--topic", "extremism", "--at", "2026-11-24T10:00")
    assert answer["reasons"][0]["code"] == "route_outside_plan"


# --- 8: warning signs for other age groups than the procedures' ----------------------------------


def test_warning_sign_groups_differing_from_the_procedure_groups(client, settings, cards_dir, at):
    at(TUESDAY_10)
    plan = load_and_adopt(PLANS / "example-moseby.yaml", settings)
    text = text_of(client.get("/guide/bekymring/born/fagperson/"))
    assert "Børn 0-12 år" in text and "Unge 13-17 år" in text and "Den unge taler om et arrangeret ægteskab" in text
    assert "Personen må ikke selv råde over sin løn" not in text  # the adults' signs are not a child's
    text = text_of(client.get("/guide/bekymring/voksne/fagperson/"))
    assert "Personen må ikke selv råde over sin løn" in text and "Børn 0-12 år" not in text

    answer = route_json("--age", "15", "--at", "2026-11-24T10:00")
    assert answer["target_group"]["code"] == "born"  # the procedure's group, not a sign group

    card = squeeze(pdf_text(cards.card_pdf(plan, plan.target_groups.get(code="born"), cards.CONCERN)))
    assert "Børn 0-12 år" in card and "Unge 13-17 år" in card and "Den unge bliver fulgt til og fra skole" in card
    assert "råde over sin løn" not in card


# --- 4: procedures and action cards per reader role ----------------------------------------------


def test_procedures_and_cards_per_reader_role(client, settings, cards_dir, at):
    at(TUESDAY_10)
    plan = load_and_adopt(PLANS / "example-aaby.yaml", settings)
    who = text_of(client.get("/guide/hvem/"))
    for reader in (
        "Jeg er fagperson",
        "Jeg er privatperson",
        "Det handler om mig selv",
        "Jeg er fagperson i skole, dagtilbud eller sundhedspleje",
        "Jeg er sagsbehandler i Børn og Familie",
    ):
        assert reader in who
    text = text_of(client.get("/guide/bekymring/born/sagsbehandler/"))
    assert "Sådan gør du som sagsbehandler" in text and "Tal med barnet uden forældrenes samtykke" in text
    assert "Underret Børn og Familie samme dag" not in text
    assert "Skærpet underretningspligt" in text  # the reader reports as a professional
    assert "Fortæl ikke familien om din bekymring" in text  # its step comes before the family
    text = text_of(client.get("/guide/bekymring/born/skole-dagtilbud/"))
    assert "Underret Børn og Familie samme dag" in text and "Tal med barnet" not in text
    text = text_of(client.get("/guide/bekymring/born/privatperson/"))
    assert "Børn og Familie vurderer henvendelsen" in text  # the group's own procedure
    assert client.get("/guide/bekymring/born/ukendt-laeser/").status_code == 404

    # Routing does not depend on the reader: the same contacts for everyone.
    answer = route_json("--age", "10", "--at", "2026-11-24T10:00")
    assert [c["unit_code"] for c in answer["contacts"]] == ["bf"]

    group = plan.target_groups.get()
    reader = plan.readers.get(code="sagsbehandler")
    card = squeeze(pdf_text(cards.card_pdf(plan, group, cards.CONCERN, reader=reader)))
    assert "(Jeg er sagsbehandler i Børn og Familie)" in card and "Tal med barnet uden forældrenes samtykke" in card
    assert "Underret Børn og Familie samme dag" not in card
    assert client.get("/guide/action-cards/born/bekymring.pdf?laeser=sagsbehandler").status_code == 200
    page = text_of(client.get("/guide/action-cards/born/bekymring/?laeser=skole-dagtilbud"))
    assert "Underret Børn og Familie samme dag" in page


# --- 9: rules per channel and preconditions of an intervention -----------------------------------


def test_channel_rules_and_intervention_preconditions(client, settings, cards_dir, at):
    at(TUESDAY_10)
    plan = load_and_adopt(PLANS / "example-engby.yaml", settings)
    rule = "Mails, der kommer fredag efter kl. 12, i weekenden og på helligdage, bliver ikke læst. Ring til vagten."
    page = client.get("/guide/bekymring/alle/fagperson/").content.decode()
    assert re.search(r"familie@engby\.example</a>.{0,200}" + re.escape(rule), page, flags=re.S)  # beside the e-mail
    text = text_of(client.get("/guide/bekymring/alle/fagperson/"))
    assert "Forudsætning: Mægling inddrager altid forældrene" in text
    assert "Inddrager forældre eller netværk: kommunen laver først en risikovurdering." in text
    assert "Fortæl ikke familien om din bekymring" in text

    answer = route_json("--age", "30", "--at", "2026-11-24T10:00")
    assert answer["contacts"][0]["channel_rules"] == [{"channel": "email", "rule": rule}]

    card = squeeze(pdf_text(cards.card_pdf(plan, plan.target_groups.get(), cards.CONCERN)))
    assert rule in card and "Forudsætning: Mægling inddrager altid forældrene" in card


# --- translations of the plan's public texts ----------------------------------------------------


def test_ishoj_ships_english_for_its_acute_steps_signs_and_procedures(client, ishoj_guide_plan, cards_dir, at):
    at(TUESDAY_10)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = text_of(client.get("/guide/akut/"))
    assert "Take the person concerned to a safe place" in text and "ask for a resource person at the police" in text
    assert "Placer den berørte et sikkert sted" not in text
    assert "only in Danish" not in text and "shown in Danish" not in text
    text = text_of(client.get("/guide/bekymring/born/fagperson/"))
    assert "A lot of absence from education" in text and "Meget fravær fra uddannelse" not in text
    assert "an initial risk assessment is always made before the child" in text
    # The duty text and the definitions are translated too (they were not, and the page said so).
    assert "Professionals have a heightened duty to report" in text and "Negative social control" in text
    assert "Fagpersoner har skærpet underretningspligt" not in text and "shown in Danish" not in text
    group = ishoj_guide_plan.target_groups.get(code="born")
    card = squeeze(pdf_text(cards.card_pdf(ishoj_guide_plan, group, cards.CONCERN)))
    assert "A lot of absence from education" in card and "StraXen assesses whether" in card
    # Danish stays Danish.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    assert "Meget fravær fra uddannelse" in text_of(client.get("/guide/bekymring/born/fagperson/"))


def test_a_missing_translation_is_said_in_the_readers_language(client, settings, at):
    at(TUESDAY_10)
    load_and_adopt(PLANS / "example-nordby.yaml", settings)  # no translations
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/guide/bekymring/born-unge/fagperson/").content.decode()
    assert "Some of the plan's texts are not available in your language. They are shown in Danish." in page
    assert '<li lang="da">Pludseligt fravær fra skole eller uddannelse</li>' in page
    akut = client.get("/guide/akut/").content.decode()
    assert '<li lang="da">Bring personen i sikkerhed' in akut


def test_the_report_form_offers_the_plans_sign_groups(settings):
    from beredskab.intake.plan_texts import form_texts

    plan = load_and_adopt(PLANS / "example-moseby.yaml", settings)
    texts = form_texts(plan, "born")
    names = [name for name, _options in texts.sign_choices]
    assert names == ["Børn 0-12 år", "Unge 13-17 år"]
    assert ("Den unge taler om et arrangeret ægteskab") in [
        text for _n, options in texts.sign_choices for _v, text in options
    ]
