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
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from beredskab.accounts.models import Unit
from beredskab.accounts.roles import Role
from beredskab.audit.models import AuditEvent
from beredskab.cases.models import Case, CaseReport, JournalEntry, NetworkStep
from beredskab.core.models import FormSubmission
from beredskab.core.submissions import TOKEN_FIELD

from .factories import (
    NOT_INVOLVED_REASON,
    OVERRIDE_REASON,
    add_parent,
    approved_assessment,
    assess,
    complete_assessment,
    make_report,
    open_case,
    refresh,
    screen,
)

pytestmark = pytest.mark.usefixtures("plan")
TODAY = datetime.date.today().isoformat()
REASON = "Barnets sikkerhed kræver det, og skolen er orienteret om aftalen i dag."

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
            "plan:list",
            "plan:detail",
            "plan:compare",
            "plan:export",
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
        ],
        "shows, makes nothing",
    ),
    "cases:file_access_export": "a document; each one is audited; its outbound release form has the token",
    "risk:export": "a document; each one is audited; its outbound release form has the token",
    "audit:citizen_access": "a look-up; each one is audited as a read",
    "intake:create": "the public report form has its own token (intake submission_token)",
    "intake:staff_create": "the report form has its own token (intake submission_token)",
}
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
    known = CREATES | set(STATE_GUARDED_BUTTONS) | set(NO_RECORD)
    unclassified = sorted(staff - known)
    assert not unclassified, f"say whether these URLs make records (and test a double post): {unclassified}"
    assert not sorted(known - names), "classified URLs that no longer exist"


# --- the scenes: one per URL, each ready for a valid post ----------------------------------


def _errors(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r"<li>([^<]*)</li>", html[html.find("error-summary") :])[:5]


def _token(html: str, prefix: str = "") -> str | None:
    found = re.search(rf'name="{re.escape(prefix + TOKEN_FIELD)}" value="([^"]*)"', html)
    return found.group(1) if found else None


