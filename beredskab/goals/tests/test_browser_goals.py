"""The goals dashboard in a real browser, at desktop width and at 360 px, with a WCAG 2.1 AA scan
of each page: a leader opens the dashboard, filters by period and unit, opens the list of cases
behind the risk gate's figure, and downloads the XLSX."""

import io

import pytest
from openpyxl import load_workbook

from . import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(ishoj_plan, make_user):
    leader = make_user("unit_leader", "straxen")
    worker = make_user("child_caseworker", "straxen")
    taskforce = make_user("adult_taskforce", "taskforce-voksne")
    built = world.build(ishoj_plan, leader, worker, taskforce)
    return {**built, "leader": leader}


def _fits(page, what):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, what


def test_leader_filters_opens_the_cases_behind_and_downloads(page, login, axe_check, people):
    login(people["leader"])
    page.goto("/maal/")
    assert "Lovkravsbarometer" in page.inner_text("main")
    axe_check(page, "the dashboard, this year")

    page.fill("#id_fra", "2026-01-01")
    page.fill("#id_til", "2026-06-30")
    page.select_option("#id_enhed", label="StraXen (Center for Børn og Forebyggelse)")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Vurdering inden for 24 timer" in main and "8 af 9" in main
    axe_check(page, "the dashboard filtered to StraXen")

    page.click("main a[href^='/maal/barometer/gate/']")
    page.wait_for_load_state()
    assert people["cases"]["C6"].reference in page.inner_text("main")
    assert world.OVERRIDE_REASON in page.inner_text("main")
    axe_check(page, "the cases behind the risk gate's figure")

    page.go_back()
    page.wait_for_load_state()
    filtered = page.url
    # The XLSX is made in the background (the test settings run the queue at once): the
    # button leads to the file's status page, ready with its download link.
    page.click("main button[name=fil][value=xlsx]")
    page.wait_for_load_state()
    status = page.url
    assert "Klar" in page.inner_text("main")
    axe_check(page, "the ordered file's status page")
    with page.expect_download() as download_info:
        page.click("main a[href^='/maal/filer/']")
    download = download_info.value
    assert download.suggested_filename == "maalopfoelgning-2026-01-01-2026-06-30.xlsx"
    with open(download.path(), "rb") as file:
        book = load_workbook(io.BytesIO(file.read()))
    assert "Lovkravsbarometer" in book.sheetnames

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(status)
    axe_check(page, "the ordered file's status page at 360 px")
    _fits(page, "the ordered file's status page at 360 px")
    page.goto(filtered)
    axe_check(page, "the dashboard at 360 px")
    _fits(page, "the dashboard at 360 px")
    page.goto("/maal/?fra=2026-06-30&til=2026-01-01")
    assert "Slutdatoen skal ligge efter startdatoen." in page.inner_text("main")
    axe_check(page, "the dashboard with a wrong period at 360 px")
    _fits(page, "the dashboard with an error at 360 px")
