"""Reading and validating a risk instrument file (YAML).

The format (see instruments/neutral-spj.yaml)::

    code: neutral-spj            # slug, stable across versions
    version: "2026.1"            # a new text is a new version; loaded versions never change
    name: ...
    description: ...             # optional
    licence_note: ...            # where the text comes from, and under which terms
    groups:
      - code: handlinger
        label: ...               # short, neutral
        description: ...         # optional
        factors:
          - code: vold-trusler
            label: ...           # short, neutral
            guidance: ...        # optional

Ratings (absent / partly / present, now and in the past) and the conclusion levels are the same
for every instrument and are not part of the file. No instrument may carry a score.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
LABEL_MAX = 200
FORBIDDEN_KEYS = {"score", "scores", "weight", "weights", "points", "threshold", "thresholds"}


class InstrumentFileError(Exception):
    """The file is not a valid instrument; `errors` lists each problem with its place."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class InstrumentData:
    code: str
    version: str
    name: str
    description: str
    licence_note: str
    groups: list[dict]
    sha256: str


def default_instrument_path() -> Path:
    return Path(getattr(settings, "RISK_DEFAULT_INSTRUMENT", settings.BASE_DIR / "instruments" / "neutral-spj.yaml"))


def _text(node: dict, key: str, where: str, errors: list[str], *, required=True, max_length=None) -> str:
    value = node.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int | float):
        errors.append(f"{where}.{key}: skal være tekst")
        return ""
    value = str(value).strip()
    if required and not value:
        errors.append(f"{where}.{key}: mangler")
    if max_length and len(value) > max_length:
        errors.append(f"{where}.{key}: højst {max_length} tegn")
    return value


def _slug(node: dict, where: str, errors: list[str], seen: set[str]) -> str:
    code = _text(node, "code", where, errors)
    if code and not _SLUG.match(code):
        errors.append(f"{where}.code: kun små bogstaver, tal og bindestreg ({code!r})")
    if code in seen:
        errors.append(f"{where}.code: {code!r} bruges to gange")
    seen.add(code)
    return code


def _forbidden(node: dict, where: str, errors: list[str]) -> None:
    for key in set(node) & FORBIDDEN_KEYS:
        errors.append(f"{where}.{key}: et instrument må ikke have point eller vægte (faglig vurdering, ingen score)")


def parse_instrument(text: str) -> InstrumentData:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InstrumentFileError([f"YAML kan ikke læses: {error}"]) from None
    if not isinstance(data, dict):
        raise InstrumentFileError(["Filen skal indeholde et instrument (en YAML-ordbog)."])
    errors: list[str] = []
    _forbidden(data, "instrument", errors)
    code = _slug(data, "instrument", errors, set())
    version = _text(data, "version", "instrument", errors, max_length=30)
    name = _text(data, "name", "instrument", errors, max_length=200)
    description = _text(data, "description", "instrument", errors, required=False)
    licence_note = _text(data, "licence_note", "instrument", errors, required=False)
    groups_in = data.get("groups")
    groups: list[dict] = []
    if not isinstance(groups_in, list) or not groups_in:
        errors.append("instrument.groups: mindst én gruppe med faktorer")
        groups_in = []
    group_codes: set[str] = set()
    for gi, group in enumerate(groups_in):
        where = f"groups[{gi}]"
        if not isinstance(group, dict):
            errors.append(f"{where}: skal være en ordbog")
            continue
        _forbidden(group, where, errors)
        factors_in = group.get("factors")
        factors = []
        if not isinstance(factors_in, list) or not factors_in:
            errors.append(f"{where}.factors: mindst én faktor")
            factors_in = []
        factor_codes: set[str] = set()
        for fi, factor in enumerate(factors_in):
            fwhere = f"{where}.factors[{fi}]"
            if not isinstance(factor, dict):
                errors.append(f"{fwhere}: skal være en ordbog")
                continue
            _forbidden(factor, fwhere, errors)
            factors.append(
                {
                    "code": _slug(factor, fwhere, errors, factor_codes),
                    "label": _text(factor, "label", fwhere, errors, max_length=LABEL_MAX),
                    "guidance": _text(factor, "guidance", fwhere, errors, required=False),
                }
            )
        groups.append(
            {
                "code": _slug(group, where, errors, group_codes),
                "label": _text(group, "label", where, errors, max_length=LABEL_MAX),
                "description": _text(group, "description", where, errors, required=False),
                "factors": factors,
            }
        )
    if errors:
        raise InstrumentFileError(errors)
    canonical = json.dumps(
        {
            "code": code,
            "version": version,
            "name": name,
            "description": description,
            "licence_note": licence_note,
            "groups": groups,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return InstrumentData(
        code=code,
        version=version,
        name=name,
        description=description,
        licence_note=licence_note,
        groups=groups,
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )


def read_instrument_file(path: str | Path) -> InstrumentData:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise InstrumentFileError([f"Filen kan ikke læses: {error.strerror}"]) from None
    return parse_instrument(text)
