"""The citizen's access log as CSV and PDF (WeasyPrint). No staff names, no times of day."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.core.pdf import render_pdf


def filename(extension: str) -> str:
    return f"opslag-paa-dine-oplysninger-{timezone.localdate():%Y-%m-%d}.{extension}"


def access_log_csv(access_log) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark, so Danish spreadsheets show æ, ø and å."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Dato"), _("Formål"), _("Antal opslag")])
    for row in access_log.rows:
        writer.writerow([row.date.isoformat(), row.purpose, row.count])
    return buffer.getvalue().encode("utf-8-sig")


def access_log_pdf(access_log, *, masked_cpr: str, request) -> bytes:
    """A letter-like PDF in the house style (core.pdf: fonts with æ, ø and å, no network). The
    municipality's name in its heading comes from the request's context processors."""
    context = {"log": access_log, "masked_cpr": masked_cpr}
    return render_pdf("audit/access_log_pdf.html", context, request=request)
