"""The outbound check: nothing the recipient may not have leaves the system in free text.

A document for someone outside the case team (aktindsigt for a parent, a risk assessment for
the police or a security consultant, a letter to the reporter) is built from the disclosure
selector (`Disclosure`), which leaves out what is restricted. But a restricted fact can still
be written into free text: a journal note saying the child "has moved to Testvej 12". So before
such a document goes, its free text is searched for every value the recipient must not get
(`secrets_for`): the child's restricted details, restricted contact details and names of family
members, and the reporter's identity when it is withheld. The search compares words as a person
reads them (case, spacing, diacritics, invisible characters, parts of an address, digits written
with spaces or dashes: `find_leaks`).

A hit blocks the document until the worker decides, per hit, on a preview of the text as the
recipient will see it: blacked out (the default, `redact`) or released with a written reason
(`OutboundRelease`, audited).
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskab.core.text import fold

from .disclosure import SUBJECT_FIELDS, Disclosure

REDACTED = gettext_lazy("[tilbageholdt]")
# Words and numbers are separate tokens ("tlf12345678" is "tlf" and "12345678").
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# What may stand between the digit groups of one number ("12 34-56.78", "150611–4233").
_NUMBER_GLUE = re.compile(r"^[\s.,_\-/+()\u2010-\u2015\u2212]*$")
# Letters typed for digits next to digits ("15O611", "2O 3O"): read as the digit, for numbers.
_DIGIT_LOOKALIKE = re.compile(r"(?<=\d)[oOlI]|[oOlI](?=\d)")
# Two words written apart or with a hyphen are also read as one ("Test-vej" is "Testvej").
_WORD_JOIN = re.compile(r"^[\s\-\u2010\u2011]{1,3}$")
# Street types: no secret on their own ("Skjult Allé": "Skjult" gives the street away, "Allé" not).
_STREET_TYPES = frozenset(
    fold(word)
    for word in ("vej", "gade", "allé", "plads", "vænge", "park", "have", "stræde", "boulevard", "torv", "sti")
)
# Month names and abbreviations a date may be written with, Danish and English.
_MONTH_NAMES = {
    1: ("januar", "january", "jan"),
    2: ("februar", "february", "feb"),
    3: ("marts", "march", "mar"),
    4: ("april", "apr"),
    5: ("maj", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("august", "aug"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nov"),
    12: ("december", "dec"),
}
# A word broken at the end of a line ("Am-\nira") is read whole.
_LINE_BREAK_HYPHEN = re.compile(r"(\w)[-\u00ad\u2010]\s*\n\s*(\w)")
# A prefix this long matches longer forms of the same word ("Alléen", "Skjultallé").
_PREFIX_MIN = 5


@dataclass(frozen=True)
class Secret:
    """A value the recipient must not get. `key` names it for a release decision; the value
    itself is never written to the audit log."""

    key: str
    label: str
    words: tuple[tuple[str, ...], ...] = ()  # folded word sequences, any of which gives it away
    numbers: tuple[str, ...] = ()  # digit strings (phone, CPR, dates), however they are spaced


@dataclass(frozen=True)
class Passage:
    place: str  # where in the document, e.g. "Journalnotat nr. 3"
    text: str


@dataclass(frozen=True)
class Leak:
    secret: Secret
    place: str


# --- what must not go ------------------------------------------------------------------------------


def _word_sequences(value: str, *, single_words: bool = True) -> set[tuple[str, ...]]:
    """The folded words of a value, and each word of four letters or more on its own (a
    surname, a street name) when `single_words`."""
    words = tuple(_words(value))
    if not words:
        return set()
    found = {words}
    if single_words:
        found |= {(w,) for w in words if len(w) >= 4 and not w.isdigit()}
    return found


def _address_secret(key: str, label: str, address: str) -> Secret:
    """An address and its parts as a reader would spot them: the street with its number, the
    street name alone (also written as one word: "Skjultallé"), and the postcode with the town.
    The town alone is no secret (it is in every letter from the municipality)."""
    sequences: set[tuple[str, ...]] = set()
    parts = [p for p in re.split(r"[,\n]+", address) if p.strip()]
    for index, part in enumerate(parts):
        words = tuple(_words(part))
        if not words:
            continue
        sequences.add(words)
        street = tuple(w for w in words if not w.isdigit())
        if index == 0 and street and words[0] == street[0] and sum(map(len, street)) >= 6:
            name = street[: next((i for i, w in enumerate(words) if w.isdigit()), len(street))]
            sequences.add(name)
            sequences.add(("".join(name),))
            if len(name) > 1:  # "Skjult" of "Skjult Allé", in any order ("Allé 7 (Skjult)")
                sequences |= {(w,) for w in name if len(w) >= 4 and w not in _STREET_TYPES}
    return Secret(key, label, tuple(sorted(sequences)))


def _person_name_secret(key: str, label: str, name: str) -> Secret:
    words = _words(name)
    sequences = {tuple(words), tuple(reversed(words))}  # also surname first ("Wu, Li")
    sequences |= {(w,) for w in words if len(w) >= 3 and not w.isdigit()}
    return Secret(key, label, tuple(sorted(s for s in sequences if s)))


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _phone_numbers(text: str) -> set[str]:
    """The phone numbers in a text as digits, a Danish number also without +45 / 0045."""
    numbers = set()
    for found in re.findall(r"\+?[\d][\d \-.]{5,}\d", text or ""):
        digits = _digits(found)
        if len(digits) < 6:
            continue
        numbers.add(digits)
        for prefix in ("0045", "45"):
            if digits.startswith(prefix) and len(digits) - len(prefix) == 8:
                numbers.add(digits[len(prefix) :])
    return numbers


def _contact_secret(key: str, label: str, details: str) -> Secret:
    """Phone numbers, e-mail addresses and addresses in a contact-details text."""
    numbers = _phone_numbers(details)
    sequences: set[tuple[str, ...]] = set()
    for part in re.split(r"[,\n;]+", details):
        if "@" in part:
            local = part.split("@", 1)[0]
            sequences |= {tuple(_words(part))}
            if sum(len(w) for w in _words(local)) >= 5:  # "amira.t (at) mail", "amira.t@mail"
                sequences |= {tuple(_words(local))}
        elif not _digits(part) or re.search(r"[^\W\d_]{3,}", part):
            sequences |= _word_sequences(re.sub(r"\+?\d[\d \-.]{5,}\d", " ", part))
    return Secret(key, label, tuple(sorted(s for s in sequences if s)), tuple(sorted(numbers)))


def _date_secret(key: str, label: str, day: datetime.date) -> Secret:
    month = fold(date_format(day, "F"))
    numbers = {
        f"{day:%d%m%Y}",
        f"{day.day}{day.month}{day.year}",
        f"{day:%d%m%y}",
        f"{day.day}{day.month:02d}{day.year}",
        f"{day:%d}{day.month}{day.year}",
        f"{day:%Y%m%d}",
        f"{day.day}{day.month}{day:%y}",
        f"{day.year}{day.month}{day.day}",
    }
    months = {month, *_MONTH_NAMES[day.month]}
    words = set()
    for name in months:
        for day_written in {str(day.day), f"{day:%d}"}:
            for year in (str(day.year), f"{day:%y}"):
                words |= {(day_written, name, year), (name, day_written, year)}
    return Secret(key, label, tuple(sorted(words)), tuple(sorted(numbers)))


def secrets_for(case, disclosure: Disclosure, *, reporter_withheld, anonymise: bool = False) -> list[Secret]:
    """Every value of the case that this document's recipient may not get.

    `reporter_withheld(case_report) -> bool` says whether a report's reporter is withheld from
    the recipient (by a restriction, or by default toward the family in an NSK/ÆRK case).
    `anonymise`: a de-identified document, so the child's details and every family member's
    name and contact details are secrets too."""
    secrets: list[Secret] = []
    withheld_fields = set(SUBJECT_FIELDS) if anonymise else disclosure.subject().withheld
    for field_name in sorted(withheld_fields):
        label = str(SUBJECT_FIELDS[field_name])
        key = f"case:{case.pk}:{field_name}"
        if field_name == "subject_name" and case.subject_name:
            secrets.append(_person_name_secret(key, label, case.subject_name))
        elif field_name == "subject_address" and case.subject_address:
            secrets.append(_address_secret(key, label, case.subject_address))
        elif field_name == "subject_birth_date" and case.subject_birth_date:
            secrets.append(_date_secret(key, label, case.subject_birth_date))
        elif field_name == "subject_cpr" and case.subject_cpr:
            secrets.append(Secret(key, label, numbers=(_digits(case.subject_cpr),)))
    for person in case.people.all():
        who = f"{person.get_relation_display()}"
        if anonymise or not disclosure.may_show(person):
            label = _("%(who)s: navn") % {"who": who}
            secrets.append(_person_name_secret(f"person:{person.pk}:name", label, person.name))
        if person.contact_details and (anonymise or not disclosure.may_show(person, "contact_details")):
            secrets.append(
                _contact_secret(
                    f"person:{person.pk}:contact_details",
                    _("%(who)s: kontaktoplysninger") % {"who": who},
                    person.contact_details,
                )
            )
    for case_report in case.case_reports.all():
        report = case_report.report
        if report.reporter_anonymous or not reporter_withheld(case_report):
            continue
        label = _("Indberetteren af %(ref)s") % {"ref": report.reference}
        key = f"report:{report.pk}:reporter"
        sequences = set(_person_name_secret(key, label, report.reporter_name or "").words)
        for value in (report.reporter_organisation, report.reporter_email):
            sequences |= _word_sequences(value or "")
        numbers = _phone_numbers(report.reporter_phone)
        secrets.append(Secret(key, label, tuple(sorted(s for s in sequences if s)), tuple(sorted(numbers))))
    return [s for s in secrets if s.words or s.numbers]


# --- finding and blacking out ----------------------------------------------------------------------


def visible_text(text: str) -> str:
    """The text as it is read: without invisible format characters (zero-width spaces, soft
    hyphens), and with words broken at the end of a line joined again."""
    text = "".join(c for c in unicodedata.normalize("NFC", text or "") if unicodedata.category(c) != "Cf")
    return _LINE_BREAK_HYPHEN.sub(r"\1\2", text)


def _words(text: str) -> list[str]:
    return [fold(t) for t in _TOKEN.findall(visible_text(text))]


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(folded token, start, end) for each word or number of the (visible) text."""
    return [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _same_word(token: str, word: str, *, last: bool = False) -> bool:
    """A token that is the word, its genitive ("Amiras"), or a longer form of it ("Alléen"):
    of a word of at least _PREFIX_MIN letters, or of the last word of several ("Skjult Alléen")."""
    if token == word or (token == word + "s" and not word.isdigit()):
        return True
    shortest = 3 if last else _PREFIX_MIN
    return len(word) >= shortest and not word.isdigit() and token.startswith(word)


def _match_words(text: str, tokens, i: int, sequence: tuple[str, ...]) -> int | None:
    """The index of the last token if the words of `sequence` start at token `i`, each word
    one token or two written apart ("Test-vej", "Test vej" for "testvej"); else None."""
    last = len(sequence) > 1
    for j, word in enumerate(sequence):
        is_last = last and j == len(sequence) - 1
        if i >= len(tokens):
            return None
        if _same_word(tokens[i][0], word, last=is_last):
            i += 1
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            following
            and not word.isdigit()
            and _WORD_JOIN.match(text[tokens[i][2] : following[1]])
            and _same_word(tokens[i][0] + following[0], word, last=is_last)
        ):
            i += 2
            continue
        return None
    return i - 1


