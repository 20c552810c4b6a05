"""Synthetic demo cases (never a real person): a report waiting in StraXen's queue, a case behind
the closed risk gate, and a closed case; a young person in StraXen who turns 18 in three months
(the transition at 18); and in the adults taskforce (serviceloven) an inquiry waiting in the
queue and adult cases received, in progress and closed. Needs the plan in force and the demo users
(`manage.py demo_data`). Safe to run again: fixed submission tokens, and nothing is created
twice."""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from beredskab.accounts.demo import demo_email
from beredskab.accounts.models import User
from beredskab.intake.models import Report
from beredskab.intake.services import ReportInput, report_submit

from . import services
from .models import Case, CaseStatus
from .risk.services import default_instrument

_NAMESPACE = uuid.UUID("6f0c2f8e-2f51-4a55-9c63-5c1f2b0e8a11")


def _report(key: str, **values) -> Report:
    token = uuid.uuid5(_NAMESPACE, key)
    data = {
        "reporter_kind": "professional",
        "reporter_name": "Lærer Lis (demo)",
        "reporter_organisation": "Demoskolen",
        "reporter_role": "Lærer",
        "narrative": "(Syntetisk demo) Eleven må ikke deltage i lejrskolen og bliver hentet af sin bror hver dag.",
        **values,
    }
    report, _created = report_submit(actor=None, token=token, data=ReportInput(**data))
    return report


def load() -> None:
    """`manage.py demo_data`: the risk instrument, then the demo cases."""
    default_instrument()
    load_demo_cases()


@transaction.atomic
def load_demo_cases() -> list[str]:
    """Create the demo cases if they are not there. Returns the references created."""
    try:
        worker = User.objects.get(email=demo_email("sagsbehandler"))
        leader = User.objects.get(email=demo_email("leder"))
    except User.DoesNotExist:
        return []
    created: list[str] = []

    _report("queue", subject_name="Nadia Demo", subject_approximate_age=14, is_acute=True)

    flagged_report = _report(
        "gate",
        subject_name="Amira Demo",
        subject_birth_date=datetime.date(2011, 6, 15),
        observed_signs=[{"id": "demo", "group": "Børn og unge under 18 år", "text": "Meget fravær fra uddannelse"}],
    )
    if not Report.objects.filter(pk=flagged_report.pk, case_link__isnull=False).exists():
        case = services.case_open(actor=worker, reports=[flagged_report])
        services.urgent_assessment_record(
            actor=worker,
            case=case,
            child_in_danger="unknown",
            acute_action_needed=False,
            reasons="(Demo) Ingen akut fare i dag; skolen følger eleven.",
        )
        services.screening_record(
            actor=worker,
            case=case,
            outcome="investigation",
            reasons="(Demo) Flere tegn på kontrol.",
            nsk_aerk_possible=True,
            earlier_honour_conflicts="unknown",
        )
        services.case_person_add(actor=worker, case=case, name="Mor Demo", relation="mother", may_contact="yes")
        services.case_person_add(
            actor=worker,
            case=case,
            name="Far Demo",
            relation="father",
            possible_perpetrator=True,
            may_contact="unknown",
        )
        services.task_add(
            actor=worker,
            case=case,
            title="Færdiggør risikovurderingen",
            due_on=timezone.localdate() + datetime.timedelta(days=3),
            owner=worker,
        )
        created.append(case.reference)

    closed_report = _report("closed", subject_name="Jonas Demo", subject_approximate_age=9, reporter_kind="private")
    if not Report.objects.filter(pk=closed_report.pk, case_link__isnull=False).exists():
        case = services.case_open(actor=leader, reports=[closed_report], owner=worker)
        services.urgent_assessment_record(
            actor=worker, case=case, child_in_danger="no", acute_action_needed=False, reasons="(Demo) Ingen fare."
        )
        services.screening_record(
            actor=worker,
            case=case,
            outcome="no_action",
            reasons="(Demo) Bekymringen er afklaret med skolen.",
            nsk_aerk_possible=False,
            not_involved_reason="(Demo) Fraværet skyldes sygdom; skolen har talt med drengen og familien.",
            earlier_honour_conflicts="no",
        )
        services.screening_gate_approve(actor=leader, screening=case.screenings.get())
        services.case_close(actor=worker, case=Case.objects.get(pk=case.pk), outcome="no_further_action")
        created.append(case.reference)
    created += _turning_18(worker)
    created += _adult_cases()
    return created


def _opened(report: Report) -> bool:
    return Report.objects.filter(pk=report.pk, case_link__isnull=False).exists()


def _turning_18(worker) -> list[str]:
    """A children's case whose young person turns 18 in about three months: flagged in StraXen."""
    soon = timezone.localdate() + datetime.timedelta(days=90)
    born = (
        soon.replace(year=soon.year - 18) if (soon.month, soon.day) != (2, 29) else datetime.date(soon.year - 18, 3, 1)
    )
    report = _report("turning-18", subject_name="Sana Demo", subject_birth_date=born)
    if _opened(report):
        return []
    return [services.case_open(actor=worker, reports=[report]).reference]


def _adult_cases() -> list[str]:
    """The adults taskforce: an inquiry waiting in its queue, and cases received, in progress and closed."""
    try:
        taskforce = User.objects.get(email=demo_email("taskforce"))
    except User.DoesNotExist:
        return []
    adult = {
        "reporter_kind": "private",
        "reporter_name": "Veninde Demo",
        "reporter_organisation": "",
        "reporter_role": "",
        "narrative": "(Syntetisk demo) Hun må ikke selv vælge uddannelse og bliver fulgt til og fra arbejde.",
    }
    _report("adult-queue", subject_name="Leila Demo", subject_approximate_age=24, **adult)
    created = []
    for key, name, age, state in (
        ("adult-received", "Yasmin Demo", 30, CaseStatus.RECEIVED),
        ("adult-in-progress", "Hiba Demo", 27, CaseStatus.IN_PROGRESS),
        ("adult-closed", "Rana Demo", 35, CaseStatus.CLOSED),
    ):
        report = _report(key, subject_name=name, subject_approximate_age=age, **adult)
        if _opened(report):
            continue
        case = services.case_open(actor=taskforce, reports=[report])
        if state != CaseStatus.RECEIVED:
            case = services.case_transition(actor=taskforce, case=case, to_status=CaseStatus.IN_PROGRESS)
        if state == CaseStatus.CLOSED:
            services.case_close(
                actor=taskforce, case=case, outcome="support_completed", note="(Demo) Rådgivningsforløbet er afsluttet."
            )
        created.append(case.reference)
    return created
