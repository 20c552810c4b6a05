from django.urls import path

from beredskab.cases import converters

from . import views

converters.register()

app_name = "adults"

urlpatterns = [
    path("<caseref:reference>/", views.overview, name="overview"),
    path("<caseref:reference>/raadgivning/ny/", views.counselling_add, name="counselling_add"),
    path("<caseref:reference>/handlingsplan/ny/", views.plan_start, name="plan_start"),
    path("<caseref:reference>/handlingsplan/v<int:version>/", views.plan_detail, name="plan_detail"),
    path("<caseref:reference>/handlingsplan/v<int:version>/rediger/", views.plan_edit, name="plan_edit"),
    path("<caseref:reference>/handlingsplan/v<int:version>/aftal/", views.plan_agree, name="plan_agree"),
    path("<caseref:reference>/handlingsplan/v<int:version>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("<caseref:reference>/henvisninger/ny/", views.referral_add, name="referral_add"),
    path("<caseref:reference>/henvisninger/<int:referral_id>/status/", views.referral_status, name="referral_status"),
]
