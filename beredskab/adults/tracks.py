"""Which cases are adult cases (the serviceloven track)."""

from beredskab.accounts.models import Unit


def adult_case(case) -> bool:
    """Is this an adult's case? Decided here only, by the unit that holds the case.

    Becomes `beredskab.cases.selectors.is_adult_case` once the case track (`Case.track`) is
    merged; that selector gives the same answer for cases opened in an adults unit."""
    return case.unit.kind == Unit.Kind.ADULTS
