"""Writes of the plan's implementation: dissemination, acknowledgements, training, the library
and network meetings. Each checks the policy and writes its audit event in the same
transaction; a refusal raises ImplementationError (or PolicyDenied) with a Danish reason."""

import datetime
import hashlib
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.accounts.models import Centre, Unit, User
from beredskab.audit.services import audit_record
from beredskab.core import scanning
from beredskab.core.roles import Role
from beredskab.plan.models import Plan
from beredskab.plan.selectors import plan_in_force

from . import audit_actions
from .errors import ImplementationError
from .models import (
    Acknowledgement,
    ActivityKind,
    NetworkMeeting,
    Resource,
    ResourceKind,
    TrainingActivity,
    TrainingRequirement,
    UnitDissemination,
)
from .policies import implementation_policy
from .tasks import notify_unit_of_plan

CPR_LIKE = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")


def contains_cpr(text: str) -> bool:
    """Whether `text` holds something shaped like a CPR number (ddmmyy-xxxx, with or without
    the dash or a space; any script's digits)."""
    return bool(CPR_LIKE.search(text or ""))


def refuse_personal_numbers(**texts: str) -> None:
    """THE rule for the free text of training, the library and network meetings (none of it is
    about citizens): raises ImplementationError naming the field when one holds a CPR number.
    Every writer of that text calls it; the forms show the same rule next to the field."""
    for field, text in texts.items():
        if contains_cpr(text):
            raise ImplementationError(
                _("Skriv ingen CPR-numre eller andre personoplysninger (%(field)s).") % {"field": field}
            )


def _in_force() -> Plan:
    plan = plan_in_force()
    if plan is None:
        raise ImplementationError(_("Der er ingen vedtaget plan i kraft."))
    return plan


@transaction.atomic
def disseminate(*, actor, units: list[Unit]) -> list[UnitDissemination]:
    """Send the version in force to `units` (the coordinator). A unit it was already sent to is
    left as it is; returns the new disseminations. After the commit, each unit's employees get a
    content-free e-mail with the link to acknowledge (`tasks.notify_unit_of_plan`). Raises
    ImplementationError without a plan in force or without units."""
    implementation_policy.require(actor, "manage")
    plan = _in_force()
    if not units:
        raise ImplementationError(_("Vælg mindst én enhed."))
    already = set(UnitDissemination.objects.filter(plan=plan).values_list("unit_id", flat=True))
    now = timezone.now()
    created = []
    for unit in sorted({u.pk: u for u in units}.values(), key=lambda u: u.pk):
        if unit.pk in already:
            continue
        dissemination = UnitDissemination.objects.create(plan=plan, unit=unit, sent_by=actor, sent_at=now)
        audit_record(
            actor=actor,
            action=audit_actions.DISSEMINATED,
            target=dissemination,
            new={"plan_id": plan.pk, "version": plan.version_label, "unit": unit.code},
        )
        created.append(dissemination)
        transaction.on_commit(lambda pk=dissemination.pk: _enqueue_notice(pk))
    return created


def _enqueue_notice(dissemination_id: int) -> None:
    notify_unit_of_plan.enqueue(dissemination_id)


