"""The adult track's form pages for the double-post test (beredskab/cases/tests/test_double_submit.py):
(user, page, post_url, data, prefix) for each URL that makes or changes a record."""

from django.urls import reverse
from django.utils import timezone

from beredskab.core.roles import Role

from .factories import filled_plan, open_adult_case


def adult_scene(make_user, name: str):
    from beredskab.adults.services import referral_record
    from beredskab.cases.tests.factories import approved_assessment, refresh

    tf = make_user(Role.ADULT_TASKFORCE, "taskforce-voksne")
    case = open_adult_case(tf)
    today = timezone.localdate().isoformat()
    ref = case.reference
    if name == "adults:counselling_add":
        data = {"basis": "sel_10", "held_on": today, "with_whom": "Borgeren alene", "safe_place": "Jobcentret"}
        return tf, None, reverse(name, args=[ref]), data, ""
    if name in ("adults:plan_edit", "adults:plan_agree"):
        plan = filled_plan(case, tf)
        if name == "adults:plan_agree":
            approved_assessment(refresh(case), tf, make_user(Role.ADULT_TASKFORCE, "taskforce-voksne"))
            return tf, None, reverse(name, args=[ref, plan.version]), {"agreed_on": today}, ""
        data = {"wishes": "Vil flytte.", "support_options": ["counselling"], "follow_up_on": today}
        return tf, None, reverse(name, args=[ref, plan.version]), data, ""
    if name == "adults:referral_add":
        data = {"kind": "crisis_centre", "place": "Krisecenter", "requested_on": today}
        return tf, None, reverse(name, args=[ref]), data, ""
    if name == "adults:referral_status":
        referral = referral_record(
            actor=tf, case=case, kind="crisis_centre", place="Krisecenter", requested_on=timezone.localdate()
        )
        data = {"status": "accepted", "occurred_on": today}
        return tf, None, reverse(name, args=[ref, referral.pk]), data, ""
    raise AssertionError(f"no scene for {name}")
