"""The adult track's services: audit events in the same transaction, the risk gate where the
family or network can be involved, and the action plan's four-eyes dependency on the approved,
current risk assessment."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from beredskab.adults import audit_actions, selectors, services
from beredskab.adults.models import Counselling, PlanStatus, Referral
from beredskab.audit.models import AuditEvent
from beredskab.cases.errors import CaseError
from beredskab.cases.risk.gate import GateClosed
from beredskab.cases.risk.services import risk_assessment_approve
from beredskab.cases.tests.factories import CHILDRENS_LAW_WORDS as FORBIDDEN
from beredskab.cases.tests.factories import approved_assessment, complete_assessment, open_case, refresh
from beredskab.core.policies import PolicyDenied

from .factories import add_sister, counselling, filled_plan

REFUSED = "cases.network_step_refused"


def events(action):
    return AuditEvent.objects.filter(action=str(action.name if hasattr(action, "name") else action))


# --- counselling ----------------------------------------------------------------------------


def test_counselling_is_recorded_with_its_audit_event(adult, tf):
    conversation = counselling(adult, tf)
    assert conversation.number == 1 and conversation.interpreter_language == "arabisk"
    event = events(audit_actions.COUNSELLING_RECORDED).get()
    assert event.person_ref == adult.person_ref
    assert event.new_values["case"] == adult.reference and event.new_values["interpreter_used"] is True
    assert "Bibliotek" not in str(event.new_values)  # no free text in the log
    assert counselling(adult, tf).number == 2


def test_counselling_asks_for_the_interpreters_language_and_a_safe_place(adult, tf):
    with pytest.raises(CaseError, match="tolkens sprog"):
        counselling(adult, tf, interpreter_language="")
    with pytest.raises(CaseError, match="sikkert"):
        counselling(adult, tf, safe_place=" ")
    assert not Counselling.objects.exists()


def test_a_conversation_with_the_family_is_refused_by_the_closed_gate_in_adult_words(adult, tf, tf2):
    sister = add_sister(adult, tf)
    with pytest.raises(GateClosed) as refusal:
        counselling(adult, tf, with_whom="Borgeren og søsteren", participants=[sister])
    assert "borgeren" in refusal.value.reason
    assert not any(word in refusal.value.reason for word in FORBIDDEN)
    assert not Counselling.objects.exists()
    assert events(REFUSED).get().new_values["service"] == "counselling_record"
    # With the risk assessment approved by a second person the conversation may be recorded.
    approved_assessment(refresh(adult), tf, tf2)
    conversation = counselling(adult, tf, with_whom="Borgeren og søsteren", participants=[sister])
    assert list(conversation.participants.all()) == [sister]
    assert events(audit_actions.COUNSELLING_RECORDED).get().new_values["gate"]["basis"] == "assessment"


def test_counselling_is_only_for_adult_cases(plan, child_worker):
    case = open_case(child_worker)
    with pytest.raises(PolicyDenied):
        counselling(case, child_worker)


def test_reading_counselling_is_logged_with_the_chosen_purpose(adult, tf):
    counselling(adult, tf)
    rows = selectors.counselling_for_reading(user=tf, case=adult, purpose="supervision")
    assert len(rows) == 1
    event = events(audit_actions.COUNSELLING_VIEWED).get()
    assert event.purpose == "supervision" and event.person_ref == adult.person_ref


def test_only_the_cases_unit_may_record_counselling(adult, child_worker):
    with pytest.raises(PolicyDenied):
        counselling(adult, child_worker)


# --- the action plan and its risk assessment ------------------------------------------------


def test_the_plan_is_agreed_only_on_an_assessment_approved_by_a_second_person(adult, tf, tf2):
    plan = filled_plan(adult, tf)
    with pytest.raises(CaseError, match="ingen risikovurdering"):
        services.action_plan_agree(actor=tf, plan=plan, agreed_on=timezone.localdate())
    assessment = complete_assessment(refresh(adult), tf)
    with pytest.raises(CaseError, match="afventer godkendelse"):
        services.action_plan_agree(actor=tf, plan=plan, agreed_on=timezone.localdate())
    with pytest.raises(PolicyDenied, match="Fire øjne"):  # the author cannot approve their own assessment
        risk_assessment_approve(actor=tf, assessment=assessment)
    risk_assessment_approve(actor=tf2, assessment=assessment)
    agreed = services.action_plan_agree(actor=tf, plan=refresh(plan), agreed_on=timezone.localdate())
    assert agreed.status == PlanStatus.AGREED and agreed.risk_assessment == assessment
    event = events(audit_actions.PLAN_AGREED).get()
    assert event.new_values["assessment"] == assessment.version and event.person_ref == adult.person_ref


def test_an_expired_assessment_does_not_carry_a_plan(adult, tf, tf2):
    approved_assessment(refresh(adult), tf, tf2)
    plan = filled_plan(adult, tf)
    later = timezone.now() + datetime.timedelta(days=31)
    with time_machine.travel(later, tick=False), pytest.raises(CaseError, match="revurderes"):
        services.action_plan_agree(actor=tf, plan=plan, agreed_on=timezone.localdate())
    assert refresh(plan).status == PlanStatus.DRAFT


def test_a_plan_needs_the_citizens_wishes_consent_support_and_follow_up(adult, tf, tf2):
    approved_assessment(refresh(adult), tf, tf2)
    plan = filled_plan(adult, tf, wishes="", consent_given=False, support_options=[], follow_up_on=None)
    with pytest.raises(CaseError) as missing:
        services.action_plan_agree(actor=tf, plan=plan, agreed_on=timezone.localdate())
    for what in ("ønsker", "samtykke", "støttemulighed", "opfølgning"):
        assert what in missing.value.reason
    with pytest.raises(CaseError, match="samtykke"):
        services.action_plan_save(actor=tf, plan=plan, consent_given=True, consent_on=None)


def test_an_agreed_plan_is_never_changed_and_a_new_version_starts_from_it(adult, tf, tf2):
    approved_assessment(refresh(adult), tf, tf2)
    first = services.action_plan_agree(actor=tf, plan=filled_plan(adult, tf), agreed_on=timezone.localdate())
    with pytest.raises(CaseError, match="aftalt"):
        services.action_plan_save(actor=tf, plan=first, wishes="Ændret.")
    second = services.action_plan_start(actor=tf, case=refresh(adult))
    assert second.version == 2 and second.based_on == first
    assert second.wishes == first.wishes and not second.consent_given  # consent is asked again
    with pytest.raises(CaseError, match="under udarbejdelse"):
        services.action_plan_start(actor=tf, case=refresh(adult))
    services.action_plan_save(
        actor=tf,
        plan=second,
        **{**{n: getattr(first, n) for n in services.action_plans.PLAN_FIELDS}, "consent_given": True},
    )
    services.action_plan_agree(actor=tf, plan=second, agreed_on=timezone.localdate())
    assert refresh(first).status == PlanStatus.SUPERSEDED
    assert events(audit_actions.PLAN_STARTED).count() == 2 and events(audit_actions.PLAN_SAVED).count() == 2


def test_support_that_involves_the_family_is_refused_by_the_closed_gate(adult, tf, tf2):
    plan = filled_plan(adult, tf)
    with pytest.raises(GateClosed) as refusal:
        services.action_plan_save(actor=tf, plan=plan, wishes="Mægling.", support_options=["family_dialogue"])
    assert not any(word in refusal.value.reason for word in FORBIDDEN)
    assert refresh(plan).support_options == ["counselling", "crisis_centre"]
    assert events(REFUSED).get().new_values["service"] == "action_plan_save"
    approved_assessment(refresh(adult), tf, tf2)
    saved = services.action_plan_save(actor=tf, plan=refresh(plan), support_options=["family_dialogue"])
    assert saved.support_options == ["family_dialogue"]


# --- referrals ------------------------------------------------------------------------------


def test_a_referral_moves_through_its_statuses_with_dates_and_audit(adult, tf):
    today = timezone.localdate()
    referral = services.referral_record(
        actor=tf, case=refresh(adult), kind="crisis_centre", place="Krisecenter Øst", requested_on=today
    )
    assert referral.status == "requested"
    with pytest.raises(CaseError, match="Anmodet"):
        services.referral_status_set(actor=tf, referral=referral, status="moved_in", occurred_on=today)
    services.referral_status_set(actor=tf, referral=referral, status="accepted", occurred_on=today)
    services.referral_status_set(actor=tf, referral=refresh(referral), status="moved_in", occurred_on=today)
    ended = services.referral_status_set(actor=tf, referral=refresh(referral), status="ended", occurred_on=today)
    assert ended.status == "ended" and list(ended.events.values_list("status", flat=True)) == [
        "requested",
        "accepted",
        "moved_in",
        "ended",
    ]
    assert events(audit_actions.REFERRAL_RECORDED).count() == 1
    assert events(audit_actions.REFERRAL_STATUS_CHANGED).count() == 3
    assert not AuditEvent.objects.filter(new_values__icontains="Krisecenter Øst").exists()


def test_a_referral_date_cannot_go_back(adult, tf):
    today = timezone.localdate()
    referral = services.referral_record(
        actor=tf, case=refresh(adult), kind="temporary_housing", place="Botilbud", requested_on=today
    )
    with pytest.raises(CaseError, match="før"):
        services.referral_status_set(
            actor=tf, referral=referral, status="refused", occurred_on=today - datetime.timedelta(days=1)
        )
    assert Referral.objects.get().status == "requested"


def test_nothing_is_written_on_a_closed_case(adult, tf):
    from beredskab.cases.services import case_close

    case_close(actor=tf, case=refresh(adult), outcome="support_completed", note="")
    with pytest.raises(PolicyDenied, match="lukket"):
        counselling(adult, tf)
    with pytest.raises(PolicyDenied, match="lukket"):
        services.referral_record(
            actor=tf, case=refresh(adult), kind="crisis_centre", place="X", requested_on=timezone.localdate()
        )


def test_a_family_member_named_in_the_note_is_asked_about_in_adult_words(adult, tf):
    from beredskab.cases.risk.mentions import NetworkMentioned

    add_sister(adult, tf)
    with pytest.raises(NetworkMentioned) as question:
        counselling(adult, tf, note="Leila Syntetisk har ringet til hende mange gange.")
    assert "borgerens familie" in question.value.reason and question.value.mentions
    assert not any(word in question.value.reason for word in FORBIDDEN)
    assert events("cases.family_mention_asked").count() == 1 and not Counselling.objects.exists()
    counselling(adult, tf, note="Leila Syntetisk har ringet til hende mange gange.", mentions_confirmed=True)
    assert Counselling.objects.count() == 1
