from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

REPORT_SUBMITTED = register("intake.report_submitted", _("Underretning modtaget"), ActionKind.WRITE)
REPORT_VIEWED = register("intake.report_viewed", _("Underretning læst"), ActionKind.READ)
REPORT_LIST_VIEWED = register("intake.report_list_viewed", _("Liste over underretninger vist"), ActionKind.READ)
ATTACHMENT_DOWNLOADED = register("intake.attachment_downloaded", _("Bilag hentet"), ActionKind.READ)
RECEIPT_VIEWED = register("intake.receipt_viewed", _("Kvittering vist for indberetter"), ActionKind.READ)
NOTIFICATION_SENT = register("intake.notification_sent", _("Enhed underrettet om ny underretning"), ActionKind.WRITE)
