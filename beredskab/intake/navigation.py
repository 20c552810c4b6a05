from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register
from beredskab.core.roles import Capability

register(
    _("Modtagne underretninger"),
    "intake:unit_reports",
    description=_("Nye underretninger og henvendelser til din enhed."),
    capabilities=[Capability.CASE_WORK],
    order=20,
)
register(
    _("Registrér underretning"),
    "intake:staff_create",
    description=_("Registrér en underretning, du har modtaget pr. telefon eller ved personligt fremmøde."),
    capabilities=[Capability.REPORT_ON_BEHALF],
    order=25,
)
register(
    _("Underret digitalt"),
    "intake:start",
    description=_("Send en underretning om et barn, en ung eller en voksen."),
    order=90,
)
