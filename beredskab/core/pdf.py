"""PDF rendering with WeasyPrint from a Django template.

PDF templates extend `pdf/base.html`, which links `css/pdf.css`: it sets the font on `@page`
and the body (IBM Plex Sans from DKFDS, DejaVu Sans as fallback; both render æ, ø and å).
While rendering, only bundled static files (found by the staticfiles finders) and inline
`data:` URLs can be read: never the network, never other files.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

_STATIC_PREFIX = "file:///static/"


class _StaticOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"})

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = finders.find(url[len(_STATIC_PREFIX) :]) if url.startswith(_STATIC_PREFIX) else None
            if not path:
                raise ValueError("PDF rendering only reads bundled static files.")
            url = "file://" + path
        return super().fetch(url, headers)


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url="file:///", url_fetcher=_StaticOnlyFetcher()).write_pdf()
