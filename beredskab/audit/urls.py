from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("borgerindsigt/", views.citizen_access, name="citizen_access"),
]
