"""The idle timeout never throws away what a worker typed (issue 12, item 5; WCAG 2.2.1).

A journal note or risk assessment posted after the 30 idle minutes used to end on the login page
with the text gone. Now it is kept encrypted for the same user in the same browser for two
hours, and given back in the form (not saved) after the next login. The idle warning's
endpoints: "Forbliv logget ind" renews the session, the status question does not.
"""

import datetime
import json
import logging
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from beredskab.accounts import kept_drafts
from beredskab.accounts.models import KeptDraft
from beredskab.audit.models import AuditEvent
from beredskab.cases.models import JournalEntry
from beredskab.core.roles import Role

pytestmark = pytest.mark.django_db

NOTE = (
    "Samtale med klasselæreren om fravær og trivsel i frikvartererne. Hun vil gerne tale med "
    "sundhedsplejersken igen i næste uge. Kendetegn-7Q4Z."
)
MARK = "Kendetegn-7Q4Z"
ORIGIN = "http://testserver"


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def _journal_url(case):
    return reverse("cases:journal_add", args=[case.reference])


def _note(token, **extra):
    data = {"csrfmiddlewaretoken": token, "kind": "note", "occurred_on": timezone.localdate().isoformat()}
    data["body"] = NOTE
    data.update(extra)
    return data


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def browser_client():
    """A browser: cookies kept, CSRF checked as in real life."""
    return Client(enforce_csrf_checks=True)


def _write_then_walk_away(client, user, case, clock, *, minutes=31, **extra):
    """The worker opens the journal form, types, goes for `minutes`, then sends it."""
    client.force_login(user)
    url = _journal_url(case)
    token = _token(client.get(url))
    clock.shift(datetime.timedelta(minutes=minutes))
    return client.post(url, _note(token, **extra), headers={"Origin": ORIGIN, "Referer": ORIGIN + url})


def _restored_fields(response) -> dict:
    match = re.search(r'<script id="kept-draft-data" type="application/json">(.*?)</script>', response.content.decode())
    if match is None:
        return {}
    return dict(json.loads(match.group(1))["fields"]) | {"_action": json.loads(match.group(1))["action"]}


# --- the finding: an expired session's post --------------------------------------------------


def test_a_journal_note_posted_after_the_idle_timeout_comes_back_in_the_form_after_login(
    browser_client, worker, case, clock
):
    url = _journal_url(case)
    response = _write_then_walk_away(browser_client, worker, case, clock)

    # Not saved, and the way back to the form goes through the login page, with the notice.
    assert response.status_code == 302
    assert response["Location"] == f"/konto/login/?next={url}"
    assert not JournalEntry.objects.exists()
    login_page = browser_client.get(response["Location"]).content.decode()
    assert "Det, du skrev, er gemt sikkert i to timer" in login_page
    draft = KeptDraft.objects.get()
    assert draft.owner == worker and draft.expires_at == timezone.now() + datetime.timedelta(hours=2)

    # Logged in again in the same browser: the form, with the text in it, not saved yet.
    browser_client.force_login(worker)
    page = browser_client.get(url)
    content = page.content.decode()
    assert page.status_code == 200
    assert "Det, du skrev, er hentet tilbage – men ikke gemt" in content
    restored = _restored_fields(page)
    assert restored["body"] == NOTE and restored["kind"] == "note" and restored["_action"] == url
    assert "csrfmiddlewaretoken" not in restored
    assert not JournalEntry.objects.exists()
    assert AuditEvent.objects.filter(action="accounts.draft_restored", actor_id=worker.pk).exists()

    # The worker sends it themselves: saved once, and the kept copy is gone.
    sent = browser_client.post(url, _note(_token(page)), headers={"Origin": ORIGIN})
    assert sent.status_code == 302
    assert JournalEntry.objects.get().body == NOTE
    assert not KeptDraft.objects.exists()
    assert "kept-draft-data" not in browser_client.get(url).content.decode()


def test_a_risk_assessment_posted_after_the_idle_timeout_is_kept_too(browser_client, worker, clock, plan):
    from beredskab.cases.risk.services import risk_assessment_start
    from beredskab.cases.tests.factories import flagged_case

    flagged = flagged_case(worker)
    assessment = risk_assessment_start(actor=worker, case=flagged)
    url = reverse("risk:edit", args=[flagged.reference, assessment.version])
    browser_client.force_login(worker)
    token = _token(browser_client.get(url))
    clock.shift(datetime.timedelta(minutes=45))
    data = {"csrfmiddlewaretoken": token, "action": "save", "conclusion": NOTE, "scenarios": "Rejse i ferien."}
    response = browser_client.post(url, data, headers={"Origin": ORIGIN, "Referer": ORIGIN + url})
    assert response["Location"] == f"/konto/login/?next={url}"
    assessment.refresh_from_db()
    assert assessment.conclusion == ""
    browser_client.force_login(worker)
    restored = _restored_fields(browser_client.get(url))
    assert restored["conclusion"] == NOTE and restored["scenarios"] == "Rejse i ferien."


