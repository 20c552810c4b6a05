"""The concern radar must not reveal a protected case (or one whose child's details are
restricted from other units) to a reader who may not see it: not as a hit, not as a related
case, not as "findes — spørg <enhed>", not in what a rule counts. Fault found by an attack: the
radar showed every case it could not show as "exists, ask unit X", protected ones included,
and counted their reports and trips in its rules."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from beredskab.cases.protection import case_protect
from beredskab.cases.services import case_open, restriction_add
from beredskab.cases.tests.factories import add_parent, another_child, cpr_for, make_report, open_case
from beredskab.core.roles import Role
from beredskab.safety import selectors, services

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today
SISTER = "Yasmin Haddad"
REASON = "Morbror arbejder i forvaltningen."


def look(user, case):
    return selectors.radar_for_case(user=user, case=case, purpose=None, today=TODAY())


def fired(result) -> set[str]:
    return {hit.code for hit in result.hits}


@pytest.fixture
def tf(make_user):
    return make_user(Role.ADULT_TASKFORCE, "taskforce-voksne", full_name="Tariq Taskforce")


@pytest.fixture
def tf_leader(make_user):
    return make_user(Role.UNIT_LEADER, "taskforce-voksne", full_name="Tove Teamleder")


def _sister_case(tf):
    from beredskab.adults.tests.factories import open_adult_case

    return open_adult_case(tf, subject_name=SISTER, subject_cpr=cpr_for(datetime.date(2000, 3, 12), "321"))


def _page(user, case) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("safety:radar", args=[case.reference])).content.decode()


def test_a_siblings_protected_case_in_another_unit_is_not_even_shown_to_exist(plan, worker, tf, tf_leader):
    sister = _sister_case(tf)
    case = open_case(worker, **another_child())
    add_parent(case, worker, name=SISTER, relation="sibling", birth_year=2000)
    assert "soeskende-med-sag" in fired(look(worker, case))  # unprotected: "exists, ask the unit"
    case_protect(actor=tf_leader, case=sister, reason=REASON, members=[tf])
    result = look(worker, case)
    assert "soeskende-med-sag" not in fired(result)
    assert result.related == [] and result.shown_refs() == []
    page = _page(worker, case)
    assert "findes — spørg" not in page and sister.unit.name not in page
    assert "har en åben sag markeret NSK/ÆRK" not in page.split("rules-heading")[0]


def test_a_siblings_case_restricted_from_other_units_is_not_shown_to_exist(plan, worker, tf):
    sister = _sister_case(tf)
    case = open_case(worker, **another_child())
    add_parent(case, worker, name=SISTER, relation="sibling", birth_year=2000)
    # Near miss: a restriction towards the parents says nothing about other units.
    restriction_add(actor=tf, case=sister, item=sister, field_name="", audience="parents", reason=REASON)
    assert "soeskende-med-sag" in fired(look(worker, case))
    restriction_add(actor=tf, case=sister, item=sister, field_name="", audience="all_outside", reason=REASON)
    result = look(worker, case)
    assert "soeskende-med-sag" not in fired(result) and result.related == []
    # Her own unit still sees the sister's case (and the child's case, not restricted, as existing).
    assert any(s.relation == "sibling" for s in look(tf, sister).related)


def test_a_protected_case_about_the_same_child_counts_for_nothing_and_shows_nowhere(plan, worker, worker2, leader):
    """Two reports and a trip on the child's older case, protected later with only worker2
    named; worker's own case about the child (opened by the leader from a held third report)."""
    child = another_child()
    older = case_open(actor=worker2, reports=[make_report(**child), make_report(**child)])
    services.trip_record(
        actor=worker2,
        case=older,
        kind="suspected",
        destination="Borduria",
        departs_on=TODAY() - datetime.timedelta(days=60),
    )
    held = make_report(**child)
    own = case_open(actor=leader, reports=[held], owner=worker, hold_release_reason="Ny sag efter aftale med lederen.")
    assert {"gentagne-underretninger", "efter-rejse"} <= fired(look(worker, own))  # before the protection
    case_protect(actor=leader, case=older, reason=REASON, members=[worker2])
    result = look(worker, own)
    assert fired(result) == set()  # one report of the worker's own: no rule counts the protected case's
    assert result.related == []
    assert older.reference not in result.shown_refs()
    page = _page(worker, own)
    assert "findes — spørg" not in page and older.reference not in page
    # The people named on the protected case see it as before.
    named = look(worker2, older)
    assert "gentagne-underretninger" in fired(named) and any(s.reference == own.reference for s in named.related)


def test_reports_held_for_a_protected_case_are_not_counted_for_a_reader_not_named(plan, worker, worker2, leader):
    """New reports about the child are held for the protected case (`cases.holds`) and hidden
    from the unit; the radar on the worker's other case about the child counted them, and
    showed them as "En underretning findes — spørg <enhed>"."""
    child = another_child()
    older = case_open(actor=worker2, reports=[make_report(**child)])
    why = "Ny sag efter aftale med lederen."
    own = case_open(actor=leader, reports=[make_report(**child)], owner=worker, hold_release_reason=why)
    case_protect(actor=leader, case=older, reason=REASON, members=[worker2])
    make_report(**child)  # held for the protected case (ranked before the other)
    make_report(**child)
    result = look(worker, own)
    assert "gentagne-underretninger" not in fired(result)
    assert [s for hit in result.hits for s in hit.sources if not s.visible] == []
    assert "gentagne-underretninger" in fired(look(worker2, older))  # the named see all four


def test_a_look_up_is_in_the_access_log_of_everyone_it_showed(plan, worker, tf):
    """Attack: the radar's look-up was recorded against the case looked from only; the sister
    whose case it showed (as existing, "spørg <enhed>") was named only inside the event's values,
    so her own access log (the citizen's access request, `audit.selectors.events_about`) did not
    find the look-up. Every person a look-up shows is named on its event, as a list page's are."""
    from beredskab.audit.models import AuditEvent
    from beredskab.audit.selectors import events_about

    sister = _sister_case(tf)
    case = open_case(worker, **another_child())
    add_parent(case, worker, name=SISTER, relation="sibling", birth_year=2000)
    result = look(worker, case)
    assert sister.reference in result.shown_refs()
    event = AuditEvent.objects.filter(action="safety.radar_lookup").latest("pk")
    for person in (sister, case):
        assert AuditEvent.objects.filter(pk__in=events_about([person.person_ref])).filter(pk=event.pk).exists()
