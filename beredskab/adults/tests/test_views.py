"""The adult track's pages: reachable from an adult case only, for the case's own unit; bad input
refused next to the field; no children's-law words on any page or in the PDF."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from beredskab.adults.models import ActionPlan, Counselling, PlanStatus, Referral
from beredskab.audit.models import AuditEvent
from beredskab.cases.tests.factories import CHILDRENS_LAW_WORDS as FORBIDDEN
from beredskab.cases.tests.factories import approved_assessment, open_case, refresh

from .factories import add_sister, counselling, filled_plan


def _words(text: str) -> list[str]:
    return [word for word in FORBIDDEN if word in text]


def _pages(case, plan, referral) -> list[str]:
    ref = case.reference
    return [
        reverse("adults:overview", args=[ref]),
        reverse("adults:counselling_add", args=[ref]),
        reverse("adults:plan_detail", args=[ref, plan.version]),
        reverse("adults:plan_edit", args=[ref, plan.version]),
        reverse("adults:plan_agree", args=[ref, plan.version]),
        reverse("adults:referral_add", args=[ref]),
        reverse("adults:referral_status", args=[ref, referral.pk]),
    ]


@pytest.fixture
def world(adult, tf):
    from beredskab.adults.services import referral_record

    counselling(adult, tf)
    referral = referral_record(
        actor=tf, case=refresh(adult), kind="crisis_centre", place="Krisecenter Øst", requested_on=timezone.localdate()
    )
    return {"case": adult, "plan": filled_plan(adult, tf), "referral": referral}


def test_every_page_and_the_pdf_speak_of_the_citizen_without_childrens_law(client, world, tf):
    client.force_login(tf)
    for url in _pages(world["case"], world["plan"], world["referral"]):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not _words(response.content.decode()), (url, _words(response.content.decode()))
    pdf = client.get(reverse("adults:plan_pdf", args=[world["case"].reference, world["plan"].version]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "handlingsplan" in text.lower() and "Vil flytte og fortsætte på HF." in text
    assert not _words(text)
    assert AuditEvent.objects.filter(action="adults.action_plan_exported").count() == 1


def test_the_case_page_links_to_the_adult_pages_only_on_an_adult_case(client, plan, adult, tf, child_worker):
    client.force_login(tf)
    page = client.get(reverse("cases:detail", args=[adult.reference])).content.decode()
    assert reverse("adults:overview", args=[adult.reference]) in page
    children = open_case(child_worker)
    client.force_login(child_worker)
    page = client.get(reverse("cases:detail", args=[children.reference])).content.decode()
    assert "/voksne/" not in page
    assert client.get(reverse("adults:overview", args=[children.reference])).status_code == 404


def test_others_cannot_open_the_adult_pages(client, world, child_worker, make_user):
    from beredskab.core.roles import Role

    for user in (child_worker, make_user(Role.UNIT_LEADER, "straxen")):
        client.force_login(user)
        for url in _pages(world["case"], world["plan"], world["referral"]):
            assert client.get(url).status_code == 404, url


def test_the_overview_read_is_logged_with_the_chosen_purpose(client, world, tf):
    client.force_login(tf)
    client.get(reverse("adults:overview", args=[world["case"].reference]) + "?formaal=supervision")
    event = AuditEvent.objects.filter(action="adults.counselling_viewed").latest("seq")
    assert event.purpose == "supervision"


def test_counselling_form_refuses_bad_input_next_to_the_field(client, adult, tf):
    client.force_login(tf)
    url = reverse("adults:counselling_add", args=[adult.reference])
    response = client.post(
        url, {"basis": "sel_10", "held_on": "2199-01-01", "with_whom": "", "interpreter_used": "on", "safe_place": "x"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_with_whom_error"' in page and 'id="id_interpreter_language_error"' in page
    assert 'id="id_held_on_error"' in page
    assert not Counselling.objects.exists()
    ok = client.post(
        url,
        {
            "basis": "sel_10",
            "held_on": timezone.localdate().isoformat(),
            "with_whom": "Borgeren alene",
            "safe_place": "Jobcentret",
        },
    )
    assert ok.status_code == 302 and ok["Location"].endswith("#raadgivning")
    assert Counselling.objects.get().with_whom == "Borgeren alene"


def test_a_conversation_with_the_family_is_refused_on_the_page_with_the_reason(client, adult, tf):
    sister = add_sister(adult, tf)
    client.force_login(tf)
    url = reverse("adults:counselling_add", args=[adult.reference])
    data = {
        "basis": "sel_12a",
        "held_on": timezone.localdate().isoformat(),
        "with_whom": "Borgeren og søsteren",
        "safe_place": "Biblioteket",
        "people": [sister.pk],
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Risikoen for borgeren skal vurderes" in page and "Borgeren og søsteren" in page
    assert not _words(page)


def test_the_plan_is_agreed_on_the_page_after_the_second_person_approved_the_assessment(client, adult, tf, tf2):
    plan = filled_plan(adult, tf)
    client.force_login(tf)
    url = reverse("adults:plan_agree", args=[adult.reference, plan.version])
    today = timezone.localdate().isoformat()
    refused = client.post(url, {"agreed_on": today})
    assert refused.status_code == 409 and "risikovurderingen er godkendt" in refused.content.decode()
    approved_assessment(refresh(adult), tf, tf2)
    assert client.post(url, {"agreed_on": today}).status_code == 302
    assert ActionPlan.objects.get().status == PlanStatus.AGREED
    # An agreed plan's edit page refuses; a new version can be started.
    assert client.get(reverse("adults:plan_edit", args=[adult.reference, plan.version])).status_code == 403
    started = client.post(reverse("adults:plan_start", args=[adult.reference]))
    assert started.status_code == 302 and ActionPlan.objects.count() == 2


def test_the_plan_form_keeps_the_follow_up_dates_in_order(client, adult, tf):
    plan = filled_plan(adult, tf)
    client.force_login(tf)
    first = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        reverse("adults:plan_edit", args=[adult.reference, plan.version]),
        {"follow_up_on": first.isoformat(), "second_follow_up_on": first.isoformat(), "consent_given": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_second_follow_up_on_error"' in page and 'id="id_consent_on_error"' in page


def test_a_referral_status_is_changed_on_the_page(client, world, tf):
    client.force_login(tf)
    url = reverse("adults:referral_status", args=[world["case"].reference, world["referral"].pk])
    bad = client.post(url, {"status": "ended", "occurred_on": timezone.localdate().isoformat()})
    assert bad.status_code == 400  # not a status that may follow "requested"
    ok = client.post(url, {"status": "accepted", "occurred_on": timezone.localdate().isoformat()})
    assert ok.status_code == 302 and Referral.objects.get().status == "accepted"


def test_the_overview_names_the_family_people_who_took_part(client, adult, tf, tf2):
    sister = add_sister(adult, tf)
    approved_assessment(refresh(adult), tf, tf2)
    counselling(adult, tf, with_whom="Borgeren og søsteren", participants=[sister])
    client.force_login(tf)
    page = client.get(reverse("adults:overview", args=[adult.reference])).content.decode()
    assert "Leila Syntetisk" in page and "Borgeren og søsteren" in page


def test_starting_the_plan_twice_makes_one_draft(client, adult, tf):
    client.force_login(tf)
    url = reverse("adults:plan_start", args=[adult.reference])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # refused with a message: one draft at a time
    assert ActionPlan.objects.count() == 1


CHILDRENS_URL_WORDS = ("barn", "boern", "børn", "forael", "forræl", "foraeldre", "forældre")


def _addresses(html: str) -> list[str]:
    """Every address and fragment a page can send the browser to (links, forms, ids for #)."""
    return re.findall(r'(?:href|action|src|id|hx-get|hx-post|formaction)="([^"]*)"', html)


def test_no_address_an_adult_case_produces_speaks_of_children(client, world, tf):
    """The case page and every page of the case it links to (and the adult pages): no URL, form
    address or #fragment with a children's word; the old person address redirects."""
    client.force_login(tf)
    case = world["case"]
    start = reverse("cases:detail", args=[case.reference])
    todo, seen = [start, *_pages(case, world["plan"], world["referral"])], set()
    own = (f"/sager/{case.reference}/", f"/risiko/{case.reference}/", f"/voksne/{case.reference}/")
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        assert not [w for w in CHILDRENS_URL_WORDS if w in url.lower()], url
        html = response.content.decode()
        for address in _addresses(html):
            assert not [w for w in CHILDRENS_URL_WORDS if w in address.lower()], (url, address)
        for link in re.findall(r'<a [^>]*href="([^"]*)"', html):  # pages to follow (forms post)
            path = link.split("#")[0]
            if path.startswith(own) and "pdf" not in path and "/luk" not in path and "eksport" not in path:
                todo.append(path)
    assert reverse("cases:subject", args=[case.reference]) in seen
    old = client.get(f"/sager/{case.reference}/barnet/")
    assert old.status_code == 302 and old["Location"] == reverse("cases:subject", args=[case.reference])


def test_the_adult_pages_use_the_plans_own_words(client, world, tf, plan):
    """A plan that says "æresmotiverede konflikter" and names its own security adviser: the case
    page, the adult overview and the lists say so, not the default words."""
    plan.terms.create(key="aerk", word="æresmotiverede konflikter")
    plan.terms.create(key="aerk_short", word="ÆMK")
    plan.terms.create(key="security_consultant", word="SIRI-sikkerhedsrådgiver")
    case = world["case"]
    from beredskab.cases.models import Case

    Case.objects.filter(pk=case.pk).update(nsk_aerk_flagged_at=timezone.now())
    client.force_login(tf)
    detail = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    overview = client.get(reverse("adults:overview", args=[case.reference])).content.decode()
    for page in (detail, overview):
        page = page.replace(case.unit.name, "")  # the unit's own name is the organisation's, not the plan's
        assert "æresrelatere" not in page and "ÆRK" not in page and "ikkerhedskonsulent" not in page
    assert "NSK/ÆMK kan være involveret" in detail and "Tidligere æresmotiverede konflikter" in detail
    assert "SIRI-sikkerhedsrådgiver (serviceloven § 12 c)" in overview
