"""Log-in and log-out are security events in the audit log (no e-mail or password is stored)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from beredskab.audit.services import audit_record

from . import audit_actions, kept_drafts
from .session_security import remember_epoch


def _method(user) -> str:
    return "sso" if getattr(user, "backend", "").endswith("MunicipalOIDCBackend") else "password"


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_epoch(request.session, user)
    audit_record(actor=user, action=audit_actions.LOGIN_SUCCEEDED, target=user, new={"method": _method(user)})
    kept_drafts.drafts_purge_expired()  # text kept after an ended login lives 2 hours at most


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=audit_actions.LOGGED_OUT, target=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(actor=None, action=audit_actions.LOGIN_FAILED)
