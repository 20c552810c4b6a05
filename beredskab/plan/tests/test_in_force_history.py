"""When each version was in force (issue 16): the services that change the version in force
record it, a moment in the past is answered with the version in force then (the API's and
`plan_route`'s `at`), roll back goes back to the version in force before (also for versions
adopted before the link was stored: the migration fills the history from the audit log), and
the coordinator can cancel a version that waits for its day (it goes back to being a draft)."""

import datetime
import importlib
import io
import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.core.roles import Role
from beredskab.plan import services
from beredskab.plan.models import ContactUnit, Plan, PlanInForcePeriod, PlanStatus
from beredskab.plan.policies import plan_policy
from beredskab.plan.selectors import plan_in_force, plan_in_force_at, plan_in_force_before

from .adoption import CPH, MONDAY, WEDNESDAY
from .adoption import at as _at

pytestmark = pytest.mark.django_db
OLD, NEW = "43 57 75 78", "43 57 75 79"


def moment(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=CPH)


@pytest.fixture
def draft(ishoj_plan, coordinator):
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan, version_label="2027")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone=NEW)
    return draft


def _schedule(coordinator, draft, in_force_from=MONDAY):
    return services.plan_adopt(
        actor=coordinator,
        plan=draft,
        adopted_by="Ishøj Byråd",
        adopted_on=datetime.date(2027, 3, 2),
        case_reference="27/0815",
        in_force_from=in_force_from,
    )


def _version_at(when: datetime.datetime) -> str | None:
    plan = plan_in_force_at(when, "ishoj")
    return plan.version_label if plan else None


# --- the history and a moment in the past ------------------------------------------------


def test_a_moment_in_each_period_is_answered_with_the_version_in_force_then(client, ishoj_plan, coordinator, draft):
    """Adopt A (the fixture), schedule B for Monday, the job switches, B is rolled back at noon.
    Asked afterwards, each moment gets the version in force then (the fault: today's version)."""
    with _at(WEDNESDAY):
        _schedule(coordinator, draft)
    with _at(moment(2027, 3, 8, 9, 0)):
        # The job has not run: B is in force from Monday's first moment all the same.
        assert _version_at(moment(2027, 3, 8, 8, 0)) == "2027"
        assert _version_at(moment(2027, 3, 7, 23, 59)) == "2024"
        client.force_login(coordinator)  # the roll back page of the version due today names the one it goes back to
        page = client.get(reverse("plan:roll_back", args=[draft.pk])).content.decode()
        assert "version 2024 bliver igen planen i kraft" in page
    with _at(moment(2027, 3, 8, 9, 30)):
        services.plan_switch_due()
        client.force_login(coordinator)
        page = client.get(reverse("plan:roll_back", args=[draft.pk])).content.decode()
        assert "version 2024 bliver igen planen i kraft" in page
    with _at(moment(2027, 3, 8, 12, 0)):
        services.plan_roll_back(actor=coordinator, plan=draft, reason="Forkert telefonnummer til StraXen")
    with _at(moment(2027, 3, 9, 10, 0)):
        assert _version_at(moment(2025, 6, 1, 12, 0)) == "2024"  # the first version: since its adoption
        assert _version_at(moment(2027, 3, 5, 12, 0)) == "2024"
        assert _version_at(moment(2027, 3, 8, 0, 30)) == "2027"
        assert _version_at(moment(2027, 3, 8, 11, 59)) == "2027"
        assert _version_at(moment(2027, 3, 8, 12, 1)) == "2024"
        assert _version_at(moment(2027, 3, 9, 9, 0)) == "2024"
        assert _version_at(moment(2027, 4, 1, 9, 0)) == "2024"  # later: the version in force then
        assert _version_at(moment(2023, 1, 1, 9, 0)) is None  # before any version known
        assert plan_in_force_at(None, "ishoj") == ishoj_plan
    periods = [
        (p.plan.version_label, p.starts_at.astimezone(CPH), p.ends_at and p.ends_at.astimezone(CPH))
        for p in PlanInForcePeriod.objects.filter(municipality_code="ishoj").order_by("starts_at")
    ]
    assert periods == [
        ("2024", moment(2024, 4, 1, 0, 0), moment(2027, 3, 8, 0, 0)),
        ("2027", moment(2027, 3, 8, 0, 0), moment(2027, 3, 8, 12, 0)),
        ("2024", moment(2027, 3, 8, 12, 0), None),
    ]
    with _at(moment(2027, 3, 9, 10, 0)):
        client.force_login(coordinator)
        page = client.get(ishoj_plan.get_absolute_url()).content.decode()
    assert "1. april 2024 kl. 00.00 til 8. marts 2027 kl. 00.00" in page and "Fra 8. marts 2027 kl. 12.00" in page


