"""Translations of the plan's public texts (format 2): the acute steps, the warning signs and the
procedures, in any language, keyed by the text's place in the file:

    translations:
      en:
        acute.steps[0]: Bring the person to a safe place
        acute.steps[1].detail: ask for a resource person at the police
        target_groups[born].warning_signs[2]: ...
        warning_signs.intro: ...
        target_groups[born].procedure.steps[0]: ...
        warning_signs.groups[1].signs[0]: ...

Danish is the plan's own language and is never a translation. A key must name a text the plan
has. Where a translation is missing, the guide shows the Danish text and says so.
"""

import re

from django.conf import settings

from .reader import Reader, join, show

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def public_text_keys(spec: dict) -> set[str]:
    """The places of every text the public sees that a plan can translate."""
    acute = spec["acute"]
    keys = {"acute.intro"} if acute["intro"] else set()
    for i, step in enumerate(acute["steps"]):
        keys.add(f"acute.steps[{i}]")
        if step["detail"]:
            keys.add(f"acute.steps[{i}].detail")
    keys |= {f"warning_signs.{k}" for k in ("intro", "note") if spec["warning_signs"][k]}
    for i, group in enumerate(spec["warning_signs"]["groups"]):
        keys |= {f"warning_signs.groups[{i}].signs[{j}]" for j in range(len(group["signs"]))}
    for group in spec["target_groups"]:
        place = f"target_groups[{group['code']}]"
        keys |= {f"{place}.warning_signs[{j}]" for j in range(len(group["warning_signs"]))}
        keys |= {f"{place}.procedure.steps[{j}]" for j in range(len(group["procedure"]["steps"]))}
    return keys


def translations(r: Reader, data: dict, spec: dict) -> dict[str, dict[str, str]]:
    m = r.mapping(data.get("translations"), "translations", data.get("translations") or {}) or {}
    known = public_text_keys(spec)
    check_keys = not r.errors  # with errors elsewhere a key may only seem to name no text
    result = {}
    for language, texts in m.items():
        place = join("translations", str(language))
        if not isinstance(language, str) or not LANGUAGE_RE.match(language) or language == "da":
            r.error(place, f"{show(language)} is not a language code other than da (e.g. en)")
            continue
        offered = [code for code, _name in settings.LANGUAGES if code != "da"]
        if language.split("-")[0] not in offered:
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
            result[language][key] = r.text(texts, key, place, required=True)
    return result
