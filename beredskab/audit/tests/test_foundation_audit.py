import pytest
from django.db import transaction

from beredskab.audit import audit_actions
from beredskab.audit.chain import GENESIS_HASH, verify_chain
from beredskab.audit.models import AuditChainHead, AuditEvent, AuditLogIsAppendOnly
from beredskab.audit.services import audit_record
from beredskab.core.request_context import reset_request_id, set_request_id

pytestmark = pytest.mark.django_db


def _chain():
    fields = [f.name for f in AuditEvent._meta.fields if f.name != "id"]
    return AuditEvent.objects.order_by("seq").values(*fields)


def test_events_form_a_hash_chain_with_actor_snapshot_and_request_id(make_user):
    user = make_user(full_name="Revisor Rask")
    token = set_request_id("req-12345678")
    try:
        first = audit_record(actor=user, action=audit_actions.AUDIT_LOG_SEARCHED, purpose="audit")
        second = audit_record(
            actor=None, action="audit.log_searched", target_type="cases.case", target_id=7, person_ref="p:1"
        )
    finally:
        reset_request_id(token)

    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    assert first.actor_id == user.pk and first.actor_name == "Revisor Rask"
    assert first.request_id == "req-12345678"
    assert (second.target_type, second.target_id, second.person_ref) == ("cases.case", "7", "p:1")
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (second.seq, second.hash)
    assert verify_chain(_chain(), head).ok


def test_unregistered_action_is_refused_and_nothing_is_written():
    with pytest.raises(LookupError):
        audit_record(actor=None, action="cases.something_unknown")
    assert AuditEvent.objects.count() == 0
    assert AuditChainHead.objects.get(pk=1).last_hash == GENESIS_HASH


def test_old_and_new_values_are_stored_as_json_and_hash_stays_valid():
    import datetime

    audit_record(
        actor=None,
        action=audit_actions.AUDIT_LOG_SEARCHED,
        old={"due": datetime.date(2026, 11, 23)},
        new={"due": datetime.date(2026, 11, 30)},
    )
    event = AuditEvent.objects.get()
    assert event.new_values == {"due": "2026-11-30"}
    assert verify_chain(_chain(), AuditChainHead.objects.get(pk=1)).ok


def test_an_event_cannot_be_changed_through_the_model_api():
    event = audit_record(actor=None, action=audit_actions.AUDIT_LOG_SEARCHED, purpose="x")
    event.purpose = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="changed")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.bulk_update([event], ["purpose"])
    assert AuditEvent.objects.get(pk=event.pk).purpose == "x"


def test_an_event_cannot_be_deleted_through_the_model_api():
    event = audit_record(actor=None, action=audit_actions.AUDIT_LOG_SEARCHED)
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_event_rolls_back_with_the_write_it_records():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action=audit_actions.AUDIT_LOG_SEARCHED)
        raise RuntimeError("the write failed")
    assert AuditEvent.objects.count() == 0
    assert AuditChainHead.objects.get(pk=1).last_seq == 0


def test_admin_offers_no_add_change_or_delete(admin_client):
    event = audit_record(actor=None, action=audit_actions.AUDIT_LOG_SEARCHED)
    assert admin_client.get("/admin/audit/auditevent/add/").status_code == 403
    assert admin_client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    response = admin_client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"purpose": "changed"})
    assert response.status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).purpose == ""
