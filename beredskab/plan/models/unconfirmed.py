"""Facts a plan states without confirmation (e.g. opening hours the plan text does not give).

A model with `UnconfirmedFactsMixin` stores them with a note (`unconfirmed` maps a field name
to why it is not confirmed). Staff pages show them as "ikke bekræftet" until the plan
coordinator confirms them (`services.plan_fact_confirm`); `facts.unconfirmed_facts` lists them
as `UnconfirmedFact`.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnconfirmedFactsMixin(models.Model):
    """`unconfirmed` maps a field name in FACT_FIELDS to the note saying why it is not confirmed."""

    FACT_FIELDS: tuple[str, ...] = ()

    unconfirmed = models.JSONField(_("ikke bekræftede oplysninger"), default=dict, blank=True)

    class Meta:
        abstract = True

    def fact_fields(self) -> tuple[str, ...]:
        """The fields of this row that can be unconfirmed (FACT_FIELDS, and rows' own list items)."""
        return self.FACT_FIELDS

    def is_unconfirmed(self, field: str) -> bool:
        return field in (self.unconfirmed or {})

    def unconfirmed_note(self, field: str) -> str:
        return (self.unconfirmed or {}).get(field, "")


@dataclass(frozen=True)
class UnconfirmedFact:
    key: str  # "<model>:<pk>:<field>", used by the confirm form
    place: str  # where it is in the plan file, e.g. "units[straxen].hours"
    label: str  # Danish, e.g. "Åbningstid: StraXen"
    note: str
    value: str
