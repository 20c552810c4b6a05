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
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .validation.hours import ALWAYS
from .vocabulary import WEEKDAY_KEYS

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Field:
    """One value of an item: `key` in the item (dotted: nested), `kind` text, textarea, int,
    codes (one code or a list, typed with commas) or always (a unit's hours "always")."""

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
            (Field("text", _("Skridt"), "textarea"), Field("legal_reference", _("Lovhenvisning"))),
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
        initial[f.name] = value
    return initial


def _typed(f: Field, value: Any) -> Any:
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


# The file format's messages (English: the file and its command-line tools speak English), said
# to the coordinator in the page's language. Every message the validation can write has a
# pattern here (tests/test_editor_messages enumerates the validation's `error` calls); one that
# has none is shown as a Danish general message, never in English. `v` is the value as the
# message quotes it (`show`: "text" quoted, else its repr).
_VALUE = r'(?P<v>".*"|\S+)'
_W = r'(?P<w>".*"|\S+)'


def _rule(pattern: str, words) -> tuple[re.Pattern, Any]:
    return re.compile(f"^{pattern}$"), words


MESSAGES_IN_WORDS = [
    _rule(r"is required", _("Skal udfyldes.")),
    _rule(r"must not be empty", _("Skal have mindst én række.")),
    _rule(
        rf"{_VALUE} must be a short number \(3-4 digits\) or 8 digits",
        _("%(v)s skal være et kort nummer (3-4 cifre) eller 8 cifre."),
    ),
    _rule(rf"{_VALUE} is not a valid phone number", _("%(v)s er ikke et gyldigt telefonnummer.")),
    _rule(rf"{_VALUE} is not a valid e-mail address", _("%(v)s er ikke en gyldig e-mailadresse.")),
    _rule(rf"{_VALUE} is not a valid web address", _("%(v)s er ikke en gyldig webadresse.")),
    _rule(
        rf"{_VALUE} (is not a valid time range|must be a time range like .*)",
        _("%(v)s er ikke et tidsrum som 08:00-15:00 (flere tidsrum adskilt af komma)."),
    ),
    _rule(r"time ranges overlap", _("Tidsrummene overlapper hinanden.")),
    _rule(rf"{_VALUE} is not the code of a unit in units", _("%(v)s er ikke koden på en enhed i planen.")),
    _rule(rf"{_VALUE} is not the code of a partner", _("%(v)s er ikke koden på en samarbejdspartner.")),
    _rule(rf"{_VALUE} is not the code of a group in target_groups", _("%(v)s er ikke koden på en målgruppe i planen.")),
    _rule(rf"{_VALUE} is not the code of a centre in centres", _("%(v)s er ikke koden på et center i planen.")),
    _rule(rf"{_VALUE} is not the code of a reader in readers", _("%(v)s er ikke koden på en læser i planen.")),
    _rule(
        rf"{_VALUE} must be lower-case letters, digits and hyphens",
        _("%(v)s må kun indeholde små bogstaver, tal og bindestreg."),
    ),
    _rule(rf"{_VALUE} is already used by .*", _("%(v)s er allerede brugt af en anden række.")),
    _rule(
        r"is too long \((?P<n>\d+) characters; at most (?P<max>\d+)\)", _("Er for lang (%(n)s tegn; højst %(max)s).")
    ),
    _rule(rf"{_VALUE} is not one of: (?P<choices>.*)", _("%(v)s er ikke en af: %(choices)s.")),
    _rule(
        rf"{_VALUE} is not a valid month \(use YYYY-MM or e\.g\. april 2024\)",
        _("%(v)s er ikke en gyldig måned (skriv ÅÅÅÅ-MM eller fx april 2024)."),
    ),
    _rule(
        r"(?P<due>\S+) is more than (?P<n>\d+) years after adoption \((?P<adopted>\S+)\); "
        r"at the latest (?P<latest>\S+)",
        _("%(due)s ligger mere end %(n)s år efter vedtagelsen (%(adopted)s); senest %(latest)s."),
    ),
    _rule(
        r"(?P<due>\S+) must be after the adoption date \((?P<adopted>\S+)\)",
        _("%(due)s skal ligge efter vedtagelsesdatoen (%(adopted)s)."),
    ),
    _rule(rf"{_VALUE} is listed twice", _("%(v)s står der to gange.")),
    _rule(
        r"professionals cannot report anonymously \(barnets lov § 133\)",
        _("Fagpersoner kan ikke underrette anonymt (barnets lov § 133)."),
    ),
    _rule(r"lists a topic twice", _("Et emne står der to gange.")),
    _rule(
        r"max \((?P<hi>-?\d+)\) is below min \((?P<lo>-?\d+)\)",
        _("Den højeste alder (%(hi)s) er lavere end den laveste (%(lo)s)."),
    ),
    _rule(r'must be "always" or weekdays .*', _("Skal være døgnet rundt eller ugedage med tidsrum.")),
    _rule(r"must be one time range like .*", _("Skal være ét tidsrum som 09:00-12:00, eller lukket.")),
    _rule(rf"{_VALUE} is not a date", _("%(v)s er ikke en dato.")),
    _rule(
        r"needs a way to reach it: .*",
        _("Skal have en måde at blive kontaktet på: telefon, e-mail, hjemmeside, adresse eller en anden enhed."),
    ),
    _rule(
        r"is required for an out-of-hours contact \((?P<choices>.*)\)",
        _("Skal udfyldes for en kontakt uden for åbningstid (%(choices)s)."),
    ),
    _rule(
        r"is only for out-of-hours contacts \(role: out_of_hours\)",
        _("Bruges kun for kontakter uden for åbningstid (rolle: out_of_hours)."),
    ),
    _rule(r"is only for front desks \(role: front_desk\)", _("Bruges kun for en indgang (rolle: front_desk).")),
    _rule(
        rf"{_VALUE} is not a supported format version \(use (?P<n>.*)\)",
        _("%(v)s er ikke en understøttet formatversion (brug %(n)s)."),
    ),
    _rule(r"the code (?P<v>\S+) is used twice", _("Koden %(v)s er brugt to gange.")),
    _rule(
        r"a rule of kind (?P<kind>\S+) needs (?P<name>\S+) \(a whole number from 1\)",
        _("En regel af typen %(kind)s skal have %(name)s (et helt tal fra 1)."),
    ),
    _rule(r"a rule of kind (?P<kind>\S+) takes no (?P<name>\S+)", _("En regel af typen %(kind)s har ikke %(name)s.")),
    _rule(rf"{_VALUE} is not a valid date \(use YYYY-MM-DD\)", _("%(v)s er ikke en gyldig dato (skriv ÅÅÅÅ-MM-DD).")),
    _rule(r"must be a mapping \(key: value lines\)", _("Skal være en samling felter (linjer med navn: værdi).")),
    _rule(r"must be a list \(lines starting with '- '\)", _("Skal være en liste (linjer, der begynder med '- ').")),
    _rule(r"must be text", _("Skal være tekst.")),
    _rule(r"contains a NUL character", _("Indeholder et NUL-tegn, som ikke er tilladt.")),
    _rule(rf"{_VALUE} must be true or false", _("%(v)s skal være ja eller nej (true eller false).")),
    _rule(rf"{_VALUE} must be a whole number", _("%(v)s skal være et helt tal.")),
    _rule(r"(?P<v>\S+) must be between (?P<lo>-?\d+) and (?P<hi>-?\d+)", _("%(v)s skal være mellem %(lo)s og %(hi)s.")),
    _rule(r"(?P<v>\S+) must be at least (?P<lo>-?\d+)", _("%(v)s skal være mindst %(lo)s.")),
    _rule(
        rf"{_VALUE} must be a date \(YYYY-MM-DD\), not a time",
        _("%(v)s skal være en dato (ÅÅÅÅ-MM-DD), ikke et tidspunkt."),
    ),
    _rule(r'unknown key \(did you mean "(?P<k>.*)"\?\)', _('Ukendt felt (mente du "%(k)s"?).')),
    _rule(r"unknown key \(allowed: (?P<keys>.*)\)", _("Ukendt felt (tilladte: %(keys)s).")),
    _rule(r"must be a non-empty text", _("Skal være en tekst, der ikke er tom.")),
    _rule(r"must say why the value is not confirmed", _("Skal sige, hvorfor værdien ikke er bekræftet.")),
    _rule(r'an unconfirmed fact needs a "value"', _('En ikke-bekræftet oplysning skal have en værdi ("value").')),
    _rule(
        rf"{_VALUE} is the guide's own word for a reader; choose another",
        _("%(v)s er handleguidens eget ord for en læser; vælg et andet."),
    ),
    _rule(rf"{_VALUE} has a procedure already", _("%(v)s har allerede en procedure.")),
    _rule(
        r"is required when the plan has more than one target group",
        _("Skal udfyldes, når planen har mere end én målgruppe."),
    ),
    _rule(
        rf"{_VALUE} forwards to {_W}, which does not receive reports for this group",
        _("%(v)s sender videre til %(w)s, som ikke modtager underretninger for denne målgruppe."),
    ),
    _rule(
        r"overlaps another group \(age (?P<n>-?\d+) is already covered\)",
        _("Overlapper en anden målgruppe (alder %(n)s er allerede dækket)."),
    ),
    _rule(
        rf"{_VALUE} has role (?P<role>\S+); .* must be a unit with role (?P<roles>.*)",
        _("%(v)s har rollen %(role)s; her skal det være en enhed med rollen %(roles)s."),
    ),
    _rule(r"a unit cannot forward to itself", _("En enhed kan ikke sende videre til sig selv.")),
    _rule(r"a unit cannot be reached via itself", _("En enhed kan ikke nås via sig selv.")),
    _rule(
        r"leads back to itself \((?P<cycle>.*)\): the chain .*",
        _(
            "Fører tilbage til sig selv (%(cycle)s): kæden skal ende ved en enhed med egen telefon, e-mail, "
            "hjemmeside eller adresse."
        ),
    ),
    _rule(r'postcode "(?P<v>.*)" is also in (?P<where>.*)', _("Postnummer %(v)s står også i %(where)s.")),
    _rule(
        r"give either unit or one_of .*",
        _("Angiv enten én enhed (unit) eller en liste af enheder, som planen beder om én af (one_of)."),
    ),
    _rule(
        r"lists at least two different units \(else use unit\)",
        _("Skal nævne mindst to forskellige enheder (ellers brug unit)."),
    ),
    _rule(rf"{_VALUE} is not a 4-digit postcode", _("%(v)s er ikke et postnummer med 4 cifre.")),
    _rule(r'"(?P<v>.*)" is reserved for the unknown-age choice', _('"%(v)s" er forbeholdt valget "ukendt alder".')),
    _rule(
        rf"{_VALUE} is not a language code other than da \(e\.g\. en\)",
        _("%(v)s er ikke en anden sprogkode end da (fx en)."),
    ),
    _rule(
        r"names no text of the plan that can be translated",
        _("Henviser ikke til en tekst i planen, der kan oversættes."),
    ),
]


GENERAL_MESSAGE = _("Værdien passer ikke til planens filformat.")


def in_words(message: str) -> str:
    """A validation message (without its place) in the page's language; one without a pattern
    (a new message not yet given one) as a general Danish message, never in English."""
    for pattern, words in MESSAGES_IN_WORDS:
        if match := pattern.match(message):
            return str(words) % {k: v or "" for k, v in match.groupdict().items()}
    return str(GENERAL_MESSAGE)


def placed_in_words(error: str) -> str:
    """A validation error with its place (`units[1].phone: ...`), its message in words."""
    where, sep, message = error.partition(": ")
    return f"{where}: {in_words(message)}" if sep else in_words(error)


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
