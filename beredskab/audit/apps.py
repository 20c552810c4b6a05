from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "beredskab.audit"
    label = "audit"
    verbose_name = _("Revisionslog")

    def ready(self) -> None:
        # Every app names its audit actions in an `audit_actions` module.
        autodiscover_modules("audit_actions")
