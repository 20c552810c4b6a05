from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from beredskab.accounts.middleware import two_factor_exempt

from . import views

app_name = "api"


def _api(view):
    """An API view answers for itself when a session lacks its second factor (a JSON 401 from
    VerifiedSessionAuthentication), instead of the site's redirect to the code page."""
    return two_factor_exempt(view.as_view())


urlpatterns = [
    path("plan/", _api(views.PlanView), name="plan"),
    path("route/", _api(views.RouteView), name="route"),
    path("reports/", _api(views.ReportsView), name="reports"),
    path("cases/", _api(views.CaseListView), name="case_list"),
    path("cases/<str:reference>/", _api(views.CaseDetailView), name="case_detail"),
    path("cases/<str:reference>/network-steps/", _api(views.NetworkStepView), name="network_step"),
    path("statistics/", _api(views.StatisticsView), name="statistics"),
    path("schema/", two_factor_exempt(SpectacularAPIView.as_view(authentication_classes=[])), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
]
