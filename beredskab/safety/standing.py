"""What a personal safety plan rests on: the case's *current* approved risk assessment, by the
risk gate's own rule (`beredskab.cases.risk.gate.assessment_standing`), and its scenarios."""

from django.utils.translation import gettext as _

from beredskab.cases.risk import gate
from beredskab.core.dates import long_date


def current_assessment(case):
    """(assessment, "") when the latest assessment is approved and current; else (None, why
    not, in Danish)."""
    latest, problem = gate.assessment_standing(case)
    if not problem:
        return latest, ""
    if problem == gate.MISSING:
        return None, _("Der er ingen risikovurdering på sagen. Vurdér risikoen først.")
    if problem == gate.NOT_APPROVED:
        return None, _("Den nyeste risikovurdering (version %(v)s) er ikke godkendt.") % {"v": latest.version}
    if problem == gate.EXPIRED:
        return None, _("Risikovurderingen (version %(v)s) skulle revurderes senest %(date)s.") % {
            "v": latest.version,
            "date": long_date(latest.reassessment_on) if latest.reassessment_on else "–",
        }
    return None, _(
        "Der er kommet en ny henvendelse, eller sagen er genåbnet, efter at risikovurderingen blev godkendt. "
        "Bekræft eller forny vurderingen."
    )


def scenarios_of(assessment) -> list[str]:
    """The assessment's scenarios, one per non-empty line (leading bullets removed)."""
    lines = (line.strip().lstrip("-*•").strip() for line in (assessment.scenarios or "").splitlines())
    return [line for line in lines if line]
