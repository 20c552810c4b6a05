"""The personal safety plan: only on a current approved assessment, made without the family,
restricted from the network, its code word encrypted, its contacts from the plan in force,
every change audited, and a pocket card that gives nothing away."""

import datetime
import re

import pytest
from django.db import connection

from beredskab.audit.models import AuditEvent
from beredskab.cases.disclosure import Disclosure, Recipient
from beredskab.cases.errors import CaseError
from beredskab.cases.tests.factories import add_parent, flagged_case, refresh
from beredskab.plan.models import ContactUnit
from beredskab.safety import documents, selectors, services
from beredskab.safety.models import SafetyPlan
from beredskab.safety.standing import scenarios_of

from .factories import SCENARIOS, make_plan, plan_input

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))


def test_a_plan_is_refused_without_a_current_approved_assessment(plan, worker, school_contact):
    case = flagged_case(worker)
    with pytest.raises(CaseError, match="ingen risikovurdering"):
        make_plan(case, worker, school_contact)
    assert not SafetyPlan.objects.exists()


def test_a_plan_is_refused_unless_made_without_the_family(assessed, worker, school_contact):
    with pytest.raises(CaseError, match="uden familien"):
        services.safety_plan_create(actor=worker, case=assessed, data=plan_input(school_contact), without_family=False)


def test_the_plan_rests_on_the_assessment_and_is_withheld_from_the_network(assessed, worker, school_contact):
    mother = add_parent(assessed, worker, name="Leila Haddad")
    safety_plan = make_plan(assessed, worker, school_contact)
    assessment = assessed.risk_assessments.get()
    assert safety_plan.risk_assessment == assessment
    assert safety_plan.review_on == assessment.reassessment_on
    disclosure = Disclosure(refresh(assessed), Recipient.for_person(mother))
    assert not disclosure.may_show(safety_plan)
    assert Disclosure(refresh(assessed), Recipient.case_team()).may_show(safety_plan)
    assert AuditEvent.objects.filter(action="safety.plan_created").count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT code_word FROM safety_safetyplan WHERE id = %s", [safety_plan.pk])
        assert "Blåbær" not in cursor.fetchone()[0]
    with pytest.raises(CaseError, match="allerede en gældende"):
        make_plan(assessed, worker, school_contact)


def test_every_change_is_audited_by_field_name_without_values(assessed, worker, school_contact):
    safety_plan = make_plan(assessed, worker, school_contact)
    services.safety_plan_change(actor=worker, plan=safety_plan, data=plan_input(school_contact, code_word="Solsikke"))
    event = AuditEvent.objects.get(action="safety.plan_changed")
    assert "code_word" in str(event.new_values) and "Solsikke" not in str(event.new_values)


def test_scenarios_come_from_the_assessment_and_contacts_from_the_plan_in_force(plan, assessed, worker, school_contact):
    safety_plan = make_plan(assessed, worker, school_contact)
    first, second = scenarios_of(assessed.risk_assessments.get())
    assert [first, second] == SCENARIOS.splitlines()
    with pytest.raises(CaseError, match="scenarie fra risikovurderingen"):
        services.safety_scenario_add(
            actor=worker, plan=safety_plan, scenario="Noget andet", actions="Ring.", contact_codes=["doegnvagt"]
        )
    services.safety_scenario_add(
        actor=worker, plan=safety_plan, scenario=first, actions="Gå til skolens kontor.", contact_codes=["doegnvagt"]
    )
    # A new number in the plan in force shows at once: contacts are resolved when read.
    ContactUnit.objects.filter(plan=plan, code="doegnvagt").update(phone="70 11 22 33")
    read = selectors.plan_for_reading(user=worker, case=assessed, number=safety_plan.number)
    assert read.scenario_list[0].contacts[0].phone == "70 11 22 33"
    assert AuditEvent.objects.filter(action="safety.plan_viewed").exists()


def test_the_pocket_card_gives_nothing_away(plan, assessed, worker, school_contact):
    father = add_parent(assessed, worker, name="Karim Haddad", relation="father")
    safety_plan = make_plan(assessed, worker, school_contact)
    first = scenarios_of(assessed.risk_assessments.get())[0]
    for text in (f"Ring hvis {father.name} kommer.", "Det er æresrelateret.", "Ring til Ishøj Kommune."):
        with pytest.raises(CaseError, match="lommekort"):
            services.safety_scenario_add(
                actor=worker, plan=safety_plan, scenario=first, actions=text, contact_codes=["doegnvagt"]
            )
    services.safety_scenario_add(
        actor=worker, plan=safety_plan, scenario=first, actions="Gå til skolens kontor.", contact_codes=["doegnvagt"]
    )
    text = pdf_text(documents.pocket_pdf(selectors.with_contacts(safety_plan)))
    assert "114" in text and "Gå til skolens kontor." in text
    for word in ("Ishøj", "negativ social kontrol", "æresrelateret", "Haddad", "Karim", assessed.reference):
        assert word.lower() not in text.lower(), word


def test_a_past_date_only_for_when_it_was_agreed(assessed, worker, school_contact):
    with pytest.raises(CaseError):
        make_plan(
            assessed, worker, school_contact, made_with_person_on=datetime.date.today() + datetime.timedelta(days=3)
        )
