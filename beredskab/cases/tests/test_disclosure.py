"""Disclosure restrictions ("not to be disclosed to X, because ...") are honoured by every page,
PDF and export, through one helper."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from beredskab.accounts.models import Unit
from beredskab.audit.models import AuditEvent
from beredskab.cases.disclosure import Disclosure, Recipient, restriction_blocks
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Audience, CaseReport, DisclosureRestriction
from beredskab.cases.services import (
    case_share,
    case_subject_update,
    journal_entry_add,
    network_step_record,
    restriction_add,
    restriction_lift,
)

from .factories import CHILD_CPR, add_parent, approved_assessment, flagged_case, open_case, refresh

pytestmark = pytest.mark.usefixtures("plan")

NEW_ADDRESS = "Skjult Allé 7, 2635 Ishøj"


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


class _Person:
    def __init__(self, pk, relation="mother", perpetrator=False):
        from beredskab.cases.models import PARENT_RELATIONS

        self.pk = pk
        self.is_parent = relation in PARENT_RELATIONS
        self.possible_perpetrator = perpetrator


class _Restriction:
    def __init__(self, audience, person_id=None):
        self.audience = audience
        self.person_id = person_id
        self.lifted_at = None


MOTHER = _Person(1, "mother")
UNCLE = _Person(2, "uncle_aunt", perpetrator=True)


@pytest.mark.parametrize(
    ("audience", "person_id", "recipient", "blocked"),
    [
        (Audience.PARENTS, None, Recipient.for_person(MOTHER), True),
        (Audience.PARENTS, None, Recipient.for_person(UNCLE), False),
        (Audience.NETWORK, None, Recipient.for_person(UNCLE), True),
        (Audience.PERSON, 2, Recipient.for_person(UNCLE), True),
        (Audience.PERSON, 2, Recipient.for_person(MOTHER), False),
        (Audience.POSSIBLE_PERPETRATORS, None, Recipient.for_person(UNCLE), True),
        (Audience.POSSIBLE_PERPETRATORS, None, Recipient.for_person(MOTHER), False),
        (Audience.REPORTER, None, Recipient.reporter(), True),
        (Audience.REPORTER, None, Recipient.for_person(MOTHER), False),
        (Audience.EXTERNAL_PARTNERS, None, Recipient.external_partner(), True),
        (Audience.EXTERNAL_PARTNERS, None, Recipient.shared_unit(), False),
        (Audience.OTHER_UNITS, None, Recipient.shared_unit(), True),
        (Audience.ALL_OUTSIDE, None, Recipient.shared_unit(), True),
        (Audience.ALL_OUTSIDE, None, Recipient.reporter(), True),
        (Audience.ALL_OUTSIDE, None, Recipient.case_team(), False),
        (Audience.PARENTS, None, Recipient.case_team(), False),
        ("unknown-audience", None, Recipient.reporter(), True),  # fail closed
    ],
)
def test_who_a_restriction_withholds_from(audience, person_id, recipient, blocked):
    assert restriction_blocks(_Restriction(audience, person_id), recipient) is blocked


def test_a_lifted_restriction_withholds_nothing():
    restriction = _Restriction(Audience.ALL_OUTSIDE)
    restriction.lifted_at = datetime.datetime.now(datetime.UTC)
    assert not restriction_blocks(restriction, Recipient.reporter())


def test_whole_item_restrictions_cover_every_field(worker):
    case = open_case(worker)
    report_link = CaseReport.objects.get(case=case)
    restriction_add(actor=worker, case=case, item=report_link, field_name="", audience="parents", reason="Sikkerhed")
    mother = add_parent(case, worker)
    disclosure = Disclosure(refresh(case), Recipient.for_person(mother))
    assert not disclosure.may_show(report_link)
    assert not disclosure.may_show(report_link, "reporter")
    assert disclosure.may_show(case, "subject_address")


# --- the service -------------------------------------------------------------------------


def test_restrictions_are_audited_and_need_a_reason_and_an_item_of_the_case(worker, worker2):
    case = open_case(worker)
    other = open_case(worker2, subject_cpr="010110-4236", subject_name="Anden")
    with pytest.raises(CaseError, match="begrundelsen"):
        restriction_add(
            actor=worker, case=case, item=case, field_name="subject_address", audience="parents", reason=" "
        )
    with pytest.raises(CaseError, match="hører ikke"):
        restriction_add(
            actor=worker, case=case, item=other, field_name="subject_address", audience="parents", reason="x"
        )
    with pytest.raises(CaseError, match="personen"):
        restriction_add(actor=worker, case=case, item=case, field_name="subject_address", audience="person", reason="x")
    restriction = restriction_add(
        actor=worker, case=case, item=case, field_name="subject_address", audience="parents", reason="Ny adresse"
    )
    event = AuditEvent.objects.get(action="cases.restriction_added")
    assert event.new_values["audience"] == "parents" and "Ny adresse" not in str(event.new_values)
    with pytest.raises(CaseError, match="leder"):
        restriction_lift(actor=worker2, restriction=restriction)
    restriction_lift(actor=worker, restriction=restriction)
    assert refresh(restriction).lifted_at is not None


# --- pages -------------------------------------------------------------------------------


def test_the_case_team_sees_restricted_items_with_the_mark_and_reason(client, worker):
    case = open_case(worker)
    case_subject_update(actor=worker, case=case, name="Amira Testesen", address=NEW_ADDRESS)
    restriction_add(
        actor=worker,
        case=case,
        item=case,
        field_name="subject_address",
        audience="parents",
        reason="Flyttet i sikkerhed",
    )
    client.force_login(worker)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert NEW_ADDRESS in page
    assert "Må ikke videregives til" in page and "Flyttet i sikkerhed" in page


def test_a_shared_unit_does_not_see_items_restricted_to_other_units(client, worker, leader, other_worker):
    case = open_case(worker)
    entry = journal_entry_add(
        actor=worker, case=case, kind="child_conversation", occurred_on=datetime.date.today(), body="Hun fortalte om X."
    )
    journal_entry_add(
        actor=worker, case=case, kind="note", occurred_on=datetime.date.today(), body="Almindeligt notat."
    )
    case_subject_update(actor=worker, case=case, name="Amira Testesen", address=NEW_ADDRESS)
    restriction_add(actor=worker, case=case, item=entry, field_name="", audience="other_units", reason="Fortroligt")
    restriction_add(
        actor=worker, case=case, item=case, field_name="subject_address", audience="all_outside", reason="Sikkerhed"
    )
    case_share(actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde")
    client.force_login(other_worker)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Almindeligt notat." in page
    assert "Hun fortalte om X." not in page and NEW_ADDRESS not in page
    assert "Fortroligt" not in page  # nor the reason, which can itself say too much
    assert "Tilbageholdt" in page


def test_the_receipt_letter_has_no_cpr_and_leaves_out_what_the_reporter_may_not_see(client, worker):
    case = open_case(worker)
    case_report = CaseReport.objects.get(case=case)
    client.force_login(worker)
    url = reverse("cases:receipt_letter", args=[case.reference, case_report.pk])
    text = pdf_text(client.get(url))
    assert case_report.report.reference in text and "Amira" in text
    assert CHILD_CPR not in text and CHILD_CPR.replace("-", "") not in text and "150611" not in text
    assert "lejrskolen" not in text  # nothing of what was reported

    restriction_add(
        actor=worker, case=case, item=case, field_name="subject_name", audience="reporter", reason="Ny identitet"
    )
    assert "Amira" not in pdf_text(client.get(url))
    assert AuditEvent.objects.filter(action="cases.receipt_letter_generated").count() == 2


def test_anonymous_reporters_get_no_receipt_letter(client, worker):
    case = open_case(worker, reporter_kind="private", reporter_anonymous=True, reporter_name="")
    case_report = CaseReport.objects.get(case=case)
    client.force_login(worker)
    assert client.get(reverse("cases:receipt_letter", args=[case.reference, case_report.pk])).status_code == 403


def test_file_access_export_leaves_out_everything_restricted_to_the_person(client, worker, worker2):
    case = flagged_case(worker)
    mother = add_parent(case, worker)
    father = add_parent(case, worker, name="Far Testesen", relation="father", possible_perpetrator=True)
    approved_assessment(case, worker, worker2)
    case = refresh(case)
    case_subject_update(actor=worker, case=case, name="Amira Testesen", address=NEW_ADDRESS)
    secret = journal_entry_add(
        actor=worker, case=case, kind="child_conversation", occurred_on=datetime.date.today(), body="Hemmelig samtale."
    )
    journal_entry_add(actor=worker, case=case, kind="note", occurred_on=datetime.date.today(), body="Synligt notat.")
    report_link = CaseReport.objects.get(case=case)
    restriction_add(
        actor=worker, case=case, item=case, field_name="subject_address", audience="perpetrators", reason="Sikkerhed"
    )
    restriction_add(
        actor=worker, case=case, item=secret, field_name="", audience="person", person=father, reason="Sikkerhed"
    )
    restriction_add(
        actor=worker, case=case, item=report_link, field_name="reporter", audience="parents", reason="Lærer"
    )
    step = network_step_record(
        actor=worker,
        case=refresh(case),
        kind="file_access",
        people=[mother, father],
        occurred_on=datetime.date.today(),
        summary="Aktindsigt.",
    )
    client.force_login(worker)

    to_father = pdf_text(client.get(reverse("cases:file_access_export", args=[case.reference, step.pk, father.pk])))
    assert NEW_ADDRESS.split(",")[0] not in to_father and "Hemmelig samtale." not in to_father
    assert "Lærer Lis" not in to_father and "Synligt notat." in to_father
    assert CHILD_CPR not in to_father and "150611" not in to_father

    to_mother = pdf_text(client.get(reverse("cases:file_access_export", args=[case.reference, step.pk, mother.pk])))
    assert NEW_ADDRESS.split(",")[0] in to_mother and "Hemmelig samtale." in to_mother
    assert "Lærer Lis" not in to_mother  # the reporter's identity is withheld from both parents
    assert AuditEvent.objects.filter(action="cases.file_access_exported").count() == 2


def test_risk_assessment_pdf_for_the_police_applies_restrictions_and_anonymises(client, worker, worker2):
    case = flagged_case(worker)
    uncle = add_parent(case, worker, name="Onkel Hemmelig", relation="uncle_aunt", possible_perpetrator=True)
    brother = add_parent(case, worker, name="Bror Testesen", relation="sibling", possible_perpetrator=True)
    assessment = approved_assessment(case, worker, worker2, perpetrators=[uncle, brother])
    restriction_add(actor=worker, case=case, item=uncle, field_name="", audience="external", reason="Kilde")
    restriction_add(
        actor=worker, case=case, item=assessment, field_name="scenarios", audience="external", reason="Kilde"
    )
    client.force_login(worker)
    url = reverse("risk:export", args=[case.reference, assessment.version])

    police = pdf_text(client.get(url, {"recipient": "police"}))
    assert "Bror Testesen" in police and "Amira" in police
    assert "Onkel Hemmelig" not in police and "Familien opdager underretningen" not in police
    assert "tilbageholdt" in police.lower()
    assert CHILD_CPR not in police and "150611-4233" not in police

    anonymous = pdf_text(client.get(url, {"recipient": "security_consultant", "anonymise": "on"}))
    assert "Amira" not in anonymous and "Bror Testesen" not in anonymous and "Søskende" in anonymous

    internal = pdf_text(client.get(url, {"recipient": "internal"}))
    assert "Onkel Hemmelig" in internal and "Familien opdager underretningen" in internal
    exported = AuditEvent.objects.filter(action="risk.assessment_exported")
    assert [e.new_values["recipient"] for e in exported.order_by("seq")] == [
        "police",
        "security_consultant",
        "internal",
    ]
    assert exported.first().person_ref == case.person_ref


def test_restriction_form_lists_the_cases_items_and_creates_the_restriction(client, worker):
    case = open_case(worker)
    mother = add_parent(case, worker)
    client.force_login(worker)
    url = reverse("cases:restriction_add", args=[case.reference])
    page = client.get(url).content.decode()
    assert "Barnets adresse" in page and "indberetterens identitet" in page
    bad = client.post(url, {"item": f"case:{case.pk}:subject_address", "audience": "person", "reason": "Sikkerhed"})
    assert bad.status_code == 400 and "Vælg personen" in bad.content.decode()
    response = client.post(
        url, {"item": f"caseperson:{mother.pk}:contact_details", "audience": "reporter", "reason": "Sikkerhed"}
    )
    assert response.status_code == 302
    restriction = DisclosureRestriction.objects.get()
    assert restriction.field_name == "contact_details" and restriction.object_id == mother.pk


def test_a_shared_unit_cannot_open_a_restricted_entry_through_the_correction_form(client, worker, leader, other_worker):
    case = open_case(worker)
    entry = journal_entry_add(
        actor=worker, case=case, kind="child_conversation", occurred_on=datetime.date.today(), body="Hun fortalte om X."
    )
    restriction_add(actor=worker, case=case, item=entry, field_name="", audience="other_units", reason="Fortroligt")
    case_share(actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde")
    client.force_login(other_worker)
    url = reverse("cases:journal_add", args=[case.reference]) + f"?retter={entry.number}"
    assert client.get(url).status_code == 404
    client.force_login(worker)
    assert "Hun fortalte om X." in client.get(url).content.decode()


# --- restricted facts written into free text (helper-6, third attack) -------------------------


def _shared_case_with_a_secret_in_free_text(worker, leader):
    """A case whose child's new address is restricted from other units, and then written
    into a journal note, a task, a decision and a person's contact note."""
    from beredskab.cases.services import case_person_add, decision_record, task_add

    case = open_case(worker)
    case_subject_update(actor=worker, case=case, name="Amira Testesen", address=NEW_ADDRESS)
    restriction_add(
        actor=worker, case=case, item=case, field_name="subject_address", audience="other_units", reason="Sikkerhed"
    )
    journal_entry_add(
        actor=worker,
        case=case,
        kind="note",
        occurred_on=datetime.date.today(),
        body="Hun er flyttet til Skjult Allé 7 og har det godt.",
    )
    today = datetime.date.today()
    task_add(actor=worker, case=case, title="Ring til skolen om Skjult Allé nr. 7", due_on=today, owner=worker)
    decision_record(
        actor=worker,
        case=case,
        kind="professional",
        decided_on=today,
        title="Bopæl",
        text="Barnet bor nu på Skjult Allé 7, 2635 Ishøj.",
    )
    case_person_add(actor=worker, case=case, name="Lærer Hansen", relation="other", contact_note="Kender Skjult Allé")
    case_share(actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde")
    return case


def test_a_shared_unit_reads_no_restricted_value_in_any_free_text_of_the_case_page(
    client, worker, leader, other_worker
):
    case = _shared_case_with_a_secret_in_free_text(worker, leader)
    client.force_login(other_worker)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Skjult" not in page
    assert "har det godt" in page  # the rest of the note is there
    assert "[tilbageholdt]" in page
    client.force_login(worker)  # the team reads the text as written
    assert (
        "Skjult Allé 7 og har det godt" in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    )


def test_every_page_of_the_case_hides_it_from_a_shared_unit_also_forms_and_fragments(
    client, worker, leader, other_worker
):
    case = _shared_case_with_a_secret_in_free_text(worker, leader)
    entry = case.journal.get()
    client.force_login(other_worker)
    for url in (
        reverse("cases:journal_add", args=[case.reference]) + f"?retter={entry.number}",
        reverse("cases:detail", args=[case.reference]) + "?formaal=case_work",
    ):
        response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200, url
        assert "Skjult" not in response.content.decode(), url


def test_redact_html_leaves_markup_alone_and_covers_shown_attributes():
    from beredskab.cases.outbound import Secret
    from beredskab.cases.withheld_text import redact_html

    secret = Secret("k", "adresse", words=(("skjult", "alle"),))
    page = (
        '<a href="/skjult-alle/" title="Skjult Allé">Bor på Skjult&nbsp;Allé</a>'
        '<input name="x" value="Skjult Allé 7"><textarea>Skjult\nAllé</textarea>'
        "<script>var skjult = 'Skjult Allé';</script>"
    )
    out = redact_html(page, [secret])
    assert 'href="/skjult-alle/"' in out  # markup untouched
    assert "Skjult Allé';</script>" in out  # scripts untouched
    assert out.count("[tilbageholdt]") == 4


def test_the_admin_shows_a_shared_unit_none_of_the_case(client, worker, leader, other_worker):
    case = _shared_case_with_a_secret_in_free_text(worker, leader)
    other_worker.is_staff = True
    other_worker.save()
    client.force_login(other_worker)
    for model in ("case", "journalentry", "task", "decision", "caseperson"):
        page = client.get(reverse(f"admin:cases_{model}_changelist"))
        assert "Skjult" not in page.content.decode(), model
    entry = case.journal.get()
    assert client.get(reverse("admin:cases_journalentry_change", args=[entry.pk])).status_code == 302  # not found
    worker.is_staff = True
    worker.save()
    client.force_login(worker)
    assert "Skjult" in client.get(reverse("admin:cases_journalentry_change", args=[entry.pk])).content.decode()


@pytest.mark.parametrize(
    "body",
    [
        "Hun er flyttet til Skjult\nAllé 7 og har det godt.",  # a line break: <br> inside the value
        "Ny adresse: Skjult\n\nAllé 7",  # a blank line: </p><p> inside the value
        "Hun bor nu på Skjսlt Allé 7.",  # Armenian look-alike letter
        "Hun bor nu på Skjult-A. 7.",
    ],
)
def test_a_value_broken_by_markup_or_disguised_is_still_blacked_out_for_a_shared_unit(
    client, worker, leader, other_worker, body
):
    case = open_case(worker)
    case_subject_update(actor=worker, case=case, name="Amira Testesen", address=NEW_ADDRESS)
    restriction_add(
        actor=worker, case=case, item=case, field_name="subject_address", audience="other_units", reason="Sikkerhed"
    )
    journal_entry_add(actor=worker, case=case, kind="note", occurred_on=datetime.date.today(), body=body)
    case_share(actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde")
    client.force_login(other_worker)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Skjult" not in page and "Skjսlt" not in page
    assert "Allé 7" not in page


def test_the_gates_question_to_a_shared_unit_names_neither_a_withheld_person_nor_their_relation(
    client, worker, leader, other_worker
):
    """The gate comes first: a note naming a person withheld from the writer is still asked
    about, but only as "someone from the family or network" (helper-8, fourth attack)."""
    from beredskab.cases.services import case_person_add

    case = open_case(worker)
    mother = case_person_add(actor=worker, case=case, name="Fatima Hemmelig", relation="mother")
    restriction_add(actor=worker, case=case, item=mother, field_name="", audience="other_units", reason="Sikkerhed")
    case_share(actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde")
    client.force_login(other_worker)
    url = reverse("cases:journal_add", args=[case.reference])
    data = {"kind": "note", "occurred_on": datetime.date.today().isoformat()}
    assert client.post(url, {**data, "body": "Vi har talt med skolen om Leila."}).status_code == 302
    asked = client.post(url, {**data, "body": "Vi har talt med Hemmelig."})
    page = asked.content.decode()
    assert asked.status_code == 409 and "familie eller netværk" in page
    assert "Hemmelig" not in page.split("<textarea")[0] and "Mor" not in page and "Fatima" not in page
