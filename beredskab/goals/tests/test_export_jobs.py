"""Files made in the background: ordered on the dashboard, a visible status (queued, running,
ready with a download link, failed with a message), for the requester only, kept for a limited
time, audited when ordered, made and fetched."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from beredskab.audit.models import AuditEvent
from beredskab.goals import services
from beredskab.goals.models import ExportJob, ExportStatus

from . import world

QUERY = {"fra": "2026-01-01", "til": "2026-06-30"}


def _order(client, user, fil, capture, **extra):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(reverse("goals:export_order"), {**QUERY, "fil": fil, **extra})
    assert response.status_code == 302, response.content[:500]
    return response


def test_a_leader_orders_the_xlsx_sees_it_ready_and_downloads_it(client, data, django_capture_on_commit_callbacks):
    response = _order(client, data["leader"], "xlsx", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("goals:export_status", args=[job.pk])
    assert job.status == ExportStatus.READY and job.filename == "maalopfoelgning-2026-01-01-2026-06-30.xlsx"
    page = client.get(response["Location"]).content.decode()
    download = reverse("goals:export_download", args=[job.pk])
    assert "Klar" in page and download in page and "hx-trigger" not in page
    assert download in client.get(reverse("goals:dashboard"), QUERY).content.decode()  # "Dine filer"
    file = client.get(download)
    assert file.status_code == 200 and "maalopfoelgning-2026-01-01-2026-06-30.xlsx" in file["Content-Disposition"]
    assert "Lovkravsbarometer" in load_workbook(io.BytesIO(file.content)).sheetnames
    actions = list(AuditEvent.objects.filter(actor_id=data["leader"].pk).values_list("action", flat=True))
    for action in ("goals.export_requested", "goals.exported", "goals.export_downloaded"):
        assert action in actions


def test_only_the_requester_sees_or_downloads_the_file(client, data, make_user, django_capture_on_commit_callbacks):
    _order(client, data["leader"], "csv", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    for other in (data["coordinator"], make_user("unit_leader", "straxen")):
        client.force_login(other)
        assert client.get(reverse("goals:export_status", args=[job.pk])).status_code == 404
        assert client.get(reverse("goals:export_download", args=[job.pk])).status_code == 404
        assert str(job.pk) not in client.get(reverse("goals:dashboard"), QUERY).content.decode()
    client.force_login(data["worker"])  # no access to the dashboard at all
    assert client.get(reverse("goals:export_download", args=[job.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action="goals.export_downloaded").exists()


def test_a_waiting_file_shows_its_status_and_asks_again(client, data):
    """Without running the queue: the page says it is waiting and polls (htmx) for the change."""
    client.force_login(data["coordinator"])
    response = client.post(reverse("goals:export_order"), {**QUERY, "fil": "csv"})
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert "I kø" in page and 'hx-trigger="every 3s"' in page
    assert reverse("goals:export_download", args=[job.pk]) not in page
    assert client.get(reverse("goals:export_download", args=[job.pk])).status_code == 404  # not ready
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith("<div") and "<html" not in partial
    assert AuditEvent.objects.filter(action="goals.export_requested", actor_id=data["coordinator"].pk).exists()


def test_a_double_click_orders_one_file(client, data):
    client.force_login(data["coordinator"])
    first = client.post(reverse("goals:export_order"), {**QUERY, "fil": "xlsx"})
    second = client.post(reverse("goals:export_order"), {**QUERY, "fil": "xlsx"})
    assert first["Location"] == second["Location"] and ExportJob.objects.count() == 1
    client.post(reverse("goals:export_order"), {**QUERY, "fil": "csv"})
    assert ExportJob.objects.count() == 2


def test_a_failed_file_says_so_with_a_message(client, data):
    """The requester lost access between ordering and the file being made: the job fails, the
    page says why, and the log names only the job and the error's class."""
    client.force_login(data["leader"])
    response = client.post(reverse("goals:export_order"), {**QUERY, "fil": "xlsx"})
    job = ExportJob.objects.get()
    type(data["leader"]).objects.filter(pk=data["leader"].pk).update(is_active=False)
    assert services.export_run(job_id=job.pk) == ExportStatus.FAILED
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.content is None
    assert job.message == "Du har ikke længere adgang til disse tal."
    type(data["leader"]).objects.filter(pk=data["leader"].pk).update(is_active=True)
    page = client.get(response["Location"]).content.decode()
    assert "Fejlet" in page and "Du har ikke længere adgang til disse tal." in page


