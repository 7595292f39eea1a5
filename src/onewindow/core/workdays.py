"""Working-day arithmetic over the official calendar, in pure Python (no Django).

A `WorkCalendar` is built from day records for whole years: every day of a loaded year is a working day
when it is Monday to Friday, unless a record says otherwise (a statutory holiday is off, a make-up
weekend day 调休 is on). Every query is O(1) through two precomputed arrays over the loaded span:

- `cum[i]`: how many working days there are from the first day of the span up to day i, inclusive;
- `positions[k]`: the index of the (k+1)-th working day of the span.

so `workdays_between(a, b) = cum[b] - cum[a]` and the n-th working day after `d` is
`positions[cum[d] + n - 1]`. The same arrays as NumPy vectors answer a million dates at once.

Any date in a year that is not loaded, or an answer that would need one, raises `CalendarNotLoaded`
naming the year: a deadline is never silently wrong.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

_EPOCH = np.datetime64("1970-01-01", "D")


class CalendarNotLoaded(LookupError):
    """A date, or the answer to a question, lies in a year whose calendar has not been loaded."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"the working-day calendar for {year} is not loaded")


@dataclass(frozen=True)
class DayRecord:
    """A day that differs from the Monday-to-Friday rule, or that carries a holiday name."""

    day: date
    is_workday: bool
    name: str = ""


