"""Nothing leaks (issue 11, findings 1 to 3): lists honour restrictions, every detail of the child
can be restricted, free text is checked before a document leaves the system, the reporter is
withheld from the family by default, and a de-identified document is de-identified."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from beredskab.accounts.models import Unit
from beredskab.audit.models import AuditEvent
from beredskab.cases.disclosure import Disclosure, Recipient
from beredskab.cases.models import CaseReport, OutboundRelease
from beredskab.cases.outbound import (
    Passage,
    Secret,
    _address_secret,
    _contact_secret,
    _date_secret,
    _person_name_secret,
    find_leaks,
    redact,
    secrets_for,
)
from beredskab.cases.services import (
    case_share,
    case_subject_update,
    journal_entry_add,
    network_step_record,
    reporter_identity_release,
    restriction_add,
)

from .factories import CHILD_CPR, add_parent, approved_assessment, flagged_case, open_gate, refresh

pytestmark = pytest.mark.usefixtures("plan")

SECRET_ADDRESS = "Skjult Allé 7, 2635 Ishøj"
TODAY = datetime.date.today


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf", response.content[:300]
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def _restrict(worker, case, field, audience, item=None, **kwargs):
    return restriction_add(
        actor=worker,
        case=refresh(case),
        item=item or refresh(case),
        field_name=field,
        audience=audience,
        reason="Hensyn til barnets sikkerhed.",
        **kwargs,
    )


# --- finding 1: lists, and every detail of the child ---------------------------------------------


def test_lists_show_the_child_as_the_reader_may_see_them(client, worker, leader, other_worker):
    case = flagged_case(worker)
    case_share(actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde")
    for field in ("subject_name", "subject_birth_date"):
        _restrict(worker, case, field, "other_units")
    client.force_login(other_worker)
    page = client.get(reverse("cases:mine")).content.decode()
    assert case.reference in page
    assert "Amira" not in page and "150611" not in page and "Tilbageholdt" in page
    assert " år" not in page.split(case.reference, 1)[1].split("</tr>", 1)[0]  # the age tells the birth year
    client.force_login(worker)
    assert "Amira" in client.get(reverse("cases:mine")).content.decode()


def test_birth_date_and_cpr_can_be_restricted_on_their_own(client, worker, leader, other_worker):
    case = flagged_case(worker)
    case_share(actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde")
    _restrict(worker, case, "subject_cpr", "other_units")
    client.force_login(other_worker)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "150611-xxxx" not in page and "15. juni 2011" not in page  # the masked CPR shows the birth date
    client.force_login(worker)
    items = client.get(reverse("cases:restriction_add", args=[case.reference])).content.decode()
    for field in ("subject_name", "subject_cpr", "subject_birth_date", "subject_address"):
        assert f"case:{case.pk}:{field}" in items


# --- finding 2: free text, and the reporter ----------------------------------------------------------


@pytest.fixture
def aktindsigt(worker, leader):
    case = flagged_case(worker)
    mother = add_parent(case, worker, name="Leila Testesen")
    case_subject_update(actor=worker, case=case, name="Amira Testesen", address=SECRET_ADDRESS)
    _restrict(worker, case, "subject_address", "parents")
    case = open_gate(case, leader)
    journal_entry_add(
        actor=worker,
        case=case,
        kind="note",
        occurred_on=TODAY(),
        body="Pigen er flyttet til skjult  allé 7 (krisecenter). Skolen følger op.",
    )
    step = network_step_record(
        actor=worker, case=case, kind="file_access", people=[mother], occurred_on=TODAY(), summary="Aktindsigt."
    )
    return {"case": refresh(case), "mother": mother, "step": step}


def test_a_restricted_address_in_a_journal_note_blocks_the_aktindsigt_until_decided(client, worker, aktindsigt):
    case, mother, step = aktindsigt["case"], aktindsigt["mother"], aktindsigt["step"]
    url = reverse("cases:file_access_export", args=[case.reference, step.pk, mother.pk])
    client.force_login(worker)
    check = client.get(url)
    page = check.content.decode()
    assert check.status_code == 200 and check["Content-Type"].startswith("text/html")
    assert "Barnets adresse" in page and "Journalnotat nr. 1" in page
    assert "[tilbageholdt]" in page and "Skolen følger op." in page  # the preview as the mother would get it
    assert not AuditEvent.objects.filter(action="cases.file_access_exported").exists()

    text = pdf_text(client.post(url, {}))  # black it out (the default)
    assert "Skjult" not in text and "skjult" not in text and "[tilbageholdt]" in text
    assert "Skolen følger op." in text
    assert "Lærer Lis" not in text and "Demoskolen" not in text  # the reporter: withheld from the family


def test_releasing_a_value_needs_a_reason_and_is_recorded(client, worker, aktindsigt):
    case, mother, step = aktindsigt["case"], aktindsigt["mother"], aktindsigt["step"]
    url = reverse("cases:file_access_export", args=[case.reference, step.pk, mother.pk])
    client.force_login(worker)
    key = f"case:{case.pk}:subject_address"
    refused = client.post(url, {"release": [key], "reason": "fordi"})
    assert refused.status_code == 400 and 'id="id_reason_error"' in refused.content.decode()
    reason = "Moderen bor selv på krisecentret med pigen og kender adressen."
    text = pdf_text(client.post(url, {"release": [key], "reason": reason}))
    assert "skjult allé 7" in text.lower()
    release = OutboundRelease.objects.get()
    assert release.reason == reason and release.released == [{"key": key, "label": "Barnets adresse"}]
    event = AuditEvent.objects.get(action="cases.outbound_released")
    assert reason not in str(event.new_values) and "Skjult" not in str(event.new_values)


def test_the_reporter_can_be_released_to_the_family_by_a_decision_with_a_reason(client, worker, aktindsigt):
    case, mother, step = aktindsigt["case"], aktindsigt["mother"], aktindsigt["step"]
    case_report = CaseReport.objects.get(case=case)
    reporter_identity_release(
        actor=worker, case_report=case_report, reason="Læreren har selv sagt til forældrene, at hun har underrettet."
    )
    client.force_login(worker)
    url = reverse("cases:file_access_export", args=[case.reference, step.pk, mother.pk])
    text = pdf_text(client.post(url, {}))
    assert "Lærer Lis" in text
    assert AuditEvent.objects.filter(action="cases.reporter_released").exists()


# --- finding 3: de-identified means de-identified -----------------------------------------------------


def test_the_police_pdf_keeps_the_birth_date_out_under_a_whole_case_restriction(client, worker, worker2):
    case = flagged_case(worker)
    assessment = approved_assessment(case, worker, worker2)
    _restrict(worker, case, "", "external")
    client.force_login(worker)
    text = pdf_text(
        client.get(reverse("risk:export", args=[case.reference, assessment.version]), {"recipient": "police"})
    )
    assert "15. juni 2011" not in text and "2011" not in text and "Amira" not in text


def test_an_anonymised_pdf_blacks_out_names_written_in_its_free_text(client, worker, worker2):
    from beredskab.cases.risk.models import RiskAssessment

    case = flagged_case(worker)
    add_parent(case, worker, name="Karim Haddad", relation="father", possible_perpetrator=True)
    first = approved_assessment(case, worker, worker2)
    RiskAssessment.objects.filter(pk=first.pk).update(conclusion="Amira frygter Karim Haddad efter sommerferien.")
    client.force_login(worker)
    url = reverse("risk:export", args=[case.reference, first.version])
    params = "?recipient=security_consultant&anonymise=on"
    check = client.get(url + params)
    assert check.status_code == 200 and "Barnets navn" in check.content.decode()
    text = pdf_text(client.post(url + params, {}))
    assert "Amira" not in text and "Karim" not in text and "Haddad" not in text
    assert "frygter" in text and "[tilbageholdt]" in text


# --- every outbound document, every kind of restriction ------------------------------------------------


@pytest.mark.parametrize("audience", ["all_outside", "parents", "network", "person", "external", "reporter"])
def test_no_outbound_document_carries_a_restricted_value(client, worker, worker2, leader, audience):
    """Every outbound document type, rendered for each of its recipients under this kind of
    restriction on every detail of the child, with the secret address also planted in a
    journal note: no restricted value is in its text."""
    case = flagged_case(worker)
    mother = add_parent(case, worker, name="Leila Testesen")
    case_subject_update(actor=worker, case=case, name="Amira Testesen", address=SECRET_ADDRESS)
    extra = {"person": mother} if audience == "person" else {}
    for field in ("subject_name", "subject_cpr", "subject_birth_date", "subject_address"):
        _restrict(worker, case, field, audience, **extra)
    assessment = approved_assessment(refresh(case), worker, worker2)
    journal_entry_add(
        actor=worker, case=refresh(case), kind="note", occurred_on=TODAY(), body="Ny adresse: Skjult Allé 7, Ishøj."
    )
    step = network_step_record(
        actor=worker, case=refresh(case), kind="file_access", people=[mother], occurred_on=TODAY(), summary="Akt."
    )
    client.force_login(worker)
    case = refresh(case)
    case_report = CaseReport.objects.get(case=case)
    outputs = {
        "aktindsigt": client.post(reverse("cases:file_access_export", args=[case.reference, step.pk, mother.pk]), {}),
        "receipt letter": client.get(reverse("cases:receipt_letter", args=[case.reference, case_report.pk])),
    }
    for recipient in ("police", "security_consultant", "viso"):
        url = reverse("risk:export", args=[case.reference, assessment.version]) + f"?recipient={recipient}"
        outputs[f"risk pdf to {recipient}"] = client.post(url, {})
    who_may_not = {
        "all_outside": set(outputs),
        "parents": {"aktindsigt"},
        "network": {"aktindsigt"},
        "person": {"aktindsigt"},
        "external": {k for k in outputs if k.startswith("risk pdf")},
        "reporter": {"receipt letter"},
    }[audience]
    for name, response in outputs.items():
        text = pdf_text(response)
        if name not in who_may_not:
            continue
        lowered = text.lower()
        for value in ("skjult allé", "amira", CHILD_CPR, "150611", "15. juni 2011"):
            assert value.lower() not in lowered, (audience, name, value)


# --- the matching itself ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Flyttet til Skjult Allé 7.",
        "flyttet til SKJULT  ALLE 7",
        "flyttet til skjult\u200b allé nr. 7",
        "bor nu i 2635 Ishøj",
        "Ny adresse:\nSkjult Allé 7\n2635 Ishøj",
        "Telefon 12 34 56 78",
        "ring på +45 12-34-56-78",
    ],
)
def test_the_check_finds_restricted_values_however_they_are_written(worker, text):
    case = flagged_case(worker)
    mother = add_parent(case, worker, contact_details="Telefon 12345678")
    case_subject_update(actor=worker, case=case, name="Amira Testesen", address=SECRET_ADDRESS)
    _restrict(worker, case, "subject_address", "parents")
    _restrict(worker, case, "contact_details", "parents", item=mother)
    disclosure = Disclosure(refresh(case), Recipient.for_person(mother))
    secrets = secrets_for(refresh(case), disclosure, reporter_withheld=lambda cr: False)
    assert find_leaks([Passage("x", text)], secrets), text
    blacked = redact(text, secrets)
    assert "[tilbageholdt]" in blacked
    assert not re.search(r"skjult|12\D?34\D?56\D?78|2635", blacked, re.IGNORECASE), blacked


# --- finding 8: the citizen's access log follows the person -----------------------------------------


def test_the_access_log_includes_reads_from_before_the_cpr_number_was_known(client, worker, make_user):
    from beredskab.cases.services import case_add_report
    from beredskab.core.roles import Role

    from .factories import make_report, open_case

    case = open_case(worker, subject_cpr="", subject_name="Nour Andersen", subject_birth_date=datetime.date(2012, 3, 4))
    client.force_login(worker)
    for _n in range(3):
        client.get(reverse("cases:detail", args=[case.reference]))  # read as "cases.case:<pk>"
    report = make_report(subject_cpr="040312-4118", subject_name="Nour Andersen")
    case_add_report(actor=worker, case=refresh(case), report=report)
    client.get(reverse("cases:detail", args=[case.reference]))  # read as "cpr:<index>"

    auditor = make_user(Role.AUDITOR)
    client.force_login(auditor)
    by_cpr = client.post(reverse("audit:citizen_access"), {"cpr": "040312-4118", "output": "html"})
    assert by_cpr.context["log"].total >= 4
    by_name = client.post(
        reverse("audit:citizen_access"), {"name": "Nour Andersen", "birth_date": "2012-03-04", "output": "html"}
    )
    assert by_name.context["log"].total >= 4


def test_the_access_log_warns_when_the_person_has_a_flagged_case(client, worker, make_user):
    from beredskab.core.roles import Role

    flagged_case(worker)
    client.force_login(make_user(Role.AUDITOR))
    first = client.post(reverse("audit:citizen_access"), {"cpr": CHILD_CPR, "output": "pdf"})
    assert first["Content-Type"].startswith("text/html")  # shown first, not downloaded
    assert "Tænk dig om" in first.content.decode()
    second = client.post(reverse("audit:citizen_access"), {"cpr": CHILD_CPR, "output": "pdf", "warned": "1"})
    assert second["Content-Type"] == "application/pdf"


# --- spellings a person reads without effort (helper-8, fourth attack) --------------------------

_ADDRESS = _address_secret("a", "adresse", "Testvej 12, 2635 Ishøj")
_SKJULT = _address_secret("s", "adresse", "Skjult Allé 7, 2635 Ishøj")
_SHORT_NAME = _person_name_secret("n", "navn", "Li Wu")
_CONTACT = _contact_secret("c", "kontakt", "Tlf. 20 30 40 50\namira.t@mail.dk")
_CPR = Secret("cpr", "cpr", numbers=("1506114233",))
_BIRTH = _date_secret("b", "fødselsdato", datetime.date(2011, 6, 15))


@pytest.mark.parametrize(
    ("secret", "text"),
    [
        (_ADDRESS, "Hun bor på Test-vej 12."),
        (_ADDRESS, "Hun bor på Test vej 12."),
        (_SKJULT, "Hun bor på Skjսlt Allé 7."),  # Armenian "ս"
        (_SKJULT, "Hun bor på Skjuӏt Allé 7."),  # Cyrillic palochka
        (_SKJULT, "Hun bor på Allé 7 (Skjult)."),
        (_SKJULT, "Hun bor på Skjult-A. 7."),
        (_SHORT_NAME, "Pigen hedder Wu, Li."),
        (_CONTACT, "Ring på 20_30_40_50."),
        (_CONTACT, "Ring på 20,30,40,50."),
        (_CONTACT, "Ring på 2O 3O 4O 5O."),
        (_CONTACT, "Mail: amira.t (at) mail.dk"),
        (_CONTACT, "Mail: amira.t@mail"),
        (_CPR, "CPR 15O611-4233"),
        (_CPR, "CPR 150611_4233"),
        (_BIRTH, "født 15. jun. 2011"),
        (_BIRTH, "født juni 15, 2011"),
        (_BIRTH, "født 15. juni '11"),
        (_BIRTH, "born 15 June 2011"),
    ],
)
def test_the_matcher_finds_what_a_person_reads_whatever_the_spelling(secret, text):
    assert find_leaks([Passage("p", text)], [secret])
    assert "[tilbageholdt]" in redact(text, [secret])


@pytest.mark.parametrize(
    ("secret", "text"),
    [
        (_SKJULT, "Vi mødtes i Ishøj ved en allé."),
        (_ADDRESS, "Der er test på vejen i uge 12."),
        (_CPR, "Sagen har 15 bilag og 0611 4233 kr."),
        (_BIRTH, "Mødet var 15. juni 2012."),
    ],
)
def test_the_matcher_leaves_ordinary_text_alone(secret, text):
    assert not find_leaks([Passage("p", text)], [secret])
