from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

COUNSELLING_RECORDED = register("adults.counselling_recorded", _("Rådgivningssamtale registreret"), ActionKind.WRITE)
COUNSELLING_VIEWED = register("adults.counselling_viewed", _("Rådgivningssamtaler læst"), ActionKind.READ)
PLAN_STARTED = register("adults.action_plan_started", _("Handlingsplan påbegyndt"), ActionKind.WRITE)
PLAN_SAVED = register("adults.action_plan_saved", _("Handlingsplan gemt"), ActionKind.WRITE)
PLAN_AGREED = register("adults.action_plan_agreed", _("Handlingsplan aftalt med borgeren"), ActionKind.WRITE)
PLAN_VIEWED = register("adults.action_plan_viewed", _("Handlingsplan læst"), ActionKind.READ)
PLAN_EXPORTED = register("adults.action_plan_exported", _("Handlingsplan udskrevet som PDF"), ActionKind.READ)
REFERRAL_RECORDED = register("adults.referral_recorded", _("Henvisning registreret"), ActionKind.WRITE)
REFERRAL_STATUS_CHANGED = register(
    "adults.referral_status_changed", _("Status for henvisning ændret"), ActionKind.WRITE
)
