"""Adoption as the council decides it (issue 16): the council's decision (body, date, case
reference) and the day the version comes into force; until that day the version in force stays
in force, from it every reader follows the new one; the daily job switches once (run twice);
the coordinator can roll back with a reason. All audited."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.plan import services
from beredskab.plan.models import ContactUnit, Plan, PlanStatus
from beredskab.plan.selectors import plan_in_force, plan_scheduled

from .adoption import CPH, MONDAY, WEDNESDAY
from .adoption import at as _at

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(ishoj_plan, coordinator):
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan, version_label="2027")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone="43 57 75 79")
    return draft


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def _schedule(coordinator, draft):
    return services.plan_adopt(
        actor=coordinator,
        plan=draft,
        adopted_by="Ishøj Byråd",
        adopted_on=datetime.date(2027, 3, 2),
        case_reference="27/0815",
        in_force_from=MONDAY,
    )


def test_a_future_in_force_date_waits_and_the_job_switches_once(ishoj_plan, coordinator, draft):
    with _at(WEDNESDAY):
        scheduled = _schedule(coordinator, draft)
        assert scheduled.status == PlanStatus.SCHEDULED and scheduled.in_force_from == MONDAY
        assert scheduled.case_reference == "27/0815" and scheduled.adopted_by == "Ishøj Byråd"
        assert plan_in_force("ishoj") == ishoj_plan  # not at once (the fault)
        assert plan_scheduled("ishoj") == scheduled
        assert not scheduled.is_in_force
        assert services.plan_switch_due() == []
        [event] = events("plan.scheduled")
        assert event.new_values["in_force_from"] == "2027-03-08" and event.new_values["case_reference"] == "27/0815"
    with _at(datetime.datetime(2027, 3, 7, 23, 59, tzinfo=CPH)):
        assert plan_in_force("ishoj") == ishoj_plan
        assert services.plan_switch_due() == []
    with _at(datetime.datetime(2027, 3, 8, 0, 1, tzinfo=CPH)):
        # From the in-force date every reader follows, before the job has run.
        assert plan_in_force("ishoj") == scheduled
        first = services.plan_switch_due()
        second = services.plan_switch_due()  # the job run twice switches once
    assert [p.pk for p in first] == [scheduled.pk] and second == []
    scheduled.refresh_from_db()
    ishoj_plan.refresh_from_db()
    assert scheduled.status == PlanStatus.ADOPTED and scheduled.replaced_plan == ishoj_plan
    assert ishoj_plan.status == PlanStatus.ARCHIVED
    [switched] = events("plan.put_in_force")
    assert switched.actor_id is None and switched.target_id == str(scheduled.pk)
    assert switched.new_values["switched_on"] == "2027-03-08"
    assert [e.target_id for e in events("plan.archived")] == [str(ishoj_plan.pk)]


def test_the_command_and_the_task_switch_once(ishoj_plan, coordinator, draft, capsys):
    from beredskab.plan.tasks import switch_plans_in_force

    with _at(WEDNESDAY):
        scheduled = _schedule(coordinator, draft)
    with _at(datetime.datetime(2027, 3, 8, 0, 5, tzinfo=CPH)):
        call_command("plan_switch_in_force")
        call_command("plan_switch_in_force")
        assert switch_plans_in_force.call() == 0
    out = capsys.readouterr().out
    assert "Switched 1 version(s)." in out and "Switched 0 version(s)." in out
    assert len(events("plan.put_in_force")) == 1
    assert plan_in_force("ishoj") == Plan.objects.get(pk=scheduled.pk)


def test_today_as_in_force_date_puts_it_in_force_at_once(ishoj_plan, coordinator, draft):
    with _at(WEDNESDAY):
        adopted = services.plan_adopt(
            actor=coordinator,
            plan=draft,
            adopted_by="Ishøj Byråd",
            adopted_on=datetime.date(2027, 3, 2),
            case_reference="27/0815",
            in_force_from=datetime.date(2027, 3, 3),
        )
        assert adopted.status == PlanStatus.ADOPTED and plan_in_force("ishoj") == adopted
        assert adopted.replaced_plan == ishoj_plan


def test_a_decision_after_today_is_refused_not_put_in_force(ishoj_plan, coordinator, draft):
    """The fault: adopting with adoption date 1 June 2027 put the plan in force at once and the
    guide said "vedtaget 1. juni 2027". The decision date cannot be after today."""
    with _at(WEDNESDAY), pytest.raises(ValidationError) as refused:
        services.plan_adopt(
            actor=coordinator, plan=draft, adopted_by="Ishøj Byråd", adopted_on=datetime.date(2027, 6, 1)
        )
    assert "adopted_on" in refused.value.message_dict
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT and plan_in_force("ishoj") == ishoj_plan


def test_refusals_of_the_in_force_date(ishoj_plan, coordinator, draft):
    with _at(WEDNESDAY):
        with pytest.raises(ValidationError) as refused:
            services.plan_adopt(
                actor=coordinator,
                plan=draft,
                adopted_by="Ishøj Byråd",
                adopted_on=datetime.date(2027, 3, 2),
                in_force_from=datetime.date(2027, 3, 2),
            )
        assert refused.value.message_dict["in_force_from"] == ["Planen kan tidligst træde i kraft i dag."]
        _schedule(coordinator, draft)
        other = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan, version_label="2027b")
        with pytest.raises(ValidationError) as refused:
            services.plan_adopt(
                actor=coordinator,
                plan=other,
                adopted_by="Ishøj Byråd",
                adopted_on=datetime.date(2027, 3, 2),
                in_force_from=datetime.date(2027, 4, 1),
            )
        assert "Version 2027 er allerede vedtaget og træder i kraft 8. marts 2027" in str(refused.value)
        with pytest.raises(ValidationError, match="arkiveres, når den afløses"):
            services.plan_archive(actor=coordinator, plan=draft)


def test_roll_back_to_the_previous_version_with_a_reason(ishoj_plan, coordinator, draft):
    with _at(WEDNESDAY):
        _schedule(coordinator, draft)
    with _at(datetime.datetime(2027, 3, 8, 9, 0, tzinfo=CPH)):
        # Not switched by the job yet: the roll back switches first, then rolls back.
        from beredskab.plan.policies import plan_policy

        assert plan_policy.can(coordinator, "roll_back", Plan.objects.get(pk=draft.pk))
        assert not plan_policy.can(coordinator, "roll_back", Plan.objects.get(pk=ishoj_plan.pk))
        for reason in ("", "   "):
            with pytest.raises(ValidationError) as refused:
                services.plan_roll_back(actor=coordinator, plan=draft, reason=reason)
            assert "reason" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            services.plan_roll_back(actor=coordinator, plan=draft, reason="Ring 010101-1234 om fejlen")
        assert "reason" in refused.value.message_dict
        back = services.plan_roll_back(actor=coordinator, plan=draft, reason="Forkert telefonnummer til StraXen")
        assert back == ishoj_plan and plan_in_force("ishoj") == ishoj_plan
        with pytest.raises(ValidationError, match="Kun versionen i kraft"):
            services.plan_roll_back(actor=coordinator, plan=draft, reason="igen")
    draft.refresh_from_db()
    ishoj_plan.refresh_from_db()
    assert draft.status == PlanStatus.ARCHIVED
    assert ishoj_plan.status == PlanStatus.ADOPTED and ishoj_plan.archived_at is None
    [rolled] = events("plan.rolled_back")
    assert rolled.actor_id == coordinator.pk and rolled.target_id == str(ishoj_plan.pk)
    assert rolled.new_values["reason"] == "Forkert telefonnummer til StraXen"
    archived = events("plan.archived")[-1]
    assert archived.target_id == str(draft.pk) and archived.new_values["rolled_back"] is True
    # The version in force first came with the fixture: nothing before it to roll back to.
    with pytest.raises(ValidationError, match="ingen tidligere version"):
        services.plan_roll_back(actor=coordinator, plan=ishoj_plan, reason="x")


# --- the pages --------------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client, coordinator):
    """Log in again inside the frozen time (`_login`): a session from today has expired by 2027."""
    client.coordinator = coordinator
    return client


def _login(client):
    client.force_login(client.coordinator)


def test_adoption_page_confirms_with_the_differences_in_words_then_schedules(coordinator_client, ishoj_plan, draft):
    url = reverse("plan:adopt", args=[draft.pk])
    adoption = {
        "adopted_by": "Ishøj Byråd",
        "adopted_on": "2027-03-02",
        "case_reference": "27/0815",
        "in_force_from": MONDAY.isoformat(),
    }
    with _at(WEDNESDAY):
        _login(coordinator_client)
        page = coordinator_client.get(url).content.decode()
        assert 'value="2027-03-03"' in page  # the in-force date proposed: today
        response = coordinator_client.post(url, adoption)
        page = response.content.decode()
        assert response.status_code == 200 and "Bekræft vedtagelsen af version 2027" in page
        assert "StraXen: telefon 43 57 75 78 → 43 57 75 79" in page
        assert "Indtil 8. marts 2027 gælder den nuværende plan." in page
        assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT  # nothing adopted before confirming
        # "Tilbage og ret" shows the form again with everything typed.
        page = coordinator_client.post(url, {**adoption, "confirmed": "on", "edit": "1"}).content.decode()
        assert 'value="27/0815"' in page and "Videre til bekræftelse" in page
        shown = re.search(r'name="compared_draft" value="([^"]+)"', response.content.decode()).group(1)
        response = coordinator_client.post(url, {**adoption, "confirmed": "on", "compared_draft": shown})
        assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SCHEDULED and draft.in_force_from == MONDAY
    with _at(WEDNESDAY):
        _login(coordinator_client)
        page = coordinator_client.get(draft.get_absolute_url()).content.decode()
    assert "Vedtaget – træder i kraft 8. marts 2027" in page and "27/0815" in page


def test_adoption_page_errors_next_to_the_field_keep_the_input(coordinator_client, ishoj_plan, draft):
    url = reverse("plan:adopt", args=[draft.pk])
    with _at(WEDNESDAY):
        _login(coordinator_client)
        response = coordinator_client.post(
            url,
            {
                "adopted_by": "Ishøj Byråd",
                "adopted_on": "2027-06-01",
                "case_reference": "27/0815",
                "in_force_from": "2027-06-01",
            },
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Datoen for byrådets beslutning kan ikke ligge efter i dag" in page
    assert 'value="27/0815"' in page and 'value="2027-06-01"' in page
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT


def test_roll_back_page(coordinator_client, ishoj_plan, coordinator, draft):
    with _at(WEDNESDAY):
        services.plan_adopt(
            actor=coordinator,
            plan=draft,
            adopted_by="Ishøj Byråd",
            adopted_on=datetime.date(2027, 3, 2),
            in_force_from=datetime.date(2027, 3, 3),
        )
        _login(coordinator_client)
        detail = coordinator_client.get(draft.get_absolute_url()).content.decode()
        assert reverse("plan:roll_back", args=[draft.pk]) in detail
        url = reverse("plan:roll_back", args=[draft.pk])
        response = coordinator_client.post(url, {"reason": ""})
        assert response.status_code == 200 and "id_reason_error" in response.content.decode()
        response = coordinator_client.post(url, {"reason": "Forkert nummer"})
        assert response.status_code == 302 and response["Location"] == ishoj_plan.get_absolute_url()
        assert plan_in_force("ishoj") == ishoj_plan
        # Sent again: the version is no longer in force, the page says so.
        again = coordinator_client.post(url, {"reason": "Forkert nummer"}, follow=True).content.decode()
        assert "Kun versionen i kraft kan rulles tilbage." in again
    assert len(events("plan.rolled_back")) == 1


# --- every reader asks the one selector ---------------------------------------------------

# The only modules that may name the ADOPTED/SCHEDULED status in a query: the selector that
# says which version is in force, the services that change it, the models and the policy.
_ALLOWED = {
    "beredskab/plan/selectors.py",
    "beredskab/plan/services.py",
    "beredskab/plan/adoption_checks.py",  # the adoption service's checks, split from services.py
    "beredskab/plan/models/plan.py",
    "beredskab/plan/models/__init__.py",
    "beredskab/plan/policies.py",
}
# The history of which version was in force (`PlanInForcePeriod`) is read through
# `selectors.plan_in_force_at` (and written by the services) only, too.
_IN_FORCE_QUERY = re.compile(
    r"PlanStatus\.(ADOPTED|SCHEDULED)|status\s*=\s*[\"'](adopted|scheduled)[\"']|PlanInForcePeriod|\.in_force_periods\b"
)


def test_every_reader_of_the_version_in_force_asks_the_selector():
    """A reader that queried `status=adopted` itself would show the old version after the
    in-force date until the job ran (and a scheduled one never). Enumerated from the code."""
    root = Path(settings.BASE_DIR)
    offenders = []
    for path in sorted((root / "beredskab").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative in _ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _IN_FORCE_QUERY.search(line) and ("plan" in line.lower() or "period" in line.lower()):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
    # And the readers that matter do import it.
    for reader in (
        "beredskab/guide/selectors.py",
        "beredskab/intake/services.py",
        "beredskab/api/views.py",
        "beredskab/plan/context_processors.py",
        "beredskab/implementation/selectors.py",
        "beredskab/safety/contacts.py",
    ):
        assert "plan_in_force" in (root / reader).read_text(encoding="utf-8"), reader
    # The readers that answer for a moment ask for the version in force at that moment.
    for reader in ("beredskab/api/views.py", "beredskab/plan/management/commands/plan_route.py"):
        assert "plan_in_force_at(" in (root / reader).read_text(encoding="utf-8"), reader
