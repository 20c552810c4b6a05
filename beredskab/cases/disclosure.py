"""The one helper that decides what of a case may be shown to whom.

Every page, PDF and export asks a `Disclosure` built for its recipient:
- the case's own team sees everything, with each restriction marked next to the item;
- a unit the case is shared with, a family or network member (aktindsigt, letters), the
  reporter (receipt) and external partners (police, security consultant, VISO) get nothing a
  restriction withholds from them: the item is left out or replaced by a "withheld" mark.

A restriction is on a whole item (a person, a journal entry, a report ...) or on one field of it
(the child's address, a person's contact details, the reporter's identity). A restriction on
the whole item also withholds all its fields.
"""

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .models import Audience


class RecipientKind(StrEnum):
    CASE_TEAM = "case_team"
    SHARED_UNIT = "shared_unit"
    PERSON = "person"
    REPORTER = "reporter"
    EXTERNAL_PARTNER = "external_partner"


@dataclass(frozen=True)
class Recipient:
    kind: RecipientKind
    person: object = None  # a CasePerson, for RecipientKind.PERSON

    @classmethod
    def case_team(cls) -> "Recipient":
        return cls(RecipientKind.CASE_TEAM)

    @classmethod
    def shared_unit(cls) -> "Recipient":
        return cls(RecipientKind.SHARED_UNIT)

    @classmethod
    def for_person(cls, person) -> "Recipient":
        return cls(RecipientKind.PERSON, person)

    @classmethod
    def reporter(cls) -> "Recipient":
        return cls(RecipientKind.REPORTER)

    @classmethod
    def external_partner(cls) -> "Recipient":
        return cls(RecipientKind.EXTERNAL_PARTNER)


def restriction_blocks(restriction, recipient: Recipient) -> bool:
    """Does this (active) restriction withhold its item from the recipient?"""
    if restriction.lifted_at is not None or recipient.kind == RecipientKind.CASE_TEAM:
        return False
    audience = restriction.audience
    if audience == Audience.ALL_OUTSIDE:
        return True
    person = recipient.person
    is_person = recipient.kind == RecipientKind.PERSON and person is not None
    return {
        Audience.PARENTS: is_person and person.is_parent,
        Audience.NETWORK: is_person,
        Audience.PERSON: is_person and restriction.person_id == person.pk,
        Audience.POSSIBLE_PERPETRATORS: is_person and person.possible_perpetrator,
        Audience.REPORTER: recipient.kind == RecipientKind.REPORTER,
        Audience.EXTERNAL_PARTNERS: recipient.kind == RecipientKind.EXTERNAL_PARTNER,
        Audience.OTHER_UNITS: recipient.kind == RecipientKind.SHARED_UNIT,
    }.get(audience, True)  # an unknown audience withholds: fail closed


WITHHELD = _("Tilbageholdt (videregivelsesbegrænsning)")


class Disclosure:
    """What one recipient may see of one case. Build it once per page (one query, or none when
    the case's restrictions are prefetched) and ask it about each item."""

    def __init__(self, case, recipient: Recipient, restrictions=None):
        self.case = case
        self.recipient = recipient
        if restrictions is None:
            cache = getattr(case, "_prefetched_objects_cache", {})
            restrictions = cache["restrictions"] if "restrictions" in cache else case.restrictions.all()
        self._items: dict[tuple[int, int], list] = defaultdict(list)
        for restriction in restrictions:
            if restriction.lifted_at is None:
                self._items[(restriction.content_type_id, restriction.object_id)].append(restriction)

    @property
    def is_case_team(self) -> bool:
        return self.recipient.kind == RecipientKind.CASE_TEAM

    def restrictions_on(self, obj, field: str = "") -> list:
        """Active restrictions that cover the item (or the field: whole-item ones included)."""
        if obj is None or obj.pk is None:
            return []
        content_type = ContentType.objects.get_for_model(type(obj))
        found = self._items.get((content_type.pk, obj.pk), [])
        return [r for r in found if not r.field_name or r.field_name == field]

    def may_show(self, obj, field: str = "") -> bool:
        return not any(restriction_blocks(r, self.recipient) for r in self.restrictions_on(obj, field))

    def value(self, obj, field: str, default=""):
        """The field's value, or the withheld mark."""
        if not self.may_show(obj, field):
            return WITHHELD
        return getattr(obj, field, default)

    def visible(self, items, field: str = "") -> list:
        """The items the recipient may see (a whole-item restriction leaves an item out)."""
        return [item for item in items if self.may_show(item, field)]

    def withheld_count(self, items, field: str = "") -> int:
        return sum(1 for item in items if not self.may_show(item, field))

    def marks(self, obj, field: str = "") -> list[dict]:
        """For the case team: what is restricted on the item, to whom, and why."""
        marks = []
        for restriction in self.restrictions_on(obj, field):
            audience = restriction.get_audience_display()
            if restriction.audience == Audience.PERSON and restriction.person_id:
                audience = restriction.person.get_relation_display()
            marks.append({"audience": audience, "reason": restriction.reason, "field": restriction.field_name})
        return marks
