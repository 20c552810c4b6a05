"""PDF rendering with WeasyPrint from a Django template.

PDF templates extend `pdf/base.html`, which links `css/pdf.css`: it sets the font on `@page`
and the body (IBM Plex Sans from DKFDS, DejaVu Sans as fallback; both render æ, ø and å).
While rendering, only bundled static files (found by the staticfiles finders) and inline
`data:` URLs can be read: never the network, never other files. Long unbroken strings wrap
instead of running off the page (`soft_breaks` and css/pdf.css).

WeasyPrint is imported on a process's first PDF, not with the URLs: with Pango and Cairo it
costs about 40 MB and a second of start-up, which a web worker that never renders a PDF then
does not pay (issue 20, worker memory).
"""

import functools
import re

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

_STATIC_PREFIX = "file:///static/"


@functools.cache
def _static_only_fetcher_class():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"})

        def fetch(self, url, headers=None):
            # Anything but `data:` is a bundled static file or nothing. WeasyPrint reads the
            # scheme in any case ("FILE:///etc/passwd" is a file URL to it), so no test of ours
            # may be case-sensitive about it.
            if not url.lower().startswith("data:"):
                path = finders.find(url[len(_STATIC_PREFIX) :]) if url.startswith(_STATIC_PREFIX) else None
                if not path:
                    raise ValueError("PDF rendering only reads bundled static files.")
                url = "file://" + path
            return super().fetch(url, headers)

    return StaticOnlyFetcher


# Text runs without a break opportunity longer than this many characters get one (an invisible
# zero-width space) after every this many characters. CSS `overflow-wrap: break-word`
# (css/pdf.css) wraps such a run in running text, but a table sizes its columns by the longest
# unbreakable run, so one pasted link or name typed without spaces would push the table off the
# page, where WeasyPrint cuts it off. Words, e-mail addresses and references are shorter.
SOFT_BREAK_EVERY = 40
_ZERO_WIDTH_SPACE = "\u200b"
# Text between tags (not inside <style> or <script>); a character entity counts as one character.
_TEXT = re.compile(r"(<(style|script)\b.*?</\2>)|>([^<]+)<", re.DOTALL | re.IGNORECASE)
# Breaks: ASCII white space, hyphen, soft hyphen, zero-width space (not the no-break spaces).
_UNIT = r"(?:&[#0-9A-Za-z]+;|[^ \t\n\r\f\v<&\u200b\u00ad-])"
_LONG_RUN = re.compile(f"{_UNIT}{{{SOFT_BREAK_EVERY + 1},}}")
_CHUNK = re.compile(f"{_UNIT}{{1,{SOFT_BREAK_EVERY}}}")


def soft_breaks(html: str) -> str:
    """`html` with a zero-width space after every SOFT_BREAK_EVERY characters of any run of text
    longer than that without a space, hyphen or other break opportunity."""

    def in_text(match):
        if match.group(1):
            return match.group(1)
        text = _LONG_RUN.sub(lambda run: _ZERO_WIDTH_SPACE.join(_CHUNK.findall(run.group())), match.group(3))
        return f">{text}<"

    return _TEXT.sub(in_text, html)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a page made from `pdf/base.html` (with soft breaks in long strings)."""
    from weasyprint import HTML

    fetcher = _static_only_fetcher_class()()
    return HTML(string=soft_breaks(html), base_url="file:///", url_fetcher=fetcher).write_pdf()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    return html_to_pdf(render_to_string(template_name, context, request=request))


def pdf_response(pdf: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    """The HTTP response for a PDF the server made: `application/pdf`, named `filename` for the
    browser's download (`attachment`, the default) or shown inline (`attachment=False`)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=attachment, filename=filename)
    return response
