from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

REPORT_SUBMITTED = register("intake.report_submitted", _("Underretning modtaget"), ActionKind.WRITE)
REPORT_VIEWED = register("intake.report_viewed", _("Underretning læst"), ActionKind.READ)
REPORT_LIST_VIEWED = register("intake.report_list_viewed", _("Liste over underretninger vist"), ActionKind.READ)
ATTACHMENT_DOWNLOADED = register("intake.attachment_downloaded", _("Bilag hentet"), ActionKind.READ)
RECEIPT_VIEWED = register("intake.receipt_viewed", _("Kvittering vist for indberetter"), ActionKind.READ)
NOTIFICATION_SENT = register("intake.notification_sent", _("Enhed underrettet om ny underretning"), ActionKind.WRITE)
# The retention job's events (beredskab.intake.retention). Their names kept the "core." prefix they
# were first written with: events already in the log must keep matching them.
REPORT_ANONYMISED = register(
    "core.retention_report_anonymised", _("Underretning uden sag anonymiseret (sletteregler)"), ActionKind.WRITE
)
ATTACHMENT_DELETED = register(
    "core.retention_attachment_deleted", _("Bilag til underretning uden sag slettet (sletteregler)"), ActionKind.WRITE
)
