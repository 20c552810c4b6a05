"""Test data for cases: reports through the real intake service, cases through the services.
Everything here is synthetic."""

import datetime
import uuid

from django.utils import timezone

from beredskab.intake.services import ReportInput, report_submit

# Words of children's law that no page, PDF or e-mail of an adult's case may contain (issue 14).
CHILDRENS_LAW_WORDS = ("barnets lov", "Barnet", "børnefaglig", "§ 136", "§ 137", "forældre")
CHILD_CPR = "150611-4233"
NOT_INVOLVED_REASON = "Skolen har talt med pigen, og fraværet skyldes sygdom i familien, ikke kontrol."
OVERRIDE_REASON = "Barnet er i akut fare, og moderen skal hente hende i dag efter aftale med politiet."


def report_input(**overrides) -> ReportInput:
    values = {
        "reporter_kind": "professional",
        "reporter_name": "Lærer Lis (syntetisk)",
        "reporter_organisation": "Demoskolen",
        "reporter_role": "Lærer",
        "reporter_phone": "12345678",
        "subject_name": "Amira Testesen",
        "subject_cpr": CHILD_CPR,
        "subject_address": "Testvej 1",
        "subject_postcode": "2635",
        "narrative": "Hun må ikke deltage i lejrskolen og bliver hentet af sin bror.",
        "observed_signs": [{"id": "sign-1", "group": "Børn og unge under 18 år", "text": "Meget fravær"}],
    }
    values.update(overrides)
    return ReportInput(**values)


def make_report(**overrides):
    report, _created = report_submit(actor=None, token=uuid.uuid4(), data=report_input(**overrides))
    return report


def open_case(worker, **report_overrides):
    from beredskab.cases.services import case_open

    return case_open(actor=worker, reports=[make_report(**report_overrides)])


def assess(case, worker, *, flag=False):
    from beredskab.cases.services import urgent_assessment_record

    urgent_assessment_record(
        actor=worker,
        case=case,
        child_in_danger="unknown",
        acute_action_needed=False,
        reasons="Ikke akut fare; skolen følger hende.",
        nsk_aerk_possible=flag,
    )
    return refresh(case)


def screen(case, worker, *, flag=True, outcome="investigation"):
    from beredskab.cases.services import screening_record

    screening_record(
        actor=worker,
        case=case,
        outcome=outcome,
        reasons="Flere tegn på kontrol.",
        nsk_aerk_possible=flag,
        not_involved_reason="" if flag else NOT_INVOLVED_REASON,
        earlier_honour_conflicts="unknown",
    )
    return refresh(case)


def flagged_case(worker):
    """A case that is assessed and screened with the NSK/ÆRK flag: the gate is closed."""
    case = open_case(worker)
    case = assess(case, worker)
    return screen(case, worker, flag=True)


def add_parent(case, worker, **overrides):
    from beredskab.cases.services import case_person_add

    values = {"name": "Mor Testesen", "relation": "mother", "may_contact": "yes"}
    values.update(overrides)
    return case_person_add(actor=worker, case=case, **values)


_children = iter(range(1, 10_000))


def another_child() -> dict:
    """Report fields about a child no other test case is about (so no report is held)."""
    n = next(_children)
    born = datetime.date(2010, 1, 1) + datetime.timedelta(days=n)
    return {"subject_cpr": f"{born:%d%m%y}-4{n % 1000:03d}", "subject_name": f"Barn{n} Syntetisk"}


def add_father(case, worker, **overrides):
    """The child's father, marked a possible perpetrator, whom nobody has yet said may be contacted."""
    values = {"name": "Karim Testesen", "relation": "father", "possible_perpetrator": True, "may_contact": "unknown"}
    return add_parent(case, worker, **{**values, **overrides})


def complete_assessment(case, author, *, perpetrators=()):
    """Start, fill in and complete a risk assessment (awaiting approval)."""
    from beredskab.cases.risk.services import (
        RatingInput,
        risk_assessment_complete,
        risk_assessment_save,
        risk_assessment_start,
    )

    assessment = risk_assessment_start(actor=author, case=case)
    ratings = {r.factor_id: RatingInput(now="partly", past="absent", notes="") for r in assessment.ratings.all()}
    risk_assessment_save(
        actor=author,
        assessment=assessment,
        ratings=ratings,
        possible_perpetrators=list(perpetrators),
        serious_violence_risk="medium",
        acute_risk="low",
        conclusion="Kontrol, ingen konkrete trusler.",
        scenarios="Familien opdager underretningen.",
        safety_measures="Samtale på skolen, ikke i hjemmet.",
        reassessment_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return risk_assessment_complete(actor=author, assessment=assessment)


def approved_assessment(case, author, approver, **kwargs):
    from beredskab.cases.risk.services import risk_assessment_approve

    assessment = complete_assessment(case, author, **kwargs)
    return risk_assessment_approve(actor=approver, assessment=assessment)


def refresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def open_gate(case, leader, reason=OVERRIDE_REASON):
    """A leader's override: the gate is open without an assessment (for tests about other rules)."""
    from beredskab.cases.risk.services import gate_override_grant

    gate_override_grant(actor=leader, case=refresh(case), reason=reason)
    return refresh(case)


def gate_token_of(client, url) -> str:
    """The gate token a decision page was shown with (as a browser would post it back)."""
    import re

    return re.search(r'name="gate_token" value="([^"]*)"', client.get(url).content.decode()).group(1)


# --- the adult track and the transition at 18 ------------------------------------------------

ADULT_CPR = "120396-1234"  # a 30-year-old in 2026 (synthetic; fails modulus 11 on purpose: a warning only)


def cpr_for(birth_date: datetime.date, serial: str = "123") -> str:
    """A synthetic CPR number for `birth_date` (the 7th digit gives the century)."""
    century_digit = "4" if birth_date.year >= 2000 else "1"
    return f"{birth_date:%d%m%y}-{century_digit}{serial}"


def adult_report_input(**overrides) -> ReportInput:
    values = {
        "subject_name": "Yasmin Voksensen",
        "subject_cpr": ADULT_CPR,
        "narrative": "Hun må ikke selv vælge uddannelse og bliver fulgt af sin bror.",
        "observed_signs": [],
    }
    values.update(overrides)
    return report_input(**values)


def make_adult_report(**overrides):
    report, _created = report_submit(actor=None, token=uuid.uuid4(), data=adult_report_input(**overrides))
    return report


def open_adult_case(taskforce_worker, **overrides):
    """An adult's case: a report the plan routes to the adults taskforce, opened there."""
    from beredskab.cases.services import case_open

    return case_open(actor=taskforce_worker, reports=[make_adult_report(**overrides)], owner=taskforce_worker)


def turning_18_in(days: int, today: datetime.date | None = None) -> datetime.date:
    """The birth date of someone who turns 18 in `days` days."""
    today = today or datetime.date.today()
    day = today + datetime.timedelta(days=days)
    try:
        return day.replace(year=day.year - 18)
    except ValueError:
        return datetime.date(day.year - 18, 2, 28)
