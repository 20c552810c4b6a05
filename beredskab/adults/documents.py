"""The PDFs of the adult track: the action plan for the citizen (serviceloven's words only)."""

from beredskab.core import dates
from beredskab.core.pdf import render_pdf


def action_plan_pdf(case, plan) -> bytes:
    return render_pdf("adults/pdf/action_plan.html", {"case": case, "plan": plan, "today": dates.today()})
