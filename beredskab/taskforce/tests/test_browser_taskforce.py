"""The taskforce pages in a real browser at 360 px, with a WCAG 2.1 AA scan of each: the leader
registers an absence on the roster, an inquiry's owner is away, the overview shows it without an
available owner, and the leader gives it to a colleague."""

import datetime

import pytest

from beredskab.taskforce.models import Absence, Assignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_roster_overview_and_reassignment_at_360_px(page, login, axe_check, roster, tf1, tf2, leader, adult_report):
    report = adult_report()
    owner = Assignment.objects.get(report=report).owner
    member = roster["tf1"] if owner == tf1 else roster["tf2"]
    colleague = tf2 if owner == tf1 else tf1
    page.set_viewport_size({"width": 360, "height": 740})
    login(leader)

    page.goto("/taskforce/taskforce-voksne/vagtplan/")
    axe_check(page, "roster")
    _fits(page)
    assert "Tariq Taskforce" in page.inner_text("main")
    page.click("main a:has-text('Registrér fravær')")
    axe_check(page, "absence form")
    page.click("main button.button-primary")  # empty: errors next to the fields
    page.wait_for_load_state()
    axe_check(page, "absence form with errors")
    page.select_option("#id_member", str(member.pk))
    page.check("#id_kind_1")  # Sygdom
    today = datetime.date.today()
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_ends_on", (today + datetime.timedelta(days=2)).isoformat())
    page.click("main button.button-primary")
    page.wait_for_load_state()
    assert "Fraværet er registreret" in page.inner_text("main")
    assert Absence.objects.get().member == member
    axe_check(page, "roster with an absence")
    _fits(page)

    page.goto(f"/taskforce/taskforce-voksne/vagtplan/medlem/{member.pk}/")
    axe_check(page, "member's role")
    _fits(page)
    page.goto("/taskforce/taskforce-voksne/vagtplan/tilfoej/")
    axe_check(page, "add to the roster")
    _fits(page)

    page.goto("/taskforce/taskforce-voksne/overblik/")
    axe_check(page, "overview")
    _fits(page)
    main = page.inner_text("main")
    assert report.reference in main and "Sygdom til og med" in main

    page.click("main a:has-text('Fordel dem')")
    axe_check(page, "reassignment")
    _fits(page)
    page.select_option(f"#id_report{report.pk}_owner", str(colleague.pk))
    page.click("main button.button-primary")
    page.wait_for_load_state()
    assert "Henvendelsen er fordelt" in page.inner_text("main")
    assert Assignment.objects.get(report=report).owner == colleague
    axe_check(page, "reassignment done")
