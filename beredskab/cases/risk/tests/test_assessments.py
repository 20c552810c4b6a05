"""Risk assessment as structured professional judgement: ratings now and in the past, several
perpetrators, the assessor's own conclusion, four-eyes approval and versions that never change
after completion."""

import datetime

import pytest
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases.errors import CaseError
from beredskab.cases.risk.models import AssessmentStatus, FactorRating, FrozenAssessmentError, RiskAssessment
from beredskab.cases.risk.services import (
    AssessmentIncomplete,
    RatingInput,
    risk_assessment_approve,
    risk_assessment_complete,
    risk_assessment_return,
    risk_assessment_save,
    risk_assessment_start,
)
from beredskab.cases.tests.factories import add_parent, approved_assessment, complete_assessment, open_case, refresh
from beredskab.core.policies import PolicyDenied

TODAY = datetime.date.today()


def test_a_new_assessment_lists_every_factor_of_the_instrument_unrated(flagged, worker):
    assessment = risk_assessment_start(actor=worker, case=flagged)
    assert assessment.version == 1 and assessment.status == AssessmentStatus.DRAFT
    ratings = list(assessment.ratings.all())
    from beredskab.cases.risk.models import Factor

    assert len(ratings) == Factor.objects.filter(group__instrument=assessment.instrument).count() > 10
    assert all(r.now == "" and r.past == "" for r in ratings)
    assert AuditEvent.objects.get(action="risk.assessment_started").person_ref == flagged.person_ref


def test_completion_needs_every_factor_rated_now_and_past_and_a_written_conclusion(flagged, worker):
    assessment = risk_assessment_start(actor=worker, case=flagged)
    with pytest.raises(AssessmentIncomplete) as incomplete:
        risk_assessment_complete(actor=worker, assessment=assessment)
    missing = " ".join(incomplete.value.missing)
    for part in (
        "faktorer",
        "alvorlig vold",
        "akut risiko",
        "samlede faglige",
        "sikkerhedsforanstaltninger",
        "revurdering",
    ):
        assert part in missing
    assert refresh(assessment).status == AssessmentStatus.DRAFT


def test_several_possible_perpetrators_and_likely_victims_from_the_network(flagged, worker, worker2):
    father = add_parent(flagged, worker, name="Far", relation="father", possible_perpetrator=True)
    uncle = add_parent(flagged, worker, name="Onkel", relation="extended_family_abroad", possible_perpetrator=True)
    sister = add_parent(flagged, worker, name="Søster", relation="sibling", birth_year=2014)
    assessment = complete_assessment(flagged, worker, perpetrators=[father, uncle])
    risk_assessment_approve(actor=worker2, assessment=assessment)
    assert set(assessment.possible_perpetrators.all()) == {father, uncle}
    draft = risk_assessment_start(actor=worker, case=flagged)
    risk_assessment_save(
        actor=worker,
        assessment=draft,
        ratings={},
        possible_perpetrators=[father, uncle],
        likely_victims=[sister],
    )
    assert list(refresh(draft).likely_victims.all()) == [sister]


def test_people_from_another_case_are_refused(flagged, worker):
    other = open_case(worker, subject_cpr="010110-4236", subject_name="Anden Testesen")
    stranger = add_parent(other, worker, name="Fremmed")
    assessment = risk_assessment_start(actor=worker, case=flagged)
    with pytest.raises(CaseError):
        risk_assessment_save(actor=worker, assessment=assessment, ratings={}, possible_perpetrators=[stranger])


def test_four_eyes_the_author_cannot_approve(flagged, worker, worker2, leader):
    assessment = complete_assessment(flagged, worker)
    with pytest.raises(PolicyDenied, match="Fire øjne"):
        risk_assessment_approve(actor=worker, assessment=assessment)
    approved = risk_assessment_approve(actor=leader, assessment=assessment)
    assert approved.status == AssessmentStatus.APPROVED and approved.reviewed_by == leader
    event = AuditEvent.objects.get(action="risk.assessment_approved")
    assert event.new_values["author_id"] == worker.pk and event.actor_id == leader.pk


def test_another_unit_cannot_approve(flagged, worker, other_worker, other_leader):
    assessment = complete_assessment(flagged, worker)
    for user in (other_worker, other_leader):
        with pytest.raises(PolicyDenied):
            risk_assessment_approve(actor=user, assessment=assessment)


def test_a_completed_assessment_never_changes_and_a_new_version_starts_from_it(flagged, worker, worker2):
    first = approved_assessment(flagged, worker, worker2)
    rating = first.ratings.first()
    rating.notes = "ændret"
    with pytest.raises(FrozenAssessmentError):
        rating.save()
    with pytest.raises(PolicyDenied, match="afsluttet"):
        risk_assessment_save(actor=worker, assessment=first, ratings={}, conclusion="ny")

    second = risk_assessment_start(actor=worker2, case=refresh(flagged))
    assert second.version == 2 and second.based_on == first
    assert second.conclusion == first.conclusion
    assert {(r.factor_id, r.now, r.past) for r in second.ratings.all()} == {
        (r.factor_id, r.now, r.past) for r in first.ratings.all()
    }
    risk_assessment_save(
        actor=worker2, assessment=second, ratings={rating.factor_id: RatingInput("present", "present", "Ny trussel")}
    )
    assert FactorRating.objects.get(assessment=first, factor=rating.factor).now == "partly"
    assert refresh(first).status == AssessmentStatus.APPROVED


