"""The stored clock figures of cases and tasks: recomputed from the case's events at every clock event,
refreshed in bulk as days pass, and recomputed after a calendar change.

The replay (`reading_for`) is the truth; `refresh_due` is the daily shortcut for running clocks, which
needs only the stored deadline: with no event since the last reading, the deadline cannot have moved,
so the days left are the working days from today to the deadline.
"""

from datetime import date

from django.db.models import Case as DbCase
from django.db.models import Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from onewindow.core.clock import (
    ClockEvent,
    ClockReading,
    EventKind,
    PauseKind,
    read_clock,
)
from onewindow.core.workdays import CalendarNotLoaded, WorkCalendar
from onewindow.workcalendar.services import current_calendar, register_recomputer

from .choices import OPEN_STATUSES, ClockState, TaskStatus, Warning
from .models import Case, CaseEvent, CaseTask

_WARNING_ORDER = [Warning.NORMAL, Warning.YELLOW, Warning.RED]
_RUNNING = (ClockState.RUNNING, ClockState.OVERDUE)


def today() -> date:
    """The day in Asia/Shanghai; tests replace it to replay a case's weeks."""
    return timezone.localdate()


def clock_events(events) -> list[ClockEvent]:
    """The case-wide clock events (task decisions excluded) in the shape of the pure core."""
    return [
        ClockEvent(EventKind(e.clock), e.day, PauseKind(e.pause_kind) if e.pause_kind else None, e.days)
        for e in events
        if e.clock and e.task_id is None
    ]


def reading_for(case: Case, events, calendar: WorkCalendar, on: date) -> ClockReading:
    return read_clock(
        calendar,
        limit_days=case.limit_days,
        accepted_on=case.accepted_on,
        events=clock_events(events),
        today=on,
        supplement_restarts=case.supplement_restarts,
        yellow_threshold=case.yellow_threshold,
    )


def task_reading(case: Case, task: CaseTask, events, calendar: WorkCalendar, on: date) -> ClockReading:
    """A task runs on its own limit, stops with the case's pauses, and finishes with its decision."""
    shared = [e for e in clock_events(events) if e.kind in (EventKind.PAUSE, EventKind.RESUME)]
    if task.finished_on:
        shared = [e for e in shared if e.day <= task.finished_on]
        if shared and shared[-1].kind == EventKind.PAUSE:
            shared.append(ClockEvent(EventKind.RESUME, task.finished_on))
        shared.append(ClockEvent(EventKind.FINISH, task.finished_on))
    return read_clock(
        calendar,
        limit_days=task.limit_days,
        accepted_on=case.accepted_on,
        events=shared,
        today=on,
        supplement_restarts=case.supplement_restarts,
    )


def _or_unknown(read) -> ClockReading | None:
    """The reading, or None when the deadline falls in a year whose calendar is not loaded yet: the
    case is then stored without a deadline (never a wrong one) until the year is imported."""
    try:
        return read()
    except CalendarNotLoaded:
        return None


def _apply(target, reading: ClockReading | None, on: date) -> None:
    if reading is None:
        target.deadline = target.remaining_days = None
        target.warning, target.finished_late = Warning.NORMAL, False
        if isinstance(target, Case):
            target.clock_state, target.clock_read_on = ClockState.NO_CALENDAR, on
        return
    target.deadline = reading.deadline
    target.remaining_days = reading.remaining_days
    target.warning = reading.warning.value
    target.finished_late = reading.finished_late
    if isinstance(target, Case):
        target.clock_state = reading.state.value
        target.clock_read_on = on
        target.finished_on = reading.finished_on


def worst(*warnings: str) -> str:
    return max(warnings, key=_WARNING_ORDER.index, default=Warning.NORMAL)


def refresh(case: Case, *, calendar: WorkCalendar | None = None, on: date | None = None) -> None:
    """Recompute and save the clock figures of a case and its tasks from its events."""
    if case.accepted_on is None:
        return
    calendar = calendar or current_calendar()
    on = on or today()
    events = list(CaseEvent.objects.filter(case=case).order_by("at", "pk"))
    _apply(case, _or_unknown(lambda: reading_for(case, events, calendar, on)), on)
    task_warnings = []
    for task in CaseTask.objects.filter(case=case):
        _apply(task, _or_unknown(lambda task=task: task_reading(case, task, events, calendar, on)), on)
        task.save(update_fields=["deadline", "remaining_days", "warning", "finished_late"])
        if task.status == TaskStatus.OPEN:
            task_warnings.append(task.warning)
    if case.status in OPEN_STATUSES:
        case.warning = worst(case.warning, *task_warnings)  # a late department turns the whole case
    if _WARNING_ORDER.index(case.warning) < _WARNING_ORDER.index(case.warned):
        case.warned = case.warning  # a new deadline (resumed, extended): its warnings are news again
    Case.objects.filter(pk=case.pk).update(
        warned=case.warned,
        deadline=case.deadline,
        remaining_days=case.remaining_days,
        warning=case.warning,
        clock_state=case.clock_state,
        clock_read_on=case.clock_read_on,
        finished_on=case.finished_on,
        finished_late=case.finished_late,
    )


