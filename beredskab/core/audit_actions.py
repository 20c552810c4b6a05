from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

KEY_CHECK_CREATED = register("core.key_check_created", _("Nøglekontrol oprettet"), ActionKind.SECURITY)
ENCRYPTION_KEYS_CHECKED = register(
    "core.encryption_keys_checked", _("Krypteringsnøgler kontrolleret"), ActionKind.SECURITY
)
ENCRYPTION_BATCH_ROTATED = register(
    "core.encryption_batch_rotated", _("Krypterede felter omkrypteret (en portion)"), ActionKind.SECURITY
)
ENCRYPTION_KEYS_ROTATED = register("core.encryption_keys_rotated", _("Krypteringsnøgler roteret"), ActionKind.SECURITY)
REPORT_ANONYMISED = register(
    "core.retention_report_anonymised", _("Underretning uden sag anonymiseret (sletteregler)"), ActionKind.WRITE
)
ATTACHMENT_DELETED = register(
    "core.retention_attachment_deleted", _("Bilag til underretning uden sag slettet (sletteregler)"), ActionKind.WRITE
)
