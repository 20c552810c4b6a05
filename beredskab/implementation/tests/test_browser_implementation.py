"""The implementation pages in a real browser, at desktop width and at 360 px, with a WCAG 2.1
AA scan of each: the coordinator sends the plan to StraXen, records a training and a library
entry; an employee acknowledges in one click from the start page and sees their training; the
leader sees who in StraXen has not acknowledged yet."""

import pytest

from beredskab.implementation.models import Acknowledgement, TrainingActivity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR_PAGES = [
    "/start/",
    "/implementering/formidling/",
    "/implementering/formidling/send/",
    "/implementering/opkvalificering/",
    "/implementering/opkvalificering/ny/",
    "/implementering/opkvalificering/krav/",
    "/implementering/videndeling/",
    "/implementering/videndeling/ny/",
    "/implementering/videndeling/netvaerksmoeder/",
    "/implementering/videndeling/netvaerksmoeder/ny/",
]
EMPLOYEE_PAGES = [
    "/start/",
    "/implementering/",
    "/implementering/laest/",
    "/implementering/opkvalificering/mine/",
    "/implementering/videndeling/",
]


def _removal_pages(coordinator):
    """A library link and a network meeting, and the pages that take them out again."""
    import datetime

    from beredskab.accounts.models import Centre
    from beredskab.core.dates import today
    from beredskab.implementation import services

    resource = services.resource_add(
        actor=coordinator,
        kind="national",
        title="SIRI om negativ social kontrol",
        url="https://siri.dk/",
        owner=coordinator,
        review_on=today() + datetime.timedelta(days=90),
    )
    meeting = services.network_meeting_record(
        actor=coordinator,
        held_on=today(),
        centres=list(Centre.objects.order_by("pk")[:2]),
        themes="Overgange ved 18 år",
    )
    return [
        f"/implementering/videndeling/{resource.pk}/fjern/",
        f"/implementering/videndeling/netvaerksmoeder/{meeting.pk}/fjern/",
    ]


def _scan(page, axe_check, urls, *, widths=(1280, 360)):
    for width in widths:
        page.set_viewport_size({"width": width, "height": 800})
        for url in urls:
            page.goto(url)
            axe_check(page, f"{url} at {width} px")
            if width == 360:
                assert page.evaluate("document.documentElement.scrollWidth") <= 360, url


def test_coordinator_employee_and_leader(page, login, axe_check, plan, coordinator, people):
    login(coordinator)
    page.goto("/implementering/formidling/send/")
    page.click("main button.button-primary")  # nothing chosen: the error next to the field
    page.wait_for_load_state()
    assert "Vælg mindst én enhed" in page.inner_text("main")
    axe_check(page, "dissemination form with an error")
    page.check("main label:has-text('StraXen')")
    page.click("main button.button-primary")
    page.wait_for_load_state()
    assert "Planen er sendt til enhederne" in page.inner_text("main")

    page.goto("/implementering/opkvalificering/ny/")
    page.check("#id_kind_0")
    page.fill("#id_title", "Temadag om negativ social kontrol")
    page.fill("#id_held_on", "2026-11-02")
    page.fill("#id_hours", "6")
    page.check(f"main input[name=participants][value='{people['cw1'].pk}']")
    page.click("main button.button-primary")
    page.wait_for_load_state()
    assert "Opkvalificeringen er registreret" in page.inner_text("main")
    assert TrainingActivity.objects.get().organiser == "SIRI"

    page.goto("/implementering/videndeling/ny/")
    page.click("main button.button-primary")
    page.wait_for_load_state()
    axe_check(page, "library form with errors")
    _scan(page, axe_check, [*COORDINATOR_PAGES, *_removal_pages(coordinator)])

    page.context.clear_cookies()
    page.set_viewport_size({"width": 360, "height": 800})
    login(people["cw1"])
    page.goto("/start/")
    axe_check(page, "employee's start page, asked to acknowledge")
    page.click("main button:has-text('Jeg har læst planen og ved, hvem jeg skal kontakte')")
    page.wait_for_load_state()
    assert "Tak. Du har kvitteret for planen." in page.inner_text("main")
    assert Acknowledgement.objects.filter(user=people["cw1"]).count() == 1
    page.goto("/implementering/opkvalificering/mine/")
    assert "Temadag om negativ social kontrol" in page.inner_text("main")
    _scan(page, axe_check, EMPLOYEE_PAGES)

    page.context.clear_cookies()
    login(people["leader"])
    page.goto("/implementering/formidling/enhed/straxen/")
    main = page.inner_text("main")
    assert "Simon Sagsbehandler" in main and "Sara Sagsbehandler" not in main
    _scan(page, axe_check, ["/implementering/formidling/enhed/straxen/", "/implementering/formidling/"])
