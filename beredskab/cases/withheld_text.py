"""Free text on a case's pages, for a reader outside the case team.

`Disclosure` leaves restricted items and fields out of every page. A restricted fact can still
stand in free text, though: a journal note saying the child "has moved to Testvej 12", read by a
unit the case is shared with. So when someone outside the team opens any page of a case
(`case_for_page` calls `withhold_on_page`), every value they may not have (the outbound check's
`secrets_for`) is blacked out of the page's text before it leaves the server
(`WithheldTextMiddleware`): in journal notes, decisions, risk assessments, tasks, form fields,
whatever a page shows now or later. The case team sees the text as written.
"""

import html
import re

from .outbound import redact, secrets_for
from .selectors import disclosure_for

# A tag, a comment, or the contents of a script or style element: never text to read.
_MARKUP = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I)
# Attributes a browser shows or reads out (a form field's value, a tooltip, a label).
_SHOWN_ATTRIBUTE = re.compile(r'(\s(?:value|title|alt|aria-label|placeholder)=")([^"]*)(")', re.I)


def withhold_on_page(request, case) -> None:
    """Mark the request so that the page's text hides what this reader may not have."""
    disclosure = disclosure_for(request.user, case)
    if disclosure.is_case_team:
        return
    secrets = secrets_for(case, disclosure, reporter_withheld=lambda cr: not disclosure.may_show_reporter(cr))
    if secrets:
        request.withheld_values = [*getattr(request, "withheld_values", []), *secrets]


def _redact_escaped(escaped: str, secrets) -> str:
    text = html.unescape(escaped)
    redacted = redact(text, secrets)
    return escaped if redacted == text else html.escape(redacted, quote=True)


def redact_html(page: str, secrets) -> str:
    """The page with every secret blacked out of its text and shown attributes; markup,
    scripts and styles untouched. Shape: HTML in, HTML out."""
    parts = _MARKUP.split(page)
    for i, part in enumerate(parts):
        if i % 2 == 0:
            if part.strip():
                parts[i] = _redact_escaped(part, secrets)
        elif part.startswith("<") and not part.startswith(("<script", "<style", "<!--")):
            parts[i] = _SHOWN_ATTRIBUTE.sub(lambda m: m[1] + _redact_escaped(m[2], secrets) + m[3], part)
    return "".join(parts)


class WithheldTextMiddleware:
    """Applies `withhold_on_page` to the HTML response (full pages and htmx fragments)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        secrets = getattr(request, "withheld_values", None)
        if (
            secrets
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and response.content
        ):
            charset = response.charset or "utf-8"
            response.content = redact_html(response.content.decode(charset), secrets).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
