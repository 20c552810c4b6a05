from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register
from beredskab.core.roles import Capability

register(
    _("Min konto"),
    "accounts:account",
    description=_("Dine roller, to-faktor-login og log ud på alle enheder."),
    order=900,
)
register(
    _("Roller til gennemgang"),
    "accounts:role_reviews",
    description=_("Roller i din enhed, som en systemadministrator har givet: behold eller fjern dem."),
    capabilities=[Capability.CASE_LEAD],
    order=16,
)
