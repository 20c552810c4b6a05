from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

urlpatterns = [
    path("", include("beredskab.core.urls")),
    path("konto/", include("beredskab.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler400 = "beredskab.core.views.bad_request"
handler403 = "beredskab.core.views.permission_denied"
handler404 = "beredskab.core.views.page_not_found"
handler500 = "beredskab.core.views.server_error"
