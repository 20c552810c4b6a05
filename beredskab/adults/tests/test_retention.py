"""Retention of adult cases (beredskab.cases.retention): after the period counted from the
closing, a closed adult case's personal data is erased through one service, leaving a
content-free tombstone and one audit event; everything else is never touched."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import models

from beredskab.adults.models import ActionPlan, Counselling, Referral
from beredskab.audit.models import AuditEvent
from beredskab.cases import retention
from beredskab.cases.models import Case, CasePerson, JournalEntry
from beredskab.cases.services import case_close, case_reopen, journal_entry_add
from beredskab.cases.tests.factories import open_case, refresh
from beredskab.core.fields import EncryptedTextField
from beredskab.core.roles import Role
from beredskab.intake.models import Report

from .factories import add_sister, counselling, filled_plan, open_adult_case

pytestmark = pytest.mark.django_db
CLOSED = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
DAYS = 365
SECRET = "Hun bor nu i en lejlighed i Odense."


@pytest.fixture
def retention_set(settings):
    settings.RETENTION = {"adult_cases_days": DAYS}


def _full_adult_case(tf):
    """An adult case with something in every part, closed at CLOSED."""
    from beredskab.adults.services import referral_record

    case = open_adult_case(tf, narrative=SECRET)
    add_sister(case, tf)
    counselling(case, tf, note=SECRET)
    filled_plan(case, tf, housing=SECRET)
    referral_record(actor=tf, case=refresh(case), kind="crisis_centre", place=SECRET, requested_on=CLOSED.date())
    journal_entry_add(actor=tf, case=refresh(case), kind="note", occurred_on=CLOSED.date(), body=SECRET)
    return case_close(actor=tf, case=refresh(case), outcome="support_completed", note=SECRET)


def _erase_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return retention.erase_expired_adult_cases()


def test_a_closed_adult_case_is_erased_once_after_the_period_and_leaves_a_tombstone(retention_set, plan, tf):
    with time_machine.travel(CLOSED, tick=False):
        case = _full_adult_case(tf)
    name, reference = case.subject_name, case.reference
    assert _erase_at(CLOSED + datetime.timedelta(days=DAYS - 1)) == 0  # not yet
    assert refresh(case).subject_name == name
    assert _erase_at(CLOSED + datetime.timedelta(days=DAYS, hours=1)) == 1
    tomb = refresh(case)
    assert (tomb.reference, tomb.track, tomb.close_outcome) == (reference, "adults", "support_completed")
    assert tomb.closed_at == CLOSED and tomb.opened_at and tomb.erased_at
    assert (tomb.subject_name, tomb.subject_cpr, tomb.subject_cpr_index, tomb.close_note) == ("", "", "", "")
    assert tomb.subject_birth_date is None
    assert all(p.name == "" and p.birth_year is None for p in CasePerson.objects.filter(case=case))
    assert [e.body for e in JournalEntry.objects.filter(case=case)] == [""] * JournalEntry.objects.filter(
        case=case
    ).count()
    assert {c.note for c in Counselling.objects.filter(case=case)} == {""}
    assert {(c.with_whom, c.safe_place, c.interpreter_language) for c in Counselling.objects.filter(case=case)} == {
        ("", "", "")
    }
    assert {p.housing for p in ActionPlan.objects.filter(case=case)} == {""}
    assert {r.place for r in Referral.objects.filter(case=case)} == {""}
    report = Report.objects.get(case_link__case=case)
    assert (report.subject_name, report.narrative, report.subject_cpr_index, report.observed_signs) == ("", "", "", [])
    # once: a second run (now, or later) erases nothing and writes no second event
    assert _erase_at(CLOSED + datetime.timedelta(days=DAYS + 30)) == 0
    events = AuditEvent.objects.filter(action="cases.case_erased")
    assert events.count() == 1
    event = events.get()
    assert event.actor_id is None and event.person_ref == f"cases.case:{case.pk}"
    tombstone = {"case": reference, "track": "adults", "outcome": "support_completed", "rule": "adult_cases_days"}
    assert event.new_values == tombstone


def test_the_audit_log_holds_none_of_the_erased_persons_data(retention_set, plan, tf):
    with time_machine.travel(CLOSED, tick=False):
        case = _full_adult_case(tf)
    name, cpr = case.subject_name, case.subject_cpr
    _erase_at(CLOSED + datetime.timedelta(days=DAYS + 1))
    for event in AuditEvent.objects.all():
        text = " ".join(str(v) for v in (event.old_values, event.new_values, event.person_ref, event.target_id))
        assert name not in text and cpr not in text and cpr.replace("-", "") not in text and SECRET not in text


def test_what_is_never_touched(retention_set, plan, tf, tf_leader, make_user):
    """Open, reopened, legally held and protected adult cases, and children's cases, stay."""
    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    with time_machine.travel(CLOSED, tick=False):
        child = open_case(worker)  # closed as a children's case is (screened first): set here
        Case.objects.filter(pk=child.pk).update(status="closed", closed_at=CLOSED, close_outcome="no_concern")
        still_open = open_adult_case(tf)
        reopened = case_close(actor=tf, case=open_adult_case(tf), outcome="support_completed", note="")
        held = case_close(actor=tf, case=open_adult_case(tf), outcome="support_completed", note="")
        Case.objects.filter(pk=held.pk).update(legal_hold=True)
        protected = case_close(actor=tf, case=open_adult_case(tf), outcome="support_completed", note="")
        Case.objects.filter(pk=protected.pk).update(protected=True)
    with time_machine.travel(CLOSED + datetime.timedelta(days=10), tick=False):
        case_reopen(actor=tf, case=refresh(reopened), reason="Borgeren henvender sig igen.")
    assert _erase_at(CLOSED + datetime.timedelta(days=DAYS * 3)) == 0
    for case in (child, still_open, reopened, held, protected):
        assert refresh(case).subject_name and refresh(case).erased_at is None


