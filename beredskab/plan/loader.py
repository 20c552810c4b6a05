"""Reading plan files: parse, validate, load (in one transaction), and the default plan.

    result = load_plan_file("plans/ishoj-2024.yaml", adopt=True)
    ensure_default_plan()   # called by `make run` (demo data): loads and adopts the
                            # installation's plan when no version is in force; idempotent

A file with errors changes nothing: it is validated completely before the transaction that
writes it starts, and the transaction covers the import and the adoption.
"""

import datetime
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

from beredskab.accounts.models import Unit
from beredskab.core import dates

from .export import diff_documents, plan_to_document, spec_to_document
from .models import Plan, PlanStatus, latest_revision_due
from .selectors import plan_in_force
from .services import plan_adopt, plan_import
from .validation import PlanFileInvalid, ValidationResult, validate_plan_data

logger = logging.getLogger(__name__)

PLANS_DIR = Path(settings.BASE_DIR) / "plans"


# A plan file is written by hand: these bounds are far above any real plan and far below what
# could exhaust the server (documented in FORMAT.md).
PLAN_FILE_MAX_BYTES = 2_000_000
PLAN_FILE_MAX_DEPTH = 40
PLAN_FILE_MAX_NODES = 200_000  # values after aliases (*name) are written out


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key given twice in one mapping (plain YAML keeps the last),
    nesting deeper than PLAN_FILE_MAX_DEPTH, and a document that, with its aliases (`*name`)
    written out, holds more than PLAN_FILE_MAX_NODES values (a few bytes of aliases can
    expand to gigabytes); each refusal names the line."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > PLAN_FILE_MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {PLAN_FILE_MAX_DEPTH} levels deep", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_node(self):
        node = super().get_single_node()
        if node is not None and _expanded_size(node, {}) > PLAN_FILE_MAX_NODES:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"with its aliases (*name) written out the file holds more than {PLAN_FILE_MAX_NODES} values",
                node.start_mark,
            )
        return node

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f'the key "{key}" is given twice', key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _expanded_size(node, sizes: dict) -> int:
    """How many values the node stands for with every alias written out (each shared node is
    counted once per use, computed once)."""
    if id(node) in sizes:
        return sizes[id(node)]
    sizes[id(node)] = 1  # a node that (through aliases) contains itself counts once
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(item, sizes) for item in node.value)
    else:
        size = 1
    sizes[id(node)] = size
    return size


def parse_yaml(text: str) -> Any:
    """The YAML document, or PlanFileInvalid with the line and column of a syntax error, an
    alias, too deep nesting, or the file's size when it is over PLAN_FILE_MAX_BYTES."""
    if len(text.encode("utf-8")) > PLAN_FILE_MAX_BYTES:
        raise PlanFileInvalid([f"the file is larger than {PLAN_FILE_MAX_BYTES // 1_000_000} MB"])
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        raise PlanFileInvalid([f"{where}: {problem}"]) from None


def read_plan_file(path: str | Path) -> Any:
    path = Path(path)
    try:
        if path.stat().st_size > PLAN_FILE_MAX_BYTES:
            raise PlanFileInvalid([f"{path}: the file is larger than {PLAN_FILE_MAX_BYTES // 1_000_000} MB"])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanFileInvalid([f"{path}: no such file"]) from None
    except UnicodeDecodeError:
        raise PlanFileInvalid([f"{path}: the file must be UTF-8 text"]) from None
    return parse_yaml(text)


def validate_plan_file(path: str | Path, *, adopt: bool = False, **adoption) -> ValidationResult:
    """Validate a file without touching the database; with `adopt`, also what adopting it would
    refuse (`adoption_problems`, with `adopted_by`/`adopted_on` given besides the file)."""
    try:
        data = read_plan_file(path)
    except PlanFileInvalid as invalid:
        return ValidationResult(errors=invalid.errors)
    result = validate_plan_data(data)
    if adopt and result.ok and (problems := adoption_problems(result.spec, **adoption)):
        return ValidationResult(errors=problems, warnings=result.warnings)
    return result


def installation_warnings(spec: dict) -> list[str]:
    """Things that are valid in the file but do not fit this installation (warnings only)."""
    warnings = []
    code = spec["municipality"]["code"]
    if code != settings.MUNICIPALITY_CODE:
        warnings.append(
            f'municipality.code: "{code}" is not the municipality this installation serves '
            f'("{settings.MUNICIPALITY_CODE}"); the plan is stored but the guide reads "{settings.MUNICIPALITY_CODE}"'
        )
    known = set(Unit.objects.values_list("code", flat=True))
    for i, unit in enumerate(spec["units"]):
        if unit["org_unit_code"] and unit["org_unit_code"] not in known:
            warnings.append(
                f'units[{i}].org_unit_code: "{unit["org_unit_code"]}" is not a unit in the organisation '
                "(reports for it cannot be filed, and the guide offers no digital report, until the unit exists)"
            )
    return warnings


@dataclass
class LoadResult:
    plan: Plan
    warnings: list[str] = field(default_factory=list)
    created: bool = True


GIVEN_WHEN_LOADING_NOTE = "Angivet ved indlæsningen, ikke i planens tekst; bekræftes af beredskabskoordinator."


