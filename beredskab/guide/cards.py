"""Printable action cards, made from the plan: one for a concern and one for acute situations,
per target group, as print-friendly HTML and as PDF (WeasyPrint).

A card shows the plan's fixed facts (weekly opening hours, the out-of-hours route), not "open
now": it hangs on a wall for years. It prints the plan's version and adoption date, so a reader
can tell an old card from a new one.

PDFs are cached as files under `GUIDE_CARDS_DIR` (default `DATA_DIR / "cards"`), one folder per
plan version, named by a fingerprint of the exported plan (plus the card layout version, the
site address and the language). A newly adopted version is another plan with another
fingerprint, so its cards are made afresh; a draft that is edited gets a new fingerprint too,
and stale files of a version are removed when a new one is written.
"""

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from beredskab.core.pdf import render_pdf
from beredskab.plan.content import plan_data
from beredskab.plan.export import plan_to_document
from beredskab.plan.localized import (
    channel_rules,
    district_name,
    duty_text,
    group_text,
    phone_labels,
    plan_text,
    route_texts,
)
from beredskab.plan.models import ContactUnit, DutyToReport, Plan, PlanReader, TargetGroup, more_phone_field
from beredskab.plan.reasons import unconfirmed_text
from beredskab.plan.routing import phone_uri, unconfirmed_contact_fields

from .contacts import instruction_for
from .selectors import (
    AUDIENCE_ORDER,
    Localized,
    age_band_label,
    audience_short,
    digital_report_possible,
    intake_url,
    localized_acute_steps,
    localized_plan_text,
    localized_steps,
    procedure_for,
    sign_lists,
    terms,
    touches_family,
    untranslated,
)

LAYOUT_VERSION = "6"  # change when the card templates change, so cached PDFs are made again
CONCERN = "bekymring"
ACUTE = "akut"
KINDS = (CONCERN, ACUTE)


def kind_label(kind: str) -> str:
    return _("Ved bekymring") if kind == CONCERN else _("Ved akut fare")


@dataclass(frozen=True)
class CardContact:
    name: str
    role_label: str
    phone: str = ""
    phone_uri: str = ""
    email: str = ""
    address: str = ""
    url: str = ""
    more_phones: list[tuple[str, str, str, bool]] = field(default_factory=list)  # (phone, tel: URI, label, unconfirmed)
    reached_via: str = ""
    channel_rules: dict[str, Localized] = field(default_factory=dict)
    hours: list[tuple[str, str]] = field(default_factory=list)
    always_open: bool = False
    hours_unconfirmed: bool = False
    unconfirmed_fields: tuple[str, ...] = ()  # "phone", "email", "address", "url" shown but not confirmed
    closed_on_public_holidays: bool = False
    instruction: Localized | None = None
    note: Localized | str = ""


def _card_contact(plan: Plan, unit: ContactUnit, role_label: str, note: Localized | str = "") -> CardContact:
    return CardContact(
        name=unit.name,
        role_label=role_label,
        phone=unit.phone,
        phone_uri=phone_uri(unit.phone),
        email=unit.email,
        address=unit.address,
        url=unit.url,
        more_phones=[
            (n, phone_uri(n), label, unit.is_unconfirmed(more_phone_field(i)))
            for i, (n, label) in enumerate(phone_labels(plan, unit.code, unit.more_phones))
        ],
        reached_via=unit.reached_via.name if unit.reached_via_id else "",
        channel_rules=channel_rules(plan, unit),
        hours=unit.weekly_hours if unit.has_hours else [],
        always_open=unit.always_open,
        hours_unconfirmed=unit.is_unconfirmed("hours"),
        unconfirmed_fields=unconfirmed_contact_fields(unit),
        closed_on_public_holidays=unit.closed_on_public_holidays and not unit.always_open and unit.has_hours,
        instruction=instruction_for(plan, unit),
        note=note,
    )


@dataclass(frozen=True)
class AudienceDuty:
    audience_label: str
    duty: DutyToReport
    text: Localized | None = None  # the duty's text in the reader's language

    @property
    def legal_reference(self) -> str:
        """ "barnets lov § 133", or "barnets lov § 133 (ikke bekræftet)" when it is not confirmed."""
        reference = self.duty.legal_reference
        return unconfirmed_text(reference) if reference and self.duty.is_unconfirmed("legal_reference") else reference