def test_without_a_period_nothing_is_erased(plan, tf):
    with time_machine.travel(CLOSED, tick=False):
        case = case_close(actor=tf, case=open_adult_case(tf), outcome="support_completed", note="")
    assert retention.retention_days(retention.RULE) is None  # the documented default
    assert _erase_at(CLOSED + datetime.timedelta(days=3650)) == 0
    assert refresh(case).subject_name


def test_the_command_and_the_task_erase(retention_set, plan, tf):
    from beredskab.cases.tasks import erase_expired_adult_cases_task

    with time_machine.travel(CLOSED, tick=False):
        first = case_close(actor=tf, case=open_adult_case(tf), outcome="support_completed", note="")
        second = case_close(actor=tf, case=open_adult_case(tf), outcome="support_completed", note="")
    with time_machine.travel(CLOSED + datetime.timedelta(days=DAYS + 1), tick=False):
        call_command("apply_adult_case_retention", "--dry-run")
        assert refresh(first).erased_at is None
        Case.objects.filter(pk=second.pk).update(legal_hold=True)
        call_command("apply_adult_case_retention")
        assert refresh(first).erased_at is not None
        Case.objects.filter(pk=second.pk).update(legal_hold=False)
        assert erase_expired_adult_cases_task.call() == 1
        assert refresh(second).erased_at is not None


# Plain text columns reachable from a case that hold no personal data (codes, references,
# reasons worded by the system). A new plain text column must be put here or in
# retention.PLAIN_PERSONAL_FIELDS: the test below fails until it is.
CONTENT_FREE = {
    "cases.case": {"reference", "gate_reset_cause"},
    "cases.decision": {"legal_basis"},
    "cases.intervention": {"legal_basis"},
    "cases.disclosurerestriction": {"object_id", "field_name"},
    "cases.outboundrelease": {"document", "recipient", "released"},
    "risk.consultation": {"partner_name", "legal_basis"},
    "intake.attachment": {"content_type"},
    "intake.report": {"reference", "target_group", "receiving_contact", "routing_reason"},
    "taskforce.assignment": {"reason"},
    "risk.gateoverride": {"revoke_cause"},
    "cases.deadlinereminder": {"clock_key", "sent_to"},
    "taskforce.ownerflag": {"key", "notified"},
    "safety.safetyscenario": {"contact_codes"},
}


def test_every_plain_text_column_a_case_reaches_is_classified():
    unclassified = []
    for model in [Case, *retention.reachable_models(Case), Report, *retention.reachable_models(Report)]:
        label = model._meta.label_lower
        for field in model._meta.concrete_fields:
            plain_text = isinstance(field, models.CharField | models.TextField | models.JSONField)
            if not plain_text or isinstance(field, EncryptedTextField) or field.choices:
                continue
            known = retention.PLAIN_PERSONAL_FIELDS.get(label, {}).keys() | CONTENT_FREE.get(label, set())
            if field.name not in known:
                unclassified.append(f"{label}.{field.name}")
    assert sorted(set(unclassified)) == []


