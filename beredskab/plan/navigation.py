from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register
from beredskab.core.roles import Capability

register(
    _("Beredskabsplan"),
    "plan:list",
    description=_("Planens versioner, vedtagelse, sammenligning og oplysninger, der skal bekræftes."),
    capabilities=[Capability.PLAN_MANAGE],
    order=60,
)
