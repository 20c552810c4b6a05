"""The safety pages' forms for the double-post test (beredskab/cases/tests/test_double_submit.py):
(user, page, post_url, data, prefix) for each URL that makes or changes a record."""

import datetime

from django.urls import reverse
from django.utils import timezone

from beredskab.core.roles import Role

from .. import services
from ..contacts import choosable_contacts
from .factories import SCENARIOS, assessed_case, make_plan

PLAN_FIELDS = {
    "safe_channels": "Via skolens kontaktperson.",
    "never_channels": ["letter_home", "digital_post"],
    "no_show_hours": "4",
    "no_show_reaction": "Sagsbehandleren ringer til skolen og derefter til den unge.",
}


def safety_scene(make_user, worker, name: str):
    """`worker` works on the case; a second case worker approves its risk assessment."""
    approver = make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Simon Sagsbehandler")
    case = assessed_case(worker, approver)
    today = timezone.localdate()
    ref = case.reference
    plan_data = {**PLAN_FIELDS, "made_with_person_on": today.isoformat(), "no_show_reporter": str(worker.pk)}
    if name == "safety:plan_new":
        return worker, None, reverse(name, args=[ref]), {**plan_data, "without_family": "on"}, ""
    if name == "safety:trip_add":
        data = {
            "kind": "planned",
            "destination": "Syldavien",
            "departs_on": (today + datetime.timedelta(days=10)).isoformat(),
            "expected_return_on": (today + datetime.timedelta(days=24)).isoformat(),
        }
        return worker, None, reverse(name, args=[ref]), data, ""
    if name == "safety:trip_return":
        trip = services.trip_record(actor=worker, case=case, kind="planned", destination="Syldavien")
        return worker, None, reverse(name, args=[ref, trip.pk]), {"returned_on": today.isoformat()}, ""
    plan = make_plan(case, worker, worker)
    if name == "safety:plan_edit":
        data = {**plan_data, "no_show_hours": "6", "seen_version": plan.updated_at.isoformat()}
        return worker, None, reverse(name, args=[ref, plan.number]), data, ""
    if name == "safety:scenario_add":
        data = {
            "scenario": SCENARIOS.splitlines()[0],
            "actions": "Gå til skolens kontor.",
            "contact_codes": [choosable_contacts()[0][0]],
        }
        return worker, None, reverse(name, args=[ref, plan.number]), data, ""
    if name == "safety:no_show_handle":
        no_show = services.no_show_record(actor=worker, case=case)
        data = {"action_taken": "Ringet til skolen; hun var syg."}
        return worker, None, reverse(name, args=[ref, no_show.pk]), data, ""
    raise AssertionError(f"no scene for {name}")
