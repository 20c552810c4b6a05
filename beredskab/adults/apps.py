from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdultsConfig(AppConfig):
    name = "beredskab.adults"
    label = "adults"
    verbose_name = _("Voksne (serviceloven)")

    def ready(self):
        from beredskab.cases.hooks import adds_case_page_section
        from beredskab.cases.retention import erases_plain_fields

        from . import audit_actions  # noqa: F401 - registers the action names
        from .models import ActionPlan, Counselling
        from .policies import case_page_section

        adds_case_page_section(case_page_section)
        # Erased with an adult case after the retention period (beredskab.cases.retention).
        erases_plain_fields(Counselling, {"interpreter_language": ""})
        erases_plain_fields(ActionPlan, {"support_options": []})
