"""The audit log in the admin, read-only; and no bulk deletion anywhere in the admin."""

from django.contrib import admin

from beredskab.core.admin_site import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: audit events have no add, change or delete path anywhere."""

    list_display = ["seq", "occurred_at", "actor_name", "action", "target_type", "target_id", "purpose"]
    list_filter = ["action"]
    search_fields = ["=person_ref", "=target_id", "=actor_id", "=request_id"]
    ordering = ["-seq"]


# Django logs a bulk deletion with one bulk insert of its change log, which no signal sees, so
# it would bypass the audit log (beredskab.audit.apps). One object at a time, each audited.
admin.site.disable_action("delete_selected")
