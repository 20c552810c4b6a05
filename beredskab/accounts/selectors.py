from django.conf import settings

from .models import Municipality, Unit


def current_municipality() -> Municipality | None:
    """The municipality this installation serves (one per installation)."""
    return Municipality.objects.filter(code=settings.MUNICIPALITY_CODE).first()


def current_municipality_name() -> str:
    municipality = current_municipality()
    return municipality.name if municipality else ""


def adults_units(*, within=None):
    """The units for adults (`Unit.Kind.ADULTS`: the adult taskforce), ordered by pk; `within`
    (unit ids) narrows them. The one place that says which units handle adults under
    serviceloven: intake, cases, the taskforce and the adults app all ask here."""
    units = Unit.objects.filter(kind=Unit.Kind.ADULTS)
    if within is not None:
        units = units.filter(pk__in=within)
    return units.order_by("pk")


def is_adults_unit(unit) -> bool:
    """Whether `unit` (or None) is a unit for adults; no query."""
    return unit is not None and unit.kind == Unit.Kind.ADULTS
