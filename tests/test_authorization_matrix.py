"""The authorization matrix: every URL pattern of the project, every role, every kind of object.

The expected answer for each (URL pattern, role, object) comes from the table below; a URL
pattern that is not in the table fails the test ("add it to the matrix"), so a new page cannot
ship without someone deciding who may open it.

Answers: A = allowed (200, a 302 that is not to the login page, or 400 for an empty form that
was let through to validation); L = sent to the login page (the API: 401); F = 403; N = 404; R = refused
(403 or 404); X = the method is not allowed for anyone (405), e.g. GET on a POST-only button.

Case objects (relative to the roles): "own" is a StraXen case owned by cw_own (the leader's
unit; another unit's case for cw_other and taskforce); "shared" is a StraXen case shared with
Familierådgivningen (cw_other's unit); "protected" is a StraXen case the leader protected
without naming anybody (so cw_own, its case worker, is refused too); "adult" is an adult's case
in the adults taskforce (serviceloven), owned by taskforce: only the taskforce sees it.
"""

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from beredskab.core.middleware import PERMISSIONS_POLICY

from .conftest import ROLES

# Left out of the matrix on purpose:
EXCLUDED_PREFIXES = (
    "admin:",  # Django's admin: its own permission system; case admin is tested in cases/tests
    "set_language",  # i18n/setlang/: switches the language, no data
    "javascript-catalog",  # jsi18n/: the public translation catalogue
    "oidc_",  # optional single sign-on, only installed when OIDC_ENABLED
)
EXCLUDED_UNNAMED_ROUTES = ("admin/login/",)  # our 2FA login page under the admin's address


def _walk(patterns, namespace="", prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), prefix + str(entry.pattern)


def all_url_names() -> set[str]:
    names = set()
    for name, route in _walk(get_resolver().url_patterns):
        if name is None:
            if route.startswith("admin/") and route not in EXCLUDED_UNNAMED_ROUTES:
                continue  # the admin's own pages (excluded above)
            assert route in EXCLUDED_UNNAMED_ROUTES, f"unnamed URL pattern {route!r}: name it and add it to the matrix"
            continue
        if name.startswith(EXCLUDED_PREFIXES):
            continue
        names.add(name)
    return names


# --- expectations ----------------------------------------------------------------------------

PUBLIC = dict.fromkeys(ROLES, "A")
LOGGED_IN = {**dict.fromkeys(ROLES, "A"), "anonymous": "L"}
NO_CASE_WORK = ("frontline", "coordinator", "auditor", "sysadmin")


def only(*allowed, refused="F"):
    """Allowed for the named roles, login for anonymous, `refused` for the rest."""
    return {r: ("L" if r == "anonymous" else "A" if r in allowed else refused) for r in ROLES}


CASE_WORKERS = ("cw_own", "cw_other", "leader", "taskforce")
PLAN = only("coordinator")


def case_rule(*, team="A", leader=None, shared="F", glass="F"):
    """A page of one case: the team (cw_own), the unit's leader, the shared unit (cw_other on
    the shared case). Roles without case work get 403 before the case is looked up; case
    workers with no link to the case get 404. On the protected case only the leader who
    protected it gets in. `glass`: cw_other on the own case, through the break-glass access
    the fixture grants (read-only, so 403 on every page that writes)."""
    leader = team if leader is None else leader
    return {"team": team, "leader": leader, "shared": shared, "glass": glass}


def expected_for_case(rule, role, kind):
    if role == "anonymous":
        return "L"
    if role in NO_CASE_WORK:
        return "F"
    if kind == "adult":  # an adult's case: the adults taskforce is its team; nobody else sees it
        return rule.get("adult", rule["team"]) if role == "taskforce" else "N"
    if role == "taskforce":
        return "N"
    if role == "cw_own":
        return "N" if kind == "protected" else rule["team"]
    if role == "leader":
        return rule["leader"]
    # cw_other: shared unit of the shared case, break-glass on the own case
    return {"shared": rule["shared"], "own": rule["glass"]}.get(kind, "N")


READ = case_rule(shared="A", glass="A")
WORK = case_rule()
LEAD = case_rule(team="F", leader="A")
# The adult track's pages (serviceloven): only on an adult case (404 on the children's cases),
# for its own unit, the adult taskforce.
ADULT = {**case_rule(team="N", leader="N", shared="N", glass="N"), "adult": "A"}

