"""The plan file as YAML text: readable (indented lists, multi-line text as blocks, Danish
letters as they are), with a comment header naming the municipality and version."""

import yaml

from ..models import Plan
from .document import plan_to_document


class ReadableDumper(yaml.SafeDumper):
    """Readable YAML: indented lists, multi-line text as blocks, Danish letters as they are."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


ReadableDumper.add_representer(str, _represent_str)


def dump_yaml(document: dict, *, header: str = "") -> str:
    body = yaml.dump(document, Dumper=ReadableDumper, allow_unicode=True, sort_keys=False, width=100, indent=2)
    if header:
        comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
        return comment + body
    return body


def export_plan_yaml(plan: Plan) -> str:
    header = (
        f"Beredskabsplan for {plan.municipality_name}, version {plan.version_label} ({plan.get_status_display()}).\n"
        "Eksporteret fra Beredskab. Filformatet er beskrevet i beredskab/plan/FORMAT.md."
    )
    return dump_yaml(plan_to_document(plan), header=header)
