"""A synthetic history at a city's scale, for the benchmark (`manage.py seed_scale`, issue 20).

Ten years of reports over the case-work units of the organisation already loaded (`manage.py
demo_data`), and as many synthetic units more as keep each unit's yearly share near
UNIT_REPORTS_PER_YEAR: a history of millions is a region's or a shared service's, not one
team's, and a team's open work (its queue, its open cases, its deadlines) stays about the same
whatever the size of the history. About a fifth of the children are reported more than once; every report older
than a week has been taken into a case (reports that never became a case are deleted by
retention, so the history keeps those in cases); cases older than four months are closed with
their replies sent, half the newer ones too; and each unit's queue holds most of the last
week's reports. Cases carry journal entries, some a risk assessment and consultations; reports
to an adults unit are adult inquiries on the adult track. The audit log gets the events such a history leaves (a
report received, a case opened, journal entries written, case reads with their purpose),
appended as a VALID hash chain continuing the existing one (`manage.py audit_verify` passes).

Everything is marked synthetic: staff and units "Syntetisk …", children with made-up surnames
("Fiktivholm", "Prøvegaard"), texts beginning "SYNTETISK". Rows are
built as plain values and written in batches of BATCH reports, all in one transaction with the
audit chain's head and the numbering (`scale_rows.Writer`: COPY on PostgreSQL); texts come from
a small pool of synthetic phrases, encrypted like any other value.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from beredskab.accounts.demo import add_synthetic_units
from beredskab.accounts.models import RoleAssignment, Unit
from beredskab.accounts.selectors import adults_units, is_adults_unit
from beredskab.audit.chain import chain_keys, event_hash, signing_key
from beredskab.audit.models import AuditChainHead, AuditEvent
from beredskab.audit.purposes import Purpose
from beredskab.core.crypto import blind_index
from beredskab.core.models import ReferenceCounter
from beredskab.core.roles import Capability
from beredskab.intake.models import AgeSource, Channel, Report, ReporterKind
from beredskab.plan.selectors import plan_in_force

from .models import (
    Case,
    CaseReport,
    CaseStatus,
    CaseStatusChange,
    CloseOutcome,
    JournalEntry,
    Track,
    UrgentAssessment,
    YesNoUnknown,
)
from .policies import roles_with
from .risk.models import AssessmentStatus, Consultation, Identification, Instrument, PartnerKind, RiskAssessment
from .scale_rows import Rows, SeedError, Writer

BATCH = 2000
YEARS = 10
UNIT_REPORTS_PER_YEAR = 350  # a team of a few case workers: about seven reports a week
UNIT_STAFF = 3  # case workers in each synthetic unit, besides its leader
MARK = "SYNTETISK TESTDATA (seed_scale)"
SUBJECT = ("subject_name", "subject_cpr", "subject_cpr_index", "subject_birth_date", "subject_address")


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
    rows: Rows
    keys: dict = field(default_factory=chain_keys)

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
        self.seq, self.hash = values["seq"], event_hash(values, self.keys)
        # AuditEvent.objects refuses bulk inserts (audit_record writes one at a time); the
        # seeder writes a chain it computed itself, under the head's lock, so it may.
        self.rows.add(**values, hash=self.hash)


def _case_work_units() -> list[Unit]:
    return [*Unit.objects.filter(kind=Unit.Kind.CHILDREN), *adults_units()]


def ensure_units(reports: int, per_year: int = UNIT_REPORTS_PER_YEAR) -> int:
    """Add synthetic units (`accounts.demo.add_synthetic_units`) until `reports` over YEARS
    years come to about `per_year` reports a unit a year; run again, it adds none. Returns how
    many units were added."""
    needed = -(-reports // (YEARS * per_year)) - len(_case_work_units())
    if needed <= 0:
        return 0
    if not add_synthetic_units(needed, staff=UNIT_STAFF):
        raise SeedError("No centre to put units in: run `manage.py demo_data` first.")
    return needed


def _staff() -> list[Staff]:
    staff = []
    for unit in sorted(_case_work_units(), key=lambda unit: unit.pk):
        assignments = RoleAssignment.objects.filter(
            unit=unit, user__is_active=True, role__in=roles_with(Capability.CASE_WORK)
        )
        workers = sorted(set(assignments.values_list("user_id", flat=True)))
        if workers:
            staff.append(Staff(unit=unit, workers=workers))
    if not staff:
        raise SeedError("No children's or adults unit with staff: run `manage.py demo_data` first.")
    return staff


# Synthetic names (made-up surnames, "Fiktivholm", "Prøvegaard"): each child its own, kept
# when the child is reported again, so the search for earlier reports about the same child (by
# birth date, then the name) finds namesakes about as often as in a real region, not every
# child born the same day.
FIRST_NAMES = (  # noqa: SIM905 (a list of words reads best as words)
    "Ada Ali Aisha Alma Bo Cira Dana Emil Freja Gry Hamza Hans Ida Jonas Karla Kasper Leyla Liam Lina Maja Malik "
    "Mikkel Mona Noah Nora Olga Omar Oscar Pil Rasmus Sami Selma Sofie Tobias Ulla Vera William Yasmin Zara Ebbe"
).split()
SURNAME_STEMS = (  # noqa: SIM905
    "Fiktiv Prøve Demo Test Model Skabelon Udkast Attrap Kopi Eksempel Forsøg Øvelse Kladde Prototyp Mønster "
    "Skitse Plan Opdigt Tænkt Syntese"
).split()
SURNAME_ENDS = "holm gaard bjerg dal lund strup vad høj sen rup skov vig bæk toft by mark sted løkke hus ager".split()  # noqa: SIM905


def _synthetic_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAME_STEMS)}{rng.choice(SURNAME_ENDS)}"


def _person_ref(row: dict, target: str) -> str:
    """As `Report.person_ref` / `Case.person_ref`: the CPR blind index when known."""
    return f"cpr:{row['subject_cpr_index']}" if row["subject_cpr_index"] else f"{target}:{row['id']}"


TABLES = (
    Report,
    Case,
    UrgentAssessment,
    CaseReport,
    CaseStatusChange,
    JournalEntry,
    RiskAssessment,
    Consultation,
    AuditEvent,
)


@dataclass
class Seeder:
    reports: int
    seed: int = 1
    unit_reports_per_year: int = UNIT_REPORTS_PER_YEAR
    progress: object = None  # progress(done, total)
    now: datetime.datetime = field(default_factory=timezone.now)
    made: dict = field(default_factory=dict)

    def run(self) -> dict:
        """Write the history; returns counts and the reference of a case with 50 journal entries."""
        self.rng = random.Random(self.seed)  # noqa: S311 (synthetic data, not secrets)
        self.pool = Pool(self.rng)
        self.made["units"] = ensure_units(self.reports, self.unit_reports_per_year)
        self.staff = _staff()
        self.plan = plan_in_force()
        if self.plan is None:
            raise SeedError("No plan in force: run `manage.py demo_data` first.")
        self.instrument = Instrument.objects.order_by("-pk").first()
        self.numbers: dict[tuple[str, int], int] = {}
        self._numbering()
        head = AuditChainHead.objects.get_or_create(pk=1)[0]
        memo = {}  # plaintext -> ciphertext, for this run's keys only
        self.rows = {model: Rows(model, memo) for model in TABLES}
        self.chain = Chain(seq=head.last_seq, hash=head.last_hash, key_id=signing_key()[0], rows=self.rows[AuditEvent])
        self.writer = Writer(TABLES, (head.last_seq, head.last_hash))
        try:
            done = 0
            start = self.now - datetime.timedelta(days=365 * YEARS)
            span = (self.now - start).total_seconds()
            while done < self.reports:
                size = min(BATCH, self.reports - done)
                moments = sorted(
                    start + datetime.timedelta(seconds=span * (done + i + self.rng.random()) / self.reports)
                    for i in range(size)
                )
                self._write(lambda moments=moments: self._batch(moments))
                done += size
                if self.progress and done < self.reports:  # the last step once the indexes are rebuilt
                    self.progress(done, self.reports)
            bench_case = self._write(self._bench_case)
            self.writer.finish((self.chain.seq, self.chain.hash), self.numbers)
            if self.progress:
                self.progress(done, self.reports)
        finally:
            self.writer.close()
        rows = self.rows
        return {
            "reports": rows[Report].written,
            "cases": rows[Case].written,
            "journal": rows[JournalEntry].written,
            "assessments": rows[RiskAssessment].written,
            "consultations": rows[Consultation].written,
            "events": self.chain.seq,
            "units": self.made["units"],
            "bench_case": bench_case,
        }

    def _write(self, build):
        """Build one batch of rows with `build()` and hand them to the writer (which writes
        them while the next is built); returns what `build` returned."""
        built = build()
        self.writer.write([self.rows[model].take() for model in TABLES])
        return built

    # --- references ---------------------------------------------------------------------------

    def _numbering(self):
        for counter in ReferenceCounter.objects.filter(prefix__in=["UND", "K"]):
            self.numbers[(counter.prefix, counter.year)] = counter.last_number

    def _reference(self, prefix: str, at: datetime.datetime) -> str:
        key = (prefix, timezone.localtime(at).year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return f"{prefix}-{key[1]}-{self.numbers[key]:05d}"

    # --- one batch ----------------------------------------------------------------------------

    def _child(self, n: int) -> dict:
        """A synthetic child: about one in five is reported again (a small pool of repeats)."""
        ident = self.rng.randrange(max(1, n // 5)) if self.rng.random() < 0.2 else self.rng.randrange(10**9)
        rng = random.Random(ident)  # noqa: S311
        born = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 17))
        # CPR-shaped but nobody's: month 21-32 is in no CPR number (a replacement number shifts
        # the day, not the month), so a seeded number can never name a real person.
        digits = f"{born:%d}{born.month + 20:02d}{born:%y}{rng.randrange(10000):04d}"
        with_cpr = rng.random() < 0.8
        return {
            "subject_name": _synthetic_name(rng),
            "subject_cpr": f"{digits[:6]}-{digits[6:]}" if with_cpr else "",
            "subject_cpr_index": blind_index(digits, purpose="cpr") if with_cpr else "",
            "subject_birth_date": born,
        }

    def _report(self, at, staff: Staff, *, taken_in: bool) -> dict:
        child = self._child(self.reports)
        anonymous = self.rng.random() < 0.25
        kind = ReporterKind.PROFESSIONAL if self.rng.random() < 0.7 else ReporterKind.PRIVATE
        text = self.pool
        return self.rows[Report].add(
            reference=self._reference("UND", at),
            submission_token=uuid.UUID(int=self.rng.getrandbits(128)),
            received_at=at,
            channel=Channel.PUBLIC if self.rng.random() < 0.6 else Channel.STAFF,
            reporter_kind=kind,
            reporter_anonymous=anonymous,
            reporter_name="" if anonymous else text("reporter", lambda n: f"Syntetisk Indberetter {n}"),
            reporter_organisation="" if anonymous else text("org", lambda n: f"Syntetisk Skole {n}"),
            subject_age=max(0, (at.date() - child["subject_birth_date"]).days // 365),
            subject_age_source=AgeSource.CPR if child["subject_cpr"] else AgeSource.BIRTH_DATE,
            subject_address=text("address", lambda n: f"Syntetisk Vej {n}"),
            narrative=text("narrative", lambda n: f"{MARK}: bekymring nr. {n}."),
            is_acute=self.rng.random() < 0.05,
            plan_id=self.plan.pk,
            receiving_unit_id=staff.unit.pk,
            receiving_contact=staff.unit.name,
            routing_reason=MARK,
            taken_in=taken_in,
            **child,
        )

    def _batch(self, moments: list) -> None:
        waiting_since = self.now - datetime.timedelta(days=7)
        reports = [  # the queue holds the last week's reports not yet assessed
            self._report(at, self.rng.choice(self.staff), taken_in=at < waiting_since or self.rng.random() < 0.3)
            for at in moments
        ]
        for report in reports:
            self.chain.add(
                at=report["received_at"],
                actor_id=None,
                action="intake.report_submitted",
                target_type="intake.report",
                target_id=report["id"],
                person_ref=_person_ref(report, "intake.report"),
                new={"synthetic": True},
            )
        self._cases([r for r in reports if r["taken_in"]])

    def _cases(self, reports: list[dict], *, bench: bool = False) -> list[dict]:
        staff_of = {s.unit.pk: s for s in self.staff}
        cases = []
        for report in reports:
            staff = staff_of[report["receiving_unit_id"]]
            opened = report["received_at"] + datetime.timedelta(hours=self.rng.randrange(1, 20))
            closed = not bench and (opened < self.now - datetime.timedelta(days=120) or self.rng.random() < 0.5)
            case = self.rows[Case].add(
                reference=self._reference("K", opened),
                unit_id=staff.unit.pk,
                owner_id=self.rng.choice(staff.workers),
                track=Track.ADULTS if is_adults_unit(staff.unit) else Track.CHILDREN,
                status=CaseStatus.CLOSED if closed else CaseStatus.IN_PROGRESS,
                opened_at=opened,
                opened_by_id=self.rng.choice(staff.workers),
                received_at=report["received_at"],
                closed_at=opened + datetime.timedelta(days=self.rng.randrange(20, 170)) if closed else None,
                close_outcome=CloseOutcome.NO_FURTHER_ACTION if closed else "",
                **{k: report[k] for k in SUBJECT},
            )
            self._link(case, report, closed)
            self.chain.add(
                at=opened,
                actor_id=case["opened_by_id"],
                action="cases.case_opened",
                target_type="cases.case",
                target_id=case["id"],
                person_ref=_person_ref(case, "cases.case"),
                new={"reports": [report["reference"]], "synthetic": True},
            )
            self._case_work(case, entries=50 if bench else None)
            cases.append(case)
        return cases

    def _link(self, case: dict, report: dict, closed: bool) -> None:
        """The report's link to its case (seeder only: `taken_in` set with the report) and the
        case's status history."""
        sent = None if not closed and self.rng.random() < 0.3 else case["opened_at"].date()
        professional = report["reporter_kind"] == ReporterKind.PROFESSIONAL
        receipt = None if report["reporter_anonymous"] else sent
        feedback = sent if professional else None
        # The 24-hour assessment (§ 136): nearly always in time, now and then a few hours late.
        late = self.rng.random() < 0.08
        assessed_at = report["received_at"] + datetime.timedelta(hours=30) if late else case["opened_at"]
        urgent = self.rows[UrgentAssessment].add(
            case_id=case["id"],
            assessed_at=assessed_at,
            assessed_by_id=case["opened_by_id"],
            child_in_danger=YesNoUnknown.NO,
            acute_action_needed=False,
            reasons=self.pool("urgent", lambda n: f"{MARK}: vurdering inden for 24 timer {n}."),
        )
        self.rows[CaseReport].add(
            case_id=case["id"],
            report_id=report["id"],
            urgent_assessment_id=urgent["id"],
            added_at=case["opened_at"],
            added_by_id=case["opened_by_id"],
            receipt_sent_on=receipt,
            feedback_sent_on=feedback,
            replies_owed=not report["reporter_anonymous"] and (receipt is None or (professional and feedback is None)),
        )
        steps = [
            ("", CaseStatus.RECEIVED, case["opened_at"]),
            (CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, case["opened_at"]),
        ]
        if closed:
            steps.append((CaseStatus.IN_PROGRESS, CaseStatus.CLOSED, case["closed_at"]))
        for from_status, to_status, at in steps:
            self.rows[CaseStatusChange].add(
                case_id=case["id"],
                from_status=from_status,
                to_status=to_status,
                changed_at=at,
                changed_by_id=case["opened_by_id"],
            )

    def _case_work(self, case: dict, entries: int | None = None) -> None:
        """Journal entries (about four a case), a risk assessment on one case in five,
        consultations on one in ten, and a read of the case now and then."""
        count = entries if entries is not None else self.rng.randrange(0, 9)
        end = case["closed_at"] or self.now
        person_ref = _person_ref(case, "cases.case")
        for number in range(1, count + 1):
            at = case["opened_at"] + (end - case["opened_at"]) * number / (count + 1)
            self.rows[JournalEntry].add(
                case_id=case["id"],
                number=number,
                kind="note",
                occurred_on=at.date(),
                body=self.pool("journal", lambda n: f"{MARK}: journalnotat {n}."),
                created_at=at,
                author_id=case["owner_id"],
                author_unit_id=case["unit_id"],
            )
            common = {"at": at, "actor_id": case["owner_id"], "target_type": "cases.case", "target_id": case["id"]}
            self.chain.add(**common, action="cases.journal_entry_added", person_ref=person_ref, new={"number": number})
            self.chain.add(**common, action="cases.case_viewed", person_ref=person_ref, purpose=Purpose.CASE_WORK)
        if self.instrument is not None and entries is None and self.rng.random() < 0.2:
            self._assessment(case)
        if entries is None and self.rng.random() < 0.1:
            self._consultation(case)

    def _assessment(self, case: dict) -> None:
        at = case["opened_at"] + datetime.timedelta(days=3)
        self.rows[RiskAssessment].add(
            case_id=case["id"],
            version=1,
            instrument_id=self.instrument.pk,
            status=AssessmentStatus.APPROVED,
            author_id=case["owner_id"],
            created_at=at,
            updated_at=at,
            completed_at=at,
            reviewed_by_id=case["opened_by_id"],
            reviewed_at=at,
            conclusion=self.pool("conclusion", lambda n: f"{MARK}: vurdering {n}."),
            reassessment_on=(at + datetime.timedelta(days=90)).date(),
        )

    def _consultation(self, case: dict) -> None:
        at = case["opened_at"] + datetime.timedelta(days=2)
        self.rows[Consultation].add(
            case_id=case["id"],
            partner_kind=PartnerKind.POLICE,
            partner_name="Syntetisk samarbejdspartner",
            consulted_on=at.date(),
            identification=Identification.ANONYMISED,
            recorded_at=at,
            recorded_by_id=case["owner_id"],
        )

    def _bench_case(self) -> str:
        """An open children's case with exactly 50 journal entries, for the benchmark's case page."""
        staff = next((s for s in self.staff if s.unit.kind == Unit.Kind.CHILDREN), self.staff[0])
        report = self._report(self.now - datetime.timedelta(days=30), staff, taken_in=True)
        [case] = self._cases([report], bench=True)
        return case["reference"]
