from django.utils.translation import gettext_lazy as _

from beredskab.audit.registry import ActionKind, register

USER_CREATED = register("accounts.user_created", _("Bruger oprettet"), ActionKind.WRITE)
USER_UPDATED = register("accounts.user_updated", _("Bruger ændret"), ActionKind.WRITE)
ROLE_ASSIGNED = register("accounts.role_assigned", _("Rolle tildelt"), ActionKind.WRITE)
ROLE_REVOKED = register("accounts.role_revoked", _("Rolle fjernet"), ActionKind.WRITE)
ROLE_GRANT_REVIEWED = register(
    "accounts.role_grant_reviewed", _("Rolletildeling gennemgået af leder"), ActionKind.SECURITY
)
ROLE_GRANT_ALERT_SENT = register(
    "accounts.role_grant_alert_sent", _("Ledere underrettet om ny rolle i enheden"), ActionKind.WRITE
)
ACCOUNT_ALERT_SENT = register(
    "accounts.account_alert_sent", _("Bruger og ledere underrettet om ændret konto"), ActionKind.SECURITY
)
PASSWORD_RESET_SENT = register("accounts.password_reset_sent", _("Link til ny adgangskode sendt"), ActionKind.SECURITY)
ORG_UNIT_SAVED = register("accounts.org_unit_saved", _("Organisation ændret"), ActionKind.WRITE)
LOGIN_SUCCEEDED = register("accounts.login_succeeded", _("Logget ind"), ActionKind.SECURITY)
LOGIN_FAILED = register("accounts.login_failed", _("Mislykket login"), ActionKind.SECURITY)
LOGGED_OUT = register("accounts.logged_out", _("Logget ud"), ActionKind.SECURITY)
OTP_ENROLLED = register("accounts.otp_enrolled", _("To-faktor-login sat op"), ActionKind.SECURITY)
OTP_VERIFIED = register("accounts.otp_verified", _("Engangskode godkendt"), ActionKind.SECURITY)
OTP_FAILED = register("accounts.otp_failed", _("Forkert engangskode"), ActionKind.SECURITY)
OTP_RESET = register("accounts.otp_reset", _("To-faktor-login nulstillet"), ActionKind.SECURITY)
SESSIONS_REVOKED = register("accounts.sessions_revoked", _("Logget ud alle steder"), ActionKind.SECURITY)
SSO_REFUSED = register("accounts.sso_refused", _("Kommunalt login afvist"), ActionKind.SECURITY)
# What a worker typed after their login ended (beredskab.accounts.kept_drafts): ids only, never the text.
DRAFT_KEPT = register("accounts.draft_kept", _("Tekst gemt, efter login var udløbet"), ActionKind.WRITE)
DRAFT_RESTORED = register("accounts.draft_restored", _("Gemt tekst vist igen efter login"), ActionKind.READ)
DRAFT_DELETED = register("accounts.draft_deleted", _("Gemt tekst slettet"), ActionKind.WRITE)
DRAFTS_EXPIRED = register("accounts.drafts_expired", _("Gemte tekster slettet efter udløb"), ActionKind.WRITE)
