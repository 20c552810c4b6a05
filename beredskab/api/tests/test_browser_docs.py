"""Swagger UI at /api/v1/docs/ in a real browser: it loads from our own static files under the
site's CSP (no violation, no request to another host), shows every operation, and is scanned
by axe-core (WCAG 2.1 AA), at 360 px too.

One rule is left out, with the reason: "nested-interactive" is Swagger UI's own markup (each
operation's summary is a button holding a copy-link button), which CSS cannot change; the page
is developer documentation for the municipality's integrators, not a page for the public or
staff. Everything else axe checks must pass (our stylesheet fixes Swagger UI's contrast)."""

import pytest

from conftest import AXE_SCRIPT, WCAG_TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe(page) -> list[str]:
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "rules": {"nested-interactive": {"enabled": False}}}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:5]}" for v in result["violations"]]


def test_the_api_docs_work_under_the_csp(page, live_server):
    problems, hosts = [], set()
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.goto("/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 8
    assert not problems, problems
    assert hosts == {live_server.url.split("/")[2]}, hosts
    assert not _axe(page), _axe(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert not _axe(page), _axe(page)
