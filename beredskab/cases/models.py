"""Children's cases: from the reports a case is opened from to the day it is closed.

A case belongs to one unit and has at most one owner (the case worker). Its status changes only
through `beredskab.cases.services.case_transition`, which checks `ALLOWED_TRANSITIONS` and
leaves a `CaseStatusChange` row. Everything a person told us, and everything that identifies
a person, is stored encrypted (`EncryptedTextField`); a keyed hash of the child's CPR number
(`subject_cpr_index`) finds earlier reports and cases about the same child.

Journal entries and decisions are append-only: a correction is a new entry that points to the
one it corrects.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.fields import EncryptedTextField

# --- workflow ----------------------------------------------------------------------------


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Modtaget")
    ASSESSED = "assessed", _("Vurderet inden for 24 timer")
    SCREENED = "screened", _("Screenet")
    IN_PROGRESS = "in_progress", _("I gang")
    CLOSED = "closed", _("Lukket")
    REOPENED = "reopened", _("Genåbnet")


# The only status changes there are. Screening is required before a case is closed (barnets
# lov § 18: every concern is screened), and the 24-hour assessment before screening (§ 136).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.RECEIVED: frozenset({CaseStatus.ASSESSED}),
    CaseStatus.ASSESSED: frozenset({CaseStatus.SCREENED}),
    CaseStatus.SCREENED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
    CaseStatus.IN_PROGRESS: frozenset({CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.REOPENED}),
    CaseStatus.REOPENED: frozenset({CaseStatus.SCREENED, CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
}
OPEN_STATUSES = frozenset(s for s in CaseStatus.values if s != CaseStatus.CLOSED)


class YesNoUnknown(models.TextChoices):
    UNKNOWN = "unknown", _("Ved ikke")
    YES = "yes", _("Ja")
    NO = "no", _("Nej")


class CloseOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", _("Ingen yderligere handling")
    SUPPORT_COMPLETED = "support_completed", _("Støtten er afsluttet")
    TRANSFERRED = "transferred", _("Overdraget til anden enhed eller kommune")
    ADULT_HANDOVER = "adult_handover", _("Overdraget til voksenområdet (fyldt 18)")
    MERGED = "merged", _("Lagt sammen med en anden sag")
    OTHER = "other", _("Andet")


class Case(models.Model):
    reference = models.CharField(_("sagsnummer"), max_length=20, unique=True)
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="cases", verbose_name=_("enhed"))
    owner = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_cases",
        verbose_name=_("sagsbehandler"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED, db_index=True
    )
    opened_at = models.DateTimeField(_("oprettet"))
    opened_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("oprettet af")
    )
    # The receipt of the earliest report: where the case's first clock started.
    received_at = models.DateTimeField(_("første underretning modtaget"))

    subject_name = EncryptedTextField(_("barnets navn"), blank=True)
    subject_cpr = EncryptedTextField(_("CPR-nummer"), blank=True)
    subject_cpr_index = models.CharField(max_length=64, blank=True, db_index=True)
    subject_birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    subject_address = EncryptedTextField(_("barnets adresse"), blank=True)

    # Every case here is about a possible NSK/ÆRK concern, so the flag starts set and the risk
    # gate starts closed. It is cleared only by the gate's services (a screening that rules
    # NSK/ÆRK out, approved by a leader, or a leader's override with a reason): see risk/gate.py.
    nsk_aerk_flag = models.BooleanField(
        _("NSK/ÆRK kan være involveret"),
        default=True,
        help_text=_("Forældre og netværk må ikke inddrages, før en risikovurdering er godkendt (§ 18, stk. 3)."),
    )
    nsk_aerk_flagged_at = models.DateTimeField(_("markeret"), null=True, blank=True)
    # A new report or a reopening asks for a fresh decision at the gate: what opened it before
    # this moment (an override, a screening, an approved assessment) no longer does by itself.
    gate_reset_at = models.DateTimeField(_("risikoporten lukket på ny"), null=True, blank=True)
    gate_reset_cause = models.CharField(_("årsag"), max_length=20, blank=True)
    # Counts every change that bears on the gate (flag, screening, assessment, override, new
    # report, reopening): a decision posted from a page shown before a change is refused.
    gate_version = models.PositiveIntegerField(default=0)
    earlier_honour_conflicts = models.CharField(
        _("tidligere æresrelaterede konflikter"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )

    # A protected case ("beskyttet sag", e.g. a relative works in the municipality) is seen only
    # by the people a leader of its unit named, and by that leader (beredskab.cases.protection).
    protected = models.BooleanField(_("beskyttet sag"), default=False, db_index=True)
    protected_at = models.DateTimeField(_("beskyttet"), null=True, blank=True)
    protected_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beskyttet af"),
    )
    protection_reason = EncryptedTextField(_("begrundelse for beskyttelse"), blank=True)

    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    close_outcome = models.CharField(_("udfald"), max_length=30, choices=CloseOutcome.choices, blank=True)
    close_note = EncryptedTextField(_("begrundelse for lukning"), blank=True)

    class Meta:
        verbose_name = _("børnesag")
        verbose_name_plural = _("børnesager")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status"], name="case_unit_status_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def subject_cpr_masked(self) -> str:
        from beredskab.core.cpr import mask

        return mask(self.subject_cpr)

    @property
    def person_ref(self) -> str:
        """The audit log's reference to the child: the CPR blind index when known."""
        return f"cpr:{self.subject_cpr_index}" if self.subject_cpr_index else f"cases.case:{self.pk}"


