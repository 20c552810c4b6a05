"""Small pieces of the opening-hours and phone logic."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from beredskab.plan.opening import public_holiday, to_local, weekly_summary
from beredskab.plan.reasons import describe_moment
from beredskab.plan.routing import phone_uri

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    ("phone", "uri"),
    [
        ("43 57 75 78", "tel:+4543577578"),
        ("112", "tel:112"),
        ("114", "tel:114"),
        ("+46 8 123 456", "tel:+468123456"),
        ("", ""),
    ],
)
def test_phone_uri(phone, uri):
    assert phone_uri(phone) == uri


def test_public_holidays_are_danish_and_named_in_danish():
    assert public_holiday(datetime.date(2027, 3, 25)) == "Skærtorsdag"
    assert public_holiday(datetime.date(2026, 12, 25)) == "Juledag"
    assert public_holiday(datetime.date(2026, 12, 24)) is None  # a closure day of the plan, not a holiday
    assert public_holiday(datetime.date(2026, 6, 5)) is None
    assert public_holiday(datetime.date(2026, 5, 1)) is None  # store bededag was abolished from 2024


def test_to_local():
    assert to_local(datetime.datetime(2026, 7, 1, 12, 0)).utcoffset() == datetime.timedelta(hours=2)
    aware = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)
    assert to_local(aware) == datetime.datetime(2026, 1, 1, 13, 0, tzinfo=CPH)


def test_describe_moment():
    now = datetime.datetime(2026, 12, 24, 10, 0, tzinfo=CPH)
    assert describe_moment(datetime.datetime(2026, 12, 24, 15, 0, tzinfo=CPH), now) == "15:00"
    assert describe_moment(datetime.datetime(2026, 12, 25, 8, 0, tzinfo=CPH), now) == "i morgen kl. 08:00"
    assert describe_moment(datetime.datetime(2026, 12, 28, 8, 0, tzinfo=CPH), now) == "mandag 28. december kl. 08:00"


def test_weekly_summary_groups_days_with_the_same_hours():
    def hours(weekday, opens, closes):
        return SimpleNamespace(weekday=weekday, opens=datetime.time(*opens), closes=datetime.time(*closes))

    unit = SimpleNamespace(
        always_open=False,
        hours_list=[
            hours(0, (8, 0), (15, 0)),
            hours(1, (8, 0), (15, 0)),
            hours(2, (10, 0), (18, 0)),
            hours(3, (8, 0), (15, 0)),
            hours(5, (16, 0), (0, 0)),
            hours(6, (0, 0), (0, 0)),
        ],
    )
    assert weekly_summary(unit) == [
        ("mandag-tirsdag", "08:00-15:00"),
        ("onsdag", "10:00-18:00"),
        ("torsdag", "08:00-15:00"),
        ("lørdag", "16:00-24:00"),
        ("søndag", "00:00-24:00"),
    ]
    assert weekly_summary(SimpleNamespace(always_open=True, hours_list=[])) == [("alle dage", "døgnet rundt")]
