from django.urls import path

from . import views

app_name = "plan"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sammenlign/", views.plan_compare_view, name="compare"),
    path("<int:pk>/vedtag/", views.plan_adopt_view, name="adopt"),
    path("<int:pk>/rul-tilbage/", views.plan_roll_back_view, name="roll_back"),
    path("<int:pk>/annuller-ikrafttraedelse/", views.plan_cancel_scheduled_view, name="cancel_scheduled"),
    path("<int:pk>/nyt-udkast/", views.plan_draft_new_view, name="draft_new"),
    path("<int:pk>/arkiver/", views.plan_archive_view, name="archive"),
    path("<int:pk>/bekraeft/", views.plan_fact_confirm_view, name="confirm_fact"),
    path("<int:pk>/rediger/", views.plan_edit_view, name="edit"),
    path("<int:pk>/rediger/<slug:section>/", views.plan_edit_section_view, name="edit_section"),
    path("<int:pk>/fil.yaml", views.plan_export_view, name="export"),
]
