"""The two tracks of a case: children (barnets lov) and adults (serviceloven).

A case starts in the track of the unit the plan routed its report to (`track_for_unit`): a
report routed to an adults unit (`accounts.selectors.adults_units`) becomes an adult's case, every other report
a children's case (a 0-23 team is a children's unit). A leader can correct the track with a
reason (`beredskab.cases.services.case_track_correct`).

Everything shown about a case follows its track: `words(case)` gives the words pages, letters
and e-mails use ("borgeren" and "henvendelse" for an adult, "barnet" and "underretning" for a
child), and an adult's case has no children's clocks: instead of the 24-hour assessment
(barnets lov § 136) and the receipt and feedback to the reporter (§ 137) it has one clock, the
adult unit's stated contact time (`beredskab.intake.deadlines.adult_contact_working_days`,
default `DEFAULT_ADULT_CONTACT_WORKING_DAYS` = 3 working days; settings
`CASES_ADULT_CONTACT_WORKING_DAYS` sets it for every adults unit or per unit code).
"""

import datetime

from django.utils.translation import gettext_lazy as _

from beredskab.accounts.models import Unit
from beredskab.accounts.selectors import adults_units, is_adults_unit
from beredskab.core import dates
from beredskab.plan.content import plan_data
from beredskab.plan.selectors import plan_in_force

from .models import ADULT_STEP_LABELS, NetworkStepKind, Track
from .policies import case_unit_ids


def track_for_unit(unit: Unit) -> str:
    return Track.ADULTS if is_adults_unit(unit) else Track.CHILDREN


def _age(birth_date: datetime.date | None, today: datetime.date) -> int | None:
    if birth_date is None:
        return None
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def receiving_unit_for_track(track: str, case) -> Unit | None:
    """The unit the plan in force routes the case's person to on `track` (a leader's correction
    moves the case there): the receiving unit of the plan's age band for the person's age when
    that unit belongs to the track, else the first band (youngest first) whose receiving unit
    does. Without a plan (or no band for adults) an adults unit; None when the plan names no
    unit of the track (the case then cannot be moved)."""
    belongs = is_adults_unit if track == Track.ADULTS else (lambda unit: unit is not None and not is_adults_unit(unit))
    plan = plan_in_force()
    if plan is not None:
        data = plan_data(plan)
        age = _age(case.subject_birth_date, dates.today())
        groups = [g for g in [data.group_for(age) if age is not None else None, *data.groups] if g is not None]
        codes = [g.receiving_unit.org_unit_code for g in groups if g.receiving_unit_id]
        units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
        for code in codes:
            if belongs(units.get(code)):
                return units[code]
    return adults_units().first() if track == Track.ADULTS else None


CHILD_WORDS = {
    "subject": _("Barnet"),
    "subject_lower": _("barnet"),
    "subject_of": _("barnets"),
    "report": _("Underretning"),
    "report_lower": _("underretning"),
    "reports": _("Underretninger"),
    "reports_lower": _("underretninger"),
    "network": _("Familie og netværk"),
    "network_lower": _("forældre og netværk"),
    "reporter": _("Indberetter"),
}
ADULT_WORDS = {
    "subject": _("Borgeren"),
    "subject_lower": _("borgeren"),
    "subject_of": _("borgerens"),
    "report": _("Henvendelse"),
    "report_lower": _("henvendelse"),
    "reports": _("Henvendelser"),
    "reports_lower": _("henvendelser"),
    "network": _("Familie og netværk"),
    "network_lower": _("familie og netværk"),
    "reporter": _("Henvendt af"),
}


def words(case) -> dict:
    """The words the case's pages and documents use for its person and its reports."""
    return ADULT_WORDS if case is not None and case.track == Track.ADULTS else CHILD_WORDS


def step_label(kind: str, case) -> str:
    if case is not None and case.track == Track.ADULTS:
        return ADULT_STEP_LABELS[kind]
    return NetworkStepKind(kind).label


# The risk instrument and other shared texts speak of "barnet eller den unge": on an adult's case
# they are shown with the citizen's word (longest phrases first).
_ADULT_PHRASES = (
    ("Fx barnets lov § 32", "Fx serviceloven § 12 a"),
    ("jf. barnets lov", "jf. serviceloven"),
    ("Forældrene", "Familien"),
    ("Barnets eller den unges", "Borgerens"),
    ("barnets eller den unges", "borgerens"),
    ("Barnet eller den unge", "Borgeren"),
    ("barnet eller den unge", "borgeren"),
    ("barnet, den unge og familien", "borgeren og familien"),
    ("Barnets", "Borgerens"),
    ("barnets", "borgerens"),
    ("Barnet", "Borgeren"),
    ("barnet", "borgeren"),
    ("forældre eller netværk", "familie eller netværk"),
    ("forældre og netværk", "familie og netværk"),
    ("Forældre og netværk", "Familie og netværk"),
)


def adult_wording(text: str) -> str:
    """`text` with the children's words for the person replaced by the citizen's."""
    for child, adult in _ADULT_PHRASES:
        text = text.replace(child, adult)
    return text


def for_case(text, case) -> str:
    """`text` as the case's track says it (unchanged on a children's case)."""
    if case is not None and getattr(case, "track", None) == Track.ADULTS:
        return adult_wording(str(text))
    return text


def adult_only_user(user) -> bool:
    """Whether every unit the user works with cases in is an adults unit (their lists and queue
    then speak of citizens and inquiries)."""
    unit_ids = case_unit_ids(user)
    if not unit_ids:
        return False
    return adults_units(within=unit_ids).count() == len(set(unit_ids))


def adapt_form(form, case) -> None:
    """On an adult's case: the form's labels, help texts and choices in the citizen's words."""
    if case is None or getattr(case, "track", None) != Track.ADULTS:
        return
    for field in form.fields.values():
        field.label = adult_wording(str(field.label)) if field.label else field.label
        field.help_text = adult_wording(str(field.help_text)) if field.help_text else field.help_text
        choices = getattr(field, "choices", None)
        if choices and isinstance(choices, list | tuple):
            field.choices = [_adult_choice(choice) for choice in choices]


def _adult_choice(choice):
    value, label = choice
    if isinstance(label, list | tuple):  # a group of choices
        return value, [_adult_choice(c) for c in label]
    return value, adult_wording(str(label))
