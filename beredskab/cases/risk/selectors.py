"""Reads of risk assessments. The caller has the case through `beredskab.cases.selectors`
(CasePolicy decided that the user may see it); a read of an assessment, and its export as a
PDF, are audited here with the purpose they serve."""

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.models import Case
from beredskab.cases.selectors import read_purpose

from . import audit_actions, documents
from .documents import AssessmentContent
from .models import RiskAssessment


def assessment_of(case: Case, version: int) -> RiskAssessment:
    """Version `version` of the case's assessment with what its pages show (raises
    `RiskAssessment.DoesNotExist`)."""
    return (
        RiskAssessment.objects.select_related("instrument", "author", "reviewed_by", "based_on")
        .prefetch_related("possible_perpetrators", "likely_victims")
        .get(case=case, version=version)
    )


def assessment_for_reading(*, user, case: Case, version: int) -> RiskAssessment:
    """`assessment_of`, with the read audited with the reader's purpose (`read_purpose`)."""
    assessment = assessment_of(case, version)
    audit_record(
        actor=user,
        action=audit_actions.ASSESSMENT_VIEWED,
        target=assessment,
        person_ref=case.person_ref,
        purpose=read_purpose(user, case),
        new={"case": case.reference, "version": assessment.version},
    )
    return assessment


def rating_groups(assessment: RiskAssessment) -> list[dict]:
    """The assessment's ratings by factor group, in the instrument's order:
    [{"group": FactorGroup, "ratings": [FactorRating, ...]}, ...]."""
    groups: dict[int, dict] = {}
    for rating in assessment.ratings.select_related("factor__group").order_by("factor__group__order", "factor__order"):
        group = groups.setdefault(rating.factor.group_id, {"group": rating.factor.group, "ratings": []})
        group["ratings"].append(rating)
    return list(groups.values())


def assessment_export_pdf(
    *,
    user,
    case: Case,
    assessment: RiskAssessment,
    content: AssessmentContent,
    recipient: str,
    recipient_label: str,
    external: bool,
    anonymise: bool,
    released: frozenset = frozenset(),
) -> bytes:
    """The assessment as a PDF for `recipient` (a code; `recipient_label` is printed), from
    `documents.assessment_content`. The export is audited: collaboration for an outside partner
    (`external`), else case work, with how many values found by the outbound check were blacked
    out and which (by key, never the text) were `released`."""
    audit_record(
        actor=user,
        action=audit_actions.ASSESSMENT_EXPORTED,
        target=assessment,
        person_ref=case.person_ref,
        purpose=Purpose.COLLABORATION if external else Purpose.CASE_WORK,
        new={
            "case": case.reference,
            "version": assessment.version,
            "recipient": recipient,
            "anonymised": anonymise,
            "blacked_out": len(content.document.leaked_secrets()) - len(released),
            "released": sorted(released),
        },
    )
    return documents.assessment_pdf(
        case, assessment, content, anonymise=anonymise, recipient_label=recipient_label, external=external
    )
