"""The plan's general sections: the municipality, the plan's own texts and topics, the
municipality's words (terms), definitions, the warning signs' introduction and the acute steps."""

from ..vocabulary import DEFAULT_TERMS, TOPICS
from .reader import Reader, show


def municipality(r: Reader, data: dict) -> dict:
    m = r.mapping(data.get("municipality"), "municipality", ("code", "name"), ("code", "name")) or {}
    return {"code": r.code(m, "code", "municipality"), "name": r.text(m, "name", "municipality", max_length=200)}


def plan_texts(r: Reader, data: dict) -> dict:
    keys = (
        "title",
        "version",
        "source",
        "introduction",
        "scope",
        "purpose",
        "topics",
        "target_group_text",
        "organisation_text",
        "contact_text",
    )
    m = r.mapping(data.get("plan"), "plan", keys, ("title", "version", "topics")) or {}
    topics = r.text_list(m, "topics", "plan")
    for i, topic in enumerate(topics):
        if topic not in TOPICS:
            r.error(f"plan.topics[{i}]", f"{show(topic)} is not one of: {', '.join(TOPICS)}")
    if len(set(topics)) != len(topics):
        r.error("plan.topics", "lists a topic twice")
    return {
        "title": r.text(m, "title", "plan", max_length=300),
        "version": r.text(m, "version", "plan", max_length=60),
        "source": r.text(m, "source", "plan", max_length=500),
        "introduction": r.text(m, "introduction", "plan"),
        "scope": r.text(m, "scope", "plan"),
        "purpose": r.text(m, "purpose", "plan"),
        "topics": [t for t in topics if t in TOPICS],
        "target_group_text": r.text(m, "target_group_text", "plan"),
        "organisation_text": r.text(m, "organisation_text", "plan"),
        "contact_text": r.text(m, "contact_text", "plan"),
    }


def terms(r: Reader, data: dict) -> dict:
    m = r.mapping(data.get("terms"), "terms", DEFAULT_TERMS) or {}
    return {key: r.text(m, key, "terms", required=True, max_length=200) for key in DEFAULT_TERMS if key in m}


def definitions(r: Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "definitions", ""):
        m = r.mapping(item, place, ("code", "term", "text", "source"), ("code", "term", "text"))
        if m is not None:
            result.append(
                {
                    "code": r.code(m, "code", place),
                    "term": r.text(m, "term", place, max_length=200),
                    "text": r.text(m, "text", place),
                    "source": r.text(m, "source", place, max_length=300),
                }
            )
    return result


def warning_signs(r: Reader, data: dict) -> dict:
    m = r.mapping(data.get("warning_signs"), "warning_signs", ("intro", "note", "source", "groups")) or {}
    groups = []
    for place, item in r.items(m, "groups", "warning_signs"):
        g = r.mapping(item, place, ("name", "ages", "signs"), ("name", "signs"))
        if g is None:
            continue
        ages = r.mapping(g.get("ages"), f"{place}.ages", ("min", "max")) or {}
        low, high = (
            r.integer(ages, "min", f"{place}.ages", maximum=130),
            r.integer(ages, "max", f"{place}.ages", maximum=130),
        )
        if low is not None and high is not None and high < low:
            r.error(f"{place}.ages", f"max ({high}) is below min ({low})")
        groups.append(
            {
                "name": r.text(g, "name", place, max_length=200),
                "min_age": low or 0,
                "max_age": high,
                "signs": r.text_list(g, "signs", place, required=True),
            }
        )
    return {
        "intro": r.text(m, "intro", "warning_signs"),
        "note": r.text(m, "note", "warning_signs"),
        "source": r.text(m, "source", "warning_signs", max_length=300),
        "groups": groups,
    }


def acute(r: Reader, data: dict) -> dict:
    m = r.mapping(data.get("acute"), "acute", ("intro", "emergency", "steps"), ("steps",)) or {}
    e = r.mapping(m.get("emergency"), "acute.emergency", ("name", "phone", "instruction")) or {}
    steps = []
    for place, item in r.items(m, "steps", "acute"):
        if isinstance(item, str):
            item = {"text": item}
        s = r.mapping(item, place, ("text", "detail"), ("text",))
        if s is not None:
            steps.append(
                {"text": r.text(s, "text", place, max_length=300), "detail": r.text(s, "detail", place, max_length=300)}
            )
    return {
        "intro": r.text(m, "intro", "acute"),
        "emergency": {
            "name": r.text(e, "name", "acute.emergency", max_length=200) or "Politiet",
            "phone": r.phone(e, "phone", "acute.emergency") or "112",
            "instruction": r.text(e, "instruction", "acute.emergency", max_length=300),
        },
        "steps": steps,
    }
