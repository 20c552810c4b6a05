"""The same submission fired 20 times at once creates exactly one report (PostgreSQL)."""

import threading
import uuid

import pytest
from django.db import connection, connections

from beredskab.intake.models import Report
from beredskab.intake.services import report_submit

from .test_services import _input

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL (CI runs it)")
def test_twenty_concurrent_identical_submissions_create_one_report(ishoj_plan, org):
    token = uuid.uuid4()
    barrier = threading.Barrier(20)
    results, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=30)
            report, created = report_submit(actor=None, token=token, data=_input())
            results.append((report.pk, created))
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(results) == 20
    assert len({pk for pk, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert Report.objects.filter(submission_token=token).count() == 1
