"""The stored clock figures of cases and tasks: recomputed from the case's events at every clock event,
brought up to date by the daily sweep, and recomputed after a calendar change.

The replay (`reading_for`) is the truth, stored as of `Case.clock_read_on`. With no event since, a
running clock's figures on a later day follow from what is stored (tests/core/test_clock.py proves it):
the days left are the stored figure less the working days since (`days_left`), the warning is yellow
from `yellow_on` and red after `deadline`. So the sweep (`refresh_due`) writes only the rows whose
warning changes that day.
"""

from datetime import date

from django.db.models import Exists, OuterRef
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

from . import alerts
from .choices import OPEN_STATUSES, ClockState, TaskStatus, Warning
from .models import OPEN_CASE, OPEN_RED_CASE, OPEN_TASK, PAUSED_CASE, Case, CaseEvent, CaseTask

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


def _apply(target, reading: ClockReading | None, calendar: WorkCalendar, on: date) -> None:
    if reading is None:
        target.deadline = target.remaining_days = target.yellow_on = target.due_on = None
        target.warning, target.finished_late = Warning.NORMAL, False
        if isinstance(target, Case):
            target.clock_state, target.clock_read_on = ClockState.NO_CALENDAR, on
        return
    target.deadline = reading.deadline
    target.remaining_days = reading.remaining_days
    target.warning = reading.warning.value
    target.finished_late = reading.finished_late
    target.yellow_on = reading.yellow_on
    target.due_on = due_on(calendar, reading.deadline, reading.remaining_days, on)
    if isinstance(target, Case):
        target.clock_state = reading.state.value
        target.clock_read_on = on
        target.finished_on = reading.finished_on


def due_on(calendar: WorkCalendar, deadline: date | None, remaining: int | None, on: date) -> date | None:
    """The inbox's sort day: the deadline of a running clock; for a stopped one, the day its frozen
    days left would run out if it went on from `on` (moved each day by the sweep)."""
    if deadline is not None or remaining is None:
        return deadline
    try:
        return calendar.add_workdays(on, remaining)
    except CalendarNotLoaded:
        return None


def worst(*warnings: str) -> str:
    return max(warnings, key=_WARNING_ORDER.index, default=Warning.NORMAL)


def days_left(row: Case | CaseTask, on: date | None = None) -> int | None:
    """The working days a case or task has left on `on` (negative: days overdue), today by default.

    The stored figure is as of the case's `clock_read_on`; a running clock has used every working day
    since, so the figure today is one subtraction (O(1) on the calendar) and the daily sweep need not
    rewrite running rows. A paused, finished or not-yet-started clock keeps its stored figure.
    """
    case = row.case if isinstance(row, CaseTask) else row
    stopped = row.status != TaskStatus.OPEN if isinstance(row, CaseTask) else row.clock_state not in _RUNNING
    if row.deadline is None or row.remaining_days is None or stopped or case.clock_read_on is None:
        return row.remaining_days
    try:
        return row.remaining_days - current_calendar().workdays_between(case.clock_read_on, on or today())
    except CalendarNotLoaded:
        return row.remaining_days


def refresh(case: Case, *, calendar: WorkCalendar | None = None, on: date | None = None) -> None:
    """Recompute and save the clock figures of a case and its tasks from its events."""
    if case.accepted_on is None:
        return
    calendar = calendar or current_calendar()
    on = on or today()
    events = list(CaseEvent.objects.filter(case=case).order_by("at", "pk"))
    _apply(case, _or_unknown(lambda: reading_for(case, events, calendar, on)), calendar, on)
    task_warnings = []
    for task in CaseTask.objects.filter(case=case):
        reading = _or_unknown(lambda task=task: task_reading(case, task, events, calendar, on))
        _apply(task, reading, calendar, on)
        task.save(
            update_fields=["deadline", "remaining_days", "warning", "finished_late", "yellow_on", "due_on"]
        )
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
        yellow_on=case.yellow_on,
        due_on=case.due_on,
        warning=case.warning,
        clock_state=case.clock_state,
        clock_read_on=case.clock_read_on,
        finished_on=case.finished_on,
        finished_late=case.finished_late,
    )


def refresh_due(*, on: date | None = None) -> int:
    """Bring the stored warnings of open cases and tasks up to `on`, announcing each new one; returns
    how many rows changed.

    Only the rows whose warning changes are written (thousands a day, not the million open cases): a
    running clock turns yellow on its `yellow_on` and red after its `deadline`, and its days left are
    read from the stored figure (`days_left`); a late task turns its case. A stopped clock's figures are
    frozen; only its sort day `due_on` moves to count from `on`. Every step selects by the state it
    changes, so it is idempotent: two workers at once, or a run after a crash half-way, change and
    announce each row once. The worker runs it every minute; only the first run of a day finds work.
    """
    calendar = current_calendar()
    on = on or today()
    calendar.is_workday(on)  # a day outside the loaded calendar fails the sweep, so someone imports it
    open_tasks = CaseTask.objects.filter(OPEN_TASK)
    changed = open_tasks.filter(warning__in=[Warning.NORMAL, Warning.YELLOW], deadline__lt=on).update(
        warning=Warning.RED
    )
    changed += open_tasks.filter(warning=Warning.NORMAL, yellow_on__lte=on).update(warning=Warning.YELLOW)

    # Each condition below leads with the warning it raises from, so its index yields exactly the rows
    # that change, batch after batch.
    below_red = Case.objects.filter(OPEN_CASE, warning__in=[Warning.NORMAL, Warning.YELLOW])
    normal = Case.objects.filter(OPEN_CASE, warning=Warning.NORMAL)
    running = {"clock_state": ClockState.RUNNING}
    changed += alerts.raise_warnings(
        below_red.filter(deadline__lt=on, **running), Warning.RED, on=on, clock_state=ClockState.OVERDUE
    )
    changed += Case.objects.filter(OPEN_RED_CASE, deadline__lt=on, **running).update(
        clock_state=ClockState.OVERDUE  # red already through a task
    )
    changed += alerts.raise_warnings(below_red.filter(_open_task_with(Warning.RED)), Warning.RED, on=on)
    changed += alerts.raise_warnings(normal.filter(yellow_on__lte=on, **running), Warning.YELLOW, on=on)
    changed += alerts.raise_warnings(normal.filter(_open_task_with(Warning.YELLOW)), Warning.YELLOW, on=on)
    return changed + _move_stopped_due_days(calendar, on)


def _open_task_with(level: str) -> Exists:
    return Exists(CaseTask.objects.filter(OPEN_TASK, case_id=OuterRef("pk"), warning=level))


def _move_stopped_due_days(calendar: WorkCalendar, on: date) -> int:
    """Paused clocks sort by the day their frozen days left would run out from today: one UPDATE per
    distinct figure (a few dozen), touching only the rows not yet moved."""
    changed = 0
    stopped_tasks = CaseTask.objects.filter(OPEN_TASK, deadline__isnull=True)
    for model, stopped in ((Case, Case.objects.filter(OPEN_CASE & PAUSED_CASE)), (CaseTask, stopped_tasks)):
        figures = stopped.exclude(remaining_days__isnull=True).values_list("remaining_days", flat=True)
        for left in figures.distinct().order_by():
            day = due_on(calendar, None, left, on)
            moving = stopped.filter(remaining_days=left).exclude(due_on=day).values("pk")
            changed += model.objects.filter(pk__in=moving).update(due_on=day)
    return changed


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
