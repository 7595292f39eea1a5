"""The days of a generated workload as lookup arrays, so a million deadlines cost a few array operations.

Every day is a calendar offset from the first generated working day. Over the span from that day to the
end of the last loaded year (no gap) the arrays hold, as `core.workdays.WorkCalendar` does, the running
count of working days and the offset of each working day; they are filled from the calendar's own
`is_workday_many`. An answer that would need a day past the span (a year not loaded) is flagged, never
guessed: the case is then stored as the services store it, waiting for the calendar.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
from django.utils import timezone

from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar

_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class Span:
    start: date  # calendar offset 0: the first generated working day
    workdays: (
        np.ndarray
    )  # offsets of the generated working days, oldest first; the last is on or before today
    today: int  # offset of today (the day the clocks are read)
    cum: np.ndarray  # working days in [0, k]
    positions: np.ndarray  # offsets of all working days of the span
    utc_offsets: np.ndarray  # seconds east of UTC at noon of each generated working day

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
    length = (date(end_year, 12, 31) - first).days + 1
    days = np.datetime64(first, "D") + np.arange(length)
    is_work = calendar.is_workday_many(days)
    positions = np.flatnonzero(is_work).astype(np.int64)
    workdays = positions[:count]
    if workdays[-1] != (last - first).days:
        raise ValueError("the working days of the span do not match the calendar")
    zone = timezone.get_current_timezone()
    utc_offsets = np.array(
        [
            datetime.combine(first + timedelta(days=int(offset)), time(12), tzinfo=zone)
            .utcoffset()
            .total_seconds()
            for offset in workdays
        ],
        dtype=np.int64,
    )
    return Span(
        start=first,
        workdays=workdays,
        today=(today - first).days,
        cum=np.cumsum(is_work, dtype=np.int64),
        positions=positions,
        utc_offsets=utc_offsets,
    )
