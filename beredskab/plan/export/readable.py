"""The differences between two versions in words, per section of the plan, for the
coordinator ("StraXen: telefon 43 57 75 78 → 43 57 75 79") instead of places in the file and
YAML. Built on `diff.diff_documents`: each difference's place is read back into the section it
belongs to, the name of the item it is in (a unit's name, a target group's name) and the words
for its fields; values are written as text (lists with commas), never as YAML."""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .diff import Difference, diff_documents

SECTION_TITLES = {
    "format": gettext_lazy("Filformat"),
    "municipality": gettext_lazy("Kommune"),
    "plan": gettext_lazy("Planen"),
    "adoption": gettext_lazy("Vedtagelse"),
    "revision": gettext_lazy("Revision"),
    "definitions": gettext_lazy("Definitioner"),
    "warning_signs": gettext_lazy("Bekymringstegn"),
    "centres": gettext_lazy("Centre"),
    "units": gettext_lazy("Kontakter og åbningstider"),
    "routing": gettext_lazy("Henvisning og lukkedage"),
    "target_groups": gettext_lazy("Målgrupper"),
    "readers": gettext_lazy("Læsere"),
    "acute": gettext_lazy("Akutte skridt"),
    "partners": gettext_lazy("Samarbejdspartnere"),
    "prevention": gettext_lazy("Forebyggelse"),
    "goals": gettext_lazy("Mål"),
    "implementation": gettext_lazy("Implementering"),
    "radar": gettext_lazy("Bekymringsradar"),
    "translations": gettext_lazy("Oversættelser"),
}

FIELD_WORDS = {
    "phone": gettext_lazy("telefon"),
    "email": gettext_lazy("e-mail"),
    "name": gettext_lazy("navn"),
    "hours": gettext_lazy("åbningstider"),
    "description": gettext_lazy("beskrivelse"),
    "role": gettext_lazy("rolle"),
    "centre": gettext_lazy("center"),
    "area": gettext_lazy("område"),
    "org_unit_code": gettext_lazy("organisationskode"),
    "ages": gettext_lazy("alder"),
    "min": gettext_lazy("fra"),
    "max": gettext_lazy("til"),
    "receiving_unit": gettext_lazy("modtagende enhed"),
    "advice": gettext_lazy("råd"),
    "warning_signs": gettext_lazy("bekymringstegn"),
    "procedure": gettext_lazy("procedure"),
    "steps": gettext_lazy("skridt"),
    "title": gettext_lazy("titel"),
    "duty_to_report": gettext_lazy("underretningspligt"),
    "text": gettext_lazy("tekst"),
    "intro": gettext_lazy("indledning"),
    "note": gettext_lazy("note"),
    "source": gettext_lazy("kilde"),
    "emergency": gettext_lazy("alarm"),
    "instruction": gettext_lazy("instruks"),
    "detail": gettext_lazy("uddybning"),
    "kind": gettext_lazy("type"),
    "purpose": gettext_lazy("formål"),
    "adopted_by": gettext_lazy("vedtaget af"),
    "adopted_on": gettext_lazy("vedtaget den"),
    "published_on": gettext_lazy("offentliggjort den"),
    "political_responsibility": gettext_lazy("politisk ansvar"),
    "due": gettext_lazy("frist"),
    "responsible": gettext_lazy("ansvarlig"),
    "coordination": gettext_lazy("koordinering"),
    "version": gettext_lazy("version"),
    "unconfirmed": gettext_lazy("note om, at oplysningen ikke er bekræftet"),
    "out_of_hours": gettext_lazy("uden for åbningstid"),
    "unknown_age_goes_to": gettext_lazy("ukendt alder hører til"),
    "closure_days": gettext_lazy("lukkedage"),
    "term": gettext_lazy("begreb"),
    "period": gettext_lazy("periode"),
    "activities": gettext_lazy("aktiviteter"),
    "levels": gettext_lazy("niveauer"),
    "rules": gettext_lazy("regler"),
    "count": gettext_lazy("antal"),
    "months": gettext_lazy("måneder"),
    "mon": gettext_lazy("mandag"),
    "tue": gettext_lazy("tirsdag"),
    "wed": gettext_lazy("onsdag"),
    "thu": gettext_lazy("torsdag"),
    "fri": gettext_lazy("fredag"),
    "sat": gettext_lazy("lørdag"),
    "sun": gettext_lazy("søndag"),
}
# Keys that only wrap a value (`{value: ..., unconfirmed: ...}`): no word of their own.
_SILENT = {"value"}
# Which key of a list item names it for a reader.
_NAME_KEYS = ("name", "term", "title", "text")
_TOKEN = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")
_ORDER = " (rækkefølge)"


@dataclass(frozen=True)
class ReadableChange:
    kind: str  # "added", "removed", "changed", "order"
    text: str


@dataclass
class ReadableSection:
    key: str
    title: str
    changes: list[ReadableChange] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.changes)


