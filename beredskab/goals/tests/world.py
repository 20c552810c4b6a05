"""A synthetic data set for the goals dashboard, with the figures counted by hand beside it.

Rows are made directly (with the times the test needs: deadlines across Easter 2026 and the
change to summer time on 29 March 2026), not through the services, so each figure can be
counted on paper. Everything is synthetic.

The period is 1 January - 30 June 2026, "now" 15 July 2026; last year's period 1 January -
30 June 2025.
"""

import datetime
import itertools
import uuid
from zoneinfo import ZoneInfo

from beredskab.accounts.models import Unit
from beredskab.cases.models import (
    Case,
    CaseReport,
    CaseShare,
    ComingOfAge,
    GateBasis,
    NetworkStep,
    Screening,
    Track,
    UrgentAssessment,
)
from beredskab.cases.risk.models import Consultation, GateOverride, Instrument, RiskAssessment
from beredskab.intake.models import Report

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime.datetime(2026, 7, 15, 12, 0, tzinfo=CPH)
OVERRIDE_REASON = "Syntetisk: akut fare, forælder skal hente barnet efter aftale med politiet."
_numbers = itertools.count(1)


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=CPH)


def report(plan, unit, received_at, *, kind="professional", anonymous=False, group="Børn og unge", signs=(), index=""):
    n = next(_numbers)
    return Report.objects.create(
        reference=f"UND-T-{n:05d}",
        submission_token=uuid.uuid4(),
        received_at=received_at,
        channel="public",
        reporter_kind=kind,
        reporter_anonymous=anonymous,
        reporter_name="" if anonymous else "Syntetisk Indberetter",
        subject_name="Syntetisk Barn",
        subject_cpr_index=index,
        subject_age=12,
        subject_age_source="approximate",
        observed_signs=[{"id": f"s{i}", "group": group, "text": text} for i, text in enumerate(signs)],
        narrative="Syntetisk fritekst, som aldrig må stå i en eksport.",
        plan=plan,
        target_group=group,
        receiving_unit=unit,
        receiving_contact="Syntetisk",
        routing_reason="Syntetisk",
    )


def case(unit, user, received_at, *reports, track=Track.CHILDREN, owner=None):
    n = next(_numbers)
    c = Case.objects.create(
        reference=f"K-2026-{90000 + n:05d}",
        unit=unit,
        owner=owner,
        track=track,
        opened_at=received_at,
        opened_by=user,
        received_at=received_at,
        subject_name="Syntetisk Barn",
    )
    links = [CaseReport.objects.link(case=c, report=r, added_at=received_at, added_by=user) for r in reports]
    return c, links


def assess(case_report, user, assessed_at):
    a = UrgentAssessment.objects.create(
        case=case_report.case,
        assessed_at=assessed_at,
        assessed_by=user,
        child_in_danger="unknown",
        acute_action_needed=False,
        reasons="Syntetisk",
    )
    case_report.urgent_assessment = a
    case_report.save()


def reply(case_report, *, receipt=None, feedback=None):
    case_report.receipt_sent_on = receipt
    case_report.feedback_sent_on = feedback
    case_report.save()


