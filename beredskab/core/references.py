"""Human-readable reference numbers: PREFIX-YEAR-NNNNN, counting up per prefix and year."""

from .models import ReferenceCounter


def next_reference(prefix: str, year: int) -> str:
    """Take the next number; call inside the transaction that saves the numbered object, so a
    rollback gives the number back and two transactions never get the same one."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(prefix=prefix, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{counter.last_number:05d}"