class CaseStatusChange(models.Model):
    """History: one row per status change, never changed afterwards."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(_("fra"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("til"), max_length=20, choices=CaseStatus.choices)
    changed_at = models.DateTimeField(_("tidspunkt"))
    changed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("statusændring")
        verbose_name_plural = _("statusændringer")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} -> {self.to_status}"


# --- the reports a case holds, with their statutory clocks ----------------------------------


class SendChannel(models.TextChoices):
    DIGITAL_POST = "digital_post", _("Digital Post")
    SECURE_EMAIL = "secure_email", _("Sikker e-mail")
    LETTER = "letter", _("Brev med posten")
    PHONE = "phone", _("Telefonisk")
    IN_PERSON = "in_person", _("Personligt")


class FeedbackOutcome(models.TextChoices):
    AFDAEKNING = "afdaekning", _("Der er iværksat en afdækning")
    INVESTIGATION = "investigation", _("Der er iværksat en børnefaglig undersøgelse")
    SUPPORT = "support", _("Der er iværksat støttende indsatser")
    NONE = "none", _("Der er ikke iværksat afdækning, undersøgelse eller støtte")


class UrgentAssessment(models.Model):
    """The assessment within 24 hours of receipt (barnets lov § 136): is the child's health or
    development in danger, and is acute action needed? It covers the case's reports that had
    no assessment when it was recorded."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="urgent_assessments")
    assessed_at = models.DateTimeField(_("vurderet"))
    assessed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    child_in_danger = models.CharField(
        _("Er barnets sundhed eller udvikling i fare?"), max_length=10, choices=YesNoUnknown.choices
    )
    acute_action_needed = models.BooleanField(_("Er der behov for akut handling?"))
    actions_taken = EncryptedTextField(_("akutte handlinger"), blank=True)
    reasons = EncryptedTextField(_("begrundelse"))

    class Meta:
        verbose_name = _("vurdering inden for 24 timer")
        verbose_name_plural = _("vurderinger inden for 24 timer")
        ordering = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.assessed_at:%Y-%m-%d %H:%M}"


