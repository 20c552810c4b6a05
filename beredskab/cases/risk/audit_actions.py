from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

INSTRUMENT_LOADED = register("risk.instrument_loaded", _("Risikoinstrument indlæst"), ActionKind.WRITE)
ASSESSMENT_STARTED = register("risk.assessment_started", _("Risikovurdering påbegyndt"), ActionKind.WRITE)
ASSESSMENT_SAVED = register("risk.assessment_saved", _("Risikovurdering gemt"), ActionKind.WRITE)
ASSESSMENT_COMPLETED = register("risk.assessment_completed", _("Risikovurdering afsluttet"), ActionKind.WRITE)
ASSESSMENT_APPROVED = register("risk.assessment_approved", _("Risikovurdering godkendt"), ActionKind.WRITE)
ASSESSMENT_RETURNED = register("risk.assessment_returned", _("Risikovurdering sendt tilbage"), ActionKind.WRITE)
ASSESSMENT_VIEWED = register("risk.assessment_viewed", _("Risikovurdering læst"), ActionKind.READ)
ASSESSMENT_EXPORTED = register("risk.assessment_exported", _("Risikovurdering udskrevet som PDF"), ActionKind.READ)
GATE_OVERRIDDEN = register("risk.gate_overridden", _("Risikoporten tilsidesat af leder"), ActionKind.SECURITY)
GATE_OVERRIDE_REVOKED = register(
    "risk.gate_override_revoked", _("Tilsidesættelse af risikoporten ophævet"), ActionKind.SECURITY
)
GATE_OVERRIDE_REFUSED = register(
    "risk.gate_override_refused", _("Forsøg på at tilsidesætte risikoporten afvist"), ActionKind.SECURITY
)
GATE_ASSESSMENT_CONFIRMED = register(
    "risk.gate_assessment_confirmed", _("Gældende risikovurdering bekræftet efter ny underretning"), ActionKind.WRITE
)
CONSULTATION_RECORDED = register("risk.consultation_recorded", _("Konsultation registreret"), ActionKind.WRITE)
