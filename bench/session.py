"""Run by bench/load.py through `manage.py shell`: signs in a case worker of the benchmark
case's unit and a leader of that unit (each with a confirmed second factor, as production
requires) and prints "<case worker's session> <case reference> <action-card path> <API token>
<leader's session>" (the API token reads cases as that case worker; the leader sees the goals
dashboard). Synthetic data only."""

import re

from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from beredskab.accounts.models import RoleAssignment
from beredskab.api.models import Scope
from beredskab.api.tokens import token_create
from beredskab.cases.models import Case, JournalEntry
from beredskab.core.roles import Role
from beredskab.guide.urls import urlpatterns  # noqa: F401  (the guide is loaded)


def signed_in(user, page: str) -> tuple[Client, str]:
    """A client signed in as `user` with a confirmed second factor, and its session key;
    `page` must answer 200 (not the login page)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    status = client.get(page).status_code
    assert status == 200, f"the benchmark user is not signed in for {page} (status {status})"
    return client, session.session_key


case = max(
    (c for c in Case.objects.filter(status__in=["in_progress"]).order_by("-pk")[:50]),
    key=lambda c: JournalEntry.objects.filter(case=c).count(),
)
client, worker_session = signed_in(case.owner, "/sager/")
card = client.get("/guide/action-cards/").content.decode()
pdf = re.search(r'href="(/guide/action-cards/[^"]+\.pdf)"', card)
leader = RoleAssignment.objects.filter(unit=case.unit, role=Role.UNIT_LEADER, user__is_active=True).first().user
_client, leader_session = signed_in(leader, "/maal/")
_token, api_token = token_create(actor=None, name="Benchmark", user=case.owner, scopes=[Scope.READ_CASES], days=1)
print(worker_session, case.reference, pdf.group(1) if pdf else "", api_token, leader_session)