def test_another_person_logging_in_on_the_same_browser_does_not_get_the_text(
    browser_client, worker, worker2, case, clock
):
    url = _journal_url(case)
    _write_then_walk_away(browser_client, worker, case, clock)
    # A colleague in the same unit (who may open the same form) logs in on the shared browser.
    browser_client.force_login(worker2)
    page = browser_client.get(url)
    assert page.status_code == 200
    assert MARK not in page.content.decode() and "kept-draft" not in page.content.decode()
    assert not AuditEvent.objects.filter(action="accounts.draft_restored").exists()
    # Their own post to that form does not use the worker's draft up either.
    assert KeptDraft.objects.filter(owner=worker).count() == 1
    browser_client.post(url, _note(_token(page), body="Kollegaens eget notat."), headers={"Origin": ORIGIN})
    assert KeptDraft.objects.filter(owner=worker).count() == 1
    # The worker, back at the browser later, gets it.
    browser_client.force_login(worker)
    assert _restored_fields(browser_client.get(url))["body"] == NOTE


def test_the_same_user_in_another_browser_does_not_get_the_text(browser_client, worker, case, clock):
    _write_then_walk_away(browser_client, worker, case, clock)
    elsewhere = Client(enforce_csrf_checks=True)
    elsewhere.force_login(worker)
    assert MARK not in elsewhere.get(_journal_url(case)).content.decode()


def test_kept_text_is_deleted_after_two_hours(browser_client, worker, case, clock):
    _write_then_walk_away(browser_client, worker, case, clock)
    clock.shift(datetime.timedelta(hours=2, minutes=1))
    browser_client.force_login(worker)  # every login clears expired texts too
    assert not KeptDraft.objects.exists()
    assert MARK not in browser_client.get(_journal_url(case)).content.decode()
    event = AuditEvent.objects.filter(action="accounts.drafts_expired").get()
    assert event.new_values == {"count": 1}


def test_expired_texts_are_deleted_when_read_even_without_a_login(browser_client, worker, case, clock):
    _write_then_walk_away(browser_client, worker, case, clock)
    clock.shift(datetime.timedelta(hours=3))
    assert kept_drafts.drafts_for(user=worker, browser_key="x" * 43) == []
    assert not KeptDraft.objects.exists()


def test_kept_text_is_encrypted_at_rest(browser_client, worker, case, clock):
    _write_then_walk_away(browser_client, worker, case, clock)
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload, browser_key_hash FROM accounts_keptdraft")
        ((raw, key_hash),) = cursor.fetchall()
    assert MARK not in raw and "klasselæreren" not in raw and "/sager/" not in raw
    assert raw.startswith("gAAAA")  # a Fernet token
    ticket = kept_drafts.ticket_read(_RequestWithCookies(browser_client))
    assert ticket is not None and ticket.key not in key_hash and len(key_hash) == 64
    assert MARK in KeptDraft.objects.get().payload  # decrypted by the field


