from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

# Reads
QUEUE_VIEWED = register("cases.queue_viewed", _("Sagskø vist"), ActionKind.READ)
QUEUE_REPORT_VIEWED = register(
    "cases.queue_report_viewed", _("Underretning i køen vist med tidligere sager"), ActionKind.READ
)
CASE_LIST_VIEWED = register("cases.case_list_viewed", _("Liste over sager vist"), ActionKind.READ)
DEADLINES_VIEWED = register("cases.deadlines_viewed", _("Frister vist"), ActionKind.READ)
PERSON_LISTED = register(
    "cases.person_listed", _("Person vist i en liste over sager eller underretninger"), ActionKind.READ
)
CASE_VIEWED = register("cases.case_viewed", _("Sag læst"), ActionKind.READ)
RECEIPT_LETTER_GENERATED = register("cases.receipt_letter_generated", _("Kvitteringsbrev dannet"), ActionKind.READ)
FILE_ACCESS_EXPORTED = register("cases.file_access_exported", _("Aktindsigt dannet til person"), ActionKind.READ)

# Writes
CASE_OPENED = register("cases.case_opened", _("Sag oprettet"), ActionKind.WRITE)
CASE_REPORT_ADDED = register("cases.report_added", _("Underretning lagt på sag"), ActionKind.WRITE)
CASE_ASSIGNED = register("cases.case_assigned", _("Sag fordelt"), ActionKind.WRITE)
CASE_CLAIMED = register("cases.case_claimed", _("Sag taget"), ActionKind.WRITE)
CASE_STATUS_CHANGED = register("cases.status_changed", _("Sagens status ændret"), ActionKind.WRITE)
URGENT_ASSESSMENT_RECORDED = register(
    "cases.urgent_assessment_recorded", _("Vurdering inden for 24 timer registreret"), ActionKind.WRITE
)
RECEIPT_RECORDED = register("cases.receipt_recorded", _("Kvittering til indberetter registreret"), ActionKind.WRITE)
FEEDBACK_RECORDED = register("cases.feedback_recorded", _("Tilbagemelding til fagperson registreret"), ActionKind.WRITE)
SCREENING_RECORDED = register("cases.screening_recorded", _("Screening registreret"), ActionKind.WRITE)
FLAG_CHANGED = register("cases.flag_changed", _("NSK/ÆRK-markering ændret"), ActionKind.WRITE)
SUBJECT_UPDATED = register("cases.subject_updated", _("Oplysninger om barnet ændret"), ActionKind.WRITE)
PERSON_ADDED = register("cases.person_added", _("Person tilføjet til familie og netværk"), ActionKind.WRITE)
PERSON_UPDATED = register("cases.person_updated", _("Person i familie og netværk ændret"), ActionKind.WRITE)
NETWORK_STEP_RECORDED = register(
    "cases.network_step_recorded", _("Inddragelse af forældre eller netværk registreret"), ActionKind.WRITE
)
NETWORK_STEP_REFUSED = register(
    "cases.network_step_refused",
    _("Registrering, der inddrager forældre eller netværk, afvist af risikoporten"),
    ActionKind.SECURITY,
)
FAMILY_MENTION_ASKED = register(
    "cases.family_mention_asked",
    _("Risikoporten spurgte til familie nævnt i en tekst"),
    ActionKind.SECURITY,
)
GATE_RESET = register(
    "cases.gate_reset", _("Risikoporten lukket på ny (ny underretning eller genåbning)"), ActionKind.SECURITY
)
GATE_OVERRIDE_ENDED = register(
    "cases.gate_override_ended", _("Tilsidesættelse af risikoporten ophørt af sig selv"), ActionKind.SECURITY
)
SCREENING_GATE_APPROVED = register(
    "cases.screening_gate_approved",
    _("Screening uden NSK/ÆRK godkendt af leder (risikoporten åbnet)"),
    ActionKind.SECURITY,
)
REPORT_HELD = register(
    "cases.report_held",
    _("Ny underretning om barn med beskyttet eller markeret sag holdt til sagen"),
    ActionKind.SECURITY,
)
REPORT_HOLD_RELEASED = register(
    "cases.report_hold_released", _("Leder har besluttet ny sag for underretning om barn med sag"), ActionKind.SECURITY
)
JOURNAL_ENTRY_ADDED = register("cases.journal_entry_added", _("Journalnotat skrevet"), ActionKind.WRITE)
TASK_ADDED = register("cases.task_added", _("Opgave oprettet"), ActionKind.WRITE)
TASK_CLOSED = register("cases.task_closed", _("Opgave afsluttet"), ActionKind.WRITE)
TASK_REASSIGNED = register("cases.task_reassigned", _("Opgave givet til en anden"), ActionKind.WRITE)
DECISION_RECORDED = register("cases.decision_recorded", _("Beslutning registreret"), ActionKind.WRITE)
INTERVENTION_ADDED = register("cases.intervention_added", _("Indsats oprettet"), ActionKind.WRITE)
INTERVENTION_ENDED = register("cases.intervention_ended", _("Indsats afsluttet"), ActionKind.WRITE)
CASE_SHARED = register("cases.case_shared", _("Sag delt med anden enhed"), ActionKind.WRITE)
CASE_SHARE_REVOKED = register("cases.case_share_revoked", _("Deling af sag tilbagekaldt"), ActionKind.WRITE)
REPORTER_RELEASED = register(
    "cases.reporter_released", _("Indberetterens identitet frigivet over for familien"), ActionKind.SECURITY
)
OUTBOUND_RELEASED = register(
    "cases.outbound_released",
    _("Tilbageholdte oplysninger frigivet i et udgående dokument"),
    ActionKind.SECURITY,
)
RESTRICTION_ADDED = register("cases.restriction_added", _("Videregivelsesbegrænsning oprettet"), ActionKind.WRITE)
RESTRICTION_LIFTED = register("cases.restriction_lifted", _("Videregivelsesbegrænsning ophævet"), ActionKind.WRITE)
CASE_CLOSED = register("cases.case_closed", _("Sag lukket"), ActionKind.WRITE)
CASE_REOPENED = register("cases.case_reopened", _("Sag genåbnet"), ActionKind.WRITE)
DEADLINE_REMINDER_SENT = register("cases.deadline_reminder_sent", _("Påmindelse om frist sendt"), ActionKind.WRITE)

