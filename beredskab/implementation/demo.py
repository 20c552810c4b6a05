"""Demo data of the plan's implementation (`manage.py demo_data`): the plan in force sent to
StraXen and the demo school, acknowledged by some of their employees (so the leader of StraXen
sees who is missing), the roles the plan names as to be trained, a SIRI course with
participants, a library entry and a network meeting. Synthetic people only; safe to run again
(nothing is created twice)."""

import datetime
from decimal import Decimal

from beredskab.accounts.demo import demo_email
from beredskab.accounts.models import Centre, Unit, User
from beredskab.core.dates import today
from beredskab.core.roles import Role
from beredskab.plan.selectors import plan_in_force

from . import services
from .models import Acknowledgement, NetworkMeeting, Resource, TrainingActivity

UNITS = ["straxen", "skole-demo"]
ACKNOWLEDGED = ["sagsbehandler", "leder"]  # Simon (StraXen) and Frida (the school) have not, yet
PARTICIPANTS = ["sagsbehandler", "taskforce", "frontline"]
COURSE = "Negativ social kontrol og æresrelaterede konflikter: opsporing"


def _user(local_part: str) -> User | None:
    return User.objects.filter(email=demo_email(local_part)).first()


def load() -> None:
    coordinator = _user("koordinator")
    plan = plan_in_force()
    if coordinator is None or plan is None:
        return
    services.disseminate(actor=coordinator, units=list(Unit.objects.filter(code__in=UNITS)))
    for local_part in ACKNOWLEDGED:
        user = _user(local_part)
        if user is not None and not Acknowledgement.objects.filter(plan=plan, user=user).exists():
            services.acknowledge(actor=user)
    services.training_requirements_set(
        actor=coordinator, roles=[Role.ADULT_TASKFORCE, Role.CHILD_CASEWORKER, Role.FRONTLINE]
    )
    if not TrainingActivity.objects.filter(title=COURSE).exists():
        services.training_record(
            actor=coordinator,
            kind="course",
            title=COURSE,
            organiser="SIRI",
            held_on=today() - datetime.timedelta(days=30),
            hours=Decimal("6"),
            audience="Nøglemedarbejdere, børne- og ungerådgivere og frontpersonale",
            participants=[u for u in map(_user, PARTICIPANTS) if u is not None],
        )
    if not Resource.objects.filter(kind="national").exists():
        services.resource_add(
            actor=coordinator,
            kind="national",
            title="SIRI: Håndbog til kommuner om æresrelaterede konflikter og negativ social kontrol",
            description="National vejledning om opsporing, handling og samarbejde.",
            url="https://siri.dk/",
            owner=coordinator,
            review_on=today() + datetime.timedelta(days=365),
        )
    if not NetworkMeeting.objects.exists():
        centres = list(Centre.objects.filter(code__in=["cbf", "cvv", "cdu"]))
        if len(centres) >= 2:
            services.network_meeting_record(
                actor=coordinator,
                held_on=today() - datetime.timedelta(days=14),
                centres=centres,
                themes="Fælles forståelse af bekymringstegn; overgangen ved 18 år.",
            )