def secret_spans(text: str, secret: Secret) -> list[tuple[int, int]]:
    """Where in the (visible) text the secret occurs, as character spans."""
    tokens = _tokens(text)
    spans = []
    for sequence in secret.words:
        for i in range(len(tokens)):
            end = _match_words(text, tokens, i, sequence)
            if end is not None:
                spans.append((tokens[i][1], tokens[end][2]))
    if secret.numbers:
        # One character for one: the spans found stay the text's own.
        numeric = _DIGIT_LOOKALIKE.sub(lambda m: "0" if m[0] in "oO" else "1", text)
        tokens = _tokens(numeric)
    for number in secret.numbers:
        for i, (token, start, _end) in enumerate(tokens):
            if not token.isdigit():
                continue
            joined, j = token, i
            while len(joined) < len(number) + 4 and joined != number and j + 1 < len(tokens):
                following = tokens[j + 1]
                if not following[0].isdigit() or not _NUMBER_GLUE.match(numeric[tokens[j][2] : following[1]]):
                    break
                j += 1
                joined += following[0]
            if joined == number or (joined.endswith(number) and joined[: -len(number)] in ("45", "0045")):
                spans.append((start, tokens[j][2]))
    return spans


def find_leaks(passages: list[Passage], secrets: list[Secret]) -> list[Leak]:
    """Each (secret, place) where a passage's text gives a secret away."""
    leaks = []
    for passage in passages:
        text = visible_text(passage.text)
        for secret in secrets:
            if secret_spans(text, secret):
                leaks.append(Leak(secret, passage.place))
    return leaks


def merged_spans(spans) -> list[tuple[int, int]]:
    """Character spans sorted, with overlapping ones joined."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def redact(text: str, secrets: list[Secret], *, released: frozenset = frozenset()) -> str:
    """The text with every occurrence of a secret not `released` (by key) blacked out."""
    text = visible_text(text)
    spans = merged_spans(span for s in secrets if s.key not in released for span in secret_spans(text, s))
    for start, end in reversed(spans):
        text = text[:start] + str(REDACTED) + text[end:]
    return text
