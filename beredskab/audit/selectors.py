"""Reads of the audit log. Each takes the acting user and refuses anyone without
Capability.AUDIT_VIEW; each read of the log is itself recorded in the log, with its purpose."""

import datetime
from collections import Counter
from dataclasses import asdict, dataclass

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Capability

from . import audit_actions
from .chain import ChainReport, verify_chain
from .checkpoints import read_checkpoints
from .models import AuditChainHead, AuditEvent, AuditEventPerson
from .people import PersonLookup
from .purposes import Purpose
from .registry import ActionKind, all_actions
from .services import audit_record

PER_PAGE = 50


def _require_auditor(user) -> None:
    if not (user.is_authenticated and user.is_active and user.has_capability(Capability.AUDIT_VIEW)):
        raise PolicyDenied(str(_("Kun revisorer og databeskyttelsesrådgivere har adgang til revisionsloggen.")))


def purpose_label(value: str) -> str:
    """The Danish label of a purpose. A value outside the list is never shown as typed (it could
    be free text): it is reported as 'another purpose'."""
    try:
        return str(Purpose(value).label)
    except ValueError:
        return str(_("Andet formål"))


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def events_about(refs) -> QuerySet:
    """The ids of the events about any of the person references `refs`: those recorded against
    one of them, and the list views that named one of them (`AuditEventPerson`). A UNION of two
    indexed look-ups, not an OR across two tables."""
    refs = sorted(refs)
    direct = AuditEvent.objects.filter(person_ref__in=refs).values("pk")
    listed = AuditEventPerson.objects.filter(person_ref__in=refs).values("event_id")
    return direct.union(listed)


# --- the auditor's search ------------------------------------------------------------------


@dataclass(frozen=True)
class SearchCriteria:
    person_ref: str = ""
    actor: str = ""  # a user id (digits) or part of a user's name
    target_type: str = ""
    target_id: str = ""
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def for_audit(self) -> dict:
        """The criteria as recorded in the search's own audit event (the person goes in person_ref)."""
        values = {k: v for k, v in asdict(self).items() if v not in ("", None) and k != "person_ref"}
        if self.person_ref:
            values["person"] = True
        return values


def _search_queryset(criteria: SearchCriteria):
    events = AuditEvent.objects.all()
    if criteria.person_ref:
        events = events.filter(pk__in=events_about([criteria.person_ref]))
    if criteria.actor:
        actor = criteria.actor.strip()
        events = events.filter(actor_id=int(actor)) if actor.isdigit() else events.filter(actor_name__icontains=actor)
    if criteria.target_type:
        events = events.filter(target_type=criteria.target_type)
    if criteria.target_id:
        events = events.filter(target_id=criteria.target_id)
    if criteria.action:
        events = events.filter(action=criteria.action)
    if criteria.date_from:
        events = events.filter(occurred_at__gte=_start_of_day(criteria.date_from))
    if criteria.date_to:
        events = events.filter(occurred_at__lt=_start_of_day(criteria.date_to + datetime.timedelta(days=1)))
    return events.order_by("-seq")


@transaction.atomic
def audit_log_search(*, user, criteria: SearchCriteria, purpose: str, page: int = 1) -> Page:
    """One page of matching events, newest first. The search is recorded with its purpose; a
    search on a person is recorded as a look-up on that person."""
    _require_auditor(user)
    result = Paginator(_search_queryset(criteria), PER_PAGE).get_page(page)
    result.object_list = list(result.object_list)  # read now: the page must not include this search
    audit_record(
        actor=user,
        action=audit_actions.AUDIT_LOG_SEARCHED,
        person_ref=criteria.person_ref,
        purpose=purpose,
        new={"criteria": criteria.for_audit(), "page": result.number, "results": result.paginator.count},
    )
    return result


# --- the citizen's access log ----------------------------------------------------------------


@dataclass(frozen=True)
class AccessLogRow:
    date: datetime.date
    purpose: str
    count: int


@dataclass(frozen=True)
class AccessLog:
    rows: list[AccessLogRow]
    produced_at: datetime.datetime

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


def read_action_names() -> list[str]:
    return [action.name for action in all_actions() if action.kind == ActionKind.READ]


