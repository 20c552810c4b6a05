"""The plan's external partners, and the topics it leaves to separate routes (e.g. extremism)."""

from ..models import Partner
from ..vocabulary import TOPICS
from .reader import Reader


def partners(r: Reader, data: dict) -> list[dict]:
    result = []
    keys = ("code", "kind", "name", "purpose", "phone", "email", "url", "legal_reference", "note")
    for place, item in r.items(data, "partners", ""):
        m = r.mapping(item, place, keys, ("code", "kind", "name", "purpose"))
        if m is None:
            continue
        partner = {
            "code": r.code(m, "code", place),
            "kind": r.choice(m, "kind", place, Partner.Kind.values),
            "name": r.text(m, "name", place, max_length=300),
            "purpose": r.text(m, "purpose", place),
            "legal_reference": r.text(m, "legal_reference", place, max_length=200),
            "note": r.text(m, "note", place),
            "unconfirmed": {},
        }
        for key, read in (("phone", r.phone), ("email", r.email), ("url", r.url)):
            partner[key], note = r.fact(m, key, place, read)
            if note:
                partner["unconfirmed"][key] = note
        result.append(partner)
    return result


def separate_routes(r: Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "separate_routes", ""):
        m = r.mapping(item, place, ("topic", "title", "text", "unit"), ("topic", "title", "text"))
        if m is not None:
            result.append(
                {
                    "topic": r.choice(m, "topic", place, TOPICS),
                    "title": r.text(m, "title", place, max_length=300),
                    "text": r.text(m, "text", place),
                    "unit": r.code(m, "unit", place, required=False),
                    "_place": place,
                }
            )
    return result
