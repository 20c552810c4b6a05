"""The case reference in URLs (K-2026-00012): a reference, never personal data."""

from django.urls import register_converter
from django.urls.converters import get_converters


class CaseReferenceConverter:
    regex = r"K-\d{4}-\d{5,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def register() -> None:
    if "caseref" not in get_converters():
        register_converter(CaseReferenceConverter, "caseref")