@transaction.atomic
def citizen_access_log(*, user, person: PersonLookup, output: str) -> AccessLog:
    """The look-ups made on one person, under every reference that has stood for them
    (`audit.people.resolve_person`): per day and purpose, how many, without staff names.

    Recorded as a read on that person with the purpose 'the citizen's request for access'.
    `output` (html, csv, pdf) is recorded with it.
    """
    _require_auditor(user)
    if not person.refs:
        return AccessLog(rows=[], produced_at=timezone.now())
    person_ref = person.primary_ref
    counts = Counter()
    events = (
        AuditEvent.objects.filter(pk__in=events_about(person.refs), action__in=read_action_names())
        .order_by("seq")
        .values_list("occurred_at", "purpose")
    )
    for occurred_at, purpose in events.iterator(chunk_size=2000):
        counts[(timezone.localdate(occurred_at), purpose_label(purpose))] += 1
    rows = [AccessLogRow(date, purpose, n) for (date, purpose), n in sorted(counts.items())]
    audit_record(
        actor=user,
        action=audit_actions.ACCESS_LOG_EXPORTED,
        person_ref=person_ref,
        purpose=Purpose.CITIZEN_REQUEST,
        new={"output": output, "rows": len(rows), "references": len(person.refs), "warned": bool(person.warnings)},
    )
    return AccessLog(rows=rows, produced_at=timezone.now())


# --- chain verification ----------------------------------------------------------------------


def _counted(events, total: int, progress, every: int = 5000):
    """The events, calling `progress(done, total)` every `every` events and at the end."""
    done = 0
    for event in events:
        yield event
        done += 1
        if done % every == 0:
            progress(done, total)
    progress(done, max(total, done))


def verify_whole_chain(checkpoint_file=None, progress=None) -> tuple[ChainReport, AuditChainHead]:
    """Verify every event against the keys and the chain head, from one consistent snapshot of
    the log (PostgreSQL: a REPEATABLE READ transaction; events appended meanwhile are not seen),
    and the log against the newest signed checkpoint outside the database. `progress(done,
    total)`: told how far the check is (`manage.py audit_verify` draws a bar)."""
    fields = [f.attname for f in AuditEvent._meta.concrete_fields if f.name != "id"]
    outermost = not connection.in_atomic_block
    started = timezone.now()
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        head = AuditChainHead.objects.filter(pk=1).first() or AuditChainHead(last_seq=0)
        events = AuditEvent.objects.order_by("seq").values(*fields).iterator(chunk_size=2000)
        if progress is not None:
            events = _counted(events, head.last_seq, progress)
        report = verify_chain(events, head)
        if report.ok:
            report = _against_checkpoint(report, started, checkpoint_file)
        return report, head


def _against_checkpoint(report: ChainReport, started: datetime.datetime, checkpoint_file=None) -> ChainReport:
    """Every signed checkpoint names an event the log holds with that hash, and every
    checkpoint the log says was written is in the file. Checkpoints made after `started` (of
    events this snapshot of the log may not see) wait for the next run. Shape: the report, or
    a broken one. `checkpoint_file`: a copy from the write-once store to check against."""
    checkpoints = read_checkpoints(checkpoint_file)
    signed: dict[int, set[str]] = {}
    for checkpoint in checkpoints.valid:
        if datetime.datetime.fromisoformat(checkpoint.at) <= started:
            signed.setdefault(checkpoint.seq, set()).add(checkpoint.hash)
    if checkpoints.forged:
        return ChainReport(
            False,
            report.checked,
            None,
            f"{checkpoints.forged} lines of the checkpoint file are not checkpoints signed with a configured key",
        )
    numbers = sorted(signed)
    for start in range(0, len(numbers), 1000):
        batch = numbers[start : start + 1000]
        stored = dict(AuditEvent.objects.filter(seq__in=batch).values_list("seq", "hash"))
        for seq in batch:
            if stored.get(seq) not in signed[seq] or len(signed[seq]) > 1:
                return ChainReport(
                    False,
                    report.checked,
                    seq,
                    f"a checkpoint names event {seq}, which the log "
                    + (
                        "does not contain (cut short or emptied)"
                        if seq not in stored
                        else "holds with another hash (rewritten)"
                    ),
                )
    in_file = {(c.seq, c.hash) for c in checkpoints.valid}
    written = AuditEvent.objects.filter(action=audit_actions.CHECKPOINT_WRITTEN.name).values_list("seq", "new_values")
    for seq, values in written.iterator(chunk_size=2000):
        if (values.get("seq"), values.get("hash")) not in in_file:
            return ChainReport(
                False,
                report.checked,
                seq,
                f"event {seq} records a checkpoint of event {values.get('seq')} that the checkpoint file lacks "
                "(lines removed from the file)",
            )
    return report
