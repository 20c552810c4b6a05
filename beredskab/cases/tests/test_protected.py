"""Protected cases: only the named people and the protecting leader see the case, on every
path; every other attempt is "not found" and alerts the unit's leaders without personal data."""

import pytest
from django.core import mail
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases import audit_actions
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case
from beredskab.cases.protection import case_protect, case_protection_members_set, case_unprotect
from beredskab.cases.selectors import deadlines, my_cases, unit_cases, visible_cases
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Role
from beredskab.intake.models import Report
from beredskab.intake.policies import report_policy

from .factories import CHILD_CPR, refresh

pytestmark = pytest.mark.usefixtures("plan")


@pytest.fixture
def protected(case, leader, worker):
    from beredskab.accounts.models import Unit
    from beredskab.cases.services import case_share

    case_share(actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde")
    return case_protect(actor=leader, case=refresh(case), reason="Morbror arbejder i kommunen.", members=[worker])


def test_only_named_people_and_the_protector_see_it(protected, worker, worker2, leader, other_worker, make_user):
    other_lead = make_user(Role.UNIT_LEADER, "straxen")
    assert set(visible_cases(user=worker)) == {protected}
    assert set(visible_cases(user=leader)) == {protected}
    for user in (worker2, other_worker, other_lead):
        assert protected not in visible_cases(user=user)
        assert refresh(protected) not in my_cases(user=user) + unit_cases(user=user)
        assert all(c.case is None or c.case.pk != protected.pk for c in deadlines(user=user))


def test_decide_refuses_everything_to_unnamed(protected, worker2, leader):
    from beredskab.cases.policies import case_policy

    for action in ("view", "work", "lead", "write_journal", "reply", "share", "protect"):
        assert not case_policy.can(worker2, action, protected)
    assert case_policy.can(leader, "view", protected)


def test_reports_of_a_protected_case_are_hidden(protected, worker, worker2):
    report = Report.objects.get(case_link__case=protected)
    assert report in report_policy.visible(worker, Report.objects.all())
    assert report not in report_policy.visible(worker2, Report.objects.all())
    assert not report_policy.can(worker2, "view", report)


def test_unnamed_colleague_gets_404_and_leaders_are_alerted(
    client, protected, worker2, leader, django_capture_on_commit_callbacks
):
    client.force_login(worker2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("cases:detail", args=[protected.reference]))
    assert response.status_code == 404
    event = AuditEvent.objects.filter(action=audit_actions.PROTECTED_CASE_REFUSED.name).get()
    assert event.actor_id == worker2.pk and event.target_id == str(protected.pk)
    assert [m.to for m in mail.outbox] == [[leader.email]]
    message = mail.outbox[0]
    text = message.subject + message.body
    assert protected.reference in text
    for secret in ("Amira", "Testesen", CHILD_CPR, "150611", "Testvej", "Morbror", worker2.full_name, worker2.email):
        assert secret not in text
    # Every attempt is audited; the e-mail is not repeated within minutes.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("risk:start", args=[protected.reference])).status_code == 404
    assert AuditEvent.objects.filter(action=audit_actions.PROTECTED_CASE_REFUSED.name).count() == 2
    assert len(mail.outbox) == 1


def test_named_worker_reads_it(client, protected, worker):
    client.force_login(worker)
    response = client.get(reverse("cases:detail", args=[protected.reference]))
    assert response.status_code == 200
    assert "Beskyttet sag" in response.content.decode()
    assert not AuditEvent.objects.filter(action=audit_actions.PROTECTED_CASE_REFUSED.name).exists()


def test_not_in_admin_for_unnamed(client, protected, make_user):
    admin = make_user(Role.SYSADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(reverse("admin:cases_case_changelist"))
    assert protected.reference not in response.content.decode()


def test_only_a_leader_of_the_unit_protects(case, worker, other_leader):
    with pytest.raises(PolicyDenied):
        case_protect(actor=worker, case=case, reason="x", members=[])
    with pytest.raises(PolicyDenied):
        case_protect(actor=other_leader, case=case, reason="x", members=[])
    assert not refresh(case).protected


def test_members_must_hold_a_case_role_in_the_unit(case, leader, other_worker):
    with pytest.raises(CaseError):
        case_protect(actor=leader, case=case, reason="Slægtning i kommunen.", members=[other_worker])


def test_mark_change_unmark_are_audited(case, leader, worker, worker2):
    case = case_protect(actor=leader, case=case, reason="Slægtning i kommunen.", members=[worker])
    case_protection_members_set(actor=leader, case=case, members=[worker, worker2])
    assert refresh(case) in visible_cases(user=worker2)
    case_unprotect(actor=leader, case=case)
    actions = list(
        AuditEvent.objects.filter(target_type="cases.case", target_id=str(case.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == [
        audit_actions.CASE_PROTECTED.name,
        audit_actions.PROTECTION_MEMBERS_CHANGED.name,
        audit_actions.CASE_UNPROTECTED.name,
    ]
    changed = AuditEvent.objects.get(action=audit_actions.PROTECTION_MEMBERS_CHANGED.name)
    assert changed.old_values["members"] == [worker.pk]
    assert changed.new_values["members"] == sorted([worker.pk, worker2.pk])
    assert not Case.objects.get(pk=case.pk).protected
    assert "Slægtning" not in str(AuditEvent.objects.get(action=audit_actions.CASE_PROTECTED.name).new_values)


def test_protection_page(client, case, leader, worker, worker2):
    client.force_login(leader)
    url = reverse("cases:protection", args=[case.reference])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "", "members": [worker.pk]})
    assert response.status_code == 400
    assert "Dette felt er påkrævet" in response.content.decode()
    response = client.post(url, {"reason": "Slægtning i kommunen.", "members": [worker.pk]})
    assert response.status_code == 302
    assert refresh(case).protected
    client.force_login(worker2)
    assert client.get(url).status_code == 404
    client.force_login(worker)
    assert client.get(url).status_code == 403  # named, but not a leader
    client.force_login(leader)
    assert client.post(reverse("cases:unprotect", args=[case.reference])).status_code == 302
    assert not refresh(case).protected


def test_the_earlier_reports_box_does_not_count_a_protected_case_for_the_unnamed(client, worker, worker2, leader):
    """ "Der findes desuden 1 underretning eller sag om samme barn, som du ikke har adgang til"
    counted the child's protected case (and the reports held for it) for a colleague who was
    not named: the same disclosure as the concern radar's "findes — spørg <enhed>"."""
    from beredskab.cases.matching import matches_for_case
    from beredskab.cases.services import case_open

    from .factories import another_child, make_report

    child = another_child()
    older = case_open(actor=worker, reports=[make_report(**child)])
    own = case_open(
        actor=leader,
        reports=[make_report(**child)],
        owner=worker2,
        hold_release_reason="Ny sag efter aftale med lederen.",
    )
    assert matches_for_case(user=worker2, case=own).cases == [older]  # not protected: shown
    case_protect(actor=leader, case=older, reason="Morbror arbejder i kommunen.", members=[worker])
    make_report(**child)  # held for the protected case
    matches = matches_for_case(user=worker2, case=own)
    assert matches.cases == [] and matches.reports == [] and matches.hidden_count == 0
    client.force_login(worker2)
    page = client.get(reverse("cases:detail", args=[own.reference])).content.decode()
    assert "som du ikke har adgang til" not in page and older.reference not in page
    # The named worker still sees the other case and the held report's case.
    assert own in matches_for_case(user=worker, case=older).cases


def test_the_earlier_reports_box_does_not_count_a_restricted_case(client, worker, leader, other_worker):
    """Attack: the radar keeps a case whose child's details may not be disclosed outside its
    unit from other units altogether, but the earlier-reports box (the case page, the queue's
    report page) still said "Der findes desuden 1 ... som du ikke har adgang til" for it: the
    same child's restricted case disclosed to another unit by a count. One definition of the
    cases whose existence is kept from a reader (`policies.secret_case_ids`) now serves both."""
    from beredskab.accounts.models import Unit
    from beredskab.cases.matching import matches_for_case
    from beredskab.cases.services import case_open, restriction_add

    from .factories import another_child, make_report

    child = another_child()
    older = case_open(actor=worker, reports=[make_report(**child)])
    own = case_open(
        actor=leader,
        reports=[make_report(**child)],
        owner=worker,
        hold_release_reason="Ny sag efter aftale med lederen.",
    )
    # The child's new case went to the other unit (as a transfer would); its worker owns it.
    Case.objects.filter(pk=own.pk).update(unit=Unit.objects.get(code="familieraadgivning"), owner=other_worker)
    own = refresh(own)
    assert matches_for_case(user=other_worker, case=own).hidden_count == 1  # not restricted: "one you may not see"
    restriction_add(
        actor=worker, case=older, item=older, field_name="", audience="all_outside", reason="Familien må ikke vide det."
    )
    assert matches_for_case(user=other_worker, case=own).hidden_count == 0
    client.force_login(other_worker)
    page = client.get(reverse("cases:detail", args=[own.reference])).content.decode()
    assert "som du ikke har adgang til" not in page and older.reference not in page
    # The other way round nothing is restricted: the other unit's case is "one you may not see".
    assert matches_for_case(user=worker, case=older).hidden_count == 1


def test_a_report_held_for_a_case_restricted_elsewhere_goes_to_that_unit(client, worker, other_worker):
    """Attack: a new report about a child whose case in another unit may not be disclosed
    outside that unit was held for the case but stayed in the receiving unit's queue, where the
    list and the report's page said "Hører til sag K-…": the restricted case's existence and
    reference, which the radar and the earlier-reports box hide. Such a report goes to the
    case's unit, as one for a protected case does: when it arrives, and when the restriction
    comes after the report was held."""
    from beredskab.accounts.models import Unit
    from beredskab.cases.services import case_open, restriction_add

    from .factories import another_child, make_report

    elsewhere = Unit.objects.get(code="familieraadgivning")
    why = "Familien må ikke vide, hvor hun bor."

    def queue_pages(report) -> str:
        client.force_login(worker)
        queue = client.get(reverse("cases:queue")).content.decode()
        page = client.get(reverse("cases:queue_report", args=[report.reference]))
        return queue + (page.content.decode() if page.status_code == 200 else "")

    # Restricted before the report arrives.
    child = another_child()
    older = case_open(actor=worker, reports=[make_report(**child)])
    restriction_add(actor=worker, case=older, item=older, field_name="", audience="all_outside", reason=why)
    Case.objects.filter(pk=older.pk).update(unit=elsewhere)  # the child's case is the other unit's
    report = make_report(**child)
    assert refresh(report).receiving_unit == elsewhere
    assert older.reference not in queue_pages(report)
    assert report_policy.can(other_worker, "view", refresh(report))

    # Restricted after the report was held (held for a case another unit may know of).
    child = another_child()
    later = case_open(actor=worker, reports=[make_report(**child)])
    Case.objects.filter(pk=later.pk).update(unit=elsewhere)
    waiting = make_report(**child)
    assert refresh(waiting).receiving_unit.code == "straxen"
    assert later.reference not in queue_pages(waiting)  # exists, ask the unit: not its reference
    restriction_add(
        actor=other_worker, case=refresh(later), item=later, field_name="", audience="all_outside", reason=why
    )
    assert refresh(waiting).receiving_unit == elsewhere
    assert later.reference not in queue_pages(waiting)


def test_a_report_held_for_another_units_case_names_the_unit_to_ask_not_the_case(client, worker, other_worker):
    """Need-to-know (issue 19): a report held for the child's case in another unit (neither
    protected nor restricted, so the report stays where it arrived) was labelled "Hører til sag
    K-…" in the queue and on its page, for a reader who may not see that case. The label says
    that a case exists and which unit to ask, as the radar does, and nothing of the case; a
    reader who may see the case (its unit) is given the reference."""
    from beredskab.accounts.models import Unit
    from beredskab.cases.services import case_open

    from .factories import another_child, make_report

    elsewhere = Unit.objects.get(code="familieraadgivning")
    child = another_child()
    older = case_open(actor=worker, reports=[make_report(**child)])
    Case.objects.filter(pk=older.pk).update(unit=elsewhere, owner=other_worker)  # the other unit's case
    waiting = make_report(**child)
    assert refresh(waiting).receiving_unit.code == "straxen" and waiting.hold.case_id == older.pk
    client.force_login(worker)
    queue = client.get(reverse("cases:queue")).content.decode()
    page = client.get(reverse("cases:queue_report", args=[waiting.reference])).content.decode()
    assert waiting.reference in queue and 'id="held-notice"' in page
    for shown in (queue, page):
        assert older.reference not in shown and f"spørg {elsewhere.name}" in shown.replace("Spørg", "spørg")
    assert "Sagen er lukket" not in page
    from beredskab.cases.policies import report_held_for
    from beredskab.cases.selectors import queue_reports

    held = report_held_for(user=worker, report=waiting)
    assert (held.visible, held.reference, held.is_open, held.unit) == (False, "", None, elsewhere.name)
    assert [i.held for i in queue_reports(user=worker) if i.report.pk == waiting.pk] == [held]
    # The case's own unit may see it: the reference (the leader of the receiving unit decides).
    assert report_held_for(user=other_worker, report=waiting).reference == older.reference


def test_a_report_held_for_a_case_known_by_name_only_follows_it_when_protected(worker, other_worker, other_leader):
    """Attack: protecting a case whose child is known by name only (no CPR number, no birth
    date) returned before the held reports were sent to the case's unit: the report stayed in
    the receiving unit, hidden there from all but the named (held for a protected case), and
    the named people in the case's unit could not see it either: nobody could act on it."""
    from beredskab.accounts.models import Unit
    from beredskab.cases.services import case_open

    from .factories import make_report

    child = {"subject_cpr": "", "subject_name": "Leyla Kunnavn Syntetisk"}
    older = case_open(actor=worker, reports=[make_report(**child)])
    Case.objects.filter(pk=older.pk).update(unit=Unit.objects.get(code="familieraadgivning"))
    report = make_report(**child)  # held for the open case with exactly that name
    assert refresh(report).hold.case_id == older.pk and refresh(report).receiving_unit.code == "straxen"
    case_protect(actor=other_leader, case=refresh(older), reason="Morbror arbejder i kommunen.", members=[other_worker])
    assert refresh(report).receiving_unit.code == "familieraadgivning"
    assert report_policy.can(other_worker, "view", refresh(report))
