"""Writes to users, roles and the organisation. Each writes its audit event in the same transaction."""

import functools

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import UNIT_ROLES, Capability, Role

from . import audit_actions, notices
from .models import Centre, Municipality, RoleAssignment, RoleGrantReview, Unit, User


@transaction.atomic
def municipality_ensure(*, actor, code: str, name: str) -> Municipality:
    municipality, created = Municipality.objects.get_or_create(code=code, defaults={"name": name})
    if not created and municipality.name != name:
        old = {"name": municipality.name}
        municipality.name = name
        municipality.save(update_fields=["name"])
        audit_record(actor=actor, action=audit_actions.ORG_UNIT_SAVED, target=municipality, old=old, new={"name": name})
    elif created:
        audit_record(actor=actor, action=audit_actions.ORG_UNIT_SAVED, target=municipality, new={"name": name})
    return municipality


@transaction.atomic
def centre_ensure(*, actor, municipality: Municipality, code: str, name: str) -> Centre:
    centre, created = Centre.objects.get_or_create(municipality=municipality, code=code, defaults={"name": name})
    if created or centre.name != name:
        old = None if created else {"name": centre.name}
        centre.name = name
        centre.save()
        audit_record(actor=actor, action=audit_actions.ORG_UNIT_SAVED, target=centre, old=old, new={"name": name})
    return centre


@transaction.atomic
def unit_ensure(*, actor, centre: Centre, code: str, name: str, kind: str, inbox_email: str = "") -> Unit:
    values = {"centre": centre, "name": name, "kind": kind, "inbox_email": inbox_email}
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        unit = Unit.objects.create(code=code, **values)
        audit_record(actor=actor, action=audit_actions.ORG_UNIT_SAVED, target=unit, new={"code": code, "name": name})
        return unit
    changed = {k: v for k, v in values.items() if getattr(unit, k) != v}
    if changed:
        old = {k: str(getattr(unit, k)) for k in changed}
        for key, value in changed.items():
            setattr(unit, key, value)
        unit.save()
        audit_record(
            actor=actor,
            action=audit_actions.ORG_UNIT_SAVED,
            target=unit,
            old=old,
            new={k: str(v) for k, v in changed.items()},
        )
    return unit


@transaction.atomic
def user_create(
    *, actor, email: str, full_name: str, password: str | None, job_title: str = "", is_demo: bool = False, **flags
) -> User:
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "Der findes allerede en bruger med denne e-mail."})
    user = User.objects.create_user(
        email=email, password=password, full_name=full_name, job_title=job_title, is_demo=is_demo, **flags
    )
    audit_record(actor=actor, action=audit_actions.USER_CREATED, target=user, new={"is_demo": is_demo, **flags})
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action=audit_actions.USER_UPDATED, target=user, new={"password": "changed"})


# Changes to an account that could hand it to someone else: its owner and watchers are told.
WATCHED_ACCOUNT_FIELDS = ("email", "is_active", "is_staff", "is_superuser")


@transaction.atomic
def user_account_update(*, actor, user: User, old: User) -> list[str]:
    """Record an administrator's change to `user` (already saved; `old` is the row before) and
    alert its owner and watchers to the watched ones (`notices.account_change_alert`). Nobody
    changes their own admin rights or switches their own account off. Returns the watched
    fields that changed. Raises PolicyDenied."""
    changed = [f for f in WATCHED_ACCOUNT_FIELDS if getattr(old, f) != getattr(user, f)]
    if actor is not None and actor.pk == user.pk and set(changed) - {"email"}:
        raise PolicyDenied(_("Du kan ikke ændre dine egne administratorrettigheder eller slå din egen konto fra."))
    if changed:
        audit_record(
            actor=actor,
            action=audit_actions.USER_UPDATED,
            target=user,
            old={f: getattr(old, f) for f in changed if f != "email"}
            | ({"email": "changed"} if "email" in changed else {}),
            new={f: getattr(user, f) for f in changed if f != "email"},
        )
        old_email = old.email if "email" in changed else ""
        transaction.on_commit(
            lambda: notices.account_change_alert(user_id=user.pk, changes=changed, old_email=old_email)
        )
    return changed


def _check_may_grant(actor, user: User, role: str, unit: Unit | None) -> bool:
    """Who may give whom a role. Returns True when the unit's leaders must review the grant.

    Nobody grants roles to themselves. A role in a unit (access to its cases) is granted by a
    leader of that unit, or by a system administrator, whose grant the unit's leaders are
    alerted to and review. Other roles: a system administrator. `actor=None` is the system
    itself (set-up commands, the demo), which is audited as such."""
    if actor is None:
        return False
    if actor.pk == user.pk:
        raise PolicyDenied(_("Du kan ikke give dig selv roller."))
    if role in UNIT_ROLES and unit is not None and unit.pk in actor.unit_ids_with_role(Role.UNIT_LEADER):
        return False
    if not actor.has_capability(Capability.SYSTEM_ADMIN):
        raise PolicyDenied(_("Kun en leder i enheden eller en systemadministrator kan tildele roller."))
    return role in UNIT_ROLES and unit is not None


