"""No value a user can type may crash a submission (issue 12, findings 1 and 2): a CPR number
with a future birth date is refused next to the field, identifiers typed with other scripts'
digits or pasted dashes are the same identifier, a routing failure still saves the report (to
the plan's fallback, flagged for a person to check), and arbitrary text in every field of the
public and the staff form gives no 5xx and at most one report per submission."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from beredskab.core.roles import Role
from beredskab.intake.models import Report

from .test_views import _post_data

NOV_30 = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
pytestmark = pytest.mark.usefixtures("ishoj_plan", "org")


@pytest.fixture(autouse=True)
def _november_30():
    with time_machine.travel(NOV_30, tick=False):
        yield


@pytest.mark.parametrize("cpr", ["011226-4000", "010130-4000"])
def test_a_cpr_number_with_a_future_birth_date_is_refused_next_to_the_field(client, cpr):
    response = client.post("/underretning/ny/", _post_data(subject_cpr=cpr))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_subject_cpr_error"' in page and "ligger i fremtiden" in page
    assert "Hun må ikke deltage i lejrskolen." in page  # nothing typed is lost
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "typed", ["٠١٠١٩٠-١٠٠٩", "０１０１９０－１００９", "010190\u20131009", "010190\u20141009", "010190\u22121009"]
)
def test_identifiers_from_other_keyboards_are_the_same_identifier(client, typed):
    plain = client.post("/underretning/ny/", _post_data(subject_cpr="010190-1009"))
    assert plain.status_code == 302
    other = client.post("/underretning/ny/", _post_data(subject_cpr=typed, subject_postcode="٢٦٣٥"))
    assert other.status_code == 302, other.content.decode()[:2000]
    first, second = Report.objects.order_by("pk")
    assert second.subject_cpr == "010190-1009" and second.subject_cpr_index == first.subject_cpr_index
    assert second.subject_postcode == "2635"


def test_a_routing_failure_still_saves_the_report_for_a_person_to_check(client, monkeypatch):
    from beredskab.intake import services

    real_route = services.route

    def failing_for_known_ages(plan, *, age, **kwargs):
        if age is not None:
            raise ValueError("routing broke")
        return real_route(plan, age=age, **kwargs)

    monkeypatch.setattr(services, "route", failing_for_known_ages)
    response = client.post("/underretning/ny/", _post_data())
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.routed_by_fallback and report.receiving_unit.code == "straxen"
    assert "til kontrol" in report.routing_reason


# --- arbitrary text in every field ---------------------------------------------------------------

TEXT_FIELDS = [
    "reporter_name",
    "reporter_organisation",
    "reporter_role",
    "reporter_phone",
    "reporter_email",
    "subject_name",
    "subject_cpr",
    "subject_birth_date",
    "subject_approximate_age",
    "subject_address",
    "subject_postcode",
    "subject_institution",
    "subject_languages",
    "other_children",
    "narrative",
    "reporter_kind",
    "subject_knows",
    "family_knows",
    "is_acute",
]
anything = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "0", "-1", "999", "31-02-2026", "2026-13-01", "0001-01-01", "011226-4000", "\x00"]),
    st.text(alphabet=st.characters(categories=["Nd", "Pd", "Cf", "Zs"]), max_size=14),
)


def _submit_arbitrary(client, url, values) -> tuple[int, int]:
    data = _post_data(**{k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in values.items()})
    before = Report.objects.count()
    response = client.post(url, data)
    return response.status_code, Report.objects.count() - before


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(values=st.fixed_dictionaries({}, optional=dict.fromkeys(TEXT_FIELDS, anything)))
def test_the_public_form_never_gives_a_5xx_and_saves_at_most_one_report(client, settings, values):
    settings.INTAKE_INVALID_POSTS_PER_HOUR = settings.INTAKE_REPORTS_PER_HOUR = 100_000
    status, saved = _submit_arbitrary(client, "/underretning/ny/", values)
    assert status < 500, values
    assert saved == (1 if status == 302 else 0), (status, values)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(values=st.fixed_dictionaries({}, optional=dict.fromkeys(TEXT_FIELDS, anything)))
def test_the_staff_form_never_gives_a_5xx_and_saves_at_most_one_report(client, make_user, values):
    client.force_login(_staff(make_user))
    status, saved = _submit_arbitrary(client, "/underretning/registrer/", values)
    assert status < 500, values
    assert saved == (1 if status == 302 else 0), (status, values)


_staff_users: dict = {}


def _staff(make_user):
    """One staff user per test (hypothesis runs every example inside the same test database)."""
    user = _staff_users.get("user")
    if user is None or not type(user).objects.filter(pk=user.pk).exists():
        user = make_user(Role.CHILD_CASEWORKER, "straxen", email=f"staff-{uuid.uuid4().hex}@test.example")
        _staff_users["user"] = user
    return user
