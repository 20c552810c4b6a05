"""Translations of the plan's public texts (format 2): every text the public sees (the plan's
title, target groups' names, partners' purposes, acute steps, warning signs, procedures, units'
instructions and channel rules, notes, duty texts, definitions, own routes), in any language,
keyed by the text's place in the file:

    translations:
      en:
        plan.title: Preparedness plan against negative social control
        target_groups[born].name: Children and young people under 18
        partners[politi].purpose: Advice on risk assessment and safety
        acute.steps[0]: Bring the person to a safe place
        acute.steps[1].detail: ask for a resource person at the police
        target_groups[born].warning_signs[2]: ...
        warning_signs.intro: ...
        target_groups[born].procedure.steps[0]: ...
        warning_signs.groups[1].signs[0]: ...
        units[doegnvagt].instruction: Call the on-call service via the police on 114
        units[doegnvagt].special_days[2026-09-04].note: Staff day
        units[linjen].more_phones[0].label: Text line
        readers[sagsbehandler].name: I am a case worker in Children and Families
        target_groups[born].districts[0].name: North district
        target_groups[born].duty_to_report[citizen].text: ...

Danish is the plan's own language and is never a translation. A key must name a text the plan
has. Where a translation is missing, the guide shows the Danish text and says so.
"""

import datetime
import re

from django.conf import settings

from .reader import Reader, join, show

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
TRANSLATION_MIN_LIMIT = 300  # characters a translation may always have (at most 3 times its Danish text beyond that)


def public_texts(spec: dict) -> dict[str, str]:
    """Every text the public sees that a plan can translate: {place in the file: the Danish text}.
    Places name list items by their code where they have one (`units[vagt].instruction`,
    `target_groups[born].duty_to_report[citizen].text`, `definitions[nsk].text`), else by index."""
    texts: dict[str, str] = {}

    def add(key: str, text: str) -> None:
        if text:
            texts[key] = text

    add("plan.title", spec["plan"]["title"])
    add("plan.target_group_text", spec["plan"]["target_group_text"])
    add("prevention.intro", spec["prevention"]["intro"])
    for level in spec["prevention"]["levels"]:
        for key in ("name", "description", "triangle_label"):
            add(f"prevention.levels[{level['level']}].{key}", level[key])
    acute = spec["acute"]
    add("acute.intro", acute["intro"])
    add("acute.emergency.instruction", acute["emergency"]["instruction"])
    for i, step in enumerate(acute["steps"]):
        add(f"acute.steps[{i}]", step["text"])
        add(f"acute.steps[{i}].detail", step["detail"])
    for key in ("intro", "note"):
        add(f"warning_signs.{key}", spec["warning_signs"][key])
    for i, group in enumerate(spec["warning_signs"]["groups"]):
        add(f"warning_signs.groups[{i}].name", group["name"])
        for j, sign in enumerate(group["signs"]):
            add(f"warning_signs.groups[{i}].signs[{j}]", sign)
    for reader in spec["readers"]:  # "Hvem er du?": readers[sagsbehandler].name
        add(f"readers[{reader['code']}].name", reader["name"])
    for definition in spec["definitions"]:
        for key in ("term", "text"):
            add(f"definitions[{definition['code']}].{key}", definition[key])
    for unit in spec["units"]:
        for key in ("description", "instruction"):  # a unit's note is for the coordinator, not shown
            add(f"units[{unit['code']}].{key}", unit[key])
        for i, rule in enumerate(unit["channel_rules"]):
            add(f"units[{unit['code']}].channel_rules[{i}]", rule["rule"])
        for i, more in enumerate(unit["more_phones"]):  # a further number's label: "Sms-linjen"
            add(f"units[{unit['code']}].more_phones[{i}].label", more["label"])
        for day in unit["special_days"]:  # named by date: units[vagt].special_days[2026-09-04].note
            if isinstance(day["date"], datetime.date):
                add(f"units[{unit['code']}].special_days[{day['date'].isoformat()}].note", day["note"])
    for day in spec["routing"]["closure_days"]:  # named by date, "MM-DD": routing.closure_days[12-24].name
        add(f"routing.closure_days[{day['month']:02d}-{day['day']:02d}].name", day["name"])
    for partner in spec["partners"]:
        add(f"partners[{partner['code']}].purpose", partner["purpose"])
    for route in spec["separate_routes"]:
        for key in ("title", "text"):
            add(f"separate_routes[{route['topic']}].{key}", route[key])
    for group in spec["target_groups"]:
        texts.update(_group_texts(group))
    return texts


def _group_texts(group: dict) -> dict[str, str]:
    place = f"target_groups[{group['code']}]"
    texts = {f"{place}.name": group["name"]} if group["name"] else {}
    texts |= {f"{place}.warning_signs[{j}]": sign for j, sign in enumerate(group["warning_signs"])}
    texts |= {f"{place}.advice[{a['unit']}].note": a["note"] for a in group["advice"] if a["note"]}
    texts |= {f"{place}.districts[{j}].name": d["name"] for j, d in enumerate(group["districts"]) if d["name"]}
    texts |= {f"{place}.duty_to_report[{d['audience']}].text": d["text"] for d in group["duty_to_report"] if d["text"]}
    procedures = [("procedure", group["procedure"])]
    procedures += [(f"procedures[{p['reader']}]", p) for p in group["procedures"]]
    for name, procedure in procedures:
        texts |= {f"{place}.{name}.{key}": procedure[key] for key in ("title", "intro") if procedure[key]}
        for j, step in enumerate(procedure["steps"]):
            texts[f"{place}.{name}.steps[{j}]"] = step["text"]
            if step["precondition"]:
                texts[f"{place}.{name}.steps[{j}].precondition"] = step["precondition"]
    return texts


def public_text_keys(spec: dict) -> set[str]:
    """The places of every text the public sees that a plan can translate."""
    return set(public_texts(spec))


def translations(r: Reader, data: dict, spec: dict) -> dict[str, dict[str, str]]:
    m = r.mapping(data.get("translations"), "translations", data.get("translations") or {}) or {}
    known = public_texts(spec)
    check_keys = not r.errors  # with errors elsewhere a key may only seem to name no text
    result = {}
    for language, texts in m.items():
        place = join("translations", str(language))
        if not isinstance(language, str) or not LANGUAGE_RE.match(language) or language == "da":
            r.error(place, f"{show(language)} is not a language code other than da (e.g. en)")
            continue
        offered = [code for code, _name in settings.LANGUAGES if code != "da"]
        if language not in offered:  # the guide looks a text up by the interface's code ("en", never "en-gb")
            r.warn(
                place,
                f"this installation offers no {show(language)} interface (it offers {', '.join(offered)}): "
                "the guide will not show these texts",
            )
        texts = r.mapping(texts, place, texts if isinstance(texts, dict) else ()) or {}
        result[language] = {}
        for key in texts:
            if key not in known and check_keys:
                r.error(join(place, str(key)), "names no text of the plan that can be translated")
                continue
            # a translation of a text, not a text of its own: room for a longer language, no more
            # (no limit while errors elsewhere hide the Danish text: the file is refused anyway)
            limit = max(TRANSLATION_MIN_LIMIT, 3 * len(known[key])) if key in known else None
            text = r.text(texts, key, place, max_length=limit)
            if not text and (texts[key] is None or isinstance(texts[key], str)):  # not a wrong type: said already
                r.error(join(place, str(key)), "is required")
            result[language][key] = text
    return result
