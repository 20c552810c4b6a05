"""Attack (issue 14): the content-free e-mail about a new inquiry held for a protected case said
"Ny underretning" and "om barnet" also for an adult's case: no adult is written about under
children's law."""

import pytest
from django.core import mail

from beredskab.cases.protection import case_protect
from beredskab.cases.tests.factories import make_report, refresh

from .factories import another_adult, open_adult_case

pytestmark = pytest.mark.django_db
CHILDRENS_WORDS = ("barnets lov", "barnet", "børnefaglig", "§ 136", "§ 137", "forældre", "underretning")


def test_the_held_inquiry_notice_for_an_adults_protected_case_speaks_of_the_citizen(
    plan, tf, tf_leader, django_capture_on_commit_callbacks
):
    person = another_adult()
    case = open_adult_case(tf, **person)
    case_protect(actor=tf_leader, case=refresh(case), reason="Hendes fætter arbejder i kommunen.", members=[tf])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_report(**person)
    held = [m for m in mail.outbox if "beskyttet sag" in m.subject]
    assert held, "the leaders are told"
    for message in held:
        text = f"{message.subject}\n{message.body}".casefold()
        assert not [w for w in CHILDRENS_WORDS if w in text], text
        assert "henvendelse" in text and "borgeren" in text


def _protected_with_held_inquiry(tf, tf_leader):
    from beredskab.accounts.models import Unit
    from beredskab.intake.models import Report

    person = another_adult()
    case = open_adult_case(tf, **person)
    report = make_report(**person)  # held for the citizen's case
    # It had reached another unit (e.g. an unknown age): protecting the case sends it there.
    Report.objects.filter(pk=report.pk).update(receiving_unit=Unit.objects.get(code="straxen"))
    case_protect(actor=tf_leader, case=refresh(case), reason="Hendes fætter arbejder i kommunen.", members=[tf])
    return case, Report.objects.get(pk=report.pk)


def _childrens(text: str) -> list[str]:
    return [w for w in CHILDRENS_WORDS if w in text.casefold()]


def test_an_inquiry_sent_to_the_adults_protected_case_gives_a_reason_about_the_citizen(plan, tf, tf_leader):
    case, report = _protected_with_held_inquiry(tf, tf_leader)
    assert report.receiving_unit_id == case.unit_id
    assert report.routing_reason and not _childrens(report.routing_reason), report.routing_reason


def test_refusals_about_an_inquiry_held_for_an_adults_case_speak_of_the_citizen(plan, tf, tf_leader, make_user):
    from beredskab.cases.errors import CaseError
    from beredskab.cases.services import case_open
    from beredskab.core.roles import Role

    _case, report = _protected_with_held_inquiry(tf, tf_leader)
    other_leader = make_user(Role.UNIT_LEADER, "taskforce-voksne", full_name="Lone Leder")
    reason = "Borgeren har en ny situation, som kræver en ny sag med egen plan."
    for actor, why in ((tf, ""), (other_leader, reason)):
        with pytest.raises(CaseError) as refused:
            case_open(actor=actor, reports=[report], owner=tf, hold_release_reason=why)
        assert not _childrens(str(refused.value.reason if hasattr(refused.value, "reason") else refused.value))