# The safety app's pages of a plan that does not exist: not found for the team; a shared or
# break-glass reader is refused by the policy or not found.
NO_OBJECT_SAFETY = case_rule(team="N", leader="N", shared="R", glass="R")

# name -> ("case", rule) for pages of one case, or a per-role dict for the others.
MATRIX = {
    # core
    "core:landing": PUBLIC,
    "core:home": LOGGED_IN,
    "core:accessibility": PUBLIC,
    "core:health": PUBLIC,  # for monitoring: "ok" per check, no data (beredskab.core.health)
    # accounts
    "accounts:account": LOGGED_IN,
    "accounts:login": PUBLIC,
    "accounts:logout": {**dict.fromkeys(ROLES, "X")},
    # POST-only; posting would end the shared clients' sessions (tested in accounts/tests)
    "accounts:logout_everywhere": {**dict.fromkeys(ROLES, "X")},
    "accounts:two_factor_verify": LOGGED_IN,
    "accounts:two_factor_setup": LOGGED_IN,
    # the idle warning: how long is left (JSON, for anyone), "Forbliv logget ind" and throwing a
    # restored text away (POST-only; tested in accounts/tests/test_idle_keep_typed_text.py)
    "accounts:session_status": PUBLIC,
    "accounts:session_keepalive": {**dict.fromkeys(ROLES, "X")},
    "accounts:kept_draft_discard": {**dict.fromkeys(ROLES, "X")},
    # audit
    "audit:search": only("auditor"),
    "audit:citizen_access": only("auditor"),
    # intake
    "intake:start": PUBLIC,
    "intake:acute": PUBLIC,
    "intake:create": PUBLIC,
    "intake:staff_create": only(*CASE_WORKERS),
    "intake:receipt": dict.fromkeys(ROLES, "N"),  # only in the session that submitted it
    "intake:receipt_pdf": dict.fromkeys(ROLES, "N"),
    "intake:unit_reports": only(*CASE_WORKERS),
    "intake:report_detail": ("report", None),
    "intake:attachment": ("report", None),
    # guide
    "guide:start": PUBLIC,
    "guide:acute": PUBLIC,
    "guide:who": PUBLIC,
    "guide:path": PUBLIC,
    "guide:about": PUBLIC,
    "guide:safety": PUBLIC,
    "guide:cards": PUBLIC,
    "guide:card": PUBLIC,
    "guide:card_pdf": PUBLIC,
    "guide:preview": PLAN,
    "guide:preview_cards": PLAN,
    "guide:preview_card": PLAN,
    "guide:preview_card_pdf": PLAN,
    # plan
    "plan:list": PLAN,
    "plan:detail": PLAN,
    "plan:compare": PLAN,
    "plan:adopt": PLAN,
    "plan:draft_new": PLAN,
    "plan:archive": PLAN,
    "plan:confirm_fact": PLAN,
    "plan:export": PLAN,
    # cases: lists and the queue
    "cases:queue": only(*CASE_WORKERS),
    "cases:mine": only(*CASE_WORKERS),
    "cases:unit": only(*CASE_WORKERS),
    "cases:deadlines": only(*CASE_WORKERS),
    "cases:queue_report": {**only("cw_own", "leader", refused="F"), "cw_other": "N", "taskforce": "N"},
    "cases:queue_open_case": {**only("cw_own", "leader", refused="F"), "cw_other": "N", "taskforce": "N"},
    # 404 also for the unit: the queue report matches no open case it could be added to
    "cases:queue_add_to_case": {**only(refused="F"), "cw_own": "N", "leader": "N", "cw_other": "N", "taskforce": "N"},
    "cases:break_glass": only(*CASE_WORKERS),
    "cases:break_glass_reviews": only("leader"),
    "cases:gate_oversight": only("leader"),
    "accounts:role_reviews": only("leader"),
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_sent": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "cases:break_glass_review": {**only("leader"), "cw_own": "F", "cw_other": "F", "taskforce": "F"},
    # cases: one case
    "cases:detail": ("case", READ),
    "cases:claim": ("case", case_rule(team="A", leader="F")),  # the case has an owner already
    "cases:assign": ("case", LEAD),
    "cases:status": ("case", WORK),
    "cases:flag": ("case", WORK),
    "cases:urgent_assessment": ("case", WORK),
    "cases:receipt": ("case", WORK),
    "cases:receipt_letter": ("case", WORK),
    "cases:feedback": ("case", WORK),
    "cases:reporter_release": ("case", WORK),
    "cases:screening": ("case", WORK),
    # the latest screening keeps the flag, so the leader's approval is refused with a message
    "cases:screening_approve": ("case", case_rule(team="F", leader="A")),
    "cases:subject": ("case", WORK),
    "cases:subject_moved": ("case", WORK),
    "cases:person_add": ("case", WORK),
    "cases:person_edit": ("case", WORK),
    "cases:network_step": ("case", WORK),
    "cases:file_access_export": ("case", WORK),
    "cases:journal_add": ("case", case_rule(shared="A")),
    "cases:task_add": ("case", WORK),
    "cases:task_close": ("case", WORK),
    "cases:decision_add": ("case", WORK),
    "cases:intervention_add": ("case", WORK),
    "cases:intervention_end": ("case", WORK),
    "cases:share_add": ("case", case_rule(team="A", leader="A")),
    "cases:share_revoke": ("case", case_rule(team="A", leader="A")),
    "cases:restriction_add": ("case", WORK),
    "cases:restriction_lift": ("case", WORK),
    "cases:protection": ("case", LEAD),
    "cases:unprotect": ("case", case_rule(team="F", leader="A")),
    "cases:close": ("case", WORK),
    # the case's track and the decision at 18: a leader of the case's unit
    "cases:track": ("case", LEAD),
    "cases:legal_hold": ("case", LEAD),
    "cases:coming_of_age": ("case", LEAD),
    "cases:reopen": ("case", case_rule(team="F", leader="F")),
    # risk (pages of one case)
    "risk:start": ("case", WORK),
    "risk:detail": ("case", READ),
    "risk:edit": ("case", case_rule(team="F", leader="F")),
    "risk:review": ("case", case_rule(team="F", leader="A")),
    "risk:export": ("case", WORK),
    "risk:override": ("case", LEAD),
    "risk:not_involved": ("case", LEAD),
    "risk:confirm_assessment": ("case", WORK),
    "risk:override_revoke": ("case", LEAD),
    "risk:consultation_add": ("case", WORK),
    # taskforce (the adults unit "taskforce-voksne": the taskforce user is its member; no role
    # here leads it): outside the taskforce its pages are not found; the coordinator keeps the
    # roster but sees no inquiries
    "taskforce:index": LOGGED_IN,
    "taskforce:roster": only("coordinator", "taskforce", refused="N"),
    "taskforce:member_add": {**only("coordinator", refused="N"), "taskforce": "F"},
    "taskforce:member_edit": {**only("coordinator", refused="N"), "taskforce": "F"},
    "taskforce:absence_add": {**only("coordinator", refused="N"), "taskforce": "F"},
    "taskforce:absence_remove": {**only("coordinator", refused="N"), "taskforce": "F"},
    "taskforce:overview": {**only("taskforce", refused="N"), "coordinator": "F"},
    "taskforce:reassign": {**only(refused="N"), "taskforce": "F", "coordinator": "F"},
    # adults (pages of one adult case)
    "adults:overview": ("case", ADULT),
    "adults:counselling_add": ("case", ADULT),
    "adults:plan_start": ("case", ADULT),
    "adults:plan_detail": ("case", ADULT),
    "adults:plan_edit": ("case", ADULT),
    "adults:plan_agree": ("case", ADULT),
    "adults:plan_pdf": ("case", ADULT),
    "adults:referral_add": ("case", ADULT),
    "adults:referral_status": ("case", ADULT),
    # implementation: every employee acknowledges, reads the library and their own training; the
    # coordinator disseminates and records; who in a unit has not acknowledged is for the unit's
    # leaders only (the leader leads StraXen, the plan in force was sent there): 404 for the rest
    "implementation:index": LOGGED_IN,
    "implementation:acknowledge": LOGGED_IN,
    "implementation:dissemination": only("coordinator", "leader"),
    "implementation:disseminate": PLAN,
    "implementation:unit_missing": only("leader", refused="N"),
    "implementation:training": PLAN,
    "implementation:training_add": PLAN,
    "implementation:training_requirements": PLAN,
    "implementation:my_training": LOGGED_IN,
    "implementation:library": LOGGED_IN,
    "implementation:library_add": PLAN,
    "implementation:library_file": LOGGED_IN,
    "implementation:meetings": LOGGED_IN,
    "implementation:meeting_add": PLAN,
    "implementation:library_remove": PLAN,
    "implementation:meeting_remove": PLAN,
    # safety (issue 19): the case's own team; the objects asked for do not exist (404), so a
    # shared or break-glass reader is refused either by the policy (403) or by the lookup (404)
    "safety:holiday_list": only(*CASE_WORKERS),
    "safety:overview": ("case", WORK),
    "safety:plan_new": ("case", WORK),
    "safety:plan_detail": ("case", NO_OBJECT_SAFETY),
    "safety:plan_edit": ("case", NO_OBJECT_SAFETY),
    "safety:scenario_add": ("case", NO_OBJECT_SAFETY),
    "safety:plan_end": ("case", NO_OBJECT_SAFETY),
    "safety:plan_pdf": ("case", NO_OBJECT_SAFETY),
    # the no-show button: the person the active plan names, or anyone who may see the case (the
    # page says there is no active plan); roles without case work are refused
    "safety:no_show": ("case", READ),
    "safety:no_show_handle": ("case", case_rule(team="N", leader="N", shared="N", glass="N")),
    "safety:trip_add": ("case", WORK),
    "safety:trip_return": ("case", case_rule(team="N", leader="N", shared="N", glass="N")),
    "safety:radar": ("case", WORK),
    # api (/api/v1/): the pages' rules again. Public: the plan, whom to contact, the schema and its
    # docs; reports: GET lists the caller's units' reports (POST, the public submission, is tested
    # in api/tests); cases and one case as on the case pages (adult and protected included);
    # statistics (aggregates) for those who lead, plan or audit the work.
    "api:plan": PUBLIC,
    "api:route": PUBLIC,
    "api:schema": PUBLIC,
    "api:docs": PUBLIC,
    "api:reports": only(*CASE_WORKERS),
    "api:case_list": only(*CASE_WORKERS),
    "api:case_detail": ("case", READ),
    "api:network_step": ("case", WORK),
    "api:statistics": only("leader", "coordinator", "auditor"),
}

