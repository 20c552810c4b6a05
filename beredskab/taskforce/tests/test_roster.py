"""The roster: kept by the coordinator or the unit's leader through pages, every change
audited; staff outside the taskforce cannot see it."""

import datetime

import pytest

from beredskab.audit.models import AuditEvent
from beredskab.core.dates import today
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Role
from beredskab.taskforce import services
from beredskab.taskforce.errors import TaskforceError
from beredskab.taskforce.models import Absence, RosterMember

pytestmark = pytest.mark.django_db
ROSTER_URL = "/taskforce/taskforce-voksne/vagtplan/"


def test_every_roster_change_is_audited(unit, tf1, leader):
    member = services.member_add(actor=leader, unit=unit, user=tf1, role="key")
    services.member_change_role(actor=leader, member=member, role="backup")
    absence = services.absence_add(
        actor=leader, member=member, kind="sickness", starts_on=today(), ends_on=today() + datetime.timedelta(days=2)
    )
    services.absence_remove(actor=leader, absence=absence)
    services.member_remove(actor=leader, member=member)
    actions = list(
        AuditEvent.objects.filter(action__startswith="taskforce.").order_by("seq").values_list("action", flat=True)
    )
    assert actions == [
        "taskforce.member_added",
        "taskforce.member_changed",
        "taskforce.absence_added",
        "taskforce.absence_removed",
        "taskforce.member_removed",
    ]
    assert all(e.actor_id == leader.pk for e in AuditEvent.objects.filter(action__startswith="taskforce."))


def test_who_may_keep_the_roster(unit, tf1, tf2, coordinator, make_user):
    services.member_add(actor=coordinator, unit=unit, user=tf1, role="key")
    with pytest.raises(PolicyDenied):
        services.member_add(actor=tf1, unit=unit, user=tf2, role="key")  # a key employee does not
    other_leader = make_user(Role.UNIT_LEADER, "straxen")
    with pytest.raises(PolicyDenied):
        services.member_add(actor=other_leader, unit=unit, user=tf2, role="key")
    outsider = make_user(Role.CHILD_CASEWORKER, "straxen")
    with pytest.raises(TaskforceError):  # only the unit's own staff go on its roster
        services.member_add(actor=coordinator, unit=unit, user=outsider, role="key")
    with pytest.raises(TaskforceError):
        services.member_add(actor=coordinator, unit=unit, user=tf1, role="backup")  # already on it


def test_absences_are_checked(roster, coordinator):
    member = roster["tf1"]
    start = today()
    services.absence_add(actor=coordinator, member=member, kind="holiday", starts_on=start, ends_on=start)
    with pytest.raises(TaskforceError):  # overlaps (a form sent twice registers it once)
        services.absence_add(actor=coordinator, member=member, kind="holiday", starts_on=start, ends_on=start)
    with pytest.raises(TaskforceError):
        services.absence_add(
            actor=coordinator,
            member=member,
            kind="course",
            starts_on=start + datetime.timedelta(days=5),
            ends_on=start + datetime.timedelta(days=4),
        )


def test_the_leader_keeps_the_roster_through_the_pages(client, unit, tf1, tf2, leader):
    client.force_login(leader)
    assert client.get(ROSTER_URL).status_code == 200
    response = client.post(ROSTER_URL + "tilfoej/", {"user": tf1.pk, "role": "key"})
    assert response.status_code == 302
    member = RosterMember.objects.get(user=tf1)
    bad = client.post(ROSTER_URL + "fravaer/", {"member": member.pk, "kind": "holiday", "starts_on": "", "ends_on": ""})
    assert bad.status_code == 400 and "Fra og med" in bad.content.decode()
    start = today().isoformat()
    end = (today() + datetime.timedelta(days=4)).isoformat()
    data = {"member": member.pk, "kind": "holiday", "starts_on": start, "ends_on": end}
    assert client.post(ROSTER_URL + "fravaer/", data).status_code == 302
    again = client.post(ROSTER_URL + "fravaer/", data)
    assert again.status_code == 409 and Absence.objects.count() == 1
    page = client.get(ROSTER_URL).content.decode()
    assert "Tariq Taskforce" in page and "Ferie" in page
    edit = f"{ROSTER_URL}medlem/{member.pk}/"
    assert client.post(edit, {"role": "backup"}).status_code == 302
    assert RosterMember.objects.get(pk=member.pk).role == "backup"
    absence = Absence.objects.get()
    assert client.post(f"{ROSTER_URL}fravaer/{absence.pk}/slet/").status_code == 302
    assert client.post(edit, {"remove": "1"}).status_code == 302
    assert not RosterMember.objects.exists()


