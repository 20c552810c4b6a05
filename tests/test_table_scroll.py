"""Every table on a page sits in a focusable, labelled scroll region (the DKFDS
`table--responsive-scroll` with tabindex="0", role="region" and a label), so a wide table
scrolls on a 360 px screen and a keyboard user can scroll it. PDFs and e-mails are not pages."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1] / "beredskab"
WRAPPER = re.compile(r"<div[^>]*\btable--responsive-scroll\b[^>]*>")
# The receipt body is shared with its PDF and is a two-row key/value table (no width to scroll).
NOT_PAGES = ("/pdf/", "email", "_pdf.html", "_receipt_body.html")


def _templates():
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if not any(part in relative for part in NOT_PAGES):
            yield relative, path.read_text(encoding="utf-8")


def test_every_table_is_in_a_scroll_region():
    bare = []
    for name, text in _templates():
        for table in re.finditer(r"<table\b", text):
            before = text[: table.start()]
            if before.rfind("table--responsive-scroll") <= before.rfind("</table>"):
                bare.append(f"{name}:{before.count(chr(10)) + 1}")
    assert bare == []


def test_every_scroll_region_is_focusable_and_labelled():
    unlabelled = []
    for name, text in _templates():
        for wrapper in WRAPPER.finditer(text):
            tag = wrapper.group(0)
            if not ('tabindex="0"' in tag and 'role="region"' in tag and "aria-label" in tag):
                unlabelled.append(f"{name}: {tag}")
    assert unlabelled == []
