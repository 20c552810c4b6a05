"""The two tracks of a case: children (barnets lov) and adults (serviceloven).

A case starts in the track of the unit the plan routed its report to (`track_for_unit`): a
report routed to an adults unit (`Unit.Kind.ADULTS`) becomes an adult's case, every other report
a children's case (a 0-23 team is a children's unit). A leader can correct the track with a
reason (`beredskab.cases.services.case_track_correct`).

Everything shown about a case follows its track: `words(case)` gives the words pages, letters
and e-mails use ("borgeren" and "henvendelse" for an adult, "barnet" and "underretning" for a
child), and an adult's case has no children's clocks: instead of the 24-hour assessment
(barnets lov § 136) and the receipt and feedback to the reporter (§ 137) it has one clock, the
adult unit's stated contact time (`adult_contact_working_days`).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from beredskab.accounts.models import Unit

from .models import NetworkStepKind, Track

# The working days within which an adults unit contacts the citizen after an inquiry arrives,
# unless settings.CASES_ADULT_CONTACT_WORKING_DAYS says otherwise (an int for every adults unit,
# or a dict of unit code -> days with an optional "default").
DEFAULT_ADULT_CONTACT_WORKING_DAYS = 3


def track_for_unit(unit: Unit) -> str:
    return Track.ADULTS if unit.kind == Unit.Kind.ADULTS else Track.CHILDREN


def adult_contact_working_days(unit: Unit | None) -> int:
    """The unit's stated contact time in working days (see the module docstring)."""
    configured = getattr(settings, "CASES_ADULT_CONTACT_WORKING_DAYS", DEFAULT_ADULT_CONTACT_WORKING_DAYS)
    if isinstance(configured, dict):
        default = configured.get("default", DEFAULT_ADULT_CONTACT_WORKING_DAYS)
        return int(configured.get(unit.code, default) if unit is not None else default)
    return int(configured)


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


# The network steps' names on an adult's case (NetworkStepKind's labels name the parents).
ADULT_STEP_LABELS = {
    "contact": _("Kontakt med familie eller netværk"),
    "letter": _("Brev til familie eller netværk"),
    "meeting": _("Møde med familie eller netværk"),
    "document_share": _("Deling af dokumenter med familie eller netværk"),
    "file_access": _("Aktindsigt til familie eller netværk"),
}


def step_label(kind: str, case) -> str:
    if case is not None and case.track == Track.ADULTS:
        return ADULT_STEP_LABELS[kind]
    return NetworkStepKind(kind).label