class WorkCalendar:
    """Working days over a set of whole loaded years."""

    def __init__(self, years: Iterable[int], records: Iterable[DayRecord] = ()):
        self.years = frozenset(years)
        if not self.years:
            raise ValueError("a calendar needs at least one loaded year")
        self.first_year, self.last_year = min(self.years), max(self.years)
        self.start = date(self.first_year, 1, 1)
        self._start_ordinal = self.start.toordinal()
        span = date(self.last_year, 12, 31).toordinal() - self._start_ordinal + 1
        self._records: dict[date, DayRecord] = {}

        offsets = np.arange(span)
        weekday = (self.start.weekday() + offsets) % 7
        is_work = weekday < 5
        loaded = np.zeros(span, dtype=bool)
        for year in self.years:
            loaded[self._index(date(year, 1, 1)) : self._index(date(year, 12, 31)) + 1] = True
        for record in records:
            if record.day.year not in self.years:
                raise ValueError(f"record for {record.day} lies outside the loaded years")
            is_work[self._index(record.day)] = record.is_workday
            self._records[record.day] = record
        is_work &= loaded  # a day of an unloaded year counts for nothing; queries touching it raise

        self._is_work_np = is_work
        self._cum_np = np.cumsum(is_work, dtype=np.int64)
        self._positions_np = np.flatnonzero(is_work).astype(np.int64)
        # Unloaded days before and including each index: a range crosses a gap iff this changes.
        self._gaps_np = np.cumsum(~loaded, dtype=np.int64)
        # Python lists for the scalar path: list indexing is several times faster than NumPy's.
        self._is_work = is_work.tolist()
        self._cum = self._cum_np.tolist()
        self._positions = self._positions_np.tolist()
        self._gaps = self._gaps_np.tolist()
        self._span = span

    # --- scalar path -------------------------------------------------------------------------------

    def is_workday(self, d: date) -> bool:
        return self._is_work[self._loaded_index(d)]

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]; negative when b is before a."""
        i, j = self._loaded_index(a), self._loaded_index(b)
        lo, hi = (i, j) if i <= j else (j, i)
        if self._gaps[hi] != self._gaps[lo]:
            raise CalendarNotLoaded(self._first_gap_year_after(lo))
        return self._cum[j] - self._cum[i]

    def add_workdays(self, d: date, n: int) -> date:
        """The n-th working day strictly after d (n = 0: d itself if it is a working day, else the next;
        n < 0: the |n|-th working day strictly before d)."""
        i = self._loaded_index(d)
        k = self._cum[i] + n - 1 if n > 0 else self._cum[i] - self._is_work[i] + n
        if k < 0:
            raise CalendarNotLoaded(self.first_year - 1)
        if k >= len(self._positions):
            raise CalendarNotLoaded(self.last_year + 1)
        j = self._positions[k]
        lo, hi = (i, j) if i <= j else (j, i)
        if self._gaps[hi] != self._gaps[lo]:
            raise CalendarNotLoaded(self._first_gap_year_after(lo))
        return date.fromordinal(self._start_ordinal + j)

    def next_workday(self, d: date) -> date:
        """The first working day strictly after d."""
        return self.add_workdays(d, 1)

    def record(self, d: date) -> DayRecord | None:
        """The holiday or make-up record for a day, if it has one."""
        self._loaded_index(d)
        return self._records.get(d)

    def records_in(self, year: int) -> list[DayRecord]:
        if year not in self.years:
            raise CalendarNotLoaded(year)
        return sorted((r for r in self._records.values() if r.day.year == year), key=lambda r: r.day)

    # --- vectorised path ---------------------------------------------------------------------------

    def add_workdays_many(self, days: np.ndarray, n: np.ndarray) -> np.ndarray:
        """`add_workdays` for arrays of dates (datetime64[D]) and counts; returns datetime64[D]."""
        i = self._indices(days)
        n = np.asarray(n, dtype=np.int64)
        is_work = self._is_work_np[i].astype(np.int64)
        k = np.where(n > 0, self._cum_np[i] + n - 1, self._cum_np[i] - is_work + n)
        if k.size and (k.min() < 0 or k.max() >= self._positions_np.size):
            bad = int(np.flatnonzero((k < 0) | (k >= self._positions_np.size))[0])
            raise CalendarNotLoaded(self.first_year - 1 if k[bad] < 0 else self.last_year + 1)
        j = self._positions_np[k]
        self._check_no_gap(i, j)
        return (self._start_ordinal - date(1970, 1, 1).toordinal() + j).astype("datetime64[D]")

    def workdays_between_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        i, j = self._indices(a), self._indices(b)
        self._check_no_gap(i, j)
        return self._cum_np[j] - self._cum_np[i]

    def is_workday_many(self, days: np.ndarray) -> np.ndarray:
        return self._is_work_np[self._indices(days)]

    # --- internals ---------------------------------------------------------------------------------

    def _index(self, d: date) -> int:
        return d.toordinal() - self._start_ordinal

    def _loaded_index(self, d: date) -> int:
        if d.year not in self.years:
            raise CalendarNotLoaded(d.year)
        return d.toordinal() - self._start_ordinal

    def _indices(self, days: np.ndarray) -> np.ndarray:
        days = np.asarray(days, dtype="datetime64[D]")
        i = (days - _EPOCH).astype(np.int64) - (self._start_ordinal - date(1970, 1, 1).toordinal())
        outside = (i < 0) | (i >= self._span)
        if outside.any():
            raise CalendarNotLoaded(int(str(days[np.flatnonzero(outside)[0]])[:4]))
        if self._gaps[-1]:
            unloaded = (self._gaps_np[i] - np.where(i > 0, self._gaps_np[np.maximum(i - 1, 0)], 0)) > 0
            if unloaded.any():
                raise CalendarNotLoaded(self._year_of(int(i[np.flatnonzero(unloaded)[0]])))
        return i

    def _check_no_gap(self, i: np.ndarray, j: np.ndarray) -> None:
        if not self._gaps[-1]:
            return
        crossed = self._gaps_np[np.maximum(i, j)] != self._gaps_np[np.minimum(i, j)]
        if crossed.any():
            raise CalendarNotLoaded(
                self._first_gap_year_after(int(np.minimum(i, j)[np.flatnonzero(crossed)[0]]))
            )

    def _year_of(self, index: int) -> int:
        return date.fromordinal(self._start_ordinal + index).year

    def _first_gap_year_after(self, index: int) -> int:
        year = self._year_of(index)
        missing = sorted(set(range(self.first_year, self.last_year + 1)) - self.years)
        after = bisect_right(missing, year)
        return missing[after] if after < len(missing) else year + 1


def calendar_from_exceptions(
    years: Iterable[int], exceptions: Mapping[date, tuple[bool, str]]
) -> WorkCalendar:
    """Build from {day: (is_workday, name)}, the shape the database and chinesecalendar give."""
    return WorkCalendar(years, (DayRecord(d, w, name) for d, (w, name) in exceptions.items()))


def date_range(start: date, end: date) -> Iterable[date]:
    """Every day from start to end inclusive."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)
