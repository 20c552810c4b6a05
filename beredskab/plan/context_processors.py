"""The plan's own words on every page: the site header says "æresmotiverede konflikter" when
the plan in force says so (format 2, structure 10). In another language than Danish the
catalogue's words are used (the plan's terms are Danish)."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, gettext_noop

from .content import with_content
from .selectors import plan_in_force
from .vocabulary import DEFAULT_TERMS, page_in_danish

# The catalogue's words for the terms the shell uses, when the page is not in Danish.
_SHELL_TERMS = {
    "nsk": gettext_noop("negativ social kontrol"),
    "nsk_short": gettext_noop("NSK"),
    "aerk": gettext_noop("æresrelaterede konflikter"),
    "aerk_short": gettext_noop("ÆRK"),
    "honour_adjective": gettext_noop("æresrelateret"),
    "security_consultant": gettext_noop("sikkerhedskonsulent"),
}


def _site_terms() -> dict[str, str]:
    if not page_in_danish():
        return {key: gettext(word) for key, word in _SHELL_TERMS.items()}
    plan = with_content(plan_in_force())  # its terms as kept per version: no query but the plan's
    if plan is None:
        return dict(DEFAULT_TERMS)
    return {key: plan.term(key) for key in DEFAULT_TERMS}


def plan_words(request):
    """`site_terms`: the plan's words (in Danish) for the page shell, read only when a page uses them."""
    return {"site_terms": SimpleLazyObject(_site_terms)}
