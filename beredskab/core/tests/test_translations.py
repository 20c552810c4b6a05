"""The English translation is kept complete: every Danish string in the code has an English
msgstr, nothing is marked fuzzy, and the compiled catalogue matches the .po file."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from config import env

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(po=None):
    text = (po or PO).read_text(encoding="utf-8")
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


def test_every_translatable_string_in_the_code_is_in_the_english_catalogue(tmp_path):
    """Runs makemessages in a copy of the code: a new Danish string without English fails
    here. Needs GNU gettext (xgettext), which CI installs."""
    if shutil.which("xgettext") is None:
        if env.CI:
            pytest.fail("xgettext is missing in CI (apt-get install -y gettext).")
        pytest.skip("GNU gettext not installed; CI runs this check.")
    root = PO.parents[4]
    shutil.copytree(
        root / "beredskab",
        tmp_path / "beredskab",
        ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo", "tests"),
    )
    shutil.copytree(root / "config", tmp_path / "config", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATA_DIR": str(tmp_path / "var")}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "en", "--verbosity", "0"],
        cwd=tmp_path,
        env=environment,
        check=True,
    )
    catalogues = sorted((tmp_path / "beredskab").rglob("en/LC_MESSAGES/django.po"))
    entries = [entry for catalogue in catalogues for entry in _entries(catalogue)]
    untranslated = sorted({msgid for msgid, msgstr, _ in entries if msgid and not msgstr})
    fuzzy = sorted({msgid for msgid, _, block in entries if "#, fuzzy" in block and msgid})
    assert not untranslated, f"{len(untranslated)} strings lack English (run `make messages`): {untranslated[:10]}"
    assert not fuzzy, f"fuzzy translations to check: {fuzzy[:10]}"


DA_PO = PO.parents[2] / "da" / "LC_MESSAGES" / "django.po"


def test_the_danish_catalogue_holds_only_drf_texts_all_translated_and_compiled():
    """beredskab/locale/da: Danish for DRF's messages its own catalogue lacks (our own strings are
    Danish in the code). Every entry is one of DRF's msgids, translated, and compiled."""
    import rest_framework

    drf = Path(rest_framework.__file__).parent / "locale"
    with open(drf / "de" / "LC_MESSAGES" / "django.mo", "rb") as handle:  # DRF's fullest catalogue
        drf_msgids = {key[0] if isinstance(key, tuple) else key for key in gettext.GNUTranslations(handle)._catalog}
    entries = [(msgid, msgstr) for msgid, msgstr, _ in _entries(DA_PO) if msgid]
    assert entries
    assert not [m for m, _ in entries if m not in drf_msgids], "only DRF's msgids belong in the Danish catalogue"
    assert not [m for m, s in entries if not s], "every entry has its Danish"
    with open(DA_PO.with_suffix(".mo"), "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = [msgid for msgid, msgstr in entries if catalogue.gettext(msgid) != msgstr]
    assert not stale, f"run `make messages`: compiled Danish .mo is stale for {stale[:5]}"