def test_an_adoption_for_today_ends_the_old_version_at_that_moment(ishoj_plan, coordinator, draft):
    with _at(WEDNESDAY):
        _schedule(coordinator, draft, in_force_from=WEDNESDAY.date())
    with _at(WEDNESDAY + datetime.timedelta(hours=2)):
        assert _version_at(WEDNESDAY - datetime.timedelta(minutes=1)) == "2024"  # earlier the same day
        assert _version_at(WEDNESDAY + datetime.timedelta(minutes=1)) == "2027"


def test_the_api_and_plan_route_answer_a_past_moment_with_the_version_in_force_then(
    client, ishoj_plan, coordinator, draft
):
    with _at(WEDNESDAY):
        _schedule(coordinator, draft, in_force_from=WEDNESDAY.date())
    with _at(moment(2027, 3, 4, 10, 0)):

        def api(at: str):
            return client.get("/api/v1/route/", {"age": 15, "postcode": "2635", "at": at})

        before = api("2027-03-03T09:00:00+01:00")
        after = api("2027-03-03T11:00:00+01:00")
        assert before.json()["plan_id"] == ishoj_plan.pk and OLD in before.content.decode()
        assert after.json()["plan_id"] == draft.pk and NEW in after.content.decode()
        unknown = api("2020-01-01T09:00:00+01:00")
        assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "no_plan_at"
        out = io.StringIO()
        call_command("plan_route", "--age", "15", "--at", "2027-03-03T09:00", stdout=out)
        assert json.loads(out.getvalue())["plan_id"] == ishoj_plan.pk


# --- roll back from the history ----------------------------------------------------------


def test_roll_back_reads_the_history_not_the_stored_link(ishoj_plan, coordinator, draft):
    """A version adopted before the link to its predecessor was stored has none: roll back goes
    to the version in force before it all the same (the fault: "ingen tidligere version")."""
    with _at(WEDNESDAY):
        _schedule(coordinator, draft, in_force_from=WEDNESDAY.date())
        Plan.objects.filter(pk=draft.pk).update(replaced_plan=None)  # as stored before 0012
        current = Plan.objects.get(pk=draft.pk)
        assert plan_in_force_before(current) == ishoj_plan
        assert plan_policy.can(coordinator, "roll_back", current)
        back = services.plan_roll_back(actor=coordinator, plan=current, reason="Forkert nummer")
    assert back == ishoj_plan and plan_in_force("ishoj") == ishoj_plan
    # Going back follows the line of versions: not forward again to the one rolled back from.
    assert plan_in_force_before(Plan.objects.get(pk=ishoj_plan.pk)) is None


def test_the_migration_fills_the_history_and_the_link_from_the_audit_log(ishoj_plan, coordinator, draft):
    """An installation from before the history: A adopted, B scheduled and switched on by the
    job, the link from B to A not stored. The migration replays the audit log."""
    with _at(WEDNESDAY):
        _schedule(coordinator, draft)
    with _at(moment(2027, 3, 8, 6, 0)):
        services.plan_switch_due()
    PlanInForcePeriod.objects.all().delete()
    Plan.objects.update(replaced_plan=None)
    migration = importlib.import_module("beredskab.plan.migrations.0013_plan_in_force_history")
    migration.fill_in_force_history(apps, None)
    periods = [
        (p.plan_id, p.starts_at.astimezone(CPH), p.ends_at and p.ends_at.astimezone(CPH))
        for p in PlanInForcePeriod.objects.order_by("starts_at")
    ]
    assert periods == [
        (ishoj_plan.pk, moment(2024, 4, 1, 0, 0), moment(2027, 3, 8, 0, 0)),
        (draft.pk, moment(2027, 3, 8, 0, 0), None),
    ]
    assert Plan.objects.get(pk=draft.pk).replaced_plan_id == ishoj_plan.pk
    with _at(moment(2027, 3, 9, 10, 0)):
        assert _version_at(moment(2027, 3, 5, 12, 0)) == "2024"
        assert services.plan_roll_back(actor=coordinator, plan=draft, reason="Forkert nummer") == ishoj_plan


def test_the_migration_without_an_audit_log_knows_the_version_in_force_from_its_date(ishoj_plan):
    PlanInForcePeriod.objects.all().delete()
    migration = importlib.import_module("beredskab.plan.migrations.0013_plan_in_force_history")
    migration.fill_in_force_history(_NoEvents(apps), None)
    [period] = PlanInForcePeriod.objects.all()
    assert period.plan_id == ishoj_plan.pk and period.ends_at is None
    assert period.starts_at.astimezone(CPH).date() == ishoj_plan.in_force_from


class _NoEvents:
    """The app registry as a database from before adoptions were audited sees it."""

    def __init__(self, registry):
        self.registry = registry

    def get_model(self, app_label, model_name):
        model = self.registry.get_model(app_label, model_name)
        if model_name == "AuditEvent":
            return type("Events", (), {"objects": _Empty(model)})
        return model


