"""The plan's contacts and out-of-hours routes, read from the plan in force at the moment a
page or PDF is made: a safety plan stores only the contacts' stable codes, so a changed number
in a new plan version reaches the person's card at the next print."""

from dataclasses import dataclass

from beredskab.plan.models import ContactUnit, Plan
from beredskab.plan.reasons import number_to_call, unconfirmed_text
from beredskab.plan.selectors import plan_in_force


@dataclass(frozen=True)
class Contact:
    code: str
    name: str
    phone: str
    instruction: str
    always_open: bool
    missing: bool = False  # the code is no longer in the plan in force
    phone_unconfirmed: bool = False  # the plan coordinator has not confirmed the number

    @property
    def phone_shown(self) -> str:
        """The number as printed: "114", or "114 (ikke bekræftet)" in the active language."""
        return unconfirmed_text(self.phone) if self.phone and self.phone_unconfirmed else self.phone


def _contact(unit: ContactUnit) -> Contact:
    """The unit's number to call: a confirmed one before one that is not, the main number or a
    further one (`reasons.number_to_call`, as the guide gives it)."""
    phone, unconfirmed = number_to_call(unit) or ("", False)
    return Contact(
        code=unit.code,
        name=unit.name,
        phone=phone,
        instruction=unit.instruction,
        always_open=unit.always_open,
        phone_unconfirmed=unconfirmed,
    )


def current_plan() -> Plan | None:
    return plan_in_force()


def choosable_contacts(plan: Plan | None = None) -> list[tuple[str, str]]:
    """(code, "name, phone") of every contact with a phone in the plan in force (the number as
    printed: marked when it is not confirmed)."""
    plan = plan or current_plan()
    if plan is None:
        return []
    shown = [_contact(u) for u in plan.units.all()]
    return [(c.code, f"{c.name}, {c.phone_shown}") for c in shown if c.phone]


def resolve(codes, plan: Plan | None = None) -> list[Contact]:
    """The contacts for the codes, in their order, from the plan in force; a code the plan no
    longer has is returned with `missing=True` (shown to staff as needing an update)."""
    plan = plan or current_plan()
    units = {u.code: u for u in plan.units.all()} if plan is not None else {}
    return [
        _contact(units[code]) if code in units else Contact(code, "", "", "", False, missing=True) for code in codes
    ]


def out_of_hours(plan: Plan | None = None) -> Contact | None:
    """The plan's route outside opening hours (its default), or None when it names none."""
    plan = plan or current_plan()
    if plan is None or plan.default_out_of_hours is None:
        return None
    return _contact(plan.default_out_of_hours)


def out_of_hours_email(plan: Plan | None = None) -> str:
    """Where an escalation to the out-of-hours route is e-mailed ("" when the plan gives none)."""
    plan = plan or current_plan()
    unit = plan.default_out_of_hours if plan is not None else None
    return unit.email if unit is not None else ""
