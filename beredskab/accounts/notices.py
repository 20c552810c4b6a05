"""Content-free e-mails about who was given access: a role in a unit granted by a system
administrator reaches the unit's leaders at once. The mail names no person and no case, only
that there is a grant to review and where."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record

from . import audit_actions
from .models import RoleGrantReview, User
from .roles import Role


def role_grant_alert(review_id: int) -> int:
    """Mail the unit's leaders (each on their own); returns how many were mailed."""
    review = RoleGrantReview.objects.select_related("unit").get(pk=review_id)
    leaders = (
        User.objects.filter(is_active=True, role_assignments__unit=review.unit, role_assignments__role=Role.UNIT_LEADER)
        .exclude(pk=review.user_id)
        .distinct()
    )
    emails = sorted({u.email for u in leaders if u.email})
    with translation.override("da"):
        subject = _("Sikkerhed: en medarbejder har fået adgang til enhedens sager")
        body = "\n".join(
            [
                _("En systemadministrator har givet en medarbejder en rolle i din enhed med adgang til sagerne."),
                _("Gennemgå tildelingen, og fjern den, hvis den ikke er rigtig:"),
                settings.SITE_URL.rstrip("/") + reverse("accounts:role_reviews"),
                "",
                _("Denne e-mail indeholder bevidst ingen personoplysninger."),
            ]
        )
    for address in emails:
        EmailMessage(subject=subject, body=body, to=[address]).send()
    audit_record(
        actor=None,
        action=audit_actions.ROLE_GRANT_ALERT_SENT,
        target=review,
        new={"unit_id": review.unit_id, "recipients": len(emails)},
    )
    return len(emails)
