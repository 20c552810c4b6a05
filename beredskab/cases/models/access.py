"""Who may see or get what: shares with other units, disclosure restrictions, the people named on
a protected case, break-glass accesses, and values released into outgoing documents."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.fields import EncryptedTextField

from .case import Case
from .network import CasePerson


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
