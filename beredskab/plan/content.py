"""A plan version's read-only content, read once per version and process (issue 20).

Routing (`routing.route`), the guide's "whom to contact now", the report form, the action cards
and the API read the same rows of a version on every request: its contact units (opening hours,
special days, the unit each is reached via), its target groups (advice, districts, warning
signs, procedure, duties to report, readers' procedures), closure days, readers, terms, acute
steps ... `plan_data(plan)` reads them once per version in each process and hands out the same
`PlanData` afterwards; `with_content(plan)` lets a `Plan` answer `plan.readers.all()`,
`plan.term(...)` and the like from it.

Which version: the key is the plan's pk and its `content_stamp`, a column of the Plan row, read
with the plan (`selectors.plan_in_force` reads it anyway), so the check costs no query. Every
writer of a version's rows calls `content_changed(plan)` in its own transaction, which gives the
row a new stamp; every process (each gunicorn worker) then meets the new stamp with the plan
and reads the content again. The stamp is a random UUID, never a counter: content read inside a
transaction that is rolled back, or before a database is restored, can never be met again
under a stamp that new content has. `plan/tests/test_content_writers.py` enumerates the writers.

Shared between requests and threads: nothing may change a `PlanData` or a row in it. Each
relation the readers follow is filled in when it is built (no lazy load later sets a value on
a shared row), and the rows' cached properties are computed then too.
"""

import threading
import uuid
from collections import OrderedDict

from django.db import connection
from django.db.models import prefetch_related_objects

from .models import ContactUnit, Plan, TargetGroup
from .opening import Calendar, OpeningStatus, opening_status
from .reasons import PlanWords

MAX_VERSIONS = 8  # the version in force, one waiting, and a few the coordinator previews

_cache: "OrderedDict[tuple[int, uuid.UUID], PlanData]" = OrderedDict()
_lock = threading.Lock()

# The plan's relations `with_content` answers from the cache (related name -> PlanData attribute).
_RELATIONS = {
    "units": "unit_list",
    "target_groups": "groups",
    "closure_days": "closure_days",
    "separate_routes": "separate_routes",
}
_DETAIL_RELATIONS = {
    "readers": "readers",
    "sign_groups": "sign_groups",
    "acute_steps": "acute_steps",
    "definitions": "definitions",
    "partners": "partners",
}


def content_changed(plan: Plan) -> None:
    """The one call every writer of a version's rows (the Plan row or any row below it) makes in
    its transaction, after its writes: the version gets a new `content_stamp`, so no process
    answers from the content it read before. `plan` (the writer's instance) gets the new stamp
    too. (Content read in the same transaction between the new stamp and a later write would be
    kept under the new stamp without that write.)"""
    if not connection.in_atomic_block:
        raise RuntimeError("content_changed() belongs in the writer's transaction")
    stamp = uuid.uuid4()
    Plan.objects.filter(pk=plan.pk).update(content_stamp=stamp)
    plan.content_stamp = stamp


class PlanData:
    """A version's routing data in a fixed number of queries: its units with hours and the unit
    each is reached via, its target groups (youngest first) with advice and districts (each link
    to a unit filled in with the unit of `units`), closure days as a calendar, and topics' own
    routes. `details()` adds the rest once: readers, partners, terms, sign groups, acute steps,
    definitions, and below each group its warning signs, procedure, duties and readers'
    procedures. `PlanData(plan)` reads it now; `plan_data(plan)` once per version and process."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.unit_list = list(plan.units.prefetch_related("opening_hours", "special_days"))
        self.units = {u.pk: u for u in self.unit_list}
        self.units_by_code = {u.code: u for u in self.unit_list}
        for unit in self.unit_list:
            _link(unit, "reached_via", self.units)
            _link(unit, "forwards_to", self.units)
            unit.__dict__["hours_list"] = list(unit.opening_hours.all())  # its cached properties, now
            unit.__dict__["special_days_list"] = list(unit.special_days.all())
        self.groups = list(plan.target_groups.prefetch_related("advice", "districts").order_by("min_age", "order"))
        for group in self.groups:
            for name in ("receiving_unit", "front_desk", "out_of_hours"):
                _link(group, name, self.units)
            for row in [*group.advice.all(), *group.districts.all()]:
                _link(row, "unit", self.units)
        self.closure_days = list(plan.closure_days.all())
        self.calendar = Calendar(
            closure_days={
                (c.month, c.day): PlanWords.of(plan, f"routing.closure_days[{c.month:02d}-{c.day:02d}].name", c.name)
                for c in self.closure_days
            },
            closure_days_unconfirmed=plan.is_unconfirmed("closure_days"),
        )
        self.separate_routes = list(plan.separate_routes.all())
        for route in self.separate_routes:
            _link(route, "unit", self.units)
        self._details_lock = threading.Lock()
        self._has_details = False
        _fill_plan_relations(plan, self)

    def details(self) -> "PlanData":
        """The same data with the rest of the version read (once, whoever asks first)."""
        with self._details_lock:
            if not self._has_details:
                self._read_details()
                self._has_details = True
        return self

    def _read_details(self) -> None:
        plan = self.plan
        self.readers = list(plan.readers.all())
        self.partners = list(plan.partners.all())
        self.terms = {t.key: t.word for t in plan.terms.all()}
        self.sign_groups = list(plan.sign_groups.all())
        self.acute_steps = list(plan.acute_steps.all())
        self.definitions = list(plan.definitions.all())
        prefetch_related_objects(self.groups, "warning_signs", "procedure_steps", "duties", "reader_procedures")
        partners = {p.pk: p for p in self.partners}
        readers = {r.pk: r for r in self.readers}
        for group in self.groups:
            for duty in group.duties.all():
                _link(duty, "sparring_unit", self.units)
            for step in group.procedure_steps.all():
                _link(step, "partner", partners)
            for procedure in group.reader_procedures.all():
                _link(procedure, "reader", readers)
        _fill_plan_relations(plan, self, details=True)

    def unit(self, pk: int | None) -> ContactUnit | None:
        return self.units.get(pk) if pk else None

    def group(self, pk: int | None) -> TargetGroup | None:
        return next((g for g in self.groups if g.pk == pk), None) if pk else None

    def group_by_code(self, code: str) -> TargetGroup | None:
        return next((g for g in self.groups if g.code == code), None)

    def out_of_hours_for(self, group: TargetGroup | None) -> ContactUnit | None:
        return self.unit((group.out_of_hours_id if group else None) or self.plan.default_out_of_hours_id)

    def other_out_of_hours(self, group: TargetGroup | None) -> list[ContactUnit]:
        """The alternatives the plan offers besides the first out-of-hours contact: the group's own,
        or, for a group without its own out-of-hours contact, the plan-wide ones (`routing`)."""
        codes = other_out_of_hours_codes(self.plan, group)
        return [self.units_by_code[code] for code in codes if code in self.units_by_code]

    def status(self, unit: ContactUnit, at) -> OpeningStatus:
        return opening_status(unit, at, self.calendar)

    def group_for(self, age: int | None) -> TargetGroup | None:
        if age is None:
            if self.plan.unknown_age_goes_to_id:
                return self.group(self.plan.unknown_age_goes_to_id)
            return self.groups[0] if len(self.groups) == 1 else None
        return next((g for g in self.groups if g.contains_age(age)), None)


def other_out_of_hours_codes(plan: Plan, group: TargetGroup | None) -> list[str]:
    """The codes of the out-of-hours alternatives the plan offers besides the first one: the
    group's own, or, for a group without its own out-of-hours contact, the plan-wide ones."""
    if group is not None and group.out_of_hours_id:
        return list(group.other_out_of_hours)
    return list(plan.other_out_of_hours)


