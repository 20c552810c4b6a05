from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import EncryptedTextField


class KeyCheck(models.Model):
    """A known value stored encrypted, so the configured keys can be proven to open this
    database's data (`manage.py rotate_encryption_keys --check`).

    A deployment started with the wrong FIELD_ENCRYPTION_KEYS is caught by the check even
    before any case data exists, and the canary is rotated along with every other encrypted
    value, so it always tells whether the current key set is complete.
    """

    CANARY = "beredskab-key-check"

    name = models.SlugField(_("navn"), unique=True, default="canary")
    value = EncryptedTextField(_("krypteret kontrolværdi"))
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("nøglekontrol")
        verbose_name_plural = _("nøglekontroller")

    def __str__(self) -> str:
        return self.name


class ReferenceCounter(models.Model):
    """The last number used per kind of reference and year (e.g. UND-2026-00042, K-2026-00012);
    locked while a number is taken (beredskab.core.references)."""

    prefix = models.CharField(_("præfiks"), max_length=10)
    year = models.PositiveSmallIntegerField(_("årstal"))
    last_number = models.PositiveIntegerField(_("sidste nummer"), default=0)

    class Meta:
        verbose_name = _("referencetæller")
        verbose_name_plural = _("referencetællere")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"


class FormSubmission(models.Model):
    """A staff form's one-time token, claimed by the post that made its record
    (beredskab.core.submissions). The unique token lets exactly one of two posts of the same
    form through, also when they arrive at the same moment; the second is sent to what the
    first made. Ids and a digest only: nothing the user typed is stored here."""

    token = models.UUIDField(_("engangsnøgle"), unique=True)
    user_id = models.PositiveBigIntegerField(_("bruger-id"))  # an id, not a key: core sits below accounts
    form = models.CharField(_("formular"), max_length=100)
    digest = models.CharField(_("kontrolsum af indholdet"), max_length=64)
    record = models.CharField(_("oprettet post"), max_length=100, blank=True)  # "app.model:pk"
    redirect_url = models.CharField(_("adresse"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("oprettet"), db_index=True)

    class Meta:
        verbose_name = _("indsendt formular")
        verbose_name_plural = _("indsendte formularer")

    def __str__(self) -> str:
        return f"{self.form} {self.token}"
