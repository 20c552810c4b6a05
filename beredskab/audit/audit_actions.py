from django.utils.translation import gettext_lazy as _

from .registry import ActionKind, register

AUDIT_LOG_SEARCHED = register("audit.log_searched", _("Revisionsloggen søgt"), ActionKind.READ)
AUDIT_CHAIN_VERIFIED = register("audit.chain_verified", _("Revisionsloggens kæde kontrolleret"), ActionKind.SECURITY)
AUDIT_CHAIN_BROKEN = register("audit.chain_broken", _("Revisionsloggens kæde fundet brudt"), ActionKind.SECURITY)
CHECKPOINT_WRITTEN = register(
    "audit.checkpoint_written", _("Kontrolpunkt for revisionsloggen skrevet uden for databasen"), ActionKind.SECURITY
)
ACCESS_LOG_EXPORTED = register(
    "audit.access_log_exported", _("Oversigt over opslag udleveret til borger"), ActionKind.READ
)
ADMIN_CHANGED = register("audit.admin_changed", _("Ændring i administrationen"), ActionKind.SECURITY)
