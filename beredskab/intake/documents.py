"""What intake's receipt says (page and PDF), and the PDF a reporter may keep. The view sends it
with `pdf_response`."""

from beredskab.core.pdf import render_pdf

from .deadlines import adult_contact_working_days
from .plan_texts import form_texts


def receipt_context(report) -> dict:
    """What the receipt says: for a report routed to an adults unit, what happens under
    serviceloven (counselling, contact within the unit's stated time), never children's law."""
    return {
        "report": report,
        "texts": form_texts(report.plan),
        "adult": report.is_adult_inquiry,
        "contact_days": adult_contact_working_days(report.receiving_unit),
        "inquiry_word": report.plan.term("inquiry") if report.plan else "henvendelse",
    }


def receipt_pdf(report) -> bytes:
    return render_pdf("intake/receipt_pdf.html", receipt_context(report))
