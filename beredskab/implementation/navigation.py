from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register
from beredskab.core.roles import Capability, Role

register(
    _("Planen i praksis"),
    "implementation:index",
    description=_("Kvittér for at have læst beredskabsplanen, og se din egen opkvalificering."),
    order=62,
)
register(
    _("Videndeling"),
    "implementation:library",
    description=_("Vejledninger, action cards, lokale procedurer og undervisningsmateriale; netværksmøder."),
    order=63,
)
register(
    _("Formidling og opkvalificering"),
    "implementation:dissemination",
    description=_("Send planen i kraft til enhederne, følg kvitteringerne, og registrér opkvalificering."),
    capabilities=[Capability.PLAN_MANAGE],
    roles=[Role.UNIT_LEADER],
    order=64,
)
