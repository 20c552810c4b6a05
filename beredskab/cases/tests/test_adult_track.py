"""Two tracks, one case core (issue 14): a case knows its track from the plan's routing, a leader
corrects it with a reason, an adult's case has no children's clocks or screening, and only the
adults unit (and units it is shared with) sees it."""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from beredskab.accounts.models import Unit
from beredskab.audit.models import AuditEvent
from beredskab.cases import services
from beredskab.cases.breakglass import BreakGlassRefused, break_glass_open
from beredskab.cases.clocks import ClockKind, case_clocks, queue_clock
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case, CaseStatus, Track
from beredskab.cases.policies import case_policy
from beredskab.cases.selectors import case_queryset, is_adult_case
from beredskab.core.roles import Role

from .factories import make_adult_report, open_adult_case, open_case, refresh

pytestmark = pytest.mark.usefixtures("plan")
REASON = "Henvendelsen handler om en voksen på 30 år, ikke om et barn, så den hører til voksensporet."


@pytest.fixture
def taskforce(make_user):
    return make_user(Role.ADULT_TASKFORCE, "taskforce-voksne", full_name="Tariq Taskforce")


@pytest.fixture
def adult_leader(make_user):
    return make_user(Role.UNIT_LEADER, "taskforce-voksne", full_name="Leif Leder")


def test_a_report_routed_to_the_adults_unit_opens_an_adults_case(worker, taskforce):
    adult = open_adult_case(taskforce)
    child = open_case(worker)
    assert adult.unit.code == "taskforce-voksne" and adult.track == Track.ADULTS and is_adult_case(adult)
    assert child.track == Track.CHILDREN and not is_adult_case(child)
    opened = AuditEvent.objects.filter(action="cases.case_opened", target_id=str(adult.pk)).get()
    assert opened.new_values["track"] == "adults"


def test_the_migration_gives_existing_cases_their_units_track(taskforce):
    case = open_adult_case(taskforce)
    Case.objects.filter(pk=case.pk).update(track=Track.CHILDREN)
    migration = __import__("beredskab.cases.migrations.0009_track_and_coming_of_age", fromlist=["track_from_unit"])
    migration.track_from_unit(apps, None)
    assert refresh(case).track == Track.ADULTS


def test_a_leader_corrects_the_track_with_a_reason_and_it_is_audited(worker, leader):
    case = open_case(worker)
    with pytest.raises(CaseError, match="Kun en leder"):
        services.case_track_correct(actor=worker, case=case, track=Track.ADULTS, reason=REASON)
    with pytest.raises(CaseError, match="Skriv, hvorfor sporet rettes"):
        services.case_track_correct(actor=leader, case=case, track=Track.ADULTS, reason="fejl")
    services.case_track_correct(actor=leader, case=case, track=Track.ADULTS, reason=REASON)
    case = refresh(case)
    assert case.track == Track.ADULTS and case.track_reason == REASON
    event = AuditEvent.objects.get(action="cases.case_track_corrected")
    assert event.old_values == {"track": "children", "unit": "straxen", "owner_id": worker.pk}
    assert event.new_values["track"] == "adults" and event.new_values["unit"] == "taskforce-voksne"
    assert REASON not in str(event.new_values)  # the reason is on the case, never in the log


def test_a_track_correction_moves_the_case_to_the_unit_the_plans_routing_names(worker, leader, taskforce, adult_leader):
    """Children -> adults: the plan's receiving unit for adults (the taskforce), in the same
    transaction as the change of track; adults -> children: the plan's children's unit."""
    child = open_case(worker)
    services.case_track_correct(actor=leader, case=child, track=Track.ADULTS, reason=REASON)
    child = refresh(child)
    assert child.unit.code == "taskforce-voksne" and child.track == Track.ADULTS
    assert child.owner_id != worker.pk  # the children's worker does not keep an adult's case
    assert not case_policy.can(worker, "view", child) and case_policy.can(adult_leader, "view", child)
    adult = open_adult_case(taskforce)
    services.case_track_correct(actor=adult_leader, case=adult, track=Track.CHILDREN, reason=REASON)
    adult = refresh(adult)
    assert adult.unit.code == "straxen" and adult.track == Track.CHILDREN and adult.owner_id is None
    moved = AuditEvent.objects.filter(action="cases.case_track_corrected", target_id=str(adult.pk)).get()
    assert moved.old_values["unit"] == "taskforce-voksne" and moved.new_values["unit"] == "straxen"


