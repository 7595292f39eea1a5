from datetime import date, timedelta

import chinese_calendar
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from onewindow.core.workdays import CalendarNotLoaded, DayRecord, WorkCalendar, calendar_from_exceptions
from onewindow.workcalendar.official import naive_add_workdays, official_exceptions, shipped_years

CAL = calendar_from_exceptions(shipped_years(), official_exceptions())
FIRST, LAST = date(2004, 1, 1), date(2026, 12, 31)
dates = st.dates(min_value=FIRST, max_value=date(2026, 9, 30))
counts = st.integers(min_value=0, max_value=60)


def naive_between(a: date, b: date) -> int:
    return sum(chinese_calendar.is_workday(a + timedelta(days=k)) for k in range(1, (b - a).days + 1))


@given(dates, st.integers(min_value=1, max_value=60))
def test_the_result_is_a_working_day(d, n):
    assert CAL.is_workday(CAL.add_workdays(d, n))


@given(dates, st.integers(min_value=1, max_value=60))
def test_counting_back_gives_n(d, n):
    assert CAL.workdays_between(d, CAL.add_workdays(d, n)) == n


@given(dates, counts, counts)
def test_monotone_in_n(d, m, n):
    assume(m <= n)
    assert CAL.add_workdays(d, m) <= CAL.add_workdays(d, n)


@given(dates, counts)
@settings(max_examples=300)
def test_equal_to_a_naive_walk_on_chinesecalendar(d, n):
    assert CAL.add_workdays(d, n) == naive_add_workdays(d, n)


@given(dates, st.integers(min_value=0, max_value=120))
def test_workdays_between_equals_a_naive_count(a, span):
    b = min(a + timedelta(days=span), LAST)
    assert CAL.workdays_between(a, b) == naive_between(a, b)
    assert CAL.workdays_between(b, a) == -naive_between(a, b)


@given(st.dates(min_value=FIRST, max_value=LAST))
def test_is_workday_agrees_with_chinesecalendar(d):
    assert CAL.is_workday(d) == chinese_calendar.is_workday(d)


@given(st.dates(min_value=date(2004, 6, 1), max_value=LAST), st.integers(min_value=1, max_value=60))
def test_negative_counts_walk_backwards(d, n):
    back = CAL.add_workdays(d, -n)
    assert back < d and CAL.is_workday(back)
    assert CAL.workdays_between(back, d) == n - 1 + CAL.is_workday(d)


@given(st.lists(st.tuples(dates, counts), min_size=1, max_size=50))
def test_the_vectorised_path_equals_the_scalar_path(pairs):
    days = np.array([d for d, _ in pairs], dtype="datetime64[D]")
    n = np.array([k for _, k in pairs])
    got = CAL.add_workdays_many(days, n)
    assert [x.item() for x in got] == [CAL.add_workdays(d, k) for d, k in pairs]
    ends = np.array([CAL.add_workdays(d, k) for d, k in pairs], dtype="datetime64[D]")
    assert CAL.workdays_between_many(days, ends).tolist() == [
        CAL.workdays_between(d, CAL.add_workdays(d, k)) for d, k in pairs
    ]


def test_national_day_2026():
    assert CAL.add_workdays(date(2026, 9, 30), 5) == date(2026, 10, 13)


def test_spring_festival_2026_make_up_saturday():
    assert CAL.add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert CAL.is_workday(date(2026, 2, 14))
    assert CAL.record(date(2026, 2, 14)).name == "春节"


def test_zero_days_is_the_day_itself_or_the_next_working_day():
    assert CAL.add_workdays(date(2026, 10, 9), 0) == date(2026, 10, 9)
    assert CAL.add_workdays(date(2026, 10, 1), 0) == date(2026, 10, 8)
    assert CAL.next_workday(date(2026, 10, 9)) == date(2026, 10, 10)


def test_a_2027_date_is_refused_naming_the_year():
    with pytest.raises(CalendarNotLoaded) as caught:
        CAL.add_workdays(date(2027, 1, 4), 1)
    assert caught.value.year == 2027
    assert "2027" in str(caught.value)


def test_an_answer_that_runs_into_an_unloaded_year_is_refused():
    with pytest.raises(CalendarNotLoaded) as caught:
        CAL.add_workdays(date(2026, 12, 28), 5)
    assert caught.value.year == 2027
    with pytest.raises(CalendarNotLoaded):
        CAL.add_workdays_many(np.array(["2026-12-28"], dtype="datetime64[D]"), np.array([5]))
    with pytest.raises(CalendarNotLoaded):
        CAL.add_workdays(date(2004, 1, 5), -5)


def test_a_gap_between_loaded_years_is_refused():
    cal = WorkCalendar([2025, 2027], [DayRecord(date(2027, 1, 1), False, "元旦")])
    assert cal.add_workdays(date(2025, 3, 3), 1) == date(2025, 3, 4)
    assert cal.is_workday(date(2027, 1, 4))
    with pytest.raises(CalendarNotLoaded) as caught:
        cal.add_workdays(date(2025, 12, 30), 5)
    assert caught.value.year == 2026
    with pytest.raises(CalendarNotLoaded) as caught:
        cal.workdays_between(date(2025, 12, 1), date(2027, 1, 10))
    assert caught.value.year == 2026
    with pytest.raises(CalendarNotLoaded) as caught:
        cal.is_workday_many(np.array(["2026-05-05"], dtype="datetime64[D]"))
    assert caught.value.year == 2026


def test_records_must_lie_in_loaded_years():
    with pytest.raises(ValueError):
        WorkCalendar([2025], [DayRecord(date(2026, 1, 1), False, "")])
