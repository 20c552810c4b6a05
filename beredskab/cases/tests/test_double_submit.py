"""A form sent twice makes its record once (issue 12, item 12). Journal entries, network steps
and decisions are append-only: a double click must never leave two that can never be deleted.

Every staff URL is found from the URL configuration and classified: a page whose form makes
or changes a record is posted twice here (the second post of the same page goes to the record
the first one made, and nothing new is written); every other URL says why it needs no token.
A new URL that is neither fails `test_every_staff_url_is_classified`."""

import datetime
import re
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from beredskab.cases.models import Case, JournalEntry, NetworkStep
from beredskab.core.models import FormSubmission
from beredskab.core.roles import Role
from beredskab.core.submissions import TOKEN_FIELD

from .factories import (
    OVERRIDE_REASON,
    add_parent,
    assess,
    open_case,
    refresh,
    screen,
)
from .scenes import form_errors, grown, row_counts, token_on_page

pytestmark = pytest.mark.usefixtures("plan")
TODAY = datetime.date.today().isoformat()

# --- which URLs make records ---------------------------------------------------------------

# A page whose form makes or changes a record: posted twice in `test_a_double_post_makes_one_record`.
CREATES = {
    "cases:queue_open_case",
    "cases:queue_add_to_case",
    "cases:assign",
    "cases:urgent_assessment",
    "cases:receipt",
    "cases:feedback",
    "cases:reporter_release",
    "cases:screening",
    "cases:subject",
    "cases:person_add",
    "cases:person_edit",
    "cases:network_step",
    "cases:journal_add",
    "cases:task_add",
    "cases:decision_add",
    "cases:intervention_add",
    "cases:intervention_end",
    "cases:share_add",
    "cases:share_revoke",
    "cases:restriction_add",
    "cases:protection",
    "cases:close",
    "cases:reopen",
    "cases:track",
    "cases:legal_hold",
    "cases:coming_of_age",
    "cases:break_glass",
    "cases:break_glass_review",
    "risk:edit",
    "risk:review",
    "risk:override",
    "risk:not_involved",
    "risk:confirm_assessment",
    "risk:consultation_add",
    "plan:adopt",
    "plan:draft_new",
    "plan:cancel_scheduled",
    "adults:counselling_add",
    "adults:plan_edit",
    "adults:plan_agree",
    "adults:referral_add",
    "adults:referral_status",
    "implementation:disseminate",
    "implementation:training_add",
    "implementation:training_requirements",
    "implementation:library_add",
    "implementation:meeting_add",
    "safety:plan_new",
    "safety:plan_edit",
    "safety:scenario_add",
    "safety:no_show_handle",
    "safety:trip_add",
    "safety:trip_return",
}
# Buttons without a form: the service's state check refuses the second press (posted twice too).
STATE_GUARDED_BUTTONS = {
    "cases:claim": "a case has one owner; claiming it again changes nothing",
    "cases:status": "a transition from the state the case is no longer in is refused",
    "cases:flag": "setting the flag again changes nothing",
    "cases:screening_approve": "an approved screening cannot be approved again",
    "cases:task_close": "a closed task cannot be closed again",
    "cases:restriction_lift": "a lifted restriction cannot be lifted again",
    "cases:unprotect": "an unprotected case cannot be unprotected again",
    "risk:start": "one draft at a time: a second start is refused",
    "risk:override_revoke": "a revoked override cannot be revoked again",
    "plan:archive": "an archived draft cannot be archived again",
    "plan:confirm_fact": "a confirmed fact stays confirmed",
    "plan:edit_section": (
        "the section's fingerprint (hidden `version`): a second post of the same page finds its values "
        "saved and saves nothing; a page from before another save is refused as stale, the input kept "
        "(plan/tests/test_editor.py::test_a_stale_save_is_refused)"
    ),
    "plan:roll_back": (
        "a form with a reason, on the version in force: once rolled back it is archived, and a second post "
        "of the same page is refused (test_adoption_schedule.py::test_roll_back_page)"
    ),
    "taskforce:member_add": "a person is on a unit's roster once: adding them again is refused",
    "taskforce:member_edit": "setting the role a member has is refused; a removed member cannot be removed again",
    "taskforce:absence_add": "an absence overlapping one already registered for the person is refused",
    "taskforce:absence_remove": "a deleted absence cannot be deleted again",
    "taskforce:reassign": "giving an inquiry to the owner it has is refused",
    "adults:plan_start": "one draft at a time: a second start is refused",
    "implementation:acknowledge": "one acknowledgement per person and version: a second click returns the first",
    "goals:export_order": (
        "the same file ordered again within a minute while the first is being made returns the first "
        "(goals/tests/test_export_jobs.py::test_a_double_click_orders_one_file)"
    ),
    "implementation:library_remove": "a removed resource is gone: removing it again is refused (404)",
    "implementation:meeting_remove": "a removed meeting is gone: removing it again is refused (404)",
    "safety:plan_end": "an ended plan cannot be ended again",
    "safety:no_show": (
        "one-time token (a second post goes back to the button, test_views) and one unhandled no-show "
        "per plan: a second press is refused"
    ),
}
NO_RECORD = {
    # Pages that only show (a read may be audited; a second read is a second read).
    **dict.fromkeys(
        [
            "cases:queue",
            "cases:mine",
            "cases:unit",
            "cases:deadlines",
            "cases:break_glass_reviews",
            "cases:gate_oversight",
            "cases:queue_report",
            "cases:detail",
            "cases:receipt_letter",
            "risk:detail",
            "adults:overview",
            "adults:plan_detail",
            "plan:list",
            "plan:detail",
            "plan:compare",
            "plan:export",
            "plan:edit",
            "audit:search",
            "intake:start",
            "intake:acute",
            "intake:receipt",
            "intake:receipt_pdf",
            "intake:unit_reports",
            "intake:report_detail",
            "intake:attachment",
            "core:landing",
            "core:home",
            "core:accessibility",
            "core:health",
            "taskforce:index",
            "taskforce:roster",
            "taskforce:overview",
            "implementation:index",
            "implementation:dissemination",
            "implementation:unit_missing",
            "implementation:training",
            "implementation:my_training",
            "implementation:library",
            "implementation:meetings",
            "safety:overview",
            "safety:plan_detail",
            "safety:radar",
            "safety:holiday_list",
            "api:plan",
            "api:route",
            "api:case_list",
            "api:case_detail",
            "api:statistics",
            "api:schema",
            "api:docs",
        ],
        "shows, makes nothing",
    ),
    "cases:file_access_export": "a document; each one is audited; its outbound release form has the token",
    "risk:export": "a document; each one is audited; its outbound release form has the token",
    "adults:plan_pdf": "a document for the citizen; each one is audited",
    "cases:subject_moved": "the person page's old address: a redirect, makes nothing",
    "audit:citizen_access": "a look-up; each one is audited as a read",
    "goals:dashboard": "counts for leaders and the coordinator (GET filters); each view is audited as a read",
    "goals:cases_behind": "a list behind a barometer figure (GET); each one is audited as a read",
    "goals:export": "a file of the dashboard's tables (GET); each one is audited as a read",
    "goals:council_pdf": "the council's yearly report as a PDF (GET); each one is audited as a read",
    "goals:statistics_export": "a file of the reports for Danmarks Statistik (GET); each one is audited as a read",
    "goals:export_status": "the status of a file the user ordered (GET), makes nothing",
    "goals:export_download": "a file the user ordered (GET); each download is audited as a read",
    "intake:create": "the public report form has its own token (intake submission_token)",
    "intake:staff_create": "the report form has its own token (intake submission_token)",
    "implementation:library_file": "a file download, makes nothing",
    "safety:plan_pdf": "a document (pocket card or staff version); each one is audited",
}
# API endpoints that write (JSON, token or session auth): no page and no form token; a client's
# retry is decided by the request's idempotency key, proved by the named test in beredskab/api/tests.
API_IDEMPOTENT = {
    "api:reports": (
        "POST needs an Idempotency-Key (the report's submission_token): the same key gives the first report "
        "back (test_public.py::test_the_same_idempotency_key_gives_the_first_report_back); GET only lists"
    ),
    "api:network_step": (
        "POST takes an optional Idempotency-Key, claimed in FormSubmission as a form's token (core.submissions."
        "claim_once): a retry with the same key and step gives the first step back (test_cases.py::"
        "test_a_retried_step_with_the_same_idempotency_key_is_recorded_once)"
    ),
}
# API endpoints that write WITHOUT a guard against a retry: known gaps, listed so they stay visible.
API_NOT_IDEMPOTENT: dict[str, str] = {}
# Signing in and one's own account: no case records (sessions, devices and reviews decide
# twice by their own state).
ACCOUNT_PAGES = {"accounts"}
PUBLIC_APPS = {"guide", "set_language", "javascript-catalog", "admin", "oidc"}


