from django.utils.translation import gettext_lazy as _

from beredskab.core.navigation import register
from beredskab.core.roles import Capability

register(
    _("Revisionslog"),
    "audit:search",
    description=_("Søg i loggen over opslag og ændringer: hvem, hvad, hvornår og hvorfor."),
    capabilities=[Capability.AUDIT_VIEW],
    order=700,
)
register(
    _("Borgerens indsigt i opslag"),
    "audit:citizen_access",
    description=_("Lav en oversigt til en borger over opslag på borgerens oplysninger, med dato og formål."),
    capabilities=[Capability.AUDIT_VIEW],
    order=710,
)
