"""From the database back to the plan file format, and differences between versions.

`plan_to_spec(plan)` (`spec`) builds the same normalised spec that
`validation.validate_plan_data` makes from a file; `spec_to_document(spec)` (`document`)
turns a spec into the file structure (with unconfirmed facts wrapped as
`{value: ..., unconfirmed: "..."}`); `dump_yaml` (`dump`) writes it. So
`validate(export(load(file)))` gives back the spec of `file` (the round trip).
`diff_documents` (`diff`) lists the differences between two versions by their place in the file.
"""

from .diff import Difference, diff_documents
from .document import plan_to_document, spec_to_document
from .dump import dump_yaml, export_plan_yaml
from .spec import plan_to_spec, prefetched_plan

__all__ = [
    "Difference",
    "diff_documents",
    "dump_yaml",
    "export_plan_yaml",
    "plan_to_document",
    "plan_to_spec",
    "prefetched_plan",
    "spec_to_document",
]
