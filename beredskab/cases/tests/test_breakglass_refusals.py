"""Break-glass never tells a case number that does not exist from a protected case, or from an
attempt by someone who may not use break-glass (issue 12, item 13b): the same exception and
text, the same status and page, the same audit work, and no answer sooner than
REFUSAL_MIN_SECONDS. An attempt on a protected case still alerts the unit's leaders."""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases import audit_actions
from beredskab.cases.breakglass import REFUSAL, REFUSAL_MIN_SECONDS, BreakGlassRefused, break_glass_open
from beredskab.cases.models import BreakGlassAccess
from beredskab.cases.protection import case_protect
from beredskab.core.roles import Role

pytestmark = pytest.mark.usefixtures("plan")
REASON = "Barnet er mødt op på skadestuen, og vi skal kende sikkerhedsplanen nu."
MISSING = "K-2026-99999"


@pytest.fixture
def protected(case, leader, worker):
    return case_protect(actor=leader, case=case, reason="Slægtning i kommunen.", members=[worker])


def _refusals():
    return list(AuditEvent.objects.filter(action=audit_actions.BREAK_GLASS_REFUSED.name).order_by("seq"))


def test_missing_protected_and_not_allowed_are_refused_alike(
    protected, leader, worker2, other_worker, make_user, django_capture_on_commit_callbacks
):
    coordinator = make_user(Role.PLAN_COORDINATOR)
    attempts = [
        ("not_found", other_worker, MISSING),
        ("protected", other_worker, protected.reference),  # another unit
        ("protected", worker2, protected.reference),  # the case's own unit, not named on it
        ("no_case_role", coordinator, protected.reference),
        ("no_case_role", coordinator, MISSING),
    ]
    messages, alerts = [], []
    for why, actor, reference in attempts:
        mail.outbox.clear()
        before = len(_refusals())
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(BreakGlassRefused) as refused:
            break_glass_open(actor=actor, reference=reference, reason=REASON)
        messages.append(str(refused.value))
        events = _refusals()[before:]
        assert len(events) == 1 and events[0].new_values["why"] == why  # one audit write each
        assert events[0].actor_id == actor.pk
        alerts.append(sorted(address for m in mail.outbox for address in m.to))
    assert set(messages) == {str(REFUSAL)}
    # Only the attempts on the protected case by case workers alert the unit's leaders.
    assert alerts == [[], [leader.email], [leader.email], [], []]
    assert not BreakGlassAccess.objects.exists()


def _normalised(response, reference: str) -> str:
    body = response.content.decode()
    body = body.replace(reference, "REF")
    body = re.sub(r'<input type="hidden"[^>]*>', "", body)  # CSRF and one-time tokens
    body = re.sub(r"gAAAAA[\w=-]+", "", body)  # encrypted per page (the idle warning's user)
    return re.sub(r'nonce="[^"]*"', "", body)


def test_the_page_answers_missing_and_protected_alike(client, protected, other_worker):
    client.force_login(other_worker)
    url = reverse("cases:break_glass")
    answers = []
    for reference in (MISSING, protected.reference):
        started = time.monotonic()
        response = client.post(url, {"reference": reference, "reason": REASON})
        elapsed = time.monotonic() - started
        assert response.status_code == 403
        assert elapsed >= REFUSAL_MIN_SECONDS
        body = response.content.decode()
        assert str(REFUSAL) in body and 'value="' + reference in body  # kept, next to the field
        answers.append(_normalised(response, reference))
    assert answers[0] == answers[1]
    assert [e.new_values["why"] for e in _refusals()] == ["not_found", "protected"]


def test_a_refusal_waits_until_the_floor_but_no_longer(monkeypatch):
    refused = BreakGlassRefused(time.monotonic() - 10)
    started = time.monotonic()
    refused.wait()  # already past the floor: no wait
    assert time.monotonic() - started < 0.05
    refused = BreakGlassRefused(time.monotonic())
    refused.wait()
    assert time.monotonic() - started >= REFUSAL_MIN_SECONDS
