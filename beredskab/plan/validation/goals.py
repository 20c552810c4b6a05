"""Prevention levels, the plan's goals with their activities, and its implementation texts."""

from ..models import GoalActivity, PreventionLevel
from .reader import Reader, join, show


def prevention(r: Reader, data: dict) -> dict:
    m = r.mapping(data.get("prevention"), "prevention", ("intro", "source", "levels")) or {}
    levels, seen = [], set()
    for place, item in r.items(m, "levels", "prevention"):
        keys = ("level", "name", "description", "triangle_label")
        p = r.mapping(item, place, keys, ("level", "name", "description"))
        if p is None:
            continue
        level = r.choice(p, "level", place, PreventionLevel.Level.values)
        if level in seen:
            r.error(join(place, "level"), f"{show(level)} is listed twice")
        seen.add(level)
        levels.append(
            {
                "level": level,
                "name": r.text(p, "name", place, max_length=200),
                "description": r.text(p, "description", place),
                "triangle_label": r.text(p, "triangle_label", place, max_length=300),
            }
        )
    order = PreventionLevel.LEVEL_ORDER
    return {
        "intro": r.text(m, "intro", "prevention"),
        "source": r.text(m, "source", "prevention", max_length=300),
        "levels": sorted(levels, key=lambda x: order.index(x["level"]) if x["level"] in order else len(order)),
    }


def goals(r: Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "goals", ""):
        m = r.mapping(item, place, ("code", "title", "description", "period", "activities"), ("code", "title"))
        if m is None:
            continue
        activities = []
        for a_place, a_item in r.items(m, "activities", place):
            keys = ("kind", "title", "description", "audience", "formats", "due", "partner")
            a = r.mapping(a_item, a_place, keys, ("kind", "title"))
            if a is not None:
                activities.append(
                    {
                        "kind": r.choice(a, "kind", a_place, GoalActivity.Kind.values),
                        "title": r.text(a, "title", a_place, max_length=300),
                        "description": r.text(a, "description", a_place),
                        "audience": r.text(a, "audience", a_place, max_length=300),
                        "formats": r.text_list(a, "formats", a_place),
                        "due": r.text(a, "due", a_place, max_length=100),
                        "partner": r.code(a, "partner", a_place, required=False),
                        "_place": a_place,
                    }
                )
        result.append(
            {
                "code": r.code(m, "code", place),
                "title": r.text(m, "title", place, max_length=300),
                "description": r.text(m, "description", place),
                "period": r.text(m, "period", place, max_length=50),
                "activities": activities,
            }
        )
    return result


def implementation(r: Reader, data: dict) -> dict:
    m = r.mapping(data.get("implementation"), "implementation", ("dissemination", "partnership")) or {}
    d = r.mapping(m.get("dissemination"), "implementation.dissemination", ("text", "channels")) or {}
    return {
        "dissemination": {
            "text": r.text(d, "text", "implementation.dissemination"),
            "channels": r.text_list(d, "channels", "implementation.dissemination"),
        },
        "partnership": r.text(m, "partnership", "implementation"),
    }