def test_an_expired_file_is_neither_shown_nor_handed_out_and_is_deleted(
    client, data, time_machine, django_capture_on_commit_callbacks
):
    _order(client, data["leader"], "csv", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    time_machine.move_to(world.NOW + datetime.timedelta(hours=25), tick=False)
    client.force_login(data["leader"])  # the session has timed out meanwhile
    assert client.get(reverse("goals:export_download", args=[job.pk])).status_code == 404
    assert client.get(reverse("goals:export_status", args=[job.pk])).status_code == 404
    client.post(reverse("goals:export_order"), {**QUERY, "fil": "xlsx"})
    assert not ExportJob.objects.filter(pk=job.pk).exists()


def test_the_council_report_and_the_danmarks_statistik_file_in_the_background(
    client, data, django_capture_on_commit_callbacks
):
    _order(client, data["coordinator"], "council", django_capture_on_commit_callbacks, aar="2026")
    council = ExportJob.objects.get(kind="council")
    assert council.status == ExportStatus.READY and bytes(council.content).startswith(b"%PDF")
    assert client.post(reverse("goals:export_order"), {**QUERY, "fil": "statistics"}).status_code == 403
    _order(client, data["leader"], "statistics", django_capture_on_commit_callbacks)
    dst = ExportJob.objects.get(kind="statistics")
    assert dst.status == ExportStatus.READY and bytes(dst.content).startswith(b"modtaget_dato;")
    assert AuditEvent.objects.filter(action="goals.statistics_exported", actor_id=data["leader"].pk).exists()


def test_bad_orders_are_refused_without_a_500(client, data):
    client.force_login(data["leader"])
    assert client.post(reverse("goals:export_order"), {**QUERY, "fil": "exe"}).status_code == 404
    assert client.post(reverse("goals:export_order"), {"fil": "council", "aar": "x"}).status_code == 404
    assert client.post(reverse("goals:export_order"), {"fil": "council", "aar": "1999"}).status_code == 404
    bad = client.post(reverse("goals:export_order"), {"fra": "2026-06-30", "til": "2026-01-01", "fil": "csv"})
    assert bad.status_code == 400 and "form-error-message" in bad.content.decode()
    assert client.get(reverse("goals:export_order")).status_code == 405
    assert not ExportJob.objects.exists()


def test_a_file_whose_worker_died_does_not_say_it_is_being_made_forever(client, data, time_machine):
    """The worker was killed while making the file: the job stays "running" and the page polled
    every 3 seconds for good, and the same order within a minute got the dead job again. After
    GOALS_EXPORT_STALL_MINUTES the job is failed with a message to order it again, the page
    stops asking, a new order makes a new file, and a late run of the old task makes nothing."""
    time_machine.move_to(world.NOW, tick=False)
    client.force_login(data["coordinator"])
    response = client.post(reverse("goals:export_order"), {**QUERY, "fil": "csv"})
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)  # claimed, then killed
    assert 'hx-trigger="every 3s"' in client.get(response["Location"]).content.decode()
    time_machine.move_to(world.NOW + datetime.timedelta(minutes=31), tick=False)
    client.force_login(data["coordinator"])
    page = client.get(response["Location"]).content.decode()
    assert "hx-trigger" not in page and "Laves nu" not in page
    assert "Fejlet" in page and "Filen blev ikke færdig. Bestil den igen." in page
    listing = client.get(reverse("goals:dashboard"), QUERY).content.decode()
    assert "Laves nu" not in listing and "Fejlet" in listing
    again = client.post(reverse("goals:export_order"), {**QUERY, "fil": "csv"})
    assert again["Location"] != response["Location"] and ExportJob.objects.count() == 2
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.message == "Filen blev ikke færdig. Bestil den igen."


def test_a_file_left_waiting_too_long_in_the_queue_is_not_made_late(data, time_machine):
    time_machine.move_to(world.NOW, tick=False)
    job = services.export_request(actor=data["coordinator"], kind="csv", filters=world_filters())
    time_machine.move_to(world.NOW + datetime.timedelta(minutes=31), tick=False)
    assert services.export_run(job_id=job.pk) == "skipped"
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.content is None


def world_filters():
    from beredskab.goals.scope import Filters

    return Filters(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def test_a_leader_no_longer_leading_the_unit_cannot_fetch_its_danmarks_statistik_file(
    client, data, make_user, django_capture_on_commit_callbacks
):
    """The file for Danmarks Statistik is one row per report of the units the leader leads. A
    leader who is also the plan's coordinator orders it, then stops leading the unit: the
    coordinator still sees the dashboard, but the rows of a unit they no longer lead are not
    theirs to fetch any more (checked again at the download, in the service)."""
    from beredskab.accounts.models import RoleAssignment
    from beredskab.accounts.services import role_assign, role_revoke

    both = make_user("unit_leader", "straxen")
    role_assign(actor=None, user=both, role="plan_coordinator")
    _order(client, both, "statistics", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get(kind="statistics")
    assert job.status == ExportStatus.READY
    role_revoke(actor=None, assignment=RoleAssignment.objects.get(user=both, role="unit_leader"))
    client.force_login(both)
    assert client.get(reverse("goals:export_download", args=[job.pk])).status_code in (403, 404)
    assert not AuditEvent.objects.filter(action="goals.export_downloaded").exists()
