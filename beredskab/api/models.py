"""API tokens: one per integration (the website's report form, the ESDH system, the data
warehouse), created by an administrator.

A token belongs to an account of its own (`user`): the API acts as that account, with its own
role rows, so the same policies that decide for a person decide for the system (need-to-know,
protected cases, the adults taskforce). Never a superuser. Only a hash of the secret is stored;
the secret is shown once, when the token is created. A token carries scopes (what it may be
used for), expires, and can be revoked.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    SUBMIT_REPORTS = "submit-reports", _("Indsende underretninger")
    READ_PLAN = "read-plan", _("Læse planen")
    READ_CASES = "read-cases", _("Læse underretninger og sager (efter kontoens roller)")
    WRITE_CASES = "write-cases", _("Registrere skridt i sager (efter kontoens roller)")
    READ_STATISTICS = "read-statistics", _("Læse statistik")


class ApiToken(models.Model):
    name = models.CharField(_("navn"), max_length=100, help_text=_("Hvilken integration, fx Kommunens hjemmeside."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("konto"),
        help_text=_("Integrationens egen konto: nøglen har netop kontoens roller, aldrig mere."),
    )
    # The first characters of the secret, to find the row; the rest is only kept as a hash.
    prefix = models.CharField(max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.JSONField(_("tilladelser"), default=list)
    created_at = models.DateTimeField(_("oprettet"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("oprettet af")
    )
    expires_at = models.DateTimeField(_("udløber"))
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tilbagekaldt af"),
    )
    last_used_at = models.DateTimeField(_("sidst brugt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøgle")
        verbose_name_plural = _("API-nøgler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