# POST-only buttons are posted (with the data given); everything else is fetched with GET.
POSTS = {
    "plan:archive": {},
    "plan:confirm_fact": {},
    "cases:queue_open_case": {},
    "cases:queue_add_to_case": {},
    "cases:claim": {},
    "cases:status": {"to": "in_progress"},
    "cases:flag": {"flagged": "1"},
    "cases:task_close": {},
    "cases:screening_approve": {},
    "cases:restriction_lift": {},
    "cases:unprotect": {},
    "risk:start": {},
    "risk:override_revoke": {},
    "taskforce:absence_remove": {},
    "adults:plan_start": {},
    "safety:plan_end": {},
    "api:network_step": {},  # sent as JSON: 400 for those let through to validation
}
MATRIX["risk:override_revoke"] = (
    "case",
    case_rule(team="N", leader="N", shared="N", glass="N"),
)  # no override exists: 404


# --- URLs with their objects -------------------------------------------------------------------

CASE_KINDS = ("own", "shared", "protected", "adult")


def _case_args(name, c):
    ref = c["case"].reference
    short = name.split(":", 1)[1]
    if name.startswith("api:"):
        return [ref]  # the API's case addresses take the case's reference only
    if name.startswith("adults:"):
        plan = 1 if "plan" not in c else c["plan"].version
        referral = 999999 if "referral" not in c else c["referral"].pk
        return {
            "plan_detail": [ref, plan],
            "plan_edit": [ref, plan],
            "plan_agree": [ref, plan],
            "plan_pdf": [ref, plan],
            "referral_status": [ref, referral],
        }.get(short, [ref])
    if name.startswith("safety:"):
        missing = 999999
        return {
            "plan_detail": [ref, missing],
            "plan_edit": [ref, missing],
            "scenario_add": [ref, missing],
            "plan_end": [ref, missing],
            "plan_pdf": [ref, missing, "lomme"],
            "no_show_handle": [ref, missing],
            "trip_return": [ref, missing],
        }.get(short, [ref])
    cr, mother = c["case_report"].pk, c["mother"].pk
    args = {
        "receipt": [ref, cr],
        "receipt_letter": [ref, cr],
        "feedback": [ref, cr],
        "reporter_release": [ref, cr],
        "person_edit": [ref, mother],
        "network_step": [ref, "moede"],
        "file_access_export": [ref, c["step"].pk, mother],
        "task_close": [ref, c["task"].pk],
        "intervention_end": [ref, c["intervention"].pk],
        "share_revoke": [ref, c["share"].pk] if "share" in c else None,
        "restriction_lift": [ref, c["restriction"].pk],
        # an adult's case is never screened (serviceloven): no screening to approve
        "screening_approve": [ref, c["case"].screenings.get().pk] if c["case"].screenings.exists() else None,
        "detail_risk": None,
    }
    short = name.split(":", 1)[1]
    if name.startswith("risk:"):
        return {
            "detail": [ref, 1],
            "edit": [ref, 2],
            "review": [ref, 2],
            "export": [ref, 1],
            "override_revoke": [ref, 999999],
        }.get(short, [ref])
    return args.get(short, [ref])


