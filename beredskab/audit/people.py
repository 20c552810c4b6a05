"""Who a citizen's access log is about: a person, not one identifier.

A read is recorded with the reference the system had for the person at that moment: the keyed
hash of the CPR number when it was known, otherwise the case or report it was read through
(`cases.case:17`, `intake.report:42`). The apps that keep people register a resolver here (in
their `AppConfig.ready()`), which turns a CPR number, or a name and birth date, into every
reference that has stood for that person, and says when the person has a case whose disclosure
needs thought (an NSK/ÆRK flag, a protection or a restriction): then the auditor is warned
before handing the log out, e.g. to a parent asking on behalf of a child.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from beredskab.core.crypto import person_ref_for_cpr


@dataclass
class PersonLookup:
    refs: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    primary_ref: str = ""  # the one the export itself is recorded against


_resolvers: list[Callable] = []


def register_person_resolver(resolver: Callable) -> Callable:
    """`resolver(cpr_digits, name, birth_date) -> PersonLookup` (references and warnings)."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)
    return resolver


def resolve_person(*, cpr_digits: str = "", name: str = "", birth_date: datetime.date | None = None) -> PersonLookup:
    """Every reference that has stood for the person, and warnings about their cases."""
    lookup = PersonLookup()
    if cpr_digits:
        lookup.primary_ref = person_ref_for_cpr(cpr_digits)
        lookup.refs.add(lookup.primary_ref)
    for resolver in _resolvers:
        found = resolver(cpr_digits, name, birth_date)
        lookup.refs |= found.refs
        lookup.warnings.extend(w for w in found.warnings if w not in lookup.warnings)
    if not lookup.primary_ref and lookup.refs:
        lookup.primary_ref = sorted(lookup.refs)[0]
    return lookup
