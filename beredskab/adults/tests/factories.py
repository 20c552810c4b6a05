"""Adult cases for the tests: an adult's inquiry through the real intake service (routed by the
plan to the adult taskforce), opened by a taskforce member. Everything here is synthetic."""

import datetime

from django.utils import timezone

from beredskab.cases.tests.factories import make_report, refresh

_adults = iter(range(1, 10_000))


def another_adult() -> dict:
    n = next(_adults)
    born = datetime.date(1994, 1, 1) + datetime.timedelta(days=n)
    return {
        "subject_cpr": f"{born:%d%m%y}-4{n % 1000:03d}",
        "subject_name": f"Voksen{n} Syntetisk",
        "observed_signs": [],
        "reporter_kind": "private",
        "reporter_organisation": "",
        "reporter_role": "",
    }


def open_adult_case(taskforce_member, **overrides):
    from beredskab.cases.services import case_open

    return case_open(
        actor=taskforce_member, reports=[make_report(**{**another_adult(), **overrides})], owner=taskforce_member
    )


def add_sister(case, worker, **overrides):
    from beredskab.cases.services import case_person_add

    values = {"name": "Leila Syntetisk", "relation": "sibling", "may_contact": "yes"}
    return case_person_add(actor=worker, case=case, **{**values, **overrides})


def counselling(case, worker, **overrides):
    from beredskab.adults.services import counselling_record

    values = {
        "basis": "sel_12a",
        "held_on": timezone.localdate(),
        "with_whom": "Borgeren alene",
        "safe_place": "Bibliotekets mødelokale",
        "interpreter_used": True,
        "interpreter_language": "arabisk",
        "note": "Hun vil gerne flytte hjemmefra.",
    }
    return counselling_record(actor=worker, case=refresh(case), **{**values, **overrides})


def filled_plan(case, worker, **overrides):
    """A draft action plan with everything agreement needs."""
    from beredskab.adults.services import action_plan_save, action_plan_start

    plan = action_plan_start(actor=worker, case=refresh(case))
    values = {
        "housing": "Bor hjemme hos familien.",
        "work": "Deltidsjob i butik.",
        "education": "HF, 2. år.",
        "relatives": "Kontrolleres af broren.",
        "wishes": "Vil flytte og fortsætte på HF.",
        "consent_given": True,
        "consent_on": timezone.localdate(),
        "consent_note": "Samtykke til kontakt med krisecenter.",
        "support_options": ["counselling", "crisis_centre"],
        "follow_up_on": timezone.localdate() + datetime.timedelta(days=14),
    }
    return action_plan_save(actor=worker, plan=plan, **{**values, **overrides})