@transaction.atomic
def role_assign(*, actor, user: User, role: str, unit: Unit | None = None) -> RoleAssignment:
    """Give `user` a role (in `unit` for the unit roles); see `_check_may_grant` for who may.
    A system administrator's grant of a role in a unit is put on the unit leaders' review list
    and they get a content-free e-mail at once."""
    assignment = RoleAssignment(user=user, role=role, unit=unit)
    assignment.full_clean(validate_unique=False, validate_constraints=False)
    existing = RoleAssignment.objects.filter(user=user, role=role, unit=unit).first()
    if existing:
        return existing
    needs_review = _check_may_grant(actor, user, role, unit)
    assignment.save()
    audit_record(
        actor=actor,
        action=audit_actions.ROLE_ASSIGNED,
        target=user,
        new={"role": role, "unit_id": unit and unit.pk, "leaders_review": needs_review},
    )
    _tell_role_change(actor, user, unit and unit.pk)
    if needs_review:
        review = RoleGrantReview.objects.create(
            user=user, role=role, unit=unit, granted_by=actor, granted_at=timezone.now()
        )
        transaction.on_commit(lambda: notices.role_grant_alert(review.pk))
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    old = {"role": assignment.role, "unit_id": assignment.unit_id}
    user = assignment.user
    assignment.delete()
    audit_record(actor=actor, action=audit_actions.ROLE_REVOKED, target=user, old=old)
    _tell_role_change(actor, user, assignment.unit_id)


def _tell_role_change(actor, user: User, unit_id: int | None) -> None:
    """A role given or taken by a person (not the system's own set-up) is told like any other
    change to the account, also to the leaders of the unit the role was in."""
    if actor is not None:
        transaction.on_commit(
            functools.partial(
                notices.account_change_alert, user_id=user.pk, changes=["roles"], unit_ids=[unit_id] if unit_id else []
            )
        )


@transaction.atomic
def role_grant_review(*, actor, review: RoleGrantReview, keep: bool) -> RoleGrantReview:
    """A leader of the unit keeps or revokes a role a system administrator granted there."""
    review = RoleGrantReview.objects.select_for_update().get(pk=review.pk)
    if review.unit_id not in actor.unit_ids_with_role(Role.UNIT_LEADER):
        raise PolicyDenied(_("Kun en leder i enheden kan gennemgå tildelingen."))
    if review.user_id == actor.pk:
        raise PolicyDenied(_("Du kan ikke gennemgå din egen rolle."))
    if review.reviewed_at is not None:
        raise ValidationError(_("Tildelingen er allerede gennemgået."))
    review.reviewed_at = timezone.now()
    review.reviewed_by = actor
    review.kept = keep
    review.save(update_fields=["reviewed_at", "reviewed_by", "kept"])
    if not keep:
        for assignment in RoleAssignment.objects.filter(user_id=review.user_id, role=review.role, unit=review.unit):
            role_revoke(actor=actor, assignment=assignment)
    audit_record(
        actor=actor,
        action=audit_actions.ROLE_GRANT_REVIEWED,
        target=review,
        new={"user_id": review.user_id, "role": review.role, "unit_id": review.unit_id, "kept": keep},
    )
    return review


def password_links_send(*, actor, users, request=None) -> int:
    """E-mail each active user a link to choose a new password (Django's password reset token:
    one use, expires after PASSWORD_RESET_TIMEOUT). Nobody sets another person's password."""
    sent = 0
    for user in users:
        if not user.is_active or not user.email:
            continue
        form = PasswordResetForm({"email": user.email})
        if not form.is_valid():
            continue
        with transaction.atomic():
            form.send_mail(
                "accounts/password_reset_subject.txt",
                "accounts/password_reset_email.txt",
                password_link_context(user, request),
                None,
                user.email,
            )
            audit_record(actor=actor, action=audit_actions.PASSWORD_RESET_SENT, target=user)
            if actor is not None and actor.pk != user.pk:
                transaction.on_commit(
                    functools.partial(notices.account_change_alert, user_id=user.pk, changes=["password_link"])
                )
        sent += 1
    return sent


def password_link_context(user: User, request=None) -> dict:
    return {
        "site_url": settings.SITE_URL.rstrip("/"),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


@transaction.atomic
def password_set_by_link(*, user: User, form) -> None:
    """The user chose a new password through a link: saved and audited (the user is the actor)."""
    form.save()
    audit_record(actor=user, action=audit_actions.USER_UPDATED, target=user, new={"password": "changed by link"})
