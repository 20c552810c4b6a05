"""Who else may see what: sharing the case with another unit, disclosure restrictions, and values
released into a document by the outbound check."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.accounts.models import Unit
from beredskab.audit.purposes import Purpose
from beredskab.cases.risk.gate import Involves, gated
from beredskab.cases.risk.mentions import MentionsAnswer, check_mentions
from beredskab.core.text import reason_problem

from .. import audit_actions
from ..case_events import audit_case_event, lock_case
from ..errors import CaseError
from ..holds import hold_waiting_reports
from ..models import Audience, Case, CasePerson, CaseShare, DisclosureRestriction, OutboundRelease
from ..policies import SECRET_AUDIENCES, case_policy


@gated(Involves.PEOPLE)
@transaction.atomic
def case_share(*, actor, case: Case, unit: Unit, purpose: str, mentions_confirmed: MentionsAnswer = False) -> CaseShare:
    """Share the case with a named unit for a stated purpose (audited; revocable). A purpose
    that names the family or network is asked about while the risk gate is closed."""
    case = lock_case(case)
    case_policy.require(actor, "share", case)
    if unit.pk == case.unit_id:
        raise CaseError(_("Sagen hører allerede til den enhed."))
    if not purpose.strip():
        raise CaseError(_("Skriv formålet med delingen."))
    check_mentions(case, [purpose], confirmed=mentions_confirmed)
    if case.shares.filter(unit=unit, revoked_at__isnull=True).exists():
        raise CaseError(_("Sagen er allerede delt med %(unit)s.") % {"unit": unit.name})
    share = CaseShare.objects.create(case=case, unit=unit, purpose=purpose, shared_at=timezone.now(), shared_by=actor)
    audit_case_event(
        actor, audit_actions.CASE_SHARED, case, target=share, new={"unit": unit.code}, purpose=Purpose.COLLABORATION
    )
    return share


@gated(Involves.NEVER)
@transaction.atomic
def case_share_revoke(*, actor, share: CaseShare, reason: str = "") -> CaseShare:
    case = lock_case(share.case)
    if not (case_policy.is_lead(actor, case) or (case.owner_id == actor.pk and case_policy.is_team(actor, case))):
        case_policy.require(actor, "lead", case)
    share = CaseShare.objects.select_for_update(of=("self",)).select_related("unit").get(pk=share.pk)
    if share.revoked_at is not None:
        raise CaseError(_("Delingen er allerede tilbagekaldt."))
    share.revoked_at = timezone.now()
    share.revoked_by = actor
    share.revoke_reason = reason
    share.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_case_event(
        actor,
        audit_actions.CASE_SHARE_REVOKED,
        case,
        target=share,
        new={"unit": share.unit.code},
        purpose=Purpose.COLLABORATION,
    )
    return share


def _item_belongs_to(item, case: Case) -> bool:
    if isinstance(item, Case):
        return item.pk == case.pk
    return getattr(item, "case_id", None) == case.pk


@gated(Involves.NEVER)
@transaction.atomic
def restriction_add(
    *, actor, case: Case, item, field_name: str, audience: str, reason: str, person: CasePerson | None = None
) -> DisclosureRestriction:
    """ "Not to be disclosed to X, because ...", on an item of the case or one of its fields."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    if not _item_belongs_to(item, case):
        raise CaseError(_("Oplysningen hører ikke til sagen."))
    if audience not in Audience.values:
        raise CaseError(_("Vælg, hvem oplysningen ikke må videregives til."))
    if audience == Audience.PERSON and (person is None or person.case_id != case.pk):
        raise CaseError(_("Vælg personen fra sagens familie og netværk."))
    if not reason.strip():
        raise CaseError(_("Skriv begrundelsen."))
    restriction = DisclosureRestriction.objects.create(
        case=case,
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        field_name=field_name,
        audience=audience,
        person=person if audience == Audience.PERSON else None,
        reason=reason,
        created_at=timezone.now(),
        created_by=actor,
    )
    audit_case_event(
        actor,
        audit_actions.RESTRICTION_ADDED,
        case,
        target=restriction,
        new={"item": f"{item._meta.label_lower}:{item.pk}", "field": field_name, "audience": audience},
    )
    if item == case and audience in SECRET_AUDIENCES:
        hold_waiting_reports(for_case=case)  # reports held for the case in another unit go to its unit
    return restriction


@gated(Involves.NEVER)
@transaction.atomic
def restriction_lift(*, actor, restriction: DisclosureRestriction) -> DisclosureRestriction:
    """Lift a restriction: its author or a leader."""
    case = lock_case(restriction.case)
    case_policy.require(actor, "work", case)
    restriction = DisclosureRestriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.created_by_id != actor.pk and not case_policy.is_lead(actor, case):
        raise CaseError(_("Kun den, der oprettede begrænsningen, eller en leder kan ophæve den."))
    if restriction.lifted_at is not None:
        raise CaseError(_("Begrænsningen er allerede ophævet."))
    restriction.lifted_at = timezone.now()
    restriction.lifted_by = actor
    restriction.save(update_fields=["lifted_at", "lifted_by"])
    audit_case_event(
        actor, audit_actions.RESTRICTION_LIFTED, case, target=restriction, new={"audience": restriction.audience}
    )
    return restriction


@gated(Involves.NEVER)
@transaction.atomic
def outbound_release_record(
    *, actor, case: Case, document: str, recipient: str, released: list, reason: str
) -> OutboundRelease:
    """Record that values the outbound check found (`released`: `outbound.Secret`s) may go in
    a document to `recipient`, with the reason. Only the case team decides."""
    case = lock_case(case)
    if not case_policy.is_team(actor, case):
        raise CaseError(_("Kun sagens enhed kan frigive oplysninger i et dokument."))
    problem = reason_problem(reason)
    if problem:
        raise CaseError(problem)
    release = OutboundRelease.objects.create(
        case=case,
        document=document,
        recipient=recipient,
        released=[{"key": s.key, "label": s.label} for s in released],
        reason=reason,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    audit_case_event(
        actor,
        audit_actions.OUTBOUND_RELEASED,
        case,
        target=release,
        new={"document": document, "recipient": recipient, "released": [s.key for s in released]},
        purpose=Purpose.SUPERVISION,
    )
    return release
