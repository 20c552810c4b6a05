from django.utils.translation import gettext_lazy as _

from beredskab.accounts.roles import Capability
from beredskab.core.navigation import register

register(
    _("Kø"),
    "cases:queue",
    description=_("Nye underretninger til din enhed, akutte først, og sager uden sagsbehandler."),
    capabilities=[Capability.CASE_WORK],
    order=10,
)
register(
    _("Mine sager"),
    "cases:mine",
    description=_("Dine åbne sager med frister, og sager delt med din enhed."),
    capabilities=[Capability.CASE_WORK],
    order=11,
)
register(
    _("Frister"),
    "cases:deadlines",
    description=_("Lovbestemte frister: 24-timersvurdering, kvittering, tilbagemelding, opgaver og revurderinger."),
    capabilities=[Capability.CASE_WORK],
    order=12,
)
