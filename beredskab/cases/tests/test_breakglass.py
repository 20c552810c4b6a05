"""Break-glass access: a reason, a time limit, every read audited as an emergency, content-free
e-mails to the owner and the unit's leaders, and a leader's review."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from beredskab.audit.models import AuditEvent
from beredskab.audit.purposes import Purpose
from beredskab.cases import audit_actions
from beredskab.cases.breakglass import (
    AlreadyVisible,
    BreakGlassRefused,
    break_glass_open,
    break_glass_review,
    pending_reviews,
)
from beredskab.cases.errors import CaseError
from beredskab.cases.models import BreakGlassAccess
from beredskab.cases.policies import case_policy
from beredskab.cases.protection import case_protect
from beredskab.cases.selectors import my_cases, unit_cases, visible_cases
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Role

from .factories import CHILD_CPR, refresh

pytestmark = pytest.mark.usefixtures("plan")
REASON = "Barnet er mødt op på skadestuen, og vi skal kende sikkerhedsplanen nu."


def test_open_read_only_and_audited(client, case, worker, leader, other_worker, django_capture_on_commit_callbacks):
    assert case not in visible_cases(user=other_worker)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        access = break_glass_open(actor=other_worker, reference=case.reference, reason=REASON)
    assert case in visible_cases(user=other_worker)
    assert case_policy.can(other_worker, "view", case)
    for action in ("work", "write_journal", "reply", "lead", "share", "protect"):
        assert not case_policy.can(other_worker, action, refresh(case))
    assert case not in my_cases(user=other_worker) + unit_cases(user=other_worker)  # not in lists
    opened = AuditEvent.objects.get(action=audit_actions.BREAK_GLASS_OPENED.name)
    assert opened.purpose == Purpose.EMERGENCY and opened.person_ref == case.person_ref
    assert REASON not in str(opened.new_values)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([worker.email, leader.email])
    for message in mail.outbox:
        text = message.subject + message.body
        assert case.reference in text
        for secret in ("Amira", CHILD_CPR, "Testvej", "skadestuen", other_worker.full_name):
            assert secret not in text

    client.force_login(other_worker)
    response = client.get(reverse("cases:detail", args=[case.reference]))
    assert response.status_code == 200
    assert "nødadgang" in response.content.decode()
    read = AuditEvent.objects.filter(action=audit_actions.CASE_VIEWED.name, actor_id=other_worker.pk).get()
    assert read.purpose == Purpose.EMERGENCY
    assert client.get(reverse("cases:journal_add", args=[case.reference])).status_code == 403
    assert access.expires_at - access.granted_at == datetime.timedelta(minutes=60)


@override_settings(BREAK_GLASS_MINUTES=15)
def test_access_expires(case, other_worker):
    break_glass_open(actor=other_worker, reference=case.reference, reason=REASON)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert case not in visible_cases(user=other_worker)


def test_refusals(case, other_worker, worker, make_user):
    with pytest.raises(CaseError):
        break_glass_open(actor=other_worker, reference=case.reference, reason="For kort")
    with pytest.raises(BreakGlassRefused):  # no such case: refused like a protected one
        break_glass_open(actor=other_worker, reference="K-1999-99999", reason=REASON)
    with pytest.raises(PolicyDenied):
        break_glass_open(actor=make_user(Role.PLAN_COORDINATOR), reference=case.reference, reason=REASON)
    with pytest.raises(AlreadyVisible):
        break_glass_open(actor=worker, reference=case.reference, reason=REASON)
    assert not BreakGlassAccess.objects.exists()


def test_protected_case_is_refused_and_alerts(case, leader, worker, other_worker, django_capture_on_commit_callbacks):
    case_protect(actor=leader, case=case, reason="Slægtning i kommunen.", members=[worker])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PolicyDenied):
        break_glass_open(actor=other_worker, reference=case.reference, reason=REASON)
    assert not BreakGlassAccess.objects.exists()
    assert AuditEvent.objects.filter(action=audit_actions.BREAK_GLASS_REFUSED.name).count() == 1
    assert [m.to for m in mail.outbox] == [[leader.email]]


def test_review(case, leader, other_worker, other_leader, worker):
    access = break_glass_open(actor=other_worker, reference=case.reference, reason=REASON)
    assert list(pending_reviews(user=leader)) == [access]
    assert list(pending_reviews(user=other_leader)) == []
    with pytest.raises(PolicyDenied):
        break_glass_review(actor=other_leader, access=access)
    with pytest.raises(PolicyDenied):
        break_glass_review(actor=worker, access=access)
    break_glass_review(actor=leader, access=access, note="Rimelig brug.")
    assert list(pending_reviews(user=leader)) == []
    event = AuditEvent.objects.get(action=audit_actions.BREAK_GLASS_REVIEWED.name)
    assert event.actor_id == leader.pk and event.purpose == Purpose.SUPERVISION
    with pytest.raises(CaseError):
        break_glass_review(actor=leader, access=access)


def test_pages(client, case, leader, other_worker, worker):
    url = reverse("cases:break_glass")
    client.force_login(other_worker)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reference": case.reference, "reason": "kort"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Begrundelsen skal være på mindst 20 tegn." in body and 'value="' + case.reference in body
    response = client.post(url, {"reference": "K-2026", "reason": REASON})
    assert response.status_code == 400 and "K-åååå-nnnnn" in response.content.decode()
    assert REASON in response.content.decode()  # kept
    response = client.post(url, {"reference": case.reference, "reason": REASON})
    assert response.status_code == 302 and response.url == reverse("cases:detail", args=[case.reference])
    assert client.get(reverse("cases:break_glass_reviews")).status_code == 403  # not a leader

    client.force_login(leader)
    response = client.get(reverse("cases:break_glass_reviews"))
    assert response.status_code == 200 and case.reference in response.content.decode()
    access = BreakGlassAccess.objects.get()
    review_url = reverse("cases:break_glass_review", args=[access.pk])
    assert client.get(review_url).status_code == 200
    assert client.post(review_url, {"note": ""}).status_code == 302
    assert refresh(access).reviewed_by == leader
    assert client.get(review_url).status_code == 404
    client.force_login(worker)
    assert client.get(reverse("cases:break_glass_reviews")).status_code == 403


def test_no_500_on_garbage(client, other_worker):
    client.force_login(other_worker)
    response = client.post(reverse("cases:break_glass"), {"reference": "\x00" * 50, "reason": "\x00" * 3000})
    assert response.status_code == 400