def _link(row, name: str, rows: dict) -> None:
    """`row.<name>` as the row of `rows` it points to (by pk), so reading it costs no query and
    sets nothing later. A link to a row not in `rows` is left to load as usual."""
    pk = getattr(row, f"{name}_id")
    if pk is None or pk in rows:
        row._meta.get_field(name).set_cached_value(row, rows.get(pk) if pk is not None else None)


def _fill_plan_relations(plan: Plan, data: PlanData, *, details: bool = False) -> None:
    """`plan.units.all()`, `plan.general_contact`, with `details` also `plan.readers.all()`,
    `plan.term(...)` ... answered from `data` (for a plan instance of a request, or the cached
    copy): the plan's reverse relations as if prefetched (each a list of its own; the rows in it
    are the shared ones), its links to a unit or group as the shared row."""
    relations = {**_RELATIONS, **(_DETAIL_RELATIONS if details else {})}
    prefetched = dict(getattr(plan, "_prefetched_objects_cache", None) or {})
    for name, attribute in relations.items():
        manager = getattr(plan, name)
        # The relation's own queryset (a query made from it asks for this version's rows and
        # knows their plan), its rows set as a prefetch sets them.
        queryset = manager._apply_rel_filters(manager.model._default_manager.get_queryset())
        queryset._result_cache = list(getattr(data, attribute))
        queryset._prefetch_done = True
        prefetched[name] = queryset
    plan._prefetched_objects_cache = prefetched  # one assignment: a reader meets the old dict or the new
    if details:
        plan.__dict__["terms_map"] = data.terms
    _link(plan, "unknown_age_goes_to", {g.pk: g for g in data.groups})
    _link(plan, "default_out_of_hours", data.units)
    _link(plan, "general_contact", data.units)


def _copy(plan: Plan) -> Plan:
    """A fresh instance of the same row: nothing cached on it (the caller's instance keeps its own
    per-request values, e.g. `is_in_force`)."""
    names = [f.attname for f in Plan._meta.concrete_fields]
    return Plan.from_db(plan._state.db, names, [getattr(plan, name) for name in names])


def plan_data(plan: Plan) -> PlanData:
    """The version's `PlanData`, read once per process: the same object for every caller until the
    version's `content_stamp` changes (the newest `MAX_VERSIONS` versions asked for are kept).

    Read while a writer commits, it may hold some rows from before and some from after: as the
    reads without a cache could. It is kept under the stamp read before, which only requests that
    read the plan before the commit still hold: every later one meets the new stamp."""
    key = (plan.pk, plan.content_stamp)
    with _lock:
        data = _cache.get(key)
        if data is not None:
            _cache.move_to_end(key)
            return data
    data = PlanData(_copy(plan))
    with _lock:
        data = _cache.setdefault(key, data)  # two requests read it at once: both use the first kept
        _cache.move_to_end(key)
        while len(_cache) > MAX_VERSIONS:
            _cache.popitem(last=False)
    return data


def with_content(plan: Plan | None) -> Plan | None:
    """`plan` (this request's instance) answering from `plan_data(plan).details()`: its units,
    target groups, readers, closure days, terms, acute steps ... and the rows below them cost no
    query. Returns the same instance."""
    if plan is not None:
        _fill_plan_relations(plan, plan_data(plan).details(), details=True)
    return plan


def clear() -> None:
    """Forget every version read (tests; nothing else needs it: a changed version has a new stamp)."""
    with _lock:
        _cache.clear()


def cached_versions() -> list[tuple[int, uuid.UUID]]:
    with _lock:
        return list(_cache)


__all__ = ["MAX_VERSIONS", "PlanData", "clear", "content_changed", "plan_data", "with_content"]
