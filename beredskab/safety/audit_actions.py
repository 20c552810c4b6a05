from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

PLAN_CREATED = register("safety.plan_created", _("Personlig sikkerhedsplan oprettet"), ActionKind.WRITE)
PLAN_CHANGED = register("safety.plan_changed", _("Personlig sikkerhedsplan ændret"), ActionKind.WRITE)
PLAN_ENDED = register("safety.plan_ended", _("Personlig sikkerhedsplan afsluttet"), ActionKind.WRITE)
SCENARIO_ADDED = register("safety.scenario_added", _("Scenarie tilføjet til sikkerhedsplan"), ActionKind.WRITE)
REVIEW_DUE = register("safety.review_due", _("Personlig sikkerhedsplan skal revideres"), ActionKind.WRITE)
PLAN_VIEWED = register("safety.plan_viewed", _("Personlig sikkerhedsplan læst"), ActionKind.READ)
PLAN_PRINTED = register("safety.plan_printed", _("Personlig sikkerhedsplan udskrevet"), ActionKind.READ)
NO_SHOW_RECORDED = register("safety.no_show_recorded", _("Udeblivelse meldt"), ActionKind.WRITE)
NO_SHOW_ESCALATED = register("safety.no_show_escalated", _("Udeblivelse eskaleret"), ActionKind.WRITE)
NO_SHOW_ESCALATION_STOPPED = register(
    "safety.no_show_escalation_stopped", _("Eskalering af udeblivelse stoppet"), ActionKind.WRITE
)
NO_SHOW_HANDLED = register("safety.no_show_handled", _("Udeblivelse håndteret"), ActionKind.WRITE)
TRIP_RECORDED = register("safety.trip_recorded", _("Rejse til udlandet registreret"), ActionKind.WRITE)
RETURN_CHECK_OPENED = register("safety.return_check_opened", _("Tjek af hjemkomst oprettet"), ActionKind.WRITE)
RETURN_OVERDUE = register("safety.return_overdue", _("Hjemkomst ikke bekræftet: varslet"), ActionKind.WRITE)
RETURN_CONFIRMED = register("safety.return_confirmed", _("Hjemkomst bekræftet"), ActionKind.WRITE)
WATCH_VIEWED = register("safety.watch_viewed", _("Sikkerhedsoversigt læst"), ActionKind.READ)
HOLIDAY_LIST_VIEWED = register("safety.holiday_list_viewed", _("Liste før skoleferie læst"), ActionKind.READ)
RADAR_LOOKUP = register("safety.radar_lookup", _("Bekymringsradar slået op"), ActionKind.READ)
