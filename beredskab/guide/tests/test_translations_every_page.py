"""In English, no public text of the plan is shown untranslated without a lang="da" mark (issue
15): for each example plan (no English in the file) and Ishøj's (English shipped), every guide
page and action card reachable from the guide's URL configuration, and the report form, is read;
each text of the plan the file can translate (`validation.translations.public_texts`) that is
shown in Danish must sit inside an element marked lang="da", and the page must then say, in
English, that some texts are in Danish. With Ishøj's English, none of them is shown in Danish."""

from collections import deque
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from beredskab.plan.loader import read_plan_file
from beredskab.plan.validation import validate_plan_data
from beredskab.plan.validation.translations import public_texts

from .conftest import SATURDAY_NIGHT, example_plan_files, load_and_adopt
from .test_format2_every_page import _seeds

pytestmark = pytest.mark.django_db
ISHOJ = Path(settings.BASE_DIR) / "plans" / "ishoj-2024.yaml"
PUBLISHED_PLAN = "/guide/planen/"
NOTICE = "Some of the plan's texts are not available in your language"
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "area", "col", "embed", "track", "base"}


class _Texts(HTMLParser):
    """The page's text nodes, each with whether an element around it is marked lang="da"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.nodes: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(dict(attrs).get("lang") == "da")

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            self.nodes.append((" ".join(data.split()), any(self.stack[1:])))  # [0] is <html lang="da|en">


def _danish_shown(html: str, texts: dict[str, str]) -> tuple[list[str], list[str]]:
    """(the plan's texts shown in Danish without a lang="da" mark, those shown with one)."""
    parser = _Texts()
    parser.feed(html)
    unmarked, marked = [], []
    for key, danish in texts.items():
        for paragraph in danish.split("\n\n"):
            words = " ".join(paragraph.split())
            if len(words) < 20:  # short words ("Politiet") may be names in any language
                continue
            if any(words in text and not is_marked for text, is_marked in parser.nodes):
                unmarked.append(f"{key}: {words[:60]}")
            if any(words in text and is_marked for text, is_marked in parser.nodes):
                marked.append(key)
    return unmarked, marked


def _pages(client, plan) -> dict[str, str]:
    """The HTML of the guide's pages from its URL configuration (no PDFs), and those they link to."""
    queue = deque(url for url in _seeds(plan) if ".pdf" not in url)
    seen, pages = set(queue), {}
    while queue and len(pages) < 60:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages[url] = html = response.content.decode()
        for href in html.split('href="')[1:]:
            href = href.split('"', 1)[0].replace("&amp;", "&")
            if (
                href.startswith("/guide/")
                and ".pdf" not in href
                and href not in seen
                and "forhaandsvisning" not in href
            ):
                seen.add(href)
                queue.append(href)
    return pages


@pytest.mark.parametrize("path", [*example_plan_files(), ISHOJ], ids=lambda p: p.stem)
def test_in_english_no_plan_text_is_shown_in_danish_unmarked(client, settings, cards_dir, at, path):
    at(SATURDAY_NIGHT)  # closed units name their out-of-hours instruction
    plan = load_and_adopt(path, settings)
    texts = public_texts(validate_plan_data(read_plan_file(path)).spec)
    english = set(plan.translations.get("en", {}))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    faults = []
    for url, html in _pages(client, plan).items():
        unmarked, marked = _danish_shown(html, texts)
        faults += [f"{url}: {fault}" for fault in unmarked]
        if marked and NOTICE not in html:
            faults.append(f"{url}: plan texts in Danish without saying so: {marked[:3]}")
        # The published plan (/guide/planen/) is the document the council adopted, in its own
        # language, marked lang="da" with the notice; the guide's pages carry the translations.
        if path == ISHOJ and url != PUBLISHED_PLAN:
            faults += [f"{url}: {k} shown in Danish though the file translates it" for k in marked if k in english]
    assert not faults, "\n".join(faults[:30])
