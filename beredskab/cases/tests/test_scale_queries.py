"""The queue, the case page and the deadlines read a fixed number of queries however much
history the municipality holds (issue 20), and a list page writes ONE audit event that each
person's access log still finds."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beredskab.audit.models import AuditEvent, AuditEventPerson
from beredskab.audit.people import resolve_person
from beredskab.audit.selectors import SearchCriteria, audit_log_search, citizen_access_log
from beredskab.cases.models import Case, CaseReport, CaseStatus
from beredskab.cases.services import journal_entry_add
from beredskab.core.crypto import person_ref_for_cpr
from beredskab.core.roles import Role

from .factories import CHILD_CPR, cpr_for, make_report, open_case

pytestmark = pytest.mark.usefixtures("plan")

# Ceilings measured on SQLite and PostgreSQL (issue 20; raised by the radar, the adults track's
# and the held-report label rule's (`held_for`) per-page look-ups, none per row); a new query
# per row or per case fails the comparison between the two sizes, a new query per page these.
MAX_QUERIES = {"cases:queue": 24, "cases:deadlines": 29}
MAX_CASE_PAGE_QUERIES = 75


def _grow(worker, size: int, start: int) -> None:
    """`size` more of each: waiting reports, open cases, closed cases (with a reply still owed
    on some) and other children born the same day as the page's child."""
    for n in range(start, start + size):
        born = datetime.date(2012, 1 + n % 12, 1 + n % 27)
        make_report(subject_cpr=cpr_for(born, f"{n:03d}"[-3:]), subject_name=f"Ventende Barn {n}")
        open_case(worker, subject_cpr=cpr_for(born, f"{n + 1:03d}"[-3:]), subject_name=f"Aaben Sag {n}")
        closed = open_case(worker, subject_cpr="", subject_birth_date=born, subject_name=f"Lukket Sag {n}")
        Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
        if n % 2:
            CaseReport.objects.filter(case=closed).update(receipt_sent_on=datetime.date.today(), replies_owed=False)
        make_report(subject_cpr="", subject_birth_date=datetime.date(2011, 6, 15), subject_name=f"Andet Barn {n}")


def _count(client, url) -> int:
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", sorted(MAX_QUERIES))
def test_list_pages_read_as_many_queries_at_two_sizes(client, worker, name, django_assert_max_num_queries):
    _grow(worker, 2, 0)
    client.force_login(worker)
    url = reverse(name)
    small = _count(client, url)
    assert small <= MAX_QUERIES[name]
    _grow(worker, 10, 2)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    assert "Ventende Barn 11" in response.content.decode() or name != "cases:queue"


def test_case_page_reads_as_many_queries_at_two_sizes(client, worker, django_assert_max_num_queries):
    case = open_case(worker)  # born 15 June 2011, like the "other children" of `_grow`
    for n in range(50):
        journal_entry_add(actor=worker, case=case, kind="note", occurred_on=datetime.date.today(), body=f"Notat {n}")
    _grow(worker, 2, 0)
    client.force_login(worker)
    url = reverse("cases:detail", args=[case.reference])
    small = _count(client, url)
    assert small <= MAX_CASE_PAGE_QUERIES
    _grow(worker, 10, 2)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert "Notat 49" in response.content.decode()


def test_the_queue_page_writes_one_audit_event_naming_everyone_shown(client, worker, make_user):
    make_report()  # the child of CHILD_CPR
    for n in range(11):
        make_report(subject_cpr="", subject_name=f"Barn {n}")
    client.force_login(worker)
    before = AuditEvent.objects.count()
    assert client.get(reverse("cases:queue")).status_code == 200
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("seq")
    assert event.action == "cases.queue_viewed" and len(event.new_values["persons"]) == 12
    assert AuditEventPerson.objects.filter(event=event).count() == 12
    assert "Barn" not in str(event.new_values)

    auditor = make_user(Role.AUDITOR)
    person = resolve_person(cpr_digits=CHILD_CPR.replace("-", ""))
    log = citizen_access_log(user=auditor, person=person, output="html")
    assert log.total == 1  # the child's access log shows the queue view
    found = audit_log_search(
        user=auditor, criteria=SearchCriteria(person_ref=person_ref_for_cpr(CHILD_CPR.replace("-", ""))), purpose="x"
    )
    assert event in found.object_list


