"""Between the meetings: safety plans, the no-show rule, the travel and return watch and the concern radar."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "beredskab.safety"
    label = "safety"
    verbose_name = _("Sikkerhedsplaner")

    def ready(self):
        from beredskab.cases.hooks import adds_case_page_section, adds_queue_report_section, adds_screening_section
        from beredskab.cases.retention import erases_plain_fields

        from . import audit_actions  # noqa: F401 - registers the action names
        from .models import SafetyPlan
        from .policies import case_page_section
        from .selectors import radar_intake_summary, radar_summary

        adds_case_page_section(case_page_section)
        adds_screening_section(radar_summary)
        adds_queue_report_section(radar_intake_summary)
        # Which channels reach the person unseen and which of their documents are kept safe (a
        # residence permit, a passport) say something about them: erased with an adult case.
        erases_plain_fields(SafetyPlan, {"never_channels": [], "documents": []})
