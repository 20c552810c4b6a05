"""The safety plan's PDFs: the discreet pocket card for the person and the staff version.

The pocket card has a neutral title, no logo, no municipality, no case reference, no CPR
number, no names (of the family or anyone) and none of the words that give the subject away:
only what the person does, whom to call (numbers from the plan in force) and the code word."""

from beredskab.core import dates
from beredskab.core.pdf import render_pdf


def pocket_pdf(plan) -> bytes:
    return render_pdf("safety/pdf/pocket.html", {"plan": plan})


def staff_pdf(case, plan) -> bytes:
    return render_pdf("safety/pdf/staff.html", {"case": case, "plan": plan, "today": dates.today()})