@transaction.atomic
def acknowledge(*, actor, plan_id: int | None = None) -> tuple[Acknowledgement, bool]:
    """The employee's "I have read the plan and know whom to contact" for the version in force.
    Idempotent: a second click returns the first acknowledgement and `False`. `plan_id` is the
    version the employee was shown (every page passes it): when another version has come into
    force since, raises ImplementationError, so nobody acknowledges a version they never saw."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise ImplementationError(_("Log ind for at kvittere."))
    plan = _in_force()
    if plan_id is not None and plan_id != plan.pk:
        raise ImplementationError(
            _("En ny version af planen er trådt i kraft, siden du åbnede siden. Læs den, og kvittér igen.")
        )
    existing = Acknowledgement.objects.filter(plan=plan, user=actor).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(plan=plan, user=actor, acknowledged_at=timezone.now())
    except IntegrityError:  # the same click twice at once: the first one counts
        return Acknowledgement.objects.get(plan=plan, user=actor), False
    audit_record(
        actor=actor, action=audit_actions.ACKNOWLEDGED, target=ack, new={"plan_id": plan.pk, "user_id": actor.pk}
    )
    return ack, True


@transaction.atomic
def training_record(
    *,
    actor,
    kind: str,
    title: str,
    organiser: str,
    held_on: datetime.date,
    hours: Decimal,
    audience: str = "",
    participants: list[User] = (),
) -> TrainingActivity:
    """Record a training activity (`hours`: its length in hours) and who took part."""
    implementation_policy.require(actor, "manage")
    if kind not in ActivityKind.values:
        raise ImplementationError(_("Vælg en type fra listen."))
    if hours is None or hours <= 0:
        raise ImplementationError(_("Skriv et antal timer over 0."))
    if not title.strip() or not organiser.strip():
        raise ImplementationError(_("Skriv aktivitetens titel og arrangør."))
    refuse_personal_numbers(titel=title, arrangør=organiser, målgruppe=audience)
    activity = TrainingActivity.objects.create(
        kind=kind,
        title=title,
        organiser=organiser,
        held_on=held_on,
        hours=hours,
        audience=audience,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    activity.participants.set(participants)
    audit_record(
        actor=actor,
        action=audit_actions.TRAINING_RECORDED,
        target=activity,
        new={"kind": kind, "held_on": held_on, "hours": str(hours), "participants": sorted(p.pk for p in participants)},
    )
    return activity


@transaction.atomic
def training_requirements_set(*, actor, roles: list[str]) -> list[str]:
    """Which roles must be trained; returns them sorted. Raises ImplementationError for a value
    that is not a role (it would break every coverage count that names the role)."""
    implementation_policy.require(actor, "manage")
    if not set(roles) <= set(Role.values):
        raise ImplementationError(_("Vælg roller fra listen."))
    old = sorted(TrainingRequirement.objects.values_list("role", flat=True))
    new = sorted(set(roles))
    TrainingRequirement.objects.exclude(role__in=new).delete()
    for role in new:
        TrainingRequirement.objects.get_or_create(role=role)
    if old != new:
        audit_record(
            actor=actor,
            action=audit_actions.REQUIREMENTS_SET,
            target_type="implementation.trainingrequirement",
            old={"roles": old},
            new={"roles": new},
        )
    return new


@transaction.atomic
def resource_add(
    *,
    actor,
    kind: str,
    title: str,
    owner: User,
    review_on: datetime.date,
    description: str = "",
    url: str = "",
    upload=None,
) -> Resource:
    """Put a link or a file in the staff library. The file is virus-scanned here too (an
    infected or unscannable one raises `scanning.ScanRefused` and nothing is stored); its type
    is read from its bytes."""
    implementation_policy.require(actor, "manage")
    if kind not in ResourceKind.values:
        raise ImplementationError(_("Vælg en type fra listen."))
    refuse_personal_numbers(titel=title, beskrivelse=description)
    if bool(url) == bool(upload):
        raise ImplementationError(_("Angiv enten et link eller en fil."))
    if url:
        try:
            URLValidator(schemes=["https", "http"])(url)  # never a javascript: link on the library page
        except ValidationError:
            raise ImplementationError(_("Skriv en hel webadresse, fx https://www.siri.dk/.")) from None
    resource = Resource(
        kind=kind,
        title=title,
        description=description,
        url=url,
        owner=owner,
        review_on=review_on,
        added_at=timezone.now(),
    )
    sha256 = ""
    if upload is not None:
        scanning.scan_file(upload)
        resource.file_name = upload.name[:255]
        resource.content_type = scanning.detect(upload).content_type
        sha256 = hashlib.sha256(upload.read()).hexdigest()
        upload.seek(0)
        resource.file.save("resource", upload, save=False)
    resource.save()
    audit_record(
        actor=actor,
        action=audit_actions.RESOURCE_ADDED,
        target=resource,
        new={"kind": kind, "title": title, "url": url, "sha256": sha256, "owner_id": owner.pk},
    )
    return resource


@transaction.atomic
def network_meeting_record(*, actor, held_on: datetime.date, centres: list[Centre], themes: str) -> NetworkMeeting:
    """Record a cross-centre network meeting (no personal data: the form says so)."""
    implementation_policy.require(actor, "manage")
    if len(centres) < 2:
        raise ImplementationError(_("Et netværksmøde på tværs af centre har mindst to centre til stede."))
    refuse_personal_numbers(temaer=themes)
    meeting = NetworkMeeting.objects.create(
        held_on=held_on, themes=themes, recorded_by=actor, recorded_at=timezone.now()
    )
    meeting.centres.set(centres)
    audit_record(
        actor=actor,
        action=audit_actions.MEETING_RECORDED,
        target=meeting,
        new={"held_on": held_on, "centres": sorted(c.code for c in centres)},
    )
    return meeting


def _reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ImplementationError(_("Skriv, hvorfor det fjernes."))
    refuse_personal_numbers(begrundelse=reason)
    return reason.strip()


@transaction.atomic
def resource_remove(*, actor, resource_id: int, reason: str) -> None:
    """Take a piece of guidance out of the library (outdated, wrong, or a file that holds
    personal data by mistake): the row goes, and its file is deleted from storage once the
    removal is committed. The audit keeps the kind and the reason, not the title or the file.
    Raises ImplementationError when it is already gone (another tab) or without a reason."""
    implementation_policy.require(actor, "manage")
    reason = _reason(reason)
    resource = Resource.objects.select_for_update().filter(pk=resource_id).first()
    if resource is None:
        raise ImplementationError(_("Materialet er allerede fjernet."))
    stored = resource.file.name if resource.file else ""
    audit_record(
        actor=actor,
        action=audit_actions.RESOURCE_REMOVED,
        target=resource,
        old={"kind": resource.kind, "had_file": bool(stored), "owner_id": resource.owner_id},
        new={"reason": reason},
    )
    resource.delete()
    if stored:
        storage = Resource._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def network_meeting_remove(*, actor, meeting_id: int, reason: str) -> None:
    """Remove a network meeting recorded by mistake (or whose themes named someone). Raises
    ImplementationError when it is already gone or without a reason."""
    implementation_policy.require(actor, "manage")
    reason = _reason(reason)
    meeting = NetworkMeeting.objects.select_for_update().filter(pk=meeting_id).first()
    if meeting is None:
        raise ImplementationError(_("Netværksmødet er allerede fjernet."))
    audit_record(
        actor=actor,
        action=audit_actions.MEETING_REMOVED,
        target=meeting,
        old={"held_on": meeting.held_on},
        new={"reason": reason},
    )
    meeting.delete()
