from django.urls import path

from . import views

app_name = "taskforce"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:unit>/vagtplan/", views.roster, name="roster"),
    path("<slug:unit>/vagtplan/tilfoej/", views.member_add, name="member_add"),
    path("<slug:unit>/vagtplan/medlem/<int:member_id>/", views.member_edit, name="member_edit"),
    path("<slug:unit>/vagtplan/fravaer/", views.absence_add, name="absence_add"),
    path("<slug:unit>/vagtplan/fravaer/<int:absence_id>/slet/", views.absence_remove, name="absence_remove"),
    path("<slug:unit>/overblik/", views.overview, name="overview"),
    path("<slug:unit>/omfordel/", views.reassign, name="reassign"),
]
