"""A web worker pays for WeasyPrint (Pango, Cairo: about 40 MB) only once it renders a PDF
(issue 20, worker memory): loading every URL and view does not import it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from beredskab.core.pdf import _static_only_fetcher_class, html_to_pdf

ROOT = Path(__file__).resolve().parents[3]
CHECK = """
import sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
import config.wsgi
print("weasyprint" in sys.modules)
"""


def test_loading_every_view_does_not_import_weasyprint():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_imported_on_the_first_pdf_it_still_reads_only_bundled_files():
    assert html_to_pdf("<html><body><p>Ærø</p></body></html>").startswith(b"%PDF")
    with pytest.raises(ValueError, match="only reads bundled static files"):
        _static_only_fetcher_class()().fetch("file:///etc/passwd")
