from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from beredskab.accounts.views import admin_login

urlpatterns = [
    path("", include("beredskab.core.urls")),
    path("konto/", include("beredskab.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("revision/", include("beredskab.audit.urls")),
    path("underretning/", include("beredskab.intake.urls")),
    path("guide/", include("beredskab.guide.urls")),
    path("plan/", include("beredskab.plan.urls")),
    path("sager/", include("beredskab.cases.urls")),
    path("risiko/", include("beredskab.cases.risk.urls")),
    path("taskforce/", include("beredskab.taskforce.urls")),
    path("voksne/", include("beredskab.adults.urls")),
    path("sikkerhed/", include("beredskab.safety.urls")),
    path("implementering/", include("beredskab.implementation.urls")),
    path("maal/", include("beredskab.goals.urls")),
    path("api/v1/", include("beredskab.api.urls")),
    # The admin has no login of its own: our login page asks for the second factor.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]
if settings.OIDC_ENABLED:  # optional municipal single sign-on (see config/settings/base.py)
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

# The site's error pages (beredskab.core.views), and the API's error shape under /api/.
handler400 = "beredskab.api.errors.bad_request"
handler403 = "beredskab.api.errors.permission_denied"
handler404 = "beredskab.api.errors.page_not_found"
handler500 = "beredskab.api.errors.server_error"
