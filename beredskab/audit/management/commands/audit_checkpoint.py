"""Write a signed checkpoint of the audit chain's head outside the database now (cron, e.g.
every five minutes): the newest event's number and hash, signed with the chain key, appended to
AUDIT_CHECKPOINT_FILE (and syslog, when AUDIT_CHECKPOINT_SYSLOG is set)."""

from django.core.management.base import BaseCommand

from beredskab.audit.checkpoints import write_checkpoint
from beredskab.audit.models import AuditChainHead


class Command(BaseCommand):
    help = "Append a signed checkpoint of the audit chain's head to the checkpoint file."

    def handle(self, *args, **options):
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is None or head.last_seq == 0:
            self.stdout.write("The audit log is empty: nothing to checkpoint.")
            return
        checkpoint = write_checkpoint(head.last_seq, head.last_hash)
        self.stdout.write(f"Checkpoint: event {checkpoint.seq}, hash {checkpoint.hash}")
