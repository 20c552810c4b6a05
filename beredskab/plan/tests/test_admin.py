"""Admin: drafts are editable (every save audited with its differences), adopted and archived
versions are read-only."""

import pytest
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.core.roles import Role
from beredskab.plan import services


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(Role.SYSADMIN, is_staff=True, is_superuser=True))
    return client


def form_data(response) -> dict:
    """The POST data of an admin change form as it was shown (main form and every inline)."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[bound.html_name] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def test_adopted_plan_is_read_only(admin_client, ishoj_plan):
    url = reverse("admin:plan_plan_change", args=[ishoj_plan.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.text
    assert admin_client.post(url, {"title": "Ændret"}).status_code == 403
    unit = ishoj_plan.units.get(code="straxen")
    assert admin_client.post(reverse("admin:plan_contactunit_change", args=[unit.pk]), {}).status_code == 403
    ishoj_plan.refresh_from_db()
    assert ishoj_plan.title != "Ændret"


def test_plans_cannot_be_added_or_deleted_in_the_admin(admin_client, ishoj_plan):
    assert admin_client.get(reverse("admin:plan_plan_add")).status_code == 403
    assert admin_client.get(reverse("admin:plan_plan_delete", args=[ishoj_plan.pk])).status_code == 403


def test_editing_a_draft_is_audited_with_the_differences(admin_client, ishoj_plan):
    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_plan, version_label="2028")
    unit = draft.units.get(code="straxen")
    url = reverse("admin:plan_contactunit_change", args=[unit.pk])
    response = admin_client.get(url)
    assert response.status_code == 200 and 'name="_save"' in response.text
    # Only this draft's centres are offered.
    centre_choices = response.context["adminform"].form.fields["centre"].queryset
    assert set(centre_choices.values_list("plan_id", flat=True)) == {draft.pk}

    data = form_data(response)
    data["phone"] = "43 57 75 79"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    event = AuditEvent.objects.get(action="plan.draft_edited", target_id=str(draft.pk))
    assert event.new_values["changes"] == ['units[straxen].phone: "43 57 75 78" → "43 57 75 79"']


def test_plan_change_page_shows_the_check(admin_client, ishoj_plan):
    response = admin_client.get(reverse("admin:plan_plan_change", args=[ishoj_plan.pk]))
    assert "units[0].hours: not confirmed" in response.text
