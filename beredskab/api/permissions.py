"""What a caller may reach: a token only within its scopes; staff by their roles. The rules about
objects (need-to-know, protected cases, the risk gate) are the cases' and intake's policies,
asked by the selectors and services the views call."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from beredskab.core.roles import Capability

from .models import ApiToken


class TokenScope(BasePermission):
    """A token must carry the view's `scope` (per method: `scopes = {"GET": ..., "POST": ...}`)."""

    message = _("API-nøglen har ikke tilladelse til dette.")

    def has_permission(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return True
        scopes = getattr(view, "scopes", {})
        needed = scopes.get(request.method, scopes.get("*"))
        return needed is not None and needed in request.auth.scopes


class CaseWork(BasePermission):
    """Staff or an integration account with case work in some unit (as the case pages ask first)."""

    message = _("Du har ikke adgang til sager og underretninger.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_capability(Capability.CASE_WORK))


# Aggregates without personal data: for those who lead, plan or audit the work.
STATISTICS_CAPABILITIES = (Capability.CASE_LEAD, Capability.PLAN_MANAGE, Capability.AUDIT_VIEW)


class ReadsStatistics(BasePermission):
    message = _("Du har ikke adgang til statistikken.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and any(user.has_capability(c) for c in STATISTICS_CAPABILITIES))
