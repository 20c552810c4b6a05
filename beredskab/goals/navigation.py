from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register
from beredskab.core.roles import Capability

register(
    _("Målopfølgning"),
    "goals:dashboard",
    description=_("Planens mål i tal og lovkravsbarometeret: frister, kvitteringer, screeninger og risikoporten."),
    capabilities=[Capability.CASE_LEAD, Capability.PLAN_MANAGE],
    order=66,
)
