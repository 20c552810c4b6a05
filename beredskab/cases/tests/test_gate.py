"""The risk gate (barnets lov § 18, stk. 3): no step that involves the parents or the network
while a case is flagged NSK/ÆRK and has no approved risk assessment: in the service, on the
pages and in the admin. Only a unit leader can override, with a written reason."""

import datetime

import pytest
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases.models import NetworkStep, NetworkStepKind
from beredskab.cases.risk.gate import GateClosed, check_network_step
from beredskab.cases.risk.models import GateOverride
from beredskab.cases.risk.services import gate_override_grant, gate_override_revoke
from beredskab.cases.services import case_flag_set, network_step_record
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Role

from .factories import (
    add_parent,
    approved_assessment,
    assess,
    complete_assessment,
    gate_token_of,
    open_case,
    open_gate,
    refresh,
)

ALL_STEPS = list(NetworkStepKind.values)
SLUGS = {
    "contact": "kontakt",
    "letter": "brev",
    "meeting": "moede",
    "document_share": "dokumenter",
    "file_access": "aktindsigt",
}
REASON = "Barnet er i akut fare, og moderen skal hente hende i dag efter aftale med politiet."


def _record(case, user, person, kind):
    return network_step_record(
        actor=user, case=case, kind=kind, people=[person], occurred_on=datetime.date.today(), summary="Samtale."
    )


@pytest.mark.parametrize("kind", ALL_STEPS)
def test_service_refuses_every_parent_or_network_step_while_flagged_without_an_approved_assessment(
    flagged, worker, kind
):
    mother = add_parent(flagged, worker)
    with pytest.raises(GateClosed) as refusal:
        _record(flagged, worker, mother, kind)
    assert "§ 18, stk. 3" in refusal.value.reason
    assert str(NetworkStepKind(kind).label) in refusal.value.reason
    assert not NetworkStep.objects.exists()
    refused = AuditEvent.objects.get(action="cases.network_step_refused")
    assert refused.new_values["kind"] == kind and refused.person_ref == flagged.person_ref


def test_a_completed_but_not_yet_approved_assessment_does_not_open_the_gate(flagged, worker):
    mother = add_parent(flagged, worker)
    complete_assessment(flagged, worker)
    assert not check_network_step(refresh(flagged), "meeting").allowed
    with pytest.raises(GateClosed):
        _record(refresh(flagged), worker, mother, "meeting")


@pytest.mark.parametrize("kind", ALL_STEPS)
def test_an_approved_assessment_opens_the_gate(flagged, worker, worker2, kind):
    mother = add_parent(flagged, worker)
    assessment = approved_assessment(flagged, worker, worker2)
    step = _record(refresh(flagged), worker, mother, kind)
    assert step.gate_basis == "assessment" and step.risk_assessment == assessment
    assert AuditEvent.objects.filter(action="cases.network_step_recorded", target_id=str(step.pk)).exists()


def test_a_new_case_starts_flagged_with_the_gate_closed(case, worker):
    """Finding 1: every case is about a possible NSK/ÆRK concern; the gate starts closed."""
    assert case.nsk_aerk_flag
    mother = add_parent(case, worker)
    with pytest.raises(GateClosed, match="ingen godkendt risikovurdering"):
        _record(case, worker, mother, "contact")


def test_a_person_who_must_not_be_contacted_is_refused_even_with_an_open_gate(case, worker, leader):
    case = open_gate(case, leader)
    father = add_parent(case, worker, name="Far Testesen", relation="father", may_contact="no", contact_note="Trusler")
    from beredskab.cases.errors import CaseError

    with pytest.raises(CaseError, match="må ikke kontaktes"):
        _record(case, worker, father, "letter")