def test_the_text_never_reaches_the_audit_log_the_logs_or_a_url(browser_client, worker, case, clock, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django.request", "django.security", "beredskab"):
        caplog.set_level(logging.DEBUG, logger=name)
    response = _write_then_walk_away(browser_client, worker, case, clock, minutes=40)
    locations = [response["Location"]]
    browser_client.force_login(worker)
    page = browser_client.get(_journal_url(case))
    # A stale page after a new login elsewhere (CSRF refused): kept too.
    browser_client.cookies[settings.CSRF_COOKIE_NAME] = "A" * 32
    stale = browser_client.post(_journal_url(case), _note(_token(page)), headers={"Origin": ORIGIN})
    locations.append(stale["Location"])
    clock.shift(datetime.timedelta(hours=3))
    kept_drafts.drafts_purge_expired()

    assert not any(MARK in location or "klasse" in location for location in locations)
    assert MARK not in caplog.text and "klasselæreren" not in caplog.text
    events = AuditEvent.objects.filter(action__startswith="accounts.draft")
    assert {e.action for e in events} >= {"accounts.draft_kept", "accounts.draft_restored", "accounts.drafts_expired"}
    for event in AuditEvent.objects.all():
        stored = json.dumps([event.old_values, event.new_values, event.target_id, event.target_type, event.person_ref])
        assert MARK not in stored and "klasselæreren" not in stored


# --- CSRF: the old page's token ----------------------------------------------------------------


def test_the_expired_sessions_csrf_token_still_gets_the_text_kept(browser_client, worker, case, clock):
    """The CSRF check runs before the view: the kept path must pass it with the old page's token."""
    response = _write_then_walk_away(browser_client, worker, case, clock)
    assert response.status_code == 302 and KeptDraft.objects.count() == 1


def test_a_stale_page_after_a_new_login_in_another_tab_is_kept_not_refused(browser_client, worker, case, clock):
    url = _journal_url(case)
    browser_client.force_login(worker)
    old_page_token = _token(browser_client.get(url))
    clock.shift(datetime.timedelta(minutes=35))
    # Another tab: the login page, a new login. Django gives the browser a new CSRF secret.
    browser_client.force_login(worker)
    browser_client.cookies[settings.CSRF_COOKIE_NAME] = "B" * 32
    response = browser_client.post(url, _note(old_page_token), headers={"Origin": ORIGIN, "Referer": ORIGIN + url})
    assert response.status_code == 302 and response["Location"] == url
    assert not JournalEntry.objects.exists()
    page = browser_client.get(url)
    assert "Siden var forældet" in page.content.decode()
    assert _restored_fields(page)["body"] == NOTE
    # Sent again from the fresh page: saved.
    assert browser_client.post(url, _note(_token(page)), headers={"Origin": ORIGIN}).status_code == 302
    assert JournalEntry.objects.get().body == NOTE


def test_a_stale_page_of_one_user_sent_after_another_logged_in_is_kept_for_the_first_only(
    browser_client, worker, worker2, case, clock
):
    """The page's script marks each form with its page's user: A's page left open, A's login
    ended, B logged in on the same browser and sent A's form. B must not get A's text."""
    url = _journal_url(case)
    browser_client.force_login(worker)
    page = browser_client.get(url)
    assert 'data-page-user="gAAAA' in page.content.decode()
    marked = _note(_token(page), beredskab_page_user=kept_drafts.page_user_token(worker))
    clock.shift(datetime.timedelta(minutes=40))
    browser_client.force_login(worker2)
    browser_client.cookies[settings.CSRF_COOKIE_NAME] = "E" * 32
    response = browser_client.post(url, marked, headers={"Origin": ORIGIN, "Referer": ORIGIN + url})
    assert response.status_code == 302 and response["Location"] == url
    shown = browser_client.get(url).content.decode()
    assert "hørte til en anden brugers login" in shown and MARK not in shown and "kept-draft-data" not in shown
    assert KeptDraft.objects.get().owner == worker
    assert AuditEvent.objects.get(action="accounts.draft_kept").new_values["source"] == "page"
    browser_client.force_login(worker)
    restored = _restored_fields(browser_client.get(url))
    assert restored["body"] == NOTE and "beredskab_page_user" not in restored


def test_a_forged_page_mark_is_ignored(browser_client, worker, case, clock):
    forged = _write_then_walk_away(browser_client, worker, case, clock, beredskab_page_user="gAAAAAforged")
    assert forged.status_code == 302
    assert AuditEvent.objects.get(action="accounts.draft_kept").new_values["source"] == "ended_session"


def test_a_csrf_failure_without_proof_of_origin_is_refused_and_nothing_kept(browser_client, worker, case):
    browser_client.force_login(worker)
    browser_client.get(_journal_url(case))
    browser_client.cookies[settings.CSRF_COOKIE_NAME] = "C" * 32
    response = browser_client.post(_journal_url(case), _note("D" * 64))
    assert response.status_code == 403
    assert not KeptDraft.objects.exists()
    other_site = browser_client.post(_journal_url(case), _note("D" * 64), headers={"Origin": "https://evil.example"})
    assert other_site.status_code == 403 and not KeptDraft.objects.exists()


# --- the other ways a login ends --------------------------------------------------------------


def test_after_log_out_everywhere_a_form_sent_from_an_old_tab_is_kept(browser_client, worker, case):
    url = _journal_url(case)
    browser_client.force_login(worker)
    token = _token(browser_client.get(url))
    laptop = Client()
    laptop.force_login(worker)
    laptop.post(reverse("accounts:logout_everywhere"))
    response = browser_client.post(url, _note(token), headers={"Origin": ORIGIN, "Referer": ORIGIN + url})
    assert response["Location"] == f"/konto/login/?next={url}"
    assert KeptDraft.objects.get().owner == worker
    assert AuditEvent.objects.get(action="accounts.draft_kept").new_values["source"] == "revoked"


def test_after_log_af_a_form_sent_from_another_tab_is_kept_for_that_user(browser_client, worker, worker2, case):
    url = _journal_url(case)
    browser_client.force_login(worker)
    page = browser_client.get(url)
    token = _token(page)
    browser_client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token}, headers={"Origin": ORIGIN})
    response = browser_client.post(url, _note(token), headers={"Origin": ORIGIN, "Referer": ORIGIN + url})
    assert response["Location"] == f"/konto/login/?next={url}"
    assert AuditEvent.objects.get(action="accounts.draft_kept").new_values["source"] == "logged_out"
    browser_client.force_login(worker2)
    assert MARK not in browser_client.get(url).content.decode()
    browser_client.force_login(worker)
    assert _restored_fields(browser_client.get(url))["body"] == NOTE


