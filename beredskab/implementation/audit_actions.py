from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

# Reads
MISSING_VIEWED = register(
    "implementation.missing_viewed", _("Leder så, hvem i enheden der ikke har kvitteret for planen"), ActionKind.READ
)

# Writes
REVISION_REMINDER_SENT = register(
    "implementation.revision_reminder_sent", _("Påmindelse om revision af planen sendt"), ActionKind.WRITE
)
DISSEMINATED = register("implementation.disseminated", _("Planen sendt til en enhed"), ActionKind.WRITE)
DISSEMINATION_NOTIFIED = register(
    "implementation.dissemination_notified", _("Enhedens medarbejdere fik besked om planen"), ActionKind.WRITE
)
ACKNOWLEDGED = register(
    "implementation.acknowledged", _("Medarbejder kvitterede for at have læst planen"), ActionKind.WRITE
)
TRAINING_RECORDED = register("implementation.training_recorded", _("Opkvalificering registreret"), ActionKind.WRITE)
REQUIREMENTS_SET = register(
    "implementation.requirements_set", _("Roller, der skal opkvalificeres, ændret"), ActionKind.WRITE
)
RESOURCE_ADDED = register("implementation.resource_added", _("Vejledning lagt i biblioteket"), ActionKind.WRITE)
MEETING_RECORDED = register("implementation.meeting_recorded", _("Netværksmøde registreret"), ActionKind.WRITE)
RESOURCE_REMOVED = register(
    "implementation.resource_removed", _("Vejledning fjernet fra biblioteket"), ActionKind.WRITE
)
MEETING_REMOVED = register("implementation.meeting_removed", _("Netværksmøde fjernet"), ActionKind.WRITE)
REVIEW_REMINDER_SENT = register(
    "implementation.review_reminder_sent", _("Ansvarlig mindet om gennemgang af vejledning"), ActionKind.WRITE
)
