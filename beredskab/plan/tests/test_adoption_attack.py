"""Attacks on adoption with an in-force date (issue 16): a scheduled version whose day has come
before the daily job ran, personal data typed into the council's decision, dates out of range
given to the service directly, and a confirmation step made stale by another tab."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from beredskab.core.roles import Role
from beredskab.plan import editor, services
from beredskab.plan.export import plan_to_document
from beredskab.plan.models import ContactUnit, Plan, PlanStatus
from beredskab.plan.selectors import plan_in_force

from .adoption import CPH, MONDAY, WEDNESDAY
from .adoption import at as _at

pytestmark = pytest.mark.django_db


def _draft(coordinator, plan, label, phone):
    draft = services.plan_draft_new_version(actor=coordinator, from_plan=plan, version_label=label)
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone=phone)
    return draft


def _adopt(coordinator, draft, **values):
    return services.plan_adopt(
        actor=coordinator,
        plan=draft,
        **{"adopted_by": "Ishøj Byråd", "adopted_on": datetime.date(2027, 3, 2), "case_reference": "27/0815", **values},
    )


def test_adopting_today_after_a_scheduled_day_has_come_puts_the_new_version_in_force(ishoj_plan, coordinator):
    """Monday morning, before the daily job: the version scheduled for Monday is in force for every
    reader. A version adopted now for today must replace it, not stay hidden behind it."""
    with _at(WEDNESDAY):
        scheduled = _adopt(coordinator, _draft(coordinator, ishoj_plan, "2027", "43 57 75 79"), in_force_from=MONDAY)
        urgent = _draft(coordinator, ishoj_plan, "2027b", "43 57 75 80")
    with _at(datetime.datetime(2027, 3, 8, 7, 0, tzinfo=CPH)):
        assert plan_in_force("ishoj") == scheduled
        adopted = _adopt(coordinator, urgent, adopted_on=datetime.date(2027, 3, 8))
        assert plan_in_force("ishoj") == adopted
        assert services.plan_switch_due() == []  # the job later must not bring the old one back
        assert plan_in_force("ishoj") == adopted
    scheduled.refresh_from_db()
    ishoj_plan.refresh_from_db()
    assert scheduled.status == PlanStatus.ARCHIVED and ishoj_plan.status == PlanStatus.ARCHIVED
    assert adopted.replaced_plan == scheduled  # roll back goes to the version readers saw before
    assert Plan.objects.filter(municipality_code="ishoj", status=PlanStatus.ADOPTED).count() == 1


@pytest.mark.parametrize("field", ["case_reference", "adopted_by"])
@pytest.mark.parametrize("value", ["010203-1234", "Sag om 0102031234", "０１０２０３-１２３４"])
def test_a_cpr_number_in_the_decision_is_refused_by_the_service(ishoj_plan, coordinator, field, value):
    with _at(WEDNESDAY):
        draft = _draft(coordinator, ishoj_plan, "2027", "43 57 75 79")
        with pytest.raises(ValidationError) as error:
            _adopt(coordinator, draft, **{field: value})
    assert field in error.value.message_dict
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT


def test_an_in_force_date_out_of_range_is_refused_by_the_service(ishoj_plan, coordinator):
    with _at(WEDNESDAY):
        draft = _draft(coordinator, ishoj_plan, "2027", "43 57 75 79")
        with pytest.raises(ValidationError) as error:
            _adopt(coordinator, draft, in_force_from=datetime.date(9999, 12, 31))
    assert "in_force_from" in error.value.message_dict
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT


def test_adoption_page_refuses_a_cpr_number_next_to_the_field_and_keeps_the_input(client, ishoj_plan, coordinator):
    with _at(WEDNESDAY):
        draft = _draft(coordinator, ishoj_plan, "2027", "43 57 75 79")
        client.force_login(coordinator)
        response = client.post(
            reverse("plan:adopt", args=[draft.pk]),
            {
                "adopted_by": "Ishøj Byråd",
                "adopted_on": "2027-03-02",
                "case_reference": "27/0815 vedr. 010203-1234",
                "in_force_from": MONDAY.isoformat(),
            },
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "personnumre" in page and 'value="27/0815 vedr. 010203-1234"' in page
    assert "Bekræft vedtagelsen" not in page
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT


def test_a_confirmation_made_stale_by_another_tab_is_not_adopted(client, ishoj_plan, coordinator):
    """Tab 1 shows the comparison with the version in force; tab 2 adopts another version; the
    confirmation in tab 1 compared with a version no longer in force and must be shown again."""
    url_values = {
        "adopted_by": "Ishøj Byråd",
        "adopted_on": "2027-03-02",
        "case_reference": "27/0815",
        "in_force_from": "2027-03-03",
    }
    with _at(WEDNESDAY):
        first = _draft(coordinator, ishoj_plan, "2027", "43 57 75 79")
        second = _draft(coordinator, ishoj_plan, "2027b", "43 57 75 80")
        client.force_login(coordinator)
        url = reverse("plan:adopt", args=[first.pk])
        page = client.post(url, url_values).content.decode()
        assert "Bekræft vedtagelsen" in page
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
        _adopt(coordinator, second, adopted_on=datetime.date(2027, 3, 2))  # the other tab
        response = client.post(url, {**url_values, **hidden, "confirmed": "on"})
        page = response.content.decode()
    assert response.status_code == 200
    assert Plan.objects.get(pk=first.pk).status == PlanStatus.DRAFT
    assert plan_in_force("ishoj") == second
    assert "2027b" in page  # tells which version came into force meanwhile


@pytest.mark.parametrize(
    "changes",
    [
        {"case_reference": "x" * 5000},
        {"in_force_from": "0001-01-01"},
        {"in_force_from": "99999-01-01"},
        {"adopted_on": "2027-02-30"},
        {"in_force_from": "9999-12-31"},
        {"compared_with": "-1", "confirmed": "on"},
        {"compared_with": "abc", "confirmed": "on"},
    ],
)
def test_hostile_adoption_input_is_refused_on_the_page_never_a_500(client, ishoj_plan, coordinator, changes):
    values = {
        "adopted_by": "Ishøj Byråd",
        "adopted_on": "2027-03-02",
        "case_reference": "27/0815",
        "in_force_from": MONDAY.isoformat(),
    }
    with _at(WEDNESDAY):
        draft = _draft(coordinator, ishoj_plan, "2027", "43 57 75 79")
        client.force_login(coordinator)
        response = client.post(reverse("plan:adopt", args=[draft.pk]), {**values, **changes})
    assert response.status_code == 200
    assert "Bekræft vedtagelsen af" not in response.content.decode()
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT


@pytest.mark.parametrize("role", [Role.CHILD_CASEWORKER, Role.UNIT_LEADER])
def test_only_the_coordinator_adopts_or_rolls_back(client, ishoj_plan, coordinator, make_user, role):
    with _at(WEDNESDAY):
        draft = _draft(coordinator, ishoj_plan, "2027", "43 57 75 79")
        _adopt(coordinator, draft, in_force_from=datetime.date(2027, 3, 3))
        other = _draft(coordinator, draft, "2027b", "43 57 75 80")
        client.force_login(make_user(role, "straxen"))
        adopt = client.post(
            reverse("plan:adopt", args=[other.pk]),
            {"adopted_by": "x", "adopted_on": "2027-03-02", "case_reference": "1", "in_force_from": "2027-03-03"},
        )
        roll_back = client.post(reverse("plan:roll_back", args=[draft.pk]), {"reason": "Forkert nummer"})
    assert adopt.status_code in (302, 403) and roll_back.status_code in (302, 403)
    assert plan_in_force("ishoj") == draft and Plan.objects.get(pk=other.pk).status == PlanStatus.DRAFT


def test_a_version_adopted_for_today_is_not_undone_by_one_waiting_for_later(client, ishoj_plan, coordinator):
    """Attack: Y waits for Monday (drafted from the version in force); on Wednesday an urgent fix X
    comes into force at once; on Monday the job put Y in force and X's fix was gone. The newest
    decision wins: Y is cancelled (archived, audited), and the confirmation step says so."""
    from beredskab.audit.models import AuditEvent

    with _at(WEDNESDAY):
        waiting = _adopt(coordinator, _draft(coordinator, ishoj_plan, "2027", "43 57 75 79"), in_force_from=MONDAY)
        urgent = _draft(coordinator, ishoj_plan, "2027b", "43 57 75 80")
        client.force_login(coordinator)
        values = {"adopted_by": "Ishøj Byråd", "adopted_on": "2027-03-02", "case_reference": "27/0816"}
        page = client.post(reverse("plan:adopt", args=[urgent.pk]), {**values, "in_force_from": "2027-03-03"})
        assert "bliver annulleret" in page.content.decode() and "8. marts 2027" in page.content.decode()
        _adopt(coordinator, urgent, adopted_on=datetime.date(2027, 3, 2))
    with _at(datetime.datetime(2027, 3, 8, 9, 0, tzinfo=CPH)):
        assert services.plan_switch_due() == []
        assert plan_in_force("ishoj") == urgent
        assert ContactUnit.objects.get(plan=plan_in_force("ishoj"), code="straxen").phone == "43 57 75 80"
    waiting.refresh_from_db()
    assert waiting.status == PlanStatus.ARCHIVED
    event = AuditEvent.objects.filter(action="plan.archived", target_id=str(waiting.pk)).get()
    assert event.new_values["cancelled_waiting"] is True


def test_a_confirmation_step_shown_before_an_edit_of_the_draft_does_not_adopt_it(client, ishoj_plan, coordinator):
    """Attack (issue 16): the coordinator sees the comparison, another tab edits the draft (a
    new phone number), then the first tab confirms: the version must not be adopted unseen."""
    values = {
        "adopted_by": "Ishøj Byråd",
        "adopted_on": "2027-03-02",
        "case_reference": "27/0815",
        "in_force_from": "2027-03-03",
    }
    with _at(WEDNESDAY):
        draft = _draft(coordinator, ishoj_plan, "2027", "43 57 75 79")
        client.force_login(coordinator)
        url = reverse("plan:adopt", args=[draft.pk])
        page = client.post(url, values).content.decode()
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
        assert hidden.get("compared_draft")
        doc = plan_to_document(draft)
        section = editor.SECTIONS["kontakter"]
        units = [dict(u) for u in doc["units"]]
        i = next(n for n, u in enumerate(units) if u["code"] == "straxen")
        units[i]["phone"] = "43 57 75 99"
        services.plan_draft_edit_section(
            actor=coordinator,
            plan=draft,
            section="kontakter",
            values={("units",): units},
            version=editor.section_version(doc, section),
        )
        response = client.post(url, {**values, **hidden, "confirmed": "on"})
        tampered = client.post(url, {**values, **hidden, "compared_draft": "", "confirmed": "on"})
    assert response.status_code == 200 and tampered.status_code == 200
    assert "ændret, efter du så ændringerne" in response.content.decode()
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.DRAFT
