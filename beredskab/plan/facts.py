"""Unconfirmed facts: values the plan text does not state, kept with a note until the plan
coordinator confirms them (e.g. opening hours that are assumed, not written in the plan)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ContactUnit, District, DutyToReport, Partner, Plan, UnconfirmedFact
from .opening import weekly_summary
from .validation.adoption import PLAN_FACT_PLACES

_FIELD_LABELS = {
    "adopted_by": gettext_lazy("Vedtaget af"),
    "adopted_on": gettext_lazy("Vedtagelsesdato"),
    "published_on": gettext_lazy("Offentliggørelsesdato"),
    "revision_due": gettext_lazy("Næste revision senest"),
    "closure_days": gettext_lazy("Lukkedage"),
    "phone": gettext_lazy("Telefon"),
    "email": gettext_lazy("E-mail"),
    "address": gettext_lazy("Adresse"),
    "hours": gettext_lazy("Åbningstid"),
    "url": gettext_lazy("Webadresse"),
    "legal_reference": gettext_lazy("Hjemmel"),
    "postcodes": gettext_lazy("Postnumre"),
}

# Models whose rows can hold unconfirmed facts, by the name used in fact keys.
_MODELS = {"plan": Plan, "unit": ContactUnit, "partner": Partner, "duty": DutyToReport, "district": District}


def _name(kind: str, obj) -> str:
    """How a fact key names its row: by the plan's own codes, which an edit of a draft keeps
    (the plan editor makes the draft's rows again, with new ids), so a page shown before an
    edit still confirms the same fact."""
    if kind == "plan":
        return str(obj.pk)
    if kind == "duty":
        return f"{obj.target_group.code}.{obj.audience}"
    if kind == "district":  # by its place in the group's list
        return f"{obj.target_group.code}.{obj.order}"
    return obj.code


def _key(kind: str, obj, field: str) -> str:
    return f"{kind}:{_name(kind, obj)}:{field}"


def _phone_index(unit: ContactUnit, field: str) -> int:
    """Which further number a fact field `more_phones[1]` names."""
    return unit.fact_fields().index(field) - len(unit.FACT_FIELDS)


def _value(obj, field: str) -> str:
    if field.startswith("more_phones["):
        return obj.more_phones[_phone_index(obj, field)]["phone"]
    if field == "hours":
        return "; ".join(f"{days} {times}" for days, times in weekly_summary(obj)) or "-"
    if field == "postcodes":
        return ", ".join(obj.postcodes) or "-"
    if field == "closure_days":
        return ", ".join(f"{c.day}/{c.month} ({c.name})" for c in obj.closure_days.all()) or "-"
    value = getattr(obj, field)
    return "-" if value in (None, "") else str(value)


def _label(unit: ContactUnit, field: str) -> str:
    """ "Telefon", or for a further number "Telefon (Sms-linjen)"."""
    if field in _FIELD_LABELS:
        return str(_FIELD_LABELS[field])
    label = unit.more_phones[_phone_index(unit, field)].get("label")
    return f"{_FIELD_LABELS['phone']} ({label})" if label else str(_FIELD_LABELS["phone"])


def _fact(kind: str, obj, field: str, place: str, label: str) -> UnconfirmedFact:
    return UnconfirmedFact(
        key=_key(kind, obj, field),
        place=place,
        label=label,
        note=obj.unconfirmed_note(field),
        value=_value(obj, field),
    )


def unconfirmed_facts(plan: Plan) -> list[UnconfirmedFact]:
    facts = []
    for field in plan.FACT_FIELDS:
        if plan.is_unconfirmed(field):
            section, key = PLAN_FACT_PLACES[field]
            facts.append(_fact("plan", plan, field, f"{section}.{key}", str(_FIELD_LABELS[field])))
    for unit in plan.units.prefetch_related("opening_hours"):
        for field in unit.fact_fields():
            if unit.is_unconfirmed(field):
                label = f"{_label(unit, field)}: {unit.name}"
                facts.append(_fact("unit", unit, field, f"units[{unit.code}].{field}", label))
    for partner in plan.partners.all():
        for field in partner.FACT_FIELDS:
            if partner.is_unconfirmed(field):
                label = f"{_FIELD_LABELS[field]}: {partner.name}"
                facts.append(_fact("partner", partner, field, f"partners[{partner.code}].{field}", label))
    for duty in DutyToReport.objects.filter(target_group__plan=plan).select_related("target_group"):
        for field in duty.FACT_FIELDS:
            if duty.is_unconfirmed(field):
                group = duty.target_group
                place = f"target_groups[{group.code}].duty_to_report[{duty.audience}].{field}"
                label = f"{_FIELD_LABELS[field]}: {group.name} ({duty.get_audience_display().lower()})"
                facts.append(_fact("duty", duty, field, place, label))
    for district in District.objects.filter(target_group__plan=plan).select_related("target_group", "unit"):
        if district.is_unconfirmed("postcodes"):
            group = district.target_group
            place = f"target_groups[{group.code}].districts[{district.order}].postcodes"
            label = f"{_FIELD_LABELS['postcodes']}: {district} ({group.name})"
            facts.append(_fact("district", district, "postcodes", place, label))
    return facts


def _row_filter(kind: str, plan: Plan, name: str) -> dict | None:
    """The filter finding the row a fact key names in `plan` (None: the name is not one)."""
    if kind == "plan":
        return {"pk": plan.pk} if name == str(plan.pk) else None
    if kind == "duty":
        group, _sep, audience = name.rpartition(".")
        return {"target_group__plan": plan, "target_group__code": group, "audience": audience} if group else None
    if kind == "district":
        group, _sep, order = name.rpartition(".")
        found = {"target_group__plan": plan, "target_group__code": group, "order": int(order)}
        return found if group and order.isdigit() else None
    return {"plan": plan, "code": name}


def resolve_fact(plan: Plan, key: str, *, for_update: bool = False):
    """(object, field) for a fact key of this plan; ValidationError when it is not one."""
    try:
        kind, name, field = key.split(":")
        model = _MODELS[kind]
    except (ValueError, KeyError):
        raise ValidationError(_("Ukendt oplysning.")) from None
    if field not in model.FACT_FIELDS and not (model is ContactUnit and field.startswith("more_phones[")):
        raise ValidationError(_("Ukendt oplysning."))
    queryset = model.objects.select_for_update() if for_update else model.objects.all()
    found = _row_filter(kind, plan, name)
    obj = queryset.filter(**found).first() if found is not None else None
    if obj is None:
        raise ValidationError(_("Oplysningen hører ikke til denne version af planen."))
    if field not in obj.fact_fields():
        raise ValidationError(_("Ukendt oplysning."))
    return obj, field
