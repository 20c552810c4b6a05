"""The transition at 18 (issue 14), in frozen time: a children's case whose young person turns 18
within six months is flagged in the children's unit with the date; under Ishøj's plan a leader
hands it over to the adults taskforce (the whole history, risk assessments, restrictions and
network go with it) or records continued support (barnets lov §§ 114-116); under a plan whose
age band gives one team the young person up to 23 (the Nordby example) no hand-over is proposed."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from beredskab.accounts.models import Unit
from beredskab.audit.models import AuditEvent
from beredskab.cases import coming_of_age, services
from beredskab.cases.errors import CaseError
from beredskab.cases.models import ComingOfAge, ComingOfAgeKind, Track
from beredskab.core.roles import Role

from .factories import add_parent, approved_assessment, open_case, refresh

pytestmark = pytest.mark.usefixtures("plan")

CPH = ZoneInfo("Europe/Copenhagen")
SPRING = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=CPH)  # three and a half months before 18
AUTUMN = datetime.datetime(2026, 11, 2, 10, 0, tzinfo=CPH)  # seven and a half months before 18
YOUNG_CPR = "150609-4123"  # born 15 June 2009: 18 on 15 June 2027 (synthetic)
EIGHTEEN = datetime.date(2027, 6, 15)
REASON = "Den unge fylder 18 år og ønsker selv at fortsætte forløbet hos taskforcen for voksne."


@pytest.fixture
def taskforce(make_user):
    return make_user(Role.ADULT_TASKFORCE, "taskforce-voksne", full_name="Tariq Taskforce")


def _young_case(worker, colleague):
    """A children's case with a journal note, a network person, an approved risk assessment and a
    disclosure restriction."""
    case = open_case(worker, subject_cpr=YOUNG_CPR, subject_name="Sana Ungesen")
    services.journal_entry_add(
        actor=worker, case=case, kind="note", occurred_on=datetime.date(2027, 2, 26), body="Samtale med Sana på skolen."
    )
    brother = add_parent(case, worker, name="Bror Ungesen", relation="sibling")
    approved_assessment(refresh(case), worker, colleague)
    services.restriction_add(
        actor=worker,
        case=refresh(case),
        item=brother,
        field_name="contact_details",
        audience="all_outside",
        reason="Hensyn til den unges sikkerhed.",
    )
    return refresh(case)


def test_no_flag_more_than_six_months_before_18(worker, client):
    with time_machine.travel(AUTUMN, tick=False):
        case = open_case(worker, subject_cpr=YOUNG_CPR)
        assert coming_of_age.flag_for(case, AUTUMN.date()) is None
        client.force_login(worker)
        assert 'id="coming-of-age"' not in client.get(reverse("cases:detail", args=[case.reference])).content.decode()


def test_ishoj_flags_the_case_and_a_leader_hands_it_over_to_the_taskforce(client, worker, worker2, leader, taskforce):
    with time_machine.travel(SPRING, tick=False):
        case = _young_case(worker, worker2)
        flag = coming_of_age.flag_for(case, SPRING.date())
        assert flag.turns_18_on == EIGHTEEN and flag.proposal.handover_needed
        assert flag.proposal.to_unit.code == "taskforce-voksne"

        client.force_login(worker)
        page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
        assert "Den unge fylder 18 år den 15. juni 2027" in page
        deadlines = client.get(reverse("cases:deadlines")).content.decode()
        assert "Unge, der snart fylder 18 år" in deadlines and case.reference in deadlines
        assert "15. juni 2027" in deadlines and "Overdragelse til" in deadlines
        with pytest.raises(CaseError, match="Kun en leder"):
            services.case_hand_over_at_18(
                actor=worker, case=case, to_unit=flag.proposal.to_unit, reason=REASON, consent="given"
            )
        with pytest.raises(CaseError, match="samtykke"):
            services.case_hand_over_at_18(
                actor=leader, case=case, to_unit=flag.proposal.to_unit, reason=REASON, consent="refused"
            )

        client.force_login(leader)
        page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
        assert reverse("cases:coming_of_age", args=[case.reference]) in page
        data = {"kind": "handover", "to_unit": flag.proposal.to_unit.pk, "consent": "given", "reason": REASON}
        response = client.post(reverse("cases:coming_of_age", args=[case.reference]), data)
        assert response.status_code == 302 and response["Location"] == reverse("cases:unit")

        case = refresh(case)
        assert case.unit.code == "taskforce-voksne" and case.track == Track.ADULTS and case.owner is None
        row = ComingOfAge.objects.get(case=case)
        assert row.kind == ComingOfAgeKind.HANDOVER and row.from_unit.code == "straxen" and row.consent == "given"
        event = AuditEvent.objects.get(action="cases.case_handed_over_at_18")
        assert event.old_values["unit"] == "straxen" and event.new_values["unit"] == "taskforce-voksne"

        # the whole history goes with it: journal, network, risk assessment, restriction
        client.force_login(taskforce)
        page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
        assert "Samtale med Sana på skolen." in page and "Bror Ungesen" in page
        assert "Version 1" in page and "Hensyn til den unges sikkerhed." in page
        assert "Overdraget til voksenområdet" in page and "Kontakt til borgeren" not in page  # one report, no new clock
        assert case.risk_assessments.count() == 1 and case.restrictions.filter(lifted_at__isnull=True).count() == 1
        client.force_login(worker)
        assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 404


def test_continued_support_18_to_22_is_recorded_instead(client, worker, worker2, leader):
    with time_machine.travel(SPRING, tick=False):
        case = _young_case(worker, worker2)
        with pytest.raises(CaseError, match=r"til og med 14\. juni 2032"):
            services.case_continued_support_record(
                actor=leader, case=case, reason=REASON, consent="given", support_until=datetime.date(2033, 1, 1)
            )
        services.case_continued_support_record(
            actor=leader, case=case, reason=REASON, consent="given", support_until=datetime.date(2032, 6, 14)
        )
        case = refresh(case)
        assert case.unit.code == "straxen" and case.track == Track.CHILDREN
        assert ComingOfAge.objects.get(case=case).kind == ComingOfAgeKind.CONTINUED_SUPPORT
        with pytest.raises(CaseError, match="allerede truffet"):
            services.case_hand_over_at_18(
                actor=leader,
                case=case,
                to_unit=Unit.objects.get(code="taskforce-voksne"),
                reason=REASON,
                consent="given",
            )
        client.force_login(worker)
        deadlines = client.get(reverse("cases:deadlines")).content.decode()
        assert "Unge, der snart fylder 18 år" not in deadlines  # decided: no longer flagged
        page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
        assert "Fortsat støtte 18-22 år (barnets lov §§ 114-116)" in page and "14. juni 2032" in page


def _adopt_nordby():
    from beredskab.plan.loader import load_plan_data, read_plan_file

    data = read_plan_file(Path(settings.BASE_DIR) / "plans" / "example-nordby.yaml")
    return load_plan_data(data, adopt=True).plan


def test_a_plan_with_a_0_to_23_team_proposes_no_hand_over(client, worker, leader, settings):
    with time_machine.travel(SPRING, tick=False):
        case = open_case(worker, subject_cpr=YOUNG_CPR)
        _adopt_nordby()
        settings.MUNICIPALITY_CODE = "nordby"  # the Nordby example's plan is the one in force
        flag = coming_of_age.flag_for(case, SPRING.date())
        assert flag.turns_18_on == EIGHTEEN
        assert not flag.proposal.handover_needed and flag.proposal.to_unit is None
        assert flag.proposal.team_until_age == 23
        client.force_login(leader)
        page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
        assert "Planen giver samme team den unge op til 23 år. Der skal ikke ske en overdragelse." in page
        assert reverse("cases:coming_of_age", args=[case.reference]) not in page
        deadlines = client.get(reverse("cases:deadlines")).content.decode()
        assert "Samme team fortsætter (ingen overdragelse)" in deadlines


def test_a_protected_case_is_not_handed_over_out_of_sight(worker, worker2, leader):
    from beredskab.cases.protection import case_protect

    with time_machine.travel(SPRING, tick=False):
        case = _young_case(worker, worker2)
        case = case_protect(actor=leader, case=case, reason="Morbror arbejder i forvaltningen.", members=[worker])
        with pytest.raises(CaseError, match="beskyttet"):
            services.case_hand_over_at_18(
                actor=leader,
                case=refresh(case),
                to_unit=Unit.objects.get(code="taskforce-voksne"),
                reason=REASON,
                consent="given",
            )
        assert refresh(case).unit.code == "straxen"
