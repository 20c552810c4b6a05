import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from beredskab.audit.models import AuditEvent
from beredskab.core.crypto import person_ref_for_cpr
from beredskab.intake.models import AgeSource, Channel, Report
from beredskab.intake.notifications import notification_text
from beredskab.intake.services import ReportInput, report_submit

CPH = ZoneInfo("Europe/Copenhagen")
TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=CPH)


def _input(**overrides) -> ReportInput:
    values = {
        "reporter_kind": "professional",
        "reporter_name": "Lærer Lis",
        "reporter_organisation": "Demoskolen",
        "reporter_role": "Lærer",
        "reporter_phone": "12345678",
        "subject_name": "Amira Testesen",
        "subject_cpr": "150611-4233",
        "subject_address": "Testvej 1",
        "narrative": "Hun må ikke deltage i lejrskolen og bliver hentet af sin bror.",
        "observed_signs": [{"id": "sign-1", "group": "Børn og unge under 18 år", "text": "Meget fravær"}],
    }
    values.update(overrides)
    return ReportInput(**values)


@time_machine.travel(TUESDAY_10, tick=False)
def test_a_report_about_a_child_is_routed_to_the_childrens_unit_and_audited(ishoj_plan, org):
    report, created = report_submit(actor=None, token=uuid.uuid4(), data=_input())

    assert created
    assert report.reference == "UND-2026-00001"
    assert report.receiving_unit.code == "straxen"
    assert report.subject_age == 15 and report.subject_age_source == AgeSource.CPR
    assert report.routing_reason
    assert report.plan == ishoj_plan
    assert report.subject_cpr_index and report.person_ref == person_ref_for_cpr("1506114233")
    event = AuditEvent.objects.get(action="intake.report_submitted")
    assert event.target_id == str(report.pk) and event.person_ref == report.person_ref
    assert event.purpose == "submission"
    assert "Amira" not in str(event.new_values)


@time_machine.travel(TUESDAY_10, tick=False)
def test_sensitive_fields_are_encrypted_in_the_database(ishoj_plan, org):
    from django.db import connection

    report, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input())
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject_name, subject_cpr, narrative FROM intake_report WHERE id = %s", [report.pk])
        stored = " ".join(cursor.fetchone())
    assert "Amira" not in stored and "150611" not in stored and "lejrskolen" not in stored
    assert Report.objects.get(pk=report.pk).subject_name == "Amira Testesen"


@time_machine.travel(TUESDAY_10, tick=False)
def test_an_adult_goes_to_the_adult_unit_and_unknown_age_to_the_childrens_unit(ishoj_plan, org):
    adult, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input(subject_cpr="", subject_approximate_age=30))
    unknown, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input(subject_cpr=""))
    assert adult.receiving_unit.code == "taskforce-voksne"
    assert adult.subject_age_source == AgeSource.APPROXIMATE
    assert unknown.receiving_unit.code == "straxen"
    assert unknown.subject_age is None and unknown.subject_age_source == AgeSource.UNKNOWN


@time_machine.travel(TUESDAY_10, tick=False)
def test_the_same_token_with_the_same_report_gives_the_same_report(ishoj_plan, org):
    token = uuid.uuid4()
    first, created_first = report_submit(actor=None, token=token, data=_input())
    second, created_second = report_submit(actor=None, token=token, data=_input())
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Report.objects.count() == 1
    assert AuditEvent.objects.filter(action="intake.report_submitted").count() == 1


@time_machine.travel(TUESDAY_10, tick=False)
def test_the_same_token_with_another_report_is_never_swallowed(ishoj_plan, org):
    """An edit after "back", or a second child sent from the same page: a report of its own."""
    token = uuid.uuid4()
    first, _ = report_submit(actor=None, token=token, data=_input())
    second, created = report_submit(actor=None, token=token, data=_input(narrative="ændret"))
    assert created and first.pk != second.pk and second.narrative == "ændret"
    assert AuditEvent.objects.filter(action="intake.report_submitted").count() == 2


