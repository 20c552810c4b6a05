"""The transition at 18: what was decided for a young person's case when they come of age.

A children's case whose young person turns 18 soon is flagged (`beredskab.cases.coming_of_age`).
A leader then records one decision: a hand-over to the adult unit (the same case moves on, so
its whole history, risk assessments, restrictions and network stay with it), or continued
support for 18-22-year-olds under barnets lov §§ 114-116 in the children's unit. Rows are never
changed afterwards."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.core.fields import EncryptedTextField


class ComingOfAgeKind(models.TextChoices):
    HANDOVER = "handover", _("Overdraget til voksenområdet")
    CONTINUED_SUPPORT = "continued_support", _("Fortsat støtte 18-22 år (barnets lov §§ 114-116)")


class Consent(models.TextChoices):
    GIVEN = "given", _("Den unge har givet samtykke")
    NOT_NEEDED = "not_needed", _("Samtykke er ikke nødvendigt")
    REFUSED = "refused", _("Den unge har ikke givet samtykke")


class ComingOfAge(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="coming_of_age")
    kind = models.CharField(_("beslutning"), max_length=20, choices=ComingOfAgeKind.choices)
    decided_at = models.DateTimeField(_("besluttet"))
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    consent = models.CharField(_("samtykke"), max_length=20, choices=Consent.choices)
    reason = EncryptedTextField(_("begrundelse"))
    support_until = models.DateField(_("støtte til og med"), null=True, blank=True)

    class Meta:
        verbose_name = _("overgang ved 18 år")
        verbose_name_plural = _("overgange ved 18 år")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"
