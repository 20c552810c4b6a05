from django.urls import path

from . import converters, views

converters.register()

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("mine/", views.my_cases, name="mine"),
    path("enhed/", views.unit_cases, name="unit"),
    path("frister/", views.deadlines, name="deadlines"),
    path("noedadgang/", views.break_glass, name="break_glass"),
    path("noedadgange/", views.break_glass_reviews, name="break_glass_reviews"),
    path("noedadgange/<int:access_id>/", views.break_glass_review, name="break_glass_review"),
    path("risikoport/", views.gate_oversight, name="gate_oversight"),
    path("koe/<str:report_reference>/", views.queue_report, name="queue_report"),
    path("koe/<str:report_reference>/opret/", views.queue_open_case, name="queue_open_case"),
    path("koe/<str:report_reference>/tilfoej/", views.queue_add_to_case, name="queue_add_to_case"),
    path("<caseref:reference>/", views.case_detail, name="detail"),
    path("<caseref:reference>/tag/", views.case_claim, name="claim"),
    path("<caseref:reference>/fordel/", views.case_assign, name="assign"),
    path("<caseref:reference>/status/", views.case_status, name="status"),
    path("<caseref:reference>/markering/", views.case_flag, name="flag"),
    path("<caseref:reference>/vurdering/", views.urgent_assessment, name="urgent_assessment"),
    path("<caseref:reference>/underretning/<int:case_report_id>/kvittering/", views.receipt, name="receipt"),
    path(
        "<caseref:reference>/underretning/<int:case_report_id>/kvitteringsbrev.pdf",
        views.receipt_letter,
        name="receipt_letter",
    ),
    path("<caseref:reference>/underretning/<int:case_report_id>/tilbagemelding/", views.feedback, name="feedback"),
    path(
        "<caseref:reference>/underretning/<int:case_report_id>/indberetter/",
        views.reporter_release,
        name="reporter_release",
    ),
    path("<caseref:reference>/screening/", views.screening, name="screening"),
    path(
        "<caseref:reference>/screening/<int:screening_id>/godkend/",
        views.screening_approve,
        name="screening_approve",
    ),
    path("<caseref:reference>/barnet/", views.subject, name="subject"),
    path("<caseref:reference>/personer/ny/", views.person_add, name="person_add"),
    path("<caseref:reference>/personer/<int:person_id>/", views.person_edit, name="person_edit"),
    path("<caseref:reference>/inddragelse/<str:kind>/", views.network_step, name="network_step"),
    path(
        "<caseref:reference>/aktindsigt/<int:step_id>/<int:person_id>.pdf",
        views.file_access_export,
        name="file_access_export",
    ),
    path("<caseref:reference>/journal/ny/", views.journal_add, name="journal_add"),
    path("<caseref:reference>/opgaver/ny/", views.task_add, name="task_add"),
    path("<caseref:reference>/opgaver/<int:task_id>/afslut/", views.task_close, name="task_close"),
    path("<caseref:reference>/beslutninger/ny/", views.decision_add, name="decision_add"),
    path("<caseref:reference>/indsatser/ny/", views.intervention_add, name="intervention_add"),
    path(
        "<caseref:reference>/indsatser/<int:intervention_id>/afslut/", views.intervention_end, name="intervention_end"
    ),
    path("<caseref:reference>/deling/ny/", views.share_add, name="share_add"),
    path("<caseref:reference>/deling/<int:share_id>/tilbagekald/", views.share_revoke, name="share_revoke"),
    path("<caseref:reference>/begraensninger/ny/", views.restriction_add, name="restriction_add"),
    path(
        "<caseref:reference>/begraensninger/<int:restriction_id>/ophaev/",
        views.restriction_lift,
        name="restriction_lift",
    ),
    path("<caseref:reference>/beskyttelse/", views.case_protection, name="protection"),
    path("<caseref:reference>/beskyttelse/ophaev/", views.case_unprotect, name="unprotect"),
    path("<caseref:reference>/luk/", views.case_close, name="close"),
    path("<caseref:reference>/genaabn/", views.case_reopen, name="reopen"),
]
