"""`manage.py seed_scale` writes a realistic synthetic history with a valid audit chain (issue 20)."""

import pytest
from django.core.management import call_command
from django.db import connection

from beredskab.audit.models import AuditChainHead, AuditEvent
from beredskab.audit.selectors import verify_whole_chain
from beredskab.cases import scale_seed
from beredskab.cases.models import Case, CaseReport, CaseStatus, JournalEntry
from beredskab.cases.scale_rows import SeedError, Writer
from beredskab.intake.models import Report

# The writer writes on a connection of its own (PostgreSQL), which sees only committed rows.
pytestmark = [pytest.mark.usefixtures("plan"), pytest.mark.django_db(transaction=True)]


def test_seed_scale_writes_a_synthetic_history_whose_audit_chain_verifies(worker, leader, capsys):
    call_command("seed_scale", reports=60, seed=3, quiet=True)
    out = capsys.readouterr().out
    assert Report.objects.count() == 61  # and the benchmark's case
    assert set(Report.objects.values_list("routing_reason", flat=True)) == {"SYNTETISK TESTDATA (seed_scale)"}
    assert Report.objects.filter(taken_in=True).count() == CaseReport.objects.count()
    assert not CaseReport.objects.filter(urgent_assessment__isnull=True).exists()  # § 136, as the barometer reads
    assert (
        Case.objects.filter(status=CaseStatus.CLOSED).count() > Case.objects.exclude(status=CaseStatus.CLOSED).count()
    )
    reference = out.strip().rsplit(" ", 1)[-1]
    bench = Case.objects.get(reference=reference)
    assert bench.status != CaseStatus.CLOSED and JournalEntry.objects.filter(case=bench).count() == 50
    assert Report.objects.get(case_link__case=bench).subject_name.split()[0] in scale_seed.FIRST_NAMES
    # CPR-shaped numbers that are nobody's (month 21-32)
    seeded_cprs = [r.subject_cpr for r in Report.objects.all() if r.subject_cpr]
    assert seeded_cprs and all(20 < int(cpr[2:4]) <= 32 for cpr in seeded_cprs)
    # a child reported again keeps its name (the search for earlier reports finds it by birth date and name)
    for cpr_index in Report.objects.exclude(subject_cpr_index="").values_list("subject_cpr_index", flat=True)[:20]:
        names = {r.subject_name for r in Report.objects.filter(subject_cpr_index=cpr_index)}
        assert len(names) == 1, names
    report, _head = verify_whole_chain()
    assert report.ok, report.problem
    assert report.checked > 61


def test_the_same_seed_gives_the_same_history(worker):
    call_command("seed_scale", reports=10, seed=5, quiet=True)
    first = list(Report.objects.order_by("pk").values_list("subject_cpr_index", "receiving_unit_id"))
    assert len(first) == 11


def _schema() -> list:
    """The seeded tables' indexes and foreign keys as PostgreSQL describes them."""
    tables = [model._meta.db_table for model in scale_seed.TABLES]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1", [tables])
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
            " WHERE t.relname = ANY(%s) ORDER BY 1",
            [tables],
        )
        return indexes + cursor.fetchall()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes are dropped for the load on PostgreSQL only")
def test_the_indexes_and_foreign_keys_dropped_for_the_load_are_all_rebuilt(worker):
    before = _schema()
    assert len(before) > 50
    call_command("seed_scale", reports=30, seed=2, quiet=True)
    assert _schema() == before


def test_a_run_that_stops_half_way_leaves_the_database_as_it_was(worker, monkeypatch):
    head = AuditChainHead.objects.get_or_create(pk=1)[0]
    events = AuditEvent.objects.count()
    schema = _schema() if connection.vendor == "postgresql" else None
    monkeypatch.setattr(scale_seed, "BATCH", 5)
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if the operator pressed Ctrl-C after two batches

    with pytest.raises(KeyboardInterrupt):
        scale_seed.Seeder(reports=20, seed=4, progress=progress).run()
    assert Report.objects.count() == 0 and Case.objects.count() == 0 and AuditEvent.objects.count() == events
    assert AuditChainHead.objects.get(pk=1).last_seq == head.last_seq
    if schema is not None:
        assert _schema() == schema


