"""The days of a generated workload as lookup arrays, so a million deadlines cost a few array operations.

Every day is a calendar offset from the span's first day, some months before the first generated working
day (a clock's yellow day may fall before its acceptance), or the first day of the loaded years if that
is later. Over the span from that day to the end of the last loaded year (no gap) the arrays hold, as
`core.workdays.WorkCalendar` does, the running count of working days and the offset of each working day;
they are filled from the calendar's own `is_workday_many`. An answer that would need a day past the span
(a year not loaded) is flagged, never guessed: the case is then stored as the services store it, waiting
for the calendar.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
from django.utils import timezone

from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar

_EPOCH = date(1970, 1, 1)
LEAD_DAYS = 400  # calendar days the span reaches back before the first generated working day


@dataclass(frozen=True)
class Span:
    start: date  # calendar offset 0
    workdays: (
        np.ndarray
    )  # offsets of the generated working days, oldest first; the last is on or before today
    today: int  # offset of today (the day the clocks are read)
    cum: np.ndarray  # working days in [0, k]
    positions: np.ndarray  # offsets of all working days of the span
    utc_offsets: np.ndarray  # seconds east of UTC at noon of each generated working day
    from_first_year: bool = False  # the span starts with the first loaded year (nothing before is known)

    @property
    def count(self) -> int:
        return len(self.workdays)

    @property
    def last(self) -> int:
        """Index of the last generated working day: nothing is dated after it."""
        return len(self.workdays) - 1

    def date_of(self, offset: int) -> date:
        return self.start + timedelta(days=int(offset))

    def epoch_days(self, offsets: np.ndarray) -> np.ndarray:
        """Days since 1970-01-01 of calendar offsets."""
        return np.asarray(offsets, dtype=np.int64) + (self.start - _EPOCH).days

    def between(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Working days in (a, b], as `WorkCalendar.workdays_between`."""
        return self.cum[b] - self.cum[a]

    def shift(self, d: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`WorkCalendar.add_workdays` for any n (0: d if a working day, else the next; below 0: the |n|-th
        working day before d); returns (offsets, where): `where` is 0 for an answer in the span, -1 before
        the loaded calendar, 1 past it (offset then -1)."""
        d = np.asarray(d, dtype=np.int64)
        n = np.asarray(n, dtype=np.int64)
        is_work = self.cum[d] - np.where(d > 0, self.cum[np.maximum(d - 1, 0)], 0)
        k = np.where(n > 0, self.cum[d] + n - 1, self.cum[d] - is_work + n)
        where = np.where(k < 0, -1, np.where(k >= len(self.positions), 1, 0))
        if (where < 0).any() and not self.from_first_year:
            raise ValueError("a working day before the generated span: make the span start earlier")
        return np.where(where == 0, self.positions[np.clip(k, 0, len(self.positions) - 1)], -1), where

    def add(self, d: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The n-th working day after d for n >= 1, as `WorkCalendar.add_workdays`; returns (offsets,
        known), unknown where the answer lies past the loaded calendar (offset then -1)."""
        k = self.cum[d] + np.asarray(n, dtype=np.int64) - 1
        known = k < len(self.positions)
        return np.where(known, self.positions[np.minimum(k, len(self.positions) - 1)], -1), known


def span_for(calendar: WorkCalendar, today: date, count: int) -> Span:
    """The last `count` working days up to today (today itself if it is one).

    Raises CalendarNotLoaded when the calendar does not cover them.
    """
    if today.year not in calendar.years:
        raise CalendarNotLoaded(today.year)
    last = today if calendar.is_workday(today) else calendar.add_workdays(today, -1)
    first = calendar.add_workdays(last, -(count - 1)) if count > 1 else last
    end_year = today.year
    while end_year + 1 in calendar.years:
        end_year += 1
    start_year = first.year
    while start_year - 1 in calendar.years:
        start_year -= 1
    origin = max(date(start_year, 1, 1), first - timedelta(days=LEAD_DAYS))
    length = (date(end_year, 12, 31) - origin).days + 1
    days = np.datetime64(origin, "D") + np.arange(length)
    is_work = calendar.is_workday_many(days)
    positions = np.flatnonzero(is_work).astype(np.int64)
    lead = int(np.searchsorted(positions, (first - origin).days))
    workdays = positions[lead : lead + count]
    if workdays[0] != (first - origin).days or workdays[-1] != (last - origin).days:
        raise ValueError("the working days of the span do not match the calendar")
    zone = timezone.get_current_timezone()
    utc_offsets = np.array(
        [
            datetime.combine(origin + timedelta(days=int(offset)), time(12), tzinfo=zone)
            .utcoffset()
            .total_seconds()
            for offset in workdays
        ],
        dtype=np.int64,
    )
    return Span(
        start=origin,
        workdays=workdays,
        today=(today - origin).days,
        cum=np.cumsum(is_work, dtype=np.int64),
        positions=positions,
        utc_offsets=utc_offsets,
        from_first_year=origin == date(start_year, 1, 1),
    )
