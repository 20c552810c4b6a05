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

from .authorization_rows import (
    MATRIX,
    NO_CASE_WORK,
    POSTS,
    expected_for_case,
)
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


# --- expectations: the rows live in authorization_rows.py ----------------------------------

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
    if name == "goals:export":
        return [(None, reverse(name, args=["xlsx"]))]
    if name in ("goals:export_status", "goals:export_download"):
        import uuid

        return [(None, reverse(name, args=[uuid.UUID(int=1)]))]
    if name == "goals:council_pdf":
        from beredskab.core.dates import today

        return [(None, reverse(name, args=[today().year]))]
    if name == "goals:cases_behind":
        from beredskab.accounts.models import Unit
        from beredskab.core.dates import today

        unit, day = Unit.objects.get(code="straxen"), today()
        query = f"?fra={day.year}-01-01&til={day.isoformat()}&enhed={unit.pk}"
        return [(None, reverse(name, args=["gate"]) + query)]
    if name == "accounts:kept_draft_discard":
        return [(None, reverse(name, args=[1]))]
    if name == "accounts:password_reset_confirm":  # an invalid link: the page says so
        return [(None, reverse(name, args=["MQ", "set-password"]))]
    if name == "plan:edit_section":
        return [(None, reverse(name, args=[world["plan"].pk, "kontakter"]))]
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
