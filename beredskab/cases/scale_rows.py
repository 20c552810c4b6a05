"""Rows written in bulk for the synthetic history (`manage.py seed_scale`, issue 20): `COPY` on
PostgreSQL, `executemany` elsewhere, without building a model instance per row.

The seeder numbers the rows itself (ids continue from the table's highest id) so one row can
point at another before either is written; the writer moves PostgreSQL's id sequences past them,
and the reference counters past the references it used, in the load's own transaction.
Encrypted fields are encrypted like any other value, with a memo for the synthetic texts the
seeder repeats (the same plaintext may share one ciphertext: the data is synthetic). Only for
the seeder: real data is written through the services."""

from concurrent.futures import ThreadPoolExecutor

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import JSONField, Max

from beredskab.audit.models import AuditChainHead
from beredskab.core import crypto
from beredskab.core.fields import EncryptedTextField
from beredskab.core.models import ReferenceCounter

MEMO_LIMIT = 5000  # distinct plaintexts whose ciphertext is remembered (the pools, not the CPRs)


class SeedError(Exception):
    """The organisation or the plan is missing (run `manage.py demo_data` first), or the audit
    chain grew while seeding."""


def _encrypted(value: str, memo: dict) -> str:
    if not value:
        return value
    token = memo.get(value)
    if token is None:
        token = crypto.encrypt(value)
        if len(memo) < MEMO_LIMIT:
            memo[value] = token
    return token


class Rows:
    """The pending rows of one model. `add(**values)` takes values by attribute name (`case_id`)
    and returns them with the row's `id`; fields not given get their default."""

    def __init__(self, model, memo: dict):
        self.model = model
        self.memo = memo
        self.fields = model._meta.concrete_fields
        self.postgres = connection.vendor == "postgresql"
        self.defaults = [
            None if f.primary_key else f.get_db_prep_save(f.get_default(), connection) for f in self.fields
        ]
        self.by_name = {f.attname: (i, self._converter(f)) for i, f in enumerate(self.fields)}
        self.next_id = (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.pending: list[list] = []
        self.written = 0

    def add(self, **values) -> dict:
        values["id"] = self.next_id
        self.next_id += 1
        row = list(self.defaults)
        for name, value in values.items():
            index, convert = self.by_name[name]
            row[index] = value if convert is None or value is None else convert(value)
        self.pending.append(row)
        return values

    def _converter(self, field):
        """How a given value becomes a column value: None when psycopg takes it as it is (every
        plain value on PostgreSQL), else the field's own preparation."""
        if isinstance(field, EncryptedTextField):
            return lambda value: _encrypted(value, self.memo)
        if self.postgres and not isinstance(field, JSONField):
            return None
        return lambda value: field.get_db_prep_save(value, connection)

    def take(self) -> tuple[str, str, list]:
        """The pending rows as (table, column list, rows), and none pending afterwards."""
        quote = connection.ops.quote_name
        rows, self.pending = self.pending, []
        self.written += len(rows)
        return quote(self.model._meta.db_table), ", ".join(quote(f.column) for f in self.fields), rows


class Writer:
    """Writes the seeder's batches in ONE transaction that also moves the audit chain's head,
    after locking it and checking that nobody appended since the seeder read it (its events
    link to that head). A run that is stopped or fails leaves the database as it was.

    On PostgreSQL a background thread writes with `COPY` on a connection of its own while the
    next batch is built, and the tables' secondary indexes and foreign keys are dropped for the
    load and rebuilt (and checked) before the commit, as PostgreSQL's manual advises for a bulk
    load ("Populating a Database"): rebuilding once is far cheaper than updating every index
    for every row. Elsewhere (SQLite) each batch is inserted in turn with `executemany`."""

    def __init__(self, models, before: tuple[int, str]):
        self.postgres = connection.vendor == "postgresql"
        self.models = list(models)
        self.tables = [m._meta.db_table for m in models]
        self.future = None
        self.finished = False
        if self.postgres:
            self.conn = connection.get_new_connection(connection.get_connection_params())
            self.conn.autocommit = False
            self.thread = ThreadPoolExecutor(max_workers=1)
            self._submit(self._begin, before)
        else:
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                with connection.cursor() as cursor:
                    _check_head(cursor, before, lock="")
            except BaseException as error:  # refused: the transaction is not left open on the connection
                self.atomic.__exit__(type(error), error, error.__traceback__)
                raise

    def _submit(self, work, *args) -> None:
        self.wait()
        self.future = self.thread.submit(work, *args)

    def write(self, tables: list[tuple]) -> None:
        """Write `tables` (from `Rows.take`). Raises SeedError or a database error (now or at a
        later call) if a batch could not be written."""
        if self.postgres:
            self._submit(self._copy, tables)
            return
        with connection.cursor() as cursor:
            for table, columns, rows in tables:
                if rows:
                    marks = ", ".join(["%s"] * len(rows[0]))
                    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608

    def finish(self, after: tuple[int, str], counters: dict[tuple[str, int], int] | None = None) -> None:
        """Move the chain's head to `after` and the numbering past the rows written (the id
        sequences; `counters`, {(prefix, year): last number used}, for the reference counters),
        rebuild what was dropped, and commit: all in the load's transaction, so a run stopped
        at any point never leaves a counter or a sequence behind the rows it wrote (the next
        real report would be given a number already taken)."""
        counters = sorted((counters or {}).items())
        if self.postgres:
            self._submit(self._end, after, counters)
            self.wait()
        else:
            with connection.cursor() as cursor:
                _move_numbering(cursor, self.models, counters)
                cursor.execute(_MOVE_HEAD, list(after))
            self.atomic.__exit__(None, None, None)
        self.finished = True

    def close(self) -> None:
        """After `finish`, or to roll back everything written when the run stopped early."""
        if self.finished:
            if self.postgres:
                self.thread.shutdown()
                self.conn.close()
            return
        if self.postgres:
            self.thread.shutdown(cancel_futures=True)
            self.conn.close()  # uncommitted: PostgreSQL rolls the whole load back
        else:
            self.atomic.__exit__(SeedError, SeedError("stopped"), None)

    def wait(self) -> None:
        """Wait for the work handed to the thread; re-raises its error."""
        if self.future is not None:
            future, self.future = self.future, None
            future.result()

    # --- PostgreSQL, in the writer's thread -----------------------------------------------

    def _begin(self, before) -> None:
        with self.conn.cursor() as cursor:
            _check_head(cursor, before, lock=" FOR UPDATE")
            cursor.execute(_SECONDARY_INDEXES, [self.tables])
            self.indexes = cursor.fetchall()
            cursor.execute(_FOREIGN_KEYS, [self.tables])
            self.foreign_keys = cursor.fetchall()
            for table, name, _definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')

    def _copy(self, tables) -> None:
        with self.conn.cursor() as cursor:
            for table, columns, rows in tables:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)

    def _end(self, after, counters) -> None:
        with self.conn.cursor() as cursor:
            for _name, definition in self.indexes:
                cursor.execute(definition)
            for table, name, definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            _move_numbering(cursor, self.models, counters)
            cursor.execute(_MOVE_HEAD, list(after))
        self.conn.commit()
        self.conn.autocommit = True  # fresh statistics, or the planner guesses from an empty table
        with self.conn.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(f'"{table}"' for table in self.tables))


