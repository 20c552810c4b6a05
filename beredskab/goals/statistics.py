"""The reports (underretninger) in the shape Danmarks Statistik collects them: one row per
report about a child, with the date of receipt, the reporter's relation, the reason, the
child's age and sex. Nothing else: no name, no CPR number, no free text, no reference.

The mapping from our fields to the file's columns is documented in README.md ("Danmarks
Statistik"). The columns are `COLUMNS`; the codes written in them are a setting,
`GOALS_DST_CODES` (`codes()`), because Danmarks Statistik's own code lists for underretninger
could not be confirmed: the defaults are the system's own words, marked unconfirmed in the README,
and a municipality sets Danmarks Statistik's codes there once it has them, without a code change.
"""

import csv
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q

from beredskab.core import cpr
from beredskab.core.workdays import to_local
from beredskab.intake.models import ReporterKind

from .exports import neutralise

COLUMNS = ("modtaget_dato", "underretter", "aarsag", "alder", "koen")
ADULT_AGE = 18
# The system's own words, used where `GOALS_DST_CODES` leaves a key out [U: unconfirmed].
DEFAULT_CODES = {
    "columns": COLUMNS,
    "relation": {
        ReporterKind.PROFESSIONAL.value: "fagperson",
        ReporterKind.AUTHORITY.value: "anden_myndighed",
        ReporterKind.PRIVATE.value: "privatperson",
        ReporterKind.SELF.value: "barnet_selv",
        "anonymous": "anonym",
        "unknown": "ukendt",
    },
    "reason": "nsk_aerk",
    "sex": {"male": "dreng", "female": "pige", "unknown": "ukendt"},
    "age_unknown": "",
}


def codes() -> dict:
    """The codes to write: `settings.GOALS_DST_CODES` over `DEFAULT_CODES`, key by key (a map
    given in part keeps the defaults of the keys it leaves out)."""
    configured = getattr(settings, "GOALS_DST_CODES", None) or {}
    out = {}
    for key, default in DEFAULT_CODES.items():
        value = configured.get(key, default)
        out[key] = {**default, **value} if isinstance(default, dict) else value
    return out


def about_children(reports):
    """The reports about a child: under 18 at receipt, or of unknown age (a plan may send young
    adults up to 23 to a children's unit; Danmarks Statistik collects reports about children, so
    nothing about an adult goes in the file)."""
    return reports.filter(Q(subject_age__lt=ADULT_AGE) | Q(subject_age__isnull=True))


def relation(kind: str, anonymous: bool, table: dict | None = None) -> str:
    relations = (table or codes())["relation"]
    if anonymous:
        return relations["anonymous"]
    return relations.get(kind, relations["unknown"])


def sex(cpr_number: str, table: dict | None = None) -> str:
    """The legal sex from the CPR number's last digit (`core.cpr`), the "unknown" code without a
    valid one."""
    sexes = (table or codes())["sex"]
    if not cpr_number:
        return sexes["unknown"]
    try:
        return sexes.get(cpr.parse(cpr_number).legal_sex, sexes["unknown"])
    except ValidationError:
        return sexes["unknown"]


def rows(reports) -> list[list]:
    """One row per report (a queryset of intake.Report), in the codes of `codes()`; only the CPR
    number is decrypted, to derive the sex, and it is not written."""
    table = codes()
    out = []
    for received_at, kind, anonymous, age, number in reports.order_by("received_at", "pk").values_list(
        "received_at", "reporter_kind", "reporter_anonymous", "subject_age", "subject_cpr"
    ):
        out.append(
            [
                to_local(received_at).date().isoformat(),
                relation(kind, anonymous, table),
                table["reason"],
                table["age_unknown"] if age is None else age,
                sex(number, table),
            ]
        )
    return out


def to_csv(table: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(codes()["columns"])
    for row in table:
        writer.writerow([neutralise(c) if c != "" else "" for c in row])
    return buffer.getvalue().encode("utf-8")
