"""Write a signed checkpoint of the audit chain's head outside the database now (cron, e.g.
every five minutes): the newest event's number and hash, signed with the chain key, appended to
AUDIT_CHECKPOINT_FILE (and syslog, when AUDIT_CHECKPOINT_SYSLOG is set)."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.audit.checkpoints import CheckpointRefused
from beredskab.audit.models import AuditChainHead
from beredskab.audit.services import checkpoint_write


class Command(BaseCommand):
    help = "Append a signed checkpoint of the audit chain's head to the checkpoint file."

    def handle(self, *args, **options):
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is None or head.last_seq == 0:
            self.stdout.write("The audit log is empty: nothing to checkpoint.")
            return
        try:
            checkpoint = checkpoint_write(head.last_seq, head.last_hash)
        except CheckpointRefused as refusal:
            raise CommandError(f"No checkpoint written: {refusal}. Run audit_verify.") from refusal
        if checkpoint is None:
            self.stdout.write("A checkpoint of this event or a later one is there already.")
        else:
            self.stdout.write(f"Checkpoint: event {checkpoint.seq}, hash {checkpoint.hash}")