def test_a_protected_case_is_not_moved_by_a_track_correction(worker, leader):
    from beredskab.cases.protection import case_protect

    case = open_case(worker)
    case = case_protect(actor=leader, case=case, reason="Morbror arbejder i forvaltningen.", members=[worker])
    with pytest.raises(CaseError, match="beskyttet"):
        services.case_track_correct(actor=leader, case=refresh(case), track=Track.ADULTS, reason=REASON)
    case = refresh(case)
    assert case.track == Track.CHILDREN and case.unit.code == "straxen"
    assert not AuditEvent.objects.filter(action="cases.case_track_corrected").exists()


def test_the_track_page_for_a_leader(client, worker, leader):
    case = open_case(worker)
    client.force_login(leader)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert reverse("cases:track", args=[case.reference]) in page
    response = client.post(reverse("cases:track", args=[case.reference]), {"track": "adults", "reason": "kort"})
    assert response.status_code == 409 and "Skriv, hvorfor sporet rettes" in response.content.decode()
    response = client.post(reverse("cases:track", args=[case.reference]), {"track": "adults", "reason": REASON})
    assert response.status_code == 302 and refresh(case).track == Track.ADULTS
    assert response["Location"] == reverse("cases:unit")  # moved to the adults unit: no longer the leader's
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 404


def test_an_adults_case_has_the_units_contact_time_instead_of_childrens_clocks(settings, taskforce):
    received = timezone.now()
    case = case_queryset().get(pk=open_adult_case(taskforce).pk)
    clocks = case_clocks(case)
    assert [c.kind for c in clocks] == [ClockKind.CONTACT]
    assert clocks[0].law == "" and clocks[0].label == "Kontakt til borgeren"
    assert clocks[0].due_at > received + datetime.timedelta(days=2)  # 3 working days by default
    settings.CASES_ADULT_CONTACT_WORKING_DAYS = {"default": 3, "taskforce-voksne": 10}
    assert case_clocks(case)[0].due_at > received + datetime.timedelta(days=13)
    waiting = make_adult_report(subject_cpr="030391-1234")
    assert queue_clock(waiting).kind == ClockKind.CONTACT


def test_the_contact_clock_stops_when_the_work_with_the_citizen_starts(taskforce):
    case = open_adult_case(taskforce)
    services.case_transition(actor=taskforce, case=case, to_status=CaseStatus.IN_PROGRESS)
    clock = case_clocks(case_queryset().get(pk=case.pk))[0]
    assert clock.kind == ClockKind.CONTACT and clock.is_done


def test_an_adults_case_is_never_assessed_within_24_hours_or_screened(taskforce):
    case = open_adult_case(taskforce)
    with pytest.raises(CaseError, match="serviceloven"):
        services.urgent_assessment_record(
            actor=taskforce, case=case, child_in_danger="unknown", acute_action_needed=False, reasons="Ikke akut."
        )
    with pytest.raises(CaseError, match="serviceloven"):
        services.screening_record(
            actor=taskforce,
            case=case,
            outcome="investigation",
            reasons="Tegn på kontrol.",
            nsk_aerk_possible=True,
            earlier_honour_conflicts="unknown",
        )
    with pytest.raises(CaseError):
        services.case_transition(actor=taskforce, case=case, to_status=CaseStatus.ASSESSED)
    services.case_close(actor=taskforce, case=case, outcome="no_further_action", note="")
    assert refresh(case).status == CaseStatus.CLOSED


def test_the_adults_case_page_has_no_childrens_sections(client, taskforce):
    case = open_adult_case(taskforce)
    client.force_login(taskforce)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert 'id="vurdering"' not in page and 'id="screening"' not in page
    assert "Borgeren" in page and "Henvendelser" in page and "Kontakt til borgeren" in page
    assert "Sæt sagsarbejdet i gang" in page  # straight from received to the work with the citizen


