"""The report form in a real browser: the acceptance walks of the intake issue."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from beredskab.intake.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def form_page(page, ishoj_plan, org, tmp_path):
    with time_machine.travel(TUESDAY_10, tick=True):
        yield page


def _fill_professional(page):
    page.check("#id_reporter_kind_0")
    page.fill("#id_reporter_name", "Lærer Lis")
    page.fill("#id_reporter_organisation", "Demoskolen")
    page.fill("#id_reporter_role", "Lærer")
    page.fill("#id_reporter_phone", "12345678")


def test_a_professional_reports_a_15_year_old_with_three_signs_and_an_attachment(form_page, axe_check, tmp_path):
    page = form_page
    page.goto("/underretning/")
    axe_check(page, "intake start")
    page.check("#id_danger_0")  # no danger right now
    page.click("button[type=submit].button-primary")
    assert page.url.endswith("/underretning/ny/")
    axe_check(page, "report form")

    _fill_professional(page)
    page.fill("#id_subject_name", "Amira Testesen")
    page.fill("#id_subject_cpr", "150611-4233")
    checkboxes = page.locator("input[name=observed_signs]")
    for index in range(3):
        checkboxes.nth(index).check()
    page.fill("#id_narrative", "Hun må ikke deltage i lejrskolen og bliver hentet af sin bror hver dag.")
    page.check("#id_family_knows_1")
    attachment = tmp_path / "notat.pdf"
    attachment.write_bytes(b"%PDF-1.7 notat")
    page.set_input_files("#id_attachments", str(attachment))
    page.click("text=Send underretningen")

    assert "Tak. Vi har modtaget din underretning" in page.inner_text("main")
    axe_check(page, "receipt")
    report = Report.objects.get()
    assert report.receiving_unit.code == "straxen" and report.subject_age == 15
    assert len(report.observed_signs) == 3 and report.attachments.count() == 1
    assert report.reference in page.inner_text("main")


def test_a_private_person_reports_anonymously_about_an_adult(form_page, axe_check):
    page = form_page
    page.goto("/underretning/ny/")
    page.check("#id_reporter_kind_1")
    page.check("#id_reporter_anonymous")
    page.fill("#id_subject_name", "Naboen")
    page.fill("#id_subject_approximate_age", "34")
    page.fill("#id_narrative", "Hun bliver fulgt til og fra arbejde af sin svigerfamilie.")
    page.click("text=Send underretningen")
    main = page.inner_text("main")
    # routed to the adults taskforce: the receipt speaks of serviceloven, never of children's law
    assert "Tak. Vi har modtaget din henvendelse" in main and "Du har henvendt dig anonymt" in main
    assert "serviceloven" in main and "24 timer" not in main and "barnets lov" not in main
    axe_check(page, "anonymous receipt")
    report = Report.objects.get()
    assert report.reporter_anonymous and report.receiving_unit.code == "taskforce-voksne"


def test_an_acute_report_shows_the_acute_card_first(form_page, axe_check):
    page = form_page
    page.goto("/underretning/")
    page.check("#id_danger_1")  # yes, someone is in danger
    page.click("button[type=submit].button-primary")
    assert page.url.endswith("/underretning/akut/")
    main = page.inner_text("main")
    assert "112" in main and "sikkert sted" in main
    axe_check(page, "acute card")
    page.click("text=fortsæt til underretningen")
    assert page.is_checked("#id_is_acute_1")


def test_a_form_with_errors_keeps_what_was_typed(form_page, axe_check):
    page = form_page
    page.goto("/underretning/ny/")
    _fill_professional(page)
    page.fill("#id_subject_name", "Amira Testesen")
    page.fill("#id_subject_cpr", "320101-1234")
    page.fill("#id_narrative", "Det, jeg så i frikvarteret.")
    page.click("text=Send underretningen")
    assert "Underretningen er ikke sendt endnu" in page.inner_text("main")
    assert "gyldig fødselsdato" in page.inner_text(".form-error")
    assert page.input_value("#id_subject_name") == "Amira Testesen"
    assert page.input_value("#id_narrative") == "Det, jeg så i frikvarteret."
    assert page.input_value("#id_reporter_phone") == "12345678"
    axe_check(page, "form with errors")
    assert Report.objects.count() == 0


def test_the_form_reads_well_on_a_phone(form_page):
    page = form_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/underretning/ny/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