def test_after_log_out_everywhere_in_this_browser_a_form_from_another_tab_is_kept(browser_client, worker, case):
    url = _journal_url(case)
    browser_client.force_login(worker)
    token = _token(browser_client.get(url))
    everywhere = reverse("accounts:logout_everywhere")
    browser_client.post(everywhere, {"csrfmiddlewaretoken": token}, headers={"Origin": ORIGIN})
    response = browser_client.post(url, _note(token), headers={"Origin": ORIGIN, "Referer": ORIGIN + url})
    assert response["Location"] == f"/konto/login/?next={url}"
    assert KeptDraft.objects.get().owner == worker


def test_at_most_ten_texts_are_kept_per_user(browser_client, worker, case, clock):
    url = _journal_url(case)
    browser_client.force_login(worker)
    token = _token(browser_client.get(url))
    clock.shift(datetime.timedelta(minutes=31))
    for n in range(12):
        body = f"Notat nummer {n} om trivsel."
        browser_client.post(url, _note(token, body=body), headers={"Origin": ORIGIN, "Referer": ORIGIN + url})
    kept = [dict(json.loads(d.payload)["fields"])["body"] for d in KeptDraft.objects.all()]
    assert len(kept) == 10 and kept[0] == "Notat nummer 11 om trivsel." and "Notat nummer 1 om trivsel." not in kept


def test_when_nobody_can_be_named_the_text_is_shown_to_copy_not_thrown_away(browser_client, worker, case, clock):
    url = _journal_url(case)
    browser_client.force_login(worker)
    token = _token(browser_client.get(url))
    clock.shift(datetime.timedelta(minutes=31))
    Session.objects.all().delete()  # `clearsessions` ran meanwhile
    response = browser_client.post(url, _note(token), headers={"Origin": ORIGIN, "Referer": ORIGIN + url})
    content = response.content.decode()
    assert response.status_code == 200 and "Formularen blev ikke sendt" in content
    assert "Samtale med klasselæreren" in content and f'href="/konto/login/?next={url}"' in content
    assert not KeptDraft.objects.exists() and not JournalEntry.objects.exists()


# --- what is and is not kept --------------------------------------------------------------------


def test_files_are_not_kept_and_the_notice_says_so(browser_client, worker, case, clock):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _write_then_walk_away(
        browser_client, worker, case, clock, bilag=SimpleUploadedFile("notat.txt", b"hej", content_type="text/plain")
    )
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="accounts.draft_kept").new_values["files_left_out"] == 1
    browser_client.force_login(worker)
    assert "Vedhæftede filer bliver ikke gemt" in browser_client.get(_journal_url(case)).content.decode()


def test_posts_without_typed_text_and_login_pages_are_never_kept(browser_client, worker, case, clock):
    browser_client.force_login(worker)
    token = _token(browser_client.get(_journal_url(case)))
    clock.shift(datetime.timedelta(minutes=31))
    claim = browser_client.post(reverse("cases:claim", args=[case.reference]), {"csrfmiddlewaretoken": token})
    assert claim.status_code == 302 and claim["Location"].startswith("/konto/login/")
    login = browser_client.post(
        reverse("accounts:login"),
        {"csrfmiddlewaretoken": token, "username": worker.email, "password": "forkert-adgangskode"},
    )
    assert login.status_code == 200
    assert not KeptDraft.objects.exists()
    assert kept_drafts.typed_fields(_QueryDict("new_password1=x&body=y&csrfmiddlewaretoken=z")) == [("body", "y")]