def test_staff_outside_the_adults_unit_never_see_an_adults_case(client, worker, leader, taskforce):
    case = open_adult_case(taskforce)
    cr = case.case_reports.get()
    for user in (worker, leader):
        client.force_login(user)
        for url in (
            reverse("cases:detail", args=[case.reference]),
            reverse("cases:receipt_letter", args=[case.reference, cr.pk]),
            reverse("intake:report_detail", args=[cr.report.reference]),
        ):
            assert client.get(url).status_code == 404, url
        for url in (reverse("cases:mine"), reverse("cases:unit"), reverse("cases:deadlines"), reverse("cases:queue")):
            assert case.reference not in client.get(url).content.decode(), url
        assert cr.report.reference not in client.get(reverse("intake:unit_reports")).content.decode()
        with pytest.raises(BreakGlassRefused):
            break_glass_open(actor=user, reference=case.reference, reason="Akut behov for at se sagen i nat.")
    refused = AuditEvent.objects.filter(action="cases.break_glass_refused")
    assert {e.new_values["why"] for e in refused} == {"adult_case"}


def test_an_adults_case_shared_with_a_unit_is_seen_there(client, taskforce, adult_leader, worker):
    case = open_adult_case(taskforce)
    services.case_share(
        actor=adult_leader, case=case, unit=Unit.objects.get(code="straxen"), purpose="Samarbejde om sikkerhedsplanen"
    )
    client.force_login(worker)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
    assert case.reference in client.get(reverse("cases:mine")).content.decode()


def test_break_glass_on_a_childs_case_does_not_reach_it_once_it_is_an_adults_case(client, worker, leader, other_worker):
    """Break-glass is refused on an adult's case to anyone outside the adults units; a grant a
    worker of another children's unit got while the case was a children's case must stop
    reaching it once a leader moves it to the adults track (correction or hand-over at 18):
    the page, the lists (`case_policy.visible`) and the policy all say no."""
    case = open_case(worker)
    break_glass_open(actor=other_worker, reference=case.reference, reason=REASON)
    assert case_policy.can(other_worker, "view", refresh(case))
    services.case_track_correct(actor=leader, case=refresh(case), track=Track.ADULTS, reason=REASON)
    moved = refresh(case)
    assert moved.is_adult
    assert not case_policy.can(other_worker, "view", moved)
    assert not case_policy.visible(other_worker, Case.objects.filter(pk=case.pk)).exists()
    client.force_login(other_worker)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code in (403, 404)


def test_the_report_of_a_case_moved_to_the_adults_track_is_not_read_by_the_old_unit(client, worker, leader, taskforce):
    """The report stays received by the children's unit; once its case is an adult's case in the
    adults unit, the old unit's people no longer read it on the intake pages (detail, list)."""
    case = open_case(worker)
    report = case.case_reports.get().report
    client.force_login(worker)
    assert client.get(reverse("intake:report_detail", args=[report.reference])).status_code == 200
    services.case_track_correct(actor=leader, case=refresh(case), track=Track.ADULTS, reason=REASON)
    for user in (worker, leader):
        client.force_login(user)
        assert client.get(reverse("intake:report_detail", args=[report.reference])).status_code in (403, 404)
        assert report.reference not in client.get(reverse("intake:unit_reports")).content.decode()
    client.force_login(taskforce)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200


def test_a_childrens_units_share_ends_when_the_case_moves_to_the_adults_track(worker, leader, other_worker):
    """A share the children's unit made for the child does not follow the case into the adults
    unit (the adult's NSK/ÆRK case is seen only by the taskforce and the units the adults unit
    shares it with): the move ends it, audited."""
    case = open_case(worker)
    share = services.case_share(
        actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde"
    )
    assert case_policy.can(other_worker, "view", refresh(case))
    services.case_track_correct(actor=leader, case=refresh(case), track=Track.ADULTS, reason=REASON)
    assert not case_policy.can(other_worker, "view", refresh(case))
    share.refresh_from_db()
    assert share.revoked_at is not None and share.revoked_by == leader
    event = AuditEvent.objects.get(action="cases.case_share_revoked")
    assert event.new_values["unit"] == "familieraadgivning" and event.new_values["cause"] == "moved_to_adults"
