import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from beredskab.intake.forms import ReportForm

SIGNS = [("Børn og unge under 18 år", [("sign-1", "Meget fravær"), ("sign-2", "Isolation")])]


def _data(**overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "reporter_kind": "professional",
        "reporter_name": "Lærer Lis",
        "reporter_organisation": "Demoskolen",
        "reporter_role": "Lærer",
        "reporter_phone": "12345678",
        "subject_name": "Barn Bo",
        "subject_knows": "unknown",
        "family_knows": "no",
        "is_acute": "no",
        "narrative": "Bo fortæller, at han ikke må gå til fodbold.",
    }
    data.update(overrides)
    return data


def _form(data, files=None):
    return ReportForm(data, files or {}, sign_choices=SIGNS)


def test_a_complete_professional_report_is_valid_and_becomes_service_input():
    form = _form(_data(observed_signs=["sign-1"], subject_cpr="150611-4233"))
    assert form.is_valid(), form.errors
    data = form.to_input()
    assert data.observed_signs == [{"id": "sign-1", "group": "Børn og unge under 18 år", "text": "Meget fravær"}]
    assert data.subject_cpr == "150611-4233"
    assert data.is_acute is False


def test_professionals_cannot_report_anonymously():
    form = _form(_data(reporter_anonymous="on"))
    assert not form.is_valid()
    assert "anonymt" in form.errors["reporter_anonymous"][0]


def test_a_private_person_may_be_anonymous_and_their_details_are_dropped():
    form = _form(_data(reporter_kind="private", reporter_anonymous="on", reporter_organisation="", reporter_role=""))
    assert form.is_valid(), form.errors
    data = form.to_input()
    assert data.reporter_anonymous and data.reporter_name == "" and data.reporter_phone == ""


def test_a_named_private_person_needs_a_way_to_get_the_receipt():
    form = _form(_data(reporter_kind="private", reporter_phone="", reporter_email=""))
    assert not form.is_valid()
    assert "kvittering" in form.errors["reporter_phone"][0]


def test_the_person_must_be_identifiable_somehow():
    form = _form(_data(subject_name=""))
    assert not form.is_valid()
    assert "Skriv mindst navn" in form.errors["subject_name"][0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subject_cpr", "320101-1234", "gyldig fødselsdato"),
        ("subject_cpr", "12345", "10 cifre"),
        ("subject_birth_date", "31-02-2015", "dd-mm-åååå"),
        ("subject_birth_date", "01-01-2999", "fremtiden"),
        ("subject_postcode", "26350", "4 cifre"),
        ("subject_approximate_age", "-3", ""),
        ("reporter_email", "ikke-en-mail", ""),
    ],
)
def test_bad_input_gets_a_danish_message_next_to_the_field(field, value, message):
    form = _form(_data(**{field: value}))
    assert not form.is_valid()
    assert field in form.errors
    assert message in form.errors[field][0]


def test_cpr_that_fails_modulus_11_is_accepted_with_a_warning():
    form = _form(_data(subject_cpr="010111-4000"))
    assert form.is_valid(), form.errors
    assert any("modulus 11" in warning for warning in form.warnings)


def test_birth_date_must_match_the_cpr_number():
    form = _form(_data(subject_cpr="150611-4233", subject_birth_date="16-06-2011"))
    assert not form.is_valid()
    assert "passer ikke" in form.errors["subject_birth_date"][0]


def test_control_characters_are_removed_consistently():
    form = _form(_data(narrative="Linje 1\x00\x07\nLinje 2\tfaneblad\x1b", subject_name="Bo\x00"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["narrative"] == "Linje 1\nLinje 2\tfaneblad"
    assert form.cleaned_data["subject_name"] == "Bo"


def test_only_known_signs_can_be_ticked():
    form = _form(_data(observed_signs=["sign-99"]))
    assert not form.is_valid()
    assert "observed_signs" in form.errors


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("notat.pdf", b"%PDF-1.7 ...", True),
        ("billede.png", b"\x89PNG\r\n\x1a\n....", True),
        ("brev.docx", b"PK\x03\x04....", False),  # a real .docx is an OOXML package (test_uploads.py)
        ("virus.exe", b"MZ....", False),
        ("falsk.pdf", b"MZ....", False),
    ],
)
def test_attachment_types_are_checked_by_extension_and_content(name, content, ok):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    form = _form(_data(), {"attachments": [upload]})
    assert form.is_valid() is ok, form.errors


def test_attachments_over_the_size_limit_are_refused(settings):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 10
    upload = SimpleUploadedFile("stor.pdf", b"%PDF" + b"x" * 20)
    form = _form(_data(), {"attachments": [upload]})
    assert not form.is_valid()
    assert "10 MB" in form.errors["attachments"][0]


def test_too_many_attachments_are_refused(settings):
    settings.INTAKE_MAX_ATTACHMENTS = 1
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1") for i in range(2)]
    form = _form(_data(), {"attachments": files})
    assert not form.is_valid()


def test_a_new_form_carries_a_fresh_submission_token():
    first, second = ReportForm(sign_choices=SIGNS), ReportForm(sign_choices=SIGNS)
    assert first.initial["submission_token"] != second.initial["submission_token"]
