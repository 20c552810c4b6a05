from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("plan/", views.PlanView.as_view(), name="plan"),
    path("route/", views.RouteView.as_view(), name="route"),
    path("reports/", views.ReportsView.as_view(), name="reports"),
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/<str:reference>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<str:reference>/network-steps/", views.NetworkStepView.as_view(), name="network_step"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("schema/", SpectacularAPIView.as_view(authentication_classes=[]), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
]