@dataclass(frozen=True)
class Card:
    plan: Plan
    group: TargetGroup
    kind: str
    title: str
    terms: dict[str, str]
    contacts: list[CardContact]  # in the order to use them in opening hours
    out_of_hours: CardContact | None
    other_out_of_hours: list[CardContact]  # the plan's alternatives ("RED's line or the police")
    sparring: list[CardContact]
    duties: list[AudienceDuty]
    signs: list
    procedure_steps: list
    family_warning: bool
    acute_intro: Localized | None
    signs_note: Localized | None
    acute_steps: list  # selectors.Localized: text, detail, lang
    emergency_name: str
    emergency_phone: str
    emergency_instruction: Localized | None
    report_url: str
    guide_url: str
    untranslated: bool = False  # some of the plan's texts are shown in Danish: no translation
    reader_name: Localized | None = None  # the plan's reader the card is for ("Sagsbehandler")
    topic_routes: list = field(default_factory=list)  # the plan's own routes for topics it covers (extremism)
    uncovered: list[str] = field(default_factory=list)  # age bands the plan names no contact for
    general_contact: CardContact | None = None  # the municipality's general contact, for those ages

    @property
    def is_acute(self) -> bool:
        return self.kind == ACUTE


def _contacts(plan: Plan, group: TargetGroup) -> list[CardContact]:
    """Whom the card names in opening hours, in the order to use them: required advice (each, or
    one of several), the front desk, the district units or the receiving unit."""
    contacts: list[CardContact] = []
    for advice in group.advice.all():
        advice_note = group_text(plan, group, f"advice[{advice.unit.code}].note", advice.note) or ""
        if advice.required_before_report and advice.one_of_group:
            label = _("Kontakt én af disse før underretning")
            same = any(c.role_label == label and str(c.note) == str(advice_note) for c in contacts)
            contacts.append(_card_contact(plan, advice.unit, label, "" if same else advice_note))
        elif advice.required_before_report:
            contacts.append(_card_contact(plan, advice.unit, _("Skal kontaktes før underretning"), advice_note))
    if group.front_desk is not None:
        label = _("Indgang, som sender videre til %(name)s") % {"name": group.receiving_unit.name}
        contacts.append(_card_contact(plan, group.front_desk, label))
    districts = list(group.districts.all())
    if districts:
        for district in districts:
            note = _("Postnumre: %(codes)s") % {"codes": ", ".join(district.postcodes)}
            if district.is_unconfirmed("postcodes"):
                note = unconfirmed_text(note)
            name = district_name(plan, district) or _("Distrikt")
            contacts.append(_card_contact(plan, district.unit, name, note))
        contacts.append(_card_contact(plan, group.receiving_unit, _("Andre postnumre og ukendt adresse")))
    elif group.front_desk is None:
        contacts.append(_card_contact(plan, group.receiving_unit, _("Tager imod din henvendelse")))
    return contacts


def _card_group(plan: Plan, group: TargetGroup) -> TargetGroup:
    """The group with everything its card shows, every unit with the unit it is reached via (the
    version's rows as kept per process: shared, read only)."""
    return plan_data(plan).details().group(group.pk) or group


def _out_of_hours(plan: Plan, group: TargetGroup) -> tuple[CardContact | None, list[CardContact]]:
    """The out-of-hours contact and the alternatives the plan offers (the group's or plan-wide)."""
    data = plan_data(plan)
    ooh_unit = data.out_of_hours_for(group)
    out_of_hours = _card_contact(plan, ooh_unit, _("Uden for åbningstid")) if ooh_unit else None
    others = data.other_out_of_hours(group)
    others = [_card_contact(plan, u, _("Eller uden for åbningstid")) for u in others] if ooh_unit else []
    return out_of_hours, others


