"""Checks of free text that a rule depends on.

A written reason is what lets someone later judge a decision that protects a person (a leader
overriding the risk gate, a screening that rules out honour-related conflict, emergency access).
So "." or "xxxxxxxxxxxxxxxxxxxxx" is not a reason: it must have some real words.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

# A reason has at least this many words of two or more letters, and this many letters in all.
REASON_MIN_WORDS = 4
REASON_MIN_LETTERS = 20

_WORD = re.compile(r"[^\W\d_]{2,}")


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text or ""))


def reason_problem(text: str) -> str | None:
    """The Danish message to show when `text` is not a usable written reason, else None.

    A usable reason has at least `REASON_MIN_WORDS` words of two or more letters and
    `REASON_MIN_LETTERS` letters in those words, and is not one word repeated."""
    words = _words(text)
    letters = sum(len(w) for w in words)
    distinct = {w.casefold() for w in words}
    if len(words) < REASON_MIN_WORDS or letters < REASON_MIN_LETTERS or len(distinct) < 2:
        return _("Skriv en begrundelse med mindst %(words)s ord, der forklarer beslutningen.") % {
            "words": REASON_MIN_WORDS
        }
    return None


def fold(text: str) -> str:
    """Lower case without diacritics and with single spaces, for comparing names in text
    ("Ø" and "ø" stay apart from "o": they are letters of their own in Danish)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", kept).casefold().split())


def words_of(text: str) -> list[str]:
    """The folded words of a text (letters only), in order."""
    return re.findall(r"[^\W\d_]+", fold(text))
