"""The committed OpenAPI schema (beredskab/api/openapi.yaml) and the one drf-spectacular makes
from the code: CI fails when they differ (beredskab/api/tests/test_schema.py), so a change to the
API is a change to the committed contract too. Regenerate with `make api-schema`."""

from pathlib import Path

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

COMMITTED = Path(__file__).with_name("openapi.yaml")


def generated_schema() -> bytes:
    """The schema as YAML, in Danish (the enum labels are the models' Danish choices)."""
    with translation.override("da"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return OpenApiYamlRenderer().render(schema, renderer_context={})


def write_committed() -> None:
    COMMITTED.write_bytes(generated_schema())
