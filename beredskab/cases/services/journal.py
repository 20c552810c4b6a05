"""The journal and the tasks of a case. An entry or a task that involves the family or network
names them and passes the risk gate."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.accounts.models import User
from beredskab.audit.purposes import Purpose
from beredskab.cases.risk.gate import Involves, gate_decision, gated, require_gate
from beredskab.cases.risk.mentions import MentionsAnswer, check_mentions
from beredskab.core import dates

from .. import audit_actions, security_notices
from ..case_events import audit_case_event, lock_case
from ..errors import CaseError
from ..models import CONTACT_JOURNAL_KINDS, Case, JournalEntry, JournalKind, Task, TaskStatus
from ..policies import case_policy
from .checks import check_case_worker, check_date, gate_people, who_took_part


@gated(Involves.PEOPLE)
@transaction.atomic
def journal_entry_add(
    *,
    actor,
    case: Case,
    kind: str,
    occurred_on: datetime.date,
    body: str,
    corrects: JournalEntry | None = None,
    participants=(),
    no_family: bool = False,
    mentions_confirmed: MentionsAnswer = False,
) -> JournalEntry:
    """Append an entry. A correction is a new entry pointing to the one it corrects.

    An entry that records a contact (phone call, meeting, correspondence) names who from the
    family or network took part (`participants`) or says nobody did (`no_family`); entries with
    participants pass the risk gate, and names of family members in the text are asked about."""
    case = lock_case(case)
    case_policy.require(actor, "write_journal", case)
    if corrects is not None and corrects.case_id != case.pk:
        raise CaseError(_("Rettelsen skal høre til samme sag."))
    if kind not in JournalKind.values:
        raise CaseError(_("Vælg notatets type."))
    check_date(occurred_on, dates.PAST_EVENT)
    participants = gate_people(case, participants)
    family_initiated = kind == JournalKind.FAMILY_INITIATED
    if family_initiated and (not participants or no_family):
        raise CaseError(_("Vælg, hvem fra familie eller netværk der henvendte sig."))
    who_took_part(
        kind_needs_answer=kind in CONTACT_JOURNAL_KINDS,
        people=participants,
        no_family=no_family,
        question=_("Angiv, hvem fra familie og netværk der deltog, eller at ingen fra familie eller netværk deltog."),
    )
    if family_initiated:
        # What happened is recorded as it happened; it decides nothing and opens nothing.
        gate = None
        gate_closed = not gate_decision(case).allowed
    else:
        gate = require_gate(case, what=_("Et journalnotat om kontakt med familie eller netværk"), people=participants)
        gate_closed = False
    mentions = check_mentions(case, [body], named=participants, confirmed=mentions_confirmed, writer=actor)
    number = (case.journal.aggregate(n=Max("number"))["n"] or 0) + 1
    if case_policy.is_team(actor, case):
        author_unit_id = case.unit_id
    else:
        author_unit_id = min(case_policy.shared_unit_ids(actor, case), default=None)
    entry = JournalEntry.objects.create(
        case=case,
        number=number,
        kind=kind,
        occurred_on=occurred_on,
        body=body,
        created_at=timezone.now(),
        author=actor,
        author_unit_id=author_unit_id,
        corrects=corrects,
    )
    entry.participants.set(participants)
    purpose = Purpose.CASE_WORK if case_policy.is_team(actor, case) else Purpose.COLLABORATION
    audit_case_event(
        actor,
        audit_actions.JOURNAL_ENTRY_ADDED,
        case,
        target=entry,
        new={
            "number": number,
            "kind": kind,
            "corrects": corrects.number if corrects else None,
            "participants": [p.pk for p in participants],
            "gate": gate.audit_values() if gate else None,
            "mentions_confirmed": bool(mentions),
            "family_initiated_while_closed": gate_closed,
        },
        purpose=purpose,
    )
    if gate_closed:
        security_notices.notify_on_commit(security_notices.FAMILY_CONTACT, case.pk)
    return entry


@gated(Involves.PEOPLE)
@transaction.atomic
def task_add(
    *,
    actor,
    case: Case,
    title: str,
    due_on: datetime.date,
    owner: User,
    details: str = "",
    people=(),
    mentions_confirmed: MentionsAnswer = False,
) -> Task:
    """A task with a due date for a worker of the case's unit. A task that is a contact with
    the family or network names them (`people`) and passes the risk gate when it is made and
    again when it is done."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    check_case_worker(owner, case.unit_id, case)
    check_date(due_on, dates.TASK_DUE)
    people = gate_people(case, people)
    gate = require_gate(case, what=_("En opgave om kontakt med familie eller netværk"), people=people, planned=True)
    mentions = check_mentions(case, [title, details], named=people, confirmed=mentions_confirmed)
    task = Task.objects.create(
        case=case,
        title=title,
        details=details,
        due_on=due_on,
        owner=owner,
        created_at=timezone.now(),
        created_by=actor,
    )
    task.people.set(people)
    audit_case_event(
        actor,
        audit_actions.TASK_ADDED,
        case,
        target=task,
        new={
            "due_on": due_on,
            "owner_id": owner.pk,
            "people": [p.pk for p in people],
            "gate": gate.audit_values() if gate else None,
            "mentions_confirmed": bool(mentions),
        },
    )
    return task


@gated(Involves.PEOPLE)
@transaction.atomic
def task_close(*, actor, task: Task, status: str = TaskStatus.DONE) -> Task:
    case = lock_case(task.case)
    case_policy.require(actor, "work", case)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status != TaskStatus.OPEN:
        raise CaseError(_("Opgaven er allerede afsluttet."))
    if status not in (TaskStatus.DONE, TaskStatus.CANCELLED):
        raise CaseError(_("Ukendt status."))
    if status == TaskStatus.DONE:
        require_gate(
            case, what=_("En opgave om kontakt med familie eller netværk"), people=task.people.all(), planned=True
        )
    task.status = status
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.save(update_fields=["status", "completed_at", "completed_by"])
    audit_case_event(
        actor, audit_actions.TASK_CLOSED, case, target=task, old={"status": TaskStatus.OPEN}, new={"status": status}
    )
    return task
