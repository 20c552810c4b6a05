from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

# Reads
DASHBOARD_VIEWED = register("goals.dashboard_viewed", _("Målopfølgning og lovkravsbarometer vist"), ActionKind.READ)
CASES_BEHIND_VIEWED = register(
    "goals.cases_behind_viewed", _("Sagerne bag et tal i lovkravsbarometeret vist"), ActionKind.READ
)
EXPORTED = register("goals.exported", _("Målopfølgningens tabeller hentet som fil"), ActionKind.READ)
STATISTICS_EXPORTED = register(
    "goals.statistics_exported", _("Underretninger hentet til Danmarks Statistik"), ActionKind.READ
)
