from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register

register(
    _("Min konto"),
    "accounts:account",
    description=_("Dine roller, to-faktor-login og log ud på alle enheder."),
    order=900,
)
