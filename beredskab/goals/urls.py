from django.urls import path

from . import views

app_name = "goals"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("barometer/<slug:key>/", views.cases_behind, name="cases_behind"),
    path("eksport/<slug:fmt>/", views.export, name="export"),
    path("byraad/<int:year>/", views.council_pdf, name="council_pdf"),
    path("danmarks-statistik/", views.statistics_export, name="statistics_export"),
    path("filer/bestil/", views.export_order, name="export_order"),
    path("filer/<uuid:job_id>/", views.export_status, name="export_status"),
    path("filer/<uuid:job_id>/hent/", views.export_download, name="export_download"),
]
