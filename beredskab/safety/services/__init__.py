"""The safety app's services (writes): each locks the case, asks the policy, writes its audit
event in the same transaction. None of them involves the family or network: a personal safety
plan is made with the person and without the family (`Involves.NEVER`); they are enumerated
with the case services by `beredskab/cases/tests/test_gate_enumerated.py`."""

from .no_shows import no_show_handle, no_show_record
from .plans import safety_plan_change, safety_plan_create, safety_plan_end, safety_scenario_add
from .trips import trip_record, trip_return_confirm

__all__ = [
    "no_show_handle",
    "no_show_record",
    "safety_plan_change",
    "safety_plan_create",
    "safety_plan_end",
    "safety_scenario_add",
    "trip_record",
    "trip_return_confirm",
]