@time_machine.travel(TUESDAY_10, tick=False)
def test_anonymous_private_report_stores_no_reporter_identity(ishoj_plan, org):
    report, _ = report_submit(
        actor=None,
        token=uuid.uuid4(),
        data=_input(reporter_kind="private", reporter_anonymous=True, reporter_name="", reporter_phone=""),
    )
    assert report.reporter_anonymous and report.reporter_name == "" and report.reporter_phone == ""


@time_machine.travel(TUESDAY_10, tick=False)
def test_attachments_are_stored_under_a_random_name_with_a_checksum(ishoj_plan, org):
    upload = SimpleUploadedFile("Amira Testesen - skolerapport.pdf", b"%PDF-1.7 test", content_type="application/pdf")
    report, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input(), files=[upload])
    attachment = report.attachments.get()
    assert "Amira" not in attachment.file.name
    assert attachment.original_name == "Amira Testesen - skolerapport.pdf"
    assert len(attachment.sha256) == 64 and attachment.size == len(b"%PDF-1.7 test")
    with attachment.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.7 test"


@time_machine.travel(TUESDAY_10, tick=False)
def test_staff_channel_records_who_registered_it(ishoj_plan, make_user):
    worker = make_user("child_caseworker", "straxen")
    report, _ = report_submit(actor=worker, token=uuid.uuid4(), data=_input(), channel=Channel.STAFF)
    assert report.registered_by == worker and report.channel == Channel.STAFF


@time_machine.travel(TUESDAY_10, tick=False)
def test_reference_numbers_count_up_per_year(ishoj_plan, org):
    refs = [report_submit(actor=None, token=uuid.uuid4(), data=_input())[0].reference for _ in range(3)]
    assert refs == ["UND-2026-00001", "UND-2026-00002", "UND-2026-00003"]


@time_machine.travel(TUESDAY_10, tick=False)
def test_the_unit_is_notified_without_personal_data(ishoj_plan, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input(is_acute=True))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["straxen@demo.example"]
    assert report.reference in message.subject and "AKUT" in message.subject
    text = message.subject + message.body
    for secret in ("Amira", "Testesen", "150611", "4233", "Testvej", "lejrskolen", "Lærer Lis"):
        assert secret not in text
    assert AuditEvent.objects.filter(action="intake.notification_sent", target_id=str(report.pk)).exists()


@time_machine.travel(TUESDAY_10, tick=False)
def test_notification_text_is_danish_even_when_english_is_active(ishoj_plan, org):
    from django.utils import translation

    report, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input())
    with translation.override("en"):
        subject, body = notification_text(report)
    assert subject.startswith("Ny underretning")
    assert "personoplysninger" in body


@pytest.mark.django_db
def test_without_a_plan_in_force_the_service_refuses_and_saves_nothing(org):
    from beredskab.intake.services import IntakeUnavailable

    with pytest.raises(IntakeUnavailable):
        report_submit(actor=None, token=uuid.uuid4(), data=_input())
    assert Report.objects.count() == 0


@time_machine.travel(TUESDAY_10, tick=False)
def test_attachments_are_encrypted_on_disk_and_follow_key_rotation(ishoj_plan, org, settings):
    """Issue 11, finding 5: the file on disk holds no readable content; it opens with the keys,
    and rotation re-encrypts it so the old key can be removed."""
    from beredskab.core import crypto
    from beredskab.encryption.services import encryption_keys_check, encryption_keys_rotate

    old, new = crypto.generate_key(), crypto.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    content = b"%PDF-1.7 Amira Testesen bor paa Skjult Alle 7"
    upload = SimpleUploadedFile("rapport.pdf", content, content_type="application/pdf")
    report, _ = report_submit(actor=None, token=uuid.uuid4(), data=_input(), files=[upload])
    attachment = report.attachments.get()
    with open(attachment.file.path, "rb") as raw:
        stored = raw.read()
    assert b"Amira" not in stored and b"PDF" not in stored
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert encryption_keys_rotate().by_model["intake.attachment.file"].older == 1
    settings.FIELD_ENCRYPTION_KEYS = [new]
    with attachment.file.open("rb") as handle:
        assert handle.read() == content
    assert encryption_keys_check().report.by_model["intake.attachment.file"].primary == 1
