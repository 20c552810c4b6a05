from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register
from beredskab.core.roles import Role

register(
    _("Før skoleferien"),
    "safety:holiday_list",
    description=_("Åbne sager markeret NSK/ÆRK med en rejse til udlandet eller en kendt risiko for en."),
    roles=[Role.CHILD_CASEWORKER, Role.UNIT_LEADER, Role.ADULT_TASKFORCE],
    order=30,
)
