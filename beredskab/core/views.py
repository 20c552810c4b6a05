from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .health import health
from .navigation import entries_for, front_page_url, start_sections
from .typed_input import UPLOAD_PROBLEMS, csrf_failure_rescue, upload_problem_for


def landing(request):
    """The site root: the page an app offers as the front page (the public action guide, see
    `navigation.register_front_page`), else the staff start page."""
    return redirect(front_page_url() or reverse("core:home"))


@login_required
def home(request):
    """The start page for logged-in users: what their roles let them do."""
    context = {"entries": entries_for(request.user), "sections": start_sections(request.user)}
    return render(request, "core/home.html", context)


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


def health_check(request):
    """For monitoring: 200 and "ok" per check when the database answers and the task worker
    keeps up, else 503 naming the failing check (`beredskab.core.health`). No data, no login."""
    checks = health()
    return JsonResponse(
        {name: "ok" if ok else "fejl" for name, ok in checks.items()}, status=200 if all(checks.values()) else 503
    )


# --- error pages ----------------------------------------------------------------------------
# Every error page is our own (templates/error_base.html): Danish, a way back, and the quick
# exit for anyone not logged in (a public page's error may be seen on a shared family device).
# None of them shows anything the request carried.


def bad_request(request, exception=None):
    """400. A form whose upload Django would not read in whole (too long a file name, too many
    fields or files, too much text) is told what to do; see beredskab.core.typed_input for the
    forms that are shown again with what was typed instead."""
    problem = upload_problem_for(exception) if isinstance(exception, UPLOAD_PROBLEMS) else None
    return render(request, "400.html", {"problem": problem}, status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: nothing about the request or its data can leak.
    context = {"quick_exit_url": settings.QUICK_EXIT_URL}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a public form marked for it is shown again with what was typed
    (beredskab.core.typed_input); otherwise our own 403 page, which says why this happens and what
    to do, with a way back to the page. The reason (Django's, in English) goes to the log only."""
    rescued = csrf_failure_rescue(request)
    if rescued is not None:
        return rescued
    return render(request, "403_csrf.html", {"back_url": _way_back(request)}, status=403)


def _way_back(request) -> str:
    """The page the form was on: the Referer on this site, else the posted-to page if it can be
    opened (a form posts to its own page), else the front page. A path only, never a query."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.path and url_has_allowed_host_and_scheme(
        request.headers["Referer"], allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer.path
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return reverse("core:landing")
    if _post_only(match):
        return reverse("core:landing")
    return request.path


def _post_only(match) -> bool:
    """A view that only takes a POST (Django's `set_language`, or a class-based view such as the
    logout, whose methods leave out GET): "back" from a refused post to it is the front page."""
    if match.view_name == "set_language":
        return True
    methods = getattr(getattr(match.func, "view_class", None), "http_method_names", None)
    return methods is not None and "get" not in methods
