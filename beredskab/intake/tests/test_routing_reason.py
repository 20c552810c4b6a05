"""The report keeps why it was routed where it went, in Danish, whatever language the form
was sent in: the routing's reasons (codes and parameters) worded once, for the record."""

import uuid

import time_machine
from django.utils import translation

from beredskab.intake.services import report_submit

from .test_services import TUESDAY_10, _input


@time_machine.travel(TUESDAY_10, tick=False)
def test_the_routing_reason_is_kept_in_danish_when_the_form_is_sent_in_english(ishoj_plan, org):
    with translation.override("en"):
        report, _created = report_submit(actor=None, token=uuid.uuid4(), data=_input())
    assert report.routing_reason == "15 år: Børn og unge under 18 år. StraXen modtager henvendelsen."


@time_machine.travel(TUESDAY_10, tick=False)
def test_a_report_routed_for_a_check_says_so_before_the_plans_reasons(ishoj_plan, org, monkeypatch):
    from beredskab.intake import services

    real_plan_unit = services._plan_unit
    answers = []

    def no_unit_for_the_first_answer(answer):
        answers.append(answer)
        if len(answers) == 1:
            raise LookupError("the unit is not set up")
        return real_plan_unit(answer)

    monkeypatch.setattr(services, "_plan_unit", no_unit_for_the_first_answer)
    with translation.override("en"):
        report, _created = report_submit(actor=None, token=uuid.uuid4(), data=_input())
    assert report.routed_by_fallback and [a.age for a in answers] == [15, None]
    assert report.routing_reason == (
        "Kunne ikke visiteres efter planen; sendt til StraXen til kontrol. "
        "Alder ukendt: planen sender henvendelsen til Børn og unge under 18 år. StraXen modtager henvendelsen."
    )
