"""Model fields for sensitive data."""

from django.core import checks
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted at rest (a Fernet token, see beredskab.core.crypto).

    Python code reads and writes plain text; the database only ever holds ciphertext. Because
    every encryption is randomised, the database cannot compare or search the values: only
    `isnull` lookups are allowed, and unique or indexed encrypted fields are refused. To find a
    row by an exact value, store a `blind_index` of it in a separate, indexed field.

    Empty strings are stored as empty strings (the emptiness of a field is not a secret worth
    the cost of decrypting every blank value). `manage.py rotate_encryption_keys` re-encrypts
    every EncryptedTextField in every model with the current key.
    """

    description = _("Krypteret tekst")

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.unique or self.primary_key or self.db_index:
            errors.append(
                checks.Error(
                    "EncryptedTextField cannot be unique, a primary key or indexed: its values are randomised.",
                    hint="Store a blind_index of the value in a separate indexed field.",
                    obj=self,
                    id="core.E001",
                )
            )
        return errors

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def get_lookup(self, lookup_name):
        # Comparing ciphertexts is meaningless; refuse rather than silently match nothing.
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def get_transform(self, lookup_name):
        return None


def encrypted_field_names(model, *, keep=(), prefix: str = "") -> list[str]:
    """The names of `model`'s encrypted fields except those in `keep`, each with `prefix`
    (e.g. "report__"): for `QuerySet.defer()`, so a list decrypts only the columns it shows."""
    return [
        prefix + f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField) and f.name not in keep
    ]
