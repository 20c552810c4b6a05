"""The plan editor's sections: which parts of the plan file each page of the editor edits.

The editor works on the plan file's own structure (`export.plan_to_document`), so a saved edit
is checked by exactly the file format's validation (`validation.validate_plan_data`) and its
errors name places in the file (`units[1].phone: ...`), which the page puts next to its fields.

A section edits one or more *parts*: a place in the document holding a list of items (the
units, one target group's warning signs) or one mapping (the routing). Each item is edited
through `fields` (keys in the item, dotted for nested keys: `ages.min`); keys the section does
not show are kept as they were. `services.plan_draft_edit_section` replaces the parts and
saves; `section_version` is the fingerprint of a section's parts, so a save made from a page
shown before another save of the same section is refused instead of undoing it.
"""

import copy
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .editor_messages import in_words
from .validation.hours import ALWAYS
from .vocabulary import WEEKDAY_KEYS

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Field:
    """One value of an item: `key` in the item (dotted: nested), `kind` text, textarea, int,
    codes (one code or a list, typed with commas), always (a unit's hours "always") or flag (a
    yes/no key the file leaves out when no)."""

    key: str
    label: Any
    kind: str = "text"
    help: Any = ""

    @property
    def name(self) -> str:
        return self.key.replace(".", "__")


@dataclass(frozen=True)
class Part:
    """A place in the document the section edits, with the heading it is shown under."""

    label: Any
    path: Path
    single: bool = False  # a mapping (one form), not a list of items


@dataclass(frozen=True)
class Section:
    slug: str
    title: Any
    intro: Any
    fields: tuple[Field, ...]
    parts: Callable[[dict], list[Part]]
    can_add: bool = True  # rows can be added and deleted
    orderable: bool = False
    scalar: bool = False  # an item with only `text` is written as the text itself (a list of texts)
    item_label: str = ""  # the item's key whose value names its row ("name")


def _groups(doc: dict, *tail: str) -> list[Part]:
    groups = doc.get("target_groups", [])
    return [Part(g.get("name") or g.get("code"), ("target_groups", i, *tail)) for i, g in enumerate(groups)]


HOURS_FIELDS = (
    Field("hours.always", _("Åben døgnet rundt"), "always"),
    *(
        Field(f"hours.{day}", label, help=_("Fx 08:00-15:00 eller 08:00-12:00, 13:00-15:30. Tomt: lukket."))
        for day, label in zip(
            WEEKDAY_KEYS,
            (_("Mandag"), _("Tirsdag"), _("Onsdag"), _("Torsdag"), _("Fredag"), _("Lørdag"), _("Søndag")),
            strict=True,
        )
    ),
)

