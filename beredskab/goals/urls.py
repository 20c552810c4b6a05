from django.urls import path

from . import views

app_name = "goals"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("barometer/<slug:key>/", views.cases_behind, name="cases_behind"),
    path("eksport/<slug:fmt>/", views.export, name="export"),
    path("byraad/<int:year>/", views.council_pdf, name="council_pdf"),
    path("danmarks-statistik/", views.statistics_export, name="statistics_export"),
]
