from django.tasks import task

from beredskab.core.jobs import JobRun

from .models import Report
from .notifications import report_notify_unit


@task()
def notify_unit_of_report(report_id: int) -> None:
    """A failure is logged by the report's id and class only (JobFailed), never the message."""
    run = JobRun("notify_unit_of_report")
    with run.item("report", report_id):
        report = Report.objects.select_related("receiving_unit").get(pk=report_id)
        report_notify_unit(report=report)
    run.finish()
