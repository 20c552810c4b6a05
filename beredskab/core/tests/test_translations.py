"""The English translation is kept complete: every Danish string in the code has an English
msgstr, nothing is marked fuzzy, and the compiled catalogue matches the .po file."""

import gettext
import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if not msgid or not msgstr or "msgid_plural" in block:
            continue
        unquote = lambda part: "".join(re.findall(r'"(.*)"', part)).replace('\\"', '"').replace("\\n", "\n")  # noqa: E731
        yield unquote(msgid.group(1)), unquote(msgstr.group(1)), block


def test_english_catalogue_is_complete_and_not_fuzzy():
    untranslated = [msgid for msgid, msgstr, _ in _entries() if msgid and not msgstr]
    fuzzy = [msgid for msgid, _, block in _entries() if "#, fuzzy" in block and msgid]
    assert not untranslated, f"{len(untranslated)} strings lack English: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy translations: {fuzzy[:10]}"


def test_compiled_catalogue_matches_po_file():
    with open(PO.with_suffix(".mo"), "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, msgstr, _ in _entries() if msgid and catalogue.gettext(msgid) != msgstr]
    assert not stale, f"run `make messages`: compiled .mo is stale for {stale[:5]}"
