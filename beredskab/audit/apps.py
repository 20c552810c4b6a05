from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "beredskab.audit"
    label = "audit"
    verbose_name = _("Revisionslog")

    def ready(self) -> None:
        # Every app names its audit actions in an `audit_actions` module.
        autodiscover_modules("audit_actions")
        from django.conf import settings
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        post_save.connect(_admin_change, sender=LogEntry, dispatch_uid="audit_admin_change")
        if settings.AUDIT_ALLOW_TEST_TRUNCATE:
            connection_created.connect(_allow_test_truncate, dispatch_uid="audit_allow_test_truncate")


def _admin_change(sender, instance, created, **kwargs):
    """Every change made in the admin leaves one of Django's log entries, in the same
    transaction (add, change, delete, also bulk actions and third-party admins): each is
    written to the hash-chained log too. Here a signal is the one hook that sees them all."""
    if created:
        from .services import admin_change_record

        admin_change_record(instance)


def _allow_test_truncate(sender, connection, **kwargs):
    """The test suite empties every table between transactional tests (TRUNCATE); the audit
    table's trigger lets exactly such a session through (migration 0003)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET beredskab.allow_audit_truncate = 'on'")
