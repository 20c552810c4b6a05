"""The case page reads a fixed number of queries, however long the journal grows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beredskab.cases.services import journal_entry_add, restriction_add, task_add

from .factories import add_parent

pytestmark = pytest.mark.usefixtures("plan")


def _add_entries(case, worker, count):
    for n in range(count):
        entry = journal_entry_add(
            actor=worker, case=case, kind="note", occurred_on=datetime.date.today(), body=f"Notat {n}"
        )
        if n % 5 == 0:
            journal_entry_add(
                actor=worker, case=case, kind="note", occurred_on=datetime.date.today(), body="Rettelse", corrects=entry
            )
            restriction_add(actor=worker, case=case, item=entry, field_name="", audience="parents", reason="Sikkerhed")


def test_case_page_queries_do_not_grow_with_the_journal(client, case, worker, django_assert_max_num_queries):
    add_parent(case, worker)
    task_add(actor=worker, case=case, title="Opgave", due_on=datetime.date(2030, 1, 1), owner=worker)
    _add_entries(case, worker, 2)
    client.force_login(worker)
    page = reverse("cases:detail", args=[case.reference])
    client.get(page)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(page).status_code == 200

    _add_entries(case, worker, 40)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(page)
    assert response.status_code == 200
    assert "Notat 39" in response.content.decode()
