from django.urls import path

from beredskab.cases import converters

from . import views

converters.register()

app_name = "safety"

urlpatterns = [
    path("ferieliste/", views.holiday_list, name="holiday_list"),
    path("<caseref:reference>/", views.overview, name="overview"),
    path("<caseref:reference>/plan/ny/", views.plan_new, name="plan_new"),
    path("<caseref:reference>/plan/<int:number>/", views.plan_detail, name="plan_detail"),
    path("<caseref:reference>/plan/<int:number>/ret/", views.plan_edit, name="plan_edit"),
    path("<caseref:reference>/plan/<int:number>/scenarie/", views.scenario_add, name="scenario_add"),
    path("<caseref:reference>/plan/<int:number>/afslut/", views.plan_end, name="plan_end"),
    path("<caseref:reference>/plan/<int:number>/pdf/<str:version>/", views.plan_pdf, name="plan_pdf"),
    path("<caseref:reference>/udeblevet/", views.no_show, name="no_show"),
    path("<caseref:reference>/udeblevet/<int:pk>/", views.no_show_handle, name="no_show_handle"),
    path("<caseref:reference>/rejse/ny/", views.trip_add, name="trip_add"),
    path("<caseref:reference>/rejse/<int:pk>/hjemkomst/", views.trip_return, name="trip_return"),
    path("<caseref:reference>/radar/", views.radar, name="radar"),
]