# Protected cases and break-glass access
CASE_PROTECTED = register("cases.case_protected", _("Sag gjort beskyttet"), ActionKind.SECURITY)
CASE_UNPROTECTED = register("cases.case_unprotected", _("Beskyttelse af sag ophævet"), ActionKind.SECURITY)
PROTECTION_MEMBERS_CHANGED = register(
    "cases.protection_members_changed", _("Adgang til beskyttet sag ændret"), ActionKind.SECURITY
)
PROTECTED_CASE_REFUSED = register(
    "cases.protected_case_refused", _("Forsøg på at åbne en beskyttet sag afvist"), ActionKind.SECURITY
)
BREAK_GLASS_OPENED = register("cases.break_glass_opened", _("Nødadgang til sag åbnet"), ActionKind.SECURITY)
BREAK_GLASS_REFUSED = register("cases.break_glass_refused", _("Nødadgang til sag afvist"), ActionKind.SECURITY)
BREAK_GLASS_REVIEWED = register("cases.break_glass_reviewed", _("Nødadgang gennemgået af leder"), ActionKind.WRITE)
GATE_OVERSIGHT_VIEWED = register(
    "cases.gate_oversight_viewed", _("Oversigt over ledernes beslutninger om risikoporten vist"), ActionKind.READ
)
BREAK_GLASS_LIST_VIEWED = register(
    "cases.break_glass_list_viewed", _("Nødadgange til gennemgang vist"), ActionKind.READ
)
SECURITY_ALERT_SENT = register("cases.security_alert_sent", _("Sikkerhedsadvarsel sendt til ledere"), ActionKind.WRITE)

# The two tracks (beredskab.cases.tracks) and the transition at 18 (beredskab.cases.coming_of_age).
CASE_LEGAL_HOLD_SET = register("cases.case_legal_hold_set", _("Sag tilbageholdt mod sletning"), ActionKind.WRITE)
CASE_LEGAL_HOLD_LIFTED = register(
    "cases.case_legal_hold_lifted", _("Tilbageholdelse mod sletning ophævet"), ActionKind.WRITE
)
CASE_TRACK_CORRECTED = register("cases.case_track_corrected", _("Sagens spor rettet"), ActionKind.WRITE)
CASE_HANDED_OVER_AT_18 = register(
    "cases.case_handed_over_at_18", _("Sag overdraget til voksenområdet ved 18 år"), ActionKind.WRITE
)
CASE_CONTINUED_SUPPORT = register(
    "cases.case_continued_support", _("Fortsat støtte efter 18 år registreret"), ActionKind.WRITE
)
CASE_ERASED = register(
    "cases.case_erased", _("Voksensags personoplysninger slettet efter opbevaringsperioden"), ActionKind.WRITE
)
