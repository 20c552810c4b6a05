"""Content-free e-mails about who was given access: a role in a unit granted by a system
administrator reaches the unit's leaders at once. The mail names no person and no case, only
that there is a grant to review and where."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record
from beredskab.core.roles import Role

from . import audit_actions
from .models import RoleGrantReview, User


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


# What happened to an account, as the alert names it (no person, no case).
ACCOUNT_CHANGES = {
    "email": _("e-mailadressen er ændret"),
    "is_active": _("kontoen er slået til eller fra"),
    "is_staff": _("adgangen til administrationen er ændret"),
    "is_superuser": _("administratorrettighederne er ændret"),
    "roles": _("en rolle er givet eller taget fra kontoen"),
    "password_link": _("en administrator har sendt et link til ny adgangskode"),
    "otp_reset": _("to-faktor-login er nulstillet af en administrator"),
}


def _account_watchers(user: User, unit_ids=()) -> set[str]:
    """Who hears of a change to an account: the leaders of the units the user has a role in
    (and of `unit_ids`, a unit whose role was just taken), and every other active system
    administrator (a superuser or the system administrator role)."""
    units = set(user.role_assignments.exclude(unit=None).values_list("unit", flat=True)) | set(unit_ids)
    leaders = User.objects.filter(
        is_active=True, role_assignments__unit__in=units, role_assignments__role=Role.UNIT_LEADER
    )
    admins = User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(role_assignments__role=Role.SYSADMIN))
    return {u.email for u in leaders.union(admins) if u.email and u.pk != user.pk}


def account_change_alert(*, user_id: int, changes: list[str], old_email: str = "", unit_ids=()) -> int:
    """Mail the account's owner (also at the address it had before, when the e-mail changed)
    and its watchers that an administrator changed it; returns how many were mailed. A
    takeover (a new e-mail, then a password link to it) cannot go unseen."""
    user = User.objects.get(pk=user_id)
    with translation.override("da"):
        subject = _("Sikkerhed: en brugerkonto er ændret")
        what = [str(ACCOUNT_CHANGES[c]) for c in changes if c in ACCOUNT_CHANGES]
        body = "\n".join(
            [
                _("En administrator har ændret en brugerkonto i Beredskab:"),
                *[f"- {line}" for line in what],
                "",
                _("Er det din konto, og kender du ikke til ændringen, så kontakt straks din leder."),
                _("Ændringen står i revisionsloggen i Beredskab:"),
                settings.SITE_URL.rstrip("/") + "/",
                "",
                _("Denne e-mail indeholder bevidst ingen personoplysninger."),
            ]
        )
    owner = {a for a in (user.email, old_email) if a} - ({user.email} if "password_link" in changes else set())
    recipients = sorted(owner | _account_watchers(user, unit_ids))
    for address in recipients:
        EmailMessage(subject=subject, body=body, to=[address]).send()
    audit_record(
        actor=None,
        action=audit_actions.ACCOUNT_ALERT_SENT,
        target=user,
        new={"changes": changes, "recipients": len(recipients)},
    )
    return len(recipients)
