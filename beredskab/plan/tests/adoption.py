"""The frozen week the adoption tests share: the coordinator adopts on Wednesday 3 March 2027 a
version that comes into force on Monday 8 March (Europe/Copenhagen)."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

CPH = ZoneInfo("Europe/Copenhagen")
WEDNESDAY = datetime.datetime(2027, 3, 3, 10, 0, tzinfo=CPH)
MONDAY = datetime.date(2027, 3, 8)


def at(moment: datetime.datetime):
    """Time stands still at `moment` (an aware datetime)."""
    return time_machine.travel(moment, tick=False)
