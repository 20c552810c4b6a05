"""Who must log in with a second factor follows from what a role can reach, never from a
hand-kept list of roles (issue 12, item 13a: the plan coordinator, who changes what the public
is told, logged in without one).

Two independent views of "what a role can reach" are checked against `two_factor_required`:
- the capabilities: every capability says what it reaches (personal data, what the public is
  told, who may do what), and every role is described;
- the pages: the authorization matrix (tests/test_authorization_matrix.py) lists every URL
  pattern and which roles get in. A role that gets into any page beyond the public ones and
  the user's own account must need the second factor, and without a verified code it is sent
  to the code pages from every one of them.
"""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from beredskab.accounts.twofactor import two_factor_required
from beredskab.core.roles import (
    ALL_REACH,
    CAPABILITY_REACH,
    ROLE_CAPABILITIES,
    TWO_FACTOR_ROLES,
    Capability,
    Role,
    role_needs_second_factor,
    role_reach,
)

from .authorization_rows import LOGGED_IN, MATRIX, POSTS, PUBLIC
from .conftest import ROLE_USERS
from .test_authorization_matrix import expected, matrix_world, requests_for

__all__ = ["matrix_world"]  # the matrix's world fixture, used here too

SECOND_STEP = "/konto/to-faktor/"


def test_every_capability_says_what_it_reaches():
    assert set(CAPABILITY_REACH) == set(Capability.values), "add the new capability to CAPABILITY_REACH"
    for capability, reach in CAPABILITY_REACH.items():
        assert reach <= ALL_REACH, capability


def test_every_role_is_described_and_tried_on_every_page():
    assert set(ROLE_CAPABILITIES) == set(Role.values)
    # The page check below runs for the roles of the matrix's world: every role must be there.
    assert {role for role, _unit in ROLE_USERS.values()} == set(Role.values)


def test_a_role_or_capability_nobody_described_needs_the_second_factor(monkeypatch):
    assert role_needs_second_factor("a_role_added_later")
    monkeypatch.setitem(ROLE_CAPABILITIES, Role.FRONTLINE, frozenset({"newapp.new_capability"}))
    assert role_needs_second_factor(Role.FRONTLINE)


@pytest.mark.parametrize("role", sorted(Role.values))
def test_roles_that_reach_personal_data_or_public_content_need_the_second_factor(role):
    assert role_needs_second_factor(role) is bool(role_reach(role))
    assert (role in TWO_FACTOR_ROLES) is bool(role_reach(role))


def test_the_plan_coordinator_needs_the_second_factor():
    assert role_needs_second_factor(Role.PLAN_COORDINATOR)


def _pages_beyond_own_account(name_in_matrix: str) -> list[str]:
    """URL names the matrix role gets into, other than the public pages and the own account."""
    return [
        name
        for name, spec in MATRIX.items()
        if spec not in (PUBLIC, LOGGED_IN)
        and any(expected(name, name_in_matrix, kind) == "A" for kind in (None, "own", "shared", "protected"))
    ]


@pytest.mark.parametrize("name_in_matrix", sorted(ROLE_USERS))
def test_every_page_beyond_the_own_account_asks_for_the_second_factor(
    db, matrix_world, password_only_login, name_in_matrix
):
    world = matrix_world
    user = type(world["users"][name_in_matrix]).objects.get(pk=world["users"][name_in_matrix].pk)
    pages = _pages_beyond_own_account(name_in_matrix)
    role = ROLE_USERS[name_in_matrix][0]
    if not pages and not role_reach(role):
        assert not two_factor_required(user)  # frontline staff: the public pages and their own account
        return
    assert two_factor_required(user), f"{role} reaches {pages or sorted(role_reach(role))} without a second factor"

    # Logged in with the password only, no device yet: every such page sends the user on to
    # set one up; none answers.
    TOTPDevice.objects.filter(user=user).delete()
    client = password_only_login(Client(), user)
    wrong = []
    for name in pages:
        for _kind, url in requests_for(world, name):
            response = client.post(url, POSTS[name]) if name in POSTS else client.get(url)
            if name.startswith("api:"):  # the API answers in its error shape instead of redirecting
                if response.status_code != 401 or response.json()["error"]["code"] != "two_factor_required":
                    wrong.append(f"{url}: {response.status_code}")
                continue
            if response.status_code != 302 or not response["Location"].startswith(SECOND_STEP):
                wrong.append(f"{url}: {response.status_code} {response.get('Location', '')}")
    assert not wrong, f"{role} without a second factor:\n" + "\n".join(wrong)