class CaseReport(models.Model):
    """A report taken into a case, with its own clocks: the 24-hour assessment, the receipt to
    a named reporter (6 working days) and the feedback to a professional reporter."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_reports")
    report = models.OneToOneField(
        "intake.Report", on_delete=models.PROTECT, related_name="case_link", verbose_name=_("underretning")
    )
    added_at = models.DateTimeField(_("tilknyttet"))
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    urgent_assessment = models.ForeignKey(
        UrgentAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="case_reports"
    )

    receipt_sent_on = models.DateField(_("kvittering sendt"), null=True, blank=True)
    receipt_channel = models.CharField(_("sendt som"), max_length=20, choices=SendChannel.choices, blank=True)
    receipt_recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    feedback_sent_on = models.DateField(_("tilbagemelding givet"), null=True, blank=True)
    feedback_outcome = models.CharField(_("tilbagemelding"), max_length=20, choices=FeedbackOutcome.choices, blank=True)
    feedback_channel = models.CharField(_("givet som"), max_length=20, choices=SendChannel.choices, blank=True)
    feedback_recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # In an NSK/ÆRK case the reporter's identity is withheld from the family by default
    # (cases.disclosure); a decision with a reason releases it.
    reporter_released_at = models.DateTimeField(_("indberetterens identitet frigivet"), null=True, blank=True)
    reporter_released_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reporter_release_reason = EncryptedTextField(_("begrundelse for frigivelse"), blank=True)

    class Meta:
        verbose_name = _("underretning i sag")
        verbose_name_plural = _("underretninger i sager")
        ordering = ["report__received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.report_id}"

    @property
    def needs_receipt(self) -> bool:
        """§ 137: every named reporter gets a receipt (built for all named reporters, not only
        professionals; see docs/domain.md)."""
        return not self.report.reporter_anonymous

    @property
    def needs_feedback(self) -> bool:
        from beredskab.intake.models import ReporterKind

        return self.report.reporter_kind == ReporterKind.PROFESSIONAL and not self.report.reporter_anonymous


# --- screening -----------------------------------------------------------------------------


class ScreeningOutcome(models.TextChoices):
    NO_ACTION = "no_action", _("Ingen yderligere handling")
    AFDAEKNING = "afdaekning", _("Afdækning")
    INVESTIGATION = "investigation", _("Børnefaglig undersøgelse")


class Screening(models.Model):
    """Barnets lov § 18: what happens with the concern."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="screenings")
    screened_at = models.DateTimeField(_("screenet"))
    screened_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("udfald"), max_length=20, choices=ScreeningOutcome.choices)
    reasons = EncryptedTextField(_("begrundelse"))
    nsk_aerk_possible = models.BooleanField(_("NSK/ÆRK kan være involveret"))
    # A screening that rules NSK/ÆRK out opens the risk gate only when a leader (another person
    # than the one who screened) has approved it: four eyes.
    not_involved_reason = EncryptedTextField(_("begrundelse for, at NSK/ÆRK ikke er involveret"), blank=True)
    gate_approved_at = models.DateTimeField(_("godkendt af leder"), null=True, blank=True)
    gate_approved_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkendt af"),
    )
    earlier_honour_conflicts = models.CharField(
        _("tidligere æresrelaterede konflikter"), max_length=10, choices=YesNoUnknown.choices
    )
    earlier_conflicts_note = EncryptedTextField(_("om tidligere konflikter"), blank=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screeninger")
        ordering = ["screened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.outcome}"


# --- family and network --------------------------------------------------------------------


class Relation(models.TextChoices):
    MOTHER = "mother", _("Mor")
    FATHER = "father", _("Far")
    PARENT = "parent", _("Forælder")
    STEP_PARENT = "step_parent", _("Stedforælder eller forælders partner")
    GUARDIAN = "guardian", _("Værge eller plejeforælder")
    SIBLING = "sibling", _("Søskende")
    GRANDPARENT = "grandparent", _("Bedsteforælder")
    UNCLE_AUNT = "uncle_aunt", _("Onkel eller tante")
    COUSIN = "cousin", _("Fætter eller kusine")
    EXTENDED_FAMILY = "extended_family", _("Anden familie")
    EXTENDED_FAMILY_ABROAD = "extended_family_abroad", _("Familie i udlandet")
    PARTNER = "partner", _("Kæreste eller partner")
    SPOUSE = "spouse", _("Ægtefælle eller forlovede")
    FRIEND = "friend", _("Ven eller veninde")
    NETWORK = "network", _("Andet netværk")


PARENT_RELATIONS = frozenset(
    {Relation.MOTHER, Relation.FATHER, Relation.PARENT, Relation.STEP_PARENT, Relation.GUARDIAN}
)


class CasePerson(models.Model):
    """Someone in the child's family or network. Anyone can exert control (parents, partners,
    siblings, the wider network, also abroad), so any of them can be a possible perpetrator."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="people")
    name = EncryptedTextField(_("navn"))
    relation = models.CharField(_("relation til barnet"), max_length=30, choices=Relation.choices)
    birth_year = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)
    lives_abroad = models.BooleanField(_("bor i udlandet"), default=False)
    contact_details = EncryptedTextField(_("kontaktoplysninger"), blank=True)
    possible_perpetrator = models.BooleanField(_("mulig udøver"), default=False)
    may_contact = models.CharField(
        _("må kontaktes"), max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    contact_note = EncryptedTextField(_("om kontakt"), blank=True)
    notes = EncryptedTextField(_("noter"), blank=True)
    added_at = models.DateTimeField(_("tilføjet"))
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("person i familie og netværk")
        verbose_name_plural = _("familie og netværk")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_relation_display()} ({self.case_id})"

    @property
    def is_parent(self) -> bool:
        return self.relation in PARENT_RELATIONS


class NetworkStepKind(models.TextChoices):
    """Steps that involve the parents or the network: the risk gate (§ 18, stk. 3) holds them."""

    CONTACT = "contact", _("Kontakt med forældre eller netværk")
    LETTER = "letter", _("Brev til forældre eller netværk")
    MEETING = "meeting", _("Møde med forældre eller netværk")
    DOCUMENT_SHARE = "document_share", _("Deling af dokumenter med forældre eller netværk")
    FILE_ACCESS = "file_access", _("Aktindsigt til forældre eller netværk")


class GateBasis(models.TextChoices):
    # Only on records from before the gate was closed by default (kept for history).
    NOT_FLAGGED = "not_flagged", _("Sagen var ikke markeret med NSK/ÆRK (ældre registrering)")
    SCREENED_OUT = "screened_out", _("Screening: NSK/ÆRK er ikke involveret, godkendt af en leder")
    ASSESSMENT = "assessment", _("Godkendt risikovurdering")
    OVERRIDE = "override", _("Ledelsens tilsidesættelse af risikoporten")


class GateResetCause(models.TextChoices):
    NEW_REPORT = "new_report", _("En ny underretning er lagt på sagen")
    REOPENED = "reopened", _("Sagen er genåbnet")
    FLAGGED = "flagged", _("Sagen er markeret med mulig NSK/ÆRK igen")


class NetworkStep(models.Model):
    """A step that involves the parents or the network, recorded only when the gate allows it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="network_steps")
    kind = models.CharField(_("skridt"), max_length=20, choices=NetworkStepKind.choices)
    people = models.ManyToManyField(CasePerson, related_name="network_steps", verbose_name=_("personer"))
    occurred_on = models.DateField(_("dato"))
    summary = EncryptedTextField(_("indhold"))
    recorded_at = models.DateTimeField(_("registreret"))
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    gate_basis = models.CharField(_("risikoporten"), max_length=20, choices=GateBasis.choices)
    risk_assessment = models.ForeignKey(
        "risk.RiskAssessment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gate_override = models.ForeignKey(
        "risk.GateOverride", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("inddragelse af forældre eller netværk")
        verbose_name_plural = _("inddragelser af forældre og netværk")
        ordering = ["occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


# --- case work -----------------------------------------------------------------------------


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("Posten kan ikke ændres. Skriv en rettelse i stedet."))

    def delete(self):
        raise AppendOnlyError(_("Posten kan ikke slettes."))


class AppendOnlyError(Exception):
    pass


class JournalKind(models.TextChoices):
    NOTE = "note", _("Notat")
    CHILD_CONVERSATION = "child_conversation", _("Samtale med barnet eller den unge")
    PHONE = "phone", _("Telefonsamtale")
    MEETING = "meeting", _("Møde")
    CORRESPONDENCE = "correspondence", _("Korrespondance")
    COLLABORATION = "collaboration", _("Tværfagligt samarbejde")
    FAMILY_INITIATED = "family_initiated", _("Uanmeldt henvendelse fra familien")
    OTHER = "other", _("Andet")


# Journal kinds that record a contact: the worker names who took part (risk/gate.py). A contact
# the family started themselves (FAMILY_INITIATED) is recorded as it happened, also while the
# gate is closed; it never opens the gate, and the case's leaders are told.
CONTACT_JOURNAL_KINDS = frozenset({JournalKind.PHONE, JournalKind.MEETING, JournalKind.CORRESPONDENCE})


class JournalEntry(models.Model):
    """Append-only. A correction is a new entry that points to the one it corrects."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="journal")
    number = models.PositiveIntegerField(_("nummer"))
    kind = models.CharField(_("type"), max_length=30, choices=JournalKind.choices)
    occurred_on = models.DateField(_("dato"))
    body = EncryptedTextField(_("tekst"))
    created_at = models.DateTimeField(_("skrevet"))
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    author_unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("retter")
    )
    participants = models.ManyToManyField(
        CasePerson, blank=True, related_name="journal_entries", verbose_name=_("deltagere fra familie og netværk")
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journal")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="journal_number_unique")]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Et journalnotat kan ikke ændres. Skriv en rettelse i stedet."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Et journalnotat kan ikke slettes."))


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    DONE = "done", _("Udført")
    CANCELLED = "cancelled", _("Annulleret")


class Task(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(
        _("opgave"), max_length=200, help_text=_("Kort og uden personoplysninger, fx 'Ring til skolen'.")
    )
    details = EncryptedTextField(_("beskrivelse"), blank=True)
    due_on = models.DateField(_("frist"))
    owner = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="case_tasks", verbose_name=_("ansvarlig")
    )
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField(_("oprettet"))
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    completed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    people = models.ManyToManyField(
        CasePerson, blank=True, related_name="tasks", verbose_name=_("kontakt med familie eller netværk")
    )

    class Meta:
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaver")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class DecisionKind(models.TextChoices):
    DECISION = "decision", _("Afgørelse")
    HEARING = "hearing", _("Partshøring")
    PROFESSIONAL = "professional", _("Faglig beslutning")


# Decisions that reach the family: an afgørelse is notified to the parties, a partshøring asks
# them (forvaltningsloven §§ 19 and 22). The worker names who (risk/gate.py).
CONTACT_DECISION_KINDS = frozenset({DecisionKind.DECISION, DecisionKind.HEARING})


class Decision(models.Model):
    """A decision or ruling in the case. Append-only: a changed decision is a new one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("type"), max_length=20, choices=DecisionKind.choices)
    decided_on = models.DateField(_("dato"))
    title = models.CharField(_("overskrift"), max_length=200)
    text = EncryptedTextField(_("indhold og begrundelse"))
    legal_basis = models.CharField(_("hjemmel"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("registreret"))
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    people = models.ManyToManyField(
        CasePerson, blank=True, related_name="decisions", verbose_name=_("parter fra familie og netværk")
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("En beslutning kan ikke ændres. Registrér en ny."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("En beslutning kan ikke slettes."))


class InterventionKind(models.TextChoices):
    COUNSELLING = "counselling", _("Rådgivning")
    FAMILY_SUPPORT = "family_support", _("Familierettet indsats")
    SOCIAL_PEDAGOGICAL = "social_pedagogical", _("Socialpædagogisk støtte")
    SAFE_PLACE = "safe_place", _("Støtte til et sikkert opholdssted")
    CONTACT_PERSON = "contact_person", _("Fast kontaktperson")
    PLACEMENT = "placement", _("Anbringelse uden for hjemmet")
    OTHER = "other", _("Anden indsats")


# Interventions that work with the family itself, or that the parents are parties to (a
# placement is heard with and notified to them): they involve the parents (risk/gate.py).
FAMILY_INTERVENTION_KINDS = frozenset({InterventionKind.FAMILY_SUPPORT, InterventionKind.PLACEMENT})


class PreventionLevel(models.TextChoices):
    """The plan's prevention triangle (forebyggelsestrekanten); the plan in force describes each."""

    PRIMARY = "primary", _("Primær forebyggelse")
    SECONDARY = "secondary", _("Sekundær forebyggelse")
    TERTIARY = "tertiary", _("Tertiær forebyggelse")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ACTIVE = "active", _("I gang")
    ENDED = "ended", _("Afsluttet")


class Intervention(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interventions")
    kind = models.CharField(_("indsats"), max_length=30, choices=InterventionKind.choices)
    prevention_level = models.CharField(_("forebyggelsesniveau"), max_length=20, choices=PreventionLevel.choices)
    legal_basis = models.CharField(_("hjemmel"), max_length=200, blank=True)
    description = EncryptedTextField(_("beskrivelse"), blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("slut"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InterventionStatus.choices, default=InterventionStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("oprettet"))
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    end_note = EncryptedTextField(_("om afslutningen"), blank=True)

    class Meta:
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class CaseShare(models.Model):
    """The case shared with another unit for a stated purpose, until revoked."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shares")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="shared_cases")
    purpose = models.CharField(_("formål"), max_length=300)
    shared_at = models.DateTimeField(_("delt"))
    shared_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    revoked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revoke_reason = models.CharField(_("begrundelse for tilbagekaldelse"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("deling med anden enhed")
        verbose_name_plural = _("delinger med andre enheder")
        ordering = ["shared_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "unit"], condition=models.Q(revoked_at__isnull=True), name="case_share_active_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} -> {self.unit_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# --- disclosure restrictions ---------------------------------------------------------------


class Audience(models.TextChoices):
    """Who an item must not be disclosed to (forvaltningsloven §§ 15-15 b)."""

    ALL_OUTSIDE = "all_outside", _("Alle uden for sagens enhed")
    PARENTS = "parents", _("Forældrene")
    NETWORK = "network", _("Familie og netværk")
    PERSON = "person", _("En bestemt person")
    POSSIBLE_PERPETRATORS = "perpetrators", _("Mulige udøvere")
    REPORTER = "reporter", _("Indberetteren")
    EXTERNAL_PARTNERS = "external", _("Eksterne samarbejdspartnere (politi, sikkerhedskonsulent, VISO)")
    OTHER_UNITS = "other_units", _("Andre enheder, sagen deles med")


class DisclosureRestriction(models.Model):
    """ "Not to be disclosed to X, because ...", on one item of the case (or one field of it).

    `beredskab.cases.disclosure.Disclosure` is the one place that decides, from these rows, what
    a page, a PDF or an export may show to whom."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="restrictions")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field_name = models.CharField(_("felt"), max_length=50, blank=True)
    audience = models.CharField(_("må ikke videregives til"), max_length=20, choices=Audience.choices)
    person = models.ForeignKey(
        CasePerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    reason = EncryptedTextField(_("begrundelse"))
    created_at = models.DateTimeField(_("oprettet"))
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(_("ophævet"), null=True, blank=True)
    lifted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("videregivelsesbegrænsning")
        verbose_name_plural = _("videregivelsesbegrænsninger")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="restriction_item_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(audience="person") | models.Q(person__isnull=False),
                name="restriction_person_audience_has_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.content_type_id}/{self.object_id} {self.field_name}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


# --- reminders -----------------------------------------------------------------------------


class DeadlineReminder(models.Model):
    """A reminder sent about one clock, so the same deadline is never reminded twice."""

    clock_key = models.CharField(max_length=100, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    report = models.ForeignKey("intake.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField()
    sent_to = models.CharField(max_length=20, help_text="owner or unit inbox")

    class Meta:
        verbose_name = _("fristpåmindelse")
        verbose_name_plural = _("fristpåmindelser")

    def __str__(self) -> str:
        return self.clock_key


# --- protected cases and break-glass access ---------------------------------------------------


class ProtectedCaseMember(models.Model):
    """A person a leader named to see a protected case. Rows are removed when the leader takes
    someone off the list (the audit log keeps the history)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="protection_members")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("medarbejder"))
    added_at = models.DateTimeField(_("tilføjet"))
    added_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("adgang til beskyttet sag")
        verbose_name_plural = _("adgange til beskyttede sager")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="protected_member_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user_id}"


class BreakGlassAccess(models.Model):
    """Emergency access ("nødadgang") to a case outside the user's need-to-know: time-limited,
    with a reason, audited read by read, and reviewed afterwards by a leader of the case's unit."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="break_glass_accesses")
    user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("medarbejder"))
    reason = EncryptedTextField(_("begrundelse"))
    granted_at = models.DateTimeField(_("åbnet"))
    expires_at = models.DateTimeField(_("udløber"), db_index=True)
    reviewed_at = models.DateTimeField(_("gennemgået"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gennemgået af"),
    )
    review_note = EncryptedTextField(_("note fra gennemgangen"), blank=True)

    class Meta:
        verbose_name = _("nødadgang")
        verbose_name_plural = _("nødadgange")
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["user", "expires_at"], name="breakglass_user_expiry_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user_id} {self.granted_at:%Y-%m-%d %H:%M}"


# --- a new report about a child who already has a case --------------------------------------


class ReportHold(models.Model):
    """A new report about a child or young person who has a protected or flagged case (found by
    CPR blind index, or name and birth date). It goes to that case's people, not the general
    queue, and can only be added to that case, or opened as a new case by a leader's decision
    with a reason, which then inherits the flag, the restrictions and the protection."""

    report = models.OneToOneField(
        "intake.Report", on_delete=models.PROTECT, related_name="hold", verbose_name=_("underretning")
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="held_reports", verbose_name=_("sag"))
    held_at = models.DateTimeField(_("tilbageholdt"))
    released_at = models.DateTimeField(_("frigivet til ny sag"), null=True, blank=True)
    released_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frigivet af"),
    )
    release_reason = EncryptedTextField(_("begrundelse for ny sag"), blank=True)

    class Meta:
        verbose_name = _("underretning om barn med sag")
        verbose_name_plural = _("underretninger om børn med sag")
        ordering = ["-held_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report_id} -> {self.case_id}"


# --- documents that leave the system ----------------------------------------------------------


class OutboundRelease(models.Model):
    """A worker's decision that values the outbound check found in a document may go to its
    recipient after all, with the reason (beredskab.cases.outbound). The values themselves are
    not stored here: only what they were (labels) and why."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="outbound_releases")
    document = models.CharField(_("dokument"), max_length=50)
    recipient = models.CharField(_("modtager"), max_length=100)
    released = models.JSONField(_("frigivet"), default=list)  # [{"key": ..., "label": ...}]
    reason = EncryptedTextField(_("begrundelse"))
    decided_at = models.DateTimeField(_("besluttet"))
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("frigivelse i udgående dokument")
        verbose_name_plural = _("frigivelser i udgående dokumenter")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.document}"
