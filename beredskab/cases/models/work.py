"""The work on a case: the journal and decisions (append-only: a correction is a new entry that
points to the one it corrects), tasks and interventions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.fields import EncryptedTextField

from .case import Case
from .network import CasePerson


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
