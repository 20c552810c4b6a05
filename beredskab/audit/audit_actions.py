from django.utils.translation import gettext_lazy as _

from .registry import ActionKind, register

AUDIT_LOG_SEARCHED = register("audit.log_searched", _("Revisionsloggen søgt"), ActionKind.READ)
AUDIT_CHAIN_VERIFIED = register("audit.chain_verified", _("Revisionsloggens kæde kontrolleret"), ActionKind.SECURITY)
