"""Retention of adult cases (serviceloven): after the period, a closed adult case's personal data
is erased and a content-free tombstone is left (`manage.py apply_adult_case_retention`, or the
task `erase_expired_adult_cases`).

- The period is `RETENTION["adult_cases_days"]` (days, counted from the case's closing,
  `Case.closed_at`), read through `beredskab.intake.retention.retention_days`. Its default is
  None: nothing is erased until the municipality sets a period. The period is not a confirmed
  fact (shared/docs/domain.md marks adult-case retention "[U]": configurable, no period given),
  so the system does not invent one.
- Children's cases are never touched (Rigsarkivet keeps them). Neither is an adult case that is
  open or reopened, under a legal hold (`Case.legal_hold`), protected (`Case.protected`), or
  holding reports for its protection (a `ReportHold` not released).
- Erasing is ONE function, `case_erase`: every record on the case is append-only, so nothing is
  deleted; every encrypted column is blanked, with the plain columns that hold personal data
  (`PLAIN_PERSONAL_FIELDS`), on the case, on every record that points to it (found from the
  models, also through relations declared with `related_name="+"`, so a record added later, in
  this app or one above, is reached too: journal, counselling, action plans, referrals, risk
  assessments, safety plans, trips, ...) and on the reports in the case or held for it and in
  no other case (and their attachments, whose files are deleted). Left: the reference, the
  track, the dates, the unit and the closing's outcome category, and `erased_at`.
- One audit event per case, in the same transaction, holds the reference, the track, the
  outcome category and the rule, and names the case by its id, never by the CPR blind index.
- The audit log's persons index of list events (`AuditEventPerson`) loses the rows holding the
  erased person's CPR blind index (when no record kept still holds it), so the list events
  shown to staff are no longer tied to the person; the index is outside the hashed chain, which
  still verifies. The events' own hashed fields (`person_ref`, `new_values["persons"]`) are part
  of the chain and stay as they were written: changing them would break it.
- Idempotent: a case with `erased_at` is never erased again (checked under a row lock).
"""

import datetime

from django.db import models, transaction
from django.utils import timezone

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_person_unlink, audit_record
from beredskab.core.fields import EncryptedTextField
from beredskab.core.jobs import JobRun
from beredskab.intake.models import Report
from beredskab.intake.retention import retention_days

from . import audit_actions
from .models import Case, CaseStatus, ReportHold, Track

RULE = "adult_cases_days"
# Plain (not encrypted) columns that still say something about a person, by model label. Every
# other plain text column reachable from a case is listed in `tests/test_retention.py` as
# content-free; a new one fails that test until it is put in one list or the other.
PLAIN_PERSONAL_FIELDS: dict[str, dict[str, object]] = {
    "cases.case": {"subject_cpr_index": "", "subject_birth_date": None},
    "cases.caseperson": {"birth_year": None},
    "cases.caseshare": {"purpose": "", "revoke_reason": ""},
    "cases.decision": {"title": ""},
    "cases.task": {"title": ""},
    "risk.consultation": {"contact_person": ""},
    "intake.report": {
        "subject_cpr_index": "",
        "subject_birth_date": None,
        "subject_postcode": "",
        "subject_languages": "",
        "observed_signs": [],
    },
    # the hash of the person's document is a fingerprint of it: it would confirm who sent what
    "intake.attachment": {"sha256": ""},
}


def erases_plain_fields(model, values: dict[str, object]) -> None:
    """For an app above cases (in its `AppConfig.ready()`): the plain columns of its `model`
    that hold personal data and what they are blanked to when a case is erased."""
    PLAIN_PERSONAL_FIELDS.setdefault(model._meta.label_lower, {}).update(values)


_NOT_CASE_DATA = frozenset({"audit", "accounts", "core", "contenttypes", "auth", "sessions"})


def expired_cases(*, now=None):
    """The adult cases whose personal data is due for erasure now (see the module); none while
    no period is set."""
    days = retention_days(RULE)
    if days is None:
        return Case.objects.none()
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    pending_holds = ReportHold.objects.filter(released_at__isnull=True).values("case_id")
    return (
        Case.objects.filter(
            track=Track.ADULTS,
            status=CaseStatus.CLOSED,
            closed_at__lt=cutoff,
            erased_at__isnull=True,
            legal_hold=False,
            protected=False,
        )
        .exclude(pk__in=pending_holds)
        .order_by("closed_at", "pk")
    )


def _reverse_relations(model) -> list:
    """Every relation pointing to `model`, also those declared with `related_name="+"`, which
    Django leaves out of `_meta.related_objects` (the safety app's plans, no-shows and trips):
    a record is case data whether or not the case can name it."""
    return [f for f in model._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete]