def _names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _names(pattern.url_patterns, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"


def test_every_staff_url_is_classified():
    names = set(_names(get_resolver().url_patterns))
    staff = {n for n in names if ":" in n and n.split(":")[0] not in ACCOUNT_PAGES | PUBLIC_APPS}
    known = CREATES | set(STATE_GUARDED_BUTTONS) | set(NO_RECORD) | set(API_IDEMPOTENT) | set(API_NOT_IDEMPOTENT)
    unclassified = sorted(staff - known)
    assert not unclassified, f"say whether these URLs make records (and test a double post): {unclassified}"
    assert not sorted(known - names), "classified URLs that no longer exist"


@pytest.mark.parametrize("name", sorted(CREATES))
def test_a_double_post_makes_one_record(scene, name):
    user, page, post_url, data, prefix = scene.build(name)
    client = Client()
    client.force_login(user)
    shown = client.get(page or post_url)
    token = token_on_page(shown.content.decode(), prefix)
    data = {**data, prefix + TOKEN_FIELD: token or ""}
    found = re.search(r'name="gate_token" value="([^"]*)"', shown.content.decode())
    if found:
        data["gate_token"] = found.group(1)
    first = client.post(post_url, data)
    assert first.status_code == 302, f"{name}: not accepted ({first.status_code}): {form_errors(first)}"
    before = row_counts()
    second = client.post(post_url, data)
    assert not grown(before, row_counts()), f"{name}: the second post wrote again"
    assert token, f"{name}: the form carries no one-time token"
    assert second.status_code == 302, f"{name}: the second post should go to the record ({second.status_code})"
    assert second["Location"] == first["Location"]
    assert FormSubmission.objects.filter(token=token).count() == 1


def test_the_second_post_says_the_form_was_already_sent(scene, worker):
    _user, _page, post_url, data, _prefix = scene.build("cases:journal_add")
    client = Client()
    client.force_login(worker)
    data[TOKEN_FIELD] = token_on_page(client.get(post_url).content.decode())
    client.post(post_url, data)
    followed = client.post(post_url, data, follow=True)
    assert "Formularen var allerede sendt" in followed.content.decode()
    assert JournalEntry.objects.count() == 1


def test_two_tabs_have_two_tokens_and_make_two_records(scene, worker):
    _user, _page, post_url, data, _prefix = scene.build("cases:journal_add")
    client = Client()
    client.force_login(worker)
    first_tab, second_tab = (token_on_page(client.get(post_url).content.decode()) for _ in range(2))
    assert first_tab != second_tab
    client.post(post_url, {**data, TOKEN_FIELD: first_tab})
    client.post(post_url, {**data, "body": "Et andet notat.", TOKEN_FIELD: second_tab})
    assert JournalEntry.objects.count() == 2


def test_a_page_sent_changed_after_back_keeps_what_was_typed_with_a_freshtoken_on_page(scene, worker):
    _user, _page, post_url, data, _prefix = scene.build("cases:journal_add")
    client = Client()
    client.force_login(worker)
    token = token_on_page(client.get(post_url).content.decode())
    client.post(post_url, {**data, TOKEN_FIELD: token})
    again = client.post(post_url, {**data, "body": "Rettet tekst efter tilbage-knappen.", TOKEN_FIELD: token})
    assert again.status_code == 409
    content = again.content.decode()
    assert "Rettet tekst efter tilbage-knappen." in content and "allerede sendt én gang" in content
    fresh = token_on_page(content)
    assert fresh and fresh != token
    assert client.post(post_url, {**data, "body": "Rettet tekst.", TOKEN_FIELD: fresh}).status_code == 302
    assert JournalEntry.objects.count() == 2


def test_a_refused_post_does_not_use_up_thetoken_on_page(scene, worker):
    _user, _page, post_url, data, _prefix = scene.build("cases:journal_add")
    client = Client()
    client.force_login(worker)
    token = token_on_page(client.get(post_url).content.decode())
    phone_call = {**data, "kind": "phone", "no_family": ""}
    refused = client.post(post_url, {**phone_call, TOKEN_FIELD: token})  # the service asks who took part
    assert refused.status_code == 409 and not JournalEntry.objects.exists()
    assert client.post(post_url, {**phone_call, "no_family": "on", TOKEN_FIELD: token}).status_code == 302
    assert JournalEntry.objects.count() == 1


def test_another_users_token_never_leads_to_their_record(scene, worker, worker2):
    _user, _page, post_url, data, _prefix = scene.build("cases:journal_add")
    owner = Client()
    owner.force_login(worker)
    token = token_on_page(owner.get(post_url).content.decode())
    owner.post(post_url, {**data, TOKEN_FIELD: token})
    other = Client()
    other.force_login(worker2)
    answer = other.post(post_url, {**data, TOKEN_FIELD: token})
    assert answer.status_code in (403, 409) and JournalEntry.objects.count() == 1


@pytest.mark.parametrize(
    "name", ["cases:task_close", "cases:restriction_lift", "risk:start", "cases:claim", "cases:screening_approve"]
)
def test_a_button_pressed_twice_makes_one_change(scene, worker, leader, name):
    from beredskab.cases import services

    case = scene.case()
    user = worker
    if name == "cases:task_close":
        task = services.task_add(actor=worker, case=case, owner=worker, title="Ring", due_on=datetime.date.today())
        post_url, data = reverse(name, args=[case.reference, task.pk]), {}
    elif name == "cases:restriction_lift":
        restriction = services.restriction_add(
            actor=worker, case=case, item=case, field_name="subject_address", audience="network", reason="Sikkerhed."
        )
        post_url, data = reverse(name, args=[case.reference, restriction.pk]), {}
    elif name == "risk:start":
        post_url, data = reverse(name, args=[assess(case, worker).reference]), {}
    elif name == "cases:claim":
        unowned = Case.objects.filter(pk=case.pk)
        unowned.update(owner=None)
        post_url, data = reverse(name, args=[case.reference]), {}
    else:
        screened = screen(assess(case, worker), worker, flag=False)
        user = leader
        post_url = reverse(name, args=[screened.reference, screened.screenings.get().pk])
        data = {}
    client = Client()
    client.force_login(user)
    assert client.post(post_url, data).status_code == 302
    before = row_counts()
    client.post(post_url, data)
    assert not grown(before, row_counts())


def test_the_admin_records_one_network_step_when_its_form_is_sent_twice(make_user, leader):
    staff_worker = make_user(Role.CHILD_CASEWORKER, "straxen", is_staff=True, full_name="Sofie Staff")
    case = open_case(staff_worker)
    case = screen(assess(case, staff_worker), staff_worker, flag=True)
    from beredskab.cases.risk.services import gate_override_grant

    gate_override_grant(actor=leader, case=refresh(case), reason=OVERRIDE_REASON)
    person = add_parent(case, staff_worker)
    client = Client()
    client.force_login(staff_worker)
    add_url = reverse("admin:cases_networkstep_add")
    token = token_on_page(client.get(add_url).content.decode())
    assert token
    data = {
        "case": case.pk,
        "kind": "contact",
        "people": [person.pk],
        "occurred_on": TODAY,
        "summary": "Telefonsamtale om skolegang.",
        TOKEN_FIELD: token,
    }
    assert client.post(add_url, data).status_code == 302
    second = client.post(add_url, data)
    assert second.status_code in (200, 302)
    assert NetworkStep.objects.count() == 1
    if second.status_code == 200:
        assert "allerede sendt" in second.content.decode()


# --- two posts at the same moment (PostgreSQL) ---------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_token_at_the_same_moment_make_one_record(plan, worker):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (CI runs it)")
    case = open_case(worker)
    post_url = reverse("cases:journal_add", args=[case.reference])
    token = str(uuid.uuid4())
    data = {"kind": "note", "occurred_on": TODAY, "body": "Samme notat.", "no_family": "on", TOKEN_FIELD: token}
    barrier = threading.Barrier(3)
    answers = []

    def post():
        try:
            client = Client()
            client.force_login(worker)
            barrier.wait()
            answers.append(client.post(post_url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302, 302, 302]
    assert JournalEntry.objects.filter(case=case).count() == 1


def test_tokens_are_deleted_with_the_retention_job(scene, worker):
    from django.utils import timezone

    from beredskab.intake import retention

    FormSubmission.objects.create(
        token=uuid.uuid4(),
        user_id=worker.pk,
        form="x",
        digest="0",
        created_at=timezone.now() - datetime.timedelta(days=40),
    )
    recent = FormSubmission.objects.create(
        token=uuid.uuid4(), user_id=worker.pk, form="x", digest="0", created_at=timezone.now()
    )
    retention.apply_retention()
    assert list(FormSubmission.objects.all()) == [recent]
