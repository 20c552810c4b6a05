"""Upgrading plan files to the current format (FORMAT.md, "Format versions").

Format 2 only adds to format 1: every format-1 file means the same in format 2 (what format 1
refused, format 2 allows: uncovered ages, units without phone or e-mail, partial dates, ...). The
upgrade therefore rewrites the version line and keeps everything else of the file as written,
comments included:

    text, changed = upgrade_text(path.read_text())   # "format: 1" -> "format: 2"

`manage.py plan_upgrade FILE [...]` does it in place (`--check`: only report).
"""

import re

from .loader import parse_yaml
from .validation import FORMAT_VERSION, PlanFileInvalid, validate_plan_data

_FORMAT_LINE = re.compile(r"^format:[ \t]*['\"]?1['\"]?[ \t]*(#.*)?$", re.MULTILINE)


def upgrade_text(text: str) -> tuple[str, bool]:
    """(the text in the current format, whether it changed; a current file is left as it is).
    Raises PlanFileInvalid, each error naming its place in the file (`units[0].fax: ...`), for a
    file that is not a plan file of a known version, or a format-1 file that would not be a valid
    plan after the upgrade (e.g. an unknown key): nothing is upgraded that cannot be loaded."""
    data = parse_yaml(text)
    if not isinstance(data, dict) or "format" not in data:
        raise PlanFileInvalid(["format: is required (the plan file's format version)"])
    if data["format"] == FORMAT_VERSION:
        return text, False
    if data["format"] != 1:
        raise PlanFileInvalid([f"format: {data['format']!r} is not a format version this installation can upgrade"])
    upgraded, count = _FORMAT_LINE.subn(
        lambda m: f"format: {FORMAT_VERSION}" + (f" {m.group(1)}" if m.group(1) else ""), text
    )
    if count != 1:
        raise PlanFileInvalid(["format: write it as a line of its own (format: 1) so it can be upgraded"])
    result = validate_plan_data(parse_yaml(upgraded))
    if not result.ok:
        raise PlanFileInvalid(result.errors, result.warnings)
    return upgraded, True