class _Empty:
    def __init__(self, model):
        self.model = model

    def filter(self, *args, **kwargs):
        return self.model.objects.none()


# --- cancelling a version that waits -----------------------------------------------------


def test_cancelling_a_waiting_version_makes_it_a_draft_and_keeps_the_version_in_force(
    client, ishoj_plan, coordinator, draft
):
    with _at(WEDNESDAY):
        _schedule(coordinator, draft)
        for reason in ("", "  ", "Se sagen om 010203-1234"):
            with pytest.raises(ValidationError) as refused:
                services.plan_cancel_scheduled(actor=coordinator, plan=draft, reason=reason)
            assert "reason" in refused.value.message_dict
        reason = "Forkert dato for ikrafttræden"
        cancelled = services.plan_cancel_scheduled(actor=coordinator, plan=draft, reason=reason)
        assert cancelled.status == PlanStatus.DRAFT and cancelled.in_force_from is None
        assert cancelled.case_reference == "27/0815" and cancelled.adopted_by == "Ishøj Byråd"  # to schedule again
        with pytest.raises(ValidationError, match="Kun en version, der venter"):
            services.plan_cancel_scheduled(actor=coordinator, plan=draft, reason="igen")
        with pytest.raises(ValidationError, match="Kun en version, der venter"):
            services.plan_cancel_scheduled(actor=coordinator, plan=ishoj_plan, reason="x")
    [event] = AuditEvent.objects.filter(action="plan.schedule_cancelled")
    assert event.actor_id == coordinator.pk and event.target_id == str(draft.pk)
    assert event.new_values == {"status": "draft", "reason": "Forkert dato for ikrafttræden"}
    assert event.old_values["in_force_from"] == "2027-03-08"
    with _at(moment(2027, 3, 8, 9, 0)):
        assert services.plan_switch_due() == []
        assert plan_in_force("ishoj") == ishoj_plan
        page = client.get("/guide/om-planen/").content.decode()
        assert "2024" in page and "2027" not in page
        # The draft can be corrected and scheduled again.
        again = _schedule(coordinator, Plan.objects.get(pk=draft.pk), in_force_from=datetime.date(2027, 3, 15))
        assert again.status == PlanStatus.SCHEDULED


def test_a_version_whose_day_has_come_cannot_be_cancelled(ishoj_plan, coordinator, draft):
    with _at(WEDNESDAY):
        _schedule(coordinator, draft)
    with _at(moment(2027, 3, 8, 0, 5)):  # the job has not run: it is the version in force all the same
        assert not plan_policy.can(coordinator, "cancel_scheduled", Plan.objects.get(pk=draft.pk))
        with pytest.raises(ValidationError, match=r"trådte i kraft 8\. marts 2027 og er planen i kraft nu"):
            services.plan_cancel_scheduled(actor=coordinator, plan=draft, reason="For sent")
        assert plan_in_force("ishoj") == draft
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.SCHEDULED


def test_cancel_page(client, ishoj_plan, coordinator, draft):
    url = reverse("plan:cancel_scheduled", args=[draft.pk])
    with _at(WEDNESDAY):
        client.force_login(coordinator)
        assert url not in client.get(draft.get_absolute_url()).content.decode()  # a draft: nothing to cancel
        _schedule(coordinator, draft)
        assert url in client.get(draft.get_absolute_url()).content.decode()
        assert url not in client.get(ishoj_plan.get_absolute_url()).content.decode()
        page = client.get(url).content.decode()
        assert "skulle træde i kraft 8. marts 2027" in page and "Version 2024 er fortsat planen i kraft." in page
        response = client.post(url, {"reason": "Ring 0102031234"})
        page = response.content.decode()
        assert response.status_code == 200 and "id_reason_error" in page and "Ring 0102031234" in page
        response = client.post(url, {"reason": "Forkert dato"}, follow=True)
        assert response.redirect_chain[-1][0] == draft.get_absolute_url()
        assert "Version 2027 træder ikke i kraft. Den er et udkast igen." in response.content.decode()
        # Not waiting any more: the page refuses and says why.
        again = client.get(url, follow=True).content.decode()
        assert "Kun en version, der venter på at træde i kraft, kan annulleres." in again
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT
    assert AuditEvent.objects.filter(action="plan.schedule_cancelled").count() == 1


@pytest.mark.parametrize("role", [Role.CHILD_CASEWORKER, Role.UNIT_LEADER])
def test_only_the_coordinator_cancels(client, ishoj_plan, coordinator, draft, make_user, role):
    with _at(WEDNESDAY):
        _schedule(coordinator, draft)
        client.force_login(make_user(role, "straxen"))
        response = client.post(reverse("plan:cancel_scheduled", args=[draft.pk]), {"reason": "Forkert dato"})
    assert response.status_code in (302, 403, 404)
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.SCHEDULED
