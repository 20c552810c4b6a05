"""Risk assessment as structured professional judgement, the gate override, and consultations.

An `Instrument` is data: factor groups and factors with short neutral labels, loaded from a
YAML file (`instruments/*.yaml`, `manage.py load_risk_instrument`). A municipality licensed for
another instrument loads that one in the same format; the software ships no copyrighted text.

A `RiskAssessment` rates every factor now and in the past (absent / partly / present) with
notes. No score is computed, and nothing decides the conclusion but the assessor: the
conclusion (serious violence and acute risk: low / medium / high) is written by a person,
with likely victims, scenarios, safety measures and a reassessment date. One worker completes
it; a second person (another case worker or a leader) approves it. After completion it is
never changed: a new version is started from it instead.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.fields import EncryptedTextField


class Instrument(models.Model):
    code = models.SlugField(_("kode"))
    version = models.CharField(_("version"), max_length=30)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    licence_note = models.TextField(_("licens og kilde"), blank=True)
    is_active = models.BooleanField(_("i brug"), default=True)
    source_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(_("indlæst"))

    class Meta:
        verbose_name = _("risikoinstrument")
        verbose_name_plural = _("risikoinstrumenter")
        ordering = ["code", "-loaded_at"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class FactorGroup(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="groups")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(_("kode"))
    label = models.CharField(_("overskrift"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("faktorgruppe")
        verbose_name_plural = _("faktorgrupper")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="factor_group_code_unique")]

    def __str__(self) -> str:
        return self.label


class Factor(models.Model):
    group = models.ForeignKey(FactorGroup, on_delete=models.CASCADE, related_name="factors")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.SlugField(_("kode"))
    label = models.CharField(_("faktor"), max_length=200)
    guidance = models.TextField(_("vejledning"), blank=True)

    class Meta:
        verbose_name = _("risikofaktor")
        verbose_name_plural = _("risikofaktorer")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="factor_code_unique")]

    def __str__(self) -> str:
        return self.label


class Rating(models.TextChoices):
    ABSENT = "absent", _("Ikke til stede")
    PARTLY = "partly", _("Delvist til stede")
    PRESENT = "present", _("Til stede")


class Level(models.TextChoices):
    LOW = "low", _("Lav")
    MEDIUM = "medium", _("Middel")
    HIGH = "high", _("Høj")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    COMPLETED = "completed", _("Afsluttet, afventer godkendelse")
    APPROVED = "approved", _("Godkendt")
    RETURNED = "returned", _("Sendt tilbage")


class RiskAssessment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="risk_assessments")
    version = models.PositiveSmallIntegerField(_("version"))
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bygger på")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    author = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("udarbejdet af")
    )
    created_at = models.DateTimeField(_("påbegyndt"))
    updated_at = models.DateTimeField(_("senest gemt"))
    completed_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("godkendt af"),
    )
    reviewed_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    review_note = EncryptedTextField(_("bemærkning ved godkendelse"), blank=True)

    subject_is_likely_victim = models.BooleanField(_("barnet selv er sandsynligt offer"), default=True)
    possible_perpetrators = models.ManyToManyField(
        "cases.CasePerson", blank=True, related_name="assessments_as_perpetrator", verbose_name=_("mulige udøvere")
    )
    likely_victims = models.ManyToManyField(
        "cases.CasePerson", blank=True, related_name="assessments_as_victim", verbose_name=_("andre sandsynlige ofre")
    )
    protective_factors = EncryptedTextField(_("beskyttende faktorer"), blank=True)
    serious_violence_risk = models.CharField(
        _("risiko for alvorlig vold"), max_length=10, choices=Level.choices, blank=True
    )
    acute_risk = models.CharField(_("akut risiko"), max_length=10, choices=Level.choices, blank=True)
    conclusion = EncryptedTextField(_("samlet faglig vurdering"), blank=True)
    scenarios = EncryptedTextField(_("scenarier"), blank=True)
    safety_measures = EncryptedTextField(_("sikkerhedsforanstaltninger"), blank=True)
    reassessment_on = models.DateField(_("revurderes senest"), null=True, blank=True)

    class Meta:
        verbose_name = _("risikovurdering")
        verbose_name_plural = _("risikovurderinger")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="risk_assessment_version_unique"),
            # One assessment in the making per case (a draft, or one awaiting approval).
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status__in=["draft", "completed"]),
                name="risk_assessment_one_open_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status != AssessmentStatus.DRAFT


class FrozenAssessmentError(Exception):
    pass


class FactorRating(models.Model):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.PROTECT, related_name="ratings")
    factor = models.ForeignKey(Factor, on_delete=models.PROTECT, related_name="+")
    now = models.CharField(_("nu"), max_length=10, choices=Rating.choices, blank=True)
    past = models.CharField(_("tidligere"), max_length=10, choices=Rating.choices, blank=True)
    notes = EncryptedTextField(_("noter"), blank=True)

    class Meta:
        verbose_name = _("vurdering af faktor")
        verbose_name_plural = _("vurderinger af faktorer")
        ordering = ["factor__group__order", "factor__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "factor"], name="factor_rating_unique")]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.factor_id}"

    def save(self, *args, **kwargs):
        # Completed assessments stay as they were completed (services check too).
        if (
            not self._state.adding
            and RiskAssessment.objects.filter(pk=self.assessment_id).exclude(status=AssessmentStatus.DRAFT).exists()
        ):
            raise FrozenAssessmentError("A completed risk assessment cannot be changed.")
        super().save(*args, **kwargs)


class OverrideKind(models.TextChoices):
    OVERRIDE = "override", _("Tilsidesættelse: forældre eller netværk må inddrages før risikovurderingen")
    NOT_INVOLVED = "not_involved", _("Markeringen fjernet: NSK/ÆRK er ikke involveret")


class GateOverride(models.Model):
    """A unit leader's decision, with a written reason, that opens the risk gate without an
    approved assessment: an override, or removing the NSK/ÆRK flag (which is an override too).
    Shown on the case and on the leaders' oversight list until revoked; a new report or a
    reopening revokes it (a fresh decision is needed)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="gate_overrides")
    kind = models.CharField(_("type"), max_length=20, choices=OverrideKind.choices, default=OverrideKind.OVERRIDE)
    granted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("tilsidesat"))
    reason = EncryptedTextField(_("begrundelse"))
    revoked_at = models.DateTimeField(_("ophævet"), null=True, blank=True)
    revoked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revoke_cause = models.CharField(_("ophævet fordi"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("tilsidesættelse af risikoporten")
        verbose_name_plural = _("tilsidesættelser af risikoporten")
        ordering = ["granted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(revoked_at__isnull=True), name="gate_override_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.granted_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class GateConfirmation(models.Model):
    """After a new report or a reopening, the case worker confirms that the approved risk
    assessment still holds, with a written reason (instead of a new assessment)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="gate_confirmations")
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.PROTECT, related_name="confirmations")
    confirmed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("bekræftet"))
    reason = EncryptedTextField(_("begrundelse"))

    class Meta:
        verbose_name = _("bekræftelse af risikovurdering")
        verbose_name_plural = _("bekræftelser af risikovurderinger")
        ordering = ["confirmed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: v{self.assessment_id} {self.confirmed_at:%Y-%m-%d}"


class PartnerKind(models.TextChoices):
    POLICE = "police", _("Politiet (ÆRK-kontaktperson)")
    SECURITY_CONSULTANT = "security_consultant", _("Sikkerhedskonsulent (SIRI, serviceloven § 12 c)")
    VISO = "viso", _("VISO")
    OTHER = "other", _("Anden samarbejdspartner")


class Identification(models.TextChoices):
    ANONYMISED = "anonymised", _("Anonymiseret (uden navne og CPR-nummer)")
    NAMED_CONSENT = "named_consent", _("Med navn, med samtykke")
    NAMED_LEGAL_BASIS = "named_legal_basis", _("Med navn, med anden hjemmel")


class Consultation(models.Model):
    """Advice from the police, a SIRI security consultant, VISO or another partner of the plan.
    The partners advise; the case worker stays responsible."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="consultations")
    partner_kind = models.CharField(_("samarbejdspartner"), max_length=30, choices=PartnerKind.choices)
    partner = models.ForeignKey(
        "plan.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner i planen"),
    )
    partner_name = models.CharField(_("partner"), max_length=300)
    contact_person = models.CharField(_("kontaktperson hos partneren"), max_length=200, blank=True)
    consulted_on = models.DateField(_("dato"))
    identification = models.CharField(_("oplysninger om barnet"), max_length=20, choices=Identification.choices)
    consent_note = EncryptedTextField(_("samtykke"), blank=True)
    legal_basis = models.CharField(_("hjemmel"), max_length=200, blank=True)
    question = EncryptedTextField(_("spørgsmål"))
    advice = EncryptedTextField(_("rådgivning"))
    follow_up = EncryptedTextField(_("opfølgning"), blank=True)
    recorded_at = models.DateTimeField(_("registreret"))
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("konsultation")
        verbose_name_plural = _("konsultationer")
        ordering = ["consulted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.partner_kind} {self.consulted_on}"