def test_the_keep_only_marker_never_sends_the_form(browser_client, worker, case):
    """idle-timeout.js's "Log ind igen" after the time ran out: kept, never saved, even if the
    login turns out to be alive after all."""
    url = _journal_url(case)
    browser_client.force_login(worker)
    token = _token(browser_client.get(url))
    response = browser_client.post(
        url, _note(token, beredskab_keep_draft="1"), headers={"Origin": ORIGIN, "Referer": ORIGIN + url}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert not JournalEntry.objects.exists()
    restored = _restored_fields(browser_client.get(url))
    assert restored["body"] == NOTE and "beredskab_keep_draft" not in restored


def test_the_restored_text_can_be_thrown_away(browser_client, worker, case, clock):
    url = _journal_url(case)
    _write_then_walk_away(browser_client, worker, case, clock)
    browser_client.force_login(worker)
    page = browser_client.get(url)
    draft = KeptDraft.objects.get()
    response = browser_client.post(
        reverse("accounts:kept_draft_discard", args=[draft.pk]),
        {"csrfmiddlewaretoken": _token(page), "next": url},
        headers={"Origin": ORIGIN},
    )
    assert response["Location"] == url and not KeptDraft.objects.exists()
    assert MARK not in browser_client.get(url).content.decode()
    assert AuditEvent.objects.get(action="accounts.draft_deleted").new_values == {"reason": "discarded"}


def test_a_forged_or_foreign_ticket_gives_nothing(browser_client, worker, case, clock):
    _write_then_walk_away(browser_client, worker, case, clock)
    browser_client.force_login(worker)
    browser_client.cookies[kept_drafts.TICKET_COOKIE] = "gAAAAA-forged"
    assert MARK not in browser_client.get(_journal_url(case)).content.decode()


# --- the warning's endpoints -------------------------------------------------------------------


def test_stay_logged_in_renews_the_session_and_asking_does_not(browser_client, worker, clock):
    browser_client.force_login(worker)
    token = _token(browser_client.get("/start/"))
    status_url, keepalive_url = reverse("accounts:session_status"), reverse("accounts:session_keepalive")

    clock.shift(datetime.timedelta(minutes=26))
    first = browser_client.get(status_url).json()
    assert first["authenticated"] is True and first["expires_in"] == 4 * 60 and first["csrf_token"]
    clock.shift(datetime.timedelta(minutes=1))
    assert browser_client.get(status_url).json()["expires_in"] == 3 * 60  # asking did not renew it

    # "Forbliv logget ind": a POST with the page's CSRF token.
    assert browser_client.post(keepalive_url).status_code == 403  # no token: refused
    renewed = browser_client.post(keepalive_url, headers={"X-CSRFToken": token, "Origin": ORIGIN})
    assert renewed.status_code == 200 and renewed.json() == {"authenticated": True, "expires_in": 30 * 60}
    assert browser_client.get(status_url).json()["expires_in"] == 30 * 60

    clock.shift(datetime.timedelta(minutes=29))
    assert browser_client.get("/start/").status_code == 200  # still logged in past the first 30 minutes
    clock.shift(datetime.timedelta(minutes=31))
    assert browser_client.get(status_url).json() == {"authenticated": False}
    late = browser_client.post(keepalive_url, headers={"X-CSRFToken": token, "Origin": ORIGIN})
    assert late.status_code == 401 and late.json() == {"authenticated": False}


def test_the_endpoints_work_before_the_second_factor_and_leak_nothing(client, password_only_login, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    password_only_login(client, user)
    answer = client.get(reverse("accounts:session_status"))
    assert answer.status_code == 200 and set(answer.json()) == {"authenticated", "expires_in", "csrf_token"}
    assert answer["Cache-Control"].startswith("max-age=0") or "no-store" in answer["Cache-Control"]
    assert Client().get(reverse("accounts:session_status")).json() == {"authenticated": False}


def test_every_logged_in_page_has_the_warning_and_public_pages_do_not(client, make_user, settings):
    settings.SESSION_IDLE_WARNING_SECONDS = 240
    assert 'id="idle-warning"' not in client.get(reverse("accounts:login")).content.decode()
    client.force_login(make_user(Role.FRONTLINE, "skole-demo"))
    page = client.get("/start/").content.decode()
    assert 'id="idle-warning"' in page and 'role="alertdialog"' in page and 'aria-modal="true"' in page
    assert 'data-warn-before="240"' in page and f'data-expires-in="{30 * 60}"' in page
    assert "Forbliv logget ind" in page and "/static/js/idle-timeout.js" in page
    assert "<script>" not in page  # no inline script (CSP)
    settings.SESSION_COOKIE_AGE = 60
    assert 'data-warn-before="30"' in client.get("/start/").content.decode()  # at most half the session


class _RequestWithCookies:
    def __init__(self, client):
        self.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}


def _QueryDict(query):
    from django.http import QueryDict

    return QueryDict(query)