def test_leader_override_with_reason_opens_the_gate_is_audited_and_shown(client, flagged, worker, leader):
    mother = add_parent(flagged, worker)
    override = gate_override_grant(actor=leader, case=flagged, reason=REASON)
    event = AuditEvent.objects.get(action="risk.gate_overridden")
    assert event.actor_id == leader.pk and event.person_ref == flagged.person_ref and event.purpose == "supervision"
    assert REASON not in str(event.new_values)  # free text stays in the (encrypted) case, not the log

    step = _record(refresh(flagged), worker, mother, "meeting")
    assert step.gate_basis == "override" and step.gate_override == override

    client.force_login(worker)
    page = client.get(reverse("cases:detail", args=[flagged.reference])).content.decode()
    assert "Risikoporten er tilsidesat af en leder" in page and REASON in page and leader.full_name in page

    gate_override_revoke(actor=leader, override=override)
    assert not check_network_step(refresh(flagged), "meeting").allowed


@pytest.mark.parametrize("role_fixture", ["worker", "worker2", "other_leader"])
def test_only_a_leader_of_the_cases_unit_can_override_and_refusals_are_audited(request, flagged, role_fixture):
    user = request.getfixturevalue(role_fixture)
    with pytest.raises(PolicyDenied):
        gate_override_grant(actor=user, case=flagged, reason=REASON)
    assert not GateOverride.objects.exists()
    assert AuditEvent.objects.filter(action="risk.gate_override_refused", actor_id=user.pk).exists()


def test_override_needs_a_written_reason(flagged, leader):
    from beredskab.cases.errors import CaseError

    with pytest.raises(CaseError, match="begrundelse"):
        gate_override_grant(actor=leader, case=flagged, reason="fordi")


def test_override_is_refused_when_the_gate_is_not_closed(flagged, worker, worker2, leader):
    from beredskab.cases.errors import CaseError

    approved_assessment(flagged, worker, worker2)
    with pytest.raises(CaseError, match="ikke lukket"):
        gate_override_grant(actor=leader, case=refresh(flagged), reason=REASON)


def test_only_a_leader_can_remove_the_flag_and_it_is_an_override_with_a_reason(flagged, worker, leader):
    from beredskab.cases.risk.models import OverrideKind

    with pytest.raises(PolicyDenied):
        gate_override_grant(actor=worker, case=flagged, reason=REASON, kind=OverrideKind.NOT_INVOLVED)
    from beredskab.cases.errors import CaseError

    for empty in ("", "......................", "ja ja ja ja ja ja", "x" * 40):
        with pytest.raises(CaseError, match="begrundelse"):
            gate_override_grant(actor=leader, case=flagged, reason=empty, kind=OverrideKind.NOT_INVOLVED)
    override = gate_override_grant(actor=leader, case=flagged, reason=REASON, kind=OverrideKind.NOT_INVOLVED)
    case = refresh(flagged)
    assert not case.nsk_aerk_flag
    decision = check_network_step(case, "meeting")
    assert decision.allowed and decision.basis == "override" and decision.override == override
    assert AuditEvent.objects.filter(action="cases.flag_changed", actor_id=leader.pk).exists()
    assert AuditEvent.objects.filter(action="risk.gate_overridden", new_values__kind="not_involved").exists()
    # Flagging again ends the leader's "not involved": the gate closes.
    case_flag_set(actor=worker, case=case)
    case = refresh(case)
    assert case.nsk_aerk_flag and not check_network_step(case, "meeting").allowed
    assert refresh(override).revoked_at is not None and refresh(override).revoke_cause == "flagged"


def test_the_flag_can_be_set_at_the_24_hour_assessment(plan, worker):
    case = assess(open_case(worker), worker, flag=True)
    assert case.nsk_aerk_flag
    assert not check_network_step(case, "contact").allowed


