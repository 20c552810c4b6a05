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
_TOKEN = re.compile(r"[^\W_]+")
_NUMBER_GLUE = re.compile(r"^[\s.\-/+]*$")


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
    """An address and its parts: each line or comma part, the street with its number, and the
    street name on its own."""
    sequences: set[tuple[str, ...]] = set()
    for part in re.split(r"[,\n]+", address):
        sequences |= _word_sequences(part)
    return Secret(key, label, tuple(sorted(sequences)))


def _person_name_secret(key: str, label: str, name: str) -> Secret:
    words = _words(name)
    sequences = {tuple(words)} | {(w,) for w in words if len(w) >= 3}
    return Secret(key, label, tuple(sorted(s for s in sequences if s)))


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def _contact_secret(key: str, label: str, details: str) -> Secret:
    """Phone numbers, e-mail addresses and addresses in a contact-details text."""
    numbers = {d for d in (_digits(m) for m in re.findall(r"\+?[\d][\d \-.]{5,}\d", details)) if len(d) >= 6}
    sequences: set[tuple[str, ...]] = set()
    for part in re.split(r"[,\n;]+", details):
        if "@" in part:
            sequences |= {tuple(_words(part))}
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
    }
    words = {(str(day.day), month, str(day.year)), (f"{day:%d}", month, str(day.year))}
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
        sequences: set[tuple[str, ...]] = set()
        for value in (report.reporter_name, report.reporter_organisation, report.reporter_email):
            sequences |= _word_sequences(value or "")
        numbers = {d for d in [_digits(report.reporter_phone)] if len(d) >= 6}
        secrets.append(Secret(key, label, tuple(sorted(s for s in sequences if s)), tuple(sorted(numbers))))
    return [s for s in secrets if s.words or s.numbers]


# --- finding and blacking out ----------------------------------------------------------------------


def _visible(text: str) -> str:
    """The text without invisible format characters (zero-width spaces, soft hyphens)."""
    return "".join(c for c in unicodedata.normalize("NFC", text or "") if unicodedata.category(c) != "Cf")


def _words(text: str) -> list[str]:
    return [fold(t) for t in _TOKEN.findall(_visible(text))]


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """(folded token, start, end) for each word or number of the (visible) text."""
    return [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _spans(text: str, secret: Secret) -> list[tuple[int, int]]:
    """Where in the (visible) text the secret occurs, as character spans."""
    tokens = _tokens(text)
    spans = []
    for sequence in secret.words:
        n = len(sequence)
        for i in range(len(tokens) - n + 1):
            if tuple(t for t, _s, _e in tokens[i : i + n]) == sequence:
                spans.append((tokens[i][1], tokens[i + n - 1][2]))
    for number in secret.numbers:
        for i, (token, start, _end) in enumerate(tokens):
            if not token.isdigit():
                continue
            joined, j = token, i
            while len(joined) < len(number) and j + 1 < len(tokens):
                following = tokens[j + 1]
                if not following[0].isdigit() or not _NUMBER_GLUE.match(text[tokens[j][2] : following[1]]):
                    break
                j += 1
                joined += following[0]
            if joined == number:
                spans.append((start, tokens[j][2]))
    return spans


def find_leaks(passages: list[Passage], secrets: list[Secret]) -> list[Leak]:
    """Each (secret, place) where a passage's text gives a secret away."""
    leaks = []
    for passage in passages:
        text = _visible(passage.text)
        for secret in secrets:
            if _spans(text, secret):
                leaks.append(Leak(secret, passage.place))
    return leaks


def redact(text: str, secrets: list[Secret], *, released: frozenset = frozenset()) -> str:
    """The text with every occurrence of a secret not `released` (by key) blacked out."""
    text = _visible(text)
    spans = sorted(span for s in secrets if s.key not in released for span in _spans(text, s))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + str(REDACTED) + text[end:]
    return text
