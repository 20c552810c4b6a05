"""Append-only, hash-chained audit events.

Events are only ever inserted, through `beredskab.audit.services.audit_record`. The model, its
queryset and the admin refuse updates and deletes; on PostgreSQL triggers refuse UPDATE, DELETE
and TRUNCATE in the database too. Each event stores the keyed hash of the event before it, so an
edited, deleted or inserted row breaks the chain, and signed checkpoints outside the database
expose a log cut short or emptied (`manage.py audit_verify`; beredskab.audit.chain).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")

    def update_or_create(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be changed.")

    def bulk_create(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit events are written one at a time by audit_record.")


class AuditEvent(models.Model):
    seq = models.BigIntegerField(_("løbenummer"), unique=True)
    occurred_at = models.DateTimeField(_("tidspunkt"), db_index=True)
    actor_id = models.BigIntegerField(_("bruger-id"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("brugerens navn"), max_length=200, blank=True)
    action = models.CharField(_("handling"), max_length=100, db_index=True)
    target_type = models.CharField(_("objekttype"), max_length=100, blank=True)
    target_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    # A pseudonymous reference to the person concerned (e.g. a person record id or the keyed
    # hash of a CPR number); never a name or a CPR number in clear.
    person_ref = models.CharField(_("person"), max_length=128, blank=True, db_index=True)
    purpose = models.CharField(_("formål"), max_length=300, blank=True)
    old_values = models.JSONField(_("før"), null=True, blank=True)
    new_values = models.JSONField(_("efter"), null=True, blank=True)
    request_id = models.CharField(_("request-id"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    # Which key signed the hash (beredskab.audit.chain.key_id); empty on events from before
    # the chain was keyed.
    key_id = models.CharField(max_length=16, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("revisionshændelse")
        verbose_name_plural = _("revisionshændelser")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")


class AuditEventPersonQuerySet(AuditEventQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        # Written only by audit_record, with the event that names these persons.
        return models.QuerySet.bulk_create(self, objs, *args, **kwargs)


class AuditEventPerson(models.Model):
    """One person named by an event that shows several (a list page): an index of the event's
    hashed `new_values["persons"]`, so a citizen's access log and the auditor's search find the
    one event per person without reading JSON. Append-only like the events."""

    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="persons")
    person_ref = models.CharField(_("person"), max_length=128, db_index=True)

    objects = AuditEventPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person i revisionshændelse")
        verbose_name_plural = _("personer i revisionshændelser")
        constraints = [models.UniqueConstraint(fields=["event", "person_ref"], name="audit_event_person_unique")]

    def __str__(self) -> str:
        return f"#{self.event_id} {self.person_ref[:12]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit events cannot be deleted.")


class AuditChainHead(models.Model):
    """One row holding the newest event's number and hash; locked while an event is appended."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("kædehoved")

    def __str__(self) -> str:
        return f"{self.last_seq}:{self.last_hash[:12]}"