# --- pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_STEPS)
def test_the_page_disables_the_step_shows_the_reason_and_a_post_is_refused(client, flagged, worker, kind):
    mother = add_parent(flagged, worker)
    client.force_login(worker)
    url = reverse("cases:network_step", args=[flagged.reference, SLUGS[kind]])

    case_page = client.get(reverse("cases:detail", args=[flagged.reference])).content.decode()
    assert "Risikoporten er lukket" in case_page
    assert f'href="{url}"' not in case_page  # the action is a disabled button, not a link

    form_page = client.get(url).content.decode()
    assert "Risikoporten er lukket" in form_page and "disabled" in form_page

    response = client.post(url, {"people": [mother.pk], "occurred_on": "2026-11-24", "summary": "Møde med mor."})
    assert response.status_code == 409
    assert "§ 18, stk. 3" in response.content.decode()
    assert "Møde med mor." in response.content.decode()  # what the user typed is kept
    assert not NetworkStep.objects.exists()


def test_the_page_allows_the_step_after_approval(client, flagged, worker, worker2):
    mother = add_parent(flagged, worker)
    approved_assessment(flagged, worker, worker2)
    client.force_login(worker)
    url = reverse("cases:network_step", args=[flagged.reference, "moede"])
    assert f'href="{url}"' in client.get(reverse("cases:detail", args=[flagged.reference])).content.decode()
    today = datetime.date.today().isoformat()
    response = client.post(url, {"people": [mother.pk], "occurred_on": today, "summary": "Møde med mor."})
    assert response.status_code == 302
    assert NetworkStep.objects.get().kind == "meeting"


def test_override_page_is_for_leaders_only(client, flagged, worker, leader):
    url = reverse("risk:override", args=[flagged.reference])
    client.force_login(worker)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": REASON}).status_code == 403
    assert not GateOverride.objects.exists()
    assert AuditEvent.objects.filter(action="risk.gate_override_refused", actor_id=worker.pk).exists()

    client.force_login(leader)
    assert client.get(url).status_code == 200
    short = client.post(url, {"reason": "kort", "confirm": "on"})
    assert short.status_code == 400 and "kort" in short.content.decode() and "mindst 4 ord" in short.content.decode()
    unconfirmed = client.post(url, {"reason": REASON})
    assert unconfirmed.status_code == 400 and REASON in unconfirmed.content.decode()
    token = gate_token_of(client, url)
    assert client.post(url, {"reason": REASON, "confirm": "on", "gate_token": token}).status_code == 302
    assert GateOverride.objects.get().granted_by == leader


# --- admin -------------------------------------------------------------------------------


@pytest.fixture
def staff_worker(make_user):
    return make_user(Role.CHILD_CASEWORKER, "straxen", is_staff=True, full_name="Staff Sagsbehandler")


@pytest.mark.parametrize("kind", ALL_STEPS)
def test_the_admin_refuses_a_network_step_while_the_gate_is_closed(client, plan, staff_worker, worker2, kind):
    from .factories import flagged_case

    case = flagged_case(staff_worker)
    mother = add_parent(case, staff_worker)
    client.force_login(staff_worker)
    url = reverse("admin:cases_networkstep_add")
    data = {"case": case.pk, "kind": kind, "people": [mother.pk], "occurred_on": "2026-11-24", "summary": "Møde."}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "§ 18, stk. 3" in response.content.decode()
    assert not NetworkStep.objects.exists()

    approved_assessment(case, staff_worker, worker2)
    response = client.post(url, data)
    assert response.status_code == 302
    step = NetworkStep.objects.get()
    assert step.gate_basis == "assessment" and list(step.people.all()) == [mother]
    assert AuditEvent.objects.filter(action="cases.network_step_recorded").count() == 1


def test_the_admin_cannot_change_or_delete_case_data(client, plan, staff_worker):
    from .factories import flagged_case

    case = flagged_case(staff_worker)
    client.force_login(staff_worker)
    change = client.post(reverse("admin:cases_case_change", args=[case.pk]), {"nsk_aerk_flag": ""})
    assert change.status_code in (403, 200)
    assert refresh(case).nsk_aerk_flag
    assert client.post(reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:cases_case_add")).status_code == 403


def test_a_sysadmin_sees_no_cases_in_the_admin(client, plan, worker, make_user):
    from .factories import open_case

    case = open_case(worker)
    admin_user = make_user(Role.SYSADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert case.reference not in listing
    assert client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code == 302  # "does not exist"
