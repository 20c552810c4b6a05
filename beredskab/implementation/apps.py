"""The plan's implementation: revision reminders, dissemination, training and knowledge sharing."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    name = "beredskab.implementation"
    label = "implementation"
    verbose_name = _("Implementering af planen")

    def ready(self):
        from beredskab.core.navigation import adds_start_section

        from .start import start_section

        adds_start_section(start_section)
