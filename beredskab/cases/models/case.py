"""The case: one unit, at most one owner (the case worker), a status that changes only through
`beredskab.cases.services.case_transition` (which checks `ALLOWED_TRANSITIONS` and leaves a
`CaseStatusChange` row), the child it is about, and the risk gate's state."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.cpr import mask
from beredskab.core.fields import EncryptedTextField


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


# An adult's case (serviceloven) has no 24-hour assessment and no § 18 screening: it goes from
# received straight to the work with the citizen. A case handed over at 18 keeps the status it
# had, so the children's intermediate statuses lead on too.
ADULT_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.RECEIVED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
    CaseStatus.ASSESSED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
    CaseStatus.SCREENED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
    CaseStatus.IN_PROGRESS: frozenset({CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.REOPENED}),
    CaseStatus.REOPENED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
}


class Track(models.TextChoices):
    """The law a case is handled under: children (barnets lov) or adults (serviceloven)."""

    CHILDREN = "children", _("Børn og unge")
    ADULTS = "adults", _("Voksne")


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
    track = models.CharField(_("spor"), max_length=10, choices=Track.choices, default=Track.CHILDREN, db_index=True)
    # Set by a leader's correction of the track (`case_track_correct`); the audit log has the history.
    track_reason = EncryptedTextField(_("begrundelse for sporet"), blank=True)
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

    # Retention (beredskab.cases.retention): a closed adult case under a legal hold (a complaint,
    # a lawsuit, a request for access to files in progress) is never erased while the hold lasts;
    # `erased_at` marks the tombstone that is left after the retention period.
    legal_hold = models.BooleanField(
        _("retligt tilbageholdt"), default=False, help_text=_("Sagens oplysninger slettes ikke, mens den holdes.")
    )
    legal_hold_reason = EncryptedTextField(_("begrundelse for tilbageholdelse"), blank=True)
    erased_at = models.DateTimeField(_("personoplysninger slettet"), null=True, blank=True)

    class Meta:
        verbose_name = _("børnesag")
        verbose_name_plural = _("børnesager")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="case_unit_status_idx"),
            models.Index(fields=["subject_birth_date"], name="case_birth_date_idx"),
            # The few protected cases, read by every visibility check (policies.hidden_protected_case_ids)
            # without scanning the table.
            models.Index(fields=["id"], condition=models.Q(protected=True), name="case_protected_idx"),
            # The goals dashboard's counts of a period's cases, from the index (see Report's).
            models.Index(fields=["received_at"], include=["unit", "track", "nsk_aerk_flag"], name="case_period_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_adult(self) -> bool:
        return self.track == Track.ADULTS

    @property
    def transitions(self) -> dict[str, frozenset[str]]:
        return ADULT_TRANSITIONS if self.is_adult else ALLOWED_TRANSITIONS

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def subject_cpr_masked(self) -> str:
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