SECTIONS: dict[str, Section] = {
    s.slug: s
    for s in (
        Section(
            "kontakter",
            _("Kontakter og åbningstider"),
            _("Enhedernes telefon, e-mail, adresse og åbningstider."),
            (
                Field("code", _("Kode"), help=_("Små bogstaver, tal og bindestreg. Bruges i planen til at henvise.")),
                Field("name", _("Navn")),
                Field("phone", _("Telefon")),
                Field("email", _("E-mail")),
                Field("address", _("Adresse")),
                Field("url", _("Hjemmeside")),
                *HOURS_FIELDS,
            ),
            lambda doc: [Part(_("Enheder"), ("units",))],
            item_label="name",
        ),
        Section(
            "uden-for-aabningstid",
            _("Uden for åbningstid"),
            _("Hvem der tager over, når enhederne har lukket. Skriv enhedens kode; flere koder adskilt af komma."),
            (Field("out_of_hours", _("Uden for åbningstid"), "codes"),),
            lambda doc: [Part(_("Hele planen"), ("routing",), single=True), Part(_("Målgrupper"), ("target_groups",))],
            can_add=False,
            item_label="name",
        ),
        Section(
            "maalgrupper",
            _("Målgrupper og aldersgrænser"),
            _("Målgruppernes navne, aldersgrænser og modtagende enhed."),
            (
                Field("name", _("Navn")),
                Field("ages.min", _("Fra alder"), "int"),
                Field("ages.max", _("Til alder"), "int"),
                Field("receiving_unit", _("Modtagende enhed (kode)")),
                Field("description", _("Beskrivelse"), "textarea"),
            ),
            lambda doc: [Part(_("Målgrupper"), ("target_groups",))],
            can_add=False,
            item_label="name",
        ),
        Section(
            "bekymringstegn",
            _("Bekymringstegn"),
            _("Bekymringstegnene for hver målgruppe, i den rækkefølge de vises."),
            (Field("text", _("Bekymringstegn"), "textarea"),),
            lambda doc: _groups(doc, "warning_signs"),
            orderable=True,
            scalar=True,
        ),
        Section(
            "akut",
            _("Akutte skridt"),
            _("Skridtene, når nogen er i fare lige nu, i rækkefølge."),
            (Field("text", _("Skridt")), Field("detail", _("Uddybning"), "textarea")),
            lambda doc: [Part(_("Skridt"), ("acute", "steps"))],
            orderable=True,
            scalar=True,
        ),
        Section(
            "procedurer",
            _("Procedurer"),
            _("Skridtene i hver målgruppes procedure, i rækkefølge."),
            (
                Field("text", _("Skridt"), "textarea"),
                Field("legal_reference", _("Lovhenvisning")),
                # Shown, never hidden: the risk gate reads them, so a save must not drop them.
                Field("as_needed", _("Kun efter behov"), "flag"),
                Field("before_involving_family", _("Skal ske, før forældre eller netværk inddrages"), "flag"),
                Field("involves_family", _("Inddrager altid forældre eller netværk (fx mægling)"), "flag"),
            ),
            lambda doc: _groups(doc, "procedure", "steps"),
            orderable=True,
            scalar=True,
        ),
        Section(
            "partnere",
            _("Samarbejdspartnere"),
            _("Politi, sikkerhedskonsulenter og andre, planen henviser til."),
            (
                Field("code", _("Kode")),
                Field("kind", _("Type"), help="police, security_consultant, viso, authority, civil_society, other"),
                Field("name", _("Navn")),
                Field("purpose", _("Formål"), "textarea"),
                Field("phone", _("Telefon")),
                Field("email", _("E-mail")),
                Field("url", _("Hjemmeside")),
                Field("note", _("Note"), "textarea"),
            ),
            lambda doc: [Part(_("Samarbejdspartnere"), ("partners",))],
            item_label="name",
        ),
        Section(
            "forebyggelse",
            _("Forebyggelsesniveauer"),
            _("Det primære, sekundære og tertiære niveau."),
            (
                Field("level", _("Niveau"), help="primary, secondary, tertiary"),
                Field("name", _("Navn")),
                Field("description", _("Beskrivelse"), "textarea"),
                Field("triangle_label", _("Tekst i trekanten")),
            ),
            lambda doc: [Part(_("Niveauer"), ("prevention", "levels"))],
            item_label="name",
        ),
        Section(
            "definitioner",
            _("Definitioner"),
            _("Begreberne, planen forklarer, i rækkefølge."),
            (
                Field("code", _("Kode")),
                Field("term", _("Begreb")),
                Field("text", _("Forklaring"), "textarea"),
                Field("source", _("Kilde")),
            ),
            lambda doc: [Part(_("Definitioner"), ("definitions",))],
            orderable=True,
            item_label="term",
        ),
        Section(
            "maal",
            _("Mål"),
            _("Planens mål. Aktiviteterne under et mål bevares, når målet ændres."),
            (
                Field("code", _("Kode")),
                Field("title", _("Titel")),
                Field("description", _("Beskrivelse"), "textarea"),
                Field("period", _("Periode")),
            ),
            lambda doc: [Part(_("Mål"), ("goals",))],
            orderable=True,
            item_label="title",
        ),
    )
}


# --- reading and writing places in the document ------------------------------------------


def unwrap(value: Any) -> Any:
    """The value of an unconfirmed fact (`{value: ..., unconfirmed: ...}`), else the value."""
    if isinstance(value, dict) and set(value) == {"value", "unconfirmed"}:
        return value["value"]
    return value


