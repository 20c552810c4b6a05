"""The risk gate (barnets lov § 18, stk. 3) in a real browser, with a WCAG 2.1 AA scan of every
page visited: a case opened from a report with warning signs starts with the gate closed
(nobody ticks a flag); a meeting and a journal note involving the mother are refused and
nothing is saved; a risk assessment completed by one worker and approved by another opens the
gate, and the meeting is allowed; when the reassessment date has passed, the gate is closed
again and a phone call with the father is refused."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from django.utils.formats import date_format

from beredskab.cases.models import Case, JournalEntry, NetworkStep
from beredskab.cases.risk.models import AssessmentStatus, RiskAssessment
from conftest import logout, submit

from .factories import make_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CPH = ZoneInfo("Europe/Copenhagen")
LAW = "§ 18, stk. 3"
MOTHER = "Leila Testesen"
FATHER = "Karim Testesen"


def gate_text(page) -> str:
    return page.inner_text("#risikoport")


def refusal_text(page) -> str:
    """The "not saved" alert above the form (not the gate notice some forms show anyway)."""
    return page.inner_text("main .alert-error")


def write_journal_note(page, case, *, kind, person, body):
    page.goto(f"/sager/{case.reference}/journal/ny/")
    page.select_option("#id_kind", kind)
    page.get_by_label(person, exact=False).check()
    page.fill("#id_body", body)
    submit(page)


def test_the_gate_is_closed_until_a_current_assessment_is_approved(page, login, axe_check, ishoj_plan, worker, worker2):
    # One story in one browser, step by step: each step starts from the page the last one left
    # (split into tests, each would have to replay all the steps before it).
    report = make_report(is_acute=False)  # with observed warning signs
    today = timezone.localdate()
    reassess_on = today + datetime.timedelta(days=10)

    # 1. The worker opens a case from the queue: the gate is closed from the start.
    login(worker)
    page.goto("/sager/")
    axe_check(page, "queue")
    page.click(f"text={report.reference}")
    axe_check(page, "visitation")
    submit(page, "Opret sagen og tag den")
    case = Case.objects.get()
    assert page.url.endswith(f"/sager/{case.reference}/")
    assert "Risikoporten er lukket" in gate_text(page)
    assert "Der er ingen godkendt risikovurdering" in page.inner_text("#gate-reason")
    axe_check(page, "case page, new, gate closed")

    # 2. The 24-hour assessment and the screening (NSK/ÆRK stays ticked: the default).
    page.click("text=Registrér vurderingen")
    axe_check(page, "24-hour assessment")
    page.check("#id_child_in_danger_0")  # Ved ikke
    page.check("#id_acute_action_needed_1")  # Nej
    page.fill("#id_reasons", "Ingen akut fare. Skolen følger hende i dag.")
    submit(page)
    assert "Vurderingen er registreret" in page.inner_text("main")
    page.click("text=Screen sagen")
    axe_check(page, "screening")
    assert page.is_checked("#id_nsk_aerk_possible")
    page.check("input[name=outcome][value=investigation]")
    page.fill("#id_reasons", "Kontrol af telefon og tøj, holdes hjemme fra lejrskole.")
    page.check("input[name=earlier_honour_conflicts][value=unknown]")
    submit(page)
    case.refresh_from_db()
    assert case.nsk_aerk_flag
    assert "Risikoporten er lukket" in gate_text(page)

    # 3. The mother and the father are added to family and network.
    page.click("text=Tilføj person")
    axe_check(page, "add person")
    page.fill("#id_name", MOTHER)
    page.select_option("#id_relation", "mother")
    page.check("input[name=may_contact][value=yes]")
    submit(page)
    assert "Personen er tilføjet" in page.inner_text("main")
    page.click("text=Tilføj person")
    page.fill("#id_name", FATHER)
    page.select_option("#id_relation", "father")
    page.check("#id_possible_perpetrator")
    page.check("input[name=may_contact][value=unknown]")
    submit(page)
    assert MOTHER in page.inner_text("#netvaerk") and FATHER in page.inner_text("#netvaerk")
    assert page.locator("#inddragelse button:has-text('Møde med forældre eller netværk')").is_disabled()

    # 4. A meeting with the mother is refused (the button is disabled, so the form is sent
    #    the way a stale or crafted page would), nothing is saved, and the typed text stays.
    page.goto(f"/sager/{case.reference}/inddragelse/moede/")
    assert "Risikoporten er lukket" in page.inner_text("#gate-reason")
    page.get_by_label(MOTHER, exact=False).check()
    page.fill("#id_occurred_on", today.isoformat())
    page.fill("#id_summary", "Aftalt møde på skolen om fraværet.")
    with page.expect_navigation():
        page.locator("main form.beredskab-form").evaluate("form => form.requestSubmit()")
    assert LAW in refusal_text(page)
    assert NetworkStep.objects.count() == 0
    assert page.input_value("#id_summary") == "Aftalt møde på skolen om fraværet."
    axe_check(page, "meeting refused by the gate")

    # 5. A journal note of a meeting with the mother is refused too.
    write_journal_note(page, case, kind="meeting", person=MOTHER, body="Møde på skolen om fraværet.")
    assert LAW in refusal_text(page)
    assert not JournalEntry.objects.exists()
    assert page.input_value("#id_body") == "Møde på skolen om fraværet."
    axe_check(page, "journal note refused by the gate")

    # 6. The risk assessment is completed by the worker ...
    page.goto(f"/sager/{case.reference}/")
    submit(page, "Start risikovurdering")
    axe_check(page, "risk assessment form")
    for select in page.locator("select[name^=now_]").all():
        select.select_option("partly")
    for select in page.locator("select[name^=past_]").all():
        select.select_option("absent")
    page.check("input[name=serious_violence_risk][value=medium]")
    page.check("input[name=acute_risk][value=low]")
    page.fill("#id_conclusion", "Kontrol uden konkrete trusler; risikoen stiger, hvis familien opdager sagen.")
    page.fill("#id_scenarios", "Familien opdager underretningen og holder hende hjemme.")
    page.fill("#id_safety_measures", "Møde med mor alene, på skolen. Ingen kontakt til far.")
    page.fill("#id_reassessment_on", reassess_on.isoformat())
    submit(page, "Gem og afslut")
    assessment = RiskAssessment.objects.get()
    assert assessment.status == AssessmentStatus.COMPLETED
    assert assessment.reassessment_on == reassess_on
    axe_check(page, "risk assessment, completed")
    logout(page)

    # ... and approved by a second worker.
    login(worker2)
    page.goto(f"/risiko/{case.reference}/v1/")
    page.click("text=Godkend eller send tilbage")
    axe_check(page, "risk assessment review")
    page.check("input[name=decision][value=approve]")
    submit(page)
    assert RiskAssessment.objects.get().status == AssessmentStatus.APPROVED
    logout(page)

    # 7. The gate is open, and the meeting with the mother is recorded.
    login(worker)
    page.goto(f"/sager/{case.reference}/")
    assert "Risikoporten er åben" in gate_text(page)
    axe_check(page, "case page, gate open")
    page.goto(f"/sager/{case.reference}/inddragelse/moede/")
    axe_check(page, "meeting form, gate open")
    page.get_by_label(MOTHER, exact=False).check()
    page.fill("#id_summary", "Aftalt møde på skolen om fraværet.")
    submit(page)
    assert page.url.split("#")[0].endswith(f"/sager/{case.reference}/")
    assert NetworkStep.objects.count() == 1
    assert NetworkStep.objects.get().gate_basis == "assessment"

    # 8. Twelve days later the reassessment date has passed: the gate is closed again.
    later = datetime.datetime.combine(today + datetime.timedelta(days=12), datetime.time(10, 0), tzinfo=CPH)
    with time_machine.travel(later, tick=True):
        page.goto(f"/sager/{case.reference}/")
        assert "/konto/login/" in page.url  # the idle session has expired
        login(worker)
        page.goto(f"/sager/{case.reference}/")
        assert "Risikoporten er lukket" in gate_text(page)
        reason = page.inner_text("#gate-reason")
        assert "skulle revurderes senest" in reason
        assert date_format(reassess_on, "j. F Y") in reason
        assert page.locator("#inddragelse button:has-text('Møde med forældre eller netværk')").is_disabled()
        axe_check(page, "case page, assessment out of date")

        write_journal_note(page, case, kind="phone", person=FATHER, body="Telefonsamtale om lejrskolen.")
        assert LAW in refusal_text(page)
        assert "skulle revurderes senest" in refusal_text(page)
        assert not JournalEntry.objects.exists()
        axe_check(page, "phone note refused by the gate")
