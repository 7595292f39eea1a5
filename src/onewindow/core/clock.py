"""The case clock: deadline, days used and left, state and warning level, derived from events.

Pure Python over a `WorkCalendar`. Days are counted in working days from the day after acceptance; the
deadline is the end of the N-th working day. The rules, with worked examples, are in
docs/time-limits.md; in short:

- A pause (supplement 补正, or a special procedure: hearing, inspection, testing, quarantine, appraisal,
  expert review, tendering, auction) removes from the count the working days wholly inside it: the day
  it starts and the day it ends still count, because work was done on them.
- With `supplement_restarts=True` (an item setting) the end of a supplement pause starts the count
  afresh from that day, as if the case were accepted then.
- An extension adds its days to the limit.
- While paused there is no deadline (the clock is stopped); the days left are frozen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .workdays import CalendarNotLoaded, WorkCalendar


class EventKind(StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    FINISH = "finish"


class PauseKind(StrEnum):
    SUPPLEMENT = "supplement"  # 补正
    HEARING = "hearing"  # 听证
    INSPECTION = "inspection"  # 检验
    TESTING = "testing"  # 检测
    QUARANTINE = "quarantine"  # 检疫
    APPRAISAL = "appraisal"  # 鉴定
    EXPERT_REVIEW = "expert_review"  # 专家评审
    TENDERING = "tendering"  # 招标
    AUCTION = "auction"  # 拍卖


class ClockState(StrEnum):
    NONE = "none"  # stored only: not started yet (a reading always has started)
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    OVERDUE = "overdue"
    NO_CALENDAR = "no_calendar"  # stored only: the deadline falls in a year whose calendar is not loaded


class WarningLevel(StrEnum):
    NORMAL = "normal"
    YELLOW = "yellow"
    RED = "red"


class ClockError(ValueError):
    """The events do not make a valid history (a resume without a pause, an event after finish...)."""


@dataclass(frozen=True)
class ClockEvent:
    kind: EventKind
    day: date
    pause_kind: PauseKind | None = None
    days: int = 0  # for an extension


@dataclass(frozen=True)
class ClockReading:
    limit_days: int  # the limit with extensions
    deadline: date | None  # None while paused
    used_days: int
    remaining_days: int  # negative once overdue by working days
    paused_days: int  # working days taken out of the count
    state: ClockState
    warning: WarningLevel
    finished_on: date | None = None
    finished_late: bool = False
    overdue_days: int = 0  # working days past the deadline
    yellow_on: date | None = None  # a running clock: the first day its warning is yellow


def yellow_from(calendar: WorkCalendar, deadline: date, threshold: int, *, earliest: date) -> date:
    """The first day on which at most `threshold` working days are left before `deadline`.

    The days left on day d are the working days in (d, deadline], so that day is the `threshold`-th
    working day before the deadline (the deadline itself for a threshold of 0). A day before the
    loaded calendar is before `earliest` (the acceptance) too, so the clock is yellow from the start.
    """
    if threshold <= 0:
        return deadline
    try:
        return calendar.add_workdays(deadline, -threshold)
    except CalendarNotLoaded:
        return earliest


def default_yellow_threshold(limit_days: int) -> int:
    """Yellow when at most this many working days are left: max(1, ceil(20% of the limit))."""
    return max(1, math.ceil(limit_days * 0.2))


@dataclass(frozen=True)
class _Segment:
    """A stretch of counting: working days in (after, until] count, `until` None meaning open."""

    after: date
    until: date | None


def read_clock(
    calendar: WorkCalendar,
    *,
    limit_days: int,
    accepted_on: date,
    events: list[ClockEvent] | tuple[ClockEvent, ...] = (),
    today: date,
    supplement_restarts: bool = False,
    yellow_threshold: int | None = None,
) -> ClockReading:
    """Everything about a case's time limit as of `today`, from its acceptance day and clock events.

    Events dated after `today` are ignored, so the same history read on different days replays the
    case's past.
    """
    if limit_days < 0:
        raise ClockError("the limit must not be negative")
    past = sorted((e for e in events if e.day <= today), key=lambda e: e.day)
    history = _fold(calendar, accepted_on, past, supplement_restarts)
    limit = limit_days + history.extension
    end = history.finished_on or today
    used = sum(
        calendar.workdays_between(s.after, min(s.until or end, end))
        for s in history.segments
        if s.after < end
    )
    deadline = _deadline(calendar, history.segments, limit)
    overdue = history.finished_on is None and deadline is not None and today > deadline
    if history.finished_on:
        state = ClockState.FINISHED
    elif history.paused_since:
        state = ClockState.PAUSED
    else:
        state = ClockState.OVERDUE if overdue else ClockState.RUNNING
    threshold = default_yellow_threshold(limit) if yellow_threshold is None else yellow_threshold
    if overdue:
        warning = WarningLevel.RED
    elif state != ClockState.FINISHED and limit > 0 and limit - used <= threshold:
        warning = WarningLevel.YELLOW  # an immediate item (limit 0) has no yellow stage: due the same day
    else:
        warning = WarningLevel.NORMAL
    late = deadline is not None and end > deadline
    running = state in (ClockState.RUNNING, ClockState.OVERDUE) and deadline is not None
    return ClockReading(
        limit_days=limit,
        deadline=deadline,
        used_days=used,
        remaining_days=limit - used,
        paused_days=history.paused_days,
        state=state,
        warning=warning,
        finished_on=history.finished_on,
        finished_late=bool(history.finished_on and late),
        overdue_days=calendar.workdays_between(deadline, end) if late else 0,
        yellow_on=yellow_from(calendar, deadline, threshold, earliest=accepted_on)
        if running and limit > 0
        else None,
    )


@dataclass
class _History:
    segments: list[_Segment]
    extension: int = 0
    paused_days: int = 0
    finished_on: date | None = None
    paused_since: date | None = None


def _fold(calendar, accepted_on, events, supplement_restarts) -> _History:
    """Replay the events into counting segments, checking that they make a valid history."""
    history = _History(segments=[])
    after = accepted_on
    pause: ClockEvent | None = None
    for event in events:
        if event.day < accepted_on:
            raise ClockError(f"{event.kind} on {event.day} before acceptance on {accepted_on}")
        if history.finished_on is not None:
            raise ClockError(f"{event.kind} on {event.day} after the case finished")
        if event.kind == EventKind.PAUSE:
            if pause is not None:
                raise ClockError(f"pause on {event.day} while already paused")
            if event.pause_kind is None:
                raise ClockError("a pause needs its kind")
            history.segments.append(_Segment(after, event.day))
            pause = event
        elif event.kind == EventKind.RESUME:
            if pause is None:
                raise ClockError(f"resume on {event.day} without a pause")
            if supplement_restarts and pause.pause_kind == PauseKind.SUPPLEMENT:
                history.segments.clear()  # the count starts afresh from the day the supplement arrived
                history.paused_days = 0
                after = event.day
            else:
                last_paused = event.day - timedelta(days=1)
                history.paused_days += max(0, calendar.workdays_between(pause.day, last_paused))
                after = max(pause.day, last_paused)
            pause = None
        elif event.kind == EventKind.EXTEND:
            if event.days <= 0:
                raise ClockError("an extension adds at least one day")
            history.extension += event.days
        elif event.kind == EventKind.FINISH:
            history.finished_on = event.day
    if pause is None:
        history.segments.append(_Segment(after, None))
    elif history.finished_on is None:
        history.paused_since = pause.day
    return history


def _deadline(calendar: WorkCalendar, segments: list[_Segment], limit: int) -> date | None:
    """The day the limit runs out, walking the counting segments in order; None if it stopped short."""
    left = limit
    for segment in segments:
        if left == 0:
            return segment.after  # a zero-day limit (即办件) runs out on the day counting starts
        if segment.until is None:
            return calendar.add_workdays(segment.after, left)
        available = calendar.workdays_between(segment.after, segment.until)
        if available >= left:
            return calendar.add_workdays(segment.after, left)
        left -= available
    return None
