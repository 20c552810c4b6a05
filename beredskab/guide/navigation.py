from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register, register_front_page
from beredskab.core.roles import Capability

register(
    _("Handleguide"),
    "guide:start",
    description=_(
        "Jeg er bekymret – hvad gør jeg nu? Akutte skridt, bekymringstegn, hvem du kontakter nu, og action cards."
    ),
    order=10,
)
register(
    _("Handleguide: forhåndsvisning"),
    "guide:preview",
    description=_(
        "Se, hvad handleguiden svarer på et andet tidspunkt og for en anden version af planen, også et udkast."
    ),
    capabilities=[Capability.PLAN_MANAGE],
    order=61,
)

# The site root is the action guide: the public comes first.
register_front_page("guide:start")
