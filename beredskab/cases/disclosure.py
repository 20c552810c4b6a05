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

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from beredskab.core.cpr import age_on

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

# The child's own details on the case; each can be restricted on its own.
SUBJECT_FIELDS = {
    "subject_name": _("Barnets navn"),
    "subject_cpr": _("Barnets CPR-nummer"),
    "subject_birth_date": _("Barnets fødselsdato"),
    "subject_address": _("Barnets adresse"),
}


@dataclass(frozen=True)
class SubjectView:
    """The child as one recipient may see them. A withheld value is None and its field name is
    in `withheld`; templates print only what is here (never the case's own fields)."""

    name: str | None
    cpr_masked: str | None
    birth_date: datetime.date | None
    age: int | None
    address: str | None
    withheld: frozenset = field(default_factory=frozenset)

    @property
    def anything_withheld(self) -> bool:
        return bool(self.withheld)


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

    def subject(self, *, on: datetime.date | None = None) -> SubjectView:
        """The child's details this recipient may see. The masked CPR number shows the birth
        date, and the age the birth year, so each is withheld with the birth date too."""
        case = self.case
        withheld = {name for name in SUBJECT_FIELDS if not self.may_show(case, name)}
        if "subject_birth_date" in withheld:
            withheld.add("subject_cpr")
        if "subject_cpr" in withheld and case.subject_cpr:
            withheld.add("subject_birth_date")
        born = None if "subject_birth_date" in withheld else case.subject_birth_date
        return SubjectView(
            name=None if "subject_name" in withheld else case.subject_name,
            cpr_masked=None if "subject_cpr" in withheld else case.subject_cpr_masked,
            birth_date=born,
            age=age_on(born, on or datetime.date.today()) if born else None,
            address=None if "subject_address" in withheld else case.subject_address,
            withheld=frozenset(withheld),
        )

    def may_show_reporter(self, case_report) -> bool:
        """The reporter's identity: withheld by a restriction, and from the family (aktindsigt,
        letters) in an NSK/ÆRK case by default, until a decision with a reason releases it."""
        if not self.may_show(case_report, "reporter"):
            return False
        if self.recipient.kind == RecipientKind.PERSON and self.case.nsk_aerk_flag:
            return case_report.reporter_released_at is not None
        return True

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
