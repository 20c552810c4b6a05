from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("akut/", views.acute, name="acute"),
    path("ny/", views.create, name="create"),
    path("registrer/", views.staff_create, name="staff_create"),
    path("kvittering/<str:reference>/", views.receipt, name="receipt"),
    path("kvittering/<str:reference>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("modtagne/", views.unit_reports, name="unit_reports"),
    path("modtagne/<str:reference>/", views.report_detail, name="report_detail"),
    path("modtagne/<str:reference>/bilag/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
