from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.start, name="start"),
    path("akut/", views.acute, name="acute"),
    path("hvem/", views.who, name="who"),
    path("bekymring/<slug:group>/<slug:audience>/", views.path, name="path"),
    path("om-planen/", views.about, name="about"),
    path("planen/", views.plan_document, name="plan_document"),
    path("planen.pdf", views.plan_document_pdf, name="plan_document_pdf"),
    path("sikker-brug/", views.safety, name="safety"),
    path("action-cards/", views.card_index, name="cards"),
    path("action-cards/<slug:group>/<slug:kind>/", views.card, name="card"),
    path("action-cards/<slug:group>/<slug:kind>.pdf", views.card_pdf, name="card_pdf"),
    path("forhaandsvisning/", views.preview, name="preview"),
    path("forhaandsvisning/<int:plan_pk>/action-cards/", views.preview_card_index, name="preview_cards"),
    path(
        "forhaandsvisning/<int:plan_pk>/action-cards/<slug:group>/<slug:kind>/", views.preview_card, name="preview_card"
    ),
    path(
        "forhaandsvisning/<int:plan_pk>/action-cards/<slug:group>/<slug:kind>.pdf",
        views.preview_card_pdf,
        name="preview_card_pdf",
    ),
]