def reachable_models(model) -> list:
    """Every model whose rows point (by a foreign key, through any chain) to `model`: the
    records a case's erasure must reach. Audit, accounts and core records are not case data."""
    found, todo = [], [model]
    while todo:
        current = todo.pop()
        for relation in _reverse_relations(current):
            related = relation.related_model
            if relation.many_to_many or related._meta.app_label in _NOT_CASE_DATA or related in found:
                continue
            if related is not model:
                found.append(related)
                todo.append(related)
    return found


def _blank_values(model) -> dict[str, object]:
    values = {f.name: "" for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)}
    values.update(PLAIN_PERSONAL_FIELDS.get(model._meta.label_lower, {}))
    return values


def _erase_rows(model, queryset, path: frozenset = frozenset()) -> list[tuple]:
    """Blank the personal columns of `queryset`'s rows (bypassing the append-only managers: this
    is the one sanctioned change to such records), then the records that point to them. Returns
    the stored files to delete once the transaction commits."""
    files = []
    file_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    for name in file_fields:
        storage = model._meta.get_field(name).storage
        files += [(storage, path) for path in queryset.exclude(**{name: ""}).values_list(name, flat=True)]
    values = {**_blank_values(model), **dict.fromkeys(file_fields, "")}
    if values:
        models.QuerySet(model).filter(pk__in=queryset.values("pk")).update(**values)
    for relation in _reverse_relations(model):
        related = relation.related_model
        if relation.many_to_many or related._meta.app_label in _NOT_CASE_DATA or related in path | {model}:
            continue  # a model already on the way here points back (a correction, cases <-> risk)
        rows = related._base_manager.filter(**{f"{relation.field.name}__in": queryset.values("pk")})
        files += _erase_rows(related, rows, path | {model})
    return files


def _unlink_person(cpr_index: str) -> None:
    """The audit log's persons index of list events no longer ties them to the erased person's
    CPR blind index (`audit_person_unlink`), unless a record kept (another case, a report not
    yet erased) still holds it: then the person's access log must still find those events."""
    if not cpr_index:
        return
    still_held = models.Q(subject_cpr_index=cpr_index)
    if Case._base_manager.filter(still_held).exists() or Report._base_manager.filter(still_held).exists():
        return
    audit_person_unlink(person_ref=f"cpr:{cpr_index}")


@transaction.atomic
def case_erase(*, case: Case, now=None) -> bool:
    """Erase one expired adult case's personal data and leave its tombstone (see the module),
    with its audit event in the same transaction. Returns False (nothing done) when the case is
    no longer due (already erased, reopened, held) when its row is locked."""
    now = now or timezone.now()
    case = expired_cases(now=now).select_for_update(of=("self",)).filter(pk=case.pk).first()
    if case is None:
        return False
    cases = Case._base_manager.filter(pk=case.pk)
    # The reports in the case, and those held for it that are in no case. A report once held for
    # it whose hold a leader released opened another case: it is that case's now (its retention,
    # its legal hold), never erased with this one.
    reports = Report._base_manager.filter(
        models.Q(pk__in=case.case_reports.values("report_id"))
        | models.Q(pk__in=case.held_reports.values("report_id"), case_link__isnull=True)
    )
    files = _erase_rows(Report, reports) + _erase_rows(Case, cases)
    Case._base_manager.filter(pk=case.pk).update(erased_at=now)
    _unlink_person(case.subject_cpr_index)
    audit_record(
        actor=None,
        action=audit_actions.CASE_ERASED,
        target=case,
        person_ref=f"cases.case:{case.pk}",  # not the CPR blind index: it is erased with the case
        purpose=Purpose.ADMINISTRATION,
        new={"case": case.reference, "track": case.track, "outcome": case.close_outcome, "rule": RULE},
    )
    for storage, path in files:
        transaction.on_commit(lambda s=storage, p=path: s.delete(p))
    return True


def erase_expired_adult_cases(*, now=None, run: JobRun | None = None) -> int:
    """Erase every expired adult case (`expired_cases`), each on its own (beredskab.core.jobs).
    Returns how many were erased; running it again erases none of them again. Without a `run` of
    the caller's, JobFailed is raised at the end when a case failed."""
    own_run = run is None
    run = run or JobRun("apply_adult_case_retention")
    erased = 0
    for pk in list(expired_cases(now=now).values_list("pk", flat=True)):
        with run.item("case", pk):
            erased += case_erase(case=Case(pk=pk), now=now)
    if own_run:
        run.finish()
    return erased