_guide_args: dict[str, list] = {}


def _guide(world, name):
    """Group and kind slugs for the guide's pages, read from the public pages themselves."""
    if not _guide_args:
        client = world["clients"]["anonymous"]
        _guide_args["path"] = ["born", "fagperson"]
        cards = client.get(reverse("guide:cards")).content.decode()
        _guide_args["card"] = list(re.search(r'href="/guide/action-cards/([^/"]+)/([^/".]+)/"', cards).groups())
    plan_pk = world["plan"].pk
    return {
        "guide:path": _guide_args["path"],
        "guide:card": _guide_args["card"],
        "guide:card_pdf": _guide_args["card"],
        "guide:preview_cards": [plan_pk],
        "guide:preview_card": [plan_pk, *_guide_args["card"]],
        "guide:preview_card_pdf": [plan_pk, *_guide_args["card"]],
    }.get(name)


def requests_for(world, name):
    """[(object kind, url)] for one URL pattern."""
    spec = MATRIX[name]
    if isinstance(spec, tuple) and spec[0] == "case":
        out = []
        for kind in CASE_KINDS:
            if kind == "adult" and name.startswith("adults:"):
                continue  # the adults app's pages are tried on world["adult"], which has a plan and a referral
            args = _case_args(name, world["cases"][kind])
            if args is not None:
                out.append((kind, reverse(name, args=args)))
        if name.startswith("adults:"):
            out.append(("adult", reverse(name, args=_case_args(name, world["adult"]))))
        return out
    if isinstance(spec, tuple) and spec[0] == "report":
        out = []
        for kind in ("own", "protected"):
            c = world["cases"][kind]
            if name == "intake:attachment":
                if kind != "own":
                    continue
                args = [c["report"].reference, world["attachment"].pk]
            else:
                args = [c["report"].reference]
            out.append((kind, reverse(name, args=args)))
        return out
    if name in ("intake:receipt", "intake:receipt_pdf"):
        return [(None, reverse(name, args=[world["queue_report"].reference]))]
    if name.startswith("cases:queue_"):
        return [(None, reverse(name, args=[world["queue_report"].reference]))]
    if name == "cases:break_glass_review":
        return [(None, reverse(name, args=[world["break_glass"].pk]))]
    if name.startswith("taskforce:") and name != "taskforce:index":
        objects = {"member_edit": [world["roster_member"].pk], "absence_remove": [world["absence"].pk]}
        return [(None, reverse(name, args=["taskforce-voksne", *objects.get(name.split(":")[1], [])]))]
    if name == "implementation:unit_missing":
        return [(None, reverse(name, args=["straxen"]))]
    if name in ("implementation:library_file", "implementation:library_remove"):
        return [(None, reverse(name, args=[world["library_file"].pk]))]
    if name == "implementation:meeting_remove":
        return [(None, reverse(name, args=[world["meeting"].pk]))]
    if name == "accounts:kept_draft_discard":
        return [(None, reverse(name, args=[1]))]
    if name == "accounts:password_reset_confirm":  # an invalid link: the page says so
        return [(None, reverse(name, args=["MQ", "set-password"]))]
    if name.startswith("plan:") and name != "plan:list":
        return [(None, reverse(name, args=[world["plan"].pk]))]
    guide = _guide(world, name) if name.startswith("guide:") else None
    if guide is not None:
        return [(None, reverse(name, args=guide))]
    return [(None, reverse(name))]


