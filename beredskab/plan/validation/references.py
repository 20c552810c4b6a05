"""Checks across sections: codes are unique, every reference names something that exists and
has the right role, and the target groups' ages cover every age exactly once."""

from collections.abc import Iterable

from ..models import UnitRole
from .hours import ALWAYS
from .reader import Reader, show


def unique_codes(r: Reader, items: list[dict], section: str, key: str = "code") -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        code = item.get(key)
        if not code:
            continue
        if code in seen:
            r.error(f"{section}[{i}].{key}", f"{show(code)} is already used by {section}[{seen[code]}]")
        else:
            seen[code] = i


def check_references(r: Reader, spec: dict) -> None:
    """Every code that points elsewhere in the spec, section by section, then the age bands."""
    refs = _References(r, spec)
    refs.check_units()
    refs.check_routing()
    for group in spec["target_groups"]:
        refs.check_group(group)
    refs.check_goals()
    refs.check_separate_routes()
    _check_ages(r, spec["target_groups"], spec["routing"]["general_contact"])


class _References:
    """The codes a spec defines (units, centres, partners, target groups) and the checks of the
    references to them."""

    def __init__(self, r: Reader, spec: dict):
        self.r = r
        self.spec = spec
        self.units: dict[str, dict] = {}
        for unit in spec["units"]:
            if unit["code"]:
                self.units.setdefault(unit["code"], unit)  # a duplicate code is reported by unique_codes
        self.centres = {c["code"] for c in spec["centres"]}
        self.partners = {p["code"] for p in spec["partners"]}
        self.groups = {g["code"] for g in spec["target_groups"]}
        self.readers = {reader["code"] for reader in spec["readers"]}

    def unit_ref(self, code: str, place: str, roles: Iterable[str], what: str) -> None:
        """`code` must name a unit, and one with one of `roles` (a unit without a role is reported elsewhere)."""
        if not code:
            return
        unit = self.units.get(code)
        roles = tuple(roles)
        if unit is None:
            self.r.error(place, f"{show(code)} is not the code of a unit in units")
        elif unit["role"] and unit["role"] not in roles:
            self.r.error(
                place, f"{show(code)} has role {unit['role']}; {what} must be a unit with role {' or '.join(roles)}"
            )

    def partner_ref(self, code: str, place: str) -> None:
        if code and code not in self.partners:
            self.r.error(place, f"{show(code)} is not the code of a partner")

    def check_units(self) -> None:
        r = self.r
        for unit in self.spec["units"]:
            place = unit["_place"]
            if unit["centre"] and unit["centre"] not in self.centres:
                r.error(f"{place}.centre", f"{show(unit['centre'])} is not the code of a centre in centres")
            self.unit_ref(unit["forwards_to"], f"{place}.forwards_to", [UnitRole.RECEIVES_REPORTS], "forwards_to")
            if unit["forwards_to"] == unit["code"]:
                r.error(f"{place}.forwards_to", "a unit cannot forward to itself")
            self.unit_ref(unit["reached_via"], f"{place}.reached_via", UnitRole.values, "reached_via")
            if unit["reached_via"] == unit["code"]:
                r.error(f"{place}.reached_via", "a unit cannot be reached via itself")
            elif cycle := self.reached_via_cycle(unit):
                r.error(
                    f"{place}.reached_via",
                    f"leads back to itself ({' -> '.join(cycle)}): the chain must end at a unit "
                    "with its own phone, e-mail, url or address",
                )
            if not unit["_hours_given"] and unit["role"] in (UnitRole.RECEIVES_REPORTS, UnitRole.FRONT_DESK):
                r.warn(f"{place}.hours", "no opening hours: routing cannot tell whether the unit is open")
            if not unit["_hours_given"] and unit["role"] == UnitRole.OUT_OF_HOURS:
                r.warn(f"{place}.hours", f'no hours: say "{ALWAYS}" if the line is open around the clock')

    def reached_via_cycle(self, unit: dict) -> list[str]:
        """The codes of a reached_via chain from unit that comes back to it ([] when it ends)."""
        chain, code = [unit["code"]], unit["reached_via"]
        while code and code in self.units and code not in chain:
            chain.append(code)
            code = self.units[code]["reached_via"]
        return [*chain, code] if code == unit["code"] else []

    def check_routing(self) -> None:
        routing = self.spec["routing"]
        self.unit_ref(routing["out_of_hours"], "routing.out_of_hours", [UnitRole.OUT_OF_HOURS], "routing.out_of_hours")
        for i, code in enumerate(routing["other_out_of_hours"], start=1):
            self.unit_ref(code, f"routing.out_of_hours[{i}]", [UnitRole.OUT_OF_HOURS], "routing.out_of_hours")
        self.unit_ref(routing["general_contact"], "routing.general_contact", UnitRole.values, "routing.general_contact")
        if routing["unknown_age_goes_to"] and routing["unknown_age_goes_to"] not in self.groups:
            self.r.error(
                "routing.unknown_age_goes_to",
                f"{show(routing['unknown_age_goes_to'])} is not the code of a group in target_groups",
            )
        if not routing["unknown_age_goes_to"] and len(self.spec["target_groups"]) > 1:
            self.r.error("routing.unknown_age_goes_to", "is required when the plan has more than one target group")

    def check_group(self, group: dict) -> None:
        r, place = self.r, group["_place"]
        self.unit_ref(group["receiving_unit"], f"{place}.receiving_unit", [UnitRole.RECEIVES_REPORTS], "receiving_unit")
        receiving = self.units.get(group["receiving_unit"])
        if receiving and not receiving["org_unit_code"]:
            r.warn(
                f"{place}.receiving_unit",
                f"{show(receiving['code'])} has no org_unit_code: reports cannot be filed digitally for this group, "
                "so the guide does not offer it",
            )
        self.unit_ref(group["front_desk"], f"{place}.front_desk", [UnitRole.FRONT_DESK], "front_desk")
        self.unit_ref(group["out_of_hours"], f"{place}.out_of_hours", [UnitRole.OUT_OF_HOURS], "out_of_hours")
        for i, code in enumerate(group["other_out_of_hours"], start=1):
            self.unit_ref(code, f"{place}.out_of_hours[{i}]", [UnitRole.OUT_OF_HOURS], "out_of_hours")
        if not group["out_of_hours"] and not self.spec["routing"]["out_of_hours"]:
            r.warn(place, "no out-of-hours contact (set out_of_hours here or in routing)")
        receivers = {group["receiving_unit"]} | {d["unit"] for d in group["districts"]}
        desk = self.units.get(group["front_desk"])
        if desk and desk["forwards_to"] and desk["forwards_to"] not in receivers:
            r.error(
                f"{place}.front_desk",
                f"{show(desk['code'])} forwards to {show(desk['forwards_to'])}, "
                "which does not receive reports for this group",
            )
        advisers = [UnitRole.ADVICE, UnitRole.RECEIVES_REPORTS]
        for advice in group["advice"]:
            self.unit_ref(advice["unit"], advice["_unit_place"], advisers, "advice")
        self._check_districts(group["districts"])
        for step in group["procedure"]["steps"]:
            self.partner_ref(step["partner"], f"{step['_place']}.partner")
        for procedure in group["procedures"]:
            if procedure["reader"] and procedure["reader"] not in self.readers:
                r.error(
                    f"{procedure['_place']}.reader",
                    f"{show(procedure['reader'])} is not the code of a reader in readers",
                )
            for step in procedure["steps"]:
                self.partner_ref(step["partner"], f"{step['_place']}.partner")
        for duty in group["duty_to_report"]:
            self.unit_ref(duty["sparring"], f"{duty['_place']}.sparring", advisers, "sparring")

    def _check_districts(self, districts: list[dict]) -> None:
        """District units receive reports, and a postcode belongs to one district of the group."""
        seen_postcodes: dict[str, str] = {}
        for district in districts:
            place = district["_place"]
            self.unit_ref(district["unit"], f"{place}.unit", [UnitRole.RECEIVES_REPORTS], "a district unit")
            for code in district["postcodes"]:
                if code in seen_postcodes:
                    self.r.error(f"{place}.postcodes", f'postcode "{code}" is also in {seen_postcodes[code]}')
                seen_postcodes[code] = place

    def check_goals(self) -> None:
        for goal in self.spec["goals"]:
            for activity in goal["activities"]:
                self.partner_ref(activity["partner"], f"{activity['_place']}.partner")

    def check_separate_routes(self) -> None:
        for route in self.spec["separate_routes"]:
            # A topic the plan covers may still have its own route (extremism in the plan, routed
            # to an Infohus); one it does not cover is left to that route.
            self.unit_ref(route["unit"], f"{route['_place']}.unit", UnitRole.values, "unit")


def _check_ages(r: Reader, groups: list[dict], general_contact: str) -> None:
    """Age bands must not overlap. A plan may leave ages uncovered (e.g. one team for 0-23 and
    no adult route): the guide and routing then say the plan names no contact for that age and
    point to `routing.general_contact` (a warning when the plan names none)."""
    no_limit = 10**6
    bands = sorted(
        ((g["min_age"], g["max_age"], g["_place"]) for g in groups),
        key=lambda band: (band[0], no_limit if band[1] is None else band[1]),
    )
    expected: int | None = 0  # the lowest age not yet covered; None once every age is covered
    gaps = []
    for low, high, place in bands:
        if expected is None or low < expected:
            r.error(f"{place}.ages", f"overlaps another group (age {low} is already covered)")
        elif low > expected:
            gaps.append(f"age {expected}" if low - 1 == expected else f"ages {expected}-{low - 1}")
        if expected is not None:
            expected = None if high is None else max(expected, high + 1)
    if bands and expected is not None:
        gaps.append(f"ages {expected} and up")
    if gaps and not general_contact:
        r.warn(
            "target_groups",
            f"{', '.join(gaps)}: no group; the guide says the plan names no contact for them "
            "(name the municipality's general contact in routing.general_contact)",
        )
