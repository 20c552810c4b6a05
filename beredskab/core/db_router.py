"""Read-only traffic on a PostgreSQL streaming replica (issue 20, docs/deployment.md).

When `DATABASE_REPLICA_URL` is set, settings add a `replica` database alias. Reads made inside
`replica_reads()` (the goals dashboard, statistics, exports: pages that only read, where a
second's replication lag does not matter) go to it; everything else reads the primary.
Writes never go to the replica, and neither does anything of the audit log: an audited read
appends its event, and reads the chain head under a lock, on the primary, like every write.
"""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
# Apps whose reads stay on the primary even inside replica_reads(): the audit chain (its head
# is read under a lock), sessions and the task queue (read just after they are written).
PRIMARY_ONLY_APPS = frozenset({"audit", "sessions", "django_tasks_db", "otp_totp", "axes"})

_reading_from_replica = contextvars.ContextVar("reading_from_replica", default=False)


@contextlib.contextmanager
def replica_reads():
    """Within the block, reads of read-only pages go to the replica (when one is configured)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """`DATABASE_ROUTERS`: reads inside `replica_reads()` to the replica; writes, migrations
    and audit reads always to the primary (`default`)."""

    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and replica_configured() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Migrations run on the primary and reach the replica by streaming replication; a
        # test stand-in for the replica is migrated like the primary.
        return db == "default" or settings.DATABASES.get(db, {}).get("TEST", {}).get("MIGRATE", True)
