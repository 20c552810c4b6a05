"""Access follows current roles (issue 11, findings 9 and 10): an owner who leaves the unit loses
the case at once and the unit's leaders see it as without a case worker; on a protected case,
work goes only to the people named on it."""

import datetime

import pytest
from django.urls import reverse

from beredskab.accounts import services as accounts_services
from beredskab.accounts.models import RoleAssignment, Unit
from beredskab.audit.models import AuditEvent
from beredskab.cases import services
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Task
from beredskab.cases.policies import case_policy
from beredskab.cases.protection import case_protect, case_protection_members_set
from beredskab.cases.selectors import unowned_cases, visible_cases
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Role

from .factories import open_case, refresh


def test_an_owner_who_moves_to_another_unit_loses_the_case_at_once(client, plan, worker, leader, other_worker):
    case = open_case(worker)
    services.journal_entry_add(actor=worker, case=case, kind="note", occurred_on=datetime.date.today(), body="x")
    # The worker moves: a case role in another children's unit, the old one revoked.
    accounts_services.role_assign(
        actor=None, user=worker, role=Role.CHILD_CASEWORKER, unit=Unit.objects.get(code="familieraadgivning")
    )
    accounts_services.role_revoke(actor=None, assignment=RoleAssignment.objects.get(user=worker, unit__code="straxen"))
    worker = type(worker).objects.get(pk=worker.pk)
    assert not visible_cases(user=worker).filter(pk=case.pk).exists()
    assert not case_policy.can(worker, "view", case)
    client.force_login(worker)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 404
    with pytest.raises(PolicyDenied):
        services.journal_entry_add(
            actor=worker, case=refresh(case), kind="note", occurred_on=datetime.date.today(), body="y"
        )
    # The unit's leader sees it among the cases to give to someone.
    assert case in unowned_cases(user=leader)
    client.force_login(leader)
    assert case.reference in client.get(reverse("cases:queue")).content.decode()


def test_a_task_on_a_protected_case_goes_only_to_someone_named_on_it(plan, worker, worker2, leader):
    case = open_case(worker)
    task = services.task_add(
        actor=worker, case=case, title="Ring til skolen", due_on=datetime.date(2030, 1, 1), owner=worker2
    )
    case = case_protect(actor=leader, case=case, reason="Familien har en slægtning i forvaltningen.", members=[worker])
    # worker2 is not named: their open task goes to the protecting leader, audited.
    assert refresh(task).owner == leader
    assert AuditEvent.objects.filter(action="cases.task_reassigned", target_id=str(task.pk)).exists()
    with pytest.raises(CaseError, match="beskyttet"):
        services.task_add(
            actor=worker, case=refresh(case), title="Møde", due_on=datetime.date(2030, 1, 2), owner=worker2
        )
    with pytest.raises(CaseError, match="beskyttet"):
        services.case_assign(actor=leader, case=refresh(case), owner=worker2)
    services.task_add(actor=worker, case=refresh(case), title="Møde", due_on=datetime.date(2030, 1, 2), owner=worker)
    # Taking a named person off the list takes their open tasks back too.
    case_protection_members_set(actor=leader, case=refresh(case), members=[])
    assert set(Task.objects.filter(case=case, status="open").values_list("owner_id", flat=True)) == {leader.pk}
