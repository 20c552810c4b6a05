"""Issue 15's central promise, checked on every public page (attack of issue 15): for each
example plan, every guide page reachable from the guide's URL configuration, the public report
form and each action card (HTML and PDF) shows no phone number or e-mail that is not in the plan
file, and each value the file marks as not confirmed carries the mark where it is shown, in
Danish and in English, by day, at night and on a public holiday."""

import re
from collections import deque
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from beredskab.guide import cards, selectors

from .conftest import CHRISTMAS_DAY_2AM, SATURDAY_NIGHT, TUESDAY_10, example_plan_files, load_and_adopt
from .test_cards import pdf_text
from .test_other_plans import text_of

pytestmark = pytest.mark.django_db

PHONE = re.compile(r"(?<![\d.:/-])(\d{2} ?\d{2} ?\d{2} ?\d{2}|11[24]|1813)(?![\d.:/-])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MARKS = ("ikke bekræftet", "not confirmed")
# The guide's pages without parameters, from its URL configuration, and the public report form.
START_NAMES = ("guide:start", "guide:acute", "guide:who", "guide:about", "guide:safety", "guide:cards")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _unconfirmed_values(node) -> list[str]:
    """Every phone number or e-mail the file gives as {value: ..., unconfirmed: ...}."""
    found = []
    if isinstance(node, dict):
        if "unconfirmed" in node and isinstance(node.get("value"), str):
            value = node["value"]
            if EMAIL.fullmatch(value) or PHONE.fullmatch(value):
                found.append(value)
        for child in node.values():
            found += _unconfirmed_values(child)
    elif isinstance(node, list):
        for child in node:
            found += _unconfirmed_values(child)
    return found


def _seeds(plan) -> list[str]:
    """The guide's pages from its URL configuration: the pages without parameters, a path page for
    each age choice (uncovered ages too) and reader, with each district's first postcode, each
    reader's action cards, and the public report form (plain and acute)."""
    urls = [reverse(name) for name in START_NAMES]
    readers = [slug for slug, _label in selectors.reader_choices(plan)]
    postcodes = [d.postcodes[0] for g in plan.target_groups.all() for d in g.districts.all() if d.postcodes]
    for choice in selectors.group_choices(plan, uncovered=True):
        for slug in readers:
            url = reverse("guide:path", args=[choice.value, slug])
            urls += [url] + [f"{url}?postnummer={p}" for p in postcodes[:2]]
    for group in plan.target_groups.all():
        for kind in cards.KINDS:
            for reader in plan.readers.all():
                card = reverse("guide:card", args=[group.code, kind])
                urls += [f"{card}?laeser={reader.code}", f"{card[:-1]}.pdf?laeser={reader.code}"]
    return [*urls, reverse("intake:create"), reverse("intake:create") + "?akut=1"]


def _crawl(client, plan) -> dict[str, str]:
    """The text of every public guide page from the URL configuration, and the pages they link to."""
    queue = deque(_seeds(plan))
    seen, pages = set(queue), {}
    while queue and len(pages) < 300:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue
        if response["Content-Type"].startswith("application/pdf"):
            pages[url] = re.sub(r"\s+", " ", pdf_text(response.content))
            continue
        html = response.content.decode()
        pages[url] = text_of(response)
        for href in re.findall(r'href="(/guide/[^"#]*)', html):
            href = href.replace("&amp;", "&")
            if href not in seen and "forhaandsvisning" not in href:
                seen.add(href)
                queue.append(href)
    return pages


def _check(pages: dict[str, str], raw: str, unconfirmed: list[str]) -> list[str]:
    allowed_phones = {_digits(p) for p in PHONE.findall(raw)} | {"112"}
    allowed_emails = {e.lower() for e in EMAIL.findall(raw)}
    faults = []
    for url, text in pages.items():
        for phone in PHONE.findall(text):
            if _digits(phone) not in allowed_phones:
                faults.append(f"{url}: phone {phone} is not in the plan file")
        for email in EMAIL.findall(text):
            if email.lower() not in allowed_emails:
                faults.append(f"{url}: e-mail {email} is not in the plan file")
        for value in unconfirmed:
            for shown in re.finditer(re.escape(value), text):
                after = text[shown.end() : shown.end() + 90]
                if not any(mark in after for mark in MARKS):
                    faults.append(f"{url}: unconfirmed {value} shown without the mark: ...{value}{after[:60]}")
    return faults


@pytest.mark.parametrize(
    "path",
    [*example_plan_files(), Path(settings.BASE_DIR) / "plans" / "ishoj-2024.yaml"],
    ids=lambda p: p.stem,
)
@pytest.mark.parametrize("moment", [TUESDAY_10, SATURDAY_NIGHT, CHRISTMAS_DAY_2AM], ids=["day", "night", "holiday"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_public_page_shows_only_the_plans_contacts_and_marks_the_unconfirmed(
    client, settings, cards_dir, at, path, moment, language
):
    at(moment)
    raw = path.read_text(encoding="utf-8")
    if path.name.startswith("ishoj-"):
        from beredskab.plan.loader import ensure_default_plan

        plan = ensure_default_plan()
    else:
        plan = load_and_adopt(path, settings)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = _crawl(client, plan)
    assert any(url.startswith("/guide/bekymring/") for url in pages) and any(url.endswith(".pdf") for url in pages)
    assert not _check(pages, raw, _unconfirmed_values(yaml.safe_load(raw)))


@pytest.mark.parametrize("path", example_plan_files(), ids=lambda p: p.stem)
def test_every_action_card_pdf_marks_the_unconfirmed(settings, cards_dir, path):
    raw = path.read_text(encoding="utf-8")
    plan = load_and_adopt(path, settings)
    pages = {}
    for group in plan.target_groups.all():
        for kind in cards.KINDS:
            pages[f"{group.code}/{kind}.pdf"] = re.sub(r"\s+", " ", pdf_text(cards.card_pdf(plan, group, kind)))
    assert not _check(pages, raw, _unconfirmed_values(yaml.safe_load(raw)))
