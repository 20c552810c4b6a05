"""A synthetic demo of the work between the meetings (never a real person): a flagged child's
case with an approved risk assessment, a personal safety plan with two scenarios whose no-show
reporter is the demo school's teacher, a no-show waiting to be handled, and a trip abroad whose
expected return has passed, so its return check is open. Needs the plan in force, the risk
instrument and the demo users (`manage.py demo_data`). Safe to run again: a fixed submission
token, and nothing is created twice."""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from beredskab.accounts.demo import demo_email
from beredskab.accounts.models import User
from beredskab.cases import services as case_services
from beredskab.cases.models import Case
from beredskab.cases.risk import services as risk_services
from beredskab.intake.models import Report
from beredskab.intake.services import ReportInput, report_submit

from . import contacts, services, watch
from .services.plans import PlanInput

_NAMESPACE = uuid.UUID("3d1c9b7e-5a2f-4c86-8e0d-2b6f4a7c9e15")
SCENARIOS = "(Demo) Familien opdager, at hun har talt med skolen.\n(Demo) Hun skal med til udlandet i ferien."


def _report() -> Report:
    data = ReportInput(
        reporter_kind="professional",
        reporter_name="Lærer Lis (demo)",
        reporter_organisation="Demoskolen",
        reporter_role="Lærer",
        subject_name="Leila Demo",
        subject_birth_date=datetime.date(2010, 9, 2),
        narrative="(Syntetisk demo) Eleven fortæller, at hun skal giftes, når familien rejser i sommerferien.",
    )
    report, _created = report_submit(actor=None, token=uuid.uuid5(_NAMESPACE, "safety-case"), data=data)
    return report


def _flagged_assessed_case(report, worker, approver):
    case = case_services.case_open(actor=worker, reports=[report])
    case_services.urgent_assessment_record(
        actor=worker,
        case=case,
        child_in_danger="unknown",
        acute_action_needed=False,
        reasons="(Demo) Ingen akut fare i dag; skolen følger eleven.",
    )
    case_services.screening_record(
        actor=worker,
        case=case,
        outcome="investigation",
        reasons="(Demo) Tegn på planlagt tvangsægteskab.",
        nsk_aerk_possible=True,
        earlier_honour_conflicts="unknown",
    )
    assessment = risk_services.risk_assessment_start(actor=worker, case=case)
    ratings = {
        r.factor_id: risk_services.RatingInput(now="partly", past="absent", notes="") for r in assessment.ratings.all()
    }
    risk_services.risk_assessment_save(
        actor=worker,
        assessment=assessment,
        ratings=ratings,
        possible_perpetrators=[],
        serious_violence_risk="medium",
        acute_risk="low",
        conclusion="(Demo) Risiko for tvangsægteskab i forbindelse med en rejse.",
        scenarios=SCENARIOS,
        safety_measures="(Demo) Samtaler på skolen, aldrig i hjemmet.",
        reassessment_on=timezone.localdate() + datetime.timedelta(days=45),
    )
    risk_services.risk_assessment_complete(actor=worker, assessment=assessment)
    risk_services.risk_assessment_approve(actor=approver, assessment=assessment)
    return Case.objects.get(pk=case.pk)  # with the flag and the assessment


def _safety_plan(case, worker, school):
    plan = services.safety_plan_create(
        actor=worker,
        case=case,
        data=PlanInput(
            made_with_person_on=timezone.localdate() - datetime.timedelta(days=1),
            safe_channels="(Demo) Via skolens kontaktperson, eller på den mobil, hun selv har givet os.",
            no_show_reporter=school,
            no_show_hours=4,
            no_show_reaction="(Demo) Sagsbehandleren ringer til skolen, derefter til hende; ellers lederen og vagten.",
            code_word="Solsikke",
            never_channels=["letter_home", "digital_post", "shared_phone"],
            documents=["passport"],
            documents_note="(Demo) I sagsbehandlerens aflåste skab.",
        ),
        without_family=True,
    )
    codes = [code for code, _label in contacts.choosable_contacts()][:2]
    for scenario, actions in zip(
        SCENARIOS.splitlines(),
        ["(Demo) Gå til kontaktlæreren og sig kodeordet.", "(Demo) Ring døgnvagten fra lufthavnen eller en ven."],
        strict=True,
    ):
        services.safety_scenario_add(
            actor=worker,
            plan=plan,
            scenario=scenario,
            actions=actions,
            contact_codes=codes,
            safe_places="(Demo) Biblioteket",
        )
    return plan


@transaction.atomic
def load_demo_safety() -> list[str]:
    """Create the demo case with its safety plan, no-show and trip if not there. Returns the
    references created."""
    try:
        worker = User.objects.get(email=demo_email("sagsbehandler"))
        approver = User.objects.get(email=demo_email("sagsbehandler2"))
        school = User.objects.get(email=demo_email("frontline"))
    except User.DoesNotExist:
        return []
    if not contacts.choosable_contacts():
        return []  # no plan in force: nothing to call
    report = _report()
    if Report.objects.filter(pk=report.pk, case_link__isnull=False).exists():
        return []
    case = _flagged_assessed_case(report, worker, approver)
    _safety_plan(case, worker, school)
    services.no_show_record(actor=school, case=case)
    today = timezone.localdate()
    trip = services.trip_record(
        actor=worker,
        case=case,
        kind="planned",
        destination="(Demo) Udlandet",
        departs_on=today - datetime.timedelta(days=20),
        expected_return_on=today - datetime.timedelta(days=2),
        passport_holder="(Demo) Faren",
        person_said="(Demo) Hun siger, at det kun er et besøg hos bedsteforældrene.",
    )
    watch.check_return(trip, today)  # the return check the job would open tonight
    return [case.reference]


def load() -> None:
    """Found by `manage.py demo_data` (after the cases' demo, which loads the risk instrument)."""
    load_demo_safety()
