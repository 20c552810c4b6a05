"""The policy pattern: one policy per domain answers both questions,
"may this user do X to this object" (`decide` / `can` / `require`) and
"which objects may this user see" (`visible`).

Views, selectors, API permissions and admin all ask the same policy, so a rule cannot be
applied in one place and forgotten in another.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason) -> Decision:
    return Decision(False, str(reason))


class PolicyDenied(PermissionDenied):
    """A refusal with a reason the user may be shown."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Policy:
    """Subclass per domain; implement `visible` and one `decide_<action>` method per action."""

    def visible(self, user, queryset: QuerySet) -> QuerySet:
        raise NotImplementedError

    def decide(self, user, action: str, obj=None) -> Decision:
        if user is None or not user.is_authenticated or not user.is_active:
            return deny("Log ind for at fortsætte.")
        method = getattr(self, f"decide_{action}", None)
        if method is None:
            raise LookupError(f"{type(self).__name__} has no rule for {action!r}")
        return method(user, obj)

    def can(self, user, action: str, obj=None) -> bool:
        return self.decide(user, action, obj).allowed

    def require(self, user, action: str, obj=None) -> None:
        decision = self.decide(user, action, obj)
        if not decision.allowed:
            raise PolicyDenied(decision.reason)