def test_only_one_assessment_in_the_making_per_case(flagged, worker, worker2):
    risk_assessment_start(actor=worker, case=flagged)
    with pytest.raises(CaseError, match="allerede"):
        risk_assessment_start(actor=worker2, case=flagged)


def test_only_the_author_edits_a_draft(flagged, worker, worker2):
    assessment = risk_assessment_start(actor=worker, case=flagged)
    with pytest.raises(PolicyDenied, match="udarbejder"):
        risk_assessment_save(actor=worker2, assessment=assessment, ratings={})


def test_returned_assessments_stay_readable_and_a_new_version_follows(flagged, worker, worker2):
    assessment = complete_assessment(flagged, worker)
    with pytest.raises(CaseError):
        risk_assessment_return(actor=worker2, assessment=assessment, note=" ")
    risk_assessment_return(actor=worker2, assessment=assessment, note="Scenarierne mangler broderen.")
    assert refresh(assessment).status == AssessmentStatus.RETURNED
    newer = risk_assessment_start(actor=worker, case=flagged)
    assert newer.version == 2 and newer.based_on == assessment


def test_no_score_is_computed_anywhere(flagged, worker):
    assessment = complete_assessment(flagged, worker)
    fields = {f.name for f in RiskAssessment._meta.get_fields()}
    assert not {"score", "total", "points"} & fields
    assert assessment.serious_violence_risk == "medium"  # what the assessor wrote, nothing derived


# --- pages -------------------------------------------------------------------------------


def _form_data(assessment, **overrides):
    data = {"action": "save"}
    for rating in assessment.ratings.all():
        data[f"now_{rating.factor_id}"] = "partly"
        data[f"past_{rating.factor_id}"] = "absent"
        data[f"notes_{rating.factor_id}"] = ""
    data.update(
        {
            "subject_is_likely_victim": "on",
            "serious_violence_risk": "high",
            "acute_risk": "medium",
            "conclusion": "Flere udøvere; eskalerende kontrol.",
            "scenarios": "Hun sendes til udlandet i ferien.",
            "safety_measures": "Kontakt politiet før ferien.",
            "reassessment_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
        }
    )
    data.update(overrides)
    return data


def test_the_assessment_pages_from_start_to_approval(client, flagged, worker, worker2):
    client.force_login(worker)
    response = client.post(reverse("risk:start", args=[flagged.reference]))
    assessment = RiskAssessment.objects.get()
    assert response["Location"] == reverse("risk:edit", args=[flagged.reference, 1])
    page = client.get(response["Location"]).content.decode()
    assert "Der beregnes ingen score" in page and "Ikke vurderet" in page

    edit = reverse("risk:edit", args=[flagged.reference, 1])
    bad = client.post(edit, _form_data(assessment, reassessment_on="2001-01-01"))
    assert bad.status_code == 400 and "Flere udøvere; eskalerende kontrol." in bad.content.decode()
    incomplete = client.post(edit, _form_data(assessment, conclusion="", action="complete"))
    assert incomplete.status_code == 409 and "samlede faglige vurdering" in incomplete.content.decode()
    assert refresh(assessment).status == AssessmentStatus.DRAFT

    assert client.post(edit, _form_data(assessment, action="complete")).status_code == 302
    assert refresh(assessment).status == AssessmentStatus.COMPLETED
    assert client.get(reverse("risk:review", args=[flagged.reference, 1])).status_code == 403  # the author

    client.force_login(worker2)
    review = reverse("risk:review", args=[flagged.reference, 1])
    no_note = client.post(review, {"decision": "return", "note": ""})
    assert no_note.status_code == 400
    assert client.post(review, {"decision": "approve", "note": ""}).status_code == 302
    assert refresh(assessment).status == AssessmentStatus.APPROVED

    detail = client.get(reverse("risk:detail", args=[flagged.reference, 1])).content.decode()
    assert "Godkendt af" in detail and worker2.full_name in detail
    assert AuditEvent.objects.filter(action="risk.assessment_viewed", actor_id=worker2.pk).exists()


def test_the_risk_pdf_export_form_validates(client, flagged, worker, worker2):
    approved_assessment(flagged, worker, worker2)
    client.force_login(worker)
    url = reverse("risk:export", args=[flagged.reference, 1])
    assert client.get(url).status_code == 200
    assert client.get(url, {"recipient": "anyone"}).status_code == 400
    response = client.get(url, {"recipient": "viso"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
