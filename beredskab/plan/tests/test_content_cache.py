"""A version's content read once per process (issue 20, `plan.content`): routing costs no query
after the first request, a change of the version (here, or in another process: only the database
tells) is seen at once, the cache is bounded, and a plan answers its relations from it."""

import datetime
import uuid

import pytest
from django.db import transaction

from beredskab.plan import content
from beredskab.plan.content import MAX_VERSIONS, cached_versions, content_changed, plan_data, with_content
from beredskab.plan.models import ContactUnit, Plan
from beredskab.plan.routing import route
from beredskab.plan.selectors import offered_readers, plan_in_force

TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0)  # naive: Copenhagen time


def straxen_phone(plan) -> str:
    answer = route(plan, age=15, at=TUESDAY_10)
    return next(c.phone for c in answer.contacts if c.unit_code == "straxen")


@pytest.mark.django_db
def test_a_second_route_for_the_plan_in_force_costs_only_the_plan_lookup(ishoj_plan, django_assert_num_queries):
    route(plan_in_force(), age=15, at=TUESDAY_10)  # the first request reads the version
    with django_assert_num_queries(1):  # plan_in_force, nothing else
        route(plan_in_force(), age=15, acute=True, postcode="2635", at=TUESDAY_10)
    with django_assert_num_queries(0):
        route(ishoj_plan, age=None, topic="extremism", at=TUESDAY_10)


@pytest.mark.django_db
def test_the_content_is_read_once_per_version_and_shared(ishoj_plan, django_assert_num_queries):
    first = plan_data(plan_in_force())
    with django_assert_num_queries(0):
        assert plan_data(ishoj_plan) is first  # another instance of the same row: the same data
    assert (ishoj_plan.pk, ishoj_plan.content_stamp) in cached_versions()
    assert first.plan is not ishoj_plan  # a copy of its own: nothing per request is kept on it
    assert first.units_by_code["straxen"].plan is first.plan


@pytest.mark.django_db
def test_a_change_committed_by_another_process_is_seen(ishoj_plan):
    """Another worker's writer changes the rows and the stamp; this process holds the old content
    and learns of the change from the plan it reads anyway."""
    assert straxen_phone(plan_in_force()) == "43 57 75 78"
    ContactUnit.objects.filter(plan=ishoj_plan, code="straxen").update(phone="43 57 75 70")
    Plan.objects.filter(pk=ishoj_plan.pk).update(content_stamp=uuid.uuid4())  # what content_changed writes
    assert straxen_phone(plan_in_force()) == "43 57 75 70"
    assert straxen_phone(ishoj_plan) == "43 57 75 78"  # an instance read before the change: the content of then


@pytest.mark.django_db
def test_content_read_in_a_transaction_rolled_back_is_never_met_again(ishoj_plan):
    assert straxen_phone(plan_in_force()) == "43 57 75 78"
    with pytest.raises(RuntimeError), transaction.atomic():
        plan = plan_in_force()
        ContactUnit.objects.filter(plan=plan, code="straxen").update(phone="43 57 75 70")
        content_changed(plan)
        assert straxen_phone(plan) == "43 57 75 70"  # kept under a stamp that is rolled back ...
        raise RuntimeError
    assert straxen_phone(plan_in_force()) == "43 57 75 78"  # ... and never read again


@pytest.mark.django_db
def test_the_cache_keeps_a_bounded_number_of_versions(ishoj_plan):
    content.clear()
    first = (ishoj_plan.pk, ishoj_plan.content_stamp)
    plan_data(ishoj_plan)
    for _ in range(MAX_VERSIONS + 3):
        content_changed(ishoj_plan)
        plan_data(ishoj_plan)
    kept = cached_versions()
    assert len(kept) == MAX_VERSIONS and first not in kept
    assert kept[-1] == (ishoj_plan.pk, ishoj_plan.content_stamp)


@pytest.mark.django_db(transaction=True)
def test_the_stamp_changes_only_inside_the_writers_transaction(ishoj_plan):
    with pytest.raises(RuntimeError, match="transaction"):
        content_changed(ishoj_plan)


@pytest.mark.django_db
def test_a_plan_with_content_answers_its_relations_from_it(ishoj_plan, django_assert_num_queries):
    with_content(plan_in_force())  # read once
    plan = plan_in_force()
    with django_assert_num_queries(0):
        with_content(plan)
        choices = plan.target_groups_for_choice()
        words = plan.term("aerk")
        readers = offered_readers(plan)
        steps = list(plan.acute_steps.all())
        general = plan.general_contact
        straxen = next(u for u in plan.units.all() if u.code == "straxen")
        hours = straxen.weekly_hours
    assert [c.value for c in choices] == ["born", "voksne", "ukendt-alder"] and words
    assert len(readers) >= 3 and steps and hours
    assert general is None or general.plan_id == plan.pk
    # A query on a relation still asks the database, for this version's rows only.
    assert set(plan.units.filter(code="straxen").values_list("plan_id", flat=True)) == {plan.pk}
    assert [g.code for g in plan.target_groups.order_by("-min_age")] == ["voksne", "born"]
