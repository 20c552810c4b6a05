"""Consultations with the police (ÆRK contact person), a SIRI security consultant, VISO and the
plan's other partners: what was asked, the advice, and consent or legal basis."""

import datetime

import pytest
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases.errors import CaseError
from beredskab.cases.risk.models import Consultation
from beredskab.cases.risk.services import consultation_record
from beredskab.core.policies import PolicyDenied

TODAY = datetime.date.today()


def _record(case, user, **overrides):
    values = {
        "partner_kind": "security_consultant",
        "partner_name": "Sikkerhedskonsulent",
        "consulted_on": TODAY,
        "identification": "anonymised",
        "question": "Hvordan planlægges en samtale med familien?",
        "advice": "Vent til risikovurderingen er godkendt.",
    }
    values.update(overrides)
    return consultation_record(actor=user, case=case, **values)


def test_an_anonymised_consultation_with_a_security_consultant(flagged, worker):
    consultation = _record(flagged, worker)
    assert consultation.identification == "anonymised"
    event = AuditEvent.objects.get(action="risk.consultation_recorded")
    assert event.purpose == "collaboration" and "samtale" not in str(event.new_values)


def test_a_named_consultation_needs_consent_or_for_others_a_legal_basis(flagged, worker):
    with pytest.raises(CaseError, match="samtykke"):
        _record(flagged, worker, identification="named_consent")
    _record(flagged, worker, identification="named_consent", consent_note="Den unge, mundtligt, 24/11")
    with pytest.raises(CaseError, match="kun med samtykke"):
        _record(flagged, worker, identification="named_legal_basis", legal_basis="Forvaltningsloven § 28")
    with pytest.raises(CaseError, match="hjemlen"):
        _record(flagged, worker, partner_kind="police", identification="named_legal_basis")
    _record(
        flagged, worker, partner_kind="police", identification="named_legal_basis", legal_basis="Retsplejeloven § 115"
    )
    assert Consultation.objects.count() == 2


def test_only_the_cases_unit_records_consultations(flagged, other_worker):
    with pytest.raises(PolicyDenied):
        _record(flagged, other_worker)


def test_the_form_offers_the_plans_partners(client, flagged, worker, plan):
    client.force_login(worker)
    url = reverse("risk:consultation_add", args=[flagged.reference])
    page = client.get(url).content.decode()
    police = plan.partners.get(kind="police")
    consultant = plan.partners.get(kind="security_consultant")
    assert police.name in page and consultant.name in page and "VISO" in page

    missing = client.post(url, {"partner": f"partner:{consultant.pk}", "identification": "named_consent"})
    assert missing.status_code == 400
    response = client.post(
        url,
        {
            "partner": f"partner:{consultant.pk}",
            "consulted_on": TODAY.isoformat(),
            "identification": "anonymised",
            "question": "Risiko ved hjemrejse?",
            "advice": "Lav en sikkerhedsplan.",
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.partner == consultant and consultation.partner_kind == "security_consultant"
    case_page = client.get(reverse("cases:detail", args=[flagged.reference])).content.decode()
    assert "Lav en sikkerhedsplan." in case_page


def test_another_partner_needs_a_name(client, flagged, worker):
    client.force_login(worker)
    url = reverse("risk:consultation_add", args=[flagged.reference])
    page = client.get(url).content.decode()
    assert "kind:other" in page
    response = client.post(
        url,
        {
            "partner": "kind:other",
            "consulted_on": TODAY.isoformat(),
            "identification": "anonymised",
            "question": "?",
            "advice": "!",
        },
    )
    assert response.status_code == 400 and "partnerens navn" in response.content.decode()