def get_path(doc: Any, path: Path) -> Any:
    for key in path:
        doc = unwrap(doc)
        if isinstance(key, int):
            doc = doc[key] if isinstance(doc, list) and key < len(doc) else None
        else:
            doc = doc.get(key) if isinstance(doc, dict) else None
        if doc is None:
            return None
    return doc


def set_path(doc: dict, path: Path, value: Any) -> None:
    """Set the value at `path`, making mappings on the way; an empty value removes the key, and
    mappings left empty by it (the file leaves out what is empty)."""
    *head, last = path
    chain = [doc]
    for key in head:
        nxt = doc[key] if isinstance(key, int) else doc.get(key)
        if not isinstance(nxt, dict | list):
            if value in (None, "", [], {}):
                return  # nothing to remove
            nxt = doc[key] = {}
        doc = nxt
        chain.append(doc)
    if value not in (None, "", [], {}):
        doc[last] = value
        return
    if isinstance(doc, dict):
        doc.pop(last, None)
    for parent, key, child in reversed(list(zip(chain[:-1], head, chain[1:], strict=True))):
        if child != {} or not isinstance(parent, dict):
            break
        parent.pop(key)


def place(path: Path) -> str:
    """A path as the validation names places: ("units", 1, "phone") -> "units[1].phone"."""
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def section_version(doc: dict, section: Section) -> str:
    """A fingerprint of what the section shows: it changes when anyone saves a change to it."""
    parts = section.parts(doc)
    values = [[p.path, get_path(doc, p.path)] for p in parts]
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:32]


# --- items <-> form values ------------------------------------------------------------------


def _hours_initial(item: dict, day: str) -> Any:
    hours = unwrap(item.get("hours"))
    if day == "always":
        return hours == ALWAYS
    return hours.get(day, "") if isinstance(hours, dict) else ""


def item_initial(section: Section, item: Any) -> dict:
    """The form's initial values for one item of a part."""
    if isinstance(item, str):
        item = {"text": item}
    initial = {}
    for f in section.fields:
        if f.key.startswith("hours."):
            initial[f.name] = _hours_initial(item, f.key.split(".", 1)[1])
            continue
        value = unwrap(get_path(item, tuple(f.key.split("."))))
        if f.kind == "codes" and isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if f.kind == "flag":
            value = bool(value)
        initial[f.name] = value
    return initial


def _typed(f: Field, value: Any) -> Any:
    if f.kind == "flag":
        return True if value else None
    if f.kind == "codes":
        codes = [c.strip() for c in (value or "").split(",") if c.strip()]
        return codes[0] if len(codes) == 1 else codes
    if isinstance(value, str):
        return value.strip()
    return value


def _same_text(current: Any, new: Any) -> bool:
    """A number the file wrote as a number (`period: 2025`) and shown in a text field is unchanged."""
    return isinstance(current, int | float) and not isinstance(current, bool) and str(current) == new


def _hours_value(section: Section, values: dict) -> Any:
    if values.get("hours__always"):
        return ALWAYS
    return {d: values[f"hours__{d}"].strip() for d in WEEKDAY_KEYS if (values.get(f"hours__{d}") or "").strip()}


def item_value(section: Section, values: dict, original: Any) -> Any:
    """The item as the file writes it, from the form's values; keys the section does not edit,
    and unconfirmed facts whose value is unchanged, are kept from `original`."""
    item = copy.deepcopy(original) if isinstance(original, dict) else ({"text": original} if original else {})
    for f in section.fields:
        if f.key.startswith("hours."):
            continue
        key = tuple(f.key.split("."))
        new, current = _typed(f, values.get(f.name)), unwrap(get_path(item, key))
        if f.kind == "flag" and not new and not current:
            continue  # "no" written or left out: the same
        if current != new and not _same_text(current, new):
            set_path(item, key, new)
    if any(f.key.startswith("hours.") for f in section.fields):
        new = _hours_value(section, values)
        if unwrap(item.get("hours")) != new:
            set_path(item, ("hours",), new)
    for key, value in list(item.items()):
        if value in (None, "", [], {}):
            del item[key]
    if section.scalar and set(item) == {"text"}:
        return item["text"]
    return item


