from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

PLAN_IMPORTED = register("plan.imported", _("Beredskabsplan indlæst fra fil"), ActionKind.WRITE)
PLAN_DRAFTED = register("plan.drafted", _("Nyt udkast til beredskabsplan oprettet"), ActionKind.WRITE)
PLAN_DRAFT_EDITED = register("plan.draft_edited", _("Udkast til beredskabsplan ændret"), ActionKind.WRITE)
PLAN_ADOPTED = register("plan.adopted", _("Beredskabsplan vedtaget"), ActionKind.WRITE)
PLAN_ARCHIVED = register("plan.archived", _("Beredskabsplan arkiveret"), ActionKind.WRITE)
PLAN_FACT_CONFIRMED = register("plan.fact_confirmed", _("Oplysning i beredskabsplan bekræftet"), ActionKind.WRITE)
PLAN_SCHEDULED = register("plan.scheduled", _("Beredskabsplan vedtaget med senere ikrafttrædelse"), ActionKind.WRITE)
PLAN_PUT_IN_FORCE = register("plan.put_in_force", _("Beredskabsplan trådt i kraft"), ActionKind.WRITE)
PLAN_ROLLED_BACK = register(
    "plan.rolled_back", _("Beredskabsplan rullet tilbage til den forrige version"), ActionKind.WRITE
)
PLAN_SCHEDULE_CANCELLED = register(
    "plan.schedule_cancelled", _("Ikrafttrædelse af beredskabsplan annulleret (tilbage til udkast)"), ActionKind.WRITE
)
