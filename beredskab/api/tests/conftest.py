import pytest
from django.test import Client

from beredskab.core.roles import Role


@pytest.fixture
def plan(ishoj_plan, org):
    """Ishøj's plan in force, with the organisation's units it routes to."""
    return ishoj_plan


@pytest.fixture
def worker(make_user):
    return make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Sara Sagsbehandler")


@pytest.fixture
def leader(make_user):
    return make_user(Role.UNIT_LEADER, "straxen", full_name="Lene Leder")


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.SYSADMIN, email="admin@test.example", is_staff=True, is_superuser=True)


@pytest.fixture
def make_token(admin_user, make_user):
    """make_token(*scopes, user=None, days=90) -> (token row, secret). Without a user: an
    integration account with no role (as for a website that only submits reports)."""
    from beredskab.api.tokens import token_create

    made = iter(range(1, 1000))

    def factory(*scopes, user=None, days=90):
        account = user or make_user(email=f"integration-{next(made)}@test.example")
        return token_create(actor=admin_user, name="Testintegration", user=account, scopes=list(scopes), days=days)

    return factory


@pytest.fixture
def bearer():
    """bearer(secret) -> a client that sends the token, as an integration does."""

    def factory(secret: str) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return factory


def valid_report(**overrides) -> dict:
    """A report as a municipality's website sends it (synthetic)."""
    values = {
        "reporter_kind": "professional",
        "reporter_name": "Lærer Lis (syntetisk)",
        "reporter_organisation": "Demoskolen",
        "reporter_role": "Lærer",
        "reporter_phone": "12345678",
        "subject_name": "Amira Testesen",
        "subject_cpr": "150611-4233",
        "subject_postcode": "2635",
        "narrative": "Hun må ikke deltage i lejrskolen og bliver hentet af sin bror.",
    }
    values.update(overrides)
    return values
