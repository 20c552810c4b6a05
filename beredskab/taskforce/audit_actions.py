from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

# Reads
ROSTER_VIEWED = register("taskforce.roster_viewed", _("Taskforcens vagtplan vist"), ActionKind.READ)
OVERVIEW_VIEWED = register("taskforce.overview_viewed", _("Taskforcens overblik vist"), ActionKind.READ)

# Writes
MEMBER_ADDED = register("taskforce.member_added", _("Medarbejder sat på taskforcens vagtplan"), ActionKind.WRITE)
MEMBER_CHANGED = register("taskforce.member_changed", _("Rolle på taskforcens vagtplan ændret"), ActionKind.WRITE)
MEMBER_REMOVED = register(
    "taskforce.member_removed", _("Medarbejder fjernet fra taskforcens vagtplan"), ActionKind.WRITE
)
ABSENCE_ADDED = register("taskforce.absence_added", _("Fravær registreret på taskforcens vagtplan"), ActionKind.WRITE)
ABSENCE_REMOVED = register("taskforce.absence_removed", _("Fravær slettet fra taskforcens vagtplan"), ActionKind.WRITE)
INQUIRY_ASSIGNED = register("taskforce.inquiry_assigned", _("Henvendelse fordelt ved modtagelsen"), ActionKind.WRITE)
INQUIRY_REASSIGNED = register("taskforce.inquiry_reassigned", _("Henvendelse fordelt til en ny ejer"), ActionKind.WRITE)
OWNER_FLAGGED = register(
    "taskforce.owner_flagged", _("Åben henvendelse uden en ejer, der er til rådighed, markeret"), ActionKind.WRITE
)
