"""Retention: reports without a case are anonymised, their attachments deleted; cases, their
reports and the audit log are never touched."""

import datetime
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from beredskab.audit.models import AuditEvent
from beredskab.cases.tests.factories import CHILD_CPR, cpr_for, make_report, open_case, report_input
from beredskab.intake import retention
from beredskab.intake.models import Attachment, Report
from beredskab.intake.services import report_submit


@pytest.fixture
def old_data(ishoj_plan, make_user):
    worker = make_user("child_caseworker", "straxen")
    files = [SimpleUploadedFile("bilag.pdf", b"%PDF-1.4 syntetisk", content_type="application/pdf")]
    # Another child with the same name (another birth date): a report that never became a case.
    # (One about the case's child would be held for its case, and kept with it.)
    other = report_input(subject_cpr=cpr_for(datetime.date(2012, 7, 2), "411"))
    lone, _ = report_submit(actor=None, token=uuid.uuid4(), data=other, files=files)
    case = open_case(worker)
    fresh = make_report()
    long_ago = timezone.now() - datetime.timedelta(days=800)
    Report.objects.filter(pk__in=[lone.pk, case.case_reports.get().report_id]).update(received_at=long_ago)
    return {"lone": lone, "case": case, "fresh": fresh}


def test_dry_run_lists_references_only(old_data):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert old_data["lone"].reference in text and "Reports to anonymise: 1" in text
    assert "Attachments to delete: 1" in text
    for secret in ("Amira", CHILD_CPR, "Testvej", "bilag.pdf"):
        assert secret not in text
    assert Report.objects.get(pk=old_data["lone"].pk).subject_name == "Amira Testesen"


def test_apply_anonymises_and_deletes_and_audits(old_data):
    attachment = Attachment.objects.get(report=old_data["lone"])
    call_command("apply_retention", stdout=io.StringIO())
    lone = Report.objects.get(pk=old_data["lone"].pk)
    assert lone.subject_name == lone.subject_cpr == lone.narrative == lone.reporter_name == ""
    assert lone.subject_cpr_index == "" and lone.subject_birth_date is None
    assert lone.reference and lone.receiving_unit_id and lone.received_at  # statistics stay
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    case_report = Report.objects.get(pk=old_data["case"].case_reports.get().report_id)
    assert case_report.subject_name == "Amira Testesen"  # children's case files are preserved
    assert Report.objects.get(pk=old_data["fresh"].pk).subject_name == "Amira Testesen"
    assert AuditEvent.objects.filter(action=retention.audit_actions.REPORT_ANONYMISED.name).count() == 1
    assert AuditEvent.objects.filter(action=retention.audit_actions.ATTACHMENT_DELETED.name).count() == 1
    # Running again changes nothing more.
    assert retention.apply_retention() == {"reports": 0, "attachments": 0}


def test_files_are_deleted_after_commit(old_data, django_capture_on_commit_callbacks):
    attachment = Attachment.objects.get(report=old_data["lone"])
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        retention.apply_retention()
    assert not storage.exists(name)


def test_audit_events_are_never_deleted(old_data):
    before = AuditEvent.objects.count()
    retention.apply_retention(now=timezone.now() + datetime.timedelta(days=3650))
    assert AuditEvent.objects.count() >= before


def test_settings_decide(old_data, settings):
    settings.RETENTION = {"rejected_reports_days": None, "attachments_days": None}
    assert retention.apply_retention() == {"reports": 0, "attachments": 0}
