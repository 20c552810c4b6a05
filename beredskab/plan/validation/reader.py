"""Reading typed values out of a parsed plan file, with the place of every error.

A `Reader` is handed from section to section; each value it reads is checked (type, length,
format) and a wrong one becomes an error that names its place in the file
(`units[1].phone: "12" must be a short number (3-4 digits) or 8 digits`), never an exception.
"""

import datetime
import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from beredskab.core.text import BIDI_CONTROLS

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PHONE_RE = re.compile(r"^(\+\d{1,3} ?)?\d[\d ]*\d$")
# Shaped like a CPR number: ddmmyy, an optional dash or space, four digits (not part of a longer number).
CPR_SHAPED = re.compile(r"(?<!\d)(?P<dd>\d{2})(?P<mm>\d{2})\d{2}[-\s]?\d{4}(?!\d)")
SHOWN_VALUE_MAX = 80  # characters of a wrong value a message repeats


def join(path: str, key: str | int) -> str:
    """The place of `key` in `path`: ("units", 1) -> "units[1]"; ("units[1]", "phone") -> "units[1].phone"."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def show(value: Any) -> str:
    """A value as a message repeats it: never more than SHOWN_VALUE_MAX characters (a message
    must not become as large as the value that was wrong)."""
    if isinstance(value, str):
        text = f'"{value[:SHOWN_VALUE_MAX]}…"' if len(value) > SHOWN_VALUE_MAX else f'"{value}"'
    else:
        text = repr(value) if not isinstance(value, dict | list | tuple) else type(value).__name__
    return text if len(text) <= SHOWN_VALUE_MAX + 3 else text[:SHOWN_VALUE_MAX] + "…"


class Reader:
    """Reads typed values out of plain dicts, collecting errors and warnings with their place."""

    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, path: str, message: str) -> None:
        text = f"{path}: {message}" if path else message
        if text not in self.errors:  # e.g. "is required" found by both the mapping and the value
            self.errors.append(text)

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(f"{path}: {message}" if path else message)

    # --- structure -----------------------------------------------------------------------

    def mapping(self, value: Any, path: str, keys: Iterable[str], required: Iterable[str] = ()) -> dict | None:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.error(path, "must be a mapping (key: value lines)")
            return None
        keys = tuple(keys)
        for key in value:
            if key not in keys:
                close = difflib.get_close_matches(str(key), keys, n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else f" (allowed: {', '.join(keys)})"
                self.error(join(path, str(key)), f"unknown key{hint}")
        for key in required:
            if value.get(key) in (None, "", [], {}):
                self.error(join(path, key), "is required")
        return value

    def items(self, m: dict, key: str, path: str, *, required: bool = False) -> list[tuple[str, Any]]:
        """(place, item) for each item of the list at m[key]."""
        value = m.get(key)
        here = join(path, key)
        if value is None:
            if required:
                self.error(here, "is required")
            return []
        if not isinstance(value, list):
            self.error(here, "must be a list (lines starting with '- ')")
            return []
        if required and not value:
            self.error(here, "must not be empty")
        return [(join(here, i), item) for i, item in enumerate(value)]

    # --- scalars -------------------------------------------------------------------------

    def text(
        self,
        m: dict,
        key: str,
        path: str,
        *,
        required: bool = False,
        max_length: int | None = None,
        personal_check: bool = True,
    ) -> str:
        value = m.get(key)
        here = join(path, key)
        if value is None or value == "":
            if required:
                self.error(here, "is required")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(here, "must be text")
            return ""
        text = str(value).strip()
        if max_length and len(text) > max_length:
            self.error(here, f"is too long ({len(text)} characters; at most {max_length})")
        self._characters(text, here)
        if personal_check:
            self.no_cpr(here, text)
        return text

    def _characters(self, text: str, here: str) -> None:
        """A public text holds no NUL and no Unicode direction control (U+202E shows "Ring 411" as
        "Ring 114"; right-to-left scripts need none, see `core.text.BIDI_CONTROLS`)."""
        if "\x00" in text:
            self.error(here, "contains a NUL character")
        if any(char in BIDI_CONTROLS for char in text):
            self.error(here, "contains a Unicode direction control (U+202A-E, U+2066-9, U+200E, U+200F, U+061C)")

    def no_cpr(self, here: str, text: str) -> None:
        """The plan is public (the guide, its public page and PDF): no text in it may hold
        something shaped like a CPR number (ddmmyy-xxxx whose first six digits are a day)."""
        for match in CPR_SHAPED.finditer(text):
            day, month = int(match["dd"]), int(match["mm"])
            if 1 <= day <= 31 and 1 <= month <= 12:
                self.error(here, "looks like a CPR number; the plan is public")
                return

    def text_list(self, m: dict, key: str, path: str, *, required: bool = False) -> list[str]:
        result = []
        for place, item in self.items(m, key, path, required=required):
            if not isinstance(item, str) or not item.strip():
                self.error(place, "must be a non-empty text")
                continue
            self._characters(item, place)
            self.no_cpr(place, item)
            result.append(item.strip())
        return result

    def boolean(self, m: dict, key: str, path: str, *, default: bool) -> bool:
        value = m.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(join(path, key), f"{show(value)} must be true or false")
            return default
        return value

    def integer(self, m: dict, key: str, path: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(join(path, key), f"{show(value)} must be a whole number")
            return None
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            self.error(join(path, key), f"{value} must be {bound}")
            return None
        return value

    def date(self, m: dict, key: str, path: str, *, required: bool = False) -> datetime.date | None:
        value = m.get(key)
        here = join(path, key)
        if value is None or value == "":
            if required:
                self.error(here, "is required")
            return None
        if isinstance(value, datetime.datetime):
            self.error(here, f"{show(str(value))} must be a date (YYYY-MM-DD), not a time")
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(here, f"{show(value)} is not a valid date (use YYYY-MM-DD)")
        return None

    def choice(self, m: dict, key: str, path: str, choices: Iterable[str], *, required: bool = True) -> str:
        value = self.text(m, key, path, required=required)
        choices = tuple(choices)
        if value and value not in choices:
            self.error(join(path, key), f"{show(value)} is not one of: {', '.join(choices)}")
            return ""
        return value

    def code(self, m: dict, key: str, path: str, *, required: bool = True) -> str:
        value = self.text(m, key, path, required=required, max_length=50)
        if value and not CODE_RE.match(value):
            self.error(join(path, key), f"{show(value)} must be lower-case letters, digits and hyphens")
            return ""
        return value

    def phone(self, m: dict, key: str, path: str) -> str:
        value = self.text(m, key, path, max_length=30)
        if value and not PHONE_RE.match(value):
            self.error(join(path, key), f"{show(value)} is not a valid phone number")
            return ""
        digits = re.sub(r"\D", "", value)
        if value and not value.startswith("+") and len(digits) not in (3, 4, 8):
            self.error(join(path, key), f"{show(value)} must be a short number (3-4 digits) or 8 digits")
            return ""
        return value

    def email(self, m: dict, key: str, path: str) -> str:
        return self._validated(m, key, path, validate_email, max_length=254, what="a valid e-mail address")

    def url(self, m: dict, key: str, path: str) -> str:
        validator = URLValidator(schemes=["https", "http"])
        return self._validated(m, key, path, validator, max_length=200, what="a valid web address")

    def _validated(self, m: dict, key: str, path: str, validator: Callable, *, max_length: int, what: str) -> str:
        """Text that Django's `validator` accepts; "" (and an error) when it does not."""
        value = self.text(m, key, path, max_length=max_length, personal_check=False)
        if value:
            try:
                validator(value)
            except ValidationError:
                self.error(join(path, key), f"{show(value)} is not {what}")
                return ""
        return value

    def fact(self, m: dict, key: str, path: str, read: Callable[[dict, str, str], Any]) -> tuple[Any, str | None]:
        """A value that may be wrapped as {value: ..., unconfirmed: "why"}. Returns (value, note)."""
        raw = m.get(key)
        if isinstance(raw, dict) and "unconfirmed" in raw and set(raw) <= {"value", "unconfirmed"}:
            here = join(path, key)
            note = raw.get("unconfirmed")
            if not isinstance(note, str) or not note.strip():
                self.error(join(here, "unconfirmed"), "must say why the value is not confirmed")
                note = "?"
            self._characters(note, join(here, "unconfirmed"))  # the coordinator reads it before confirming
            if "value" not in raw:
                self.error(here, 'an unconfirmed fact needs a "value"')
                return read({}, key, path), None
            self.warn(here, f"not confirmed: {note.strip()}")
            return read({key: raw["value"]}, key, path), note.strip()
        return read(m, key, path), None
