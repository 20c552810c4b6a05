"""The project's URLs plus the benchmark's floor view (only under config.settings.bench)."""

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urls


def floor(request):
    """One primary-key query behind the full middleware: the framework's floor."""
    user = get_user_model().objects.filter(pk=1).values_list("pk", flat=True).first()
    return HttpResponse(f"floor {user}", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *project_urls]
