"""The set-based card sweep (F9): a card's figures computed once per distinct date (`cards.figures`) and put
together per row (`cards.card_figures`, what the sweep's INSERT computes in SQL) are the figures of the row
by row reading (`reading.days_left`, the calendar's working days past the deadline); the sentence of a
card's description becomes an SQL concatenation without losing a word."""

from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from onewindow.core.workdays import CalendarNotLoaded, DayRecord, WorkCalendar
from onewindow.supervision.cards import card_figures, figures
from onewindow.supervision.sql import sentence
from onewindow.timelimits import reading
from onewindow.timelimits.choices import ClockState
from onewindow.workcalendar.official import official_exceptions

from .walk import working_days_after

YEARS = [2025, 2026]
CALENDAR = WorkCalendar(YEARS, [DayRecord(d, w, n) for d, (w, n) in official_exceptions(YEARS).items()])


def row_by_row(calendar, on: date, deadline, remaining, read_on) -> tuple[int | None, int]:
    """The figures as the sweep read them one row at a time before it was set-based."""
    row = SimpleNamespace(
        deadline=deadline, remaining_days=remaining, clock_state=ClockState.RUNNING, clock_read_on=read_on
    )
    left = reading.days_left(row, calendar, on)
    overdue = 0
    if deadline is not None and deadline < on:
        try:
            overdue = calendar.workdays_between(deadline, on)
        except CalendarNotLoaded:
            overdue = max(0, -(left or 0))
    return left, overdue


# days from late 2024 to early 2027: some of them in years the calendar has not loaded
days = st.integers(min_value=-40, max_value=800).map(lambda n: date(2025, 1, 1) + timedelta(days=n))


@settings(max_examples=400, deadline=None)
@given(
    on=days,
    rows=st.lists(
        st.tuples(st.none() | days, st.none() | st.integers(-60, 60), st.none() | days),
        min_size=1,
        max_size=8,
    ),
)
def test_per_date_figures_give_each_rows_own_figures(on, rows):
    found = figures(
        CALENDAR, on, {d for d, _r, _o in rows if d is not None}, {o for _d, _r, o in rows if o is not None}
    )
    for deadline, remaining, read_on in rows:
        assert card_figures(found, on, deadline, remaining, read_on) == row_by_row(
            CALENDAR, on, deadline, remaining, read_on
        )


def test_figures_are_one_per_distinct_date_and_only_late_deadlines_are_counted():
    on, before = date(2026, 10, 12), date(2026, 9, 30)  # across the National Day holiday
    found = figures(
        CALENDAR, on, {before, on, date(2026, 10, 20), date(2027, 1, 4)}, {before, date(2024, 12, 31)}
    )
    assert found.overdue == {before: working_days_after(before, on)}
    assert found.since == {before: working_days_after(before, on), date(2024, 12, 31): 0}  # 2024: not loaded
    assert working_days_after(before, on) < (on - before).days


def test_a_sentence_becomes_its_words_and_expressions_in_order():
    sql, params = sentence("《%(title)s》剩余 %(left)s 天，100%% 确定", {"title": "T", "left": "L"})
    assert sql == "CAST(%s AS TEXT) || T || CAST(%s AS TEXT) || L || CAST(%s AS TEXT)"
    assert params == ["《", "》剩余 ", " 天，100% 确定"]
    sql, params = sentence("%(left)s%(title)s", {"title": "T", "left": "L"})
    assert (sql, params) == ("L || T", [])
