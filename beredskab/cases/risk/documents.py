"""The risk assessment as a document for its recipient: the case file, or an outside partner
(police, a security consultant, VISO), with disclosure restrictions applied, de-identified on
request, and its free text checked by the outbound check (`beredskab.cases.outbound`)."""

from dataclasses import dataclass

from django.utils import timezone

from beredskab.cases.disclosure import Disclosure, Recipient, SubjectView
from beredskab.cases.documents import OutboundDocument
from beredskab.cases.outbound import Passage, secrets_for
from beredskab.core.pdf import render_pdf

from .models import RiskAssessment


@dataclass
class AssessmentContent:
    subject: SubjectView
    perpetrators: list[dict]  # {"person", "shown"}
    victims: list[dict]
    texts: dict[str, str | None]  # field -> text as the recipient gets it; None when withheld
    groups: list[dict]  # {"group", "ratings": [{"rating", "notes"}]}
    document: OutboundDocument


TEXT_FIELDS = ("conclusion", "protective_factors", "scenarios", "safety_measures")


def assessment_content(
    case, assessment: RiskAssessment, *, recipient: str, external: bool, anonymise: bool, released=frozenset()
) -> AssessmentContent:
    """The assessment for `recipient`; `external` applies the restrictions toward outside
    partners, `anonymise` leaves out every name, the CPR number and the address, also where
    free text names them."""
    disclosure = Disclosure(case, Recipient.external_partner() if external else Recipient.case_team())
    texts = {f: getattr(assessment, f) if disclosure.may_show(assessment, f) else None for f in TEXT_FIELDS}
    ratings = list(assessment.ratings.select_related("factor__group").order_by("factor__group__order", "factor__order"))
    passages = [Passage(str(RiskAssessment._meta.get_field(f).verbose_name), t) for f, t in texts.items() if t]
    if not anonymise:
        passages += [Passage(r.factor.label, r.notes) for r in ratings if r.notes]
    document = OutboundDocument(
        name="risk_assessment",
        recipient=recipient,
        passages=passages,
        secrets=secrets_for(
            case, disclosure, reporter_withheld=lambda cr: not disclosure.may_show_reporter(cr), anonymise=anonymise
        ),
    )
    groups: dict[int, dict] = {}
    for rating in ratings:
        notes = "" if anonymise else document.text(rating.notes, released)
        groups.setdefault(rating.factor.group_id, {"group": rating.factor.group, "ratings": []})["ratings"].append(
            {"rating": rating, "notes": notes, "notes_left_out": anonymise and bool(rating.notes)}
        )

    def people(rows):
        return [{"person": p, "shown": disclosure.may_show(p)} for p in rows]

    return AssessmentContent(
        subject=disclosure.subject(),
        perpetrators=people(assessment.possible_perpetrators.all()),
        victims=people(assessment.likely_victims.all()),
        texts={f: (document.text(t, released) if t is not None else None) for f, t in texts.items()},
        groups=list(groups.values()),
        document=document,
    )


def assessment_pdf(
    case,
    assessment: RiskAssessment,
    content: AssessmentContent,
    *,
    anonymise: bool,
    recipient_label: str,
    external: bool,
) -> bytes:
    """The assessment as a PDF from its `assessment_content`, headed with its recipient."""
    return render_pdf(
        "risk/pdf/assessment.html",
        {
            "case": case,
            "assessment": assessment,
            "content": content,
            "anonymise": anonymise,
            "recipient_label": recipient_label,
            "external": external,
            "today": timezone.now(),
        },
    )
