"""Helpers that let views and API views apply a policy in one line."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework.permissions import BasePermission

from .policies import Policy


def get_visible_or_404(policy: Policy, user, queryset, **lookup):
    """The object, if the user may see it. Objects they may not see are 'not found', so their
    existence does not leak."""
    try:
        return policy.visible(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def capability_required(*capabilities: str):
    """Function-view decorator: log in, then hold at least one of the capabilities (else 403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(request.user.has_capability(c) for c in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class PolicyPermission(BasePermission):
    """DRF permission: set `policy` and map HTTP methods to policy actions on the view
    (`policy_actions = {"GET": "view", "POST": "edit"}`)."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request, view, obj) -> bool:
        action = view.policy_actions.get(request.method)
        return action is not None and view.policy.can(request.user, action, obj)
