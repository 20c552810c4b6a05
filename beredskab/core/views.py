from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import NoReverseMatch, reverse

from .navigation import entries_for


def landing(request):
    """The site root: the public action guide when installed, else the staff start page."""
    try:
        return redirect(reverse("guide:start"))
    except NoReverseMatch:
        return redirect("core:home")


@login_required
def home(request):
    """The start page for logged-in users: what their roles let them do."""
    return render(request, "core/home.html", {"entries": entries_for(request.user)})


def accessibility_statement(request):
    return render(request, "core/accessibility.html")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request context: nothing about the request or its data can leak.
    return HttpResponseServerError(loader.get_template("500.html").render())