def _value(value: Any, limit: int = 200) -> str:
    if value is None or value == "":
        text = _("(tom)")
    elif isinstance(value, bool):
        text = _("ja") if value else _("nej")
    elif isinstance(value, datetime.date):
        text = date_format(value, "j. F Y")
    elif isinstance(value, dict):
        if set(value) <= {"value", "unconfirmed"} and "value" in value:
            text = _value(value["value"], limit)
            if value.get("unconfirmed"):
                text += " " + _("(ikke bekræftet)")
        else:
            text = "; ".join(f"{_word(k)}: {_value(v, limit)}" for k, v in value.items())
    elif isinstance(value, list):
        text = ", ".join(_item_name(v) if isinstance(v, dict) else _value(v, limit) for v in value)
        text = text or _("(ingen)")
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _word(key: str) -> str:
    return str(FIELD_WORDS.get(key, key.replace("_", " ")))


def _item_name(item: dict) -> str:
    for key in _NAME_KEYS:
        if isinstance(item.get(key), str) and item[key]:
            return item[key]
    return _value({k: v for k, v in item.items() if not isinstance(v, dict | list)})


def _find(container: Any, key: str) -> Any:
    """The item `key` of a list (by its code-like key, else by position) or a dict."""
    if isinstance(container, dict):
        return container.get(key)
    if isinstance(container, list):
        if key.isdigit() and not any(isinstance(i, dict) and key in i.values() for i in container):
            index = int(key)
            return container[index] if index < len(container) else None
        for item in container:
            if isinstance(item, dict) and key in item.values():
                return item
    return None


def _label(tokens: list[tuple[str, bool]], old_doc: dict, new_doc: dict) -> str:
    """Words for a place below its section: "StraXen: telefon", "Børn: bekymringstegn nr. 3"."""
    words: list[str] = []
    named = ""
    nodes = [old_doc, new_doc]
    for i, (token, bracketed) in enumerate(tokens):
        nodes = [_find(n, token) if n is not None else None for n in nodes]
        if bracketed:
            item = nodes[0] if isinstance(nodes[0], dict) else nodes[1]  # its name before the change
            if isinstance(item, dict) and i + 1 < len(tokens) and not named:
                named, words = _item_name(item), []
            elif token.isdigit():
                words.append(_("nr. %(n)s") % {"n": int(token) + 1})
            elif isinstance(item, dict):
                words.append(_item_name(item))
            else:
                words.append(token)
        elif token not in _SILENT:
            words.append(_word(token) if i > 0 else "")
    text = " ".join(w for w in words if w)
    if named:
        return f"{named}: {text}" if text else named
    return text


def _tokens(place: str) -> list[tuple[str, bool]]:
    return [(plain or bracket, bool(bracket) or plain == "") for plain, bracket in _TOKEN.findall(place)]


def _readable(difference: Difference, old_doc: dict, new_doc: dict) -> tuple[str, ReadableChange]:
    place = difference.place
    order = place.endswith(_ORDER)
    if order:
        place = place[: -len(_ORDER)]
    tokens = _tokens(place)
    section = tokens[0][0] if tokens else ""
    if section == "translations":
        label = place.split(".", 1)[1] if "." in place else place
    else:
        label = _label(tokens, old_doc, new_doc)
        if not label and len(tokens) == 1:
            label = str(SECTION_TITLES.get(section, section))
    if order:
        return section, ReadableChange("order", _("%(what)s: rækkefølgen er ændret") % {"what": label or section})
    value = difference.new if difference.kind == "added" else difference.old
    if isinstance(value, dict) and _item_name(value) == label:
        # A whole item (a unit, a partner) added or removed: its name says it.
        words = _("Tilføjet: %(what)s") if difference.kind == "added" else _("Fjernet: %(what)s")
        text = words % {"what": label}
    elif difference.kind == "added":
        text = _("Tilføjet: %(what)s: %(value)s") % {"what": label, "value": _value(difference.new)}
    elif difference.kind == "removed":
        text = _("Fjernet: %(what)s (var %(value)s)") % {"what": label, "value": _value(difference.old)}
    else:
        sep = ": " if re.search(r"\d$", label) else " "  # "bekymringstegn nr. 2: … → …"
        text = f"{label}{sep}{_value(difference.old)} → {_value(difference.new)}"
    return section, ReadableChange(difference.kind, text)


def readable_differences(old_doc: dict, new_doc: dict) -> list[ReadableSection]:
    """What changed from `old_doc` to `new_doc` (plan documents), per section in file order."""
    sections: dict[str, ReadableSection] = {}
    for difference in diff_documents(old_doc, new_doc):
        key, change = _readable(difference, old_doc, new_doc)
        if key not in sections:
            sections[key] = ReadableSection(key, str(SECTION_TITLES.get(key, key)))
        sections[key].changes.append(change)
    return list(sections.values())
