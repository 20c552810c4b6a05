from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register
from beredskab.core.roles import Capability

register(
    _("Kø"),
    "cases:queue",
    description=_("Nye underretninger og henvendelser til din enhed, akutte først, og sager uden sagsbehandler."),
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
    description=_(
        "Sagernes frister: vurderinger og kvitteringer, kontakt til borgeren, opgaver, revurderinger og unge, der "
        "snart fylder 18 år."
    ),
    capabilities=[Capability.CASE_WORK],
    order=12,
)
register(
    _("Nødadgang"),
    "cases:break_glass",
    description=_("Åbn en sag, du ikke har adgang til, i en nødsituation. Kræver en begrundelse og gennemgås."),
    capabilities=[Capability.CASE_WORK],
    order=13,
)
register(
    _("Nødadgange til gennemgang"),
    "cases:break_glass_reviews",
    description=_("Nødadgange til enhedens sager, som en leder skal gennemgå, og afviste forsøg på beskyttede sager."),
    capabilities=[Capability.CASE_LEAD],
    order=14,
)
register(
    _("Risikoporten"),
    "cases:gate_oversight",
    description=_(
        "Tilsidesættelser og fjernede markeringer, der står ved magt, og screeninger, der venter på godkendelse."
    ),
    capabilities=[Capability.CASE_LEAD],
    order=15,
)
