"""Readers the plan writes to besides professionals, citizens and the person concerned (e.g. a
frontline professional and the case worker), and the target groups' procedures per reader."""

from ..models import Audience
from .reader import Reader, join, show

# The guide's own reader slugs (`guide.selectors.AUDIENCE_SLUGS`): a plan reader cannot take them.
RESERVED_READER_CODES = ("fagperson", "privatperson", "mig-selv")


def readers(r: Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "readers", ""):
        m = r.mapping(item, place, ("code", "name", "audience"), ("code", "name", "audience"))
        if m is None:
            continue
        reader = {
            "code": r.code(m, "code", place),
            "name": r.text(m, "name", place, max_length=200),
            "audience": r.choice(m, "audience", place, Audience.values),
        }
        if reader["code"] in RESERVED_READER_CODES:
            r.error(join(place, "code"), f"{show(reader['code'])} is the guide's own word for a reader; choose another")
        result.append(reader)
    return result


def reader_procedures(r: Reader, place: str, m: dict, read_steps) -> list[dict]:
    """`procedures: [{reader, title, intro, steps}]`: a group's procedure for one reader each."""
    result, seen = [], set()
    for p_place, item in r.items(m, "procedures", place):
        p = r.mapping(item, p_place, ("reader", "title", "intro", "steps"), ("reader", "steps"))
        if p is None:
            continue
        procedure = {
            "reader": r.code(p, "reader", p_place),
            "title": r.text(p, "title", p_place, max_length=300),
            "intro": r.text(p, "intro", p_place),
            "steps": read_steps(r, p, p_place),
            "_place": p_place,
        }
        if procedure["reader"] in seen:
            r.error(join(p_place, "reader"), f"{show(procedure['reader'])} has a procedure already")
        seen.add(procedure["reader"])
        result.append(procedure)
    return result
