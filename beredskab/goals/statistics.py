"""The reports (underretninger) in the shape Danmarks Statistik collects them: one row per
report about a child, with the date of receipt, the reporter's relation, the reason, the
child's age and sex. Nothing else: no name, no CPR number, no free text, no reference.

The mapping from our fields to the file's columns is documented in README.md ("Danmarks
Statistik"); `COLUMNS`, `RELATIONS` and `REASON` below are that mapping. Danmarks Statistik's
own code lists must be confirmed with them before the first delivery: the codes here are the
system's own, stable, and documented.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.db.models import Q

from beredskab.core import cpr
from beredskab.core.workdays import to_local
from beredskab.intake.models import ReporterKind

from .exports import neutralise

COLUMNS = ("modtaget_dato", "underretter", "aarsag", "alder", "koen")
# (reporter kind, anonymous) -> the reporter's relation to the child
RELATIONS = {
    ReporterKind.PROFESSIONAL: "fagperson",
    ReporterKind.AUTHORITY: "anden_myndighed",
    ReporterKind.PRIVATE: "privatperson",
    ReporterKind.SELF: "barnet_selv",
}
ANONYMOUS = "anonym"
# Every report here is a concern about negative social control or an honour-related conflict.
REASON = "nsk_aerk"
SEXES = {"male": "dreng", "female": "pige"}
UNKNOWN = "ukendt"
ADULT_AGE = 18


def about_children(reports):
    """The reports about a child: under 18 at receipt, or of unknown age (a plan may send young
    adults up to 23 to a children's unit; Danmarks Statistik collects reports about children, so
    nothing about an adult goes in the file)."""
    return reports.filter(Q(subject_age__lt=ADULT_AGE) | Q(subject_age__isnull=True))


def relation(kind: str, anonymous: bool) -> str:
    return ANONYMOUS if anonymous else RELATIONS.get(kind, UNKNOWN)


def sex(cpr_number: str) -> str:
    """The legal sex from the CPR number's last digit (`core.cpr`), "ukendt" without a valid one."""
    if not cpr_number:
        return UNKNOWN
    try:
        return SEXES[cpr.parse(cpr_number).legal_sex]
    except ValidationError:
        return UNKNOWN


def rows(reports) -> list[list]:
    """One row per report (a queryset of intake.Report); only the CPR number is decrypted, to
    derive the sex, and it is not written."""
    out = []
    for received_at, kind, anonymous, age, number in reports.order_by("received_at", "pk").values_list(
        "received_at", "reporter_kind", "reporter_anonymous", "subject_age", "subject_cpr"
    ):
        out.append(
            [
                to_local(received_at).date().isoformat(),
                relation(kind, anonymous),
                REASON,
                "" if age is None else age,
                sex(number),
            ]
        )
    return out


def to_csv(table: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in table:
        writer.writerow([neutralise(c) if c != "" else "" for c in row])
    return buffer.getvalue().encode("utf-8")
