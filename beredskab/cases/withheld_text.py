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

from .outbound import REDACTED, merged_spans, redact, secret_spans, secrets_for, visible_text
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
    scripts and styles untouched. The text is read across tags, as the reader sees it: a value
    broken by a line break or a bold word ("Skjult<br>Allé 7") is found whole and blacked out
    in each piece. Shape: HTML in, HTML out."""
    parts = _MARKUP.split(page)
    pieces = []  # (index in parts, visible text, offset in the joined text)
    joined, offset = [], 0
    for i in range(0, len(parts), 2):
        if parts[i].strip():
            text = visible_text(html.unescape(parts[i]))
            pieces.append((i, text, offset))
            joined.append(text)
            offset += len(text) + 1  # a tag between two pieces reads as a space
    spans = merged_spans(span for secret in secrets for span in secret_spans(" ".join(joined), secret))
    for i, text, start in pieces:
        end = start + len(text)
        cuts = [(a, b) for a, b in spans if a < end and b > start]
        for a, b in reversed(cuts):
            # The mark stands where the value starts; its pieces after a tag are left out.
            mark = str(REDACTED) if a >= start else ""
            text = text[: max(a, start) - start] + mark + text[min(b, end) - start :]
        if cuts:
            parts[i] = html.escape(text, quote=True)
    for i in range(1, len(parts), 2):
        part = parts[i]
        if part.startswith("<") and not part.startswith(("<script", "<style", "<!--")):
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
