"""Ten adult reports arriving at once are shared fairly between two key employees (PostgreSQL:
each arrival reads the load after the one before it has committed)."""

import threading

import pytest
from django.db import connection, connections

from beredskab.taskforce.models import Assignment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL (CI runs it)")
def test_ten_concurrent_arrivals_take_turns(roster, tf1, tf2, adult_report):
    barrier = threading.Barrier(10)
    errors = []

    def submit(n):
        try:
            barrier.wait(timeout=30)
            adult_report(narrative=f"Bekymring nummer {n} om en voksen kvinde.")
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    owners = list(Assignment.objects.values_list("owner_id", flat=True))
    assert len(owners) == 10
    assert owners.count(tf1.pk) == owners.count(tf2.pk) == 5
