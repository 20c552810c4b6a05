"""A synthetic demo adult case (never a real person) for the adult taskforce: counselling, an
action plan agreed on a risk assessment approved by a second key employee, and a crisis-centre
referral. Needs the plan in force, the risk instrument and the demo users (`manage.py
demo_data`). Safe to run again: a fixed submission token, and nothing is created twice."""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from beredskab.accounts.demo import demo_email
from beredskab.accounts.models import User
from beredskab.cases import services as case_services
from beredskab.cases.risk import services as risk_services
from beredskab.intake.models import Report
from beredskab.intake.services import ReportInput, report_submit

from . import services

_NAMESPACE = uuid.UUID("0b6f7a52-1c7e-4f55-9a2e-7d3c1e5a9b24")


def _adult_report() -> Report:
    data = ReportInput(
        reporter_kind="professional",
        reporter_name="Rådgiver Rikke (demo)",
        reporter_organisation="Demojobcentret",
        reporter_role="Rådgiver",
        subject_name="Sara Demo",
        subject_birth_date=datetime.date(1998, 3, 14),
        narrative="(Syntetisk demo) Borgeren fortæller, at hendes bror kontrollerer hendes telefon og penge.",
    )
    report, _created = report_submit(actor=None, token=uuid.uuid5(_NAMESPACE, "adult-case"), data=data)
    return report


def _assessment(case, author, approver):
    assessment = risk_services.risk_assessment_start(actor=author, case=case)
    ratings = {
        r.factor_id: risk_services.RatingInput(now="partly", past="absent", notes="") for r in assessment.ratings.all()
    }
    risk_services.risk_assessment_save(
        actor=author,
        assessment=assessment,
        ratings=ratings,
        possible_perpetrators=[],
        serious_violence_risk="medium",
        acute_risk="low",
        conclusion="(Demo) Kontrol og trusler fra broren; ingen akut fare i dag.",
        scenarios="(Demo) Broren opdager, at hun vil flytte.",
        safety_measures="(Demo) Møder på biblioteket; krisecenter ved behov.",
        reassessment_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    risk_services.risk_assessment_complete(actor=author, assessment=assessment)
    return risk_services.risk_assessment_approve(actor=approver, assessment=assessment)


@transaction.atomic
def load_demo_adult_case() -> list[str]:
    """Create the demo adult case if it is not there. Returns the references created."""
    try:
        key = User.objects.get(email=demo_email("taskforce"))
        second = User.objects.get(email=demo_email("taskforce2"))
    except User.DoesNotExist:
        return []
    report = _adult_report()
    if Report.objects.filter(pk=report.pk, case_link__isnull=False).exists():
        return []
    case = case_services.case_open(actor=key, reports=[report])
    today = timezone.localdate()
    services.counselling_record(
        actor=key,
        case=case,
        basis="sel_12a",
        held_on=today - datetime.timedelta(days=7),
        with_whom="(Demo) Borgeren alene",
        interpreter_used=True,
        interpreter_language="Arabisk",
        safe_place="(Demo) Bibliotekets mødelokale",
        note="(Demo) Hun vil gerne flytte og gøre sin uddannelse færdig.",
    )
    _assessment(case, key, second)
    plan = services.action_plan_start(actor=key, case=case)
    services.action_plan_save(
        actor=key,
        plan=plan,
        housing="(Demo) Bor hjemme hos familien.",
        work="(Demo) Deltidsjob i en butik.",
        education="(Demo) HF, 2. år.",
        relatives="(Demo) Broren kontrollerer hendes telefon og penge.",
        wishes="(Demo) Vil flytte og gøre HF færdig.",
        consent_given=True,
        consent_on=today - datetime.timedelta(days=2),
        consent_note="(Demo) Samtykke til kontakt med krisecenter og sikkerhedskonsulent.",
        support_options=["counselling", "crisis_centre", "security_consultant"],
        follow_up_on=today + datetime.timedelta(days=14),
        second_follow_up_on=today + datetime.timedelta(days=45),
    )
    services.action_plan_agree(actor=key, plan=plan, agreed_on=today - datetime.timedelta(days=2))
    referral = services.referral_record(
        actor=key,
        case=case,
        kind="crisis_centre",
        place="(Demo) Krisecenter Øst",
        requested_on=today - datetime.timedelta(days=1),
    )
    services.referral_status_set(actor=key, referral=referral, status="accepted", occurred_on=today)
    return [case.reference]


def load() -> None:
    """Found by `manage.py demo_data` (after the taskforce's roster, so the inquiry gets its owner)."""
    load_demo_adult_case()
