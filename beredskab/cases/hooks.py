"""Who owns a new case, asked of higher apps (which case handling never imports).

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
