"""Working days counted by walking the days with chinesecalendar: the tests' independent answer to the
app's calendar arithmetic (never `onewindow.core.workdays`)."""

from datetime import date, timedelta

import chinese_calendar


def working_days_after(start: date, end: date) -> int:
    """Working days in (start, end]."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += chinese_calendar.is_workday(day)
    return count


def next_workday(day: date, n: int = 1) -> date:
    """The n-th working day after `day`."""
    while n:
        day += timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day
