from django.urls import path

from . import views

app_name = "implementation"

urlpatterns = [
    path("", views.index, name="index"),
    path("laest/", views.acknowledge, name="acknowledge"),
    path("formidling/", views.dissemination, name="dissemination"),
    path("formidling/send/", views.disseminate, name="disseminate"),
    path("formidling/enhed/<slug:unit>/", views.unit_missing, name="unit_missing"),
    path("opkvalificering/", views.training, name="training"),
    path("opkvalificering/ny/", views.training_add, name="training_add"),
    path("opkvalificering/krav/", views.training_requirements, name="training_requirements"),
    path("opkvalificering/mine/", views.my_training, name="my_training"),
    path("videndeling/", views.library, name="library"),
    path("videndeling/ny/", views.library_add, name="library_add"),
    path("videndeling/<int:resource_id>/fil/", views.library_file, name="library_file"),
    path("videndeling/<int:resource_id>/fjern/", views.library_remove, name="library_remove"),
    path("videndeling/netvaerksmoeder/", views.meetings, name="meetings"),
    path("videndeling/netvaerksmoeder/<int:meeting_id>/fjern/", views.meeting_remove, name="meeting_remove"),
    path("videndeling/netvaerksmoeder/ny/", views.meeting_add, name="meeting_add"),
]
