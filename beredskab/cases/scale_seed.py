"""A synthetic history at a city's scale, for the benchmark (`manage.py seed_scale`, issue 20).

Ten years of reports over the units of the organisation already loaded (`manage.py
demo_data`): about a fifth of the children are reported more than once; every report older
than a week has been taken into a case (reports that never became a case are deleted by
retention, so the history keeps those in cases); cases older than four months are closed with
their replies sent, half the newer ones too; and each unit's queue holds most of the last
week's reports. Cases carry
journal entries, some a risk assessment and consultations; reports to an adults unit are
adult inquiries on the adult track. The audit log gets the events such a history leaves (a
report received, a case opened, journal entries written, case reads with their purpose),
appended as a VALID hash chain continuing the existing one (`manage.py audit_verify` passes).

Everything is marked synthetic: names "Syntetisk …", texts beginning "SYNTETISK". Rows are
written with bulk inserts in batches; texts come from a small pool of synthetic phrases
(encrypted on insert like any other value).
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from beredskab.accounts.models import RoleAssignment, Unit
from beredskab.accounts.selectors import adults_units, is_adults_unit
from beredskab.audit.chain import event_hash, signing_key
from beredskab.audit.models import AuditChainHead, AuditEvent
from beredskab.audit.purposes import Purpose
from beredskab.core.crypto import blind_index
from beredskab.core.models import ReferenceCounter
from beredskab.core.roles import Capability
from beredskab.intake.models import AgeSource, Channel, Report, ReporterKind
from beredskab.plan.selectors import plan_in_force

from .models import Case, CaseReport, CaseStatus, CaseStatusChange, CloseOutcome, JournalEntry, Track
from .policies import roles_with
from .risk.models import AssessmentStatus, Consultation, Identification, Instrument, PartnerKind, RiskAssessment

BATCH = 2000
YEARS = 10
MARK = "SYNTETISK TESTDATA (seed_scale)"


class SeedError(Exception):
    """The organisation or the plan is missing: run `manage.py demo_data` first."""


@dataclass
class Pool:
    """A few synthetic texts per kind, reused (the encrypted fields encrypt each on insert)."""

    rng: random.Random
    texts: dict[str, list[str]] = field(default_factory=dict)

    def __call__(self, kind: str, make) -> str:
        if kind not in self.texts:
            self.texts[kind] = [make(n) for n in range(16)]
        return self.rng.choice(self.texts[kind])


@dataclass
class Staff:
    unit: Unit
    workers: list  # user ids with a case-work role in the unit


@dataclass
class Chain:
    """The audit chain's head while events are appended in bulk (one lock for the whole run)."""

    seq: int
    hash: str
    key_id: str
    pending: list = field(default_factory=list)

    def add(self, *, at, actor_id, action, target_type, target_id, person_ref="", purpose="", new=None):
        values = {
            "seq": self.seq + 1,
            "occurred_at": at,
            "actor_id": actor_id,
            "actor_name": f"Syntetisk medarbejder {actor_id}" if actor_id else "",
            "action": action,
            "target_type": target_type,
            "target_id": str(target_id),
            "person_ref": person_ref,
            "purpose": purpose,
            "old_values": None,
            "new_values": new,
            "request_id": "",
            "prev_hash": self.hash,
            "key_id": self.key_id,
        }
        event = AuditEvent(**values, hash=event_hash(values))
        self.seq, self.hash = event.seq, event.hash
        self.pending.append(event)

    def flush(self):
        # AuditEvent.objects refuses bulk inserts (audit_record writes one at a time); the
        # seeder writes a chain it computed itself, under the head's lock, so it may.
        models.QuerySet(AuditEvent).bulk_create(self.pending, batch_size=BATCH)
        self.pending = []


def _staff() -> list[Staff]:
    staff = []
    units = [*Unit.objects.filter(kind=Unit.Kind.CHILDREN), *adults_units()]
    for unit in sorted(units, key=lambda unit: unit.pk):
        assignments = RoleAssignment.objects.filter(
            unit=unit, user__is_active=True, role__in=roles_with(Capability.CASE_WORK)
        )
        workers = sorted(set(assignments.values_list("user_id", flat=True)))
        if workers:
            staff.append(Staff(unit=unit, workers=workers))
    if not staff:
        raise SeedError("No children's or adults unit with staff: run `manage.py demo_data` first.")
    return staff