def expected(name, role, kind):
    spec = MATRIX[name]
    if isinstance(spec, tuple) and spec[0] == "case":
        return expected_for_case(spec[1], role, kind)
    if isinstance(spec, tuple) and spec[0] == "report":
        if role == "anonymous":
            return "L"
        if role in NO_CASE_WORK:
            return "F"
        if role == "leader" or (role == "cw_own" and kind == "own"):
            return "A"
        return "N"
    return spec[role]


def outcome(response) -> str:
    code = response.status_code
    if code in (200, 400):
        return "A"
    if code == 302:
        return "L" if response["Location"].startswith("/konto/login/") else "A"
    return {401: "L", 403: "F", 404: "N", 405: "X"}.get(code, str(code))


def matches(want: str, got: str) -> bool:
    return got == want or (want == "R" and got in ("F", "N"))


# --- the tests ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix_world(world, django_db_blocker):
    from beredskab.cases.breakglass import break_glass_open

    with django_db_blocker.unblock():
        # A pending break-glass access to the own case (by cw_other), for the review page.
        world["break_glass"] = break_glass_open(
            actor=world["users"]["cw_other"],
            reference=world["cases"]["own"]["case"].reference,
            reason="Matrixtest: nødadgang med en lang nok begrundelse.",
        )
        # The taskforce's roster: its member, with an absence (kept by the coordinator).
        from beredskab.accounts.models import Unit
        from beredskab.core.dates import today
        from beredskab.taskforce import services as taskforce

        coordinator, unit = world["users"]["coordinator"], Unit.objects.get(code="taskforce-voksne")
        world["roster_member"] = taskforce.member_add(
            actor=coordinator, unit=unit, user=world["users"]["taskforce"], role="key"
        )
        world["absence"] = taskforce.absence_add(
            actor=coordinator, member=world["roster_member"], kind="course", starts_on=today(), ends_on=today()
        )
        world["adult"] = _adult_case(world["users"]["taskforce"])
        world["library_file"], world["meeting"] = _implementation(world, coordinator)
    return world


