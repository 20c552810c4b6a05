from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "beredskab.core"
    label = "core"
    verbose_name = _("Fælles")

    def ready(self) -> None:
        autodiscover_modules("navigation")


class BeredskabAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site as the default one (beredskab.core.admin_site)."""

    default = False  # named in INSTALLED_APPS; CoreConfig stays this module's default
    default_site = "beredskab.core.admin_site.BeredskabAdminSite"
