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


@pytest.mark.parametrize("url", ["FILE:///etc/passwd", "File:///etc/hostname", "fIlE:/etc/passwd"])
def test_a_file_url_in_capitals_is_refused_too(url):
    """WeasyPrint reads the scheme case-insensitively (`URLFetcher.fetch` lowercases it): the
    fetcher's own check must too, or `<img src="FILE:///…">` reads any file the server can."""
    with pytest.raises(ValueError, match="only reads bundled static files"):
        _static_only_fetcher_class()().fetch(url)


def test_a_page_naming_a_file_in_capitals_gets_nothing_of_it(monkeypatch):
    fetched = []
    fetcher = _static_only_fetcher_class()
    original = fetcher.fetch

    def spy(self, url, headers=None):
        result = original(self, url, headers)  # raises for anything but a bundled file
        fetched.append(url)
        return result

    monkeypatch.setattr(fetcher, "fetch", spy)
    html_to_pdf(
        '<html><body><img src="FILE:///etc/hostname"><link rel="stylesheet" href="FILE:///etc/hosts"></body></html>'
    )
    assert fetched == []