def _warning_sql(on: date, deadline: date, left: int, limit, own_threshold=None, *also):
    """Red past the deadline, else yellow within the threshold (the item's, else max(1, ceil(20%) of
    the limit)), else normal; `also` are (condition, level) pairs that can make it worse (open tasks)."""
    if on > deadline:
        return Value(Warning.RED)
    threshold = Greatest(Value(1), (limit + Value(4)) / Value(5))  # ceil(limit / 5) in integers
    if own_threshold is not None:
        threshold = Coalesce(own_threshold, threshold)
    escalations = [When(condition, then=Value(level)) for condition, level in also if level == Warning.RED]
    yellows = [condition for condition, level in also if level == Warning.YELLOW]
    yellow = GreaterThanOrEqual(threshold, Value(left))
    for condition in yellows:
        yellow = Q(yellow) | Q(condition)
    return DbCase(*escalations, When(yellow, then=Value(Warning.YELLOW)), default=Value(Warning.NORMAL))


def _open_task_with(level: str):
    return Exists(CaseTask.objects.filter(case_id=OuterRef("pk"), status=TaskStatus.OPEN, warning=level))


def refresh_due(*, on: date | None = None) -> int:
    """Bring every open case read before `on` up to `on`; returns how many cases changed.

    Set-based: with no event since the last reading a running clock's deadline cannot have moved, so
    every running case with the same deadline gets the same days left; one UPDATE per distinct deadline
    (a few hundred) instead of a row at a time. Each UPDATE is idempotent (it sets values, and re-checks
    `clock_read_on` on the rows it locks), so two workers running it at once change each row once.
    The worker runs it every few minutes; only the first run of a day finds anything to do.
    """
    calendar = current_calendar()
    on = on or today()
    running = _RUNNING
    open_tasks = CaseTask.objects.filter(
        status=TaskStatus.OPEN,
        deadline__isnull=False,
        case__status__in=OPEN_STATUSES,
        case__clock_read_on__lt=on,
        case__clock_state__in=running,
    )
    for deadline in open_tasks.values_list("deadline", flat=True).distinct().order_by():
        left = _days_left(calendar, deadline, on)
        open_tasks.filter(deadline=deadline).update(
            remaining_days=left, warning=_warning_sql(on, deadline, left, F("limit_days"))
        )
    stale = Case.objects.filter(status__in=OPEN_STATUSES, clock_read_on__lt=on)
    stale_running = stale.filter(clock_state__in=running, deadline__isnull=False)
    changed = 0
    for deadline in stale_running.values_list("deadline", flat=True).distinct().order_by():
        left = _days_left(calendar, deadline, on)
        own_red = on > deadline
        changed += stale_running.filter(deadline=deadline).update(
            remaining_days=left,
            clock_state=ClockState.OVERDUE if own_red else ClockState.RUNNING,
            clock_read_on=on,
            warning=_warning_sql(
                on,
                deadline,
                left,
                F("limit_days") + F("extended_days"),
                F("yellow_threshold"),
                (_open_task_with(Warning.RED), Warning.RED),
                (_open_task_with(Warning.YELLOW), Warning.YELLOW),
            ),
        )
    # Paused, not started, or waiting for a calendar year: nothing counts; only the reading date moves.
    changed += stale.update(clock_read_on=on)
    return changed


def days_left(row: Case | CaseTask, on: date | None = None) -> int | None:
    """The working days a case or task has left today (negative: days overdue).

    A running clock's figure follows from its stored deadline in O(1), so the daily sweep need not
    rewrite every running row; a paused, finished or not-yet-started clock keeps its stored figure.
    """
    stopped = row.status != TaskStatus.OPEN if isinstance(row, CaseTask) else row.clock_state not in _RUNNING
    if row.deadline is None or stopped:
        return row.remaining_days
    try:
        return _days_left(current_calendar(), row.deadline, on or today())
    except CalendarNotLoaded:
        return row.remaining_days


def _days_left(calendar: WorkCalendar, deadline: date, on: date) -> int:
    """Working days from `on` to the deadline; negative once it has passed (days overdue)."""
    if on > deadline:
        return -calendar.workdays_between(deadline, on)
    return calendar.workdays_between(on, deadline)


def recompute_after_calendar_change(calendar: WorkCalendar, years: set[int]) -> int:
    """Replay every open case (their deadlines may cross a changed year); finished ones keep theirs."""
    count = 0
    on = today()
    for case in Case.objects.filter(status__in=OPEN_STATUSES, accepted_on__isnull=False).iterator(
        chunk_size=500
    ):
        refresh(case, calendar=calendar, on=on)
        count += 1
    return count


register_recomputer("cases", recompute_after_calendar_change)