@dataclass
class Seeder:
    reports: int
    seed: int = 1
    progress: object = None  # progress(done, total)
    now: datetime.datetime = field(default_factory=timezone.now)
    made: dict = field(default_factory=dict)

    def run(self) -> dict:
        """Write the history; returns counts and the reference of a case with 50 journal entries."""
        self.rng = random.Random(self.seed)  # noqa: S311 (synthetic data, not secrets)
        self.pool = Pool(self.rng)
        self.staff = _staff()
        self.plan = plan_in_force()
        if self.plan is None:
            raise SeedError("No plan in force: run `manage.py demo_data` first.")
        self.instrument = Instrument.objects.order_by("-pk").first()
        self.made = dict.fromkeys(("reports", "cases", "journal", "assessments", "consultations", "events"), 0)
        self.numbers: dict[tuple[str, int], int] = {}
        with transaction.atomic():
            head = AuditChainHead.objects.select_for_update().get_or_create(pk=1)[0]
            head = AuditChainHead.objects.select_for_update().get(pk=1)
            self.chain = Chain(seq=head.last_seq, hash=head.last_hash, key_id=signing_key()[0])
            self._numbering()
            done = 0
            start = self.now - datetime.timedelta(days=365 * YEARS)
            span = (self.now - start).total_seconds()
            while done < self.reports:
                size = min(BATCH, self.reports - done)
                moments = sorted(
                    start + datetime.timedelta(seconds=span * (done + i + self.rng.random()) / self.reports)
                    for i in range(size)
                )
                self._batch(moments)
                done += size
                if self.progress:
                    self.progress(done, self.reports)
            self.made["bench_case"] = self._bench_case()
            self.chain.flush()
            AuditChainHead.objects.filter(pk=1).update(last_seq=self.chain.seq, last_hash=self.chain.hash)
            self._save_numbering()
        return self.made

    # --- references ---------------------------------------------------------------------------

    def _numbering(self):
        for counter in ReferenceCounter.objects.select_for_update().filter(prefix__in=["UND", "K"]):
            self.numbers[(counter.prefix, counter.year)] = counter.last_number

    def _reference(self, prefix: str, at: datetime.datetime) -> str:
        key = (prefix, timezone.localtime(at).year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return f"{prefix}-{key[1]}-{self.numbers[key]:05d}"

    def _save_numbering(self):
        for (prefix, year), number in self.numbers.items():
            ReferenceCounter.objects.update_or_create(prefix=prefix, year=year, defaults={"last_number": number})

    # --- one batch ----------------------------------------------------------------------------

    def _child(self, n: int) -> dict:
        """A synthetic child: about one in five is reported again (a small pool of repeats)."""
        ident = self.rng.randrange(max(1, n // 5)) if self.rng.random() < 0.2 else self.rng.randrange(10**9)
        rng = random.Random(ident)  # noqa: S311
        born = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 17))
        digits = f"{born:%d%m%y}{rng.randrange(10000):04d}"
        with_cpr = rng.random() < 0.8
        return {
            "subject_cpr": f"{digits[:6]}-{digits[6:]}" if with_cpr else "",
            "subject_cpr_index": blind_index(digits, purpose="cpr") if with_cpr else "",
            "subject_birth_date": born,
        }

    def _report(self, at, staff: Staff) -> Report:
        child = self._child(self.reports)
        anonymous = self.rng.random() < 0.25
        kind = ReporterKind.PROFESSIONAL if self.rng.random() < 0.7 else ReporterKind.PRIVATE
        text = self.pool
        return Report(
            reference=self._reference("UND", at),
            submission_token=uuid.UUID(int=self.rng.getrandbits(128)),
            received_at=at,
            channel=Channel.PUBLIC if self.rng.random() < 0.6 else Channel.STAFF,
            reporter_kind=kind,
            reporter_anonymous=anonymous,
            reporter_name="" if anonymous else text("reporter", lambda n: f"Syntetisk Indberetter {n}"),
            reporter_organisation="" if anonymous else text("org", lambda n: f"Syntetisk Skole {n}"),
            subject_name=text("child", lambda n: f"Syntetisk Barn {n}"),
            subject_age=max(0, (at.date() - child["subject_birth_date"]).days // 365),
            subject_age_source=AgeSource.CPR if child["subject_cpr"] else AgeSource.BIRTH_DATE,
            subject_address=text("address", lambda n: f"Syntetisk Vej {n}"),
            narrative=text("narrative", lambda n: f"{MARK}: bekymring nr. {n}."),
            is_acute=self.rng.random() < 0.05,
            plan=self.plan,
            receiving_unit=staff.unit,
            receiving_contact=staff.unit.name,
            routing_reason=MARK,
            **child,
        )

    def _batch(self, moments: list) -> None:
        reports = [self._report(at, self.rng.choice(self.staff)) for at in moments]
        waiting_since = self.now - datetime.timedelta(days=7)
        for report in reports:  # the queue holds the last week's reports not yet assessed
            report.taken_in = report.received_at < waiting_since or self.rng.random() < 0.3
        Report.objects.bulk_create(reports, batch_size=BATCH)
        self.made["reports"] += len(reports)
        for report in reports:
            self.chain.add(
                at=report.received_at,
                actor_id=None,
                action="intake.report_submitted",
                target_type="intake.report",
                target_id=report.pk,
                person_ref=report.person_ref,
                new={"synthetic": True},
            )
        self._cases([r for r in reports if r.taken_in])
        self.chain.flush()

    def _cases(self, reports: list[Report], *, bench: bool = False) -> list[Case]:
        staff_of = {s.unit.pk: s for s in self.staff}
        cases, links, changes = [], [], []
        for report in reports:
            staff = staff_of[report.receiving_unit_id]
            opened = report.received_at + datetime.timedelta(hours=self.rng.randrange(1, 20))
            closed = not bench and (opened < self.now - datetime.timedelta(days=120) or self.rng.random() < 0.5)
            cases.append(
                Case(
                    reference=self._reference("K", opened),
                    unit=staff.unit,
                    owner_id=self.rng.choice(staff.workers),
                    track=Track.ADULTS if is_adults_unit(staff.unit) else Track.CHILDREN,
                    status=CaseStatus.CLOSED if closed else CaseStatus.IN_PROGRESS,
                    opened_at=opened,
                    opened_by_id=self.rng.choice(staff.workers),
                    received_at=report.received_at,
                    subject_name=report.subject_name,
                    subject_cpr=report.subject_cpr,
                    subject_cpr_index=report.subject_cpr_index,
                    subject_birth_date=report.subject_birth_date,
                    subject_address=report.subject_address,
                    closed_at=opened + datetime.timedelta(days=self.rng.randrange(20, 170)) if closed else None,
                    close_outcome=CloseOutcome.NO_FURTHER_ACTION if closed else "",
                )
            )
        Case.objects.bulk_create(cases, batch_size=BATCH)
        for case, report in zip(cases, reports, strict=True):
            sent = None if case.status != CaseStatus.CLOSED and self.rng.random() < 0.3 else case.opened_at.date()
            link = CaseReport(case=case, report=report, added_at=case.opened_at, added_by_id=case.opened_by_id)
            link.receipt_sent_on = None if report.reporter_anonymous else sent
            link.feedback_sent_on = sent if report.reporter_kind == ReporterKind.PROFESSIONAL else None
            link.replies_owed = not report.reporter_anonymous and (
                link.receipt_sent_on is None
                or (report.reporter_kind == ReporterKind.PROFESSIONAL and link.feedback_sent_on is None)
            )
            links.append(link)
            changes.append(self._status_change(case, "", CaseStatus.RECEIVED, case.opened_at))
            changes.append(self._status_change(case, CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, case.opened_at))
            if case.closed_at:
                changes.append(self._status_change(case, CaseStatus.IN_PROGRESS, CaseStatus.CLOSED, case.closed_at))
            self.chain.add(
                at=case.opened_at,
                actor_id=case.opened_by_id,
                action="cases.case_opened",
                target_type="cases.case",
                target_id=case.pk,
                person_ref=case.person_ref,
                new={"reports": [report.reference], "synthetic": True},
            )
        CaseReport.objects.bulk_create(links, batch_size=BATCH)  # seeder only: taken_in set above
        CaseStatusChange.objects.bulk_create(changes, batch_size=BATCH)
        self.made["cases"] += len(cases)
        self._case_work(cases, entries=50 if bench else None)
        return cases

    def _status_change(self, case, from_status, to_status, at):
        return CaseStatusChange(
            case=case, from_status=from_status, to_status=to_status, changed_at=at, changed_by_id=case.opened_by_id
        )

    def _case_work(self, cases: list[Case], entries: int | None = None) -> None:
        """Journal entries (about four a case), a risk assessment on one case in five,
        consultations on one in ten, and a read of the case now and then."""
        journal, assessments, consultations = [], [], []
        for case in cases:
            count = entries if entries is not None else self.rng.randrange(0, 9)
            end = case.closed_at or self.now
            for number in range(1, count + 1):
                at = case.opened_at + (end - case.opened_at) * number / (count + 1)
                journal.append(
                    JournalEntry(
                        case=case,
                        number=number,
                        kind="note",
                        occurred_on=at.date(),
                        body=self.pool("journal", lambda n: f"{MARK}: journalnotat {n}."),
                        created_at=at,
                        author_id=case.owner_id,
                        author_unit_id=case.unit_id,
                    )
                )
                self.chain.add(
                    at=at,
                    actor_id=case.owner_id,
                    action="cases.journal_entry_added",
                    target_type="cases.case",
                    target_id=case.pk,
                    person_ref=case.person_ref,
                    new={"number": number},
                )
                self.chain.add(
                    at=at,
                    actor_id=case.owner_id,
                    action="cases.case_viewed",
                    target_type="cases.case",
                    target_id=case.pk,
                    person_ref=case.person_ref,
                    purpose=Purpose.CASE_WORK,
                )
            if self.instrument is not None and entries is None and self.rng.random() < 0.2:
                assessments.append(self._assessment(case))
            if entries is None and self.rng.random() < 0.1:
                consultations.append(self._consultation(case))
        JournalEntry.objects.bulk_create(journal, batch_size=BATCH)
        RiskAssessment.objects.bulk_create(assessments, batch_size=BATCH)
        Consultation.objects.bulk_create(consultations, batch_size=BATCH)
        self.made["journal"] += len(journal)
        self.made["assessments"] += len(assessments)
        self.made["consultations"] += len(consultations)
        self.made["events"] = self.chain.seq

    def _assessment(self, case: Case) -> RiskAssessment:
        at = case.opened_at + datetime.timedelta(days=3)
        return RiskAssessment(
            case=case,
            version=1,
            instrument=self.instrument,
            status=AssessmentStatus.APPROVED,
            author_id=case.owner_id,
            created_at=at,
            updated_at=at,
            completed_at=at,
            reviewed_by_id=case.opened_by_id,
            reviewed_at=at,
            conclusion=self.pool("conclusion", lambda n: f"{MARK}: vurdering {n}."),
            reassessment_on=(at + datetime.timedelta(days=90)).date(),
        )

    def _consultation(self, case: Case) -> Consultation:
        at = case.opened_at + datetime.timedelta(days=2)
        return Consultation(
            case=case,
            partner_kind=PartnerKind.POLICE,
            partner_name="Syntetisk samarbejdspartner",
            consulted_on=at.date(),
            identification=Identification.ANONYMISED,
            recorded_at=at,
            recorded_by_id=case.owner_id,
        )

    def _bench_case(self) -> str:
        """An open children's case with exactly 50 journal entries, for the benchmark's case page."""
        staff = next((s for s in self.staff if s.unit.kind == Unit.Kind.CHILDREN), self.staff[0])
        report = self._report(self.now - datetime.timedelta(days=30), staff)
        report.taken_in = True
        report.save()
        [case] = self._cases([report], bench=True)
        return case.reference