def test_a_leaders_legal_hold_keeps_the_case_and_an_erased_case_says_so(retention_set, plan, tf, tf_leader, client):
    """The legal hold is set and lifted only by a leader of the case's unit, with a reason, through
    one audited service (the case page's form); retention skips a held case; an erased case's page
    says it was erased under retention and when, instead of showing blanks."""
    from django.urls import reverse

    from beredskab.cases.errors import CaseError
    from beredskab.cases.services import case_legal_hold_set

    reason = "Borgeren har klaget over afgørelsen, og klagen behandles stadig i Ankestyrelsen."
    with time_machine.travel(CLOSED, tick=False):
        case = case_close(actor=tf, case=open_adult_case(tf), outcome="support_completed", note="")
    with pytest.raises(CaseError, match="Kun en leder"):
        case_legal_hold_set(actor=tf, case=case, hold=True, reason=reason)
    client.force_login(tf_leader)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert reverse("cases:legal_hold", args=[case.reference]) in page
    url = reverse("cases:legal_hold", args=[case.reference])
    shown = client.post(url, {"reason": "nej"})
    assert shown.status_code in (400, 409) and not refresh(case).legal_hold
    assert "Skriv, hvorfor." in shown.content.decode()
    assert client.post(url, {"reason": reason}).status_code == 302
    held = refresh(case)
    assert held.legal_hold and held.legal_hold_reason == reason
    event = AuditEvent.objects.get(action="cases.case_legal_hold_set")
    assert event.actor_id == tf_leader.pk and event.new_values["legal_hold"] is True
    assert reason not in str(event.new_values)  # free text stays on the case, encrypted
    assert _erase_at(CLOSED + datetime.timedelta(days=DAYS * 2)) == 0

    with time_machine.travel(CLOSED + datetime.timedelta(days=DAYS * 2), tick=False):
        case_legal_hold_set(actor=tf_leader, case=held, hold=False, reason="Klagen er afgjort, og sagen kan slettes.")
    assert AuditEvent.objects.filter(action="cases.case_legal_hold_lifted").count() == 1
    assert _erase_at(CLOSED + datetime.timedelta(days=DAYS * 2, hours=1)) == 1
    tomb = refresh(case)
    assert tomb.legal_hold_reason == ""
    with pytest.raises(CaseError, match="allerede slettet"):
        case_legal_hold_set(actor=tf_leader, case=tomb, hold=True, reason=reason)
    from beredskab.core.policies import PolicyDenied

    with pytest.raises(PolicyDenied, match="slettet"):  # new data in a tombstone would never be erased
        case_reopen(actor=tf, case=tomb, reason="Borgeren henvender sig igen om det samme.")
    client.force_login(tf)
    assert client.get(reverse("cases:reopen", args=[case.reference])).status_code == 403
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert 'id="case-erased"' in page and "efter reglerne om opbevaring" in page
    assert tomb.erased_at.strftime("%Y") in page and "Ingen sagsbehandler" not in page


def test_an_erased_cases_attachments_are_gone_from_disk(retention_set, plan, tf):
    """The report's attachment: the stored (encrypted) file is deleted once the erasure commits,
    and neither its name nor its content hash (a fingerprint of the person's document) is left."""
    import uuid

    from django.core.files.uploadedfile import SimpleUploadedFile

    from beredskab.cases.services import case_open
    from beredskab.cases.tests.factories import report_input
    from beredskab.intake.models import Attachment
    from beredskab.intake.services import report_submit

    from .factories import another_adult

    upload = SimpleUploadedFile("pas.pdf", b"%PDF-1.4 syntetisk pas", content_type="application/pdf")
    with time_machine.travel(CLOSED, tick=False):
        report, _ = report_submit(actor=None, token=uuid.uuid4(), data=report_input(**another_adult()), files=[upload])
        case = case_open(actor=tf, reports=[report], owner=tf)
        case_close(actor=tf, case=refresh(case), outcome="support_completed", note="")
    attachment = Attachment.objects.get(report=report)
    storage, path = attachment.file.storage, attachment.file.name
    assert storage.exists(path)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert _erase_at(CLOSED + datetime.timedelta(days=DAYS + 1)) == 1
    assert not storage.exists(path)
    attachment.refresh_from_db()
    assert (attachment.file.name, attachment.original_name, attachment.sha256) == ("", "", "")


def _every_stored_value_holding(text: str) -> list[str]:
    """Every column of every table (outside the hash-chained events) whose value holds `text`."""
    from django.apps import apps
    from django.db.models.functions import Cast

    found = []
    for model in apps.get_models():
        if model is AuditEvent:
            continue  # the chained events: what they were written with is fixed (see the module)
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                as_text = Cast(field.name, models.TextField())
                if model._base_manager.annotate(as_text=as_text).filter(as_text__contains=text).exists():
                    found.append(f"{model._meta.label_lower}.{field.name}")
    return found


