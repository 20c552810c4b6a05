from django.tasks import task

from .models import Report
from .notifications import report_notify_unit


@task()
def notify_unit_of_report(report_id: int) -> None:
    report = Report.objects.select_related("receiving_unit").get(pk=report_id)
    report_notify_unit(report=report)
