"""Screening, the child's family and network, and the steps that involve them, which the risk
gate holds (barnets lov § 18, stk. 3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.fields import EncryptedTextField

from .case import Case, YesNoUnknown


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


# The network steps' names on an adult's case (NetworkStepKind's labels name the parents).
ADULT_STEP_LABELS = {
    NetworkStepKind.CONTACT: _("Kontakt med familie eller netværk"),
    NetworkStepKind.LETTER: _("Brev til familie eller netværk"),
    NetworkStepKind.MEETING: _("Møde med familie eller netværk"),
    NetworkStepKind.DOCUMENT_SHARE: _("Deling af dokumenter med familie eller netværk"),
    NetworkStepKind.FILE_ACCESS: _("Aktindsigt til familie eller netværk"),
}


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
