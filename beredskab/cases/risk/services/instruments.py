"""Risk instruments: a loaded version never changes, because assessments refer to it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record
from beredskab.cases.errors import CaseError

from .. import audit_actions
from ..gate import Involves, gated
from ..instruments import InstrumentData, default_instrument_path, read_instrument_file
from ..models import Factor, FactorGroup, Instrument


@gated(Involves.NEVER)
@transaction.atomic
def instrument_load(*, actor, data: InstrumentData, activate: bool = True) -> tuple[Instrument, bool]:
    """Store an instrument version. Returns (instrument, created). The same version with the
    same text is left as it is; the same version with another text is refused (a loaded version
    never changes, because assessments refer to it)."""
    existing = Instrument.objects.filter(code=data.code, version=data.version).first()
    if existing is not None:
        if existing.source_sha256 != data.sha256:
            raise CaseError(
                _(
                    "Version %(version)s af %(code)s findes allerede med en anden tekst. "
                    "Giv den nye tekst et nyt versionsnummer."
                )
                % {"version": data.version, "code": data.code}
            )
        created = False
        instrument = existing
    else:
        instrument = Instrument.objects.create(
            code=data.code,
            version=data.version,
            name=data.name,
            description=data.description,
            licence_note=data.licence_note,
            source_sha256=data.sha256,
            loaded_at=timezone.now(),
            is_active=False,
        )
        for gi, group in enumerate(data.groups):
            factor_group = FactorGroup.objects.create(
                instrument=instrument,
                order=gi,
                code=group["code"],
                label=group["label"],
                description=group["description"],
            )
            Factor.objects.bulk_create(
                Factor(group=factor_group, order=fi, code=f["code"], label=f["label"], guidance=f["guidance"])
                for fi, f in enumerate(group["factors"])
            )
        created = True
    if activate and not instrument.is_active:
        Instrument.objects.filter(code=data.code).exclude(pk=instrument.pk).update(is_active=False)
        instrument.is_active = True
        instrument.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=audit_actions.INSTRUMENT_LOADED,
        target=instrument,
        new={"code": data.code, "version": data.version, "created": created, "active": instrument.is_active},
    )
    return instrument, created


@gated(Involves.NEVER)
def default_instrument(*, actor=None) -> Instrument:
    """The newest active instrument; the shipped neutral one is loaded on first use."""
    instrument = Instrument.objects.filter(is_active=True).order_by("-loaded_at", "-pk").first()
    if instrument is None:
        instrument, _created = instrument_load(actor=actor, data=read_instrument_file(default_instrument_path()))
    return instrument
