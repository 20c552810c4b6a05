from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "beredskab.cases"
    label = "cases"
    verbose_name = _("Børnesager")

    def ready(self):
        from beredskab.intake.hooks import on_report_received

        from .holds import hold_new_report

        on_report_received(hold_new_report)
