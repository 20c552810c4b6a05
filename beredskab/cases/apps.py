from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "beredskab.cases"
    label = "cases"
    verbose_name = _("Børnesager")

    def ready(self):
        from django.db.models.signals import post_migrate

        from beredskab.audit.people import register_person_resolver
        from beredskab.intake.hooks import hides_reports, keeps_reports, on_report_received, takes_reports

        from .holds import hold_new_report
        from .matching import person_references
        from .policies import reports_held_for_a_case, reports_hidden_from, reports_in_a_case

        on_report_received(hold_new_report)
        takes_reports(reports_in_a_case)
        keeps_reports(reports_held_for_a_case)
        hides_reports(reports_hidden_from)
        register_person_resolver(person_references)
        post_migrate.connect(_hold_waiting_reports, sender=self, dispatch_uid="cases_hold_waiting_reports")


def _hold_waiting_reports(sender, **kwargs):
    """After an upgrade: reports already waiting about a child with a protected or flagged case
    are held for it (migration 0005 closed every gate; the holds follow)."""
    from django.db import transaction

    from .holds import hold_waiting_reports

    with transaction.atomic():
        hold_waiting_reports()
