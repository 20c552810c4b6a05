"""Danish CPR numbers (DDMMYY-SSSS).

The century comes from digit 7 together with the year (CPR-kontoret's table):
  0-3: 1900-1999
  4, 9: 2000-2036 when YY <= 36, else 1937-1999
  5-8: 2000-2057 when YY <= 57, else 1858-1899
Since 2007 some valid numbers fail the modulus-11 check, so a failure is a *warning*, never a
rejection. The last digit is odd for men, even for women. Never show a full number where it is
not needed: use `mask()`.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from beredskab.core.text import ascii_identifier

_CPR_PATTERN = re.compile(r"^\s*([0-9]{2})([0-9]{2})([0-9]{2})\s*-?\s*([0-9]{4})\s*$")
_MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


@dataclass(frozen=True)
class CprNumber:
    digits: str  # ten digits, no dash
    birth_date: datetime.date
    mod11_ok: bool

    @property
    def formatted(self) -> str:
        return f"{self.digits[:6]}-{self.digits[6:]}"

    @property
    def masked(self) -> str:
        return mask(self.digits)

    @property
    def legal_sex(self) -> str:
        return "male" if int(self.digits[-1]) % 2 else "female"

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)


def century_for(year_two_digits: int, seventh_digit: int) -> int:
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if year_two_digits <= 36 else 1900
    return 2000 if year_two_digits <= 57 else 1800


def mod11_ok(digits: str) -> bool:
    return sum(int(d) * w for d, w in zip(digits, _MOD11_WEIGHTS, strict=True)) % 11 == 0


def parse(value: str) -> CprNumber:
    """Validate and parse a CPR number, typed in any script's digits and with any dash (see
    `core.text.ascii_identifier`); raises ValidationError with a Danish message."""
    match = _CPR_PATTERN.match(ascii_identifier(value))
    if not match:
        raise ValidationError(_("Skriv CPR-nummeret som 10 cifre, fx 010203-1234."), code="format")
    day, month, year, serial = match.groups()
    century = century_for(int(year), int(serial[0]))
    try:
        birth_date = datetime.date(century + int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(_("De første 6 cifre er ikke en gyldig fødselsdato."), code="date") from None
    digits = f"{day}{month}{year}{serial}"
    return CprNumber(digits=digits, birth_date=birth_date, mod11_ok=mod11_ok(digits))


def mask(value: str) -> str:
    """010203-xxxx: enough to tell people apart in a list, not the whole number."""
    digits = re.sub(r"[^0-9]", "", ascii_identifier(value))
    return f"{digits[:6]}-xxxx" if len(digits) == 10 else ""


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