_HEAD = AuditChainHead._meta.db_table
_MOVE_HEAD = f'UPDATE "{_HEAD}" SET last_seq = %s, last_hash = %s WHERE id = 1'  # noqa: S608
# Indexes that back no constraint (primary keys and unique constraints stay).
_SECONDARY_INDEXES = """
    SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relname = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
"""
_FOREIGN_KEYS = """
    SELECT t.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
    JOIN pg_class t ON t.oid = k.conrelid WHERE k.contype = 'f' AND t.relname = ANY(%s)
"""


def _check_head(cursor, before, *, lock: str) -> None:
    cursor.execute(f'SELECT last_seq, last_hash FROM "{_HEAD}" WHERE id = 1{lock}')  # noqa: S608
    if tuple(cursor.fetchone()) != tuple(before):
        raise SeedError("The audit chain grew while seeding: run seed_scale on a database of its own.")


_COUNTERS = ReferenceCounter._meta.db_table


def _move_numbering(cursor, models, counters) -> None:
    """Inside the load's transaction: the id sequences past the ids written (PostgreSQL; SQLite
    needs nothing), and each reference counter at least at the last number the seeder used."""
    for sql in connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(sql)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    for (prefix, year), number in counters:
        cursor.execute(
            f'INSERT INTO "{_COUNTERS}" (prefix, year, last_number) VALUES (%s, %s, %s) '  # noqa: S608
            f'ON CONFLICT (prefix, year) DO UPDATE SET last_number = {greatest}("{_COUNTERS}".last_number, '
            "excluded.last_number)",
            [prefix, year, number],
        )
