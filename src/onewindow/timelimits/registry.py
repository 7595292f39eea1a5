"""The registered time-limited kinds: what the one sweep and the calendar import work through."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from onewindow.core.workdays import WorkCalendar
from onewindow.workcalendar.ahead import register_waiting, unregister_waiting
from onewindow.workcalendar.services import register_recomputer, unregister_recomputer

from . import reading
from .choices import ClockState

# Tell people of the rows (claimed, with their new `warning`) that turned yellow or red on a day.
Announcer = Callable[[list, date], None]


@dataclass(frozen=True)
class TimeLimitKind:
    """One time-limited model and how the sweep and the calendar import treat its rows.

    open: the rows whose clock still matters (on someone's desk); the sweep looks at no other.
    recompute: replays every open row after a calendar import and returns how many it refreshed; None
        when another kind's recompute refreshes these rows (a task is replayed with its case).
    announce: tells people of the rows that turned yellow or red (claimed under a lock, so exactly
        once); None when nobody is told of this kind directly (a late task turns its case, which is told).
    announce_fields: the columns `announce` reads from the claimed rows.
    turned_by: a condition raising a row to a level because related rows reached it (a case is red
        when one of its open tasks is).
    """

    name: str
    model: type
    open: Q
    recompute: Callable[[WorkCalendar, date], int] | None = None
    announce: Announcer | None = None
    announce_fields: tuple[str, ...] = ("pk", "warning")
    turned_by: Callable[[str], Q] | None = None
    running: Q = field(default_factory=lambda: Q(clock_state=ClockState.RUNNING))
    paused: Q = field(default_factory=lambda: Q(clock_state=ClockState.PAUSED))


_KINDS: dict[str, TimeLimitKind] = {}


def register(kind: TimeLimitKind) -> None:
    """Register a kind. The sweep visits kinds in registration order, so a kind that `turned_by` reads
    (tasks) registers before the kind it turns (cases). Its recompute joins the calendar import, and its
    open rows waiting for a calendar are counted in the calendar's warning (`workcalendar.ahead`)."""
    _KINDS[kind.name] = kind
    waiting = kind.model.objects.filter(kind.open, clock_state=ClockState.NO_CALENDAR)
    register_waiting(kind.name, kind.model._meta.verbose_name_plural, waiting.count)
    if kind.recompute is not None:
        recompute = kind.recompute
        register_recomputer(kind.name, lambda calendar, years: recompute(calendar, reading.today()))


def unregister(name: str) -> None:
    _KINDS.pop(name, None)
    unregister_recomputer(name)
    unregister_waiting(name)


def kinds() -> list[TimeLimitKind]:
    return list(_KINDS.values())
