"""Run by bench/load.py through `manage.py shell`: signs in a case worker of the benchmark
case's unit (with a confirmed second factor, as production requires) and prints
"<session cookie> <case reference> <action-card path> <API token>" (the API token reads cases as
that case worker). Synthetic data only."""

from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from beredskab.cases.models import Case, JournalEntry
from beredskab.guide.urls import urlpatterns  # noqa: F401  (the guide is loaded)

case = max(
    (c for c in Case.objects.filter(status__in=["in_progress"]).order_by("-pk")[:50]),
    key=lambda c: JournalEntry.objects.filter(case=c).count(),
)
user = case.owner
device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
client = Client()
client.force_login(user)
session = client.session
session["otp_device_id"] = device.persistent_id
session.save()
client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
status = client.get("/sager/").status_code
assert status == 200, f"the benchmark user is not signed in (status {status})"
card = client.get("/guide/action-cards/").content.decode()
import re  # noqa: E402

pdf = re.search(r'href="(/guide/action-cards/[^"]+\.pdf)"', card)

from beredskab.api.models import Scope  # noqa: E402
from beredskab.api.tokens import token_create  # noqa: E402

_token, api_token = token_create(actor=None, name="Benchmark", user=user, scopes=[Scope.READ_CASES], days=1)
print(session.session_key, case.reference, pdf.group(1) if pdf else "", api_token)