def test_a_chain_that_grew_since_the_seeder_read_it_is_refused(worker):
    head = AuditChainHead.objects.get_or_create(pk=1)[0]
    with pytest.raises(SeedError, match="grew while seeding"):
        writer = Writer(scale_seed.TABLES, (head.last_seq + 1, head.last_hash))
        try:
            writer.finish((head.last_seq + 2, head.last_hash))
        finally:
            writer.close()
    assert not connection.in_atomic_block  # the refusal closed the load's transaction (SQLite)
    assert AuditChainHead.objects.get(pk=1).last_seq == head.last_seq


def test_a_run_stopped_after_its_commit_leaves_the_reference_counters_and_ids_in_step(worker, monkeypatch):
    """The numbering (reference counters, PostgreSQL's id sequences) belongs to the rows written:
    committed with them, so a run stopped at its last step (Ctrl-C on the progress bar's last
    update, a lost connection) never leaves a counter behind a seeded reference. A counter behind
    would hand the next real report a number already taken: the report could not be stored."""
    from beredskab.cases.tests.factories import make_report
    from beredskab.core.models import ReferenceCounter

    monkeypatch.setattr(scale_seed, "BATCH", 5)
    earlier = make_report()  # a database with a real-looking report already (its number taken)

    def progress(done, total):
        if done == total:
            raise KeyboardInterrupt  # the last update, after the load was committed

    with pytest.raises(KeyboardInterrupt):
        scale_seed.Seeder(reports=10, seed=6, progress=progress).run()
    seeded = set(Report.objects.exclude(pk=earlier.pk).values_list("reference", flat=True))
    assert len(seeded) == 11 and earlier.reference not in seeded
    report, _head = verify_whole_chain()
    assert report.ok, report.problem
    for prefix, model in (("UND", Report), ("K", Case)):
        for reference in model.objects.values_list("reference", flat=True):
            _prefix, year, number = reference.split("-")
            counter = ReferenceCounter.objects.get(prefix=prefix, year=int(year))
            assert counter.last_number >= int(number), reference
    report = make_report()  # a real report after the run: a number of its own
    assert report.reference not in seeded


def test_a_long_history_is_spread_over_synthetic_units_so_each_units_open_work_stays_realistic(worker):
    """A history of millions is a region's: units are added (through the audited services) so
    each receives about --unit-reports-per-year; a second run adds none."""
    from beredskab.accounts.models import RoleAssignment, Unit
    from beredskab.core.roles import Role

    units = Unit.objects.filter(kind__in=[Unit.Kind.CHILDREN, Unit.Kind.ADULTS])
    before = units.count()
    call_command("seed_scale", reports=120, seed=3, unit_reports_per_year=2, quiet=True)
    assert units.count() == 6  # 120 reports over ten years at two a unit a year
    synthetic = units.filter(code__startswith="syntetisk-")
    assert synthetic.count() == 6 - before
    assert synthetic.filter(kind=Unit.Kind.ADULTS).count() == (6 - before) // 3
    for unit in synthetic:
        worker_role = Role.ADULT_TASKFORCE if unit.kind == Unit.Kind.ADULTS else Role.CHILD_CASEWORKER
        roles = list(RoleAssignment.objects.filter(unit=unit).values_list("role", flat=True))
        assert sorted(roles) == sorted([worker_role] * scale_seed.UNIT_STAFF + [Role.UNIT_LEADER])
        assert Report.objects.filter(receiving_unit=unit).count() > 5
    report, _head = verify_whole_chain()
    assert report.ok, report.problem
    call_command("seed_scale", reports=120, seed=4, unit_reports_per_year=2, quiet=True)
    assert units.count() == 6


def test_a_second_longer_run_adds_the_units_its_extra_reports_need(worker):
    """A second run with a longer history tops the units up to --unit-reports-per-year again
    (it asked add_synthetic_units for the shortfall, which re-ensured syntetisk-1… and added none)."""
    from beredskab.accounts.models import Unit

    units = Unit.objects.filter(kind__in=[Unit.Kind.CHILDREN, Unit.Kind.ADULTS])
    before = units.count()
    assert scale_seed.ensure_units(120, per_year=2) == 6 - before
    assert units.count() == 6
    added = scale_seed.ensure_units(240, per_year=2)
    assert units.count() == 12 and added == 6
