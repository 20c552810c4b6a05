from django.urls import path

from beredskab.cases import converters

from . import views

converters.register()

app_name = "risk"

urlpatterns = [
    path("<caseref:reference>/ny/", views.start, name="start"),
    path("<caseref:reference>/v<int:version>/", views.detail, name="detail"),
    path("<caseref:reference>/v<int:version>/rediger/", views.edit, name="edit"),
    path("<caseref:reference>/v<int:version>/godkend/", views.review, name="review"),
    path("<caseref:reference>/v<int:version>/pdf/", views.export, name="export"),
    path("<caseref:reference>/risikoport/", views.override, name="override"),
    path("<caseref:reference>/risikoport/<int:override_id>/ophaev/", views.override_revoke, name="override_revoke"),
    path("<caseref:reference>/risikoport/ikke-involveret/", views.not_involved, name="not_involved"),
    path("<caseref:reference>/risikoport/bekraeft/", views.confirm_assessment, name="confirm_assessment"),
    path("<caseref:reference>/konsultationer/ny/", views.consultation_add, name="consultation_add"),
]
