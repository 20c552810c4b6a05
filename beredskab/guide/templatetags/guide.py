from django import template

from beredskab.plan.routing import phone_uri

register = template.Library()


@register.simple_tag
def short_term(terms: dict, code: str) -> str:
    """The plan's abbreviation for a defined term ("NSK" for the definition with code "nsk")."""
    return (terms or {}).get(f"{code}_short", "")


@register.filter
def tel_uri(phone: str) -> str:
    """ "43 57 75 78" -> "tel:+4543577578" (the same rule as the plan's routing)."""
    return phone_uri(phone or "")