def build_card(plan: Plan, group: TargetGroup, kind: str, reader: PlanReader | None = None) -> Card:
    """The card for a target group and kind; with `reader` (a reader the plan adds, e.g. the case
    worker), with that reader's procedure when the plan gives one."""
    if kind not in KINDS:
        raise ValueError(f"unknown card kind {kind!r}")
    group = _card_group(plan, group)
    contacts = _contacts(plan, group)
    sparring: list[CardContact] = []
    out_of_hours, other_out_of_hours = _out_of_hours(plan, group)

    duties = sorted(group.duties.all(), key=lambda d: AUDIENCE_ORDER.index(d.audience))
    seen = {c.name for c in contacts}
    for unit in [d.sparring_unit for d in duties if d.sparring_unit] + [
        a.unit for a in group.advice.all() if not a.required_before_report
    ]:
        if unit.name not in seen:
            seen.add(unit.name)
            sparring.append(_card_contact(plan, unit, _("Sparring")))
    own = reader is not None and any(p.reader_id == reader.pk for p in group.reader_procedures.all())
    _title, _intro, steps = procedure_for(group, reader)
    steps = localized_steps(plan, group, steps, reader.code if own else "")
    duties = [AudienceDuty(audience_short(d.audience), d, duty_text(plan, d)) for d in duties]
    emergency_instruction = plan_text(plan, "acute.emergency.instruction", plan.emergency_instruction)
    signs = sign_lists(plan, [group])
    intro = localized_plan_text(plan, "acute.intro", plan.acute_intro)
    signs_note = localized_plan_text(plan, "warning_signs.note", plan.signs_note)
    acute_steps = localized_acute_steps(plan)
    shown = [*contacts, *sparring, *([out_of_hours] if out_of_hours else []), *other_out_of_hours]
    site = settings.SITE_URL.rstrip("/")
    general = plan_data(plan).unit(plan.general_contact_id)
    report = intake_url(group_code=group.code, acute=kind == ACUTE) if digital_report_possible(plan, group) else ""
    return Card(
        plan=plan,
        group=group,
        kind=kind,
        title=kind_label(kind),
        reader_name=reader.shown_name if reader else None,
        terms=terms(plan),
        contacts=contacts,
        out_of_hours=out_of_hours,
        other_out_of_hours=other_out_of_hours,
        sparring=sparring,
        duties=duties,
        signs=signs,
        procedure_steps=steps,
        family_warning=any(touches_family(s) for s in steps),
        acute_intro=intro,
        signs_note=signs_note,
        acute_steps=acute_steps,
        untranslated=untranslated(
            steps,
            acute_steps,
            [[s.name, *s.signs] for s in signs],
            intro,
            signs_note,
            emergency_instruction,
            [d.text for d in duties],
            group.shown_name,
            plan.shown_title,
            reader.shown_name if reader else None,
            [[c.note, c.role_label, c.instruction, *c.channel_rules.values()] for c in shown],
            [[label for _n, _uri, label, _unconfirmed in c.more_phones] for c in shown],
        ),
        emergency_name=plan.emergency_name,
        emergency_phone=plan.emergency_phone,
        emergency_instruction=emergency_instruction,
        report_url=f"{site}{report}" if report else "",
        guide_url=f"{site}{reverse('guide:start')}",
        topic_routes=[
            (title, _card_contact(plan, r.unit, title) if r.unit else None)
            for r in plan_data(plan).separate_routes
            if r.topic in plan.topics
            for title in [route_texts(plan, r)[0]]
        ],
        uncovered=[age_band_label(low, high) for low, high in plan.uncovered_age_bands()],
        general_contact=_card_contact(plan, general, _("Kommunens generelle indgang")) if general else None,
    )


# --- PDF and its cache -----------------------------------------------------------------


def cards_dir() -> Path:
    return Path(getattr(settings, "GUIDE_CARDS_DIR", None) or Path(settings.DATA_DIR) / "cards")


def plan_fingerprint(plan: Plan) -> str:
    """A hash of everything a card can show: the exported plan, its status and adoption, the
    card layout and the site address. Equal plans give equal fingerprints."""
    payload = {
        "document": plan_to_document(plan),
        "status": plan.status,
        "version": plan.version_label,
        "adopted_on": plan.adopted_on,
        "adopted_by": plan.adopted_by,
        "layout": LAYOUT_VERSION,
        "site": settings.SITE_URL,
    }
    encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:24]


def card_pdf_path(
    plan: Plan, group: TargetGroup, kind: str, *, fingerprint: str | None = None, reader: PlanReader | None = None
) -> Path:
    fingerprint = fingerprint or plan_fingerprint(plan)
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    for_reader = f"-{reader.code}" if reader else ""
    return cards_dir() / f"plan-{plan.pk}" / f"{fingerprint}-{group.code}-{kind}{for_reader}-{language}.pdf"


def card_pdf(
    plan: Plan, group: TargetGroup, kind: str, *, fingerprint: str | None = None, reader: PlanReader | None = None
) -> bytes:
    """The card as PDF: from the cache when this version of the plan was printed before."""
    fingerprint = fingerprint or plan_fingerprint(plan)
    path = card_pdf_path(plan, group, kind, fingerprint=fingerprint, reader=reader)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    card = build_card(plan, group, kind, reader)
    pdf = render_pdf("guide/card_pdf.html", {"card": card, "language": get_language() or settings.LANGUAGE_CODE})
    _store(path, pdf, keep_prefix=fingerprint)
    return pdf


def _store(path: Path, content: bytes, *, keep_prefix: str) -> None:
    """Write atomically (a reader never sees half a file), and drop the version's stale files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for old in path.parent.glob("*.pdf"):
        if not old.name.startswith(keep_prefix):
            old.unlink(missing_ok=True)


def card_filename(plan: Plan, group: TargetGroup, kind: str) -> str:
    return f"action-card-{plan.municipality_code}-{plan.version_label}-{group.code}-{kind}.pdf".replace(" ", "-")