class Scene:
    """Users, a case and whatever the URL needs; `build(name)` gives (user, get_url, post_url, data, prefix)."""

    def __init__(self, make_user, worker, leader, other_worker):
        self.make_user, self.worker, self.leader, self.other_worker = make_user, worker, leader, other_worker

    def case(self, **kwargs):
        return open_case(self.worker, **kwargs)

    def assessed(self):
        return assess(self.case(), self.worker)

    def open_gate_case(self):
        case = screen(assess(self.case(), self.worker), self.worker, flag=True)
        from beredskab.risk.services import gate_override_grant

        gate_override_grant(actor=self.leader, case=refresh(case), reason=OVERRIDE_REASON)
        return refresh(case)

    def build(self, name):
        # One table, a branch per form page (who posts, the page, the URL, the data): kept as one
        # piece so a new form page is added in one place, next to the others.
        w, lead = self.worker, self.leader
        url = lambda view, *args: reverse(view, args=args)  # noqa: E731
        if name == "cases:queue_open_case":
            report = make_report(subject_cpr="", subject_name="Sami Testesen")
            page = url("cases:queue_report", report.reference)
            return w, page, url(name, report.reference), {"open-reports": report.reference}, "open-"
        if name == "cases:queue_add_to_case":
            case = self.case()
            report = make_report()  # about the same child: held for the case
            page = url("cases:queue_report", report.reference)
            return w, page, url(name, report.reference), {"add-case": case.reference}, "add-"
        if name == "cases:assign":
            case = self.case()
            return lead, None, url(name, case.reference), {"owner": self.make_worker().pk}, ""
        if name == "cases:urgent_assessment":
            case = self.case()
            data = {"child_in_danger": "unknown", "acute_action_needed": "no", "reasons": "Ikke akut fare nu."}
            return w, None, url(name, case.reference), data, ""
        if name in ("cases:receipt", "cases:feedback"):
            case = self.case()
            cr = CaseReport.objects.get(case=case)
            data = {"sent_on": TODAY, "channel": "letter", "outcome": "afdaekning"}
            return w, None, url(name, case.reference, cr.pk), data, ""
        if name == "cases:reporter_release":
            case = self.case()
            cr = CaseReport.objects.get(case=case)
            return w, None, url(name, case.reference, cr.pk), {"reason": REASON, "confirm": "on"}, ""
        if name == "cases:screening":
            case = self.assessed()
            data = {
                "outcome": "investigation",
                "reasons": "Flere tegn på kontrol.",
                "nsk_aerk_possible": "on",
                "earlier_honour_conflicts": "unknown",
            }
            return w, None, url(name, case.reference), data, ""
        if name == "cases:subject":
            case = self.case()
            return w, None, url(name, case.reference), {"name": "Amira Testesen", "address": "Nyvej 2"}, ""
        if name in ("cases:person_add", "cases:person_edit"):
            case = self.case()
            data = {"name": "Moster Testesen", "relation": "uncle_aunt", "may_contact": "yes"}
            if name == "cases:person_add":
                return w, None, url(name, case.reference), data, ""
            person = add_parent(case, w)
            return w, None, url(name, case.reference, person.pk), {**data, "relation": "mother"}, ""
        if name == "cases:network_step":
            case = self.open_gate_case()
            person = add_parent(case, w)
            data = {"people": [person.pk], "occurred_on": TODAY, "summary": "Telefonsamtale om skolegang."}
            return w, None, url(name, case.reference, "kontakt"), data, ""
        if name == "cases:journal_add":
            case = self.case()
            data = {"kind": "note", "occurred_on": TODAY, "body": "Notat om skolens henvendelse.", "no_family": "on"}
            return w, None, url(name, case.reference), data, ""
        if name == "cases:task_add":
            case = self.case()
            data = {"title": "Ring til skolen", "due_on": TODAY, "owner": w.pk}
            return w, None, url(name, case.reference), data, ""
        if name == "cases:decision_add":
            case = self.case()
            data = {
                "kind": "professional",
                "decided_on": TODAY,
                "title": "Afdækning",
                "text": "Vi afdækker.",
                "no_family": "on",
            }
            return w, None, url(name, case.reference), data, ""
        if name in ("cases:intervention_add", "cases:intervention_end"):
            case = self.open_gate_case()
            data = {"kind": "counselling", "prevention_level": "secondary", "status": "active", "starts_on": TODAY}
            if name == "cases:intervention_add":
                return w, None, url(name, case.reference), data, ""
            from beredskab.cases.services import intervention_add

            intervention = intervention_add(
                actor=w, case=case, kind="counselling", prevention_level="secondary", starts_on=datetime.date.today()
            )
            return w, None, url(name, case.reference, intervention.pk), {"ended_on": TODAY}, ""
        if name in ("cases:share_add", "cases:share_revoke"):
            case = self.case()
            unit = Unit.objects.get(code="familieraadgivning")
            if name == "cases:share_add":
                return lead, None, url(name, case.reference), {"unit": unit.pk, "purpose": "Samarbejde"}, ""
            from beredskab.cases.services import case_share

            share = case_share(actor=lead, case=case, unit=unit, purpose="Samarbejde")
            return lead, None, url(name, case.reference, share.pk), {"reason": "Slut"}, ""
        if name == "cases:restriction_add":
            case = self.case()
            data = {"item": f"case:{case.pk}:subject_address", "audience": "network", "reason": "Sikkerhed."}
            return w, None, url(name, case.reference), data, ""
        if name == "cases:protection":
            case = self.case()
            return lead, None, url(name, case.reference), {"reason": REASON, "members": [w.pk]}, ""
        if name == "cases:close":
            case = screen(self.assessed(), w, flag=False, outcome="no_action")
            return w, None, url(name, case.reference), {"outcome": "no_further_action", "note": "Afsluttet."}, ""
        if name == "cases:reopen":
            case = screen(self.assessed(), w, flag=False, outcome="no_action")
            from beredskab.cases.services import case_close

            case_close(actor=w, case=case, outcome="no_further_action")
            return w, None, url(name, case.reference), {"reason": "Ny viden fra skolen om fraværet."}, ""
        if name in ("cases:break_glass", "cases:break_glass_review"):
            case = self.case()
            data = {"reference": case.reference, "reason": REASON}
            if name == "cases:break_glass":
                return self.other_worker, url(name), url(name), data, ""
            from beredskab.cases.breakglass import break_glass_open

            access = break_glass_open(actor=self.other_worker, reference=case.reference, reason=REASON)
            return lead, None, url(name, access.pk), {"note": "Gennemgået."}, ""
        if name == "risk:edit":
            case = self.assessed()
            from beredskab.risk.services import risk_assessment_start

            assessment = risk_assessment_start(actor=w, case=case)
            page = url(name, case.reference, assessment.version)
            return w, page, page, {"action": "save", "conclusion": "Kladde."}, ""
        if name == "risk:review":
            case = self.assessed()
            assessment = complete_assessment(case, w)
            return lead, None, url(name, case.reference, assessment.version), {"decision": "approve", "note": "OK"}, ""
        if name in ("risk:override", "risk:not_involved", "risk:confirm_assessment"):
            case = screen(self.assessed(), w, flag=True)
            if name == "risk:confirm_assessment":
                approved_assessment(case, w, lead)
                from beredskab.cases.gate_state import reset_gate
                from beredskab.cases.models import GateResetCause

                reset_gate(actor=None, case=refresh(case), cause=GateResetCause.NEW_REPORT)
            page = url(name, case.reference)
            user = w if name == "risk:confirm_assessment" else lead
            reason = NOT_INVOLVED_REASON if name == "risk:not_involved" else REASON
            return user, page, page, {"reason": reason, "confirm": "on"}, ""
        if name == "risk:consultation_add":
            from beredskab.risk.views import _plan_partners

            case = self.case()
            partners = _plan_partners()
            data = {
                "partner": f"partner:{partners[0].pk}" if partners else "kind:police",
                "consulted_on": TODAY,
                "identification": "anonymised",
                "question": "Hvordan vurderer I faren?",
                "advice": "Hold øje med fraværet.",
            }
            return w, None, url(name, case.reference), data, ""
        if name in ("plan:adopt", "plan:draft_new"):
            from beredskab.plan.selectors import plan_in_force
            from beredskab.plan.services import plan_draft_new_version

            coordinator = self.make_user(Role.PLAN_COORDINATOR)
            in_force = plan_in_force()
            if name == "plan:draft_new":
                return coordinator, None, url(name, in_force.pk), {"version_label": ""}, ""
            draft = plan_draft_new_version(actor=coordinator, from_plan=in_force)
            data = {"adopted_by": "Byrådet", "adopted_on": TODAY}
            return coordinator, None, url(name, draft.pk), data, ""
        raise AssertionError(f"no scene for {name}")

    def make_worker(self):
        return self.make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Simon Sagsbehandler")


