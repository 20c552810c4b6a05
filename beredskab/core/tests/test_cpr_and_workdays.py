import contextlib
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from beredskab.core import cpr, workdays

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize(
    ("number", "birth_date"),
    [
        ("0101251234", datetime.date(1925, 1, 1)),  # digit 7 = 1: 1900s
        ("010136-3234", datetime.date(1936, 1, 1)),  # digit 7 = 3: 1900s
        ("010136-4234", datetime.date(2036, 1, 1)),  # digit 7 = 4, YY <= 36: 2000s
        ("010137-4234", datetime.date(1937, 1, 1)),  # digit 7 = 4, YY > 36: 1900s
        ("010110-9234", datetime.date(2010, 1, 1)),  # digit 7 = 9, YY <= 36: 2000s
        ("010199-9234", datetime.date(1999, 1, 1)),  # digit 7 = 9, YY > 36: 1900s
        ("010157-5234", datetime.date(2057, 1, 1)),  # digit 7 = 5, YY <= 57: 2000s
        ("010158-8234", datetime.date(1858, 1, 1)),  # digit 7 = 8, YY > 57: 1800s
        ("311299-6234", datetime.date(1899, 12, 31)),
    ],
)
def test_century_rules(number, birth_date):
    assert cpr.parse(number).birth_date == birth_date


def test_modulus_11_failure_is_a_warning_not_a_rejection():
    parsed = cpr.parse("070761-4286")  # a well-known valid-by-mod11 example shape
    assert parsed.mod11_ok == cpr.mod11_ok("0707614286")
    failing = cpr.parse("010111-4000")
    assert failing.birth_date == datetime.date(2011, 1, 1)
    assert failing.mod11_ok is False


def test_mod11_check_accepts_a_number_whose_weighted_sum_divides_by_11():
    digits = "010101400"
    check = next(d for d in range(10) if cpr.mod11_ok(digits + str(d)))
    assert cpr.parse(digits[:6] + "-" + digits[6:] + str(check)).mod11_ok


@pytest.mark.parametrize("number", ["320101-1234", "290223-1234", "011301-1234", "000101-1234"])
def test_invalid_dates_are_rejected_in_danish(number):
    with pytest.raises(ValidationError) as excinfo:
        cpr.parse(number)
    assert "gyldig fødselsdato" in excinfo.value.messages[0]


def test_leap_day_in_a_leap_year_is_valid():
    assert cpr.parse("290224-4234").birth_date == datetime.date(2024, 2, 29)


@pytest.mark.parametrize("number", ["", "12345", "01010-11234", "abcdefghij", "0101011234\x00"])
def test_malformed_input_is_rejected(number):
    with pytest.raises(ValidationError):
        cpr.parse(number)


def test_masking_and_age_and_sex():
    parsed = cpr.parse("150611-4233")
    assert parsed.masked == "150611-xxxx"
    assert parsed.formatted == "150611-4233"
    assert parsed.legal_sex == "male"
    assert parsed.age_on(datetime.date(2026, 6, 14)) == 14
    assert parsed.age_on(datetime.date(2026, 6, 15)) == 15
    assert cpr.mask("garbage") == ""


@given(st.text(max_size=20))
def test_parse_never_crashes_on_any_text(text):
    with contextlib.suppress(ValidationError):
        cpr.parse(text)


def test_working_days_skip_weekends_and_danish_holidays():
    # Thursday before Easter 2027 is Skærtorsdag (25 March); Easter Monday is 29 March.
    wednesday = datetime.date(2027, 3, 24)
    assert workdays.add_working_days(wednesday, 1) == datetime.date(2027, 3, 30)
    assert workdays.holiday_name(datetime.date(2026, 12, 25))
    assert workdays.is_working_day(datetime.date(2026, 6, 5))  # Grundlovsdag is not a public holiday
    friday = datetime.date(2026, 11, 27)
    assert workdays.add_working_days(friday, 6) == datetime.date(2026, 12, 7)


def test_extra_closed_days_are_configurable(settings):
    settings.STATUTORY_EXTRA_CLOSED_DAYS = ["06-05", "12-24"]
    assert workdays.holiday_name(datetime.date(2026, 6, 5)) == "Grundlovsdag"
    assert not workdays.is_working_day(datetime.date(2026, 12, 24))


def test_six_working_day_deadline_is_end_of_day_in_copenhagen_across_summer_time():
    received = datetime.datetime(2026, 10, 23, 14, 0, tzinfo=CPH)  # Friday before the change to winter time
    deadline = workdays.working_days_deadline(received, 6)
    assert deadline == datetime.datetime(2026, 11, 2, 23, 59, 59, tzinfo=CPH)
    assert deadline.utcoffset() == datetime.timedelta(hours=1)
