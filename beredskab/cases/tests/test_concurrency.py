"""Two workers claiming the same new report at once get one case (PostgreSQL), and two
journal entries written at once get distinct numbers."""

import datetime
import threading

import pytest
from django.db import connection, connections

from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case, JournalEntry
from beredskab.cases.services import case_open, journal_entry_add

from .factories import make_report, open_case

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL (CI runs it)"),
]


def _run_at_once(functions):
    barrier = threading.Barrier(len(functions))
    results, errors = [], []

    def run(function):
        try:
            barrier.wait(timeout=30)
            results.append(function())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_one_report_claimed_by_eight_workers_at_once_becomes_one_case(ishoj_plan, make_user):
    from beredskab.core.roles import Role

    workers = [make_user(Role.CHILD_CASEWORKER, "straxen") for _ in range(8)]
    report = make_report()
    results, errors = _run_at_once([lambda w=w: case_open(actor=w, reports=[report]) for w in workers])
    assert len(results) == 1 and len(errors) == 7
    assert all(isinstance(e, CaseError) for e in errors), errors
    assert Case.objects.count() == 1


def test_journal_numbers_stay_unique_under_concurrent_writes(ishoj_plan, make_user):
    from beredskab.core.roles import Role

    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    case = open_case(worker)
    today = datetime.date.today()
    _results, errors = _run_at_once(
        [
            lambda n=n: journal_entry_add(actor=worker, case=case, kind="note", occurred_on=today, body=f"Notat {n}")
            for n in range(8)
        ]
    )
    assert errors == []
    assert sorted(JournalEntry.objects.filter(case=case).values_list("number", flat=True)) == list(range(1, 9))
