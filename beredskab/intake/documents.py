"""The PDFs intake makes: the receipt a reporter may keep. The view sends it with `pdf_response`."""

from beredskab.core.pdf import render_pdf

from .plan_texts import form_texts


def receipt_pdf(report) -> bytes:
    return render_pdf("intake/receipt_pdf.html", {"report": report, "texts": form_texts(report.plan)})
