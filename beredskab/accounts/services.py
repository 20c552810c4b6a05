"""Writes to users, roles and the organisation. Each writes its audit event in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction

from beredskab.audit.services import audit_record

from . import audit_actions
from .models import Centre, Municipality, RoleAssignment, Unit, User


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


@transaction.atomic
def role_assign(*, actor, user: User, role: str, unit: Unit | None = None) -> RoleAssignment:
    assignment = RoleAssignment(user=user, role=role, unit=unit)
    assignment.full_clean(validate_unique=False, validate_constraints=False)
    existing = RoleAssignment.objects.filter(user=user, role=role, unit=unit).first()
    if existing:
        return existing
    assignment.save()
    audit_record(
        actor=actor, action=audit_actions.ROLE_ASSIGNED, target=user, new={"role": role, "unit_id": unit and unit.pk}
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    old = {"role": assignment.role, "unit_id": assignment.unit_id}
    user = assignment.user
    assignment.delete()
    audit_record(actor=actor, action=audit_actions.ROLE_REVOKED, target=user, old=old)
