"""Whether a draft can be adopted (`plan_adoption_refusal`: the adoption page asks before it
shows the confirmation step; `services.plan_adopt` asks again under its lock), and the
confirmation step's own checks. Reads only."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beredskab.core import dates

from . import editor_messages
from .export import plan_to_document
from .models import Plan, PlanStatus, latest_revision_due
from .models.plan import REVISION_YEARS
from .services_edit import plan_fingerprint
from .validation import validate_plan_data

# Something shaped like a CPR number (ddmmyy-xxxx): never in a free-text reason.
CPR_LIKE = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")


def adoption_refusal(
    locked: Plan,
    adopted_by: str,
    adopted_on: datetime.date | None,
    published_on: datetime.date | None,
    in_force_from: datetime.date | None = None,
    case_reference: str = "",
) -> ValidationError | None:
    """Why `locked` cannot be adopted with these facts (None: it can). `adopted_by` is stripped.
    `adopted_on` is the day the council decided (not after today); `in_force_from` the day the
    version comes into force (today or later, None: today)."""
    if locked.status != PlanStatus.DRAFT:
        return ValidationError(_("Kun et udkast kan vedtages."))
    # The body is shown on the public page and both go into the audit event: no CPR numbers.
    for name, value in (("adopted_by", adopted_by), ("case_reference", case_reference)):
        if CPR_LIKE.search(value or ""):
            return ValidationError({name: _("Skriv ikke personnumre i dette felt.")})
    if not adopted_by:
        return ValidationError({"adopted_by": _("Skriv, hvem der har vedtaget planen, fx byrådet.")})
    if adopted_on is None:
        return ValidationError({"adopted_on": _("Angiv datoen for vedtagelsen.")})
    for name, value in (("adopted_on", adopted_on), ("published_on", published_on), ("in_force_from", in_force_from)):
        if problem := dates.PLAN_DATE.problem(value):
            return ValidationError({name: problem})
    today = dates.today()
    if adopted_on > today:
        return ValidationError(
            {
                "adopted_on": _(
                    "Datoen for byrådets beslutning kan ikke ligge efter i dag. Træder planen i kraft senere, "
                    "så angiv det som datoen for ikrafttrædelse."
                )
            }
        )
    if in_force_from is not None and in_force_from < today:
        return ValidationError({"in_force_from": _("Planen kan tidligst træde i kraft i dag.")})
    if in_force_from is not None and in_force_from > today:
        # A scheduled version whose day has come is the version in force (switched first by
        # `plan_adopt`), not one that waits.
        waiting = Plan.objects.filter(
            municipality_code=locked.municipality_code, status=PlanStatus.SCHEDULED, in_force_from__gt=today
        )
        if other := waiting.exclude(pk=locked.pk).first():
            return ValidationError(
                {
                    "in_force_from": _(
                        "Version %(version)s er allerede vedtaget og træder i kraft %(date)s. "
                        "Der kan kun ventes på én version ad gangen."
                    )
                    % {"version": other.version_label, "date": dates.long_date(other.in_force_from)}
                }
            )
    result = validate_plan_data(plan_to_document(locked))
    if not result.ok:
        errors = [editor_messages.placed_in_words(e) for e in result.errors]
        return ValidationError([_("Planen har fejl og kan ikke vedtages:"), *errors])
    latest = latest_revision_due(adopted_on)
    if locked.revision_due is not None and (locked.revision_due > latest or locked.revision_due <= adopted_on):
        return ValidationError(
            {
                "adopted_on": _(
                    "Næste revision (%(due)s) skal ligge efter vedtagelsen og senest %(years)s år efter "
                    "(senest %(latest)s)."
                )
                % {
                    "due": date_format(locked.revision_due, "j. F Y"),
                    "years": REVISION_YEARS,
                    "latest": date_format(latest, "j. F Y"),
                }
            }
        )
    return None


def plan_adoption_refusal(
    *,
    plan: Plan,
    adopted_by: str,
    adopted_on: datetime.date | None,
    published_on: datetime.date | None = None,
    in_force_from: datetime.date | None = None,
    case_reference: str = "",
    **_ignored,
) -> ValidationError | None:
    """Why the adoption would be refused (None: it would not), without writing anything: the
    adoption page checks this before it shows the confirmation step."""
    return adoption_refusal(
        plan, (adopted_by or "").strip(), adopted_on, published_on, in_force_from, (case_reference or "").strip()
    )


def refuse_changed_draft(locked: Plan, compared_draft: str | None) -> None:
    if compared_draft is not None and compared_draft != plan_fingerprint(locked):
        raise ValidationError(
            _(
                "Udkastet er blevet ændret, efter du så ændringerne. Det er ikke vedtaget. "
                "Se ændringerne igen, og bekræft på ny."
            )
        )


def refuse_stale_comparison(current: Plan | None, compared_with: int | None) -> None:
    """Refuse a confirmation that compared with another version than the one in force now."""
    if compared_with is not None and compared_with != (current.pk if current else 0):
        raise ValidationError(
            _(
                "Mens du bekræftede, er en anden version trådt i kraft (%(version)s). "
                "Se ændringerne igen, og bekræft på ny."
            )
            % {"version": current.version_label if current else "–"}
        )
