"""The printable action cards: real PDFs (checked with pdftotext), print-friendly HTML, and the
cache that makes a card again when a new plan version is adopted."""

import re
import shutil
import subprocess

import pytest
from django.utils import translation

from beredskab.guide import cards
from beredskab.plan.content import content_changed
from beredskab.plan.services import plan_adopt, plan_draft_new_version

pytestmark = pytest.mark.django_db

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(pdf: bytes) -> str:
    if PDFTOTEXT is None:
        from io import BytesIO

        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    else:
        text = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        text = text.decode("utf-8")
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("kind", cards.KINDS)
@pytest.mark.parametrize("group", ["born", "voksne"])
def test_every_card_is_a_real_pdf_with_the_plans_contacts(client, ishoj_guide_plan, cards_dir, group, kind):
    response = client.get(f"/guide/action-cards/{group}/{kind}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "112" in text and "114" in text  # emergency number and the on-call service via the police
    assert "Version 2024" in text and "vedtaget 1. april 2024 (datoen er ikke bekræftet) af Ishøj Byråd" in text
    for letter in "æøå":
        assert letter in text
    if group == "born":
        assert "43 57 75 78" in text and "StraXen" in text
        assert "Underretninger@ishoj.dk" in text
    else:
        assert "43 57 69 95" in text and "Center for Voksne og Velfærd" in text
    if kind == "akut":
        assert "Placer den berørte et sikkert sted" in text
        assert "spørg efter en ressourceperson hos politiet" in text
    else:
        assert "Meget fravær fra" in text  # warning signs of the group
        assert "ikke udtømmende" in text


def test_the_concern_card_for_children_warns_against_telling_the_family(ishoj_guide_plan, cards_dir):
    group = ishoj_guide_plan.target_groups.get(code="born")
    text = pdf_text(cards.card_pdf(ishoj_guide_plan, group, cards.CONCERN))
    assert "Fortæl ikke familien om din bekymring" in text
    assert "Skærpet underretningspligt".lower() in text.lower() and "barnets lov § 133" in text
    assert "Sparring i StraXen" in text
    assert "http://127.0.0.1:8000/underretning/?gruppe=born" in text.replace(" ", "")


def test_a_card_is_cached_per_plan_version(ishoj_guide_plan, cards_dir, monkeypatch):
    group = ishoj_guide_plan.target_groups.get(code="born")
    first = cards.card_pdf(ishoj_guide_plan, group, cards.CONCERN)
    [stored] = list((cards_dir / f"plan-{ishoj_guide_plan.pk}").glob("*.pdf"))
    assert stored.read_bytes() == first

    def no_render(*args, **kwargs):
        raise AssertionError("the cached card should have been used")

    monkeypatch.setattr(cards, "render_pdf", no_render)
    assert cards.card_pdf(ishoj_guide_plan, group, cards.CONCERN) == first


def test_a_new_adopted_version_gets_a_new_card(ishoj_guide_plan, cards_dir):
    group = ishoj_guide_plan.target_groups.get(code="born")
    old_pdf = cards.card_pdf(ishoj_guide_plan, group, cards.CONCERN)
    draft = plan_draft_new_version(actor=None, from_plan=ishoj_guide_plan, version_label="2024.2")
    draft.units.filter(code="straxen").update(phone="11 22 33 44")
    new = plan_adopt(actor=None, plan=draft, adopted_by="Ishøj Byråd", adopted_on=ishoj_guide_plan.adopted_on)
    assert cards.plan_fingerprint(new) != cards.plan_fingerprint(ishoj_guide_plan)
    new_pdf = cards.card_pdf(new, new.target_groups.get(code="born"), cards.CONCERN)
    assert new_pdf != old_pdf
    text = pdf_text(new_pdf)
    assert "11 22 33 44" in text and "Version 2024.2" in text and "43 57 75 78" in text  # sparring kept its number


def test_an_edited_draft_gets_a_new_card_and_stale_files_go(ishoj_guide_plan, cards_dir):
    draft = plan_draft_new_version(actor=None, from_plan=ishoj_guide_plan)
    group = draft.target_groups.get(code="born")
    before = cards.card_pdf(draft, group, cards.ACUTE)
    draft.units.filter(code="straxen").update(phone="99 99 99 99")
    content_changed(draft)  # as every writer of a version's rows does (the editor's save)
    after = cards.card_pdf(draft, group, cards.ACUTE)
    assert before != after and "99 99 99 99" in pdf_text(after)
    assert len(list((cards_dir / f"plan-{draft.pk}").glob("*.pdf"))) == 1
    assert "UDKAST" in pdf_text(after)


def test_cards_are_kept_per_language(ishoj_guide_plan, cards_dir):
    group = ishoj_guide_plan.target_groups.get(code="voksne")
    danish = cards.card_pdf(ishoj_guide_plan, group, cards.ACUTE)
    with translation.override("en"):
        english = cards.card_pdf(ishoj_guide_plan, group, cards.ACUTE)
    assert danish != english
    assert len(list((cards_dir / f"plan-{ishoj_guide_plan.pk}").glob("*.pdf"))) == 2


def test_the_html_card_prints_the_same_content(client, ishoj_guide_plan):
    response = client.get("/guide/action-cards/born/akut/")
    html = response.content.decode()
    assert response.status_code == 200 and "guide-print-page" in html
    assert "Placer den berørte et sikkert sted" in html and "Version 2024" in html
    assert 'href="/guide/action-cards/born/akut.pdf"' in html


def test_the_card_index_lists_two_cards_per_group(client, ishoj_guide_plan):
    html = client.get("/guide/action-cards/").content.decode()
    for group in ("born", "voksne"):
        for kind in cards.KINDS:
            assert f'href="/guide/action-cards/{group}/{kind}.pdf"' in html


def test_the_coordinator_can_print_a_drafts_cards(client, ishoj_guide_plan, cards_dir, make_user):
    coordinator = make_user("plan_coordinator")
    draft = plan_draft_new_version(actor=coordinator, from_plan=ishoj_guide_plan)
    url = f"/guide/forhaandsvisning/{draft.pk}/action-cards/born/bekymring.pdf"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(make_user("frontline"))
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200 and "UDKAST" in pdf_text(response.content)
    assert "no-store" in response["Cache-Control"]
    assert client.get(f"/guide/forhaandsvisning/{draft.pk}/action-cards/born/akut/").status_code == 200
    assert client.get(f"/guide/forhaandsvisning/{draft.pk}/action-cards/").status_code == 200


def test_the_card_is_never_kept_in_the_browsers_cache_and_follows_the_plan_in_force(
    client, ishoj_guide_plan, cards_dir
):
    response = client.get("/guide/action-cards/born/akut.pdf")
    assert "no-store" in response["Cache-Control"] and not response.has_header("ETag")
    draft = plan_draft_new_version(actor=None, from_plan=ishoj_guide_plan, version_label="2024.2")
    plan_adopt(actor=None, plan=draft, adopted_by="Ishøj Byråd", adopted_on=ishoj_guide_plan.adopted_on)
    changed = client.get("/guide/action-cards/born/akut.pdf")
    assert "Version 2024.2" in pdf_text(changed.content)


def test_unknown_cards_are_not_found(client, ishoj_guide_plan):
    assert client.get("/guide/action-cards/nogen/akut.pdf").status_code == 404
    assert client.get("/guide/action-cards/born/andet.pdf").status_code == 404
