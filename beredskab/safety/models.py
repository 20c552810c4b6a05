"""Between the meetings: the person's own safety plan, the no-show rule and the travel and
return watch (the concern radar reads and writes nothing of its own but the audit log).

A *personal* safety plan ("personlig sikkerhedsplan") is made with the young person or adult
and without the family, on the scenarios of the case's current approved risk assessment
(barnets lov § 18, stk. 3; serviceloven § 12 a for adults). It is never shared with the
family: it is restricted from disclosure to the family and network when it is made
(`beredskab.cases.disclosure`). It is a different thing from the family-based "sikkerhedsplan"
of other methods, and the pages say so.

Contacts are stored as the plan file's stable contact codes (`plan.ContactUnit.code`) and
resolved against the plan in force when a page or PDF is made, so a changed phone number
reaches the person's pocket card at the next print.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.fields import EncryptedTextField


class SafetyPlanStatus(models.TextChoices):
    ACTIVE = "active", _("Gældende")
    ENDED = "ended", _("Afsluttet")


class NeverChannel(models.TextChoices):
    LETTER_HOME = "letter_home", _("Breve til hjemmets adresse")
    DIGITAL_POST = "digital_post", _("Digital Post, som familien kan læse")
    SHARED_PHONE = "shared_phone", _("En telefon, som deles med familien")
    SOCIAL_MEDIA = "social_media", _("Sociale medier")
    VIA_SIBLINGS = "via_siblings", _("Beskeder gennem søskende eller familie")


class SafeDocument(models.TextChoices):
    PASSPORT = "passport", _("Pas")
    ID = "id", _("ID-kort eller sundhedskort")
    RESIDENCE_PERMIT = "residence_permit", _("Opholdstilladelse")
    OTHER = "other", _("Andre dokumenter")


class SafetyPlan(models.Model):
    """One personal safety plan of a case; a case has at most one active plan."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("nummer"))
    risk_assessment = models.ForeignKey(
        "risk.RiskAssessment", on_delete=models.PROTECT, related_name="+", verbose_name=_("risikovurdering")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SafetyPlanStatus.choices, default=SafetyPlanStatus.ACTIVE
    )
    made_with_person_on = models.DateField(_("aftalt med den unge den"))
    code_word = EncryptedTextField(_("kodeord"), blank=True)
    safe_channels = EncryptedTextField(_("sikre måder at kontakte den unge på"))
    never_channels = models.JSONField(_("kanaler, der aldrig må bruges"), default=list)
    never_note = EncryptedTextField(_("om kanalerne"), blank=True)
    documents = models.JSONField(_("dokumenter i sikkerhed"), default=list, blank=True)
    documents_note = EncryptedTextField(_("hvor dokumenterne opbevares"), blank=True)
    no_show_reporter = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("melder udeblivelse (fx skolens kontaktperson)"),
    )
    no_show_hours = models.PositiveSmallIntegerField(_("reaktionstid ved udeblivelse (timer)"))
    no_show_reaction = EncryptedTextField(_("hvem reagerer hvordan ved udeblivelse"))
    review_on = models.DateField(_("revideres senest"))
    review_task = models.ForeignKey("cases.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("oprettet"))
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("senest ændret"))
    ended_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    ended_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("personlig sikkerhedsplan")
        verbose_name_plural = _("personlige sikkerhedsplaner")
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="safety_plan_number_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="active"), name="safety_plan_one_active_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number}"

    @property
    def is_active(self) -> bool:
        return self.status == SafetyPlanStatus.ACTIVE

    @property
    def never_channel_labels(self) -> list[str]:
        return [str(NeverChannel(c).label) for c in self.never_channels if c in NeverChannel.values]

    @property
    def document_labels(self) -> list[str]:
        return [str(SafeDocument(d).label) for d in self.documents if d in SafeDocument.values]


class SafetyScenario(models.Model):
    """What the person does in one scenario of the risk assessment."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="scenarios")
    order = models.PositiveSmallIntegerField(_("rækkefølge"))
    scenario = EncryptedTextField(_("scenarie fra risikovurderingen"))
    actions = EncryptedTextField(_("det gør den unge"))
    contact_codes = models.JSONField(_("ring til (planens kontakter)"), default=list)
    safe_places = EncryptedTextField(_("sikre steder"), blank=True)

    class Meta:
        verbose_name = _("scenarie i sikkerhedsplanen")
        verbose_name_plural = _("scenarier i sikkerhedsplanen")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="safety_scenario_order_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id}.{self.order}"


class EscalationStop(models.TextChoices):
    """Why the no-show ladder stopped without anybody recording what was done."""

    CASE_CLOSED = "case_closed", _("Sagen blev lukket")
    PLAN_ENDED = "plan_ended", _("Sikkerhedsplanen blev afsluttet")


class NoShow(models.Model):
    """The person did not turn up: a task for the case owner with a deadline in hours, then the
    leader, then the out-of-hours route, until someone records what was done, or the case is
    closed or the plan ended (the ladder stops, and why is recorded)."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="no_shows")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("meldt"))
    reported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    deadline_at = models.DateTimeField(_("reaktion senest"))
    task = models.ForeignKey("cases.Task", on_delete=models.PROTECT, related_name="+")
    leader_alerted_at = models.DateTimeField(_("lederen varslet"), null=True, blank=True)
    out_of_hours_alerted_at = models.DateTimeField(_("vagten varslet"), null=True, blank=True)
    handled_at = models.DateTimeField(_("håndteret"), null=True, blank=True)
    handled_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action_taken = EncryptedTextField(_("det blev gjort"), blank=True)
    escalation_stopped_at = models.DateTimeField(_("eskalering stoppet"), null=True, blank=True)
    escalation_stop_reason = models.CharField(
        _("eskalering stoppet, fordi"), max_length=20, choices=EscalationStop.choices, blank=True
    )

    class Meta:
        verbose_name = _("udeblivelse")
        verbose_name_plural = _("udeblivelser")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.reported_at:%Y-%m-%d %H:%M}"


class TripKind(models.TextChoices):
    PLANNED = "planned", _("Planlagt rejse")
    SUSPECTED = "suspected", _("Mistanke om rejse")


class Trip(models.Model):
    """A planned or suspected trip abroad, and the check that the person came back."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=10, choices=TripKind.choices)
    destination = EncryptedTextField(_("land"))
    departs_on = models.DateField(_("afrejse"), null=True, blank=True)
    expected_return_on = models.DateField(_("forventet hjemkomst"), null=True, blank=True)
    passport_holder = EncryptedTextField(_("hvem har passet"), blank=True)
    person_said = EncryptedTextField(_("det siger den unge selv"), blank=True)
    recorded_at = models.DateTimeField(_("registreret"))
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    return_task = models.ForeignKey("cases.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    overdue_alerted_at = models.DateTimeField(_("varslet om manglende hjemkomst"), null=True, blank=True)
    returned_on = models.DateField(_("bekræftet tilbage"), null=True, blank=True)
    return_confirmed_at = models.DateTimeField(_("hjemkomst bekræftet"), null=True, blank=True)
    return_confirmed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_note = EncryptedTextField(_("om hjemkomsten"), blank=True)

    class Meta:
        verbose_name = _("rejse")
        verbose_name_plural = _("rejser")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.returned_on is None
