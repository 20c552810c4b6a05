"""The box of earlier reports about the same child compares names in Python (they are
encrypted), among the candidates with the same birth date. In a region about 160 children share
each birth date, so only the name of each candidate is decrypted, not every encrypted column of
every candidate and its case (issue 20: the case page grew 79 % from 10k to 1M reports)."""

import datetime

import pytest

from beredskab.cases.matching import matches_for_case
from beredskab.core import crypto
from beredskab.intake.models import Report

from .factories import make_report, open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plan")]
BORN = datetime.date(2015, 6, 15)


def _counting(monkeypatch) -> list:
    calls = []
    real = crypto.decrypt

    def counting(token):
        calls.append(1)
        return real(token)

    monkeypatch.setattr(crypto, "decrypt", counting)
    return calls


def test_namesakes_born_the_same_day_cost_one_decryption_each(worker, monkeypatch):
    case = open_case(worker, subject_cpr="", subject_birth_date=BORN, subject_name="Amira Testesen")
    for number in range(30):  # other children born the same day
        make_report(subject_cpr="", subject_birth_date=BORN, subject_name=f"Barn Nummer{number} Andersen")
    earlier = make_report(subject_cpr="", subject_birth_date=BORN, subject_name="Amira Testesen")
    assert Report.objects.filter(subject_birth_date=BORN).count() == 32
    calls = _counting(monkeypatch)
    matches = matches_for_case(user=worker, case=case)
    assert [r.pk for r in matches.reports] == [earlier.pk]
    # one name per candidate report (31) and case (1), then the one match's own columns (41 in
    # all today; every column of every candidate and its case was 219)
    assert len(calls) <= 32 + 12, len(calls)


def test_a_case_about_a_namesake_with_another_birth_date_is_not_a_match(worker):
    case = open_case(worker, subject_cpr="", subject_birth_date=BORN, subject_name="Amira Testesen")
    make_report(subject_cpr="", subject_birth_date=BORN + datetime.timedelta(days=1), subject_name="Amira Testesen")
    assert not matches_for_case(user=worker, case=case).any
