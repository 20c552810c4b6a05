from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

# The names keep the "core." prefix they were first written with: events already in the log
# must keep matching them.

KEY_CHECK_CREATED = register("core.key_check_created", _("Nøglekontrol oprettet"), ActionKind.SECURITY)
ENCRYPTION_KEYS_CHECKED = register(
    "core.encryption_keys_checked", _("Krypteringsnøgler kontrolleret"), ActionKind.SECURITY
)
ENCRYPTION_BATCH_ROTATED = register(
    "core.encryption_batch_rotated", _("Krypterede felter omkrypteret (en portion)"), ActionKind.SECURITY
)
ENCRYPTION_KEYS_ROTATED = register("core.encryption_keys_rotated", _("Krypteringsnøgler roteret"), ActionKind.SECURITY)
