"""The rota of office days (轮值表), pure: one session on a chosen weekday every week from a first day to
a last, the leaders taking turns in their order. A weekday that is a day off is moved to the next working
day, or dropped (a choice); a move that would reach the next week's session day is dropped instead, so no
week holds two sessions. Dropped weeks take no leader's turn: the next session goes to the leader whose
turn it was. No Django here: the working-day test is passed in."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

MOVE = "move"
DROP = "drop"

T = TypeVar("T")


@dataclass(frozen=True)
class Slot(Generic[T]):
    day: date  # when the session sits
    planned_on: date  # the weekday the rota named (the same unless moved)
    leader: T


def weekdays(first: date, last: date, weekday: int) -> list[date]:
    """Every date with `weekday` (Monday 0) from `first` to `last`, both included."""
    start = first + timedelta(days=(weekday - first.weekday()) % 7)
    return [start + timedelta(weeks=n) for n in range((last - start).days // 7 + 1)] if start <= last else []


def plan(
    first: date,
    last: date,
    weekday: int,
    leaders: Sequence[T],
    is_workday: Callable[[date], bool],
    on_day_off: str = MOVE,
) -> list[Slot[T]]:
    if not leaders:
        raise ValueError("a rota needs at least one leader")
    if on_day_off not in (MOVE, DROP):
        raise ValueError(f"on_day_off must be {MOVE!r} or {DROP!r}")
    slots: list[Slot[T]] = []
    turn = 0
    for planned in weekdays(first, last, weekday):
        day = planned
        if not is_workday(planned):
            if on_day_off == DROP:
                continue
            day = _next_workday(planned, is_workday, before=planned + timedelta(weeks=1))
            if day is None:
                continue
        slots.append(Slot(day, planned, leaders[turn % len(leaders)]))
        turn += 1
    return slots


def _next_workday(day: date, is_workday: Callable[[date], bool], *, before: date) -> date | None:
    day += timedelta(days=1)
    while day < before:
        if is_workday(day):
            return day
        day += timedelta(days=1)
    return None
