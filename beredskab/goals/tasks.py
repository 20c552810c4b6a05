from django.tasks import task

from .services import export_run


@task()
def make_export(job_id: str) -> str:
    """A file asked for on the goals dashboard (`beredskab.goals.services.export_request`),
    made in the background; its status is on the job for the requester's page."""
    return export_run(job_id=job_id)
