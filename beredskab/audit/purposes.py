from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """Why personal data was used. Shown to citizens who ask who looked at their data."""

    CASE_WORK = "case_work", _("Sagsbehandling")
    INTAKE = "intake", _("Modtagelse og visitation af henvendelse")
    SUPERVISION = "supervision", _("Ledelsestilsyn")
    COLLABORATION = "collaboration", _("Tværfagligt samarbejde")
    AUDIT = "audit", _("Kontrol og revision")
    CITIZEN_REQUEST = "citizen_request", _("Borgerens anmodning om indsigt")
    EMERGENCY = "emergency", _("Nødadgang")
    REPORTING = "reporting", _("Indberetning og statistik")
    ADMINISTRATION = "administration", _("Systemadministration")
    SUBMISSION = "submission", _("Indsendelse af underretning")
