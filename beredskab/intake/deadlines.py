"""The statutory deadline a report starts for its reporter, as the receipt promises it.

`beredskab.cases.clocks` computes the receipt clock from this number, and every text that
states the deadline (the reporter's receipt, the case page, the receipt form) takes it from
here, so the law's number is written once.
"""

from django.conf import settings

RECEIPT_WORKING_DAYS = 6  # barnets lov § 137: a receipt to a named reporter within 6 working days

# An inquiry about an adult (serviceloven) starts no statutory clock for its reporter. The adults
# unit states the time within which it contacts the citizen and offers counselling: this many
# working days, unless settings.CASES_ADULT_CONTACT_WORKING_DAYS says otherwise (an int for
# every adults unit, or a dict of unit code -> days with an optional "default"). The public
# receipt promises it, and `beredskab.cases.clocks` runs it as the adult case's contact clock.
DEFAULT_ADULT_CONTACT_WORKING_DAYS = 3


def adult_contact_working_days(unit=None) -> int:
    configured = getattr(settings, "CASES_ADULT_CONTACT_WORKING_DAYS", DEFAULT_ADULT_CONTACT_WORKING_DAYS)
    if isinstance(configured, dict):
        default = configured.get("default", DEFAULT_ADULT_CONTACT_WORKING_DAYS)
        return int(configured.get(unit.code, default) if unit is not None else default)
    return int(configured)
