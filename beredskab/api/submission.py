"""A report sent through the API goes the public form's way: the same ReportForm validates it
(every rule and message of the page), the same allowances count it (intake.ratelimit: per token
for a call with a token, per client address otherwise; api.throttles), and the same service
routes and saves it once per idempotency key (the form's submission token) with its audit event.
Attachments are not taken through the API."""

import uuid

from django.http import QueryDict
from django.utils.translation import gettext as _

from beredskab.intake import ratelimit
from beredskab.intake.deadlines import RECEIPT_WORKING_DAYS, adult_contact_working_days
from beredskab.intake.forms import ReportForm
from beredskab.intake.models import Channel, Report
from beredskab.intake.plan_texts import form_texts
from beredskab.intake.services import IntakeUnavailable, report_submit
from beredskab.plan.selectors import plan_in_force

from .errors import ApiError
from .throttles import report_caller

IDEMPOTENCY_HEADER = "Idempotency-Key"


def idempotency_key(request) -> uuid.UUID:
    """The request's Idempotency-Key (a UUID the client makes once per report). Raises ApiError."""
    raw = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    try:
        return uuid.UUID(raw)
    except ValueError:
        message = _("Send headeren Idempotency-Key med et UUID, ét pr. underretning (det samme ved genforsøg).")
        raise ApiError(400, "idempotency_key", message, {IDEMPOTENCY_HEADER: [message]}) from None


def optional_idempotency_key(request) -> uuid.UUID | None:
    """The request's Idempotency-Key when it sends one (a write that may be retried). Raises
    ApiError when the header is there but not a UUID."""
    raw = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        message = _("Headeren Idempotency-Key skal være et UUID (det samme ved genforsøg).")
        raise ApiError(400, "idempotency_key", message, {IDEMPOTENCY_HEADER: [message]}) from None


def _form_data(values: dict, key: uuid.UUID) -> QueryDict:
    """The API's JSON values as the form's posted fields."""
    data = QueryDict(mutable=True)
    data["submission_token"] = str(key)
    for name, value in values.items():
        if name == "observed_signs":
            data.setlist(name, list(value))
        elif name == "is_acute":
            data[name] = "yes" if value else "no"
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def refuse_if_limited(request) -> None:
    caller = report_caller(request)
    if ratelimit.exhausted(request._request, caller=caller):
        if caller is not None:
            message = _("Der er sendt mange underretninger med denne API-nøgle. Vent lidt, eller ring til os.")
        else:
            message = _("Der er sendt mange underretninger fra din forbindelse. Vent lidt, eller ring til os.")
        raise ApiError(429, "rate_limited", message)


def count_invalid(request) -> None:
    ratelimit.count(request._request, valid=False, caller=report_caller(request))


def submit(request, values: dict, key: uuid.UUID) -> tuple[Report, bool]:
    """Validate with the form and save through intake's service. Returns (report, created).
    Raises ApiError: 400 with the form's messages by field, 503 when reports cannot be taken in."""
    texts = form_texts(plan_in_force())
    form = ReportForm(_form_data(values, key), sign_choices=texts.sign_choices, family_advice=texts.family_advice)
    if not form.is_valid():
        count_invalid(request)
        fields = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        general = fields.pop("__all__", [])
        message = " ".join(general) or _("Nogle felter er ikke udfyldt rigtigt. Se fields.")
        raise ApiError(400, "validation", message, fields)
    actor = request.user if request.user.is_authenticated else None
    try:
        report, created = report_submit(
            actor=actor, token=form.cleaned_data["submission_token"], data=form.to_input(), channel=Channel.PUBLIC
        )
    except IntakeUnavailable:
        raise ApiError(
            503, "intake_unavailable", _("Vi kan ikke modtage underretningen digitalt lige nu. Ring til os i stedet.")
        ) from None
    if created:
        ratelimit.count(request._request, valid=True, caller=report_caller(request))
    return report, created


def receipt(report: Report, created: bool) -> dict:
    """What the reporter is told, as the form's receipt page says it."""
    adult = report.is_adult_inquiry
    return {
        "reference": report.reference,
        "received_at": report.received_at,
        "receiving_unit": report.receiving_contact,
        "is_acute": report.is_acute,
        "adult_inquiry": adult,
        "receipt_working_days": RECEIPT_WORKING_DAYS,
        "contact_working_days": adult_contact_working_days(report.receiving_unit) if adult else None,
        "created": created,
    }
