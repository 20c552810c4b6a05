"""Optional single sign-on with the municipality's OpenID Connect provider (mozilla-django-oidc).

Active only when the OIDC_* environment variables are set (config/settings/base.py; a half-set
configuration refuses to start, and production refuses HS* signatures and endpoints that are
not https://). Users are matched by e-mail address to existing, active users, who already hold
their roles, and only when the provider says the address is verified (`email_verified`); an
unknown or deactivated user is refused with a clear message and never created. After sign-on the
second factor is still asked for where the role requires it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from beredskab.audit.services import audit_record

from . import audit_actions, twofactor

REFUSED_ATTRIBUTE = "beredskab_sso_refused"


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims):
        """Only an address the provider vouches for identifies a user here: `email_verified` must
        be true. A missing claim is not a yes (a provider that lets users type their own address
        would otherwise let anyone sign in as a colleague). Some providers send "true" as text."""
        verified = claims.get("email_verified")
        if isinstance(verified, str):
            verified = verified.strip().lower() == "true"
        return bool(claims.get("email")) and verified is True

    def create_user(self, claims):
        raise PermissionDenied("Single sign-on never creates users.")

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None:
            request = getattr(self, "request", None)
            if request is not None:
                setattr(request, REFUSED_ATTRIBUTE, True)
            # The claimed address is not stored: it may belong to no one we know.
            audit_record(actor=None, action=audit_actions.SSO_REFUSED, new={"reason": "unknown_or_inactive_user"})
        return user


class MunicipalOIDCCallbackView(OIDCAuthenticationCallbackView):
    def login_failure(self):
        if getattr(self.request, REFUSED_ATTRIBUTE, False):
            messages.error(
                self.request,
                _(
                    "Din kommunale konto er ikke knyttet til en bruger i Beredskab, eller brugeren er "
                    "deaktiveret. Kontakt din systemadministrator, som kan oprette dig med de rette roller."
                ),
            )
        else:
            messages.error(
                self.request,
                _("Log ind med kommunens login mislykkedes. Prøv igen, eller log ind med e-mail og adgangskode."),
            )
        return redirect("accounts:login")

    def login_success(self):
        super().login_success()
        next_url = twofactor.safe_next(self.request, self.success_url)
        return redirect(twofactor.second_step_url(self.user, next_url))
