"""The rows of the authorization matrix (`test_authorization_matrix.py`): who may open each URL
pattern, per role and kind of case object. The letters are explained there."""

from .conftest import ROLES

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
    "guide:plan_document": PUBLIC,
    "guide:plan_document_pdf": PUBLIC,
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
    "plan:roll_back": PLAN,
    "plan:cancel_scheduled": PLAN,
    "plan:draft_new": PLAN,
    "plan:archive": PLAN,
    "plan:confirm_fact": PLAN,
    "plan:export": PLAN,
    "plan:edit": PLAN,
    "plan:edit_section": PLAN,
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
    # goals (issue 17): the dashboard and its exports for the unit leaders and the coordinator
    # (counts only); the cases behind a barometer figure only for someone with a case role in
    # the unit the dashboard is filtered to (tried filtered to StraXen, the leader's unit)
    "goals:dashboard": only("leader", "coordinator"),
    "goals:export": only("leader", "coordinator"),
    "goals:council_pdf": only("leader", "coordinator"),
    "goals:cases_behind": only("leader"),
    # one row per report (not counts) for Danmarks Statistik: the units' leaders only
    "goals:statistics_export": only("leader"),
    # files made in the background: ordered by a POST (405 to a GET); a file's status and
    # download are the requester's only: tried with an id that is nobody's (404 to those who may
    # open the dashboard, 403 to the rest)
    "goals:export_order": {**dict.fromkeys(ROLES, "X"), "anonymous": "L"},
    "goals:export_status": {**only("leader", "coordinator"), "leader": "N", "coordinator": "N"},
    "goals:export_download": {**only("leader", "coordinator"), "leader": "N", "coordinator": "N"},
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
