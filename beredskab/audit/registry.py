"""The registry of audit action names.

Each app declares its actions in its own `audit_actions.py` with `register(...)`; an event
with an unregistered action is refused, so the log only ever holds known, documented actions.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    READ = "read", _("Opslag")
    WRITE = "write", _("Ændring")
    SECURITY = "security", _("Sikkerhed")


@dataclass(frozen=True)
class AuditAction:
    name: str
    label: str
    kind: str

    def __str__(self) -> str:
        return self.name


_actions: dict[str, AuditAction] = {}


def register(name: str, label, kind: str) -> AuditAction:
    if kind not in ActionKind.values:
        raise ValueError(f"Unknown audit action kind {kind!r}")
    existing = _actions.get(name)
    if existing and (existing.kind != kind):
        raise ValueError(f"Audit action {name!r} is registered twice with different kinds")
    action = AuditAction(name=name, label=label, kind=kind)
    _actions[name] = action
    return action


def get_action(name: str) -> AuditAction:
    try:
        return _actions[name]
    except KeyError:
        raise LookupError(f"Audit action {name!r} is not registered") from None


def all_actions() -> list[AuditAction]:
    return sorted(_actions.values(), key=lambda action: action.name)