def test_an_erased_persons_blind_index_is_gone_from_every_table_and_the_chain_still_verifies(
    retention_set, plan, tf, capsys
):
    """The persons index of list events (outside the hashed chain) no longer ties the list events
    to the erased person's CPR blind index; no other table keeps it; `audit_verify` passes."""
    from beredskab.audit.models import AuditEventPerson
    from beredskab.cases.selectors import my_cases

    with time_machine.travel(CLOSED - datetime.timedelta(days=5), tick=False):
        case = open_adult_case(tf)
        index = refresh(case).subject_cpr_index
        assert index and my_cases(user=tf)  # a list page: one event naming the person
        with time_machine.travel(CLOSED, tick=False):
            case_close(actor=tf, case=refresh(case), outcome="support_completed", note="")
    assert AuditEventPerson.objects.filter(person_ref=f"cpr:{index}").exists()
    assert _erase_at(CLOSED + datetime.timedelta(days=DAYS + 1)) == 1
    assert not AuditEventPerson.objects.filter(person_ref=f"cpr:{index}").exists()
    assert _every_stored_value_holding(index) == []
    assert AuditEvent.objects.filter(action="cases.case_list_viewed").exists()  # the events stay
    call_command("audit_verify")
    assert "OK: the audit chain is intact" in capsys.readouterr().out


def test_the_index_stays_while_another_kept_case_holds_the_same_person(retention_set, plan, tf):
    """The person's other case, not erased, still needs its access log to find the list events."""
    from beredskab.audit.models import AuditEventPerson
    from beredskab.cases.selectors import my_cases

    with time_machine.travel(CLOSED, tick=False):
        first = open_adult_case(tf)
        index = refresh(first).subject_cpr_index
        second = open_adult_case(tf)
        Case.objects.filter(pk=second.pk).update(subject_cpr_index=index)  # the same person, kept
        assert my_cases(user=tf)
        case_close(actor=tf, case=refresh(first), outcome="support_completed", note="")
    assert _erase_at(CLOSED + datetime.timedelta(days=DAYS + 1)) == 1
    assert refresh(second).erased_at is None
    assert AuditEventPerson.objects.filter(person_ref=f"cpr:{index}").exists()


def test_every_model_pointing_to_a_case_is_reached_also_without_a_reverse_name():
    """Attack: the safety app's records (safety plan, no-show, trip) point to the case with
    `related_name="+"`, a relation Django hides from `_meta.related_objects`: erasure did not
    reach them, so the trip's destination, what the person said, the safety plan's code word
    and safe places outlived the erased case."""
    from beredskab.safety.models import NoShow, SafetyPlan, SafetyScenario, Trip

    reached = set(retention.reachable_models(Case))
    assert {SafetyPlan, SafetyScenario, NoShow, Trip} <= reached


def test_a_trip_on_an_erased_adult_case_is_erased_with_it(retention_set, plan, tf):
    from beredskab.safety.models import Trip
    from beredskab.safety.services import trip_record

    with time_machine.travel(CLOSED - datetime.timedelta(days=10), tick=False):
        case = open_adult_case(tf, narrative=SECRET)
        trip_record(
            actor=tf,
            case=refresh(case),
            kind="suspected",
            destination="Pakistan",
            person_said=SECRET,
            passport_holder="Hendes far",
        )
    with time_machine.travel(CLOSED, tick=False):
        case_close(actor=tf, case=refresh(case), outcome="support_completed", note=SECRET)
    assert _erase_at(CLOSED + datetime.timedelta(days=DAYS, hours=1)) == 1
    trip = Trip.objects.get(case=case)
    assert (trip.destination, trip.person_said, trip.passport_holder) == ("", "", "")


def test_erasing_a_case_leaves_a_report_that_was_held_for_it_and_became_another_case(
    retention_set, plan, tf, tf_leader
):
    """Attack: a new inquiry about the citizen was held for the closed case and a leader opened a
    new case from it (the hold released). Erasing the old case at the end of its period blanked
    that report too (every report ever held for it), so the new, live case lost its inquiry,
    under a legal hold as well."""
    from beredskab.cases.models import ReportHold
    from beredskab.cases.services import case_open
    from beredskab.cases.tests.factories import make_report

    from .factories import another_adult

    person = another_adult()
    with time_machine.travel(CLOSED, tick=False):
        old = case_close(actor=tf, case=open_adult_case(tf, **person), outcome="support_completed", note="")
        report = make_report(**person)
        assert ReportHold.objects.filter(report=report, case=old).exists()
        new = case_open(
            actor=tf_leader,
            reports=[report],
            owner=tf,
            hold_release_reason="Borgeren har en ny situation, som kræver en ny sag med egen plan.",
        )
    Case.objects.filter(pk=new.pk).update(legal_hold=True)
    assert _erase_at(CLOSED + datetime.timedelta(days=DAYS, hours=1)) == 1
    assert refresh(old).erased_at is not None
    kept = Report.objects.get(pk=report.pk)
    assert kept.subject_name == person["subject_name"] and kept.subject_cpr_index
    assert refresh(new).subject_name == person["subject_name"]
