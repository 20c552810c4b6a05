"""Fixed vocabularies of the plan format: the topics a plan can cover and the terms a
municipality may word its own way.

Terms let a plan say "æresmotiveret" where the default text says "æresrelateret": code and
templates ask `plan.term("honour_adjective")` instead of hard-wiring the word.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def page_in_danish() -> bool:
    """Is the page being made in Danish, the language every plan is written in (so nothing of the
    plan needs a translation or a 'not in your language' note)?"""
    return (get_language() or "da").startswith("da")


# Topics a plan can cover. A topic the plan does not cover may have a separate route
# (`separate_routes`), e.g. extremism handled by another unit.
TOPICS: dict[str, object] = {
    "nsk": _("Negativ social kontrol"),
    "aerk": _("Æresrelaterede konflikter"),
    "extremism": _("Ekstremisme"),
}

# Term key -> the default Danish word. A plan's `terms` section overrides any of them.
DEFAULT_TERMS: dict[str, str] = {
    "nsk": "negativ social kontrol",
    "nsk_short": "NSK",
    "aerk": "æresrelaterede konflikter",
    "aerk_short": "ÆRK",
    "honour_adjective": "æresrelateret",
    "extremism": "ekstremisme",
    "report": "underretning",
    "inquiry": "henvendelse",
    "warning_signs": "bekymringstegn",
    "risk_assessment": "risikovurdering",
    "sparring": "sparring",
    "out_of_hours_service": "døgnvagt",
    "action_card": "action card",
    "security_consultant": "sikkerhedskonsulent",
}

TERM_LABELS: dict[str, object] = {
    "nsk": _("Negativ social kontrol"),
    "nsk_short": _("Forkortelse for negativ social kontrol"),
    "aerk": _("Æresrelaterede konflikter"),
    "aerk_short": _("Forkortelse for æresrelaterede konflikter"),
    "honour_adjective": _("Tillægsord for æres-"),
    "extremism": _("Ekstremisme"),
    "report": _("Underretning"),
    "inquiry": _("Henvendelse"),
    "warning_signs": _("Bekymringstegn"),
    "risk_assessment": _("Risikovurdering"),
    "sparring": _("Sparring"),
    "out_of_hours_service": _("Døgnvagt"),
    "action_card": _("Action card"),
    "security_consultant": _("Sikkerhedskonsulent"),
}

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
