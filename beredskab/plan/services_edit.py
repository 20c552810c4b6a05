"""Writes to a draft's content: the plan editor's section saves (`plan_draft_edit_section`)
and the admin's edits (`plan_draft_change_record`), each audited with the differences in its
transaction; and the fingerprint of a version's content (`plan_fingerprint`). Used through
`services`, which re-exports them."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record

from . import audit_actions, editor
from .build import rebuild_draft
from .content import content_changed
from .export import Difference, diff_documents, plan_to_document
from .export.readable import ReadableSection, readable_differences
from .models import Plan, PlanStatus
from .validation import validate_plan_data


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def plan_fingerprint(plan: Plan) -> str:
    """A fingerprint of a version's whole content: the adoption's confirmation step remembers
    it, so a draft edited (in another tab) after its comparison was shown is not adopted unseen."""
    document = json.dumps(plan_to_document(plan), sort_keys=True, default=str)
    return hashlib.sha256(document.encode()).hexdigest()[:32]


@transaction.atomic
def plan_draft_change_record(*, actor, plan: Plan, before: dict) -> list[Difference]:
    """Audit an edit of a draft made in the admin: `before` is `plan_to_document(plan)` taken
    before the edit. Refuses (rolls back) edits of adopted or archived versions."""
    locked = _locked(plan)
    if locked.status != PlanStatus.DRAFT:
        raise ValidationError(_("Kun et udkast kan ændres."))
    content_changed(locked)  # whatever the admin saved, also what the document does not show
    differences = diff_documents(before, plan_to_document(locked))
    if differences:
        audit_record(
            actor=actor,
            action=audit_actions.PLAN_DRAFT_EDITED,
            target=locked,
            new={"version": locked.version_label, "changes": [str(d) for d in differences][:200]},
        )
    return differences


class StaleEdit(ValidationError):
    """The section was saved by someone else (another tab) after this page was shown."""


@transaction.atomic
def plan_draft_edit_section(*, actor, plan: Plan, section: str, values: dict, version: str) -> list[ReadableSection]:
    """Save one section of the plan editor (`editor.SECTIONS`): `values` maps the section's
    parts (places in the plan file) to their new value, `version` is the section's fingerprint
    when the page was shown. The whole plan, with the parts replaced, is checked by the file
    format's validation; errors raise ValidationError with the file's places (`units[1].phone:
    ...`), and nothing is saved. Otherwise the draft's content is rebuilt in place (same row,
    version label and status) and one audit event records the differences. Returns them in words."""
    locked = _locked(plan)
    if locked.status != PlanStatus.DRAFT:
        raise ValidationError(_("Kun et udkast kan ændres. Opret et nyt udkast for at ændre planen."))
    definition = editor.SECTIONS.get(section)
    if definition is None:
        raise ValidationError(_("Ukendt afsnit."))
    before = plan_to_document(locked)
    allowed = {part.path for part in definition.parts(before)}
    if set(values) - allowed:
        raise ValidationError(_("Ukendt del af afsnittet."))
    after = editor.carry_translations(before, editor.replace_parts(before, values), definition)
    if after == before:  # nothing to save (or the same page sent twice: saved the first time)
        return []
    if editor.section_version(before, definition) != version:
        raise StaleEdit(
            _(
                "Afsnittet er blevet ændret et andet sted, siden du åbnede siden. Dine ændringer er ikke gemt: "
                "de står nedenfor, og den gemte udgave står under formularen. Gem igen for at gemme dine "
                "ændringer i stedet for den gemte udgave."
            )
        )
    result = validate_plan_data(after)
    if not result.ok:
        raise ValidationError(result.errors)
    differences = diff_documents(before, after)
    rebuild_draft(locked, result.spec)  # gives the draft a new content stamp
    audit_record(
        actor=actor,
        action=audit_actions.PLAN_DRAFT_EDITED,
        target=locked,
        new={
            "version": locked.version_label,
            "section": section,
            "changes": [str(d) for d in differences][:200],
        },
    )
    return readable_differences(before, after)
