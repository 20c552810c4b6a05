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
