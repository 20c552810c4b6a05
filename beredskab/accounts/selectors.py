from django.conf import settings

from .models import Municipality


def current_municipality() -> Municipality | None:
    """The municipality this installation serves (one per installation)."""
    return Municipality.objects.filter(code=settings.MUNICIPALITY_CODE).first()


def current_municipality_name() -> str:
    municipality = current_municipality()
    return municipality.name if municipality else ""
