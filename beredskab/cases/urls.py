from django.urls import path

from . import converters
from .views import access, case_page, decisions, gate, journal, lists, network, queue, reports, sharing, status, track

converters.register()

app_name = "cases"

urlpatterns = [
    path("", lists.queue, name="queue"),
    path("mine/", lists.my_cases, name="mine"),
    path("enhed/", lists.unit_cases, name="unit"),
    path("frister/", lists.deadlines, name="deadlines"),
    path("noedadgang/", access.break_glass, name="break_glass"),
    path("noedadgange/", access.break_glass_reviews, name="break_glass_reviews"),
    path("noedadgange/<int:access_id>/", access.break_glass_review, name="break_glass_review"),
    path("risikoport/", gate.gate_oversight, name="gate_oversight"),
    path("koe/<str:report_reference>/", queue.queue_report, name="queue_report"),
    path("koe/<str:report_reference>/opret/", queue.queue_open_case, name="queue_open_case"),
    path("koe/<str:report_reference>/tilfoej/", queue.queue_add_to_case, name="queue_add_to_case"),
    path("<caseref:reference>/", case_page.case_detail, name="detail"),
    path("<caseref:reference>/tag/", status.case_claim, name="claim"),
    path("<caseref:reference>/fordel/", status.case_assign, name="assign"),
    path("<caseref:reference>/status/", status.case_status, name="status"),
    path("<caseref:reference>/markering/", gate.case_flag, name="flag"),
    path("<caseref:reference>/vurdering/", reports.urgent_assessment, name="urgent_assessment"),
    path("<caseref:reference>/underretning/<int:case_report_id>/kvittering/", reports.receipt, name="receipt"),
    path(
        "<caseref:reference>/underretning/<int:case_report_id>/kvitteringsbrev.pdf",
        reports.receipt_letter,
        name="receipt_letter",
    ),
    path("<caseref:reference>/underretning/<int:case_report_id>/tilbagemelding/", reports.feedback, name="feedback"),
    path(
        "<caseref:reference>/underretning/<int:case_report_id>/indberetter/",
        reports.reporter_release,
        name="reporter_release",
    ),
    path("<caseref:reference>/screening/", gate.screening, name="screening"),
    path(
        "<caseref:reference>/screening/<int:screening_id>/godkend/",
        gate.screening_approve,
        name="screening_approve",
    ),
    path("<caseref:reference>/personen/", network.subject, name="subject"),
    path("<caseref:reference>/barnet/", network.subject_moved, name="subject_moved"),  # the old address
    path("<caseref:reference>/personer/ny/", network.person_add, name="person_add"),
    path("<caseref:reference>/personer/<int:person_id>/", network.person_edit, name="person_edit"),
    path("<caseref:reference>/inddragelse/<str:kind>/", network.network_step, name="network_step"),
    path(
        "<caseref:reference>/aktindsigt/<int:step_id>/<int:person_id>.pdf",
        network.file_access_export,
        name="file_access_export",
    ),
    path("<caseref:reference>/journal/ny/", journal.journal_add, name="journal_add"),
    path("<caseref:reference>/opgaver/ny/", journal.task_add, name="task_add"),
    path("<caseref:reference>/opgaver/<int:task_id>/afslut/", journal.task_close, name="task_close"),
    path("<caseref:reference>/beslutninger/ny/", decisions.decision_add, name="decision_add"),
    path("<caseref:reference>/indsatser/ny/", decisions.intervention_add, name="intervention_add"),
    path(
        "<caseref:reference>/indsatser/<int:intervention_id>/afslut/",
        decisions.intervention_end,
        name="intervention_end",
    ),
    path("<caseref:reference>/deling/ny/", sharing.share_add, name="share_add"),
    path("<caseref:reference>/deling/<int:share_id>/tilbagekald/", sharing.share_revoke, name="share_revoke"),
    path("<caseref:reference>/begraensninger/ny/", sharing.restriction_add, name="restriction_add"),
    path(
        "<caseref:reference>/begraensninger/<int:restriction_id>/ophaev/",
        sharing.restriction_lift,
        name="restriction_lift",
    ),
    path("<caseref:reference>/beskyttelse/", access.case_protection, name="protection"),
    path("<caseref:reference>/beskyttelse/ophaev/", access.case_unprotect, name="unprotect"),
    path("<caseref:reference>/spor/", track.case_track, name="track"),
    path("<caseref:reference>/tilbageholdelse/", track.case_legal_hold, name="legal_hold"),
    path("<caseref:reference>/overgang-18/", track.case_coming_of_age, name="coming_of_age"),
    path("<caseref:reference>/luk/", status.case_close, name="close"),
    path("<caseref:reference>/genaabn/", status.case_reopen, name="reopen"),
]