def replace_parts(doc: dict, values: dict[Path, Any]) -> dict:
    """A copy of the document with the parts' values replaced."""
    new = copy.deepcopy(doc)
    for path, value in values.items():
        set_path(new, path, value)
    return new


# --- translations of the items ------------------------------------------------------------


def _item_key(item: Any) -> str | None:
    """How a translation names a list item: by its code (a prevention level by its level), else
    None (by its index)."""
    if isinstance(item, dict):
        return item.get("code") or item.get("level")
    return None


def _translation_place(doc: dict, path: Path) -> str:
    """A part's place as translation keys write it: `target_groups[born].warning_signs`."""
    text, here = "", doc
    for key in path:
        if isinstance(key, int):
            here = unwrap(here)[key]
            text += f"[{_item_key(here) or key}]"
        else:
            here = unwrap(here).get(key) if isinstance(unwrap(here), dict) else None
            text += f".{key}" if text else key
    return text


def item_identity(item: Any) -> str:
    """What names an item across saves: its code (or level), else a fingerprint of its content.
    A row remembers it, so a page saved after another tab added, deleted or moved rows keeps the
    keys the page does not show from the same item, not from whatever now has the row's index."""
    if key := _item_key(item):
        return f"k:{key}"
    return "h:" + hashlib.sha256(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _moved(old: list, new: list) -> dict[int, int]:
    """Where each unchanged item of `old` is in `new` (by index); edited or deleted items are not."""
    moved, used = {}, set()
    for i, item in enumerate(old):
        j = next((j for j, other in enumerate(new) if j not in used and other == item), None)
        if j is not None:
            moved[i] = j
            used.add(j)
    return moved


def carry_translations(before: dict, after: dict, section: Section) -> dict:
    """The translations of the section's list items follow them: an item moved keeps its
    translation at its new index; the translation of an item deleted or edited (no longer a
    translation of its text; the guide shows the Danish text until it is translated again) or of
    a code no longer in the list is left out. Without this a reordered list would show other
    items' translations, and a deleted item's translation would make the plan invalid."""
    translations = after.get("translations")
    if not translations:
        return after
    for part in section.parts(before):
        old, new = get_path(before, part.path), get_path(after, part.path) or []
        if part.single or not isinstance(old, list):
            continue
        prefix = _translation_place(before, part.path) + "["
        codes = {_item_key(item) for item in new}
        moved = _moved(old, new)
        for language, texts in translations.items():
            kept = {}
            for key, text in texts.items():
                if not key.startswith(prefix):
                    kept[key] = text
                    continue
                token, _b, rest = key[len(prefix) :].partition("]")
                if token in codes:
                    kept[key] = text
                elif token.isdigit() and int(token) in moved:
                    kept[f"{prefix}{moved[int(token)]}]{rest}"] = text
            translations[language] = kept
    return after


# --- errors -----------------------------------------------------------------------------------


@dataclass
class PlacedError:
    """A validation error read back to the editor: the part, the item's index in it (None: the
    part itself), the field's name (None: the item), and the message without its place."""

    part: int | None
    index: int | None
    field_name: str | None
    message: str
    text: str


def place_errors(section: Section, doc: dict, errors: list[str]) -> list[PlacedError]:
    """Each error of the file format's validation placed on the section's parts and fields;
    errors elsewhere in the plan (a code removed that another section uses) have part None."""
    parts = section.parts(doc)
    names = {f.key: f.name for f in section.fields}
    placed = []
    for error in errors:
        where, _sep, message = error.partition(": ")
        message = in_words(message if _sep else error)
        found = PlacedError(None, None, None, message, f"{where}: {message}" if _sep else message)
        for n, part in enumerate(parts):
            prefix = place(part.path)
            if where != prefix and not where.startswith((prefix + "[", prefix + ".")):
                continue
            rest = where[len(prefix) :]
            found.part = n
            if part.single:
                rest = "[0]" + rest
            if rest.startswith("["):
                index, _b, tail = rest[1:].partition("]")
                found.index = int(index) if index.isdigit() else None
                keys = tail.lstrip(".").split(".")
                for length in range(len(keys), 0, -1):
                    if (key := ".".join(keys[:length])) in names:
                        found.field_name = names[key]
                        break
            break
        placed.append(found)
    return placed
