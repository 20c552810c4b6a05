"""Validate a plan file and turn it into a normalised "spec".

`validate_plan_data(data)` reads the parsed YAML (plain dicts and lists) and returns a
`ValidationResult`: errors and warnings as strings that name the place in the file
(`units[1].hours.fri: "08-25" is not a valid time range`), and, when there are no errors, the
spec: the same structure with typed values (dates, times, ints) and unconfirmed facts split
out into `unconfirmed` maps. The loader writes a spec to the database; the exporter builds a
spec from the database and dumps it back to the file format (see FORMAT.md).

Unknown keys are errors, so a typo never silently drops a fact.

One module per part of the file: `general` (municipality, texts, terms, definitions, acute),
`adoption` (adoption and revision dates), `organisation` (centres, units, routing), `hours`
(opening hours, special and closure days), `target_groups`, `duties`, `partners` (partners,
separate routes), `goals` (prevention, goals, implementation), `references` (checks across
sections); `reader` reads typed values, `plan_file` puts the sections together.
"""

from .plan_file import FORMAT_VERSION, PlanFileInvalid, ValidationResult, validate_plan_data

__all__ = ["FORMAT_VERSION", "PlanFileInvalid", "ValidationResult", "validate_plan_data"]