def test_outside_the_taskforce_the_roster_is_not_found(client, roster, make_user, tf1, coordinator):
    for role, unit_code in [
        (Role.CHILD_CASEWORKER, "straxen"),
        (Role.UNIT_LEADER, "straxen"),
        (Role.FRONTLINE, "skole-demo"),
        (Role.AUDITOR, None),
    ]:
        client.force_login(make_user(role, unit_code))
        for url in [ROSTER_URL, "/taskforce/taskforce-voksne/overblik/", ROSTER_URL + "tilfoej/"]:
            assert client.get(url).status_code == 404, (role, url)
    client.force_login(tf1)
    assert client.get(ROSTER_URL).status_code == 200
    assert client.get(ROSTER_URL + "tilfoej/").status_code == 403  # sees it, does not keep it
    client.force_login(coordinator)
    assert client.get(ROSTER_URL + "tilfoej/").status_code == 200
    assert client.get("/taskforce/taskforce-voksne/overblik/").status_code == 403  # no inquiries for her


def test_the_overview(client, roster, tf1, away, adult_report):
    away(roster["tf2"])
    report = adult_report()
    client.force_login(tf1)
    page = client.get("/taskforce/taskforce-voksne/overblik/").content.decode()
    assert report.reference in page
    assert "Tine Taskforce" in page  # her absence this week
    assert "Handlingsplaner til opfølgning" in page
    assert AuditEvent.objects.filter(action="taskforce.overview_viewed", actor_id=tf1.pk).exists()


def test_the_demo_roster_loads_once(plan):
    from beredskab.accounts.demo import load_demo_organisation_and_users
    from beredskab.taskforce.demo import load_demo_roster

    load_demo_organisation_and_users()
    assert load_demo_roster() == 4
    assert load_demo_roster() == 0
    assert sorted(RosterMember.objects.values_list("user__email", "role")) == [
        ("bagvagt@demo.example", "backup"),
        ("taskforce2@demo.example", "key"),
        ("taskforce@demo.example", "key"),
    ]
    assert Absence.objects.get().member.user.email == "taskforce2@demo.example"


@pytest.mark.parametrize("page", ["tilfoej/", "fravaer/", "medlem/"])
def test_every_roster_form_carries_a_one_time_token(client, roster, leader, page):
    """Each roster form page (`_form_page`) offers a fresh one-time token on every showing."""
    client.force_login(leader)
    url = ROSTER_URL + (f"medlem/{roster['tf1'].pk}/" if page == "medlem/" else page)
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200
    token = first.context["form"].initial.get("submission_token")
    assert token and token != second.context["form"].initial.get("submission_token")
    assert 'name="submission_token"' in first.content.decode()


def test_a_roster_form_sent_twice_changes_the_roster_once(client, roster, leader):
    """The same absence posted twice with one token: the second post goes back to the roster
    (not a 409 refusal, and no second record), and its change of role is made once."""
    client.force_login(leader)
    member = roster["tf1"]
    token = client.get(ROSTER_URL + "fravaer/").context["form"].initial["submission_token"]
    start = today().isoformat()
    data = {"member": member.pk, "kind": "course", "starts_on": start, "ends_on": start, "submission_token": token}
    assert client.post(ROSTER_URL + "fravaer/", data).status_code == 302
    again = client.post(ROSTER_URL + "fravaer/", data)
    assert again.status_code == 302 and again["Location"] == ROSTER_URL
    assert Absence.objects.filter(member=member).count() == 1
    edit = f"{ROSTER_URL}medlem/{member.pk}/"
    token = client.get(edit).context["form"].initial["submission_token"]
    assert client.post(edit, {"role": "backup", "submission_token": token}).status_code == 302
    assert client.post(edit, {"role": "backup", "submission_token": token}).status_code == 302
    assert AuditEvent.objects.filter(action="taskforce.member_changed").count() == 1
