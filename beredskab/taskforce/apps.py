from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforceConfig(AppConfig):
    name = "beredskab.taskforce"
    label = "taskforce"
    verbose_name = _("Taskforce for voksne")

    def ready(self):
        from beredskab.cases.hooks import owns_moved_case, suggests_owner
        from beredskab.intake.hooks import on_report_received

        from .assignment import assign_new_report, owner_for_moved_case, owner_for_new_case

        on_report_received(assign_new_report)
        suggests_owner(owner_for_new_case)
        owns_moved_case(owner_for_moved_case)