def build(plan, leader, worker, taskforce):
    """The data set. Returns the objects the tests name."""
    straxen = Unit.objects.get(code="straxen")
    familie = Unit.objects.get(code="familieraadgivning")
    adults = Unit.objects.get(code="taskforce-voksne")
    instrument = Instrument.objects.create(code="t", version="1", name="T", source_sha256="x", loaded_at=NOW)
    cases = {}

    # R1-R6: 2-7 February, professional, assessed after 2 hours, receipt after 2 days, feedback 1 March.
    for i in range(6):
        received = at(2026, 2, 2 + i, 10, 0)
        signs = ["Meget fravær", "Kontrol af telefon"] if i < 2 else ["Meget fravær"]
        index = {1: "idx-a", 2: "idx-a", 3: "idx-b", 4: "idx-c"}.get(i, "")
        r = report(plan, straxen, received, signs=signs, index=index)
        c, (cr,) = case(straxen, worker, received, r)
        assess(cr, worker, received + datetime.timedelta(hours=2))
        reply(cr, receipt=received.date() + datetime.timedelta(days=2), feedback=datetime.date(2026, 3, 1))
        Screening.objects.create(
            case=c,
            screened_at=received + datetime.timedelta(days=1),
            screened_by=worker,
            outcome="investigation",
            reasons="Syntetisk",
            nsk_aerk_possible=True,
            earlier_honour_conflicts="unknown",
        )
        cases[f"C{i + 1}"] = c
    Case.objects.filter(pk=cases["C1"].pk).update(nsk_aerk_flag=False)

    # R7: received Saturday 28 March 12:00, the day before summer time; assessed Sunday 12:30 local
    # time: 23.5 real hours, in time (a wall-clock count would call it late). Private, named.
    r7 = report(plan, straxen, at(2026, 3, 28, 12, 0), kind="private")
    cases["C7"], (cr7,) = case(straxen, worker, r7.received_at, r7)
    assess(cr7, worker, at(2026, 3, 29, 12, 30))
    reply(cr7, receipt=datetime.date(2026, 4, 9))  # the 6th working day after, Easter skipped

    # R8: received Wednesday 1 April (before Easter); assessed after 30 hours: late. The receipt on
    # 14 April is on time (Easter: 2, 3, 6 April are holidays). Feedback, due 1 July, never given.
    r8 = report(plan, straxen, at(2026, 4, 1, 10, 0))
    cases["C8"], (cr8,) = case(straxen, worker, r8.received_at, r8)
    assess(cr8, worker, at(2026, 4, 2, 16, 0))
    reply(cr8, receipt=datetime.date(2026, 4, 14))

    # R9: received Saturday 20 June; assessed in time; receipt due 29 June, never sent; feedback
    # due 20 September (not yet). Handed over at 18 on 25 June.
    r9 = report(plan, straxen, at(2026, 6, 20, 10, 0))
    cases["C9"], (cr9,) = case(straxen, worker, r9.received_at, r9)
    assess(cr9, worker, at(2026, 6, 20, 15, 0))

    # R11: anonymous, to Familierådgivningen, never taken into a case (no assessment).
    report(plan, familie, at(2026, 5, 5, 10, 0), kind="private", anonymous=True)
    # R12: an adult inquiry waiting without an owner.
    report(plan, adults, at(2026, 3, 3, 10, 0), kind="private", group="Voksne")
    # Two adult cases: one owned by an available taskforce member, one without an owner.
    cases["CA1"], _ = case(adults, taskforce, at(2026, 4, 1, 9, 0), track=Track.ADULTS, owner=taskforce)
    cases["CA2"], _ = case(adults, taskforce, at(2026, 4, 1, 9, 0), track=Track.ADULTS)

    # The risk gate: steps on an approved assessment on C1-C5, on a leader's override on C6, and
    # one on C7 after a screening ruled NSK/ÆRK out (not counted).
    override = GateOverride.objects.create(
        case=cases["C6"], granted_by=leader, granted_at=at(2026, 3, 10, 9, 0), reason=OVERRIDE_REASON
    )
    for key, basis in [*((f"C{i}", GateBasis.ASSESSMENT) for i in range(1, 6)), ("C6", GateBasis.OVERRIDE)]:
        NetworkStep.objects.create(
            case=cases[key],
            kind="meeting",
            occurred_on=datetime.date(2026, 3, 15),
            summary="Syntetisk",
            recorded_at=at(2026, 3, 15, 12, 0),
            recorded_by=worker,
            gate_basis=basis,
            gate_override=override if basis == GateBasis.OVERRIDE else None,
        )
    NetworkStep.objects.create(
        case=cases["C7"],
        kind="contact",
        occurred_on=datetime.date(2026, 4, 15),
        summary="Syntetisk",
        recorded_at=at(2026, 4, 15, 12, 0),
        recorded_by=worker,
        gate_basis=GateBasis.SCREENED_OUT,
    )

    # Approved risk assessments 2, 4 and 10 days after the first report (median 4); C4 a draft.
    for version_case, days, status in (("C1", 2, "approved"), ("C2", 4, "approved"), ("C3", 10, "approved")):
        c = cases[version_case]
        RiskAssessment.objects.create(
            case=c,
            version=1,
            instrument=instrument,
            status=status,
            author=worker,
            created_at=c.received_at,
            updated_at=c.received_at,
            completed_at=c.received_at + datetime.timedelta(days=days - 1),
            reviewed_by=leader,
            reviewed_at=c.received_at + datetime.timedelta(days=days),
        )
    RiskAssessment.objects.create(
        case=cases["C4"], version=1, instrument=instrument, author=worker, created_at=NOW, updated_at=NOW
    )

    # Collaboration: C1 shared within the centre, C2 with the adults' centre; consultations;
    # C9 handed over at 18.
    for key, unit, day in (("C1", familie, 10), ("C2", adults, 11)):
        CaseShare.objects.create(
            case=cases[key], unit=unit, purpose="Syntetisk", shared_at=at(2026, 2, day, 9, 0), shared_by=leader
        )
    for key, kind in (("C1", "police"), ("C2", "security_consultant"), ("C3", "viso"), ("C3", "police")):
        Consultation.objects.create(
            case=cases[key],
            partner_kind=kind,
            partner_name="Syntetisk partner",
            consulted_on=datetime.date(2026, 2, 15),
            identification="anonymised",
            question="Syntetisk",
            advice="Syntetisk",
            recorded_at=at(2026, 2, 15, 12, 0),
            recorded_by=worker,
        )
    ComingOfAge.objects.create(
        case=cases["C9"],
        kind="handover",
        decided_at=at(2026, 6, 25, 10, 0),
        decided_by=leader,
        from_unit=straxen,
        to_unit=adults,
        consent="given",
        reason="Syntetisk",
    )

    # Last year: six reports to StraXen, none taken in (so none assessed); one about idx-b
    # (within 12 months of R4), and one about idx-c in December 2024 (more than 12 months before R5).
    for i in range(6):
        report(plan, straxen, at(2025, 3, 1 + i, 10, 0), index="idx-b" if i == 0 else "")
    report(plan, straxen, at(2024, 12, 1, 10, 0), index="idx-c")
    return {"cases": cases, "override": override, "straxen": straxen, "adults": adults, "familie": familie}


def more_reports(plan, worker, count: int) -> None:
    """`count` more reports in cases, for the query count at a larger size."""
    straxen = Unit.objects.get(code="straxen")
    for i in range(count):
        received = at(2026, 5, 1 + i % 28, 10, 0)
        r = report(plan, straxen, received, signs=[f"Tegn {i % 3}"], index=f"idx-x{i % 4}")
        _c, (cr,) = case(straxen, worker, received, r)
        assess(cr, worker, received + datetime.timedelta(hours=3))
