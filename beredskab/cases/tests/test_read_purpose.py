"""The reader chooses the purpose of a look-up from a short list; it is what the audit log
(and so the citizen's access log) records."""

import pytest
from django.urls import reverse

from beredskab.audit.models import AuditEvent


def _last_read(user):
    return AuditEvent.objects.filter(action="cases.case_viewed", actor_id=user.pk).latest("seq")


def test_the_chosen_purpose_is_logged(client, leader, case):
    client.force_login(leader)
    response = client.get(reverse("cases:detail", args=[case.reference]), {"formaal": "supervision"})
    assert response.status_code == 200
    assert _last_read(leader).purpose == "supervision"
    assert 'value="supervision" selected' in response.content.decode()


@pytest.mark.parametrize("value", ["", "emergency", "<script>", "administration"])
def test_unknown_or_reserved_purposes_fall_back_to_case_work(client, worker, case, value):
    client.force_login(worker)
    response = client.get(reverse("cases:detail", args=[case.reference]), {"formaal": value})
    assert response.status_code == 200
    assert _last_read(worker).purpose == "case_work"


def test_the_purpose_form_is_on_the_case_page(client, worker, case):
    client.force_login(worker)
    body = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Formål med opslaget" in body and 'name="formaal"' in body