@pytest.fixture
def scene(make_user, worker, leader, other_worker):
    return Scene(make_user, worker, leader, other_worker)


def row_counts() -> dict[str, int]:
    """Rows per table, leaving out what a page view writes anyway (reads in the audit log,
    sessions, the tokens themselves)."""
    counts = {}
    for model in apps.get_models():
        if model._meta.label in ("sessions.Session", "core.FormSubmission", "axes.AccessLog"):
            continue
        queryset = model._default_manager.all()
        if model is AuditEvent:
            queryset = queryset.exclude(action__endswith="_viewed").exclude(action__endswith="_read")
        counts[model._meta.label] = queryset.count()
    return counts


def grown(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {label: (before[label], after[label]) for label in after if after[label] > before.get(label, 0)}


@pytest.mark.parametrize("name", sorted(CREATES))
def test_a_double_post_makes_one_record(scene, name):
    user, page, post_url, data, prefix = scene.build(name)
    client = Client()
    client.force_login(user)
    shown = client.get(page or post_url)
    token = _token(shown.content.decode(), prefix)
    data = {**data, prefix + TOKEN_FIELD: token or ""}
    found = re.search(r'name="gate_token" value="([^"]*)"', shown.content.decode())
    if found:
        data["gate_token"] = found.group(1)
    first = client.post(post_url, data)
    assert first.status_code == 302, f"{name}: not accepted ({first.status_code}): {_errors(first)}"
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
    data[TOKEN_FIELD] = _token(client.get(post_url).content.decode())
    client.post(post_url, data)
    followed = client.post(post_url, data, follow=True)
    assert "Formularen var allerede sendt" in followed.content.decode()
    assert JournalEntry.objects.count() == 1


def test_two_tabs_have_two_tokens_and_make_two_records(scene, worker):
    _user, _page, post_url, data, _prefix = scene.build("cases:journal_add")
    client = Client()
    client.force_login(worker)
    first_tab, second_tab = (_token(client.get(post_url).content.decode()) for _ in range(2))
    assert first_tab != second_tab
    client.post(post_url, {**data, TOKEN_FIELD: first_tab})
    client.post(post_url, {**data, "body": "Et andet notat.", TOKEN_FIELD: second_tab})
    assert JournalEntry.objects.count() == 2


def test_a_page_sent_changed_after_back_keeps_what_was_typed_with_a_fresh_token(scene, worker):
    _user, _page, post_url, data, _prefix = scene.build("cases:journal_add")
    client = Client()
    client.force_login(worker)
    token = _token(client.get(post_url).content.decode())
    client.post(post_url, {**data, TOKEN_FIELD: token})
    again = client.post(post_url, {**data, "body": "Rettet tekst efter tilbage-knappen.", TOKEN_FIELD: token})
    assert again.status_code == 409
    content = again.content.decode()
    assert "Rettet tekst efter tilbage-knappen." in content and "allerede sendt én gang" in content
    fresh = _token(content)
    assert fresh and fresh != token
    assert client.post(post_url, {**data, "body": "Rettet tekst.", TOKEN_FIELD: fresh}).status_code == 302
    assert JournalEntry.objects.count() == 2


def test_a_refused_post_does_not_use_up_the_token(scene, worker):
    _user, _page, post_url, data, _prefix = scene.build("cases:journal_add")
    client = Client()
    client.force_login(worker)
    token = _token(client.get(post_url).content.decode())
    phone_call = {**data, "kind": "phone", "no_family": ""}
    refused = client.post(post_url, {**phone_call, TOKEN_FIELD: token})  # the service asks who took part
    assert refused.status_code == 409 and not JournalEntry.objects.exists()
    assert client.post(post_url, {**phone_call, "no_family": "on", TOKEN_FIELD: token}).status_code == 302
    assert JournalEntry.objects.count() == 1


def test_another_users_token_never_leads_to_their_record(scene, worker, worker2):
    _user, _page, post_url, data, _prefix = scene.build("cases:journal_add")
    owner = Client()
    owner.force_login(worker)
    token = _token(owner.get(post_url).content.decode())
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
    from beredskab.risk.services import gate_override_grant

    gate_override_grant(actor=leader, case=refresh(case), reason=OVERRIDE_REASON)
    person = add_parent(case, staff_worker)
    client = Client()
    client.force_login(staff_worker)
    add_url = reverse("admin:cases_networkstep_add")
    token = _token(client.get(add_url).content.decode())
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

    from beredskab.core import retention

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
