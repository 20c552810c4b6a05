"""The adult track's case work under serviceloven, on a case of the shared case core
(`beredskab.cases`): counselling conversations (SEL § 10 and § 12 a), the action plan made with
the citizen (with the case's risk assessment, `beredskab.cases.risk`), and referrals to a crisis
centre (SEL § 109) or temporary housing (SEL § 110).

Like the journal, nothing here is edited after it is recorded: a counselling conversation is
corrected by a new one pointing to it, an action plan is a draft until it is agreed and then a
new version is started from it, and a referral's status changes are appended as events.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.fields import EncryptedTextField


class CounsellingBasis(models.TextChoices):
    SEL_10 = "sel_10", _("Rådgivning (serviceloven § 10)")
    SEL_12A = "sel_12a", _("Rådgivning ved vold i nære relationer (serviceloven § 12 a)")


class Counselling(models.Model):
    """One counselling conversation with the citizen."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="adult_counselling")
    number = models.PositiveIntegerField(_("nummer"))
    basis = models.CharField(_("hjemmel"), max_length=10, choices=CounsellingBasis.choices)
    held_on = models.DateField(_("dato"))
    with_whom = EncryptedTextField(_("samtale med"))
    participants = models.ManyToManyField(
        "cases.CasePerson", blank=True, related_name="+", verbose_name=_("deltagere fra familie eller netværk")
    )
    interpreter_used = models.BooleanField(_("tolk brugt"), default=False)
    interpreter_language = models.CharField(_("tolkens sprog"), max_length=100, blank=True)
    safe_place = EncryptedTextField(_("sikkert mødested"))
    note = EncryptedTextField(_("kort notat"), blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("retter")
    )
    recorded_at = models.DateTimeField(_("registreret"))
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("rådgivningssamtale")
        verbose_name_plural = _("rådgivningssamtaler")
        ordering = ["case", "-held_on", "-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="adult_counselling_number_unique")]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number}"


class SupportOption(models.TextChoices):
    COUNSELLING = "counselling", _("Rådgivning og vejledning (serviceloven § 10 og § 12 a)")
    CRISIS_CENTRE = "crisis_centre", _("Ophold på krisecenter (serviceloven § 109)")
    TEMPORARY_HOUSING = "temporary_housing", _("Midlertidigt botilbud (serviceloven § 110)")
    SECURITY_CONSULTANT = "security_consultant", _("Rådgivning hos sikkerhedskonsulent (serviceloven § 12 c)")
    CONTACT_PERSON = "contact_person", _("Fast kontaktperson eller mentor")
    HOUSING_HELP = "housing_help", _("Hjælp til egen bolig")
    WORK_EDUCATION = "work_education", _("Hjælp til job eller uddannelse")
    POLICE = "police", _("Kontakt til politiet")
    FAMILY_DIALOGUE = "family_dialogue", _("Dialog eller mægling med familien")


# Support that involves the citizen's family: only through the risk gate.
FAMILY_SUPPORT_OPTIONS = frozenset({SupportOption.FAMILY_DIALOGUE})


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    AGREED = "agreed", _("Aftalt med borgeren")
    SUPERSEDED = "superseded", _("Erstattet af en nyere version")


class ActionPlan(models.Model):
    """The action plan made with the citizen (handlingsplan). A draft is saved by its author
    until it is agreed; agreeing needs the citizen's recorded consent and the case's risk
    assessment approved (four eyes) and current. After that it is never changed."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="adult_action_plans")
    version = models.PositiveSmallIntegerField(_("version"))
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bygger på")
    )
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("påbegyndt"))
    updated_at = models.DateTimeField(_("senest gemt"))

    housing = EncryptedTextField(_("bolig"), blank=True)
    work = EncryptedTextField(_("arbejde"), blank=True)
    education = EncryptedTextField(_("uddannelse"), blank=True)
    relatives = EncryptedTextField(_("forholdet til de pårørende"), blank=True)
    wishes = EncryptedTextField(_("borgerens egne ønsker"), blank=True)
    consent_given = models.BooleanField(_("borgeren har givet samtykke"), default=False)
    consent_on = models.DateField(_("samtykke givet den"), null=True, blank=True)
    consent_note = EncryptedTextField(_("hvad borgeren har givet samtykke til"), blank=True)
    support_options = models.JSONField(_("valgte støttemuligheder"), default=list, blank=True)
    support_note = EncryptedTextField(_("om støtten"), blank=True)
    follow_up_on = models.DateField(_("første opfølgning"), null=True, blank=True)
    second_follow_up_on = models.DateField(_("næste opfølgning"), null=True, blank=True)

    risk_assessment = models.ForeignKey(
        "risk.RiskAssessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("risikovurdering"),
    )
    agreed_on = models.DateField(_("aftalt med borgeren den"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("markeret aftalt"), null=True, blank=True)
    agreed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="adult_action_plan_version_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="draft"), name="adult_action_plan_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    def support_option_labels(self) -> list[str]:
        return [SupportOption(code).label for code in self.support_options if code in SupportOption.values]


class ReferralKind(models.TextChoices):
    CRISIS_CENTRE = "crisis_centre", _("Krisecenter (serviceloven § 109)")
    TEMPORARY_HOUSING = "temporary_housing", _("Midlertidigt botilbud (serviceloven § 110)")


class ReferralStatus(models.TextChoices):
    REQUESTED = "requested", _("Anmodet")
    ACCEPTED = "accepted", _("Accepteret")
    REFUSED = "refused", _("Afvist")
    MOVED_IN = "moved_in", _("Flyttet ind")
    ENDED = "ended", _("Afsluttet")


# Which status may follow which.
NEXT_STATUSES = {
    ReferralStatus.REQUESTED: (ReferralStatus.ACCEPTED, ReferralStatus.REFUSED),
    ReferralStatus.ACCEPTED: (ReferralStatus.MOVED_IN, ReferralStatus.REFUSED, ReferralStatus.ENDED),
    ReferralStatus.MOVED_IN: (ReferralStatus.ENDED,),
    ReferralStatus.REFUSED: (),
    ReferralStatus.ENDED: (),
}


class Referral(models.Model):
    """A referral of the citizen to a crisis centre or temporary housing. The place is kept
    encrypted (a crisis centre's address is secret); its status changes are `ReferralEvent`s."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="adult_referrals")
    kind = models.CharField(_("type"), max_length=20, choices=ReferralKind.choices)
    place = EncryptedTextField(_("sted"))
    requested_on = models.DateField(_("anmodet den"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.REQUESTED
    )
    status_on = models.DateField(_("status siden"))
    note = EncryptedTextField(_("bemærkning"), blank=True)
    recorded_at = models.DateTimeField(_("registreret"))
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("henvisning")
        verbose_name_plural = _("henvisninger")
        ordering = ["case", "-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"

    @property
    def next_statuses(self) -> tuple:
        return NEXT_STATUSES.get(ReferralStatus(self.status), ())


class ReferralEvent(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices)
    occurred_on = models.DateField(_("dato"))
    note = EncryptedTextField(_("bemærkning"), blank=True)
    recorded_at = models.DateTimeField(_("registreret"))
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("statusændring for henvisning")
        verbose_name_plural = _("statusændringer for henvisninger")
        ordering = ["referral", "occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.status}"