def _implementation(world, coordinator):
    """The plan in force sent to StraXen; a file in the staff library; a network meeting."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from beredskab.accounts.models import Centre, Unit
    from beredskab.core.dates import today
    from beredskab.implementation import services as implementation

    implementation.disseminate(actor=coordinator, units=[Unit.objects.get(code="straxen")])
    meeting = implementation.network_meeting_record(
        actor=coordinator, held_on=today(), centres=list(Centre.objects.all()[:2]), themes="Overgange"
    )
    resource = implementation.resource_add(
        actor=coordinator,
        kind="local",
        title="Lokal procedure",
        owner=coordinator,
        review_on=today() + datetime.timedelta(days=30),
        upload=SimpleUploadedFile("procedure.pdf", b"%PDF-1.4 procedure", content_type="application/pdf"),
    )
    return resource, meeting


def _adult_case(taskforce):
    """An adult case of the taskforce with a draft action plan and a referral."""
    from beredskab.adults.services import referral_record
    from beredskab.adults.tests.factories import filled_plan, open_adult_case

    case = open_adult_case(taskforce)
    referral = referral_record(
        actor=taskforce, case=case, kind="crisis_centre", place="Krisecenter", requested_on=datetime.date.today()
    )
    return {"case": case, "plan": filled_plan(case, taskforce), "referral": referral}


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(all_url_names() - set(MATRIX))
    assert not missing, "URL patterns missing from the authorization matrix (add them to the matrix): " + ", ".join(
        missing
    )
    stale = sorted(set(MATRIX) - all_url_names())
    assert not stale, "The matrix names URL patterns that no longer exist: " + ", ".join(stale)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_authorization_matrix(db, matrix_world, name):
    world = matrix_world
    wrong = []
    for kind, url in requests_for(world, name):
        for role in ROLES:
            want = expected(name, role, kind)
            client = world["clients"][role]
            if name in POSTS:
                json = {"content_type": "application/json"} if name.startswith("api:") else {}
                response = client.post(url, POSTS[name], **json)
            else:
                response = client.get(url)
            got = outcome(response)
            if not matches(want, got):
                wrong.append(f"{role:<12} {kind or '-':<10} {url}: got {got} ({response.status_code}), want {want}")
            # Nothing this system answers may stay in a browser's cache (personal data, secrets,
            # or the trace that someone looked for help on a shared device).
            if "no-store" not in response.get("Cache-Control", ""):
                wrong.append(f"{role:<12} {kind or '-':<10} {url}: Cache-Control lacks no-store")
            # No page may switch on the camera, microphone, location, payments or devices.
            if response.get("Permissions-Policy") != PERMISSIONS_POLICY:
                wrong.append(f"{role:<12} {kind or '-':<10} {url}: Permissions-Policy missing or changed")
    assert not wrong, f"{name}:\n" + "\n".join(wrong)
