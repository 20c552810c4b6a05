"""Synthetic demo organisation and users for every role. Nothing here is a real person.

The organisation mirrors Ishøj's plan (centres and units); e-mail addresses use the reserved
`.example` domain so a demo can never send mail to a real inbox.
"""

from django.db import transaction

from beredskab.core.roles import Role

from . import services
from .models import Centre, Unit, User

DEMO_PASSWORD = "Demo-Beredskab-2026"  # noqa: S105 - printed by `make run`; demo users only
DEMO_DOMAIN = "demo.example"

ORGANISATION = {
    "municipality": ("ishoj", "Ishøj Kommune"),
    "centres": [
        ("cbf", "Center for Børn og Forebyggelse"),
        ("cvv", "Center for Voksne og Velfærd"),
        ("cdu", "Center for Dagtilbud og Uddannelse"),
    ],
    # (code, centre, name, kind, inbox)
    "units": [
        ("straxen", "cbf", "StraXen", "children", f"straxen@{DEMO_DOMAIN}"),
        ("familieraadgivning", "cbf", "Familierådgivningen", "children", f"familie@{DEMO_DOMAIN}"),
        ("taskforce-voksne", "cvv", "Taskforce for voksne (NSK/ÆRK)", "adults", f"taskforce@{DEMO_DOMAIN}"),
        ("skole-demo", "cdu", "Demoskolen", "school", ""),
    ],
}

# (e-mail local part, name, job title, [(role, unit code or None)], is_staff)
USERS = [
    ("frontline", "Frida Frontmedarbejder (demo)", "Lærer", [(Role.FRONTLINE, "skole-demo")], False),
    (
        "sagsbehandler",
        "Sara Sagsbehandler (demo)",
        "Børne- og ungerådgiver",
        [(Role.CHILD_CASEWORKER, "straxen")],
        False,
    ),
    (
        "sagsbehandler2",
        "Simon Sagsbehandler (demo)",
        "Børne- og ungerådgiver",
        [(Role.CHILD_CASEWORKER, "straxen")],
        False,
    ),
    (
        "familie",
        "Fie Familierådgiver (demo)",
        "Familierådgiver",
        [(Role.CHILD_CASEWORKER, "familieraadgivning")],
        False,
    ),
    ("taskforce", "Tariq Taskforce (demo)", "Nøglemedarbejder", [(Role.ADULT_TASKFORCE, "taskforce-voksne")], False),
    ("taskforce2", "Tine Taskforce (demo)", "Nøglemedarbejder", [(Role.ADULT_TASKFORCE, "taskforce-voksne")], False),
    ("bagvagt", "Bo Bagvagt (demo)", "Bagvagt", [(Role.ADULT_TASKFORCE, "taskforce-voksne")], False),
    ("leder", "Lene Leder (demo)", "Leder af StraXen", [(Role.UNIT_LEADER, "straxen")], False),
    ("leder-voksne", "Leif Leder (demo)", "Leder, voksne", [(Role.UNIT_LEADER, "taskforce-voksne")], False),
    ("koordinator", "Karin Koordinator (demo)", "Beredskabskoordinator", [(Role.PLAN_COORDINATOR, None)], False),
    ("revisor", "Rasmus Revisor (demo)", "Databeskyttelsesrådgiver", [(Role.AUDITOR, None)], False),
    ("admin", "Alma Administrator (demo)", "Systemadministrator", [(Role.SYSADMIN, None)], True),
]


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


@transaction.atomic
def load_demo_organisation_and_users() -> list[tuple[str, str, str]]:
    """Create (or bring up to date) the demo organisation and users. Safe to run again.

    Returns (e-mail, name, roles) for each demo user, for printing.
    """
    code, name = ORGANISATION["municipality"]
    municipality = services.municipality_ensure(actor=None, code=code, name=name)
    centres = {
        c_code: services.centre_ensure(actor=None, municipality=municipality, code=c_code, name=c_name)
        for c_code, c_name in ORGANISATION["centres"]
    }
    units = {
        u_code: services.unit_ensure(
            actor=None, centre=centres[centre], code=u_code, name=u_name, kind=kind, inbox_email=inbox
        )
        for u_code, centre, u_name, kind, inbox in ORGANISATION["units"]
    }
    printed = []
    for local_part, full_name, job_title, roles, is_staff in USERS:
        email = demo_email(local_part)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = services.user_create(
                actor=None,
                email=email,
                full_name=full_name,
                password=DEMO_PASSWORD,
                job_title=job_title,
                is_demo=True,
                is_staff=is_staff,
                is_superuser=is_staff,
            )
        elif not user.check_password(DEMO_PASSWORD):
            services.user_set_password(actor=None, user=user, password=DEMO_PASSWORD)
        for role, unit_code in roles:
            services.role_assign(actor=None, user=user, role=role, unit=units[unit_code] if unit_code else None)
        labels = ", ".join(str(Role(role).label) + (f" ({units[u].name})" if u else "") for role, u in roles)
        printed.append((email, full_name, labels))
    return printed


@transaction.atomic
def add_synthetic_units(count: int, *, staff: int) -> bool:
    """`count` more synthetic units, numbered on from those a run made before ("syntetisk-1" …,
    every third for adults) in the demo's first two centres, each with `staff` case workers and
    a leader, through the audited services and with unusable passwords; units and people that
    exist already are kept (and a unit a stopped run left without its staff gets them). For the
    benchmark's history (`manage.py seed_scale`). False when there is no centre to put them in."""
    centres = list(Centre.objects.order_by("pk")[:2])
    if not centres:
        return False
    made = Unit.objects.filter(code__startswith="syntetisk-").count()
    for number in range(1, made + count + 1):
        adults = number % 3 == 0
        unit = services.unit_ensure(
            actor=None,
            centre=centres[-1] if adults else centres[0],
            code=f"syntetisk-{number}",
            name=f"Syntetisk enhed {number}" + (" (voksne)" if adults else ""),
            kind=Unit.Kind.ADULTS if adults else Unit.Kind.CHILDREN,
        )
        worker_role = Role.ADULT_TASKFORCE if adults else Role.CHILD_CASEWORKER
        for person, role in [*((n, worker_role) for n in range(1, staff + 1)), ("leder", Role.UNIT_LEADER)]:
            email = f"syntetisk-{number}-{person}@seed.example"
            user = User.objects.filter(email=email).first() or services.user_create(
                actor=None, email=email, full_name=f"Syntetisk medarbejder {number}-{person}", password=None
            )
            services.role_assign(actor=None, user=user, role=role, unit=unit)
    return True
