"""Checks of free text that a rule depends on.

A written reason is what lets someone later judge a decision that protects a person (a leader
overriding the risk gate, a screening that rules out honour-related conflict, emergency access).
So "." or "xxxxxxxxxxxxxxxxxxxxx" is not a reason: it must have some real words.
"""

import json
import re
import unicodedata
from importlib import resources

from django.utils.translation import gettext as _

# A reason has at least this many words of two or more letters, and this many letters in all.
REASON_MIN_WORDS = 4
REASON_MIN_LETTERS = 20

_WORD = re.compile(r"[^\W\d_]{2,}")


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text or ""))


def reason_problem(text: str) -> str | None:
    """The Danish message to show when `text` is not a usable written reason, else None.

    A usable reason has at least `REASON_MIN_WORDS` different words of two or more letters,
    `REASON_MIN_LETTERS` letters in those words, and reads like words: most of them have a
    vowel ("asdf qwer zxcv ghjk" does not)."""
    words = _words(text)
    letters = sum(len(w) for w in words)
    distinct = {w.casefold() for w in words}
    voiced = sum(1 for w in words if set(w.casefold()) & set("aeiouyæøå"))
    if len(distinct) < REASON_MIN_WORDS or letters < REASON_MIN_LETTERS or voiced < len(words) * 0.8:
        return _("Skriv en begrundelse med mindst %(words)s ord, der forklarer beslutningen.") % {
            "words": REASON_MIN_WORDS
        }
    return None


def _lookalike_table() -> dict[int, str]:
    """Letters of other scripts that look like Latin ones ("Fаr" with a Cyrillic "а", "Skjսlt"
    with an Armenian "ս"), from Unicode's confusables data (TR39, via confusable-homoglyphs):
    compared as the Latin letter they look like. Latin letters with diacritics are left to
    `fold`, and the Danish letters are letters of their own."""
    data = json.loads((resources.files("confusable_homoglyphs") / "confusables.json").read_text("utf-8"))
    table = {}
    for char, homoglyphs in data.items():
        if len(char) != 1 or char.isascii() or char in "æøåÆØÅ" or not unicodedata.category(char).startswith("L"):
            continue
        latin = next((h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalpha()), None)
        if latin:
            table[ord(char)] = latin
    # The Cyrillic palochka reads as an "l" (the data pairs it with "i"); the Turkish dotless i.
    table.update({ord("ӏ"): "l", ord("Ӏ"): "l", ord("ı"): "i", ord("İ"): "I"})
    return table


_LOOKALIKES = _lookalike_table()


def fold(text: str) -> str:
    """Lower case, without invisible format characters (zero-width spaces, soft hyphens), without
    diacritics, with look-alike letters of other scripts as the Latin letter, with "aa" written
    "å"-less ("Aase" and "Åse" both "ase") and single spaces: the form in which names and words
    are compared. ("Æ" and "Ø" are letters of their own.)"""
    visible = "".join(
        c for c in unicodedata.normalize("NFKC", text or "").translate(_LOOKALIKES) if unicodedata.category(c) != "Cf"
    )
    decomposed = unicodedata.normalize("NFKD", visible.replace("å", "aa").replace("Å", "Aa"))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", kept).casefold().replace("aa", "a")
    return " ".join(folded.split())


def words_of(text: str) -> list[str]:
    """The folded words of a text (letters only), in order."""
    return re.findall(r"[^\W\d_]+", fold(text))


def consonant_skeleton(word: str) -> str:
    """A folded word's consonants with doubles collapsed: the same for common transliterations
    of one name ("Mohammed", "Muhammad" -> "mhmd"; "Kariim", "Karim" -> "krm")."""
    consonants = [c for c in word if c not in "aeiouyæøå" or c == word[:1]]
    collapsed = [c for i, c in enumerate(consonants) if i == 0 or c != consonants[i - 1]]
    return "".join(collapsed)


def same_name(a: str, b: str) -> bool:
    """Do two written names name the same person, as a case worker would read them? The same
    words in any order, also with a middle name, an initial or a double surname more on one
    side ("Amira T. Testesen", "Amira Testesen-Khan" are "Amira Testesen"): at least two words
    in common (first name and surname) and no conflicting first name, or one single-word name
    equal to the other's first word."""
    words_a, words_b = words_of(a), words_of(b)
    if not words_a or not words_b:
        return False
    common = set(words_a) & set(words_b)
    if len(words_a) == 1 or len(words_b) == 1:
        return words_a[0] == words_b[0]
    # A conflicting first name: neither side's first word is a word of the other's name ("Sara
    # Ali-Khan" and "Mona Ali-Khan" are twins with a double surname, not one person).
    conflicting = words_a[0] not in words_b and words_b[0] not in words_a
    return len(common) >= 2 and not conflicting


# Dashes people paste or type instead of "-" (Word, phones set to other languages).
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")


def ascii_identifier(value: str) -> str:
    """An identifier (CPR number, postcode, phone number) in its canonical ASCII form: digits
    of any script as 0-9 ("٠١٠١٩٠" and fullwidth "０１０１９０" become "010190"), every kind of dash
    as "-", invisible format characters removed. Other characters are left for the validator."""
    text = unicodedata.normalize("NFKC", value or "").translate(_DASHES)
    out = []
    for char in text:
        if unicodedata.category(char) == "Cf":
            continue
        digit = unicodedata.decimal(char, None)
        out.append(str(digit) if digit is not None else char)
    return "".join(out)


# Unicode's explicit direction controls. The embeddings and overrides (U+202A-U+202E) and the
# isolates (U+2066-U+2069) turn the text after them around: "Amira" + U+202E + "nesetseT" is
# shown as "Amira Testesen" on screen but is another name to every search, and a name ends up
# reversed in a letter. The marks (U+200E LRM, U+200F RLM, U+061C ALM) move digits and
# punctuation about: a CPR number or a phone number can be shown in another order than it is
# stored. Text in right-to-left scripts (Arabic, Farsi, Urdu, Hebrew) is laid out by the
# Unicode bidirectional algorithm without any of them, so none is needed in a name, an address
# or a note. The joiners (U+200C ZWNJ, U+200D ZWJ) are kept: Farsi and Indic spelling needs them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI_TABLE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi_controls(text: str) -> str:
    """`text` without direction controls (BIDI_CONTROLS); everything else is left as it is."""
    return text.translate(_BIDI_TABLE)
