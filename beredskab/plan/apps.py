from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "beredskab.plan"
    label = "plan"
    verbose_name = _("Beredskabsplan")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401 - registers the plan's audit actions
