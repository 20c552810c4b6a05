from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EncryptionConfig(AppConfig):
    """Checking and rotating the encryption keys of every encrypted field and file
    (`manage.py rotate_encryption_keys`). The fields, the storage and the canary model are core's."""

    name = "beredskab.encryption"
    label = "encryption"
    verbose_name = _("Krypteringsnøgler")