def adoption_problems(
    spec: dict, *, adopted_by: str | None = None, adopted_on: datetime.date | None = None
) -> list[str]:
    """Why the spec cannot be adopted with these values (given besides the file), as errors with
    their place in the file; the same checks `plan_validate` makes and `plan_load --adopt` refuses on."""
    adopted_by = (adopted_by or "").strip() or spec["adoption"]["adopted_by"]  # as plan_adopt reads it
    adopted_on = adopted_on or spec["adoption"]["adopted_on"]
    problems = [
        f"adoption.{name}: is required to adopt the plan (or give it on the command line)"
        for name, value in (("adopted_by", adopted_by), ("adopted_on", adopted_on))
        if not value
    ]
    for name, value in (("adopted_on", adopted_on), ("published_on", spec["adoption"]["published_on"])):
        if value and (problem := dates.PLAN_DATE.problem(value)):
            problems.append(f"adoption.{name}: {value}: {problem}")
    if adopted_on and adopted_on > dates.today():
        problems.append(
            f"adoption.adopted_on: {adopted_on}: the council's decision cannot be after today; "
            "a later in-force date is set when adopting in the staff pages"
        )
    due = spec["revision"]["due"]
    if adopted_on and due and (due > latest_revision_due(adopted_on) or due <= adopted_on):
        problems.append(
            f"revision.due: {due} must be after the adoption ({adopted_on}) and at the latest "
            f"{latest_revision_due(adopted_on)}"
        )
    return problems


def load_plan_data(
    data: Any,
    *,
    actor=None,
    adopt: bool = False,
    adopted_by: str | None = None,
    adopted_on: datetime.date | None = None,
    confirmed: bool = False,
    version_label: str | None = None,
    source_name: str = "",
) -> LoadResult:
    """Validate and store a parsed plan file as a draft (and adopt it with `adopt=True`).
    An `adopted_by`/`adopted_on` given here that the file does not state is stored as not
    confirmed, unless `confirmed` (the caller has checked it)."""
    result = validate_plan_data(data)
    if not result.ok:
        raise PlanFileInvalid(result.errors, result.warnings)
    spec = result.spec
    warnings = result.warnings + installation_warnings(spec)
    adopted_by = (adopted_by or "").strip() or None  # a blank value is no value, as for plan_validate
    notes = {}
    if adopt:
        if problems := adoption_problems(spec, adopted_by=adopted_by, adopted_on=adopted_on):
            raise PlanFileInvalid(problems, warnings)
        for key, value in (("adopted_by", adopted_by), ("adopted_on", adopted_on)):
            if value and value != spec["adoption"][key] and not confirmed:
                notes[key] = GIVEN_WHEN_LOADING_NOTE
                warnings.append(f"adoption.{key}: not confirmed: {GIVEN_WHEN_LOADING_NOTE}")
        adopted_by = adopted_by or spec["adoption"]["adopted_by"]
        adopted_on = adopted_on or spec["adoption"]["adopted_on"]
    with transaction.atomic():
        plan = plan_import(actor=actor, spec=spec, version_label=version_label, source_name=source_name)
        if adopt:
            plan = plan_adopt(
                actor=actor,
                plan=plan,
                adopted_by=adopted_by,
                adopted_on=adopted_on,
                published_on=spec["adoption"]["published_on"],
                unconfirmed_notes=notes,
            )
    return LoadResult(plan=plan, warnings=warnings)


def load_plan_file(path: str | Path, **options) -> LoadResult:
    path = Path(path)
    return load_plan_data(read_plan_file(path), source_name=path.name, **options)


def default_plan_file(municipality_code: str) -> Path | None:
    """plans/<code>-*.yaml (the newest by name), else any plan file for that municipality."""
    named = sorted(PLANS_DIR.glob(f"{municipality_code}-*.yaml"))
    if named:
        return named[-1]
    for path in sorted(PLANS_DIR.glob("*.yaml")):
        try:
            data = read_plan_file(path)
        except PlanFileInvalid:
            continue
        if isinstance(data, dict) and (data.get("municipality") or {}).get("code") == municipality_code:
            return path
    return None


def ensure_default_plan(*, actor=None) -> Plan | None:
    """Make sure this installation has a plan in force: when none is, load the municipality's
    plan file and adopt it (with the adoption stated in the file). Safe to run again: with a
    plan in force it does nothing, and a draft of the same version that matches the file is
    adopted instead of loaded twice."""
    code = settings.MUNICIPALITY_CODE
    in_force = plan_in_force(code)
    if in_force is not None:
        return in_force
    path = default_plan_file(code)
    if path is None:
        logger.warning("No plan file for municipality %s in %s", code, PLANS_DIR)
        return None
    result = validate_plan_data(read_plan_file(path))
    if not result.ok:
        raise PlanFileInvalid(result.errors, result.warnings)
    existing = Plan.objects.filter(municipality_code=code, version_label=result.spec["plan"]["version"]).first()
    if existing is None:
        return load_plan_file(path, actor=actor, adopt=True).plan
    if existing.status == PlanStatus.DRAFT and not diff_documents(
        spec_to_document(result.spec), plan_to_document(existing)
    ):
        adoption = result.spec["adoption"]
        return plan_adopt(
            actor=actor,
            plan=existing,
            adopted_by=adoption["adopted_by"],
            adopted_on=adoption["adopted_on"],
            published_on=adoption["published_on"],
        )
    raise PlanFileInvalid(
        [
            f'plan.version: version "{existing.version_label}" of the plan for {code} already exists '
            f"({existing.get_status_display()}) and differs from {path.name}; adopt a version in the staff pages"
        ]
    )