def test_the_deadlines_page_writes_one_audit_event(client, worker):
    _grow(worker, 2, 0)
    client.force_login(worker)
    before = AuditEvent.objects.count()
    assert client.get(reverse("cases:deadlines")).status_code == 200
    assert AuditEvent.objects.count() == before + 1


def test_the_queue_is_paged(client, worker):
    for n in range(55):
        make_report(subject_cpr="", subject_name=f"Barn {n:02d}")
    client.force_login(worker)
    first = client.get(reverse("cases:queue")).content.decode()
    second = client.get(reverse("cases:queue") + "?side=2").content.decode()
    assert "Barn 00" in first and "Barn 54" not in first
    assert "Barn 54" in second and "Side 2 af 2" in second
    assert client.get(reverse("cases:queue") + "?side=x").status_code == 200  # bad input: the first page


def test_a_closed_case_owing_a_receipt_keeps_its_clock(worker):
    from beredskab.cases.selectors import deadlines

    closed = open_case(worker, subject_cpr="", subject_name="Lukket")
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    assert CaseReport.objects.get(case=closed).replies_owed
    kinds = {c.kind for c in deadlines(user=worker) if c.case and c.case.pk == closed.pk}
    assert "receipt" in kinds and "feedback" in kinds


def test_only_the_link_function_creates_case_reports():
    """Every writer of a CaseReport goes through `CaseReport.objects.link`, which marks the
    report taken in (what the queue reads): enumerated from the code (`pathlib`)."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    writers = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if re.search(
            r"CaseReport\.objects\.(create|bulk_create|get_or_create)|(?<!class )CaseReport\(|\[CaseReport\]", text
        ):
            writers.append(path.relative_to(root).as_posix())
    # The synthetic history (manage.py seed_scale: `rows[CaseReport].add`) inserts in bulk and
    # sets `taken_in` itself.
    assert writers == ["cases/scale_seed.py"], writers


def test_nothing_else_writes_the_waiting_marker_or_unlinks_a_report():
    """`taken_in` is True exactly when a CaseReport exists (the queue, holds, the taskforce's open
    inquiries and the dashboard read it instead of the link). The test above enumerates the
    creators of a CaseReport; this one the other ways the two could part: a write of `taken_in`
    other than the link's and the seeder's, a link made through the case's related manager, a
    link deleted, or a link moved to another report. Enumerated from the code (`pathlib`)."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    allowed_marker = {"cases/models/reports.py", "cases/scale_seed.py", "intake/models.py"}
    patterns = {
        # an attribute set, a keyword of an update or a creation, a name in update_fields
        "marker": re.compile(r"\.taken_in\s*=(?!=)|\b(update|create|Report)\([^\n]*\btaken_in\s*=|[\"']taken_in[\"']"),
        "related": re.compile(
            r"\b(case_reports|case_link)\.(create|bulk_create|get_or_create|update_or_create|add|set)\("
        ),
        "delete": re.compile(r"(CaseReport\b[^\n]*|case_reports[^\n]*|case_link[^\n]*)\.delete\("),
        "move": re.compile(r"(CaseReport\b|case_reports)[^\n]*\.update\([^)]*\breport(_id)?\s*="),
    }
    found = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        name = path.relative_to(root).as_posix()
        for line in path.read_text().splitlines():
            for kind, pattern in patterns.items():
                if pattern.search(line) and not (kind == "marker" and name in allowed_marker):
                    found.append((name, kind, line.strip()))
    assert found == [], found
