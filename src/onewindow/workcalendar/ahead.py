"""Next year's calendar, ahead of time. The State Council publishes next year's holidays late in the
year; a deadline that reaches a year not loaded waits (never a wrong day). From 1 November
(`settings.CALENDAR_AHEAD_FROM`) until next year is loaded, and whenever rows already wait, the admin
home and the calendar page say so with the count of open rows waiting and a link to the import; the
worker tells the admins once a day (`notices.sweeps`).

Which rows wait is known to the time-limited kinds, above this floor: each registers a counter here
(`timelimits.registry.register`), as each registers its recompute with the import.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from .models import CalendarYear

# label (a lazy plural noun), count of open rows whose deadline waits for a year not loaded
_waiting: dict[str, tuple[object, Callable[[], int]]] = {}


def register_waiting(name: str, label, count: Callable[[], int]) -> None:
    _waiting[name] = (label, count)


def unregister_waiting(name: str) -> None:
    _waiting.pop(name, None)


@dataclass(frozen=True)
class Ahead:
    """What the warning says: the year to load, and how many open rows of each kind wait for it."""

    year: int
    waiting: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(n for _label, n in self.waiting)


def ahead(on: date) -> Ahead | None:
    """The warning to show on `on`, or None when there is nothing to say."""
    loaded = set(CalendarYear.objects.values_list("year", flat=True))
    waiting = [(str(label), count()) for label, count in _waiting.values()]
    if on.year not in loaded:
        year = on.year
    elif on.year + 1 not in loaded:
        year = on.year + 1
    else:
        year = max(loaded) + 1
    due = year <= on.year or (year == on.year + 1 and on >= date(on.year, *settings.CALENDAR_AHEAD_FROM))
    if not due and not any(n for _label, n in waiting):
        return None
    return Ahead(year=year, waiting=waiting)
