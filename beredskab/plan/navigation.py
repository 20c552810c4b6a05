from django.utils.translation import gettext_lazy as _

from beredskab.accounts.roles import Capability
from beredskab.core.navigation import register

register(
    _("Beredskabsplan"),
    "plan:list",
    description=_("Planens versioner, vedtagelse, sammenligning og oplysninger, der skal bekræftes."),
    capabilities=[Capability.PLAN_MANAGE],
    order=60,
)
