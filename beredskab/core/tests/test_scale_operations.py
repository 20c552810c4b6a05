"""Operations at a city's scale (issue 20): the replica router and the health check."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from beredskab.audit.models import AuditEvent
from beredskab.audit.registry import ActionKind, register
from beredskab.audit.services import audit_record
from beredskab.core.db_router import ReplicaRouter, replica_reads
from beredskab.core.models import ReferenceCounter

DASHBOARD_READ = register("tests.dashboard_read", "Dashboard læst (test)", ActionKind.READ)


def _count(alias: str, model) -> int:
    return model.objects.using(alias).count()


@pytest.mark.django_db(databases=["default", "replica"])
def test_read_only_pages_read_the_replica_and_never_write_there():
    """The test's replica is a second, separate database (nothing is replicated), so a read
    that went there sees none of the primary's rows."""
    ReferenceCounter.objects.create(prefix="SYN", year=2026, last_number=1)
    with replica_reads():
        assert not ReferenceCounter.objects.filter(prefix="SYN").exists()  # read on the replica
        ReferenceCounter.objects.create(prefix="SYN", year=2027, last_number=1)  # a write: the primary
        event = audit_record(actor=None, action=DASHBOARD_READ, person_ref="cpr:syntetisk", purpose="reporting")
        assert AuditEvent.objects.filter(pk=event.pk).exists()  # audit reads stay on the primary
    assert _count("default", ReferenceCounter) == 2 and _count("replica", ReferenceCounter) == 0
    assert _count("replica", AuditEvent) == 0 and _count("default", AuditEvent) >= 1
    assert ReferenceCounter.objects.filter(prefix="SYN").count() == 2  # outside the block: the primary
    assert ReplicaRouter().db_for_write(ReferenceCounter) == "default"


@pytest.mark.django_db
def test_health_reports_the_database_and_the_worker_queue(client, settings):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200 and response.json() == {"database": "ok", "worker": "ok"}


@pytest.mark.django_db
def test_health_fails_when_the_worker_has_not_taken_a_waiting_task(client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DBTaskResult.objects.create(
        task_path="beredskab.cases.tasks.remind",
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        run_after=timezone.now() - datetime.timedelta(hours=1),
        backend_name="default",
        queue_name="default",
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(hours=1))
    response = client.get(reverse("core:health"))
    assert response.status_code == 503 and response.json()["worker"] == "fejl"
