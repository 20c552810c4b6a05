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

# The files made in the background: asked for (a write: the job) and fetched (a read). Making the
# file is recorded by EXPORTED / STATISTICS_EXPORTED, as a download on the spot is.
EXPORT_REQUESTED = register("goals.export_requested", _("Fil fra målopfølgningen bestilt"), ActionKind.WRITE)
EXPORT_DOWNLOADED = register("goals.export_downloaded", _("Bestilt fil fra målopfølgningen hentet"), ActionKind.READ)
