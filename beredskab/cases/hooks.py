"""What case handling asks of higher apps (which it never imports): who owns a new case, and
what else the case page shows.

An app above cases (the adult taskforce's roster, `beredskab.taskforce`) registers a provider
in its `AppConfig.ready()`: `provider(reports) -> User | None`, the person the reports were
given to when they arrived. `case_open` makes that person the owner when nobody is chosen
explicitly; a provider returns only someone who may own the case now (active, working in the
unit, not absent), else None, and the person opening the case owns it as before.
"""

from collections.abc import Callable

_owner_providers: list[Callable] = []


def suggests_owner(provider: Callable) -> Callable:
    """Register `provider(reports)` (idempotent)."""
    if provider not in _owner_providers:
        _owner_providers.append(provider)
    return provider


def suggested_owner(reports: list):
    """The first owner a registered provider names for these reports, else None."""
    for provider in _owner_providers:
        owner = provider(reports)
        if owner is not None:
            return owner
    return None


_case_page_sections: list[Callable] = []


def adds_case_page_section(provider: Callable) -> Callable:
    """Register `provider(user, case) -> template name | None`: a section of a higher app shown on
    the case page (rendered with the page's context), e.g. the adults app's serviceloven work."""
    if provider not in _case_page_sections:
        _case_page_sections.append(provider)
    return provider


def case_page_sections(user, case) -> list[str]:
    """The templates the registered providers add to this case's page, for this reader."""
    return [name for provider in _case_page_sections if (name := provider(user, case))]


_screening_sections: list[Callable] = []


def adds_screening_section(provider: Callable) -> Callable:
    """Register `provider(user, case) -> HTML | None`: a section of a higher app shown on the
    screening page above the form, e.g. the safety app's concern radar summary. The provider
    checks its own access and audits its own reads."""
    if provider not in _screening_sections:
        _screening_sections.append(provider)
    return provider


def screening_sections(user, case) -> list[str]:
    """The rendered sections the registered providers add to this case's screening page."""
    return [html for provider in _screening_sections if (html := provider(user, case))]


_queue_report_sections: list[Callable] = []


def adds_queue_report_section(provider: Callable) -> Callable:
    """Register `provider(user, report) -> HTML | None`: a section of a higher app shown on the
    intake queue's page for a report (before it becomes a case), e.g. the safety app's concern
    radar at intake. The provider checks its own access and audits its own reads."""
    if provider not in _queue_report_sections:
        _queue_report_sections.append(provider)
    return provider


def queue_report_sections(user, report) -> list[str]:
    """The rendered sections the registered providers add to this report's queue page."""
    return [html for provider in _queue_report_sections if (html := provider(user, report))]


_moved_case_owner_providers: list[Callable] = []


def owns_moved_case(provider: Callable) -> Callable:
    """Register `provider(case) -> (User | None, rule) | None`: who owns a case a leader's track
    correction moved into a unit the provider keeps (the taskforce's rule for an adults unit);
    None when the unit is not its own. Idempotent."""
    if provider not in _moved_case_owner_providers:
        _moved_case_owner_providers.append(provider)
    return provider


def moved_case_owner(case):
    """(owner or None, rule) from the first provider that keeps the case's (new) unit; (None, "")
    when none does: the unit's leader then assigns the case."""
    for provider in _moved_case_owner_providers:
        answer = provider(case)
        if answer is not None:
            return answer
    return None, ""
