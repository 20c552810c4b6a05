"""A whole plan file: its sections in order, the result of validating it, and the error a
caller raises for an invalid file."""

from dataclasses import dataclass, field
from typing import Any

from . import adoption, general, goals, organisation, partners, readers, references, target_groups, translations
from .radar import radar as radar_rules
from .reader import Reader, show

FORMAT_VERSION = 2
# Versions read: format 1 (before every structure of a real plan could be written, see FORMAT.md)
# means the same in format 2, which only adds to it; `upgrade.upgrade_text` rewrites such a file.
READABLE_VERSIONS = (1, 2)

TOP_LEVEL_KEYS = (
    "format",
    "municipality",
    "plan",
    "adoption",
    "revision",
    "terms",
    "readers",
    "definitions",
    "warning_signs",
    "centres",
    "units",
    "routing",
    "target_groups",
    "acute",
    "partners",
    "prevention",
    "goals",
    "implementation",
    "separate_routes",
    "translations",
    "radar",
)


@dataclass
class ValidationResult:
    """`errors` and `warnings` name their place in the file; `spec` (None when there are errors)
    is the normalised plan: typed values, unconfirmed facts in `unconfirmed` maps."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    spec: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


class PlanFileInvalid(ValueError):
    """A plan file with errors; `errors` lists them with their place in the file."""

    def __init__(self, errors: list[str], warnings: list[str] | None = None):
        super().__init__("The plan file has errors:\n" + "\n".join(f"  {e}" for e in errors))
        self.errors = errors
        self.warnings = warnings or []


def _strip_private(value):
    """Drop the helper keys (starting with "_") used for error places."""
    if isinstance(value, dict):
        return {k: _strip_private(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list):
        return [_strip_private(v) for v in value]
    return value


def validate_plan_data(data: Any) -> ValidationResult:
    """Validate a parsed plan file (plain dicts and lists) completely: every error is found, none raised."""
    if not isinstance(data, dict):
        return ValidationResult(errors=["the file must be a YAML mapping with the sections described in FORMAT.md"])
    r = Reader()
    root = r.mapping(data, "", TOP_LEVEL_KEYS, ("format", "municipality", "plan", "units", "target_groups", "acute"))
    version = root.get("format")
    if version is not None and (isinstance(version, bool) or version not in READABLE_VERSIONS):
        r.error("format", f"{show(version)} is not a supported format version (use {FORMAT_VERSION})")
    elif version == 1:
        r.warn("format", f"format 1 is read as format {FORMAT_VERSION}; upgrade the file with manage.py plan_upgrade")
    plan_unconfirmed: dict[str, str] = {}
    adoption_section, revision_section = adoption.adoption_and_revision(r, root, plan_unconfirmed)
    spec = {
        "format": FORMAT_VERSION,
        "municipality": general.municipality(r, root),
        "plan": general.plan_texts(r, root),
        "adoption": adoption_section,
        "revision": revision_section,
        "terms": general.terms(r, root),
        "readers": readers.readers(r, root),
        "definitions": general.definitions(r, root),
        "warning_signs": general.warning_signs(r, root),
        "centres": organisation.centres(r, root),
        "units": organisation.units(r, root),
        "routing": organisation.routing(r, root, plan_unconfirmed),
        "target_groups": target_groups.target_groups(r, root),
        "acute": general.acute(r, root),
        "partners": partners.partners(r, root),
        "prevention": goals.prevention(r, root),
        "goals": goals.goals(r, root),
        "implementation": goals.implementation(r, root),
        "separate_routes": partners.separate_routes(r, root),
        "unconfirmed": plan_unconfirmed,
    }
    for section in ("readers", "definitions", "centres", "units", "target_groups", "partners", "goals"):
        references.unique_codes(r, spec[section], section)
    references.check_references(r, spec)
    spec["translations"] = translations.translations(r, root, spec)
    spec["radar"] = radar_rules(r, root)
    if r.errors:
        return ValidationResult(errors=r.errors, warnings=r.warnings)
    return ValidationResult(warnings=r.warnings, spec=_strip_private(spec))
