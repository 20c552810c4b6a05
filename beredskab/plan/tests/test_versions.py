"""Versions: draft a new version (deep copy), compare, adopt (exactly one in force), archive,
confirm facts, and the audit events every write leaves."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from beredskab.audit.models import AuditEvent
from beredskab.plan import services
from beredskab.plan.export import plan_to_spec
from beredskab.plan.loader import ensure_default_plan
from beredskab.plan.models import ContactUnit, OpeningHours, Plan, PlanStatus, TargetGroup
from beredskab.plan.selectors import plan_in_force


def events(action: str, target) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, target_id=str(target.pk)).order_by("seq"))


def test_loading_and_adopting_write_audit_events(ishoj_plan):
    imported = events("plan.imported", ishoj_plan)
    assert len(imported) == 1
    assert imported[0].new_values == {
        "municipality": "ishoj",
        "version": "2024",
        "status": "draft",
        "file": "",
        "unconfirmed_facts": 8,
    }
    adopted = events("plan.adopted", ishoj_plan)
    assert len(adopted) == 1
    assert adopted[0].new_values["adopted_by"] == "Ishøj Byråd"
    assert adopted[0].new_values["revision_due"] == "2028-04-01"
    assert ishoj_plan.status == PlanStatus.ADOPTED
    assert plan_in_force("ishoj") == ishoj_plan


def test_draft_new_version_is_a_deep_copy_without_the_adoption(ishoj_plan, coordinator):
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan)
    assert (draft.status, draft.version_label, draft.derived_from) == (PlanStatus.DRAFT, "2024 udkast 1", ishoj_plan)
    assert (draft.adopted_by, draft.adopted_on, draft.published_on, draft.revision_due) == ("", None, None, None)
    differences = services.plan_compare(ishoj_plan, draft)
    assert [(d.place, d.kind) for d in differences] == [
        ("plan.version", "changed"),
        ("adoption.adopted_by", "removed"),
        ("adoption.adopted_on", "removed"),
        ("adoption.published_on", "removed"),
        ("revision.due", "removed"),
    ]
    assert str(differences[0]) == 'plan.version: "2024" → "2024 udkast 1"'
    assert str(differences[1]) == 'adoption.adopted_by: fjernet (var "Ishøj Byråd")'
    # A deep copy: the draft's rows are its own.
    assert not set(draft.units.values_list("pk", flat=True)) & set(ishoj_plan.units.values_list("pk", flat=True))
    assert (
        OpeningHours.objects.filter(unit__plan=draft).count()
        == OpeningHours.objects.filter(unit__plan=ishoj_plan).count()
    )
    assert draft.unknown_age_goes_to.plan == draft
    assert draft.default_out_of_hours.plan == draft
    second = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan)
    assert second.version_label == "2024 udkast 2"
    event = events("plan.drafted", draft)[0]
    assert event.actor_id == coordinator.pk
    assert event.new_values["from_plan_id"] == ishoj_plan.pk


def test_draft_new_version_refuses_a_taken_name(ishoj_plan, coordinator):
    with pytest.raises(ValidationError) as excinfo:
        services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan, version_label="2024")
    assert "version_label" in excinfo.value.message_dict


def test_compare_lists_readable_differences(ishoj_plan, coordinator):
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan, version_label="2028")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone="43 57 75 79")
    OpeningHours.objects.filter(unit__plan=draft, unit__code="cvv", weekday=4).update(closes=datetime.time(14, 0))
    TargetGroup.objects.filter(plan=draft, code="voksne").update(name="Voksne fra 18 år")
    differences = [str(d) for d in services.plan_compare(ishoj_plan, draft)]
    assert 'units[straxen].phone: "43 57 75 78" → "43 57 75 79"' in differences
    assert 'units[cvv].hours.value.fri: "08:00-13:30" → "08:00-14:00"' in differences
    assert 'target_groups[voksne].name: "Voksne over 18 år" → "Voksne fra 18 år"' in differences


def test_adopt_archives_the_version_in_force(ishoj_plan, coordinator):
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan, version_label="2028")
    adopted = services.plan_adopt(
        actor=coordinator, plan=draft, adopted_by="Ishøj Byråd", adopted_on=datetime.date(2026, 3, 1)
    )
    ishoj_plan.refresh_from_db()
    assert adopted.status == PlanStatus.ADOPTED
    assert adopted.revision_due == datetime.date(2030, 3, 1)  # at the latest 4 years after adoption
    assert ishoj_plan.status == PlanStatus.ARCHIVED and ishoj_plan.archived_at is not None
    assert plan_in_force("ishoj") == adopted
    assert Plan.objects.filter(municipality_code="ishoj", status=PlanStatus.ADOPTED).count() == 1
    archived = events("plan.archived", ishoj_plan)[0]
    assert archived.new_values == {"status": "archived", "replaced_by": adopted.pk}
    assert archived.actor_id == coordinator.pk
    assert events("plan.adopted", adopted)[0].old_values["status"] == "draft"


def test_adopting_with_a_stated_date_confirms_it(ishoj_data, coordinator):
    from beredskab.plan.loader import load_plan_data

    draft = load_plan_data(ishoj_data).plan
    assert draft.is_unconfirmed("adopted_on")
    adopted = services.plan_adopt(
        actor=coordinator, plan=draft, adopted_by="Ishøj Byråd", adopted_on=datetime.date(2024, 4, 2)
    )
    assert not adopted.is_unconfirmed("adopted_on")
    assert adopted.is_unconfirmed("revision_due")  # still the file's assumption


def test_only_one_version_in_force_is_enforced_by_the_database(ishoj_plan, coordinator):
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=draft.pk).update(status=PlanStatus.ADOPTED)


def test_adopt_refusals(ishoj_plan, coordinator):
    with pytest.raises(ValidationError, match="Kun et udkast kan vedtages"):
        services.plan_adopt(actor=coordinator, plan=ishoj_plan, adopted_by="X", adopted_on=datetime.date(2026, 1, 1))
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_adopt(actor=coordinator, plan=draft, adopted_by=" ", adopted_on=datetime.date(2026, 1, 1))
    assert "adopted_by" in excinfo.value.message_dict
    Plan.objects.filter(pk=draft.pk).update(revision_due=datetime.date(2030, 1, 2))
    with pytest.raises(ValidationError) as excinfo:
        services.plan_adopt(actor=coordinator, plan=draft, adopted_by="Byrådet", adopted_on=datetime.date(2026, 1, 1))
    assert excinfo.value.message_dict["adopted_on"] == [
        "Næste revision (2. januar 2030) skal ligge efter vedtagelsen og senest 4 år efter (senest 1. januar 2030)."
    ]
    # A draft made invalid (e.g. in the admin) cannot be adopted.
    Plan.objects.filter(pk=draft.pk).update(revision_due=None)
    TargetGroup.objects.filter(plan=draft, code="voksne").update(min_age=17)
    with pytest.raises(ValidationError) as excinfo:
        services.plan_adopt(actor=coordinator, plan=draft, adopted_by="Byrådet", adopted_on=datetime.date(2026, 1, 1))
    expected = "target_groups[1].ages: Overlapper en anden målgruppe (alder 17 er allerede dækket)."
    assert expected in excinfo.value.messages
    assert plan_in_force("ishoj") == ishoj_plan


def test_archive_a_draft_but_not_the_plan_in_force(ishoj_plan, coordinator):
    with pytest.raises(ValidationError, match="arkiveres, når en ny version vedtages"):
        services.plan_archive(actor=coordinator, plan=ishoj_plan)
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan)
    archived = services.plan_archive(actor=coordinator, plan=draft)
    assert archived.status == PlanStatus.ARCHIVED
    assert events("plan.archived", draft)[0].old_values == {"status": "draft"}
    with pytest.raises(ValidationError, match="allerede arkiveret"):
        services.plan_archive(actor=coordinator, plan=draft)


def test_confirm_a_fact(ishoj_plan, coordinator):
    facts = {f.place: f for f in ishoj_plan.unconfirmed_facts()}
    assert set(facts) == {
        "adoption.adopted_on",
        "adoption.published_on",
        "revision.due",
        "routing.closure_days",
        "units[straxen].hours",
        "units[straxen-sparring].hours",
        "units[cvv].hours",
        "target_groups[born].duty_to_report[citizen].legal_reference",
    }
    hours = facts["units[straxen].hours"]
    assert hours.label == "Åbningstid: StraXen"
    assert hours.value == "mandag-torsdag 08:00-15:00; fredag 08:00-13:30"
    services.plan_fact_confirm(actor=coordinator, plan=ishoj_plan, fact_key=hours.key)
    assert "units[straxen].hours" not in {f.place for f in ishoj_plan.unconfirmed_facts()}
    straxen = ishoj_plan.units.get(code="straxen")
    event = events("plan.fact_confirmed", straxen)[0]
    assert event.actor_id == coordinator.pk
    assert event.old_values["field"] == "hours" and event.old_values["unconfirmed"].startswith("Åbningstiden")
    assert event.new_values == {"plan_id": ishoj_plan.pk, "field": "hours", "confirmed": True}
    with pytest.raises(ValidationError, match="allerede bekræftet"):
        services.plan_fact_confirm(actor=coordinator, plan=ishoj_plan, fact_key=hours.key)
    duty = facts["target_groups[born].duty_to_report[citizen].legal_reference"]
    services.plan_fact_confirm(actor=coordinator, plan=ishoj_plan, fact_key=duty.key)
    services.plan_fact_confirm(actor=coordinator, plan=ishoj_plan, fact_key=facts["revision.due"].key)
    ishoj_plan.refresh_from_db()
    assert not ishoj_plan.is_unconfirmed("revision_due")


@pytest.mark.parametrize("key", ["unit:999999:hours", "unit:1:colour", "nonsense", "plan:0:adopted_on"])
def test_confirm_refuses_keys_of_other_plans_or_unknown_fields(ishoj_plan, coordinator, key):
    with pytest.raises(ValidationError):
        services.plan_fact_confirm(actor=coordinator, plan=ishoj_plan, fact_key=key)


def test_confirm_refuses_a_fact_of_another_version(ishoj_plan, coordinator):
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan)
    unit = draft.units.get(code="straxen")
    with pytest.raises(ValidationError, match="hører ikke til denne version"):
        services.plan_fact_confirm(actor=coordinator, plan=ishoj_plan, fact_key=f"unit:{unit.pk}:hours")


def test_loading_a_version_twice_is_refused(ishoj_plan, ishoj_data):
    from beredskab.plan.loader import load_plan_data

    with pytest.raises(ValidationError, match="findes allerede"):
        load_plan_data(ishoj_data)


@pytest.mark.django_db
def test_ensure_default_plan_is_idempotent(settings):
    settings.MUNICIPALITY_CODE = "ishoj"
    plan = ensure_default_plan()
    assert plan.status == PlanStatus.ADOPTED and plan.version_label == "2024"
    assert (plan.adopted_by, plan.adopted_on) == ("Ishøj Byråd", datetime.date(2024, 4, 1))
    count, event_count = Plan.objects.count(), AuditEvent.objects.count()
    assert ensure_default_plan() == plan
    assert (Plan.objects.count(), AuditEvent.objects.count()) == (count, event_count)


@pytest.mark.django_db
def test_ensure_default_plan_adopts_a_matching_draft_instead_of_loading_twice(settings, ishoj_data):
    from beredskab.plan.loader import load_plan_data

    settings.MUNICIPALITY_CODE = "ishoj"
    draft = load_plan_data(ishoj_data).plan
    assert ensure_default_plan() == draft
    draft.refresh_from_db()
    assert draft.status == PlanStatus.ADOPTED
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_ensure_default_plan_for_another_municipality(settings):
    settings.MUNICIPALITY_CODE = "nordby"
    assert ensure_default_plan().municipality_code == "nordby"
    settings.MUNICIPALITY_CODE = "ingen-plan"
    assert ensure_default_plan() is None


def test_plan_spec_of_an_edited_draft_reflects_the_edit(ishoj_plan, coordinator):
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan)
    ContactUnit.objects.filter(plan=draft, code="cvv").update(address="Ishøj Store Torv 20")
    spec = plan_to_spec(draft)
    assert next(u for u in spec["units"] if u["code"] == "cvv")["address"] == "Ishøj Store Torv 20"
