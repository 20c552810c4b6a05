from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register
from beredskab.core.roles import Role

register(
    _("Taskforce for voksne"),
    "taskforce:index",
    description=_("Vagtplan med nøglemedarbejdere, bagvagt og fravær, og overblik over åbne henvendelser."),
    roles=[Role.ADULT_TASKFORCE, Role.UNIT_LEADER, Role.PLAN_COORDINATOR],
    order=20,
)
