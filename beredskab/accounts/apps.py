from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "beredskab.accounts"
    label = "accounts"
    verbose_name = _("Brugere og organisation")

    def ready(self) -> None:
        from . import signals  # noqa: F401
