"""Cases through the API, with the cases app's selectors, policies and services: the rows and
summary show the person as the caller may see them (disclosure restrictions), every read is
audited as the pages audit theirs, and a network step goes through `network_step_record`, so
the risk gate decides as on the page."""

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.cases import selectors as case_selectors
from beredskab.cases import services as case_services
from beredskab.cases.clocks import case_clocks
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case, NetworkStep
from beredskab.cases.policies import case_policy
from beredskab.cases.risk import gate
from beredskab.core import submissions
from beredskab.core.policies import PolicyDenied

from . import serializers
from .errors import ApiError
from .selectors import subject_for

_STEP_CLAIM = "api.network_step"


def _clock(clock, now) -> dict:
    return {
        "kind": str(clock.kind),
        "label": str(clock.label),
        "law": clock.law,
        "due_at": clock.due_at,
        "done_at": clock.done_at,
        "state": str(clock.state(now)),
    }


def _row(user, case, now) -> dict:
    clocks = getattr(case, "api_clocks", None)
    if clocks is None:
        clocks = sorted(case_clocks(case, include_done=False), key=lambda c: c.due_at)
    return {
        "reference": case.reference,
        "status": case.status,
        "track": case.track,
        "unit": case.unit.code,
        "flagged": case.nsk_aerk_flag,
        "protected": case.protected,
        "has_owner": case.owner_id is not None,
        "received_at": case.received_at,
        "subject": subject_for(user, case),
        "next_deadline": _clock(clocks[0], now) if clocks else None,
    }


def list_rows(user, cases: list[Case]) -> list[dict]:
    """A page of the case list; the page and each person on it are audited."""
    case_selectors.audit_cases_listed(user=user, cases=cases, scope="api")
    now = timezone.now()
    return serializers.CaseListItemSerializer([_row(user, c, now) for c in cases], many=True).data


def summary(user, reference: str, purpose: str | None) -> dict:
    """The case's summary (Case.DoesNotExist -> 404), its read audited with the purpose."""
    try:
        case = case_selectors.case_for_reading(user=user, reference=reference, purpose=purpose)
    except Case.DoesNotExist:
        raise ApiError(404, "not_found", _("Sagen findes ikke, eller du har ikke adgang til den.")) from None
    now = timezone.now()
    disclosure = case_selectors.disclosure_for(user, case)
    decision = gate.gate_decision(case)
    people = [
        {
            "id": person.pk,
            "relation": person.relation,
            "name": person.name if disclosure.may_show(person, "name") else None,
        }
        for person in disclosure.visible(case.people.all())
    ]
    data = {
        **_row(user, case, now),
        "opened_at": case.opened_at,
        "closed_at": case.closed_at,
        "clocks": [_clock(c, now) for c in case_clocks(case)],
        "people": people,
        "risk_gate": {"open": decision.allowed, "reason": str(decision.reason)},
        "read_purpose": case_selectors.read_purpose(user, case, purpose),
    }
    return serializers.CaseSummarySerializer(data).data


def _step_result(step) -> dict:
    return {"id": step.pk, "kind": step.kind, "occurred_on": step.occurred_on, "gate_basis": step.gate_basis}


def record_network_step(user, reference: str, payload, key: uuid.UUID | None = None) -> tuple[dict, bool]:
    """Record the step through `network_step_record` (the page's service); returns (the step,
    created). With an idempotency `key` the step is made once: the key is claimed as a staff
    form's token is (core.submissions, the same table) in the transaction that makes the step,
    and a retry with the same key and content gives the first step back (created False).
    Raises ApiError: 404 not visible, 403 no case work here, 400 invalid, 409 refused by the
    risk gate or the case's rules (`risk_gate_closed`, `mentions_family`, `case_rule`) or a key
    already used for something else (`idempotency_key_reused`)."""
    try:
        case = case_selectors.case_for_action(user=user, reference=reference)
    except Case.DoesNotExist:
        raise ApiError(404, "not_found", _("Sagen findes ikke, eller du har ikke adgang til den.")) from None
    decision = case_policy.decide(user, "work", case)
    if not decision:
        raise ApiError(403, "permission_denied", decision.reason)
    serializer = serializers.NetworkStepSerializer(data=payload)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    people = [p for p in case.people.all() if p.pk in data["people"]]
    if len(people) != len(set(data["people"])):
        message = _("Vælg personer fra sagens familie og netværk.")
        raise ApiError(400, "validation", message, {"people": [message]})

    def perform():
        return case_services.network_step_record(
            actor=user,
            case=case,
            kind=data["kind"],
            people=people,
            occurred_on=data["occurred_on"],
            summary=data["summary"],
            mentions_confirmed=data["mentions_confirmed"],
        )

    try:
        if key is None:
            return _step_result(perform()), True
        content = {"reference": case.reference, **data, "people": sorted(set(data["people"]))}
        step = submissions.claim_once(
            user=user, token=key, name=_STEP_CLAIM, digest=submissions.content_digest(content), perform=perform
        )
    except submissions.AlreadySubmitted as already:
        first = submissions.claimed_record(already.previous, NetworkStep) if already.same else None
        if first is None or first.case_id != case.pk:
            message = _("Denne Idempotency-Key er allerede brugt til noget andet. Lav en ny nøgle til et nyt skridt.")
            raise ApiError(409, "idempotency_key_reused", message) from None
        return _step_result(first), False
    except gate.GateClosed as refusal:
        code = "mentions_family" if refusal.question else "risk_gate_closed"
        raise ApiError(409, code, refusal.reason) from None
    except PolicyDenied as refusal:
        raise ApiError(403, "permission_denied", refusal.reason) from None
    except (CaseError, DjangoValidationError) as refusal:
        raise ApiError(409, "case_rule", getattr(refusal, "reason", None) or " ".join(refusal.messages)) from None
    return _step_result(step), True
