"""The dashboard's tables as CSV and XLSX (openpyxl).

Every export is for whole calendar months, suppresses counts below 5 (`tables.SMALL`) and rounds
every other count to the nearest 5, whoever downloads it (a first part says so), and holds only
labels and counts: no name, no CPR number, no free text (the override reasons stay on the page
of the cases behind the figure). A cell a spreadsheet would run as a formula (starting with =, +,
-, @, a tab, a carriage return or a line feed, their full-width forms, or any of them after
leading blanks) is written with a leading apostrophe, so it is only text. Characters a workbook
cannot hold (control characters, openpyxl's `ILLEGAL_CHARACTERS_RE`) are left out of every cell,
in CSV too, so a unit's name or a warning sign's text can never break a download.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from beredskab.core.dates import long_date
from beredskab.core.pdf import render_pdf

from .tables import ROUNDED_HELP, show_count, show_share

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
BLANKS = " \u00a0\u2007\u202f\u3000"
TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value) -> str | int:
    """A cell as text a spreadsheet will not run; a plain count stays a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.isascii() and text.isdigit():  # "²" or "٣" is a digit to str.isdigit, not a count
        return int(text)
    return "'" + text if text.lstrip(BLANKS).startswith(FORMULA_STARTS) else text


def sheets(board) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) for each table of the dashboard, counts below 5 suppressed and every
    other count rounded to the nearest 5 (`board` was made with `suppress`, for whole months),
    after a first part that says so."""
    period = _("Perioden %(start)s til %(end)s") % {
        "start": long_date(board.filters.start),
        "end": long_date(board.filters.end),
    }
    out = [
        (_("Om tallene"), [_("Oplysning")], [[period], [str(ROUNDED_HELP)]]),
        (
            _("Lovkravsbarometer"),
            [
                _("Indikator"),
                _("Værdi"),
                _("Opfyldt"),
                _("I alt"),
                _("Samme periode sidste år"),
                _("Mål"),
                _("Definition"),
            ],
            [
                [r["label"], r["value"], r["part"], r["whole"], r["earlier"], r["target"], r["definition"]]
                for r in board.rows
            ],
        ),
    ]
    for table in board.tables:
        out.append((table.title, [str(c) for c in table.columns], table.shown(suppress=True)))
    out.append((_("Implementering"), [_("Tal"), _("Værdi")], implementation_rows(board.implementation)))
    return out


def implementation_rows(figures: dict, *, suppress: bool = True) -> list[list[str]]:
    """The implementation figures as (label, text), counts of staff below 5 suppressed when
    `suppress` (always in a file; on the page as the dashboard's other counts)."""
    dissemination, training = figures["dissemination"], figures["training"]
    due = figures["revision_due"]
    return [
        [
            _("Medarbejdere, der har kvitteret for planen i kraft"),
            show_count(dissemination["acknowledged"], suppress=suppress),
        ],
        [_("Medarbejdere i de enheder, planen er sendt til"), show_count(dissemination["expected"], suppress=suppress)],
        [
            _("Formidlingsdækning"),
            show_share(dissemination["acknowledged"], dissemination["expected"], suppress=suppress),
        ],
        [_("Opkvalificerede i de roller, der skal opkvalificeres"), show_count(training["trained"], suppress=suppress)],
        [_("Medarbejdere i de roller"), show_count(training["expected"], suppress=suppress)],
        [_("Opkvalificeringsdækning"), show_share(training["trained"], training["expected"], suppress=suppress)],
        [_("Revisionsfrist"), long_date(due) if due else "–"],
        [
            _("Dage til revisionsfristen"),
            _("%(n)s dage") % {"n": figures["days_to_revision"]} if due else "–",
        ],
    ]


def filename(filters, fmt: str) -> str:
    return f"maalopfoelgning-{filters.start:%Y-%m-%d}-{filters.end:%Y-%m-%d}.{fmt}"


def render(board, fmt: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return to_xlsx(sheets(board)), TYPES["xlsx"]
    return to_csv(sheets(board)), TYPES["csv"]


def to_csv(parts) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark (Danish spreadsheets show æ, ø and å);
    the tables one after another, each under its title."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for title, header, rows in parts:
        writer.writerow([neutralise(title)])
        writer.writerow([neutralise(c) for c in header])
        for row in rows:
            writer.writerow([neutralise(c) for c in row])
        writer.writerow([])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join(c for c in str(title) if c not in "[]:*?/\\")[:28].strip() or "Tabel"
    name, n = clean, 2
    while name in used:
        name, n = f"{clean[:25]} {n}", n + 1
    used.add(name)
    return name


def to_xlsx(parts) -> bytes:
    """One sheet per table; every cell written as a value, never as a formula."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for title, header, rows in parts:
        sheet = book.create_sheet(_sheet_title(title, used))
        sheet.append([neutralise(title)])
        sheet.append([neutralise(c) for c in header])
        for row in rows:
            sheet.append([neutralise(c) for c in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f":  # openpyxl reads a leading "=" as a formula: never
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def council_pdf(board, *, request, municipality_name: str | None = None) -> bytes:
    """The yearly report for the council: the barometer and every table with its chart, counts
    below 5 suppressed (`board` was made with `suppress`). Without a request (a background task),
    give `municipality_name` (the request's context processor gives it otherwise)."""
    context = {"board": board, "implementation": implementation_rows(board.implementation)}
    if municipality_name is not None:
        context["municipality_name"] = municipality_name
    return render_pdf("goals/council_pdf.html", context, request=request)


def council_filename(year: int) -> str:
    return f"maalopfoelgning-aarsrapport-{year}.pdf"
