"""The concern radar's escalation rules (optional section `radar`, see FORMAT.md): plain words a
worker reads with every hit, and the kind of rule the system evaluates. The radar never rates
a person; a rule only says when earlier and parallel reports and cases are shown together."""

from .reader import Reader

# kind -> the parameters it takes (all whole numbers): the rule kinds `beredskab.safety.radar` knows.
RADAR_RULE_KINDS = {
    "reports_about_person": ("count", "months"),
    "sibling_open_flagged_case": (),
    "report_after_trip": ("months",),
}


def radar(r: Reader, data: dict) -> list[dict]:
    """The `radar.rules` list, each {code, kind, text, and the kind's parameters}; [] when absent."""
    section = r.mapping(data.get("radar"), "radar", ("rules",)) if data.get("radar") is not None else None
    if section is None:
        return []
    result = []
    for place, item in r.items(section, "rules", "radar"):
        m = r.mapping(item, place, ("code", "kind", "text", "count", "months"), ("code", "kind", "text"))
        if m is None:
            continue
        kind = r.choice(m, "kind", place, tuple(RADAR_RULE_KINDS))
        rule = {"code": r.code(m, "code", place), "kind": kind, "text": r.text(m, "text", place, max_length=300)}
        for name in RADAR_RULE_KINDS.get(kind, ()):
            value = r.integer(m, name, place, minimum=1, maximum=120)
            if name not in m:
                r.error(f"{place}.{name}", f"a rule of kind {kind} needs {name} (a whole number from 1)")
            rule[name] = value
        for name in ("count", "months"):
            if name in m and name not in RADAR_RULE_KINDS.get(kind, ()):
                r.error(f"{place}.{name}", f"a rule of kind {kind} takes no {name}")
        result.append(rule)
    codes = [rule["code"] for rule in result]
    for code in {c for c in codes if codes.count(c) > 1}:
        r.error("radar.rules", f"the code {code} is used twice")
    return result
